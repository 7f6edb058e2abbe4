/**
 * What the bulletins module (周通报/月督查/年考核) needs of the cases besides the KPIs, as the cases
 * module's own query function so that no other module reads the cases tables: the cases of an area that
 * were overdue (超期未结) at the end of a period — past a deadline then and not closed by then — with their
 * supervision flag (催办/督办/通报). Category and village only, never the title or the reporter: a
 * bulletin is circulated to every village of the township.
 *
 * The flag is the case's current one (the cases table keeps no history of it); the timeline does, but a
 * bulletin lists a few dozen cases and the flag only ever rises while a case stays open, so for a case still
 * open it is what it was at the period's end or higher.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';

type Rows<T> = { rows: T[] };

export interface OverdueCase {
  id: string;
  no: string;
  categoryCode: string | null;
  category: string | null;
  villageCode: string;
  level: string;
  state: string;
  /** When it first missed a deadline (ISO 8601). */
  lateAt: string;
  /** 0 none, 1 催办, 2 督办, 3 通报. */
  supervision: number;
  /** Closed after the period's end (ISO), or null while still open. */
  closedAt: string | null;
}

/**
 * Cases of an area (a scope prefix) late before `at` and not closed before it, oldest lateness first,
 * at most `limit`; `total` counts them all, `byVillage` per village. `minSupervision` 2: the 督办 list. Merged and rejected cases are left out.
 */
export async function overdueCasesAt(db: Db, scope: string, at: Date, limit: number, minSupervision = 0): Promise<{ total: number; byVillage: Record<string, number>; items: OverdueCase[] }> {
  const iso = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  const where = sql`c.region_code LIKE ${`${scope}%`} AND c.late_at < ${at} AND (c.closed_at IS NULL OR c.closed_at >= ${at})
    AND c.state NOT IN ('MERGED','REJECTED') AND c.reported_at < ${at} AND c.supervision >= ${minSupervision}`;
  const [items, count] = await Promise.all([
    db.execute(sql`SELECT c.id, c.no, c.category_code AS "categoryCode", k.name AS category, c.village_code AS "villageCode", c.level, c.state,
        ${iso('c.late_at')} AS "lateAt", c.supervision, ${iso('c.closed_at')} AS "closedAt"
      FROM cases c LEFT JOIN case_categories k ON k.code = c.category_code
     WHERE ${where} ORDER BY c.late_at, c.no LIMIT ${limit}`),
    db.execute(sql`SELECT c.village_code AS v, count(*)::int AS n FROM cases c WHERE ${where} GROUP BY 1`),
  ]);
  const counts = (count as unknown as Rows<{ v: string; n: number }>).rows;
  const rows = (items as unknown as Rows<OverdueCase>).rows.map((r) => ({ ...r, supervision: Number(r.supervision) }));
  return { total: counts.reduce((a, r) => a + Number(r.n), 0), byVillage: Object.fromEntries(counts.map((r) => [r.v, Number(r.n)])), items: rows };
}
