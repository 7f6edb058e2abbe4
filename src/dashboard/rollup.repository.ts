/**
 * SQL of the case rollups (dashboard.schema.ts). Writes: one case's new dimensions applied as a
 * difference (old row out, new row in), and the rebuild that recomputes everything from the cases'
 * dimensions. Reads: an area's days, by village prefix in SQL.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';

type Rows<T> = { rows: T[] };

/** One case's dimensions as the rollups key them. */
export interface Fact {
  caseId: string;
  day: string;
  villageCode: string;
  categoryCode: string;
  source: string;
  state: string;
  level: string;
  closedDay: string | null;
  eventId: number;
}

/** The Shanghai day of an instant (UTC+8 all year: a fixed shift is exact). */
export const shanghaiDay = (iso: string | Date): string => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

const CLOSED_STATES = new Set(['CLOSED', 'RATED', 'ARCHIVED']);

/** The close day counts while the case stays closed (a rework or a reopening takes it off the 办结 line). */
export const closedDayOf = (state: string, closedAt: string | null): string | null => (closedAt && CLOSED_STATES.has(state) ? shanghaiDay(closedAt) : null);

/**
 * Apply a case's dimensions as of an event, in two statements of the caller's transaction: a lock on the
 * case (an advisory lock, so two processes delivering two events of a case not yet in the table wait for
 * each other instead of both counting it), then one statement that upserts the fact only when the event
 * is newer than the stored one (a repeat, or an older event delivered late, changes nothing) and moves
 * the rollups from the old row's keys to the new ones. A key that drops to 0 stays as a 0 row (one
 * statement cannot update a row twice); reads and the comparison with a rebuild leave 0 rows out, and a
 * rebuild removes them.
 * Returns whether the fact changed.
 */
