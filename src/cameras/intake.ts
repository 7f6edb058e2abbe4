/**
 * Camera detection intake: token → camera, parse (formats.ts), vendor code → category, confidence,
 * episode dedup (episodes.ts), then a durable write shared by the messages that arrive together (group
 * commit: detections and episode rows of many messages in one statement). HTTP push, MQTT from edge
 * boxes and the simulator all call `take`. Heartbeats only mark the camera alive. What cannot be taken
 * goes to `ingest_dead_letters` with the reason; nothing throws out of here but a refused token.
 *
 * Pictures: a detection's picture is stored (sniffed, size-capped, content-addressed) when it opens or
 * triggers its episode, or when the episode's last stored picture is a minute old — a vendor standing
 * for an hour leaves ≈60 pictures, not 3,600.
 */
import crypto from 'node:crypto';
import type { Platform } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { GroupCommit } from '../platform/group-commit.ts';
import { IMAGE_TYPES } from '../platform/storage.ts';
import type { CasesService } from '../cases/index.ts';
import { deadLetter, type DeviceChannel, type DeviceTokens } from '../devices/index.ts';
import { EpisodeTracker, keyOf, type EpisodeEvent } from './episodes.ts';
import { parseCameraBody, type CameraEvent } from './formats.ts';
import { foldHistory, type HistoryDetection, type HistoryEpisode, type HistoryOutcome } from './history.ts';
import { BUILT_IN, type CategoryPolicy } from './policy.ts';

export interface CameraInfo {
  id: string;
  vendor: string;
  capabilities: string[];
}

interface Row {
  c: string; ch: number; cat: string; t: string; code: string; r: string; conf: number; e: string; b: unknown; m: string | null;
}

interface EpisodeRow {
  id: string; c: string; ch: number; cat: string; r: string; opened: string; last: string; conf: number;
  trig: string | null; action: string | null; closed: string | null; snap: string | null;
  /** The case it opened: only history rows come with one (a live episode's case is linked by its action). */
  caseId?: string | null;
}

interface Batch {
  rows: Row[];
  episodes: EpisodeRow[];
}

const PICTURE_EVERY_MS = 60_000;

/** Is it a picture at all (sniffed, like the media store does)? Decoding problems show later, when stored. */
async function isImage(bytes: Buffer): Promise<boolean> {
  if (bytes.length === 0) return false;
  const { fileTypeFromBuffer } = await import('file-type');
  const t = await fileTypeFromBuffer(bytes);
  return !!t && IMAGE_TYPES.has(t.mime);
}

export class CameraIntake {
  private codes = new Map<string, string>(); // `${vendor}|${code}` → category
  private lastPicture = new Map<string, number>(); // episode id → ts of its last stored picture
  readonly tracker: EpisodeTracker;
  /** Two statements in flight; they lock episode rows in id order, and a deadlock is retried once anyway. */
  private writer = new GroupCommit<Batch, number>((b) => this.write(b).catch((err: { code?: string }) => {
    if (err.code === '40P01') return this.write(b);
    throw err;
  }), { parallel: 2, maxWeight: 4000, weight: (m) => m.rows.length + 1 });
  private touched = new Map<string, number>(); // camera id → when its last_event_at was last moved on
  private acting = new Set<Promise<unknown>>();

  /** Resolves when the actions started so far have finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.acting.size) await Promise.all([...this.acting]);
  }

  /** Called with the episodes that triggered (or were suppressed) once their rows are stored. */
  onTriggered: ((events: (EpisodeEvent & { cameraId: string; category: string })[]) => Promise<void>) | null = null;

  /** The camera of a token (cached 30 s, like sensors). */
  readonly cameraOf: (token: string) => Promise<CameraInfo | null>;

  constructor(
    private p: Platform,
    tokens: DeviceTokens,
    private cases: CasesService,
    private policy: (category: string) => CategoryPolicy,
  ) {
    this.tracker = new EpisodeTracker(policy, () => crypto.randomUUID());
    this.cameraOf = tokens.lookup<CameraInfo>(async (tokenId) => {
      const [c] = await this.p.database.raw<{ id: string; vendor: string; capabilities: string[] }>('SELECT id, vendor, capabilities FROM cameras WHERE token_id = $1', [tokenId], { prepare: true });
      return c ? { id: c.id, vendor: c.vendor, capabilities: c.capabilities } : null;
    }, 10_000);
  }

