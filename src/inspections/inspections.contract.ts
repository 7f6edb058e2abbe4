/** What the inspections module's routes answer (TypeBox schemas and their static types, shared with the web). */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable } from '../platform/contract.ts';
import { AssetView } from '../sensors/index.ts';

export const InspectionItem = Type.Object({
  inspectionId: Type.String(), item: Type.String(), name: Type.String(), nameEn: Type.String(),
  result: Nullable(Type.Union([Type.Literal('ok'), Type.Literal('failed')])), note: Nullable(Type.String()), media: Type.Array(Type.String()),
  checkedAt: Nullable(DateTime), caseId: Nullable(Type.String()),
});
export type InspectionItem = Static<typeof InspectionItem>;

/** [lon, lat, ms] points of the walk (WGS-84). */
const Track = Type.Array(Type.Tuple([Type.Number(), Type.Number(), Type.Number()]));

/** An inspection with its checklist, its walk and the reservoir as the monitoring screen shows it (null outside the caller's area). */
export const Inspection = Type.Object({
  id: Type.String(), assetId: Type.String(), inspectorId: Type.String(), regionCode: Type.String(), state: Type.String(),
  startedAt: DateTime, finishedAt: Nullable(DateTime), track: Track, note: Nullable(Type.String()),
  asset: Nullable(AssetView), items: Type.Array(InspectionItem),
});
export type Inspection = Static<typeof Inspection>;

export const InspectionSummary = Type.Object({
  id: Type.String(), assetId: Type.String(), inspectorId: Type.String(), regionCode: Type.String(), state: Type.String(),
  startedAt: DateTime, finishedAt: Nullable(DateTime), failed: Type.Integer({ description: 'items found failed' }), points: Type.Integer({ description: 'GPS points of the walk' }),
});
export type InspectionSummary = Static<typeof InspectionSummary>;

export const TrackAnswer = Type.Object({ points: Type.Integer() });
export type TrackAnswer = Static<typeof TrackAnswer>;

export const ItemCase = Type.Object({ caseId: Type.String(), no: Type.Optional(Type.String()), created: Type.Boolean() });
export type ItemCase = Static<typeof ItemCase>;
