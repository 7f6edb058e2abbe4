/**
 * SQL of the party visit rollups (dashboard.schema.ts): one visit's state applied as a difference, the
 * rebuild from the visit logs, and an area's months. The same scheme as the case rollups
 * (rollup.repository.ts): an advisory lock per log, then one statement that applies only a newer event.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';

type Rows<T> = { rows: T[] };

export interface VisitFact {
  logId: string;
  day: string;
  areaCode: string;
  valued: boolean;
  eventId: number;
}

/** Apply a visit's state as of an event (in the caller's transaction); returns whether it changed. */
export async function applyVisit(tx: Db, f: VisitFact): Promise<boolean> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${f.logId}, 19))`);
  const r = (await tx.execute(sql`
    WITH new AS (SELECT ${f.logId}::uuid AS log_id, ${f.day}::date AS day, ${f.areaCode}::varchar AS area_code, ${f.valued}::boolean AS valued, ${f.eventId}::bigint AS event_id),
    old AS (SELECT * FROM dashboard_visit_facts WHERE log_id = ${f.logId}::uuid),
    put AS (
      INSERT INTO dashboard_visit_facts (log_id, day, area_code, valued, event_id) SELECT log_id, day, area_code, valued, event_id FROM new
      ON CONFLICT (log_id) DO UPDATE SET day = EXCLUDED.day, area_code = EXCLUDED.area_code, valued = EXCLUDED.valued, event_id = EXCLUDED.event_id
        WHERE dashboard_visit_facts.event_id < EXCLUDED.event_id
      RETURNING 1),
    moved AS (
      SELECT day, area_code, -1 AS n, -(valued::int) AS v FROM old WHERE EXISTS (SELECT 1 FROM put)
      UNION ALL SELECT day, area_code, 1, valued::int FROM new WHERE EXISTS (SELECT 1 FROM put)),
    diff AS (SELECT day, area_code, sum(n)::int AS n, sum(v)::int AS v FROM moved GROUP BY 1, 2 HAVING sum(n) <> 0 OR sum(v) <> 0),
    r AS (
      INSERT INTO dashboard_visit_rollup (day, area_code, visits, valued) SELECT day, area_code, n, v FROM diff
      ON CONFLICT (day, area_code) DO UPDATE SET visits = dashboard_visit_rollup.visits + EXCLUDED.visits, valued = dashboard_visit_rollup.valued + EXCLUDED.valued)
    SELECT EXISTS (SELECT 1 FROM put) AS changed`)) as unknown as Rows<{ changed: boolean }>;
  return r.rows[0].changed;
}

export async function clearVisits(tx: Db): Promise<void> {
  await tx.execute(sql`DELETE FROM dashboard_visit_facts`);
  await tx.execute(sql`DELETE FROM dashboard_visit_rollup`);
}

export async function insertVisitFacts(tx: Db, facts: readonly VisitFact[]): Promise<void> {
  if (facts.length === 0) return;
  await tx.execute(sql`
    INSERT INTO dashboard_visit_facts (log_id, day, area_code, valued, event_id)
    SELECT f."logId", f.day, f."areaCode", f.valued, f."eventId"
      FROM jsonb_to_recordset(${JSON.stringify(facts)}::jsonb) AS f("logId" uuid, day date, "areaCode" text, valued boolean, "eventId" bigint)`);
}

export async function rollUpVisitFacts(tx: Db): Promise<void> {
  await tx.execute(sql`
    INSERT INTO dashboard_visit_rollup (day, area_code, visits, valued)
    SELECT day, area_code, count(*)::int, count(*) FILTER (WHERE valued)::int FROM dashboard_visit_facts GROUP BY 1, 2`);
}

export interface VisitRollupRow { day: string; areaCode: string; visits: number; valued: number }

/** The rollup in full, in a fixed order (the test's comparison with a rebuild). */
export async function dumpVisitRollup(db: Db): Promise<VisitRollupRow[]> {
  const r = (await db.execute(sql`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, area_code AS "areaCode", visits, valued
      FROM dashboard_visit_rollup WHERE visits <> 0 OR valued <> 0 ORDER BY 1, 2`)) as unknown as Rows<VisitRollupRow>;
  return r.rows;
}

/** An area's visits per month since a day, and those of one day (today). */
export async function visitsByMonth(db: Db, scope: string, fromDay: string, today: string): Promise<{ months: { month: string; visits: number; valued: number }[]; today: number }> {
  const r = (await db.execute(sql`
    SELECT to_char(day, 'YYYY-MM') AS month, sum(visits)::int AS visits, sum(valued)::int AS valued,
           coalesce(sum(visits) FILTER (WHERE day = ${today}::date), 0)::int AS today
      FROM dashboard_visit_rollup WHERE area_code LIKE ${`${scope}%`} AND day >= ${fromDay}::date GROUP BY 1`)) as unknown as Rows<{ month: string; visits: number; valued: number; today: number }>;
  return {
    months: r.rows.map((x) => ({ month: x.month, visits: Number(x.visits), valued: Number(x.valued) })),
    today: r.rows.reduce((a, x) => a + Number(x.today), 0),
  };
}
