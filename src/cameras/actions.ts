/**
 * What happens when an episode triggers (policy.ts): a warning on the camera's speaker with a grace
 * period, a case, or people told at once and a case. Episodes move `pending` → `acting` (claimed, with
 * a five-minute lease so a crashed process's claim is taken over) → `warned` (grace running) → `left`
 * (gone: no case) or `overstay` → `acting` → `case`; `notified` for bins (people told, case open). The
 * claim is a conditional UPDATE under a row lock, so one process acts on an episode once.
 *
 * Speakers: an HTTP POST of `{"action": "play", "text": clip}` to the camera's speaker URL, three tries
 * with backoff; a speaker that does not answer is logged and the case opens without the warning.
 */
import type { Platform } from '../platform/context.ts';
import { emitEvent, NOTIFICATION_REQUESTED, type NotificationRequest } from '../platform/events.ts';
import { sql } from 'drizzle-orm';
import type { CasesService, SourceCases } from '../cases/index.ts';
import type { UsersService } from '../people/index.ts';
import { policyFor, isQuiet, type CategoryPolicy } from './policy.ts';

interface Claimed {
  /** The action state before the claim: `pending` (just triggered) or `overstay` (still there after the warning). */
  prev: string;
  id: string; camera_id: string; channel: number; category: string; region: string; opened_at: Date; last_at: Date; triggered_at: Date;
  detections: number; snapshot: string | null; case_id: string | null;
  name: string; view: string | null; region_code: string; lon: number; lat: number; speaker_url: string | null; organisation_id: string | null;
}

const CLAIM_COLUMNS = `e.id, e.camera_id, e.channel, e.category, e.region, e.opened_at, e.last_at, e.triggered_at, e.detections, e.snapshot, e.case_id,
  c.name, c.view, c.region_code, c.lon, c.lat, c.speaker_url, c.organisation_id`;