  async loadCodes(): Promise<void> {
    const rows = await this.cases.admin.listVendorCodes();
    this.codes = new Map(rows.map((r) => [`${r.vendor}|${r.eventCode}`, r.categoryCode]));
  }


  /** Record a push that could not even be read (401 for an unknown token, like `take`). */
  async refuse(channel: 'http' | 'mqtt', token: string, reason: string, payload = ''): Promise<void> {
    const cam = await this.cameraOf(token);
    if (!cam) throw new AppError('DEVICE_TOKEN_INVALID', 401, 'Unknown or revoked camera token');
    await deadLetter(this.p, `camera-${channel}`, cam.id, reason, payload);
  }

  /** A category for a vendor's code: the camera's vendor first, then the generic names, then a category code itself. */
  categoryOf(vendor: string, code: string): string | null {
    return this.codes.get(`${vendor}|${code}`) ?? this.codes.get(`generic|${code}`) ?? (/^\d{4}$/.test(code) && [...this.codes.values()].includes(code) ? code : null);
  }

  /**
   * Take one push. `pictures` are multipart picture parts (matched to the detections in order; one
   * picture for several detections goes with the first). Answers what was taken and what refused.
   */
  async take(channel: 'http' | 'mqtt', token: string, body: { kind: 'xml' | 'json'; text: string }, pictures: Buffer[] = []): Promise<{ taken: number; heartbeat: boolean; refused: string[] }> {
    const cam = await this.cameraOf(token);
    if (!cam) throw new AppError('DEVICE_TOKEN_INVALID', 401, 'Unknown or revoked camera token');
    const parsed = parseCameraBody(body.kind, body.text);
    const refused = [...parsed.problems];
    if (parsed.heartbeat) {
      await this.p.database.raw('UPDATE cameras SET last_heartbeat_at = now(), offline_since = NULL WHERE id = $1', [cam.id], { prepare: true });
      return { taken: 0, heartbeat: true, refused };
    }
    const batch: Batch = { rows: [], episodes: [] };
    const triggered: (EpisodeEvent & { cameraId: string; category: string })[] = [];
    const eps = new Map<string, EpisodeRow>();
    for (const [i, ev] of parsed.events.entries()) {
      const category = this.categoryOf(cam.vendor, ev.code);
      if (!category) {
        refused.push(`unknown event code ${ev.code} for ${cam.vendor}`);
        continue;
      }
      let picture: Buffer | null = ev.picture ?? pictures[i] ?? null;
      if (picture && !(await isImage(picture))) {
        // the category's policy decides whether the detection stands without it; the answer says which
        const at = parsed.events.length > 1 ? `[${i}] ` : '';
        if (this.policy(category).badPicture === 'refuse') {
          refused.push(`${at}picture is not an image: detection refused (policy badPicture = refuse)`);
          continue;
        }
        refused.push(`${at}picture is not an image: detection kept without it (policy badPicture = keep)`);
        picture = null;
      }
      const key = keyOf({ cameraId: cam.id, channel: ev.channel, category, region: ev.region });
      if (!this.tracker.has(key)) await this.resume(key, cam.id, ev.channel, category, ev.region);
      const events: EpisodeEvent[] = [];
      const { episodeId } = this.tracker.add({ cameraId: cam.id, channel: ev.channel, category, region: ev.region, ts: ev.ts, confidence: ev.confidence }, events);
      if (!episodeId) continue; // below the category's confidence threshold
      for (const e of events) {
        if (e.kind === 'triggered' || e.kind === 'suppressed') triggered.push({ ...e, cameraId: cam.id, category });
        if (e.kind === 'closed') {
          this.lastPicture.delete(e.episodeId);
          eps.set(e.episodeId, { ...this.episodeRow(e.episodeId, cam.id, ev, category), opened: new Date(e.ts).toISOString(), last: new Date(e.ts).toISOString(), conf: 0, closed: new Date(e.ts).toISOString() });
        }
      }
      const opening = events.some((e) => (e.kind === 'opened' || e.kind === 'triggered') && e.episodeId === episodeId);
      let mediaId: string | null = null;
      if (picture && (opening || ev.ts - (this.lastPicture.get(episodeId) ?? -Infinity) >= PICTURE_EVERY_MS)) {
        try {
          mediaId = (await this.p.media.saveImage(this.p.db, picture, null)).id;
          this.lastPicture.set(episodeId, ev.ts);
        } catch (err) {
          refused.push(`picture: ${(err as Error).message}`);
        }
      }
      const t = new Date(ev.ts).toISOString();
      batch.rows.push({ c: cam.id, ch: ev.channel, cat: category, t, code: ev.code, r: ev.region, conf: ev.confidence, e: episodeId, b: ev.boxes, m: mediaId });
      const row = eps.get(episodeId) ?? this.episodeRow(episodeId, cam.id, ev, category);
      row.last = row.last > t ? row.last : t;
      row.conf = Math.max(row.conf, ev.confidence);
      row.snap ??= mediaId;
      for (const e of events) {
        if (e.episodeId !== episodeId) continue;
        if (e.kind === 'opened') row.opened = t;
        if (e.kind === 'triggered' || e.kind === 'suppressed') {
          row.trig = t;
          row.action = e.kind === 'triggered' ? 'pending' : 'suppressed';
        }
      }
      eps.set(episodeId, row);
    }
    batch.episodes = [...eps.values()];
    if (refused.length) await deadLetter(this.p, `camera-${channel}`, cam.id, refused.join('; '), body.text);
    if (batch.rows.length || batch.episodes.length) await this.writer.add(batch);
    if (batch.rows.length) await this.touch(cam.id);
    if (triggered.length && this.onTriggered) {
      // actions (a speaker that may take seconds to answer, a case) run after the answer: the episode row
      // is durable as `pending`, and the camera clock takes over one whose action never finished
      const run = this.onTriggered(triggered).catch((err: unknown) => this.p.log.error({ err, cameraId: cam.id }, 'camera action failed'));
      this.acting.add(run);
      void run.finally(() => this.acting.delete(run));
    }
    return { taken: batch.rows.length, heartbeat: false, refused };
  }

