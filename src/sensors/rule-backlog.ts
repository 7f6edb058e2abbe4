/**
 * The rules behind the acknowledgement (issue 13): an MQTT message is acknowledged once its readings are
 * durable, and its rules run afterwards, in the device's order (the subscriber's per-device chain). An
 * alarm decision is a transaction, perhaps with a case and its routing — tens of milliseconds — and
 * while the PUBACK waited for it the in-flight window filled with messages whose readings were long
 * stored: 0.18 of the raw subscriber's rate on a noisy stream.
 *
 * Bounded: once `limit` messages wait to be judged, `add` answers only when one is done, so the PUBACKs
 * slow down, the window fills and the broker keeps the rest (the consumer shows as lagging). Readings
 * acknowledged but not judged when the process dies are judged by the next one: the alarms keep a cursor
 * per device (alarms.ts, `catchUp`).
 */
export class RuleBacklog {
  /** Messages whose rules have not finished. */
  pending = 0;
  /** Most at once so far. */
  peak = 0;
  /** Messages judged (successfully or not) since start. */
  judged = 0;
  private room: (() => void)[] = [];
  private idle: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Count `run` (already started, already in order) in; resolves once there is room for another. */
  add(run: Promise<unknown>): Promise<void> {
    this.pending++;
    this.peak = Math.max(this.peak, this.pending);
    void run.then(this.done, this.done);
    return this.pending <= this.limit ? Promise.resolve() : new Promise((resolve) => this.room.push(resolve));
  }

  /** Resolves when nothing waits to be judged (a stop lets the rules finish before the database closes). */
  drained(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  private done = () => {
    this.pending--;
    this.judged++;
    while (this.room.length && this.pending <= this.limit) this.room.shift()!();
    if (this.pending === 0) for (const resolve of this.idle.splice(0)) resolve();
  };
}
