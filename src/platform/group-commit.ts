/**
 * Group commit: items arriving while a batch is being written queue up and go together in the next
 * write (up to `maxWeight`, `parallel` writes in flight). A lone item is written at once — no timer, no
 * added latency — and under load many items share one round trip and one commit. With `retrySingly`, a
 * failed batch is written again item by item so each gets its own answer (say, one duplicate key among
 * many good rows).
 */
export interface GroupCommitOptions<T> {
  parallel?: number;
  maxWeight?: number;
  weight?: (item: T) => number;
  retrySingly?: boolean;
}

interface Waiting<T, R> {
  item: T;
  resolve(r: R): void;
  reject(err: unknown): void;
}

export class GroupCommit<T, R> {
  private queue: Waiting<T, R>[] = [];
  private writers = 0;

  constructor(
    /** Writes a batch; answers in the batch's order. */
    private write: (batch: T[]) => Promise<R[]>,
    private opts: GroupCommitOptions<T> = {},
  ) {}

  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.writers < (this.opts.parallel ?? 2)) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    const max = this.opts.maxWeight ?? 64;
    const weight = this.opts.weight ?? (() => 1);
    this.writers++;
    try {
      while (this.queue.length > 0) {
        const batch: Waiting<T, R>[] = [];
        for (let w = 0; this.queue.length > 0 && (batch.length === 0 || w + weight(this.queue[0].item) <= max);) {
          const next = this.queue.shift()!;
          w += weight(next.item);
          batch.push(next);
        }
        try {
          const results = await this.write(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(results[i]));
        } catch (err) {
          if (!this.opts.retrySingly || batch.length === 1) {
            for (const b of batch) b.reject(err);
            continue;
          }
          for (const b of batch) await this.write([b.item]).then(([r]) => b.resolve(r), b.reject);
        }
      }
    } finally {
      this.writers--;
    }
  }
}
