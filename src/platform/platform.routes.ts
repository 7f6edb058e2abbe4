/** Platform routes: health, public settings, media upload/download, live events (SSE), audit log. */
import fs from 'node:fs';
import { desc, like, or } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { assertCan, requireActor, scopesFor } from './access.ts';
import type { Platform } from './context.ts';
import { ping } from './db/index.ts';
import { auditLog } from './db/platform.schema.ts';
import { AppError, badRequest } from './errors.ts';
import { errorResponses, type RoutesPlugin } from './http.ts';
import { Resume, resumeFrom, type RealtimeHub } from './realtime.ts';
import { iso } from './contract.ts';
import { AuditEntry, Health, PublicConfig, UploadedMedia } from './platform.contract.ts';

/** /healthz gives the database this long to answer `select 1`. */
const HEALTH_PING_MS = 2000;

/** null when the database answered in time, else what went wrong. */
async function pingWithin(platform: Platform, ms: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([ping(platform.db), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    clearTimeout(timer);
  }
}

export const platformRoutes: RoutesPlugin<{ platform: Platform; realtime: RealtimeHub; version: string }> = async (app, { platform, realtime, version }) => {
  const started = Date.now();

  app.get('/healthz', { config: { access: 'public' }, schema: { tags: ['platform'], summary: 'Liveness, database reachability and the live-update link', response: { 200: Health, 503: Health } } }, async (_req, reply) => {
    const base = { version, database: platform.database.kind, mqtt: platform.mqtt ?? { mode: 'off', port: null }, realtime: realtime.status(), jobs: platform.scheduler.status(), uptimeSeconds: Math.round((Date.now() - started) / 1000) };
    // answers within seconds whatever the database does: the watchdog's verdict, else a ping with a time limit
    const health = platform.database.health();
    const problem = !health.up ? `database not answering since ${health.since}: ${health.error}`
      : await pingWithin(platform, HEALTH_PING_MS);
    if (problem) return reply.status(503).header('retry-after', '5').send({ status: 'degraded' as const, ...base, databaseUp: false, error: problem });
    // an instance whose live updates are cut is not healthy either (a load balancer may take it out)
    if (base.realtime.state === 'down') return reply.status(503).header('retry-after', '5').send({ status: 'degraded' as const, ...base, databaseUp: true, error: `live updates cut since ${base.realtime.since}: ${base.realtime.error}` });
    return { status: 'ok' as const, ...base, databaseUp: true };
  });

  app.get('/api/config/public', { config: { access: 'public' }, schema: { tags: ['platform'], summary: 'Settings the web app needs', response: { 200: PublicConfig } } }, async () => ({
    mapTileUrl: platform.config.mapTileUrl,
    mediaMaxBytes: platform.config.mediaMaxBytes,
    version,
  }));

  app.post('/api/media', {
    config: { access: { permission: 'media.upload' } },
    schema: { tags: ['platform'], summary: 'Upload a photo (multipart field "file"); returns its id', consumes: ['multipart/form-data'], response: { 201: UploadedMedia, ...errorResponses(400, 401, 403, 413, 415, 422, 429) } },
  }, async (req, reply) => {
    const actor = requireActor(req.actor);
    assertCan(actor, 'media.upload');
    if (actor.kind !== 'staff') platform.limits.check({ ip: req.ip, person: actor.id }, 'photos');
    if (!req.isMultipart()) throw badRequest('MULTIPART_REQUIRED', 'Send the photo as multipart/form-data in a field named "file"', { field: 'file' });
    let bytes: Buffer;
    try {
      const part = await req.file({ limits: { fileSize: platform.config.mediaMaxBytes, files: 1 } });
      if (!part) throw badRequest('MEDIA_MISSING', 'No file in the request', { field: 'file' });
      bytes = await part.toBuffer(); // throws FST_REQ_FILE_TOO_LARGE (413) past the limit
    } catch (err) {
      // the multipart parser's own errors (a cut-off body, no boundary) carry no status: the client's fault, a 400
      const e = err as { statusCode?: number; message?: string };
      if (err instanceof AppError || (e.statusCode && e.statusCode < 500)) throw err;
      throw badRequest('MULTIPART_MALFORMED', `The multipart body cannot be read: ${e.message ?? 'malformed'}`, { field: 'file' });
    }
    const { id, mime, ext, bytes: size, width, height, gps } = await platform.media.saveImage(platform.db, bytes, actor.id);
    return reply.status(201).send({ id, mime, ext, bytes: size, width, height, gps, url: `/api/media/${id}`, thumbUrl: `/api/media/${id}/thumb` });
  });

  const sendMedia = (thumb: boolean) => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const actor = requireActor(req.actor);
    const info = await platform.media.get(platform.db, req.params.id);
    await platform.media.assertReadable(actor, info);
    const file = platform.media.pathOf(info, thumb);
    if (!fs.existsSync(file)) return reply.status(404).send({ error: { code: 'MEDIA_NOT_FOUND', message: 'File missing on disk', details: {} } });
    reply.header('content-type', thumb ? 'image/jpeg' : info.mime);
    reply.header('cache-control', 'private, max-age=31536000, immutable');
    reply.header('x-content-type-options', 'nosniff');
    return reply.send(fs.createReadStream(file));
  };
  // the photo routes answer bytes (image/*) and the event stream answers Server-Sent Events: no JSON
  // success schema; the stream's messages are the client event map's (src/client-events.ts)
  const MediaId = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
  app.get('/api/media/:id', { config: { access: 'authenticated' }, schema: { tags: ['platform'], summary: 'A stored photo (its uploader, staff of its case\'s, episode\'s or inspection\'s region, the case\'s reporter)', params: MediaId, response: errorResponses(401, 404) } }, sendMedia(false));
  app.get('/api/media/:id/thumb', { config: { access: 'authenticated' }, schema: { tags: ['platform'], summary: 'A stored photo\'s thumbnail (JPEG, ≤320 px); who may read it as for the photo', params: MediaId, response: errorResponses(401, 404) } }, sendMedia(true));

  app.get('/api/events/stream', {
    config: { access: { permission: 'events.stream' } },
    schema: { tags: ['platform'], summary: 'Live domain events of the caller\'s regions (Server-Sent Events); Last-Event-ID or lastEventId resumes after that event', querystring: Resume, response: errorResponses(400, 401, 403) },
  }, async (req, reply) => {
    const actor = requireActor(req.actor);
    assertCan(actor, 'events.stream');
    await realtime.attach(reply, scopesFor(actor, 'events.stream'), undefined, resumeFrom(req));
  });

  app.get('/api/audit', {
    config: { access: { permission: 'audit.read' } },
    schema: { tags: ['platform'], summary: 'Audit log of the caller\'s regions', querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }), response: { 200: Type.Object({ items: Type.Array(AuditEntry) }), ...errorResponses(401, 403) } },
  }, async (req) => {
    const actor = requireActor(req.actor);
    const scopes = scopesFor(actor, 'audit.read');
    if (!scopes.length) assertCan(actor, 'audit.read');
    const items = await platform.db.select().from(auditLog)
      .where(or(...scopes.map((s) => like(auditLog.regionCode, `${s}%`))))
      .orderBy(desc(auditLog.id)).limit(req.query.limit ?? 100);
    return { items: items.map((a) => ({ ...a, at: iso(a.at), details: (a.details ?? {}) as Record<string, unknown> })) };
  });
};
