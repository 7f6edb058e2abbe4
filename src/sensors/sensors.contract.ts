/**
 * What the sensors module's console routes answer (TypeBox schemas and their static types, shared with
 * the web). The device ingest route (POST /api/v1/:token/telemetry) answers devices, ThingsBoard-style:
 * its `{ stored, refused }` is declared here too.
 */
import { Type, type Static } from 'typebox';
import { AnyObject, DateTime, Nullable } from '../platform/contract.ts';

export const TelemetryTaken = Type.Object({ stored: Type.Integer(), refused: Type.Array(Type.String()) });
export type TelemetryTaken = Static<typeof TelemetryTaken>;

/** A device's latest reading, as the monitoring screen shows it. */
export const DeviceLatest = Type.Object({
  id: Type.String(), kind: Type.String(), unit: Type.String(), name: Type.String(), value: Nullable(Type.Number()), at: Nullable(DateTime),
});
export type DeviceLatest = Static<typeof DeviceLatest>;

const Level = Nullable(Type.Number());
/** A monitored asset (reservoir) with its state (the highest open alarm's severity, else normal) and latest readings. */
export const AssetView = Type.Object({
  id: Type.String(), kind: Type.String(), name: Type.String(), regionCode: Type.String(), lon: Type.Number(), lat: Type.Number(),
  capacityClass: Nullable(Type.String()),
  floodLimits: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), level: Type.Number() })),
  normalLevel: Level, designFloodLevel: Level, checkFloodLevel: Level, crestLevel: Level, createdAt: DateTime,
  state: Type.String(), floodLimit: Nullable(Type.Number({ description: '汛限 of today\'s season' })), devices: Type.Array(DeviceLatest),
});
export type AssetView = Static<typeof AssetView>;

export const DeviceView = Type.Object({
  id: Type.String(), name: Type.String(), kind: Type.String(), unit: Type.String(), asset: Type.String(), assetId: Type.String(),
  lastSeenAt: Nullable(DateTime), tokenId: Type.String(), revoked: Type.Boolean(), connection: Type.String(),
});
export type DeviceView = Static<typeof DeviceView>;

/** A new device: its access token is in this answer only. */
export const NewDevice = Type.Object({ id: Type.String(), token: Type.String(), name: Type.String() });
export type NewDevice = Static<typeof NewDevice>;
export const RevokedDevice = Type.Object({ id: Type.String(), revoked: Type.Boolean() });
export type RevokedDevice = Static<typeof RevokedDevice>;

export const ReadingHistory = Type.Object({
  key: Type.String(), bucketSeconds: Type.Number(),
  points: Type.Array(Type.Object({ t: DateTime, min: Type.Number(), max: Type.Number(), avg: Type.Number(), n: Type.Number() })),
});
export type ReadingHistory = Static<typeof ReadingHistory>;

export const AlarmView = Type.Object({
  id: Type.String(), assetId: Type.String(), asset: Type.String(), deviceId: Type.String(), type: Type.String(), severity: Type.String(),
  state: Type.String(), value: Type.Number(), reason: Type.String(),
  startedAt: DateTime, raisedAt: DateTime, updatedAt: DateTime, acknowledgedAt: Nullable(DateTime), acknowledgedBy: Nullable(Type.String()),
  clearedAt: Nullable(DateTime), escalatedAt: Nullable(DateTime), caseId: Nullable(Type.String()), episodeId: Nullable(Type.String()),
  rules: Nullable(Type.String({ description: 'the rule versions that raised it' })),
  deviceTime: DateTime, arrivalTime: DateTime, arrivalDelaySeconds: Type.Number(),
});
export type AlarmView = Static<typeof AlarmView>;

export const AlarmEvent = Type.Object({
  id: Type.Integer(), alarmId: Type.String(), at: DateTime, action: Type.String(), severity: Nullable(Type.String()), value: Nullable(Type.Number()),
  note: Nullable(Type.String()), actorId: Nullable(Type.String()),
});
export type AlarmEvent = Static<typeof AlarmEvent>;

/** A set of rule fields (rules.ts); numbers, null or thresholds by field. */
export type Thresholds = { warning: number | null; major: number | null; critical: number | null };
export type Rules = Record<string, number | null | Thresholds>;
const RulesSchema = Type.Unsafe<Rules>(AnyObject);

export const RulesOverview = Type.Object({
  builtIn: Type.Record(Type.String(), RulesSchema),
  current: Type.Array(Type.Object({ scope: Type.String(), target: Type.String(), version: Type.Integer(), overrides: RulesSchema })),
});
export type RulesOverview = Static<typeof RulesOverview>;

export const RuleSetVersion = Type.Object({
  id: Type.Integer(), scope: Type.String(), target: Type.String(), version: Type.Integer(), overrides: RulesSchema,
  note: Nullable(Type.String()), createdBy: Nullable(Type.String()), createdAt: DateTime,
});
export type RuleSetVersion = Static<typeof RuleSetVersion>;

/** Rain over one window: the mean of the gauges that reported, the wettest gauge (null when no rain at all). */
const RainWindow = Type.Object({ mean: Nullable(Type.Number()), max: Nullable(Type.Number()), wettest: Nullable(Type.String()) });
/** 雨情 of an area (rain-summary.ts): gauges, how many reported in the last 24 hours, the last hour and day. */
export const RainSummary = Type.Object({
  gauges: Type.Integer(), reporting: Type.Integer(), lastHour: RainWindow, last24h: RainWindow, newestReading: Nullable(DateTime),
});
export type RainSummary = Static<typeof RainSummary>;
