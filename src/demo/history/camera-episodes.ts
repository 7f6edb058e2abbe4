/**
 * A year of what the demo's cameras saw, stored through the camera intake's history path (episodes
 * folded by the live rules, nothing acted on: no speaker, no case). Each camera has
 * - the episodes of the cases the case history opened from it (`CameraCase`): the condition starts so
 *   that it triggers when the case was opened (a vendor: the warning a grace period before, then
 *   "still there"), and lasts until it was dealt with — a bin until the cleaner's photo;
 * - vendors who left after the warning (no case), and the short sightings below a category's trigger
 *   (a car stopping for a minute, someone walking past the water, a wisp of smoke).
 * Cameras repeat a detection about once a second; the history's repeat every 10–60 s (by category),
 * so a year stays at tens of thousands of rows. The last week's episodes have snapshots.
 */
import type { ModuleServices as Services } from '../../platform/module.ts';
import type { Platform } from '../../platform/context.ts';
import { isQuiet } from '../../cameras/policy.ts';
import type { HistoryDetection, HistoryEpisode, HistoryOutcome } from '../../cameras/history.ts';
import { DEMO_CAMERAS, SEES, type DemoCamera } from '../cameras.ts';
import { snapshot } from '../camera-sim.ts';
import type { CameraCase } from './cases.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * Seconds between the history's repeats; how long at most a case's condition stays after the case
 * opened (a bin until the cleaner's photo, a vendor until enforcement comes, a fire until it is out);
 * the sightings a year that come to nothing.
 */
const HABITS: Record<DemoCamera['sees'], { every: number; lingerMin: number; blips: number; blipSeconds: [number, number]; left?: number }> = {
  bin: { every: 60, lingerMin: 180, blips: 40, blipSeconds: [5, 40] }, // a bag on the lid
  vendor: { every: 10, lingerMin: 40, blips: 120, blipSeconds: [3, 15], left: 100 }, // someone with a cart passing; vendors who heard the warning and left
  parking: { every: 15, lingerMin: 90, blips: 150, blipSeconds: [30, 240] }, // a car stopping for a few minutes
  smoke: { every: 5, lingerMin: 30, blips: 8, blipSeconds: [2, 8] }, // steam, dust
  fishing: { every: 15, lingerMin: 120, blips: 50, blipSeconds: [15, 45] }, // someone walking along the shore
};

interface Condition {
  from: number;
  to: number;
  link?: { caseId: string; no: string; at: number };
  /** A vendor who leaves after the warning. */
  leaves?: boolean;
}

export interface CameraHistoryResult {
  episodes: number;
  detections: number;
  linked: number;
}

export async function seedCameraHistory(
  p: Platform, services: Services, rand: () => number, now: number, days: number, cameraCases: CameraCase[],
): Promise<CameraHistoryResult> {
  const start = now - days * DAY;
  const cams = await p.database.raw<{ id: string; name: string }>('SELECT id, name FROM cameras', []);
  const caseRows = cameraCases.length
    ? await p.database.raw<{ id: string; no: string; feedback_at: Date | null }>('SELECT id, no, feedback_at FROM cases WHERE id = ANY($1::uuid[])', [cameraCases.map((c) => c.caseId)])
    : [];
  const caseInfo = new Map(caseRows.map((r) => [r.id, r]));
  const result: CameraHistoryResult = { episodes: 0, detections: 0, linked: 0 };
  for (const [index, demo] of DEMO_CAMERAS.entries()) {
    const cam = cams.find((c) => c.name === demo.name);
    if (!cam) continue;
    const sees = SEES[demo.sees];
    const pol = services.cameraPolicies.of(sees.category);
    const habit = HABITS[demo.sees];
    const conditions: Condition[] = [];
    for (const cc of cameraCases.filter((c) => c.cameraId === cam.id)) {
      const info = caseInfo.get(cc.caseId);
      if (!info) continue;
      // it triggers when the case opened; a vendor's case opens a grace period after the warning
      const vendor = pol.action === 'warn_then_case' && !isQuiet(cc.at - pol.graceSeconds * SEC, pol.quietHours);
      const trig = cc.at - (vendor ? pol.graceSeconds * SEC : 0);
      const from = trig - pol.triggerAfterSeconds * SEC - Math.floor(rand() * habit.every) * SEC;
      const linger = (0.2 + rand() * 0.8) * habit.lingerMin * MIN;
      const dealt = info.feedback_at ? new Date(info.feedback_at).getTime() : cc.at + linger;
      const to = Math.min(Math.max(cc.at + habit.every * SEC, dealt), cc.at + linger, now - 10 * MIN);
      conditions.push({ from, to, link: { caseId: cc.caseId, no: info.no, at: cc.at } });
    }
    // what came to nothing, kept clear of the cases' episodes (and their cool-downs) and of each other
    const clear = (from: number, to: number) => conditions.every((c) => to + pol.cooldownSeconds * SEC < c.from || from > c.to + pol.cooldownSeconds * SEC);
    const sightings = (n: number, seconds: (r: number) => number, leaves: boolean) => {
      for (let i = 0; i < n; i++) {
        const day = start + Math.floor(rand() * days) * DAY;
        const from = day - ((day + 8 * HOUR) % DAY) + (7 + rand() * 14) * HOUR; // 07–21 Shanghai
        const to = from + seconds(rand()) * SEC;
        if (to < now - 10 * MIN && clear(from, to)) conditions.push({ from, to, leaves });
      }
    };
    const yearly = (n: number) => Math.round(n * (days / 365));
    // below the trigger: a repeat short of it, whatever the count
    const below = Math.min(habit.blipSeconds[1], pol.triggerAfterSeconds - habit.every - 1);
    sightings(yearly(habit.blips), (r) => Math.max(0, habit.blipSeconds[0] + r * (below - habit.blipSeconds[0])), false);
    if (habit.left && pol.action === 'warn_then_case') sightings(yearly(habit.left), (r) => pol.triggerAfterSeconds + 10 + r * (pol.graceSeconds - 40), true);
    conditions.sort((a, b) => a.from - b.from);

    const detections: HistoryDetection[] = [];
    const firstSeen = new Map<number, Condition>(); // the first detection's ts → its condition
    for (const c of conditions) {
      firstSeen.set(c.from, c);
      for (let ts = c.from; ts <= c.to; ts += habit.every * SEC) {
        const mediaId = ts === c.from && c.from > now - 7 * DAY ? (await p.media.saveImage(p.db, await snapshot(sees.label, ts, index + 1), null)).id : null;
        detections.push({ channel: 1, category: sees.category, code: sees.code, region: '1', ts, confidence: Math.round((0.78 + rand() * 0.2) * 100) / 100, mediaId });
      }
    }
    const settle = (e: HistoryEpisode): HistoryOutcome => {
      const c = firstSeen.get(e.openedAt);
      if (!c?.link) {
        // a vendor who heard the warning and went (anything else short of a case stays below its trigger)
        const gone = e.triggeredAt + pol.graceSeconds * SEC;
        return c?.leaves && pol.action === 'warn_then_case'
          ? { action: 'left', log: [{ at: e.triggeredAt, kind: 'speaker', ok: true, detail: pol.clip }, { at: gone, kind: 'left', ok: true, detail: '警告后已离开，不立案' }] }
          : { action: 'none' };
      }
      const { caseId, no, at } = c.link;
      const log: NonNullable<HistoryOutcome['log']> = [];
      if (pol.action === 'warn_then_case') {
        if (isQuiet(e.triggeredAt, pol.quietHours)) log.push({ at: e.triggeredAt, kind: 'quiet', ok: true, detail: `静音时段 ${pol.quietHours[0]}:00–${pol.quietHours[1]}:00，不播放` });
        else {
          log.push({ at: e.triggeredAt, kind: 'speaker', ok: true, detail: pol.clip });
          log.push({ at, kind: 'overstay', ok: true, detail: `警告 ${pol.graceSeconds} 秒后仍在，转执法立案` });
        }
      }
      log.push({ at, kind: 'case', ok: true, detail: no });
      if (pol.action === 'notify_and_case') log.push({ at, kind: 'notify', ok: true, detail: '保洁、网格员、指挥室已通知' });
      result.linked++;
      return { action: pol.action === 'notify_and_case' ? 'notified' : 'case', caseId, log };
    };
    const stored = await services.cameraIntake.storeHistory(cam.id, detections, settle);
    result.episodes += stored.episodes;
    result.detections += stored.detections;
  }
  return result;
}
