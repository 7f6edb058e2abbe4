/**
 * Group commit for reports: while one batch is being written, the reports that arrive queue up and go
 * together in the next statement (up to `maxBatch`). A lone report is written at once — no timer, no
 * added latency — and under load many reports share one round trip and one commit. If a batch fails
 * (a retried submission's client key, say), its reports are written one by one, so each gets its own
 * answer.
 */
import type { Database } from '../platform/db/index.ts';
import { insertReports, type CaseRow, type NewReport } from './cases.repository.ts';

interface Waiting {
  report: NewReport;
  resolve(row: CaseRow): void;
  reject(err: unknown): void;
}

export class ReportBatcher {
  private queue: Waiting[] = [];
  private writers = 0;

  constructor(
    private database: Database,
    /** Statements in flight at once (PostgreSQL runs them in parallel; PGlite queues them anyway). */
    private parallel = 2,
    private maxBatch = 64,
  ) {}

  add(report: NewReport): Promise<CaseRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ report, resolve, reject });
      if (this.writers < this.parallel) void this.write();
    });
  }

  private async write(): Promise<void> {
    this.writers++;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const rows = await insertReports(this.database, batch.map((w) => w.report));
          batch.forEach((w, i) => w.resolve(rows[i]));
        } catch (err) {
          if (batch.length === 1) {
            batch[0].reject(err);
            continue;
          }
          for (const w of batch) await insertReports(this.database, [w.report]).then(([row]) => w.resolve(row), w.reject);
        }
      }
    } finally {
      this.writers--;
    }
  }
}
