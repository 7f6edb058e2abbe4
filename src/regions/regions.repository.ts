/** All SQL of the regions module. */
import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import type { AreaGeom } from './geo.ts';
import { regions } from './regions.schema.ts';

export type RegionRow = typeof regions.$inferSelect;
export type RegionInsert = typeof regions.$inferInsert;

const summaryColumns = {
  code: regions.code,
  scope: regions.scope,
  parentCode: regions.parentCode,
  level: regions.level,
  kind: regions.kind,
  name: regions.name,
  nameEn: regions.nameEn,
  vintage: regions.vintage,
  households: regions.households,
  centerLon: regions.centerLon,
  centerLat: regions.centerLat,
};
export type RegionSummary = { [K in keyof typeof summaryColumns]: RegionRow[K] };

export function inScopes(scopes: string[]): SQL {
  if (scopes.length === 0) return sql`false`;
  return or(...scopes.map((s) => like(regions.code, `${s}%`)))!;
}

export async function findRegion(db: Db, code: string): Promise<RegionRow | undefined> {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  return row;
}

export async function findRegions(db: Db, codes: string[]): Promise<RegionSummary[]> {
  if (codes.length === 0) return [];
  return db.select(summaryColumns).from(regions).where(inArray(regions.code, codes));
}

/** Children of a region that are inside one of the scopes or are one of the `onPath` codes. */
export async function listChildren(db: Db, parentCode: string, withGeometry: boolean, visible: { scopes: string[]; onPath: string[] }) {
  const cols = withGeometry ? { ...summaryColumns, geometry: regions.geometry } : summaryColumns;
  const seen = visible.onPath.length ? or(inScopes(visible.scopes), inArray(regions.code, visible.onPath)) : inScopes(visible.scopes);
  return db.select(cols).from(regions).where(and(eq(regions.parentCode, parentCode), seen)).orderBy(asc(regions.code)) as Promise<
    (RegionSummary & { geometry?: unknown })[]
  >;
}

/** Townships and villages with their boundaries: the base map every user sees (public geography). */
export async function listBaseMap(db: Db) {
  return db
    .select({ code: regions.code, level: regions.level, name: regions.name, nameEn: regions.nameEn, centerLon: regions.centerLon, centerLat: regions.centerLat, geometry: regions.geometry })
    .from(regions)
    .where(inArray(regions.level, ['district', 'township', 'village']))
    .orderBy(asc(regions.code));
}

/** A village's grids with their boundaries (the village screen's map: staff and the village's wall only). */
export async function listGridsOf(db: Db, villageCode: string) {
  return db
    .select({ code: regions.code, level: regions.level, name: regions.name, nameEn: regions.nameEn, centerLon: regions.centerLon, centerLat: regions.centerLat, geometry: regions.geometry })
    .from(regions)
    .where(and(eq(regions.parentCode, villageCode), eq(regions.level, 'grid')))
    .orderBy(asc(regions.code));
}

/** Every region under the given scopes down to a level depth (by code length). */
export async function listSubtree(db: Db, scopes: string[], maxCodeLength: number): Promise<RegionSummary[]> {
  return db
    .select(summaryColumns)
    .from(regions)
    .where(and(inScopes(scopes), sql`length(${regions.code}) <= ${maxCodeLength}`))
    .orderBy(asc(regions.code));
}

export async function upsertRegions(db: Db, rows: RegionInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(regions)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: regions.code,
        set: {
          name: sql`excluded.name`, nameEn: sql`excluded.name_en`, kind: sql`excluded.kind`, vintage: sql`excluded.vintage`,
          households: sql`excluded.households`, geometry: sql`excluded.geometry`, minLon: sql`excluded.min_lon`,
          minLat: sql`excluded.min_lat`, maxLon: sql`excluded.max_lon`, maxLat: sql`excluded.max_lat`,
          centerLon: sql`excluded.center_lon`, centerLat: sql`excluded.center_lat`, updatedAt: sql`now()`,
        },
      });
  }
}

export async function existingCodes(db: Db, codes: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < codes.length; i += 1000) {
    const rows = await db.select({ code: regions.code }).from(regions).where(inArray(regions.code, codes.slice(i, i + 1000)));
    rows.forEach((r) => out.add(r.code));
  }
  return out;
}

/** Geometries of the levels the point lookup indexes. */
export async function loadIndexedAreas(db: Db): Promise<{ code: string; parentCode: string | null; level: string; geometry: AreaGeom }[]> {
  return db
    .select({ code: regions.code, parentCode: regions.parentCode, level: regions.level, geometry: regions.geometry })
    .from(regions)
    .where(and(inArray(regions.level, ['village', 'grid', 'microgrid']), sql`${regions.geometry} IS NOT NULL`)) as Promise<
    { code: string; parentCode: string | null; level: string; geometry: AreaGeom }[]
  >;
}

export async function siblingsWithGeometry(db: Db, parentCodes: string[]) {
  if (parentCodes.length === 0) return [];
  return db
    .select({ code: regions.code, parentCode: regions.parentCode, geometry: regions.geometry })
    .from(regions)
    .where(and(inArray(regions.parentCode, parentCodes), sql`${regions.geometry} IS NOT NULL`)) as Promise<
    { code: string; parentCode: string | null; geometry: AreaGeom }[]
  >;
}

export async function countRegions(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(regions);
  return r.n;
}
