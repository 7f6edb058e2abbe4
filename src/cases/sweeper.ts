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
import { sql } from 'drizzle-orm';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';

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

const NEXT_LEVEL = sql`CASE c.level WHEN 'village' THEN 'township' WHEN 'township' THEN 'district' ELSE 'city' END`;

/** Rows changed by one rule, as the sweeper needs them for timeline and events. */
interface Changed {
  id: string;
  no: string;
  title: string;
  region_code: string;
  category_code: string | null;
  level: string;
  from_state: string;
  state: string;
  supervision: number;
  deadline: string | null;
}

async function record(tx: Db, rows: Changed[], action: string, eventType: string, note: string): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.id);
  const payload = sql`jsonb_build_object('caseId', c.id, 'no', c.no, 'title', c.title, 'categoryCode', c.category_code,
      'regionCode', c.region_code, 'villageCode', c.village_code, 'level', c.level, 'state', c.state,
      'supervision', c.supervision, 'deadline', c.deadline, 'action', ${action}::text, 'actorId', NULL)`;
  const idList = sql`ARRAY[${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}]`;
  const from = new Map(rows.map((r) => [r.id, r.from_state]));
  // from_state per row: the rule's WHERE clause fixed it; pass it in as a VALUES list
  const values = sql.join(rows.map((r) => sql`(${r.id}::uuid, ${from.get(r.id)}::text)`), sql`, `);
  await tx.execute(sql`
    INSERT INTO case_timeline (case_id, actor_id, action, from_state, to_state, level, note, data)
    SELECT c.id, NULL, ${action}, v.from_state, c.state, c.level, ${note}, jsonb_build_object('supervision', c.supervision, 'system', true)
      FROM cases c JOIN (VALUES ${values}) AS v(id, from_state) ON v.id = c.id`);
  await tx.execute(sql`
    INSERT INTO outbox_events (type, region_code, aggregate_id, payload)
    SELECT ${eventType}, c.region_code, c.id::text, ${payload} FROM cases c WHERE c.id = ANY(${idList})`);
}

export async function sweepOnce(p: Platform, opts: SweepOptions = {}): Promise<SweepResult> {
  const batch = opts.batch ?? 5000;
  const superviseAfter = opts.superviseAfterHours ?? 24;
  const reportAfter = opts.reportAfterDays ?? 5;
  const result: SweepResult = { escalated: 0, urged: 0, supervised: 0, reported: 0 };
  await p.tx(async (tx) => {
    const run = async (q: ReturnType<typeof sql>) => ((await tx.execute(q)) as unknown as { rows: Changed[] }).rows;

    // 1 + 2a: auto-escalating categories whose signing or handling time ran out
    const escalated = await run(sql`
      WITH due AS (
        SELECT c.id, c.state AS from_state FROM cases c JOIN case_categories k ON k.code = c.category_code
         WHERE k.auto_escalate AND c.level <> 'city' AND (
               (c.state = 'DISPATCHED' AND c.sign_deadline < now())
            OR (c.state IN ('PROCESSING', 'EXTENSION_REQUESTED') AND c.deadline < now()))
         LIMIT ${batch} FOR UPDATE OF c SKIP LOCKED)
      UPDATE cases c SET state = 'REGISTERED', level = ${NEXT_LEVEL}, assignee_id = NULL, assigned_org_id = NULL,
             sign_deadline = NULL, deadline = NULL, supervision = 0, overdue_at = COALESCE(c.overdue_at, now()),
             version = c.version + 1, updated_at = now()
        FROM due WHERE c.id = due.id
      RETURNING c.id, c.no, c.title, c.region_code, c.category_code, c.level, due.from_state, c.state, c.supervision, c.deadline`);
    await record(tx, escalated, 'escalate', 'case.escalated', '超时未签收或未反馈，自动上报上一级');
    result.escalated = escalated.length;

    // 2b: the others get 催办 at the deadline (or the signing deadline)
    const urged = await run(sql`
      WITH due AS (
        SELECT c.id, c.state AS from_state FROM cases c JOIN case_categories k ON k.code = c.category_code
         WHERE NOT k.auto_escalate AND c.supervision = 0 AND (
               (c.state = 'DISPATCHED' AND c.sign_deadline < now())
            OR (c.state IN ('PROCESSING', 'EXTENSION_REQUESTED') AND c.deadline < now()))
         LIMIT ${batch} FOR UPDATE OF c SKIP LOCKED)
      UPDATE cases c SET supervision = 1, overdue_at = now(), version = c.version + 1, updated_at = now()
        FROM due WHERE c.id = due.id
      RETURNING c.id, c.no, c.title, c.region_code, c.category_code, c.level, due.from_state, c.state, c.supervision, c.deadline`);
    await record(tx, urged, 'urge', 'case.overdue', '已超过处置时限，催办');
    result.urged = urged.length;

    // 3: 督办, then 通报
    for (const [from, to, after, key, note] of [
      [1, 2, sql`make_interval(hours => ${superviseAfter})`, 'supervised', '超期未办结，督办'],
      [2, 3, sql`make_interval(days => ${reportAfter})`, 'reported', `超期${reportAfter}天，通报`],
    ] as const) {
      const rows = await run(sql`
        WITH due AS (
          SELECT c.id, c.state AS from_state FROM cases c
           WHERE c.supervision = ${from} AND c.overdue_at < now() - ${after}
             AND c.state IN ('DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED')
           LIMIT ${batch} FOR UPDATE OF c SKIP LOCKED)
        UPDATE cases c SET supervision = ${to}, version = c.version + 1, updated_at = now()
          FROM due WHERE c.id = due.id
        RETURNING c.id, c.no, c.title, c.region_code, c.category_code, c.level, due.from_state, c.state, c.supervision, c.deadline`);
      await record(tx, rows, to === 2 ? 'supervise' : 'report_publicly', 'case.supervised', note);
      result[key] = rows.length;
    }
  });
  return result;
}

/** Runs the sweep on a timer; overlapping runs are skipped. */
export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private p: Platform, private everyMs = 30_000, private opts: SweepOptions = {}) {}

  start(): void {
    const tick = async () => {
      if (this.running) return;
      this.running = true;
      try {
        const r = await sweepOnce(this.p, this.opts);
        if (r.escalated + r.urged + r.supervised + r.reported > 0) this.p.log.info(r, 'clock sweep');
      } catch (err) {
        this.p.log.error({ err }, 'clock sweep failed');
      } finally {
        this.running = false;
      }
    };
    this.timer = setInterval(() => void tick(), this.everyMs);
    this.timer.unref();
    void tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
