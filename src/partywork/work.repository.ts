/** SQL of tasks, visit logs and the visit rules; staff reads carry the region scope in SQL. */
import { eq, sql } from 'drizzle-orm';
import { coveringRegionCodes } from '../platform/access.ts';
import type { Db } from '../platform/db/index.ts';
import { partySettings, partyTasks, partyVisitLogs } from './partywork.schema.ts';
import { inScopes, isUuid, textArray } from './register.repository.ts';
import { DEFAULT_VISIT_SETTINGS, type VisitSettings } from './visit-rules.ts';

export type TaskRow = typeof partyTasks.$inferSelect;
export type NewTask = typeof partyTasks.$inferInsert;
export type LogRow = typeof partyVisitLogs.$inferSelect;
export type NewLog = typeof partyVisitLogs.$inferInsert;

export async function insertTask(tx: Db, t: NewTask): Promise<TaskRow> {
  const [row] = await tx.insert(partyTasks).values(t).returning();
  return row;
}

export async function findTask(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<TaskRow | undefined> {
  if (!isUuid(id)) return undefined;
  const q = db.select().from(partyTasks).where(eq(partyTasks.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}

/** Move a task on if nobody moved it since it was read (its version); the row after, or undefined. */
export async function moveTask(tx: Db, id: string, version: number, at: Date, set: Partial<NewTask>): Promise<TaskRow | undefined> {
  const [row] = await tx.update(partyTasks).set({ ...set, version: version + 1, updatedAt: at })
    .where(sql`${partyTasks.id} = ${id} AND ${partyTasks.version} = ${version}`).returning();
  return row;
}

export interface TaskFilter {
  region?: string;
  state?: string;
  memberId?: string;
  householdId?: string;
  limit: number;
  offset: number;
}

export async function tasksIn(db: Db, patterns: string[], f: TaskFilter): Promise<{ rows: TaskRow[]; total: number }> {
  const none = '00000000-0000-0000-0000-000000000000';
  const where = sql`${inScopes('region_code', patterns)}
    ${f.region ? sql`AND region_code LIKE ${`${f.region}%`}` : sql``}
    ${f.state ? sql`AND state = ${f.state}` : sql``}
    ${f.memberId ? sql`AND member_id = ${isUuid(f.memberId) ? f.memberId : none}::uuid` : sql``}
    ${f.householdId ? sql`AND household_id = ${isUuid(f.householdId) ? f.householdId : none}::uuid` : sql``}`;
  const rows = await db.select().from(partyTasks).where(where).orderBy(sql`updated_at DESC, id`).limit(f.limit).offset(f.offset);
  const total = (await db.execute(sql`SELECT count(*)::int AS n FROM party_tasks WHERE ${where}`)) as unknown as { rows: { n: number }[] };
  return { rows, total: Number(total.rows[0].n) };
}

/** The tasks a member holds (claimed or active), newest first. */
export async function tasksOf(db: Db, memberId: string): Promise<TaskRow[]> {
  return db.select().from(partyTasks).where(sql`member_id = ${memberId}::uuid AND state IN ('claimed', 'active')`).orderBy(sql`updated_at DESC`).limit(100);
}

// ——— visit logs ———

export async function findLog(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<LogRow | undefined> {
  if (!isUuid(id)) return undefined;
  const q = db.select().from(partyVisitLogs).where(eq(partyVisitLogs.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ? { ...row, flags: textArray(row.flags), needs: textArray(row.needs) } : undefined;
}

/** Insert unless the id is taken; the stored row when it was new. */
export async function insertLog(tx: Db, l: NewLog): Promise<LogRow | undefined> {
  const [row] = await tx.insert(partyVisitLogs).values(l).onConflictDoNothing({ target: partyVisitLogs.id }).returning();
  return row;
}

/** Serialise work on one key inside the transaction (the gap between logs, the weekly cap). */
export async function lockKey(tx: Db, key: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/** The member's log of the task nearest in time to `at` within `gapMinutes` either side (logs arrive out of order when queued). */
export async function nearestLog(tx: Db, memberId: string, taskId: string, at: Date, gapMinutes: number): Promise<{ visitedAt: Date } | undefined> {
  const r = (await tx.execute(sql`
    SELECT visited_at FROM party_visit_logs
     WHERE member_id = ${memberId}::uuid AND task_id = ${taskId}::uuid
       AND visited_at > ${at.toISOString()}::timestamptz - make_interval(mins => ${gapMinutes})
       AND visited_at < ${at.toISOString()}::timestamptz + make_interval(mins => ${gapMinutes})
     ORDER BY abs(extract(epoch FROM visited_at - ${at.toISOString()}::timestamptz)) LIMIT 1`)) as unknown as { rows: { visited_at: string | Date }[] };
  return r.rows[0] ? { visitedAt: new Date(r.rows[0].visited_at) } : undefined;
}

/** Logs of the member for the household (or, without one, the task) that scored in [from, to). */
export async function scoredIn(tx: Db, log: { memberId: string; householdId: string | null; taskId: string }, from: Date, to: Date): Promise<number> {
  const target = log.householdId ? sql`household_id = ${log.householdId}::uuid` : sql`task_id = ${log.taskId}::uuid AND household_id IS NULL`;
  const r = (await tx.execute(sql`
    SELECT count(*)::int AS n FROM party_visit_logs
     WHERE member_id = ${log.memberId}::uuid AND ${target} AND status = 'valued' AND points > 0
       AND visited_at >= ${from.toISOString()}::timestamptz AND visited_at < ${to.toISOString()}::timestamptz`)) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0].n);
}

export async function updateLog(tx: Db, id: string, set: Partial<NewLog>): Promise<LogRow> {
  const [row] = await tx.update(partyVisitLogs).set(set).where(eq(partyVisitLogs.id, id)).returning();
  return { ...row, flags: textArray(row.flags), needs: textArray(row.needs) };
}

export interface LogFilter {
  region?: string;
  status?: string;
  memberId?: string;
  taskId?: string;
  limit: number;
  offset: number;
}

/** Logs in the scopes (null: any — a member's own, filtered by memberId), oldest pending first for a review queue, else newest. */
export async function logsIn(db: Db, patterns: string[] | null, f: LogFilter): Promise<{ rows: LogRow[]; total: number }> {
  const none = '00000000-0000-0000-0000-000000000000';
  const where = sql`${patterns ? inScopes('region_code', patterns) : sql`true`}
    ${f.region ? sql`AND region_code LIKE ${`${f.region}%`}` : sql``}
    ${f.status ? sql`AND status = ${f.status}` : sql``}
    ${f.memberId ? sql`AND member_id = ${isUuid(f.memberId) ? f.memberId : none}::uuid` : sql``}
    ${f.taskId ? sql`AND task_id = ${isUuid(f.taskId) ? f.taskId : none}::uuid` : sql``}`;
  const order = f.status === 'pending' ? sql`visited_at ASC, id` : sql`visited_at DESC, id`;
  const rows = await db.select().from(partyVisitLogs).where(where).orderBy(order).limit(f.limit).offset(f.offset);
  const total = (await db.execute(sql`SELECT count(*)::int AS n FROM party_visit_logs WHERE ${where}`)) as unknown as { rows: { n: number }[] };
  return { rows: rows.map((r) => ({ ...r, flags: textArray(r.flags), needs: textArray(r.needs) })), total: Number(total.rows[0].n) };
}

/** Who may see a photo of a visit log: staff of its area and its member. */
export async function photoReaders(db: Db, mediaId: string): Promise<{ regionCodes: string[]; userIds: string[] }> {
  const rows = await db.select({ regionCode: partyVisitLogs.regionCode, memberId: partyVisitLogs.memberId }).from(partyVisitLogs).where(eq(partyVisitLogs.photoId, mediaId)).limit(100);
  return { regionCodes: rows.map((r) => r.regionCode), userIds: rows.map((r) => r.memberId) };
}

// ——— visit rules ———

/** The rules for a place: the nearest covering region's row, else the defaults. */
export async function settingsFor(db: Db, regionCode: string): Promise<VisitSettings & { from: string }> {
  const codes = coveringRegionCodes(regionCode);
  const rows = await db.select().from(partySettings).where(sql`${partySettings.regionCode} IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`);
  const row = codes.map((c) => rows.find((r) => r.regionCode === c)).find(Boolean);
  return row
    ? { weeklyCap: row.weeklyCap, geofenceM: row.geofenceM, minGapMinutes: row.minGapMinutes, pointsPerLog: row.pointsPerLog, from: row.regionCode }
    : { ...DEFAULT_VISIT_SETTINGS, from: 'default' };
}

export async function putSettings(tx: Db, regionCode: string, s: VisitSettings, by: string | null): Promise<void> {
  await tx.insert(partySettings).values({ regionCode, ...s, updatedBy: by }).onConflictDoUpdate({
    target: partySettings.regionCode, set: { ...s, updatedBy: by, updatedAt: new Date() },
  });
}
