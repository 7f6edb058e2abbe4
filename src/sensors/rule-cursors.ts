/**
 * Each device's rule cursor: the newest reading time its rules have judged (device_rule_cursors). Moves
 * in memory as readings are judged and is written for all moved devices in one statement about once a
 * second (and at stop). When a process first judges a device, the readings stored after the cursor but
 * never judged — acknowledged by a process that died before its rules ran (rule-backlog.ts) — are judged
 * first. Only the last day is caught up: an older reading's alarm is not news.
 */
import type { Platform } from '../platform/context.ts';
import type { Reading } from './telemetry.ts';

const FLUSH_MS = 1000;
/** At most this many missed readings of one device are judged at once (a day of minute readings). */
const CATCH_UP_LIMIT = 5000;

export class RuleCursors {
  private moved = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private p: Platform) {}

  /** The device's rules have judged readings up to `ts` (ms). */
  judged(deviceId: string, ts: number): void {
    if (this.closed) return;
    if ((this.moved.get(deviceId) ?? -Infinity) < ts) this.moved.set(deviceId, ts);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flushing = this.flush().catch((err: unknown) => this.p.log.warn({ err }, 'rule cursors not written (written again with the next ones)'));
    }, FLUSH_MS).unref();
  }

  /** Numeric readings of the device stored after its cursor and before `before` (ms), oldest first. */
  async missed(deviceId: string, before: number): Promise<Reading[]> {
    const rows = await this.p.database.raw<{ key: string; ts: Date | string; value: number }>(`
      SELECT r.key, r.ts, r.value FROM device_rule_cursors c
        JOIN sensor_readings r ON r.device_id = c.device_id AND r.ts > GREATEST(c.judged_to, $3::timestamptz)
      WHERE c.device_id = $1 AND r.ts < $2 AND r.ts > now() - interval '1 day' AND r.value IS NOT NULL
      ORDER BY r.ts, r.key LIMIT ${CATCH_UP_LIMIT}`,
    // a cursor moved here but not written yet counts too (a device forgotten after a manual clear)
    [deviceId, new Date(before).toISOString(), new Date(this.moved.get(deviceId) ?? 0).toISOString()], { prepare: true });
    return rows.map((r) => ({ key: r.key, ts: new Date(r.ts).getTime(), value: Number(r.value) }));
  }

  /** Write the moved cursors (never backwards: another process may have judged further). */
  async flush(): Promise<void> {
    if (this.moved.size === 0) return;
    const batch = [...this.moved];
    this.moved.clear();
    try {
      await this.p.database.raw(`
        INSERT INTO device_rule_cursors (device_id, judged_to)
          SELECT d, t FROM unnest($1::uuid[], $2::timestamptz[]) AS m(d, t) WHERE EXISTS (SELECT 1 FROM devices WHERE id = m.d)
        ON CONFLICT (device_id) DO UPDATE SET judged_to = GREATEST(device_rule_cursors.judged_to, EXCLUDED.judged_to)`,
      [batch.map(([d]) => d), batch.map(([, t]) => new Date(t).toISOString())], { lazyCommit: true });
    } catch (err) {
      for (const [d, t] of batch) if ((this.moved.get(d) ?? -Infinity) < t) this.moved.set(d, t);
      throw err;
    }
  }

  /** At stop: what is moved is written, then nothing more. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flushing;
    await this.flush().catch((err: unknown) => this.p.log.warn({ err }, 'rule cursors not written at stop'));
    this.closed = true;
  }
}
