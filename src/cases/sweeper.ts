/**
 * The clock sweeper: finds cases whose time limit passed and acts, set-based (one UPDATE … RETURNING
 * per rule, rows claimed with FOR UPDATE SKIP LOCKED so several server processes can sweep at once).
 *
 * 1. Not signed by the signing deadline (DISPATCHED): categories with auto_escalate climb one level
 *    (back to REGISTERED there, owner cleared); the others get 催办.
 * 2. No feedback by the deadline (PROCESSING / EXTENSION_REQUESTED): auto_escalate categories climb;
 *    the others get 催办 (supervision 1).
 * 3. The ladder: 督办 (2) after `superviseAfterHours` overdue, 通报 (3) after `reportAfterDays`.
 * Every step writes timeline rows and domain events (case.overdue, case.escalated, case.supervised).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Platform } from '../platform/context.ts';
import { eventTypeSql, outboxInsertSql } from '../platform/events.ts';
import { casePayloadSql } from './case.events.ts';

export interface SweepOptions {
  batch?: number;
  superviseAfterHours?: number;
  reportAfterDays?: number;
}

export interface SweepResult {
  escalated: number;
  urged: number;
  supervised: number;
  reported: number;
}

/**
 * The case stays late after it climbs (its deadline is cleared): when and at which level it first
 * missed a deadline, for 按期结案率, 超期未结 and where the time was lost (kpis.ts).
 */
const LATE = sql`late_at = COALESCE(c.late_at, CASE WHEN c.state = 'DISPATCHED' THEN c.sign_deadline ELSE c.deadline END), late_level = COALESCE(c.late_level, c.level)`;

const NEXT_LEVEL = sql`CASE c.level WHEN 'village' THEN 'township' WHEN 'township' THEN 'district' ELSE 'city' END`;

/**
 * One rule as one statement: claim the due rows (FOR UPDATE SKIP LOCKED), change them, append their
 * timeline rows and events — all in the database, no row travels through JavaScript.
 */
function rule(due: SQL, set: SQL, action: 'escalate' | 'urge' | 'supervise' | 'report_publicly', eventType: 'case.escalated' | 'case.overdue' | 'case.supervised', note: string): SQL {
  return sql`
    WITH due AS (${due}),
    u AS (
      UPDATE cases c SET ${set}, version = c.version + 1, updated_at = now()
        FROM due WHERE c.id = due.id
      RETURNING c.*, due.from_state),
    tl AS (
      INSERT INTO case_timeline (case_id, actor_id, action, from_state, to_state, level, note, data)
      SELECT u.id, NULL, ${action}, u.from_state, u.state, u.level, ${note}, jsonb_build_object('supervision', u.supervision, 'system', true) FROM u
      RETURNING 1),
    ev AS (
      ${sql.raw(outboxInsertSql({
        type: eventTypeSql(eventType), regionCode: 'u.region_code', aggregateId: 'u.id::text',
        payload: casePayloadSql('u', { from: 'u.from_state', to: 'u.state', action: `'${action}'`, actorId: 'NULL' }),
      }, 'u'))}
      RETURNING 1)
    SELECT (SELECT count(*) FROM u)::int AS n`;
}

export async function sweepOnce(p: Platform, opts: SweepOptions = {}): Promise<SweepResult> {
  const batch = opts.batch ?? 5000;
  const superviseAfter = opts.superviseAfterHours ?? 24;
  const reportAfter = opts.reportAfterDays ?? 5;
  const result: SweepResult = { escalated: 0, urged: 0, supervised: 0, reported: 0 };
  await p.tx(async (tx) => {
    const run = async (q: SQL) => Number(((await tx.execute(q)) as unknown as { rows: { n: number }[] }).rows[0].n);
    const late = sql`((c.state = 'DISPATCHED' AND c.sign_deadline < now()) OR (c.state IN ('PROCESSING', 'EXTENSION_REQUESTED') AND c.deadline < now()))`;

    // 1 + 2a: auto-escalating categories whose signing or handling time ran out climb a level
    result.escalated = await run(rule(
      sql`SELECT c.id, c.state AS from_state FROM cases c JOIN case_categories k ON k.code = c.category_code
           WHERE k.auto_escalate AND c.level <> 'city' AND ${late} LIMIT ${batch} FOR UPDATE OF c SKIP LOCKED`,
      sql`state = 'REGISTERED', level = ${NEXT_LEVEL}, assignee_id = NULL, assigned_org_id = NULL, sign_deadline = NULL,
          deadline = NULL, fixed_deadline = NULL, co_handlers = '[]', supervision = 0, overdue_at = COALESCE(c.overdue_at, now()), ${LATE}`,
      'escalate', 'case.escalated', '超时未签收或未反馈，自动上报上一级'));

    // 2b: the others get 催办 at the deadline (or the signing deadline)
    result.urged = await run(rule(
      sql`SELECT c.id, c.state AS from_state FROM cases c JOIN case_categories k ON k.code = c.category_code
           WHERE NOT k.auto_escalate AND c.supervision = 0 AND ${late} LIMIT ${batch} FOR UPDATE OF c SKIP LOCKED`,
      sql`supervision = 1, overdue_at = now(), ${LATE}`,
      'urge', 'case.overdue', '已超过处置时限，催办'));

    // 3: 督办, then 通报
    const ladder = [
      [1, 2, sql`make_interval(hours => ${superviseAfter})`, 'supervised', 'supervise', '超期未办结，督办'],
      [2, 3, sql`make_interval(days => ${reportAfter})`, 'reported', 'report_publicly', `超期${reportAfter}天，通报`],
    ] as const;
    for (const [from, to, after, key, action, note] of ladder) {
      result[key] = await run(rule(
        sql`SELECT c.id, c.state AS from_state FROM cases c
             WHERE c.supervision = ${from} AND c.overdue_at < now() - ${after}
               AND c.state IN ('DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED')
             LIMIT ${batch} FOR UPDATE OF c SKIP LOCKED`,
        sql`supervision = ${to}`,
        action, 'case.supervised', note));
    }
  });
  return result;
}

export const CASE_SWEEP_JOB = 'cases.sweep';

/**
 * The sweep as a platform job, every `SWEEP_INTERVAL_MS` (0 switches it off; `runNow` still runs it).
 * The scheduler runs each tick in one process and never two sweeps at once; the statements would be
 * safe anyway (SKIP LOCKED), but a second sweep over the same rows would only wait on locks.
 */
export function caseSweepJob(p: Platform, opts: SweepOptions = {}): void {
  p.scheduler.every(CASE_SWEEP_JOB, { intervalMs: p.config.sweepIntervalMs }, async () => {
    const r = await sweepOnce(p, opts);
    if (r.escalated + r.urged + r.supervised + r.reported > 0) p.log.info(r, 'clock sweep');
    return r;
  });
}
