/**
 * Claiming and settling delayed jobs (the scheduler's table of run-at rows): due rows of the kinds
 * this process handles are claimed with `FOR UPDATE SKIP LOCKED` under a lease, handled outside any
 * transaction, then marked done, or retried with backoff, or kept as failed after their last attempt.
 */
import type { Logger } from 'pino';
import type { Database } from './db/index.ts';

export interface DelayedJobInfo {
  id: number;
  /** 1 on the first try. */
  attempt: number;
}

export interface Handler {
  run: (payload: unknown, info: DelayedJobInfo) => Promise<void> | void;
  maxAttempts: number;
  backoffMs: (attempt: number) => number;
}

/** A delayed job's lease: a handler running longer may run twice. */
const DELAYED_LEASE_SECONDS = 300;

interface DelayedRow { id: string | number; kind: string; payload: unknown; attempts: number; max_attempts: number }

/** Claim and handle due rows batch by batch until none is left (or `closing()`); answers how many. */
export async function drainDelayed(database: Database, log: Logger, handlers: Map<string, Handler>, batch: number, closing: () => boolean): Promise<number> {
  let handled = 0;
  for (;;) {
    const rows = await database.raw<DelayedRow>(`
      UPDATE delayed_jobs SET run_at = now() + make_interval(secs => $3), attempts = attempts + 1
       WHERE id IN (SELECT id FROM delayed_jobs
                     WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= now() AND kind = ANY($1::text[])
                     ORDER BY run_at LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, attempts, max_attempts`, [[...handlers.keys()], batch, DELAYED_LEASE_SECONDS]);
    for (const row of rows) await handleDelayed(database, log, handlers.get(row.kind)!, row);
    handled += rows.length;
    if (rows.length < batch || closing()) return handled;
  }
}

async function handleDelayed(database: Database, log: Logger, h: Handler, row: DelayedRow): Promise<void> {
  const id = Number(row.id);
  try {
    await h.run(row.payload, { id, attempt: row.attempts });
    await database.raw('UPDATE delayed_jobs SET done_at = now(), last_error = NULL WHERE id = $1', [id]);
  } catch (err) {
    const error = (err as Error).message || String(err);
    const final = row.attempts >= row.max_attempts;
    log[final ? 'error' : 'warn']({ err, kind: row.kind, id, attempt: row.attempts }, final ? 'delayed job failed for good' : 'delayed job failed; will retry');
    await database.raw(
      `UPDATE delayed_jobs SET last_error = $2, failed_at = CASE WHEN $3::boolean THEN now() END,
              run_at = CASE WHEN $3::boolean THEN run_at ELSE now() + make_interval(secs => $4::float8) END WHERE id = $1`,
      [id, error, final, h.backoffMs(row.attempts) / 1000]).catch((e: unknown) => log.error({ err: e, id }, 'delayed job outcome not recorded'));
  }
}
