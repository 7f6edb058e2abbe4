/** SQL of the register (branches, members); staff reads carry the region scope in SQL (`region_code LIKE …`). */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { partyBranches, partyMembers } from './partywork.schema.ts';

export type BranchRow = typeof partyBranches.$inferSelect;
export type MemberRow = typeof partyMembers.$inferSelect;
export type NewMember = typeof partyMembers.$inferInsert;

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** `(col LIKE p1 OR col LIKE p2 …)` for scope patterns; no pattern matches nothing. */
export function inScopes(column: string, patterns: readonly string[]): SQL {
  if (patterns.length === 0) return sql`false`;
  return sql`(${sql.join(patterns.map((p) => sql`${sql.raw(column)} LIKE ${p}`), sql` OR `)})`;
}

export async function insertBranch(tx: Db, b: { regionCode: string; name: string; kind: string }): Promise<BranchRow> {
  const [row] = await tx.insert(partyBranches).values(b).returning();
  return row;
}

export async function findBranch(db: Db, id: string): Promise<BranchRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(partyBranches).where(eq(partyBranches.id, id));
  return row;
}

export async function branchesIn(db: Db, patterns: string[], region?: string): Promise<(BranchRow & { memberCount: number })[]> {
  const rows = (await db.execute(sql`
    SELECT b.id, b.region_code, b.name, b.kind, b.created_at,
           (SELECT count(*)::int FROM party_members m WHERE m.branch_id = b.id) AS member_count
      FROM party_branches b
     WHERE ${inScopes('b.region_code', patterns)} ${region ? sql`AND b.region_code LIKE ${`${region}%`}` : sql``}
     ORDER BY b.region_code, b.name LIMIT 500`)) as unknown as { rows: { id: string; region_code: string; name: string; kind: string; created_at: string | Date; member_count: number }[] };
  return rows.rows.map((r) => ({ id: r.id, regionCode: r.region_code, name: r.name, kind: r.kind, createdAt: new Date(r.created_at), memberCount: Number(r.member_count) }));
}

/** Branches under a scope by name, for an import naming branches by name. */
export async function branchesByName(db: Db, scope: string): Promise<BranchRow[]> {
  return db.select().from(partyBranches).where(sql`${partyBranches.regionCode} LIKE ${`${scope}%`}`);
}

export interface MemberListRow extends MemberRow {
  branchName: string;
  /** an approved exemption (免, duties.schema.ts) in force today */
  exempt: boolean;
}

/** Whether the member `m` has an approved exemption (免) in force today, as a boolean column `exempt`. */
export const exemptColumn = sql`EXISTS (SELECT 1 FROM party_exemptions e WHERE e.user_id = m.user_id AND e.status = 'approved' AND e.decided_on <= (now() AT TIME ZONE 'Asia/Shanghai')::date
    AND (e.ends_on IS NULL OR e.ends_on >= (now() AT TIME ZONE 'Asia/Shanghai')::date)) AS exempt`;

const memberColumns = sql`m.user_id, m.branch_id, m.region_code, m.status, m.reported, m.identity_shown, m.posts, m.relation_elsewhere, m.created_at, m.updated_at, b.name AS branch_name,
  ${exemptColumn}`;

type RawMember = {
  user_id: string; branch_id: string; region_code: string; status: string; reported: boolean; identity_shown: boolean; posts: string[] | string;
  relation_elsewhere: string | null; created_at: string | Date; updated_at: string | Date; branch_name: string; exempt: boolean | string;
};

/** text[] arrives as an array from both drivers in practice; a literal `{a,b}` is read too. */
export const textArray = (v: string[] | string | null): string[] =>
  Array.isArray(v) ? v : v ? v.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((x) => x.replace(/^"|"$/g, '')) : [];

const toMember = (r: RawMember): MemberListRow => ({
  userId: r.user_id, branchId: r.branch_id, regionCode: r.region_code, status: r.status, reported: r.reported, identityShown: r.identity_shown,
  posts: textArray(r.posts), relationElsewhere: r.relation_elsewhere, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at), branchName: r.branch_name,
  exempt: r.exempt === true || r.exempt === 't',
});

export async function findMember(db: Db, userId: string): Promise<MemberListRow | undefined> {
  if (!isUuid(userId)) return undefined;
  const r = (await db.execute(sql`SELECT ${memberColumns} FROM party_members m JOIN party_branches b ON b.id = m.branch_id WHERE m.user_id = ${userId}::uuid`)) as unknown as { rows: RawMember[] };
  return r.rows[0] ? toMember(r.rows[0]) : undefined;
}

export async function membersIn(db: Db, patterns: string[], q: { region?: string; branchId?: string; limit: number; offset: number }): Promise<{ rows: MemberListRow[]; total: number }> {
  const where = sql`${inScopes('m.region_code', patterns)}
    ${q.region ? sql`AND m.region_code LIKE ${`${q.region}%`}` : sql``}
    ${q.branchId ? sql`AND m.branch_id = ${isUuid(q.branchId) ? q.branchId : '00000000-0000-0000-0000-000000000000'}::uuid` : sql``}`;
  const rows = (await db.execute(sql`
    SELECT ${memberColumns} FROM party_members m JOIN party_branches b ON b.id = m.branch_id
     WHERE ${where} ORDER BY m.region_code, b.name, m.created_at, m.user_id LIMIT ${q.limit} OFFSET ${q.offset}`)) as unknown as { rows: RawMember[] };
  const total = (await db.execute(sql`SELECT count(*)::int AS n FROM party_members m WHERE ${where}`)) as unknown as { rows: { n: number }[] };
  return { rows: rows.rows.map(toMember), total: Number(total.rows[0].n) };
}

export async function insertMember(tx: Db, m: NewMember): Promise<void> {
  await tx.insert(partyMembers).values(m);
}

export async function updateMember(tx: Db, userId: string, patch: Partial<NewMember>): Promise<void> {
  await tx.update(partyMembers).set({ ...patch, updatedAt: new Date() }).where(and(eq(partyMembers.userId, userId)));
}

/** Insert or update many profiles in one statement; how many were new. */
export async function upsertMembers(tx: Db, rows: NewMember[]): Promise<{ created: number; updated: number }> {
  let created = 0;
  // 500 rows a statement keeps the parameter count (10 a row) well under PostgreSQL's 65,535
  for (let i = 0; i < rows.length; i += 500) {
    const out = await tx.insert(partyMembers).values(rows.slice(i, i + 500)).onConflictDoUpdate({
      target: partyMembers.userId,
      set: {
        branchId: sql`excluded.branch_id`, regionCode: sql`excluded.region_code`, status: sql`excluded.status`, reported: sql`excluded.reported`,
        identityShown: sql`excluded.identity_shown`, posts: sql`excluded.posts`, relationElsewhere: sql`excluded.relation_elsewhere`, updatedAt: sql`now()`,
      },
    }).returning({ inserted: sql<boolean>`(xmax = 0)` });
    created += out.filter((r) => r.inserted === true || (r.inserted as unknown) === 't').length;
  }
  return { created, updated: rows.length - created };
}

/** Date the registration of a branch's members (a register carried over from paper or an older system). */
export async function setRegisteredAt(tx: Db, branchIds: string[], at: Date): Promise<void> {
  await tx.execute(sql`UPDATE party_members SET created_at = ${at.toISOString()}::timestamptz WHERE branch_id = ANY(${sql.raw(`ARRAY[${branchIds.map((id) => `'${isUuid(id) ? id : '00000000-0000-0000-0000-000000000000'}'`).join(',')}]::uuid[]`)})`);
}