  /**
   * A camera's past (history.ts): detections at their own times folded into closed episodes by the
   * category's rules and written by the same group commit as live ones, in chunks of whole episodes.
   * No action runs — no speaker, no case, no event: `settle` says what was done then, and its log lines
   * are stored with their times. The camera's last event time moves on to the newest detection.
   */
  async storeHistory(cameraId: string, detections: HistoryDetection[], settle: (e: HistoryEpisode) => HistoryOutcome): Promise<{ detections: number; episodes: number }> {
    const folded = foldHistory(cameraId, detections, this.policy, settle);
    const byEpisode = new Map<string, Row[]>();
    for (const r of folded.rows) (byEpisode.get(r.e) ?? byEpisode.set(r.e, []).get(r.e)!).push(r);
    let batch: Batch = { rows: [], episodes: [] };
    let taken = 0;
    const flush = async () => {
      if (batch.episodes.length) taken += await this.writer.add(batch);
      batch = { rows: [], episodes: [] };
    };
    for (const e of folded.episodes) {
      batch.episodes.push(e);
      batch.rows.push(...(byEpisode.get(e.id) ?? []));
      if (batch.rows.length >= 5000) await flush();
    }
    await flush();
    if (folded.log.length) {
      await this.p.database.raw(`
        INSERT INTO camera_actions (episode_id, at, kind, ok, detail)
        SELECT e, at, kind, ok, detail FROM jsonb_to_recordset($1::jsonb) AS l(e uuid, at timestamptz, kind text, ok boolean, detail text) ORDER BY at`,
      [JSON.stringify(folded.log)]);
    }
    const last = folded.rows.reduce((m, r) => (r.t > m ? r.t : m), '');
    if (last) await this.p.database.raw("UPDATE cameras SET last_event_at = greatest(coalesce(last_event_at, '-infinity'), $2::timestamptz) WHERE id = $1", [cameraId, last]);
    return { detections: taken, episodes: folded.episodes.length };
  }