const LEASE = "now() + interval '5 minutes'";
const fmtTime = (d: Date) => new Date(d).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export class CameraActions {
  /** The case workflow (closing a bin case); new cases open through `source`. */
  private cases: CasesService;

  constructor(
    private p: Platform,
    private source: SourceCases,
    private users: UsersService,
    private policy: (category: string) => CategoryPolicy = (c) => policyFor(c),
    /** Backoff between speaker tries (ms); tests shorten it. */
    private backoff: number[] = [300, 1000],
  ) {
    this.cases = source.cases;
  }

  /** Act on episodes that just triggered (suppressed ones are left as they are). */
  async onTriggered(events: { kind: string; episodeId: string }[]): Promise<void> {
    for (const e of events) if (e.kind === 'triggered') await this.act(e.episodeId);
  }

  /** Claim a pending episode and run its category's action. */
  async act(episodeId: string): Promise<string | null> {
    const [ep] = await this.p.database.raw<Claimed>(`
      WITH p AS (SELECT id, action AS prev FROM camera_episodes WHERE id = $1 FOR UPDATE),
      x AS (UPDATE camera_episodes e SET action = 'acting', action_due_at = ${LEASE} FROM p
             WHERE e.id = p.id AND (p.prev IN ('pending', 'overstay') OR (p.prev = 'acting' AND e.action_due_at < now())) RETURNING e.*, p.prev)
      SELECT e.prev, ${CLAIM_COLUMNS} FROM x e JOIN cameras c ON c.id = e.camera_id`, [episodeId]);
    if (!ep) return null;
    const pol = this.policy(ep.category);
    // screens hear of it at once (detections themselves are too many to be events)
    if (ep.prev === 'pending') await this.p.tx((tx) => emitEvent(tx, 'camera.triggered', { episodeId: ep.id, cameraId: ep.camera_id, camera: ep.name, category: ep.category }, { regionCode: ep.region_code, aggregateId: ep.id }));
    try {
      if (pol.action === 'warn_then_case' && !ep.case_id && ep.prev !== 'overstay') {
        const warned = await this.warn(ep, pol);
        if (warned) {
          await this.setAction(ep.id, 'warned', new Date(new Date(ep.triggered_at).getTime() + pol.graceSeconds * 1000));
          return 'warned';
        }
      }
      if (pol.action === 'none') {
        await this.setAction(ep.id, 'none', null);
        return 'none';
      }
      await this.openCase(ep, pol);
      return 'case';
    } catch (err) {
      // the lease runs out and the sweep tries again
      this.p.log.error({ err, episodeId }, 'camera action failed; retried after the lease');
      return null;
    }
  }

  /**
   * The clock side, run every few seconds: vendors whose grace ran out — still seen at its end (a
   * detection within 10 s of it; cameras repeat about once a second) → a case; gone → `left`, no case —
   * and claims whose lease ran out (a process died while acting).
   */
  async sweep(): Promise<{ cases: number; left: number; retried: number }> {
    const left = await this.p.database.raw<{ id: string }>(`
      UPDATE camera_episodes e SET action = 'left', action_due_at = NULL
       WHERE action = 'warned' AND action_due_at <= now() AND last_at < action_due_at - make_interval(secs => $1::int) RETURNING id`, [10]);
    for (const l of left) await this.log(l.id, 'left', true, '警告后已离开，不立案');
    const stay = await this.p.database.raw<{ id: string }>(`
      UPDATE camera_episodes SET action = 'overstay', action_due_at = NULL
       WHERE action = 'warned' AND action_due_at <= now() RETURNING id`, []);
    for (const s of stay) await this.log(s.id, 'overstay', true, `警告 ${this.policy('0501').graceSeconds} 秒后仍在，转执法立案`);
    const stale = await this.p.database.raw<{ id: string }>("SELECT id FROM camera_episodes WHERE action IN ('pending', 'acting') AND coalesce(action_due_at, triggered_at + interval '1 minute') < now() LIMIT 100", []);
    let cases = 0;
    for (const s of stay) if ((await this.act(s.id)) === 'case') cases++;
    for (const s of stale) await this.act(s.id);
    return { cases, left: left.length, retried: stale.length };
  }

  private async setAction(id: string, action: string, due: Date | null, caseId?: string): Promise<void> {
    await this.p.database.raw('UPDATE camera_episodes SET action = $2, action_due_at = $3, case_id = coalesce($4, case_id) WHERE id = $1',
      [id, action, due ? due.toISOString() : null, caseId ?? null]);
  }

  private async log(episodeId: string, kind: string, ok: boolean, detail: string, attempts = 1): Promise<void> {
    await this.p.database.raw('INSERT INTO camera_actions (episode_id, kind, ok, attempts, detail) VALUES ($1, $2, $3, $4, $5)', [episodeId, kind, ok, attempts, detail.slice(0, 500)]);
  }

  /** Play the warning unless it is quiet time, the hour's cap is reached or there is no speaker. */
  private async warn(ep: Claimed, pol: CategoryPolicy): Promise<boolean> {
    if (!ep.speaker_url) return false;
    if (isQuiet(Date.now(), pol.quietHours)) {
      await this.log(ep.id, 'quiet', true, `静音时段 ${pol.quietHours[0]}:00–${pol.quietHours[1]}:00，不播放`);
      return false;
    }
    const [{ n }] = await this.p.database.raw<{ n: number }>(`
      SELECT count(*)::int AS n FROM camera_actions a JOIN camera_episodes e ON e.id = a.episode_id
       WHERE e.camera_id = $1 AND a.kind = 'speaker' AND a.ok AND a.at > now() - interval '1 hour'`, [ep.camera_id]);
    if (n >= pol.repeatCap) {
      await this.log(ep.id, 'capped', true, `本小时已播放 ${n} 次（上限 ${pol.repeatCap}）`);
      return false;
    }
    let attempts = 0;
    let error = '';
    for (const wait of [0, ...this.backoff]) {
      if (wait) await new Promise((r) => setTimeout(r, wait));
      attempts++;
      try {
        const res = await fetch(ep.speaker_url, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'play', text: pol.clip }), signal: AbortSignal.timeout(3000),
        });
        if (res.ok) {
          await this.log(ep.id, 'speaker', true, pol.clip, attempts);
          return true;
        }
        error = `HTTP ${res.status}`;
      } catch (err) {
        error = (err as Error).message;
      }
    }
    this.p.log.warn({ episodeId: ep.id, cameraId: ep.camera_id, error }, 'speaker did not answer; the case opens without the warning');
    await this.log(ep.id, 'speaker', false, `喇叭无响应（${error}），直接立案`, attempts);
    return false;
  }

  /** An ordinary case, registered and dispatched by the system to whoever handles the category there. */
  private async openCase(ep: Claimed, pol: CategoryPolicy): Promise<void> {
    if (ep.case_id) return void (await this.setAction(ep.id, 'case', null));
    const category = (await this.cases.categories(true)).find((c) => c.code === ep.category);
    const what = category?.name ?? ep.category;
    const village = ep.region_code.slice(0, 12);
    // the one routing rule: the category's lead kind, the camera's own organisation first (cases/routing.ts)
    const target = await this.source.route(ep.category, { regionCode: ep.region_code, villageCode: village }, { organisationId: ep.organisation_id });
    // one transaction keyed by the episode: the case registered (and dispatched) and the episode's link
    const { case: c } = await this.source.open({
      source: 'camera', sourceRef: `camera-episode:${ep.id}`,
      title: `${ep.name}：${what}`,
      description: `摄像头「${ep.name}」${ep.view ? `（${ep.view}）` : ''}自 ${fmtTime(ep.opened_at)} 起检测到${what}，持续至 ${fmtTime(ep.last_at)}，共 ${ep.detections} 次。`,
      categoryCode: ep.category, severity: pol.severity, lon: ep.lon, lat: ep.lat, media: ep.snapshot ? [ep.snapshot] : [],
      register: {}, dispatch: target,
      link: async (tx, made) => {
        await tx.execute(sql`UPDATE camera_episodes SET action = ${pol.action === 'notify_and_case' ? 'notified' : 'case'}, action_due_at = NULL, case_id = ${made.id} WHERE id = ${ep.id}`);
      },
    });
    await this.log(ep.id, 'case', true, `${c.no}${target ? '' : '（待指挥室派遣）'}`);
    if (pol.action === 'notify_and_case') await this.tell(ep, c.id, c.no, what);
  }

  /** The area's cleaner(s), the grid worker and the township command room, at once (SMS + in-app). */
  private async tell(ep: Claimed, caseId: string, no: string, what: string): Promise<void> {
    const village = ep.region_code.slice(0, 12);
    const township = `${village.slice(0, 9)}000`;
    const groups = await Promise.all([
      ep.organisation_id ? this.users.contacts({ organisationId: ep.organisation_id }) : Promise.resolve([]),
      // the grid worker of the camera's grid or of its village
      this.users.contacts({ role: 'grid_worker', regionCodes: [...new Set([village, ep.region_code])] }),
      this.users.contacts({ role: 'operator', regionCodes: [township] }),
    ]);
    const recipients = [...new Set(groups.flat().map((u) => u.id))];
    const request: NotificationRequest = { recipients, title: `${what}：${ep.name}`, body: `${ep.view ?? ep.name}${what}，请尽快处理（事件 ${no}）`, caseId, sms: true };
    await this.p.tx((tx) => emitEvent(tx, NOTIFICATION_REQUESTED, { ...request }, { regionCode: ep.region_code, aggregateId: caseId }));
    await this.log(ep.id, 'notify', true, `保洁 ${groups[0].length} 人、网格员 ${groups[1].length} 人、指挥室 ${groups[2].length} 人`);
  }

  /**
   * The cleaner fed back with a photo: if the camera no longer sees the overflow (its episode closed or
   * silent past the category's silence), the system closes the case; otherwise the command room checks.
   */
  async onFeedback(caseId: string): Promise<boolean> {
    const [ep] = await this.p.database.raw<{ category: string; closed_at: Date | null; last_at: Date }>(
      "SELECT category, closed_at, last_at FROM camera_episodes WHERE case_id = $1 AND action = 'notified'", [caseId]);
    if (!ep) return false;
    const silent = ep.closed_at !== null || Date.now() - new Date(ep.last_at).getTime() > this.policy(ep.category).silenceSeconds * 1000;
    if (!silent) return false;
    try {
      await this.cases.act(null, caseId, { action: 'close', note: '保洁员已拍照反馈，摄像头确认垃圾桶不再满溢，系统办结' }, { system: true });
      return true;
    } catch (err) {
      this.p.log.warn({ err, caseId }, 'bin case not closed by the camera');
      return false;
    }
  }
}
