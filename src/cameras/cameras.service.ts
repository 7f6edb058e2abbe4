/**
 * Cameras for people (DOMAIN.md §4): add one (its token shown once), the cameras of an area with their
 * state (online, last event, false-positive rate), the live episodes with their snapshots and what was
 * done, staff marking a false positive, camera health (silent → offline), and the cleaning companies'
 * response to overflowing bins per area.
 */
import { sql } from 'drizzle-orm';
import { assertCan, staffScopePatterns, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { AppError, badRequest, conflict, isUniqueViolation, notFound } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import type { RegionsService } from '../regions/index.ts';
import type { DeviceTokens } from '../devices/index.ts';
import { cameras } from './cameras.schema.ts';
import { iso, isoOrNull } from '../platform/contract.ts';
import type { CameraView, Cleaning, EpisodeMark, EpisodeView, NewCamera as NewCameraAnswer } from './cameras.contract.ts';

export interface NewCamera {
  name: string;
  lon: number;
  lat: number;
  vendor?: string;
  view?: string | null;
  channels?: number;
  capabilities?: string[];
  speakerUrl?: string | null;
  organisationId?: string | null;
  token?: string;
}

/** A camera is offline when it has said nothing (event or heartbeat) for this long. */
export const OFFLINE_AFTER_SECONDS = 300;

export class CamerasService {
  constructor(
    private p: Platform,
    private tokens: DeviceTokens,
    private regions: RegionsService,
  ) {}

  /** A camera at a point (placed in its village/grid); returns its token once. */
  async add(actor: Actor | null, input: NewCamera): Promise<NewCameraAnswer> {
    if (!input.name?.trim()) throw badRequest('VALIDATION_FAILED', 'name is required', { field: 'name' });
    if (input.vendor && !['hikvision', 'dahua', 'generic'].includes(input.vendor)) throw badRequest('VALIDATION_FAILED', 'vendor must be hikvision, dahua or generic', { field: 'vendor' });
    if (input.speakerUrl && !/^https?:\/\//.test(input.speakerUrl)) throw badRequest('VALIDATION_FAILED', 'speakerUrl must be an http(s) URL', { field: 'speakerUrl' });
    const placed = await this.regions.locate(input.lon, input.lat, 'wgs84'); // 422 outside every grid
    const regionCode = placed.gridCode ?? placed.villageCode!;
    if (actor) assertCan(actor, 'cameras.configure', regionCode);
    // the token and the camera row in one transaction: a refused camera leaves no token behind (issue 11 #15)
    try {
      return await this.p.tx(async (tx) => {
        if (input.organisationId) {
          const [org] = await tx.execute(sql`SELECT 1 FROM organisations WHERE id = ${input.organisationId} FOR KEY SHARE`).then((r) => (r as unknown as { rows: unknown[] }).rows);
          if (!org) throw new AppError('ORGANISATION_NOT_FOUND', 422, `No organisation ${input.organisationId}`, { field: 'organisationId' });
        }
        const token = await this.tokens.create({ deviceKind: 'camera', name: input.name, regionCode }, input.token, tx);
        const [c] = await tx.insert(cameras).values({
          tokenId: token.id, name: input.name.trim(), vendor: input.vendor ?? 'generic', regionCode, lon: placed.lon, lat: placed.lat, view: input.view ?? null,
          channels: input.channels ?? 1, capabilities: input.capabilities ?? [], speakerUrl: input.speakerUrl ?? null, organisationId: input.organisationId ?? null,
        }).returning({ id: cameras.id });
        await writeAudit(tx, { actorId: actor?.id ?? null, action: 'camera.added', entity: 'camera', entityId: c.id, regionCode, details: { name: input.name } });
        return { id: c.id, token: token.token, name: input.name.trim(), regionCode };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('CAMERA_EXISTS', `A camera named ${input.name.trim()} exists`, { field: 'name' });
      throw err;
    }
  }

  /** Cameras of the caller's area (all for the CLI) with state, last event and false-positive rate. */
  async list(actor: Actor | null): Promise<CameraView[]> {
    const rows = await this.p.database.raw<{
      id: string; name: string; vendor: string; region_code: string; lon: number; lat: number; view: string | null; speaker: boolean; capabilities: string[];
      last_event_at: Date | null; last_heartbeat_at: Date | null; offline_since: Date | null; episodes: number; marked: number; false_positives: number; token_id: string;
    }>(`
      SELECT c.id, c.name, c.vendor, c.region_code, c.lon, c.lat, c.view, c.speaker_url IS NOT NULL AS speaker, c.capabilities,
             c.last_event_at, c.last_heartbeat_at, c.offline_since, c.token_id,
             coalesce(s.episodes, 0)::int AS episodes, coalesce(s.marked, 0)::int AS marked, coalesce(s.fp, 0)::int AS false_positives
        FROM cameras c
        LEFT JOIN (SELECT camera_id, count(*) AS episodes, count(false_positive) AS marked, count(*) FILTER (WHERE false_positive) AS fp
                     FROM camera_episodes WHERE opened_at > now() - interval '30 days' GROUP BY camera_id) s ON s.camera_id = c.id
       WHERE c.region_code LIKE ANY($1::text[])
       ORDER BY c.name`, [staffScopePatterns(actor)]);
    return rows.map((r) => ({
      id: r.id, name: r.name, vendor: r.vendor, regionCode: r.region_code, lon: r.lon, lat: r.lat, view: r.view, speaker: r.speaker, capabilities: r.capabilities,
      tokenId: r.token_id,
      state: r.offline_since ? 'offline' as const : r.last_event_at || r.last_heartbeat_at ? 'online' as const : 'never' as const,
      lastEventAt: r.last_event_at ? new Date(r.last_event_at).toISOString() : null,
      episodes30d: r.episodes,
      /** Of the episodes staff marked either way, the share they called false. */
      falsePositiveRate: r.marked ? r.false_positives / r.marked : null,
    }));
  }

  /** Recent episodes of the caller's area (newest first), with their camera, snapshot and actions. */
  async episodes(actor: Actor, opts: { cameraId?: string; limit?: number } = {}): Promise<EpisodeView[]> {
    type When = Date | string;
    const rows = await this.p.database.raw<{
      id: string; cameraId: string; camera: string; region_code: string; channel: number; category: string; openedAt: When; lastAt: When; closedAt: When | null;
      detections: number; maxConfidence: number; action: string; caseId: string | null; snapshot: string | null; falsePositive: boolean | null;
      actions: { kind: string; ok: boolean; at: When; detail: string | null }[];
    }>(`
      SELECT e.id, e.camera_id AS "cameraId", c.name AS camera, c.region_code, e.channel, e.category, e.opened_at AS "openedAt", e.last_at AS "lastAt",
             e.closed_at AS "closedAt", e.detections, e.max_confidence AS "maxConfidence", e.action, e.case_id AS "caseId", e.snapshot,
             e.false_positive AS "falsePositive",
             (SELECT coalesce(json_agg(json_build_object('kind', a.kind, 'ok', a.ok, 'at', a.at, 'detail', a.detail) ORDER BY a.id), '[]')
                FROM camera_actions a WHERE a.episode_id = e.id) AS actions
        FROM camera_episodes e JOIN cameras c ON c.id = e.camera_id
       WHERE ($1::uuid IS NULL OR e.camera_id = $1) AND c.region_code LIKE ANY($3::text[]) ORDER BY e.opened_at DESC LIMIT $2`,
    [opts.cameraId ?? null, Math.min(opts.limit ?? 100, 500), staffScopePatterns(actor)]);
    // the area is filtered in SQL, so the limit counts the caller's episodes
    return rows.map((r) => ({
      id: r.id, cameraId: r.cameraId, camera: r.camera, channel: r.channel, category: r.category, openedAt: iso(r.openedAt), lastAt: iso(r.lastAt),
      closedAt: isoOrNull(r.closedAt), detections: r.detections, maxConfidence: Number(r.maxConfidence), action: r.action, caseId: r.caseId,
      snapshot: r.snapshot, falsePositive: r.falsePositive, actions: r.actions.map((a) => ({ kind: a.kind, ok: a.ok, at: iso(a.at), detail: a.detail })),
    }));
  }

  /** Staff say whether an episode was real; feeds the camera's false-positive rate. */
  async mark(actor: Actor, episodeId: string, falsePositive: boolean): Promise<EpisodeMark> {
    const [row] = await this.p.database.raw<{ region_code: string }>('SELECT c.region_code FROM camera_episodes e JOIN cameras c ON c.id = e.camera_id WHERE e.id = $1', [episodeId]);
    if (!row) throw notFound('EPISODE_NOT_FOUND', 'No such episode');
    assertCan(actor, 'cameras.review', row.region_code, () => notFound('EPISODE_NOT_FOUND', 'No such episode'));
    await this.p.database.raw('UPDATE camera_episodes SET false_positive = $2, marked_by = $3, marked_at = now() WHERE id = $1', [episodeId, falsePositive, actor.id]);
    return { id: episodeId, falsePositive };
  }

  /** Cameras silent for OFFLINE_AFTER_SECONDS go offline (once, with an event); they come back when they speak. */
  async checkHealth(): Promise<number> {
    const gone = await this.p.database.raw<{ id: string; name: string; region_code: string }>(`
      UPDATE cameras SET offline_since = now()
       WHERE offline_since IS NULL AND last_heartbeat_at IS NOT NULL -- quiet is not offline: only a heartbeat that stops is
         AND greatest(coalesce(last_event_at, '-infinity'), coalesce(last_heartbeat_at, '-infinity')) < now() - make_interval(secs => $1::int)
      RETURNING id, name, region_code`, [OFFLINE_AFTER_SECONDS]);
    if (gone.length) {
      await this.p.tx(async (tx) => {
        for (const c of gone) await emitEvent(tx, 'camera.offline', { cameraId: c.id, name: c.name }, { regionCode: c.region_code, aggregateId: c.id });
      });
    }
    return gone.length;
  }

  /**
   * Overflowing bins per cleaning company and area (from the camera's cases): how many, the median and
   * P90 minutes from the camera's trigger to the cleaner's photo, and the share within the time limit.
   */
  async cleaningPerformance(actor: Actor, days = 30): Promise<Cleaning[]> {
    const rows = await this.p.database.raw<{ organisation: string | null; village_code: string; bins: number; done: number; median_min: number | null; p90_min: number | null; on_time: number; due: number }>(`
      SELECT o.name AS organisation, k.village_code, count(*)::int AS bins, count(k.feedback_at)::int AS done,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM k.feedback_at - e.triggered_at) / 60) AS median_min,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM k.feedback_at - e.triggered_at) / 60) AS p90_min,
             count(*) FILTER (WHERE k.feedback_at IS NOT NULL AND (k.deadline IS NULL OR k.feedback_at <= k.deadline))::int AS on_time,
             count(*) FILTER (WHERE k.feedback_at IS NOT NULL OR k.deadline < now())::int AS due
        FROM camera_episodes e JOIN cases k ON k.id = e.case_id LEFT JOIN organisations o ON o.id = k.assigned_org_id
       WHERE e.category = '0108' AND e.triggered_at > now() - make_interval(days => $1::int) AND k.village_code LIKE ANY($2::text[])
       GROUP BY o.name, k.village_code ORDER BY o.name, k.village_code`, [days, staffScopePatterns(actor)]);
    const visible = rows;
    const names = await this.regions.names(visible.map((r) => r.village_code));
    return visible.map((r) => ({
      organisation: r.organisation, villageCode: r.village_code, village: names[r.village_code] ?? r.village_code, bins: r.bins, done: r.done,
      medianMinutes: r.median_min === null ? null : Math.round(r.median_min * 10) / 10, p90Minutes: r.p90_min === null ? null : Math.round(r.p90_min * 10) / 10,
      // on time among the bins that were due (cleared, or past their deadline): nothing due yet is "—", not 0 %
      onTimeRate: r.due ? r.on_time / r.due : null,
    }));
  }
}