  /**
   * A key this process has not seen (it started, or the key was forgotten after its cool-down): take
   * it up from the database, so an episode open before a restart goes on and its cool-down still holds.
   */
  private async resume(key: string, cameraId: string, channel: number, category: string, region: string): Promise<void> {
    const [r] = await this.p.database.raw<{ id: string; opened_at: Date; last_at: Date; detections: number; triggered_at: Date | null; closed_at: Date | null; last_trigger: Date | null }>(`
      SELECT e.id, e.opened_at, e.last_at, e.detections, e.triggered_at, e.closed_at,
             (SELECT max(x.triggered_at) FROM camera_episodes x WHERE x.camera_id = $1 AND x.channel = $2 AND x.category = $3 AND x.region = $4 AND x.action <> 'suppressed') AS last_trigger
        FROM camera_episodes e WHERE e.camera_id = $1 AND e.channel = $2 AND e.category = $3 AND e.region = $4
       ORDER BY e.opened_at DESC LIMIT 1`, [cameraId, channel, category, region], { prepare: true });
    if (!r) return;
    const ms = (d: Date | null) => (d ? new Date(d).getTime() : null);
    this.tracker.resume(key, {
      episodeId: r.closed_at ? null : r.id, firstTs: ms(r.opened_at)!, lastTs: ms(r.last_at)!, count: r.detections,
      triggered: r.triggered_at !== null, lastTriggerTs: ms(r.last_trigger),
    });
  }

  /** The camera's last event time, moved on at most every 10 s (health needs minutes, not seconds). */
  private async touch(cameraId: string): Promise<void> {
    const now = Date.now();
    if (now - (this.touched.get(cameraId) ?? 0) < 10_000) return;
    this.touched.set(cameraId, now);
    await this.p.database.raw('UPDATE cameras SET last_event_at = now(), offline_since = NULL WHERE id = $1', [cameraId], { prepare: true });
  }

  private episodeRow(id: string, cameraId: string, ev: CameraEvent, category: string): EpisodeRow {
    const t = new Date(ev.ts).toISOString();
    return { id, c: cameraId, ch: ev.channel, cat: category, r: ev.region, opened: t, last: t, conf: 0, trig: null, action: null, closed: null, snap: null };
  }

  /**
   * Close the episodes gone silent (run every few seconds); their rows get `closed_at`. Also, in SQL,
   * open rows no process is tracking (its tracker died with it) once they are silent past their
   * category's silence — so a restart leaves nothing "ongoing" for ever.
   */
  async closeSilent(now = Date.now()): Promise<number> {
    // the categories with a policy of their own; any other has the default silence
    const silence = Object.keys(BUILT_IN).map((cat) => ({ cat, s: this.policy(cat).silenceSeconds }));
    const orphans = await this.p.database.raw<{ id: string }>(`
      UPDATE camera_episodes e SET closed_at = e.last_at
       WHERE e.closed_at IS NULL
         AND e.last_at < to_timestamp($2::float8 / 1000) - make_interval(secs => coalesce(
               (SELECT p.s FROM jsonb_to_recordset($1::jsonb) AS p(cat text, s int) WHERE p.cat = e.category), $3::int))
      RETURNING e.id`,
    [JSON.stringify(silence), now, this.policy('').silenceSeconds]);
    const closed = this.tracker.sweep(now).filter((e): e is Extract<EpisodeEvent, { kind: 'closed' }> => e.kind === 'closed');
    if (closed.length === 0) return orphans.length;
    for (const e of closed) this.lastPicture.delete(e.episodeId);
    await this.p.database.raw(`
      UPDATE camera_episodes SET closed_at = c.t FROM jsonb_to_recordset($1::jsonb) AS c(e uuid, t timestamptz)
       WHERE camera_episodes.id = c.e AND camera_episodes.closed_at IS NULL`,
    [JSON.stringify(closed.map((e) => ({ e: e.episodeId, t: new Date(e.ts).toISOString() })))]);
    return closed.length + orphans.length;
  }

