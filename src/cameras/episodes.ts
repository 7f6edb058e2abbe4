/**
 * Episode dedup for camera detections (DOMAIN.md §4), pure and in memory. Cameras repeat a detection
 * about once a second while a condition lasts and rarely say when it ends, so detections fold into
 * episodes keyed by (camera, channel, category, detection region):
 *
 * - an episode opens on the first detection at or above the category's confidence threshold (weaker
 *   ones are counted as dropped, never open anything), refreshes on each repeat, and closes after
 *   `silenceSeconds` without one (found by the next detection of its key or by `sweep`);
 * - it *triggers* — the point where the category's action runs (a warning, a case) — once the condition
 *   has lasted `triggerAfterSeconds` or `triggerAfterCount` detections, whichever comes first;
 * - a trigger within `cooldownSeconds` of the key's previous trigger is *suppressed* (flapping
 *   conditions and a camera that loses sight for a moment do not open a second case).
 *
 * Detections are judged in time order per key; one older than the key's last is counted but changes
 * nothing. State per open key: a few numbers.
 */
export interface Policy {
  minConfidence: number;
  triggerAfterSeconds: number;
  triggerAfterCount: number;
  silenceSeconds: number;
  cooldownSeconds: number;
}

export interface Detection {
  cameraId: string;
  channel: number;
  category: string;
  region: string;
  ts: number;
  confidence: number;
}

export type EpisodeEvent =
  | { kind: 'opened'; key: string; episodeId: string; ts: number }
  | { kind: 'triggered'; key: string; episodeId: string; ts: number; firstTs: number; count: number }
  | { kind: 'suppressed'; key: string; episodeId: string; ts: number }
  | { kind: 'closed'; key: string; episodeId: string; ts: number; count: number; triggered: boolean };

interface KeyState {
  episodeId: string | null;
  firstTs: number;
  lastTs: number;
  count: number;
  triggered: boolean;
  /** Time of the key's last trigger (for the cool-down), kept after its episode closed. */
  lastTriggerTs: number;
}

export const keyOf = (d: Pick<Detection, 'cameraId' | 'channel' | 'category' | 'region'>) => `${d.cameraId}|${d.channel}|${d.category}|${d.region}`;

export class EpisodeTracker {
  private keys = new Map<string, KeyState>();
  private seq = 0;

  constructor(
    private policyOf: (category: string) => Policy,
    /** Episode ids; the service uses UUIDs, tests may count. */
    private newId: () => string = () => `e${++this.seq}`,
  ) {}

  get openCount(): number {
    let n = 0;
    for (const s of this.keys.values()) if (s.episodeId) n++;
    return n;
  }

  /** One detection in; what happened to its episode out. Returns [] and false for a dropped one. */
  add(d: Detection, out: EpisodeEvent[] = []): { episodeId: string | null; events: EpisodeEvent[] } {
    const p = this.policyOf(d.category);
    if (d.confidence < p.minConfidence) return { episodeId: null, events: out };
    const key = keyOf(d);
    let s = this.keys.get(key);
    if (!s) this.keys.set(key, (s = { episodeId: null, firstTs: 0, lastTs: -Infinity, count: 0, triggered: false, lastTriggerTs: -Infinity }));
    if (d.ts < s.lastTs) return { episodeId: s.episodeId, events: out }; // late: counted by the caller, judged by nobody
    if (s.episodeId && d.ts - s.lastTs > p.silenceSeconds * 1000) this.close(key, s, out);
    if (!s.episodeId) {
      s.episodeId = this.newId();
      s.firstTs = d.ts;
      s.count = 0;
      s.triggered = false;
      out.push({ kind: 'opened', key, episodeId: s.episodeId, ts: d.ts });
    }
    s.lastTs = d.ts;
    s.count++;
    if (!s.triggered && (s.count >= p.triggerAfterCount || d.ts - s.firstTs >= p.triggerAfterSeconds * 1000)) {
      s.triggered = true;
      if (d.ts - s.lastTriggerTs < p.cooldownSeconds * 1000) out.push({ kind: 'suppressed', key, episodeId: s.episodeId, ts: d.ts });
      else {
        s.lastTriggerTs = d.ts;
        out.push({ kind: 'triggered', key, episodeId: s.episodeId, ts: d.ts, firstTs: s.firstTs, count: s.count });
      }
    }
    return { episodeId: s.episodeId, events: out };
  }

  /** Does this process hold state for the key? */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  /**
   * Take up a key where the database left it (a new process): its open episode, if still within the
   * silence, and its last trigger time for the cool-down. Ignored when the key is already tracked.
   */
  resume(key: string, last: { episodeId: string | null; firstTs: number; lastTs: number; count: number; triggered: boolean; lastTriggerTs: number | null }): void {
    if (this.keys.has(key)) return;
    this.keys.set(key, {
      episodeId: last.episodeId, firstTs: last.firstTs, lastTs: last.episodeId ? last.lastTs : -Infinity, count: last.count,
      triggered: last.triggered, lastTriggerTs: last.lastTriggerTs ?? -Infinity,
    });
  }

  /** Close episodes silent for longer than their category's silence at `now`; forget keys past their cool-down. */
  sweep(now: number, out: EpisodeEvent[] = []): EpisodeEvent[] {
    for (const [key, s] of this.keys) {
      const p = this.policyOf(key.split('|')[2]);
      if (s.episodeId && now - s.lastTs > p.silenceSeconds * 1000) this.close(key, s, out);
      if (!s.episodeId && now - s.lastTriggerTs > p.cooldownSeconds * 1000) this.keys.delete(key);
    }
    return out;
  }

  /** Is the key's episode still open (seen within its silence) at `now`? */
  isOpen(episodeKey: string, now: number): boolean {
    const s = this.keys.get(episodeKey);
    return !!s?.episodeId && now - s.lastTs <= this.policyOf(episodeKey.split('|')[2]).silenceSeconds * 1000;
  }

  private close(key: string, s: KeyState, out: EpisodeEvent[]): void {
    out.push({ kind: 'closed', key, episodeId: s.episodeId!, ts: s.lastTs, count: s.count, triggered: s.triggered });
    s.episodeId = null;
  }
}
