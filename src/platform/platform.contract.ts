/** What the platform's own routes answer (TypeBox schemas and their static types, shared with the web). */
import { Type, type Static } from 'typebox';
import { AnyObject, DateTime, Nullable } from './contract.ts';

export const JobStatus = Type.Object({
  schedule: Type.String(), enabled: Type.Boolean(), running: Type.Boolean(), lastRunAt: Nullable(DateTime), lastFinishedAt: Nullable(DateTime),
  lastError: Nullable(Type.String()), lastFailedAt: Nullable(DateTime), failures: Type.Integer(), nextRunAt: Nullable(DateTime),
});

/** /healthz, 200 when healthy and 503 (degraded, with the error) when the database or the live-update link is not. */
export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  version: Type.String(), database: Type.String(),
  mqtt: Type.Object({
    mode: Type.String(), port: Nullable(Type.Integer()),
    // the sensors module's report on an external broker's subscriber (IngestHealth: in flight, taken, drops, lease …);
    // its fields are that module's, so not fixed here
    ingest: Type.Optional(AnyObject),
  }),
  realtime: Type.Object({
    state: Type.Union([Type.Literal('local'), Type.Literal('up'), Type.Literal('down')]), since: Type.String(), reconnects: Type.Integer(),
    resynced: Type.Integer(), error: Nullable(Type.String()),
  }),
  jobs: Type.Record(Type.String(), JobStatus),
  uptimeSeconds: Type.Integer(), databaseUp: Type.Boolean(), error: Type.Optional(Type.String()),
});
export type Health = Static<typeof Health>;

export const PublicConfig = Type.Object({ mapTileUrl: Nullable(Type.String()), mediaMaxBytes: Type.Integer(), version: Type.String() });
export type PublicConfig = Static<typeof PublicConfig>;

/** An uploaded photo: its id and links, and (once, in this answer only) the GPS position the server stripped from it. */
export const UploadedMedia = Type.Object({
  id: Type.String(), mime: Type.String(), ext: Type.String(), bytes: Type.Integer(), width: Nullable(Type.Integer()), height: Nullable(Type.Integer()),
  gps: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() })), url: Type.String(), thumbUrl: Type.String(),
});
export type UploadedMedia = Static<typeof UploadedMedia>;

export const AuditEntry = Type.Object({
  id: Type.Integer(), at: DateTime, actorId: Nullable(Type.String()), action: Type.String(), entity: Type.String(), entityId: Nullable(Type.String()),
  regionCode: Nullable(Type.String()), details: AnyObject,
});
export type AuditEntry = Static<typeof AuditEntry>;

/** What the log-in page must know before anyone logs in (client-config.routes.ts). */
export const ClientConfig = Type.Object({
  mode: Type.Union([Type.Literal('production'), Type.Literal('development')]),
  /** true: one-time codes are only written to the server log and sms_outbox (SMS_PROVIDER=log, not production). */
  smsCodesInLog: Type.Boolean(),
});
export type ClientConfig = Static<typeof ClientConfig>;