export async function applyFact(tx: Db, f: Fact): Promise<boolean> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${f.caseId}, 18))`);
  const r = (await tx.execute(sql`
    WITH new AS (
      SELECT ${f.caseId}::uuid AS case_id, ${f.day}::date AS day, ${f.villageCode}::varchar AS village_code, ${f.categoryCode}::varchar AS category_code,
             ${f.source}::varchar AS source, ${f.state}::varchar AS state, ${f.level}::varchar AS level, ${f.closedDay}::date AS closed_day, ${f.eventId}::bigint AS event_id),
    old AS (SELECT * FROM dashboard_case_facts WHERE case_id = ${f.caseId}::uuid),
    put AS (
      INSERT INTO dashboard_case_facts (case_id, day, village_code, category_code, source, state, level, closed_day, event_id)
      SELECT case_id, day, village_code, category_code, source, state, level, closed_day, event_id FROM new
      ON CONFLICT (case_id) DO UPDATE SET day = EXCLUDED.day, village_code = EXCLUDED.village_code, category_code = EXCLUDED.category_code,
        source = EXCLUDED.source, state = EXCLUDED.state, level = EXCLUDED.level, closed_day = EXCLUDED.closed_day, event_id = EXCLUDED.event_id
        WHERE dashboard_case_facts.event_id < EXCLUDED.event_id
      RETURNING 1),
    moved AS (
      SELECT day, village_code, category_code, source, state, level, closed_day, -1 AS n FROM old WHERE EXISTS (SELECT 1 FROM put)
      UNION ALL SELECT day, village_code, category_code, source, state, level, closed_day, 1 FROM new WHERE EXISTS (SELECT 1 FROM put)),
    reported AS (
      SELECT day, village_code, category_code, source, state, level, sum(n)::int AS n FROM moved GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0),
    closed AS (
      SELECT closed_day AS day, village_code, category_code, source, level, sum(n)::int AS n FROM moved WHERE closed_day IS NOT NULL GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0),
    r1 AS (
      INSERT INTO dashboard_case_rollup (day, village_code, category_code, source, state, level, cases)
      SELECT day, village_code, category_code, source, state, level, n FROM reported
      ON CONFLICT (day, village_code, category_code, source, state, level) DO UPDATE SET cases = dashboard_case_rollup.cases + EXCLUDED.cases),
    r2 AS (
      INSERT INTO dashboard_closed_rollup (day, village_code, category_code, source, level, cases)
      SELECT day, village_code, category_code, source, level, n FROM closed
      ON CONFLICT (day, village_code, category_code, source, level) DO UPDATE SET cases = dashboard_closed_rollup.cases + EXCLUDED.cases)
    SELECT EXISTS (SELECT 1 FROM put) AS changed`)) as unknown as Rows<{ changed: boolean }>;
  return r.rows[0].changed;
}

/** Empty the facts and rollups (the first step of a rebuild, in its transaction). */
export async function clearAll(tx: Db): Promise<void> {
  await tx.execute(sql`DELETE FROM dashboard_case_facts`);
  await tx.execute(sql`DELETE FROM dashboard_case_rollup`);
  await tx.execute(sql`DELETE FROM dashboard_closed_rollup`);
}

/** Insert facts in one statement (a page of a rebuild). */
export async function insertFacts(tx: Db, facts: readonly Fact[]): Promise<void> {
  if (facts.length === 0) return;
  await tx.execute(sql`
    INSERT INTO dashboard_case_facts (case_id, day, village_code, category_code, source, state, level, closed_day, event_id)
    SELECT f."caseId", f.day, f."villageCode", f."categoryCode", f.source, f.state, f.level, f."closedDay", f."eventId"
      FROM jsonb_to_recordset(${JSON.stringify(facts)}::jsonb) AS f("caseId" uuid, day date, "villageCode" text, "categoryCode" text,
           source text, state text, level text, "closedDay" date, "eventId" bigint)`);
}

/** The rollups computed from the facts (a rebuild's last step). */
export async function rollUpFacts(tx: Db): Promise<void> {
  await tx.execute(sql`
    INSERT INTO dashboard_case_rollup (day, village_code, category_code, source, state, level, cases)
    SELECT day, village_code, category_code, source, state, level, count(*)::int FROM dashboard_case_facts GROUP BY 1, 2, 3, 4, 5, 6`);
  await tx.execute(sql`
    INSERT INTO dashboard_closed_rollup (day, village_code, category_code, source, level, cases)
    SELECT closed_day, village_code, category_code, source, level, count(*)::int FROM dashboard_case_facts WHERE closed_day IS NOT NULL GROUP BY 1, 2, 3, 4, 5`);
}

export interface RollupRow { day: string; villageCode: string; categoryCode: string; source: string; state: string; level: string; cases: number }
export interface ClosedRow { day: string; villageCode: string; categoryCode: string; source: string; level: string; cases: number }

/** Both rollups in full, in a fixed order (the test's comparison, the CLI's check). */
export async function dumpRollups(db: Db): Promise<{ reported: RollupRow[]; closed: ClosedRow[] }> {
  const reported = (await db.execute(sql`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, village_code AS "villageCode", category_code AS "categoryCode", source, state, level, cases
      FROM dashboard_case_rollup WHERE cases <> 0 ORDER BY 1, 2, 3, 4, 5, 6`)) as unknown as Rows<RollupRow>;
  const closed = (await db.execute(sql`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, village_code AS "villageCode", category_code AS "categoryCode", source, level, cases
      FROM dashboard_closed_rollup WHERE cases <> 0 ORDER BY 1, 2, 3, 4, 5`)) as unknown as Rows<ClosedRow>;
  return { reported: reported.rows, closed: closed.rows };
}

/** An area's reported cases since a day, by day, source, state and village (the screen's panels sum these). */
export async function reportedSince(db: Db, scope: string, fromDay: string): Promise<{ day: string; source: string; state: string; villageCode: string; cases: number }[]> {
  const r = (await db.execute(sql`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, source, state, village_code AS "villageCode", sum(cases)::int AS cases
      FROM dashboard_case_rollup WHERE village_code LIKE ${`${scope}%`} AND day >= ${fromDay}::date
     GROUP BY day, source, state, village_code HAVING sum(cases) <> 0`)) as unknown as Rows<{ day: string; source: string; state: string; villageCode: string; cases: number }>;
  return r.rows.map((x) => ({ ...x, cases: Number(x.cases) }));
}

/** An area's closed cases per close day since a day (of some sources only, when given). */
export async function closedSince(db: Db, scope: string, fromDay: string, sources?: readonly string[]): Promise<{ day: string; cases: number }[]> {
  const r = (await db.execute(sql`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(cases)::int AS cases
      FROM dashboard_closed_rollup WHERE village_code LIKE ${`${scope}%`} AND day >= ${fromDay}::date
       AND (${sources ? `{${sources.join(',')}}` : null}::text[] IS NULL OR source = ANY(${sources ? `{${sources.join(',')}}` : null}::text[]))
     GROUP BY day HAVING sum(cases) <> 0`)) as unknown as Rows<{ day: string; cases: number }>;
  return r.rows.map((x) => ({ ...x, cases: Number(x.cases) }));
}

export async function isEmpty(db: Db): Promise<boolean> {
  const r = (await db.execute(sql`SELECT NOT EXISTS (SELECT 1 FROM dashboard_case_facts) AS empty`)) as unknown as Rows<{ empty: boolean }>;
  return r.rows[0].empty;
}
