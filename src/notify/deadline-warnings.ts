/**
 * Deadline warnings (the notify module's clock job, on the sweep interval): cases past 75 % of a
 * time limit ("soon") and past the limit itself ("passed"), for both clocks — signing (DISPATCHED:
 * dispatched_at → sign_deadline) and handling (PROCESSING / EXTENSION_REQUESTED: signed_at → deadline;
 * a suspended case's clock stands still, so it is left out).
 *
 * One statement: find the due (case, kind, deadline) triples, insert them into notify_deadline_warnings
 * (ON CONFLICT DO NOTHING against its primary key) and emit `notify.deadline_warning` only for the rows
 * that insert made. A second run, or a second process sweeping at the same moment, inserts nothing and
 * emits nothing; a new deadline (an approved extension, a resumed case) is a new triple and warns again.
 * CaseNotices turns the events into messages.
 */
import type { Platform } from '../platform/context.ts';
import { eventTypeSql, outboxInsertSql } from '../platform/events.ts';

import { DEADLINE_WARNING, type DeadlineWarning } from './notify.events.ts';

export { DEADLINE_WARNING, type DeadlineWarning };

/** The share of the time limit after which the handler is warned. */
export const WARN_AT = 0.75;

/**
 * "Passed" is told for deadlines passed within this many hours only: cases overdue for longer are on the
 * 催办/督办 ladder already, and a first start on a database with a history must not text everybody.
 */
export const PASSED_WITHIN_HOURS = 24;

export async function sweepDeadlines(p: Platform, opts: { batch?: number } = {}): Promise<{ soon: number; passed: number }> {
  const [r] = await p.database.raw<{ soon: number; passed: number }>(`
    WITH clocks AS (
      SELECT c.id, 'handle' AS clock, c.signed_at AS started, c.deadline AS deadline
        FROM cases c WHERE c.state IN ('PROCESSING', 'EXTENSION_REQUESTED') AND c.deadline IS NOT NULL AND c.signed_at IS NOT NULL
      UNION ALL
      SELECT c.id, 'sign', c.dispatched_at, c.sign_deadline
        FROM cases c WHERE c.state = 'DISPATCHED' AND c.sign_deadline IS NOT NULL AND c.dispatched_at IS NOT NULL),
    due AS (
      SELECT k.id, k.clock || CASE WHEN k.deadline <= now() THEN '_passed' ELSE '_soon' END AS kind, k.deadline
        FROM clocks k
       WHERE now() >= k.started + (k.deadline - k.started) * $2::float8
         AND k.deadline > now() - make_interval(hours => $3)
         AND NOT EXISTS (SELECT 1 FROM notify_deadline_warnings w
                          WHERE w.case_id = k.id AND w.deadline = k.deadline
                            AND w.kind = k.clock || CASE WHEN k.deadline <= now() THEN '_passed' ELSE '_soon' END)
       LIMIT $1),
    ins AS (
      INSERT INTO notify_deadline_warnings (case_id, kind, deadline) SELECT id, kind, deadline FROM due
      ON CONFLICT DO NOTHING
      RETURNING case_id, kind, deadline),
    ev AS (
      ${outboxInsertSql({
        type: eventTypeSql(DEADLINE_WARNING), regionCode: 'c.region_code', aggregateId: 'c.id::text',
        // the DeadlineWarning payload (notify.events.ts)
        payload: `jsonb_build_object('caseId', c.id, 'no', c.no, 'title', c.title, 'level', c.level,
                                'clock', split_part(ins.kind, '_', 1), 'kind', split_part(ins.kind, '_', 2), 'deadline', ins.deadline)`,
      }, 'ins JOIN cases c ON c.id = ins.case_id')}
      RETURNING payload->>'kind' AS kind)
    SELECT (count(*) FILTER (WHERE kind = 'soon'))::int AS soon, (count(*) FILTER (WHERE kind = 'passed'))::int AS passed FROM ev`,
  [opts.batch ?? 2000, WARN_AT, PASSED_WITHIN_HOURS]);
  if (r.soon + r.passed > 0) p.events.kick();
  return { soon: r.soon, passed: r.passed };
}

export const NOTIFY_CLOCK_JOB = 'notify.clock';

/**
 * The notify module's clock work as a platform job on the sweep interval (`SWEEP_INTERVAL_MS`): deadline
 * warnings, then SMS and robot messages held back by quiet hours or a failure (NotifyService.clockWork).
 */
export function notifyClockJob(p: Platform, notify: { clockWork(): Promise<unknown> }): void {
  p.scheduler.every(NOTIFY_CLOCK_JOB, { intervalMs: p.config.sweepIntervalMs }, () => notify.clockWork());
}
