/** SQL of households and their members; the region scope of staff reads is in the SQL (`region_code LIKE ANY`). */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { householdMembers, households, type Relation } from './households.schema.ts';

export type HouseholdRow = typeof households.$inferSelect;
export type MemberRow = typeof householdMembers.$inferSelect;

export interface HouseholdListRow {
  id: string;
  region_code: string;
  name: string;
  address: string;
  head_user_id: string;
  member_count: number;
  updated_at: Date | string;
  grid_code: string | null;
  tags: string[];
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export async function findById(db: Db, id: string): Promise<HouseholdRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(households).where(eq(households.id, id));
  return row;
}

/** The household whose live card carries this token (a replaced card's token finds nothing). */
/** The names villages call these households by (郭家), by id. */
export async function namesOf(db: Db, ids: string[]): Promise<{ id: string; name: string; address: string }[]> {
  const valid = ids.filter(isUuid);
  return valid.length ? db.select({ id: households.id, name: households.name, address: households.address }).from(households).where(inArray(households.id, valid)) : [];
}

export async function findByToken(db: Db, token: string): Promise<HouseholdRow | undefined> {
  const [row] = await db.select().from(households).where(eq(households.cardToken, token));
  return row;
}

export async function findByMember(db: Db, userId: string): Promise<HouseholdRow | undefined> {
  if (!isUuid(userId)) return undefined;
  const [row] = await db.select({ h: households }).from(householdMembers).innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(eq(householdMembers.userId, userId));
  return row?.h;
}

export async function membersOf(db: Db, householdId: string): Promise<MemberRow[]> {
  if (!isUuid(householdId)) return [];
  // as a 户口簿 lists them: the head, spouse, parents, children, grandchildren, others; then by joining
  return db.select().from(householdMembers).where(eq(householdMembers.householdId, householdId))
    .orderBy(sql`array_position(ARRAY['head', 'spouse', 'parent', 'child', 'grandchild', 'other']::text[], ${householdMembers.relation}::text)`, asc(householdMembers.joinedAt), asc(householdMembers.userId));
}

/** Are both people members of one household? One statement, for the points module's anti-人情分 check. */
export async function sameHousehold(db: Db, a: string, b: string): Promise<boolean> {
  if (!isUuid(a) || !isUuid(b)) return false;
  const r = (await db.execute(sql`
    SELECT 1 FROM household_members x JOIN household_members y ON y.household_id = x.household_id
     WHERE x.user_id = ${a}::uuid AND y.user_id = ${b}::uuid LIMIT 1`)) as unknown as { rows: unknown[] };
  return r.rows.length > 0;
}

/** A page of the households the actor sees (need-to-know.ts's SQL), optionally within one region, newest change first. */
export async function list(db: Db, inScope: SQL, opts: { region?: string; limit: number; offset: number }): Promise<{ rows: HouseholdListRow[]; total: number }> {
  const where = sql`(${inScope}) ${opts.region ? sql`AND h.region_code LIKE ${`${opts.region}%`}` : sql``}`;
  const rows = (await db.execute(sql`
    SELECT h.id, h.region_code, h.name, h.address, h.head_user_id, h.updated_at, h.grid_code, h.tags,
           (SELECT count(*)::int FROM household_members m WHERE m.household_id = h.id) AS member_count
      FROM households h WHERE ${where}
     ORDER BY h.region_code, h.address, h.id
     LIMIT ${opts.limit} OFFSET ${opts.offset}`)) as unknown as { rows: HouseholdListRow[] };
  const total = (await db.execute(sql`SELECT count(*)::int AS n FROM households h WHERE ${where}`)) as unknown as { rows: { n: number }[] };
  return { rows: rows.rows, total: Number(total.rows[0].n) };
}

export async function insertHousehold(tx: Db, h: { regionCode: string; name: string; address: string; headUserId: string; cardToken: string }): Promise<HouseholdRow> {
  const [row] = await tx.insert(households).values(h).returning();
  return row;
}

export async function insertMember(tx: Db, m: { householdId: string; userId: string; relation: Relation }): Promise<void> {
  await tx.insert(householdMembers).values(m);
}

export async function deleteMember(tx: Db, householdId: string, userId: string): Promise<boolean> {
  const r = await tx.delete(householdMembers).where(and(eq(householdMembers.householdId, householdId), eq(householdMembers.userId, userId))).returning({ id: householdMembers.userId });
  return r.length > 0;
}

export async function setRelation(tx: Db, householdId: string, userId: string, relation: Relation): Promise<void> {
  await tx.update(householdMembers).set({ relation }).where(and(eq(householdMembers.householdId, householdId), eq(householdMembers.userId, userId)));
}

/** Lock the household's row for a change of its members (two administrators at once queue here). */
export async function lock(tx: Db, id: string): Promise<HouseholdRow | undefined> {
  const [row] = await tx.select().from(households).where(eq(households.id, id)).for('update');
  return row;
}

export async function update(tx: Db, id: string, set: Partial<Pick<HouseholdRow, 'headUserId' | 'cardToken' | 'cardIssuedAt'>>): Promise<HouseholdRow> {
  const [row] = await tx.update(households).set({ ...set, updatedAt: new Date() }).where(eq(households.id, id)).returning();
  return row;
}

export async function updatePlace(tx: Db, id: string, set: Partial<Pick<HouseholdRow, 'tags' | 'address' | 'gridCode' | 'lon' | 'lat'>>): Promise<HouseholdRow> {
  const [row] = await tx.update(households).set({ ...set, updatedAt: new Date() }).where(eq(households.id, id)).returning();
  return row;
}
