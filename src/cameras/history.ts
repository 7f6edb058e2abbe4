/**
 * Camera history (a demo's past, an import of an edge box's archive): detections with their own past
 * times, folded into episodes by the same rules as live ones (a tracker of its own, so the live
 * tracker's keys and cool-downs are untouched), and nothing acted on. What the platform did about a
 * triggered episode in that past is the caller's to say (`settle`): only a finished outcome is
 * accepted — a `pending`, `acting`, `warned` or `overstay` row would be taken up by the camera clock
 * and act (a speaker, a case) on old news. Every episode is closed at its last detection.
 */
import crypto from 'node:crypto';
import { badRequest } from '../platform/errors.ts';
import { EpisodeTracker, type EpisodeEvent, type Policy } from './episodes.ts';

export interface HistoryDetection {
  channel: number;
  category: string;
  /** The vendor's event code, as stored with a live detection. */
  code: string;
  region: string;
  ts: number;
  confidence: number;
  /** A picture already in the media store (the episode's snapshot when it opens or triggers it). */
  mediaId?: string | null;
}

/** A triggered (not suppressed) episode of the history, for the caller to settle. */
export interface HistoryEpisode {
  id: string;
  category: string;
  region: string;
  channel: number;
  openedAt: number;
  triggeredAt: number;
  lastAt: number;
  detections: number;
}

/** What was done about it then: a finished action, the case it opened, and the log lines. */
export interface HistoryOutcome {
  action: 'none' | 'left' | 'case' | 'notified';
  caseId?: string | null;
  log?: { at: number; kind: string; ok: boolean; detail: string }[];
}

export const FINISHED_ACTIONS = new Set(['none', 'left', 'case', 'notified', 'suppressed']);

export interface FoldedHistory {
  rows: { c: string; ch: number; cat: string; t: string; code: string; r: string; conf: number; e: string; b: null; m: string | null }[];
  episodes: {
    id: string; c: string; ch: number; cat: string; r: string; opened: string; last: string; conf: number; trig: string | null;
    action: string; closed: string; snap: string | null; caseId: string | null;
  }[];
  log: { e: string; at: string; kind: string; ok: boolean; detail: string }[];
}

/** Fold one camera's detections (any order) into rows and closed, settled episodes. */
export function foldHistory(
  cameraId: string, detections: HistoryDetection[], policy: (category: string) => Policy, settle: (e: HistoryEpisode) => HistoryOutcome,
): FoldedHistory {
  const tracker = new EpisodeTracker(policy, () => crypto.randomUUID());
  const sorted = [...detections].sort((a, b) => a.ts - b.ts);
  const out: FoldedHistory = { rows: [], episodes: [], log: [] };
  const open = new Map<string, FoldedHistory['episodes'][number] & { n: number; firstTs: number; trigTs: number | null; suppressed: boolean }>();
  const iso = (ts: number) => new Date(ts).toISOString();
  const finish = (id: string) => {
    const ep = open.get(id)!;
    open.delete(id);
    ep.closed = ep.last;
    if (ep.trigTs !== null && !ep.suppressed) {
      const o = settle({ id, category: ep.cat, region: ep.r, channel: ep.ch, openedAt: ep.firstTs, triggeredAt: ep.trigTs, lastAt: Date.parse(ep.last), detections: ep.n });
      if (!FINISHED_ACTIONS.has(o.action)) throw badRequest('VALIDATION_FAILED', `a history episode must be settled with a finished action, not ${o.action}`);
      ep.action = o.action;
      ep.caseId = o.caseId ?? null;
      for (const l of o.log ?? []) out.log.push({ e: id, at: iso(l.at), kind: l.kind, ok: l.ok, detail: l.detail.slice(0, 500) });
    }
    const { n: _n, firstTs: _f, trigTs: _t, suppressed: _s, ...row } = ep;
    out.episodes.push(row);
  };
  for (const d of sorted) {
    const events: EpisodeEvent[] = [];
    const { episodeId } = tracker.add({ cameraId, ...d }, events);
    for (const e of events) if (e.kind === 'closed' && open.has(e.episodeId)) finish(e.episodeId);
    if (!episodeId) continue; // below the category's confidence
    const t = iso(d.ts);
    let ep = open.get(episodeId);
    if (!ep) {
      ep = { id: episodeId, c: cameraId, ch: d.channel, cat: d.category, r: d.region, opened: t, last: t, conf: 0, trig: null, action: 'none', closed: t, snap: null, caseId: null, n: 0, firstTs: d.ts, trigTs: null, suppressed: false };
      open.set(episodeId, ep);
    }
    if (d.ts < Date.parse(ep.last)) continue; // late for its key: the live path judges it by nobody either
    ep.last = t;
    ep.n++;
    ep.conf = Math.max(ep.conf, d.confidence);
    ep.snap ??= d.mediaId ?? null;
    for (const e of events) {
      if (e.episodeId !== episodeId || (e.kind !== 'triggered' && e.kind !== 'suppressed')) continue;
      ep.trig = t;
      ep.trigTs = d.ts;
      ep.suppressed = e.kind === 'suppressed';
      if (ep.suppressed) ep.action = 'suppressed';
    }
    out.rows.push({ c: cameraId, ch: d.channel, cat: d.category, t, code: d.code, r: d.region, conf: d.confidence, e: episodeId, b: null, m: d.mediaId ?? null });
  }
  for (const id of [...open.keys()]) finish(id);
  return out;
}

