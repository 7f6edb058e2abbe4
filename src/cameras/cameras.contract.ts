/**
 * What the cameras module's routes answer (TypeBox schemas and their static types, shared with the
 * web). The event push (POST /api/v1/cameras/:token/events) answers cameras: its `{ taken, heartbeat,
 * refused }` is declared here too.
 */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable } from '../platform/contract.ts';

export const PushTaken = Type.Object({ taken: Type.Integer(), heartbeat: Type.Boolean(), refused: Type.Array(Type.String()) });
export type PushTaken = Static<typeof PushTaken>;

export const CameraView = Type.Object({
  id: Type.String(), name: Type.String(), vendor: Type.String(), regionCode: Type.String(), lon: Type.Number(), lat: Type.Number(),
  view: Nullable(Type.String()), speaker: Type.Boolean(), capabilities: Type.Array(Type.String()), tokenId: Type.String(),
  state: Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('never')]), lastEventAt: Nullable(DateTime),
  episodes30d: Type.Integer(), falsePositiveRate: Nullable(Type.Number({ description: 'of the episodes staff marked either way, the share they called false' })),
});
export type CameraView = Static<typeof CameraView>;

/** A new camera: its token is in this answer only. */
export const NewCamera = Type.Object({ id: Type.String(), token: Type.String(), name: Type.String(), regionCode: Type.String() });
export type NewCamera = Static<typeof NewCamera>;

export const CameraAction = Type.Object({ kind: Type.String(), ok: Type.Boolean(), at: DateTime, detail: Nullable(Type.String()) });
export type CameraAction = Static<typeof CameraAction>;

export const EpisodeView = Type.Object({
  id: Type.String(), cameraId: Type.String(), camera: Type.String(), channel: Type.Integer(), category: Type.String(),
  openedAt: DateTime, lastAt: DateTime, closedAt: Nullable(DateTime), detections: Type.Integer(), maxConfidence: Type.Number(),
  action: Type.String(), caseId: Nullable(Type.String()), snapshot: Nullable(Type.String({ description: 'media id' })),
  falsePositive: Nullable(Type.Boolean()), actions: Type.Array(CameraAction),
});
export type EpisodeView = Static<typeof EpisodeView>;

export const EpisodeMark = Type.Object({ id: Type.String(), falsePositive: Type.Boolean() });
export type EpisodeMark = Static<typeof EpisodeMark>;

export const Cleaning = Type.Object({
  organisation: Nullable(Type.String()), villageCode: Type.String(), village: Type.String(), bins: Type.Integer(), done: Type.Integer(),
  medianMinutes: Nullable(Type.Number()), p90Minutes: Nullable(Type.Number()), onTimeRate: Nullable(Type.Number()),
});
export type Cleaning = Static<typeof Cleaning>;

export const CameraPolicy = Type.Object({
  minConfidence: Type.Number(), triggerAfterSeconds: Type.Number(), triggerAfterCount: Type.Integer(), silenceSeconds: Type.Number(),
  cooldownSeconds: Type.Number(),
  action: Type.Union([Type.Literal('warn_then_case'), Type.Literal('notify_and_case'), Type.Literal('case'), Type.Literal('none')]),
  severity: Type.Union([Type.Literal('normal'), Type.Literal('urgent')]), clip: Type.String(), graceSeconds: Type.Number(),
  quietHours: Type.Tuple([Type.Integer(), Type.Integer()]), repeatCap: Type.Integer(),
  badPicture: Type.Union([Type.Literal('keep'), Type.Literal('refuse')]),
});
export type CameraPolicy = Static<typeof CameraPolicy>;

/** A category's policy as applied (built-in + overrides) and the administrators' overrides. */
export const PolicyRow = Type.Object({ categoryCode: Type.String(), policy: CameraPolicy, overrides: Type.Partial(CameraPolicy) });
export type PolicyRow = Static<typeof PolicyRow>;
