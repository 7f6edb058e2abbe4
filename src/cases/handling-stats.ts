/**
 * Who handled which cases how well, for the service-power indices (party work's 网格服务力 and 物业服务力,
 * issue 17): per handler — a grid (the case lies in a grid and no organisation held it) or an
 * organisation (with the village the case lies in) — the residents' ratings given in a period and the
 * cases closed in it, on time or not. Region scope in SQL. The other modules read this, never `cases`.
 *
 * - a rating counts for whoever handled the case when it was given: the last dispatch before the rating
 *   in the timeline (an unhappy rating reopens the case and clears its organisation on the row, so the
 *   row alone would lose the 不满意 of an organisation);
 * - a closing counts with the row's `closed_on_time` (a reopened case is not closed any more: it counts
 *   again when it is closed again).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';

export interface HandlingStatsRow {
  /** 'grid': `unit` is the grid's code; 'organisation': `unit` is the organisation's id */
  handler: 'grid' | 'organisation';
  unit: string;
  /** the village (or community) the cases lie in */
  villageCode: string;
  ratings: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  closed: number;
  closedOnTime: number;
}

type Rows<T> = { rows: T[] };

/** The handlers' ratings and closings in [from, to) for the cases under `scope` (a region's significant prefix; '' all). */
export async function handlingStats(db: Db, q: { scope: string; from: Date; to: Date }): Promise<HandlingStatsRow[]> {
  const from = q.from.toISOString();
  const to = q.to.toISOString();
  const scope = `${q.scope}%`;
  const r = (await db.execute(sql`
    WITH rated AS (
      SELECT c.region_code, c.village_code, t.data->>'rating' AS rating, d.org
        FROM case_timeline t
        JOIN cases c ON c.id = t.case_id
        LEFT JOIN LATERAL (SELECT x.data->>'assignedOrgId' AS org FROM case_timeline x
                            WHERE x.case_id = t.case_id AND x.id < t.id AND x.action = 'dispatch' ORDER BY x.id DESC LIMIT 1) d ON true
       WHERE t.action = 'rate' AND t.at >= ${from}::timestamptz AND t.at < ${to}::timestamptz AND c.region_code LIKE ${scope}),
    closed AS (
      SELECT c.region_code, c.village_code, c.closed_on_time, c.assigned_org_id::text AS org
        FROM cases c
       WHERE c.closed_at >= ${from}::timestamptz AND c.closed_at < ${to}::timestamptz AND c.region_code LIKE ${scope}),
    facts AS (
      SELECT CASE WHEN org IS NULL THEN 'grid' ELSE 'organisation' END AS handler,
             coalesce(org, left(region_code, 15)) AS unit, village_code,
             1 AS ratings, (rating = 'satisfied')::int AS s, (rating = 'basically_satisfied')::int AS b, (rating = 'unsatisfied')::int AS u, 0 AS closed, 0 AS on_time
        FROM rated WHERE org IS NOT NULL OR length(region_code) >= 15
      UNION ALL
      SELECT CASE WHEN org IS NULL THEN 'grid' ELSE 'organisation' END, coalesce(org, left(region_code, 15)), village_code,
             0, 0, 0, 0, 1, coalesce(closed_on_time, false)::int
        FROM closed WHERE org IS NOT NULL OR length(region_code) >= 15)
    SELECT handler, unit, village_code, sum(ratings)::int AS ratings, sum(s)::int AS satisfied, sum(b)::int AS basically, sum(u)::int AS unsatisfied,
           sum(closed)::int AS closed, sum(on_time)::int AS on_time
      FROM facts GROUP BY handler, unit, village_code ORDER BY handler, unit, village_code`)) as unknown as Rows<{
    handler: 'grid' | 'organisation'; unit: string; village_code: string; ratings: number; satisfied: number; basically: number; unsatisfied: number; closed: number; on_time: number;
  }>;
  return r.rows.map((x) => ({
    handler: x.handler, unit: x.unit, villageCode: x.village_code, ratings: Number(x.ratings), satisfied: Number(x.satisfied),
    basicallySatisfied: Number(x.basically), unsatisfied: Number(x.unsatisfied), closed: Number(x.closed), closedOnTime: Number(x.on_time),
  }));
}

/** Of these cases, the ones closed (办结, rated or archived after it): a logged service that solved them. */
export async function closedCaseIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = (await db.execute(sql`SELECT id::text AS id FROM cases WHERE id = ANY(${`{${[...new Set(ids)].join(',')}}`}::uuid[]) AND closed_at IS NOT NULL`)) as unknown as Rows<{ id: string }>;
  return new Set(r.rows.map((x) => x.id));
}

/** Whether a case exists and where it lies (a service log's link is checked against the paired community). */
export async function caseRegionOf(db: Db, id: string): Promise<string | null> {
  const r = (await db.execute(sql`SELECT region_code FROM cases WHERE id = ${id}::uuid`)) as unknown as Rows<{ region_code: string }>;
  return r.rows[0]?.region_code ?? null;
}
