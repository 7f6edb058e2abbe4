/** What the regions module's routes answer (TypeBox schemas and their static types, shared with the web). */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable } from '../platform/contract.ts';

/** GeoJSON geometry as stored (Polygon or MultiPolygon after import); not checked further on the way out. */
export const Geometry = Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) });
export type Geometry = Static<typeof Geometry>;

export const RegionSummary = Type.Object({
  code: Type.String(), scope: Type.String(), parentCode: Nullable(Type.String()), level: Type.String(), kind: Nullable(Type.String()),
  name: Type.String(), nameEn: Nullable(Type.String()), vintage: Type.Integer(), households: Nullable(Type.Integer()),
  centerLon: Nullable(Type.Number()), centerLat: Nullable(Type.Number()),
});
export type RegionSummary = Static<typeof RegionSummary>;

export const RegionDetail = Type.Interface([RegionSummary], {
  geometry: Nullable(Geometry),
  minLon: Nullable(Type.Number()), minLat: Nullable(Type.Number()), maxLon: Nullable(Type.Number()), maxLat: Nullable(Type.Number()),
  createdAt: DateTime, updatedAt: DateTime,
});
export type RegionDetail = Static<typeof RegionDetail>;

export const RegionFeature = Type.Object({ type: Type.Literal('Feature'), id: Type.String(), properties: RegionSummary, geometry: Nullable(Geometry) });
export type RegionFeature = Static<typeof RegionFeature>;
export const RegionFeatureCollection = Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(RegionFeature) });
export type RegionFeatureCollection = Static<typeof RegionFeatureCollection>;

export const Place = Type.Object({ code: Type.String(), name: Type.String(), township: Type.String(), lon: Nullable(Type.Number()), lat: Nullable(Type.Number()) });
export type Place = Static<typeof Place>;

export const BaseMapRegion = Type.Object({
  code: Type.String(), level: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()),
  centerLon: Nullable(Type.Number()), centerLat: Nullable(Type.Number()), geometry: Nullable(Geometry),
});
export type BaseMapRegion = Static<typeof BaseMapRegion>;

export const Placement = Type.Object({
  villageCode: Nullable(Type.String()), gridCode: Nullable(Type.String()), microgridCode: Nullable(Type.String()),
  lon: Type.Number(), lat: Type.Number(), townshipCode: Nullable(Type.String()), names: Type.Record(Type.String(), Type.String()),
});
export type Placement = Static<typeof Placement>;

export const ImportReport = Type.Object({
  dryRun: Type.Boolean(), created: Type.Integer(), updated: Type.Integer(),
  overlaps: Type.Array(Type.Object({ a: Type.String(), b: Type.String() })),
  gaps: Type.Array(Type.Object({ parentCode: Type.String(), coveredPct: Type.Number(), uncoveredKm2: Type.Number() })),
});
export type ImportReport = Static<typeof ImportReport>;
