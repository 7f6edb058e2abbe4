/**
 * The big screen's 数字产业 board, read from the published places of an area (a region-code prefix):
 * how many of each kind, homestays by 浙江 grade and their rooms, the enterprises and 共富工坊 with the
 * jobs they give and their yearly output, the products of 未来商城. One query; the dashboard calls it
 * through this module's index (it never reads the table).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import type { HomestayGrade } from './places-kinds.ts';
import type { PlaceKind } from './places.schema.ts';

export interface IndustryUnit {
  id: string;
  kind: 'enterprise' | 'workshop';
  name: string;
  regionCode: string;
  industry: string | null;
  employees: number | null;
  jobsForVillagers: number | null;
  yearlyOutputWan: number | null;
}

export interface IndustryBoard {
  region: string;
  /** Published places per kind (every kind present, 0 when none). */
  byKind: Record<PlaceKind, number>;
  homestays: { total: number; rooms: number; byGrade: Record<HomestayGrade | 'ungraded', number> };
  /** Enterprises and 共富工坊, largest yearly output first. */
  units: IndustryUnit[];
  totals: { enterprises: number; workshops: number; employees: number; jobsForVillagers: number; yearlyOutputWan: number };
  products: number;
}

const KINDS: PlaceKind[] = ['homestay', 'restaurant', 'sight', 'venue', 'shop', 'toilet', 'parking', 'product', 'enterprise', 'workshop'];

export async function industryBoard(db: Db, region: string): Promise<IndustryBoard> {
  const prefix = `${region}%`;
  const rows = (await db.execute(sql`
    SELECT kind, count(*)::int AS n,
      count(*) FILTER (WHERE kind = 'homestay' AND attrs->>'grade' = 'platinum')::int AS platinum,
      count(*) FILTER (WHERE kind = 'homestay' AND attrs->>'grade' = 'gold')::int AS gold,
      count(*) FILTER (WHERE kind = 'homestay' AND attrs->>'grade' = 'silver')::int AS silver,
      coalesce(sum((attrs->>'rooms')::int) FILTER (WHERE kind = 'homestay'), 0)::int AS rooms
    FROM places WHERE status = 'published' AND region_code LIKE ${prefix} GROUP BY kind`) as unknown as { rows: { kind: PlaceKind; n: number; platinum: number; gold: number; silver: number; rooms: number }[] }).rows;
  const units = (await db.execute(sql`
    SELECT id::text, kind, name, region_code AS "regionCode", attrs->>'industry' AS industry,
      (attrs->>'employees')::int AS employees, (attrs->>'jobsForVillagers')::int AS "jobsForVillagers", (attrs->>'yearlyOutputWan')::float8 AS "yearlyOutputWan"
    FROM places WHERE status = 'published' AND kind IN ('enterprise', 'workshop') AND region_code LIKE ${prefix}
    ORDER BY (attrs->>'yearlyOutputWan')::float8 DESC NULLS LAST, name`) as unknown as { rows: IndustryUnit[] }).rows
    .map((u) => ({ ...u, employees: u.employees === null ? null : Number(u.employees), jobsForVillagers: u.jobsForVillagers === null ? null : Number(u.jobsForVillagers), yearlyOutputWan: u.yearlyOutputWan === null ? null : Number(u.yearlyOutputWan) }));
  const byKind = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<PlaceKind, number>;
  for (const r of rows) byKind[r.kind] = Number(r.n);
  const h = rows.find((r) => r.kind === 'homestay');
  const graded = h ? Number(h.platinum) + Number(h.gold) + Number(h.silver) : 0;
  const sum = (f: (u: IndustryUnit) => number | null) => units.reduce((a, u) => a + (f(u) ?? 0), 0);
  return {
    region, byKind,
    homestays: { total: byKind.homestay, rooms: Number(h?.rooms ?? 0), byGrade: { platinum: Number(h?.platinum ?? 0), gold: Number(h?.gold ?? 0), silver: Number(h?.silver ?? 0), ungraded: byKind.homestay - graded } },
    units,
    totals: { enterprises: byKind.enterprise, workshops: byKind.workshop, employees: sum((u) => u.employees), jobsForVillagers: sum((u) => u.jobsForVillagers), yearlyOutputWan: Math.round(sum((u) => u.yearlyOutputWan) * 100) / 100 },
    products: byKind.product,
  };
}
