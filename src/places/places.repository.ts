/** The places module's SQL, on its own tables; region scope in SQL (a code prefix). */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { placeQuestions, places, villageGuides } from './places.schema.ts';

export type PlaceRow = typeof places.$inferSelect;
export { places, placeQuestions, villageGuides };

export async function place(db: Db, id: string, lock = false): Promise<PlaceRow | undefined> {
  const q = db.select().from(places).where(eq(places.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function placesByIds(db: Db, ids: string[]): Promise<PlaceRow[]> {
  return ids.length ? db.select().from(places).where(inArray(places.id, ids)) : [];
}

/** `%q%` for ILIKE, its own wildcards escaped. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Name or description by trigram: the GIN index on both (ILIKE) and on the name (similarity `%`). */
const textMatch = (q: string): SQL => sql`((${places.name} || ' ' || ${places.description}) ILIKE ${likePattern(q)} OR ${places.name} % ${q})`;

export interface ListFilter {
  region: string;
  kind?: string;
  status?: string;
  /** Only what waits for approval: new listings sent in, and revisions of published ones. */
  queue?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

/** The listings of a region and below (the console), newest change first. */
export async function listUnder(db: Db, f: ListFilter): Promise<{ rows: PlaceRow[]; total: number }> {
  const where = and(
    sql`${places.regionCode} LIKE ${`${f.region}%`}`,
    f.kind ? eq(places.kind, f.kind) : undefined,
    f.status ? eq(places.status, f.status) : undefined,
    f.queue ? sql`(${places.status} = 'pending' OR ${places.revision} IS NOT NULL)` : undefined,
    f.q ? textMatch(f.q) : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(places).where(where).orderBy(desc(places.updatedAt), desc(places.id)).limit(f.limit).offset(f.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(places).where(where),
  ]);
  return { rows, total: Number(total) };
}

export async function ownedBy(db: Db, householdIds: string[], organisationIds: string[]): Promise<PlaceRow[]> {
  if (!householdIds.length && !organisationIds.length) return [];
  return db.select().from(places).where(sql`(${householdIds.length ? inArray(places.ownerHouseholdId, householdIds) : sql`false`} OR ${organisationIds.length ? inArray(places.ownerOrganisationId, organisationIds) : sql`false`})`)
    .orderBy(desc(places.updatedAt));
}

export interface PublicFilter {
  /** A village's code, or a township's or district's prefix. */
  region: string;
  q?: string;
  kinds?: string[];
  grade?: string;
  /** minLon, minLat, maxLon, maxLat: what the map shows. */
  bbox?: [number, number, number, number];
  limit: number;
}

export type PublicRow = Pick<PlaceRow, 'id' | 'kind' | 'name' | 'lon' | 'lat' | 'attrs' | 'photos' | 'description'>;

/**
 * Published places of a region matching a text (trigram: ILIKE on name and description, `%` on the
 * name), kinds, a grade and the map's bounds; best names first when there is a text.
 */
export async function searchPublished(db: Db, f: PublicFilter): Promise<{ rows: PublicRow[]; total: number }> {
  const where = and(
    // a literal, so the planner matches the partial trigram indexes
    sql`${places.status} = 'published'`,
    f.region.length === 12 ? eq(places.regionCode, f.region) : sql`${places.regionCode} LIKE ${`${f.region}%`}`,
    f.kinds?.length ? inArray(places.kind, f.kinds) : undefined,
    f.grade ? sql`${places.attrs}->>'grade' = ${f.grade}` : undefined,
    f.bbox ? sql`${places.lon} BETWEEN ${f.bbox[0]} AND ${f.bbox[2]} AND ${places.lat} BETWEEN ${f.bbox[1]} AND ${f.bbox[3]}` : undefined,
    f.q ? textMatch(f.q) : undefined,
  );
  const order = f.q ? [sql`(${places.name} ILIKE ${likePattern(f.q)}) DESC`, sql`similarity(${places.name}, ${f.q}) DESC`, places.kind, places.name] : [places.kind, places.name];
  const rows = await db.select({
    id: places.id, kind: places.kind, name: places.name, lon: places.lon, lat: places.lat, attrs: places.attrs, photos: places.photos,
    description: sql<string>`left(${places.description}, 80)`, total: sql<number>`count(*) OVER ()`,
  }).from(places).where(where).orderBy(...order).limit(f.limit);
  return { rows, total: Number(rows[0]?.total ?? 0) };
}

/** What belongs to a published place: a venue's shop (`partOf`), a shop's products (`soldAt`). */
export async function partsOf(db: Db, id: string): Promise<PublicRow[]> {
  return db.select({ id: places.id, kind: places.kind, name: places.name, lon: places.lon, lat: places.lat, attrs: places.attrs, photos: places.photos, description: sql<string>`left(${places.description}, 80)` })
    .from(places).where(and(eq(places.status, 'published'), sql`(${places.attrs}->>'partOf' = ${id} OR ${places.attrs}->>'soldAt' = ${id})`))
    .orderBy(places.kind, places.name);
}

export async function publishedCounts(db: Db, region: string): Promise<Record<string, number>> {
  const rows = await db.select({ kind: places.kind, n: sql<number>`count(*)::int` }).from(places)
    .where(and(eq(places.status, 'published'), sql`${places.regionCode} LIKE ${`${region}%`}`)).groupBy(places.kind);
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

/** Villages with published places, and how many. */
export async function villagesWithPlaces(db: Db): Promise<{ regionCode: string; n: number }[]> {
  const rows = await db.select({ regionCode: places.regionCode, n: sql<number>`count(*)::int` }).from(places).where(eq(places.status, 'published')).groupBy(places.regionCode).orderBy(places.regionCode);
  return rows.map((r) => ({ regionCode: r.regionCode, n: Number(r.n) }));
}

export async function questionCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ placeId: placeQuestions.placeId, n: sql<number>`count(*)::int` }).from(placeQuestions).where(inArray(placeQuestions.placeId, ids)).groupBy(placeQuestions.placeId);
  return new Map(rows.map((r) => [r.placeId, Number(r.n)]));
}

/** The villages and owning households of the listings that show this photo (now or in a pending revision), and of a guide's cover: who may read it. */
export async function listingsWithPhoto(db: Db, mediaId: string): Promise<{ regionCodes: string[]; householdIds: string[] }> {
  const [rows, covers] = await Promise.all([
    db.select({ regionCode: places.regionCode, household: places.ownerHouseholdId }).from(places)
      .where(sql`${mediaId} = ANY(${places.photos}) OR coalesce(${places.revision}->'photos', '[]'::jsonb) ? ${mediaId}`),
    db.select({ regionCode: villageGuides.regionCode }).from(villageGuides).where(eq(villageGuides.coverMediaId, mediaId)),
  ]);
  return {
    regionCodes: [...new Set([...rows, ...covers].map((r) => r.regionCode))],
    householdIds: [...new Set(rows.map((r) => r.household).filter((h): h is string => !!h))],
  };
}

export async function guideRow(db: Db, code: string): Promise<typeof villageGuides.$inferSelect | undefined> {
  const [row] = await db.select().from(villageGuides).where(eq(villageGuides.regionCode, code));
  return row;
}

export const byId = (id: string) => eq(places.id, id);
/** The row as read: an update that finds another version changes nothing (the caller checked it under a lock). */
export const byIdAt = (id: string, version: number) => and(eq(places.id, id), eq(places.version, version));
