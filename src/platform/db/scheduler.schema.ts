import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * One row per named periodic job (platform/scheduler.ts). The row is the cluster's clock for the job:
 * a process runs a tick only after moving `next_run_at` on with a compare-and-set on `tick`, so exactly
 * one process runs each tick; `locked_until` is the lease of the run in progress (the overlap guard
 * across processes), renewed while the job runs and left to expire when its process dies.
 */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: varchar('name', { length: 80 }).primaryKey(),
  /** The schedule as registered (`every 30000 ms`, `cron 0 3 * * *`): a changed schedule restarts the clock. */
  schedule: text('schedule').notNull(),
  nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
  /** Counts claims; the compare-and-set token of a claim. */
  tick: bigint('tick', { mode: 'number' }).notNull().default(0),
  lockedBy: text('locked_by'),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
  /** The last run's error; null when it succeeded. */
  lastError: text('last_error'),
  lastFailedAt: timestamp('last_failed_at', { withTimezone: true }),
  failures: integer('failures').notNull().default(0),
});

/**
 * Typed delayed jobs (expiry, grace periods, scheduled bulletins): written in the caller's transaction,
 * claimed when `run_at` has come with FOR UPDATE SKIP LOCKED. While a row runs, `run_at` is its lease;
 * a failure moves it on by the backoff; after `max_attempts` the row stays with `failed_at` set.
 */
export const delayedJobs = pgTable('delayed_jobs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: varchar('kind', { length: 80 }).notNull(),
  payload: jsonb('payload').notNull(),
  runAt: timestamp('run_at', { withTimezone: true }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull().default(5),
  lastError: text('last_error'),
  doneAt: timestamp('done_at', { withTimezone: true }),
  failedAt: timestamp('failed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('delayed_jobs_due_idx').on(t.runAt).where(sql`done_at IS NULL AND failed_at IS NULL`)]);
