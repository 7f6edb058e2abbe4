/** All SQL of the cases module. */
import { and, asc, desc, eq, inArray, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { calendarOverrides, caseCategories, cases, caseTimeline } from './cases.schema.ts';

export type CaseRow = typeof cases.$inferSelect;
export type CategoryRow = typeof caseCategories.$inferSelect;
export type TimelineRow = typeof caseTimeline.$inferSelect;

export async function listCategories(db: Db) {
  return db.select().from(caseCategories).where(eq(caseCategories.active, true)).orderBy(asc(caseCategories.code));
}

export async function findCategory(db: Db, code: string) {
  const [c] = await db.select().from(caseCategories).where(eq(caseCategories.code, code));
  return c;
}

export async function loadOverrides(db: Db): Promise<Map<string, boolean>> {
  const rows = await db.select().from(calendarOverrides);
  return new Map(rows.map((r) => [r.date, r.working]));
}

export async function insertCase(db: Db, values: Omit<typeof cases.$inferInsert, 'no'>): Promise<CaseRow> {
  const [row] = await db
    .insert(cases)
    .values({ ...values, no: sql`to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(nextval('case_no_seq')::text, 6, '0')` })
    .returning();
  return row;
}

export async function findByClientKey(db: Db, reporterId: string, clientKey: string) {
  const [row] = await db.select().from(cases).where(and(eq(cases.reporterId, reporterId), eq(cases.clientKey, clientKey)));
  return row;
}

export async function findCase(db: Db, id: string, forUpdate = false): Promise<CaseRow | undefined> {
  const q = db.select().from(cases).where(eq(cases.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function updateCase(db: Db, id: string, set: Partial<typeof cases.$inferInsert>) {
  await db.update(cases).set({ ...set, version: sql`${cases.version} + 1`, updatedAt: sql`now()` }).where(eq(cases.id, id));
}

export async function appendTimeline(db: Db, row: typeof caseTimeline.$inferInsert) {
  await db.insert(caseTimeline).values(row);
}

export async function timelineOf(db: Db, caseId: string) {
  return db.select().from(caseTimeline).where(eq(caseTimeline.caseId, caseId)).orderBy(asc(caseTimeline.id));
}

export interface CaseFilter {
  scopes: string[];
  /** Cases a non-staff user reported. */
  reporterId?: string;
  states?: string[];
  levels?: string[];
  categoryCode?: string;
  source?: string;
  overdue?: boolean;
  /** Only cases assigned to this person or one of these organisations. */
  assignedTo?: { userId: string; orgIds: string[] };
  limit: number;
  offset: number;
}

export async function listCases(db: Db, f: CaseFilter) {
  const conds: (SQL | undefined)[] = [];
  const scope = f.scopes.length ? or(...f.scopes.map((s) => like(cases.regionCode, `${s}%`))) : undefined;
  conds.push(f.reporterId ? (scope ? or(scope, eq(cases.reporterId, f.reporterId)) : eq(cases.reporterId, f.reporterId)) : scope ?? sql`false`);
  if (f.states?.length) conds.push(inArray(cases.state, f.states));
  if (f.levels?.length) conds.push(inArray(cases.level, f.levels));
  if (f.categoryCode) conds.push(eq(cases.categoryCode, f.categoryCode));
  if (f.source) conds.push(eq(cases.source, f.source));
  if (f.assignedTo) {
    const { userId, orgIds } = f.assignedTo;
    conds.push(orgIds.length ? or(eq(cases.assigneeId, userId), inArray(cases.assignedOrgId, orgIds)) : eq(cases.assigneeId, userId));
  }
  if (f.overdue) conds.push(or(lt(cases.deadline, sql`now()`), lt(cases.signDeadline, sql`now()`))!, inArray(cases.state, ['DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED']));
  return db.select().from(cases).where(and(...conds)).orderBy(desc(cases.reportedAt), desc(cases.id)).limit(f.limit).offset(f.offset);
}
