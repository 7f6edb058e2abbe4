/** SQL of the registry (一户一档): person records, the change history, need-to-know scope, reveals from the audit log. */
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { householdHistory, householdPeople, type PersonRole, type Relation } from './households.schema.ts';

export type PersonRow = typeof householdPeople.$inferSelect;
export type HistoryRow = typeof householdHistory.$inferSelect;

export interface NewPerson {
  householdId: string;
  userId?: string | null;
  name: string;
  relation: Relation;
  roles?: PersonRole[];
  idCipher?: string | null;
  idHash?: string | null;
  idMasked?: string | null;
  birthDate?: string | null;
  phoneCipher?: string | null;
  phoneMasked?: string | null;
}

export interface NewHistory {
  householdId: string;
  actorId: string | null;
  change: string;
  oldValue?: string | null;
  newValue?: string | null;
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** The people of a household as a 户口簿 lists them. */
export async function peopleOf(db: Db, householdId: string): Promise<PersonRow[]> {
  return db.select().from(householdPeople).where(eq(householdPeople.householdId, householdId))
    .orderBy(sql`array_position(ARRAY['head', 'spouse', 'parent', 'child', 'grandchild', 'other']::text[], ${householdPeople.relation}::text)`, asc(householdPeople.birthDate), asc(householdPeople.createdAt), asc(householdPeople.id));
}

export async function personById(db: Db, householdId: string, personId: string): Promise<PersonRow | undefined> {
  if (!isUuid(personId)) return undefined;
  const [row] = await db.select().from(householdPeople).where(sql`${householdPeople.id} = ${personId} AND ${householdPeople.householdId} = ${householdId}`);
  return row;
}

export async function insertPeople(tx: Db, people: NewPerson[]): Promise<void> {
  // 500 rows a statement: 12 parameters a row stays far below PostgreSQL's 65,535
  for (let i = 0; i < people.length; i += 500) await tx.insert(householdPeople).values(people.slice(i, i + 500));
}

export async function deletePersonOfUser(tx: Db, householdId: string, userId: string): Promise<void> {
  await tx.delete(householdPeople).where(sql`${householdPeople.householdId} = ${householdId} AND ${householdPeople.userId} = ${userId}`);
}

export async function setPersonRelation(tx: Db, householdId: string, userId: string, relation: Relation): Promise<void> {
  await tx.update(householdPeople).set({ relation }).where(sql`${householdPeople.householdId} = ${householdId} AND ${householdPeople.userId} = ${userId}`);
}

export async function setPersonRoles(tx: Db, personId: string, roles: PersonRole[]): Promise<void> {
  await tx.update(householdPeople).set({ roles }).where(eq(householdPeople.id, personId));
}

export async function appendHistory(tx: Db, rows: NewHistory[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(householdHistory).values(rows.slice(i, i + 1000));
}

export async function historyOf(db: Db, householdId: string, limit = 50): Promise<HistoryRow[]> {
  return db.select().from(householdHistory).where(eq(householdHistory.householdId, householdId)).orderBy(desc(householdHistory.at), desc(householdHistory.id)).limit(limit);
}

/** Existing people whose lookup hash is one of these (another household's or this one's): duplicates by ID number. */
export async function peopleByIdHash(db: Db, hashes: string[]): Promise<{ id_hash: string; name: string; household_id: string; household_name: string; address: string }[]> {
  if (!hashes.length) return [];
  const r = (await db.execute(sql`
    SELECT p.id_hash, p.name, p.household_id, h.name AS household_name, h.address
      FROM household_people p JOIN households h ON h.id = p.household_id
     WHERE p.id_hash = ANY(${`{${hashes.join(',')}}`}::text[])`)) as unknown as { rows: { id_hash: string; name: string; household_id: string; household_name: string; address: string }[] };
  return r.rows;
}

/** Existing people of a village by name (duplicates by name + phone, name + birth date). */
export async function peopleOfVillage(db: Db, regionCode: string): Promise<{ name: string; phone_masked: string | null; phone_cipher: string | null; birth_date: string | null; household_name: string; address: string }[]> {
  const r = (await db.execute(sql`
    SELECT p.name, p.phone_masked, p.phone_cipher, p.birth_date::text AS birth_date, h.name AS household_name, h.address
      FROM household_people p JOIN households h ON h.id = p.household_id
     WHERE h.region_code = ${regionCode}`)) as unknown as { rows: { name: string; phone_masked: string | null; phone_cipher: string | null; birth_date: string | null; household_name: string; address: string }[] };
  return r.rows;
}

export interface RevealRow {
  at: Date | string;
  actor_id: string | null;
  action: string;
  details: Record<string, unknown>;
}

/** Who looked at the household's record and revealed whose ID number or phone: from the audit log, newest first. */
export async function revealsOf(db: Db, householdId: string, limit = 100): Promise<RevealRow[]> {
  const r = (await db.execute(sql`
    SELECT at, actor_id, action, details FROM audit_log
     WHERE entity = 'household' AND entity_id = ${householdId} AND action IN ('households.reveal', 'households.reveal_field', 'households.card_scan')
     ORDER BY at DESC, id DESC LIMIT ${limit}`)) as unknown as { rows: RevealRow[] };
  return r.rows;
}