  /**
   * Edge boxes over MQTT, on the platform's broker: user name = camera token, topic
   * `v1/cameras/me/events` (or `v1/cameras/<token>/events` through an external broker); generic JSON or
   * ISAPI XML bodies, acknowledged once stored.
   */
  mqttChannel(): DeviceChannel {
    return {
      topic: 'v1/cameras/me/events', prefix: 'v1/cameras', suffix: 'events',
      knows: async (token) => (await this.cameraOf(token)) !== null,
      // a camera's message is judged as a whole (its episode), in the device's order when asked for
      take: (token, payload, inOrder) => {
        const text = payload.toString('utf8');
        const take = () => this.take('mqtt', token, { kind: text.trimStart().startsWith('<') ? 'xml' : 'json', text });
        return inOrder ? inOrder(take) : take();
      },
    };
  }

  /** Is an episode's condition still seen (for a vendor's grace period)? */
  stillThere(cameraId: string, channel: number, category: string, region: string, now = Date.now()): boolean {
    return this.tracker.isOpen(keyOf({ cameraId, channel, category, region }), now);
  }


  /**
   * One statement for the messages queued together: new detections in (a re-push skipped; DISTINCT ON
   * sorts them, so two statements take the key locks in one order) and episode rows created or moved on
   * (in id order, for the same reason).
   */
  private async write(batches: Batch[]): Promise<number[]> {
    const rows = batches.flatMap((b) => b.rows);
    const merged = new Map<string, EpisodeRow>();
    for (const e of batches.flatMap((b) => b.episodes)) {
      const m = merged.get(e.id);
      if (!m) merged.set(e.id, { ...e });
      else {
        m.last = m.last > e.last ? m.last : e.last;
        m.opened = m.opened < e.opened ? m.opened : e.opened;
        m.conf = Math.max(m.conf, e.conf);
        m.trig ??= e.trig;
        m.action ??= e.action;
        m.closed ??= e.closed;
        m.snap ??= e.snap;
        m.caseId ??= e.caseId;
      }
    }
    const episodes = [...merged.values()];
    await this.p.database.raw(`
      WITH d AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS d(c uuid, ch int, cat text, t timestamptz, code text, r text, conf real, e uuid, b jsonb, m text)),
      ins AS (
        INSERT INTO camera_detections (camera_id, channel, category, ts, event_code, region, confidence, episode_id, boxes, media_id)
        SELECT DISTINCT ON (c, ch, cat, t) c, ch, cat, t, code, r, conf, e, b, m FROM d
        ON CONFLICT DO NOTHING RETURNING episode_id),
      n AS (SELECT episode_id, count(*)::int AS n FROM ins GROUP BY 1),
      ep AS (
        INSERT INTO camera_episodes (id, camera_id, channel, category, region, opened_at, last_at, detections, max_confidence, triggered_at, action, closed_at, snapshot, case_id)
        SELECT x.id, x.c, x.ch, x.cat, x.r, x.opened, x.last, coalesce(n.n, 0), x.conf, x.trig, coalesce(x.action, 'none'), x.closed, x.snap, x."caseId"
          FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, c uuid, ch int, cat text, r text, opened timestamptz, last timestamptz, conf real, trig timestamptz, action text, closed timestamptz, snap text, "caseId" uuid)
          LEFT JOIN n ON n.episode_id = x.id ORDER BY x.id
        ON CONFLICT (id) DO UPDATE SET
          last_at = greatest(camera_episodes.last_at, excluded.last_at),
          detections = camera_episodes.detections + excluded.detections,
          max_confidence = greatest(camera_episodes.max_confidence, excluded.max_confidence),
          triggered_at = coalesce(camera_episodes.triggered_at, excluded.triggered_at),
          action = CASE WHEN camera_episodes.action = 'none' THEN excluded.action ELSE camera_episodes.action END,
          closed_at = coalesce(camera_episodes.closed_at, excluded.closed_at),
          snapshot = coalesce(camera_episodes.snapshot, excluded.snapshot),
          case_id = coalesce(camera_episodes.case_id, excluded.case_id)
        RETURNING 1)
      SELECT (SELECT count(*) FROM ep)::int AS episodes`,
    [JSON.stringify(rows), JSON.stringify(episodes)], { prepare: true });
    return batches.map((b) => b.rows.length);
  }
}
