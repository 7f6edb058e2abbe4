/**
 * Party work in aggregate, for readers outside the module (the big screen's 数字党建 board and its read
 * models): the register's counts of an area, and the visit logs' dimensions page by page for a rebuild.
 * Aggregates and ids only: no names.
 */
import { sql } from 'drizzle-orm';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';

export interface PartyCounts {
  /** every member registered in the area (the seeds' "708 名党员") */
  members: number;
  /** of them, retired (离退休) */
  retired: number;
  branches: number;
}

/** A visit log as the dashboard's rollups key it. */
export interface VisitDimensions {
  id: string;
  /** the task's place: a grid or a village */
  regionCode: string;
  visitedAt: string;
  status: 'pending' | 'valued' | 'rejected';
}

export class PartySummaryQueries {
  constructor(private p: Pick<Platform, 'database'>) {}

  /** The register's counts of an area (`scope`: a region code's prefix), in one statement. */
  async counts(scope: string): Promise<PartyCounts> {
    const [r] = await this.p.database.raw<{ members: number; retired: number; branches: number }>(`
      SELECT (SELECT count(*) FROM party_members WHERE region_code LIKE $1)::int AS members,
             (SELECT count(*) FILTER (WHERE status = 'retired') FROM party_members WHERE region_code LIKE $1)::int AS retired,
             (SELECT count(*) FROM party_branches WHERE region_code LIKE $1)::int AS branches`, [`${scope}%`]);
    return r;
  }
}

/**
 * Visit logs after `afterId` in id order (keyset pages for a rebuild), on the caller's transaction (the
 * dashboard rebuilds in one; PGlite has a single connection, so a read beside it would wait for it).
 */
export async function visitDimensionsPage(db: Db, afterId: string | null, limit: number): Promise<VisitDimensions[]> {
  const r = (await db.execute(sql`
    SELECT id, region_code, visited_at, status FROM party_visit_logs
     WHERE (${afterId}::uuid IS NULL OR id > ${afterId}::uuid) ORDER BY id LIMIT ${limit}`)) as unknown as { rows: { id: string; region_code: string; visited_at: Date | string; status: VisitDimensions['status'] }[] };
  return r.rows.map((x) => ({ id: x.id, regionCode: x.region_code, visitedAt: new Date(x.visited_at).toISOString(), status: x.status }));
}
