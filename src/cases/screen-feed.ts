/**
 * What the dashboard module (the big screen, its read models) needs of the cases, as the cases module's
 * own query functions so that no other module reads the cases tables:
 * - `caseDimensionsPage`: every case's dimensions (report time, village, category, source, state,
 *   level, close time), in pages by id, for a rebuild of the rollups from the source of truth;
 * - `screenCases`: the latest cases reported and closed in an area (the ticker) and the pins of the
 *   open ones — category and village only, never the title or the reporter (a wall is public).
 * Both take a `Db`, so a caller may read inside its own transaction.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { OPEN_STATES } from './case-machine.ts';

type Rows<T> = { rows: T[] };

export interface CaseDimensions {
  id: string;
  reported_at: string;
  village_code: string;
  category_code: string | null;
  source: string;
  state: string;
  level: string;
  closed_at: string | null;
}

/** Up to `limit` cases with an id above `afterId` (null: from the start), by id. Times ISO 8601 UTC. */
export async function caseDimensionsPage(db: Db, afterId: string | null, limit: number): Promise<CaseDimensions[]> {
  const iso = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  const r = (await db.execute(sql`
    SELECT id, ${iso('reported_at')} AS reported_at, village_code, category_code, source, state, level, ${iso('closed_at')} AS closed_at
      FROM cases WHERE ${afterId === null ? sql`true` : sql`id > ${afterId}::uuid`}
     ORDER BY id LIMIT ${limit}`)) as unknown as Rows<CaseDimensions>;
  return r.rows;
}

export interface ScreenCase {
  id: string;
  no: string;
  categoryCode: string | null;
  category: string | null;
  villageCode: string;
  state: string;
  lon: number;
  lat: number;
  /** When it was reported, or closed (the closed list). */
  at: string;
}

export interface ScreenCases {
  reported: ScreenCase[];
  closed: ScreenCase[];
  /** Open cases (newest first, at most `pins`), for the map. */
  open: ScreenCase[];
}

/** The ticker's and the map's cases of an area (a scope prefix), newest first. */
export async function screenCases(db: Db, scope: string, limits: { ticker: number; pins: number }): Promise<ScreenCases> {
  const like = `${scope}%`;
  const cols = sql`c.id, c.no, c.category_code AS "categoryCode", k.name AS category, c.village_code AS "villageCode", c.state, c.lon, c.lat`;
  const at = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at`);
  const open = sql.raw(OPEN_STATES.map((s) => `'${s}'`).join(','));
  // each list walks its time index backwards and stops at the limit (the scope filters on the way)
  const [reported, closed, pins] = await Promise.all([
    db.execute(sql`SELECT ${cols}, ${at('c.reported_at')} FROM cases c LEFT JOIN case_categories k ON k.code = c.category_code
      WHERE c.region_code LIKE ${like} AND c.state <> 'MERGED' ORDER BY c.reported_at DESC LIMIT ${limits.ticker}`),
    db.execute(sql`SELECT ${cols}, ${at('c.closed_at')} FROM cases c LEFT JOIN case_categories k ON k.code = c.category_code
      WHERE c.region_code LIKE ${like} AND c.closed_at IS NOT NULL ORDER BY c.closed_at DESC LIMIT ${limits.ticker}`),
    db.execute(sql`SELECT ${cols}, ${at('c.reported_at')} FROM cases c LEFT JOIN case_categories k ON k.code = c.category_code
      WHERE c.region_code LIKE ${like} AND c.state IN (${open}) ORDER BY c.reported_at DESC LIMIT ${limits.pins}`),
  ]);
  const rows = (r: unknown) => (r as Rows<ScreenCase>).rows.map((x) => ({ ...x, lon: Number(x.lon), lat: Number(x.lat) }));
  return { reported: rows(reported), closed: rows(closed), open: rows(pins) };
}
