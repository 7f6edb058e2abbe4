/**
 * SQL of the duties (duties.schema.ts): exemptions, escalated reviews, targets, reminders to the branch
 * secretary, monthly summaries. Staff reads carry the region scope in SQL; the jobs read every region.
 */
import { sql, type SQL } from 'drizzle-orm';
import { coveringRegionCodes } from '../platform/access.ts';
import type { Db } from '../platform/db/index.ts';
import { partyExemptions, partyTargets } from './duties.schema.ts';
import { inScopes, isUuid } from './register.repository.ts';

type Rows<T> = { rows: T[] };
const rows = async <T>(db: Db, q: SQL): Promise<T[]> => ((await db.execute(q)) as unknown as Rows<T>).rows;
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
/** The local (Shanghai) day of an instant, in SQL. */
const localDay = (d: Date) => sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`;

/** `m.user_id`'s approved exemption in force on the day of `at` (the column names the member). */
export const exemptAt = (column: string, at: Date): SQL => sql`EXISTS (SELECT 1 FROM party_exemptions e
  WHERE e.user_id = ${sql.raw(column)} AND e.status = 'approved' AND e.decided_on <= ${localDay(at)} AND (e.ends_on IS NULL OR e.ends_on >= ${localDay(at)}))`;

// ——— exemptions ———

export type ExemptionRow = typeof partyExemptions.$inferSelect;

export async function insertExemption(tx: Db, e: typeof partyExemptions.$inferInsert): Promise<ExemptionRow> {
  const [row] = await tx.insert(partyExemptions).values(e).returning();
  return row;
}

export async function findExemption(db: Db, id: string, lock = false): Promise<ExemptionRow | undefined> {
  if (!isUuid(id)) return undefined;
  const q = db.select().from(partyExemptions).where(sql`${partyExemptions.id} = ${id}::uuid`);
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function decideExemption(tx: Db, id: string, set: { status: string; decidedBy: string; decidedAt: Date; decisionNote: string | null }): Promise<ExemptionRow | undefined> {
  const [row] = await tx.update(partyExemptions).set(set).where(sql`${partyExemptions.id} = ${id}::uuid AND status = 'pending'`).returning();
  return row;
}

export async function exemptionsIn(db: Db, patterns: string[] | null, f: { region?: string; status?: string; userId?: string }): Promise<ExemptionRow[]> {
  return db.select().from(partyExemptions).where(sql`${patterns ? inScopes('region_code', patterns) : sql`true`}
    ${f.region ? sql`AND region_code LIKE ${`${f.region}%`}` : sql``}
    ${f.status ? sql`AND status = ${f.status}` : sql``}
    ${f.userId ? sql`AND user_id = ${f.userId}::uuid` : sql``}`).orderBy(sql`recorded_at DESC, id`).limit(200);
}

// ——— escalated reviews ———

/** Pending logs not escalated yet that arrived before `before` (a bound; the calendar decides each). */
export async function unescalatedPending(db: Db, before: Date): Promise<{ id: string; region_code: string; received_at: string | Date }[]> {
  return rows(db, sql`SELECT l.id, l.region_code, l.received_at FROM party_visit_logs l
    WHERE l.status = 'pending' AND l.received_at < ${ts(before)}
      AND NOT EXISTS (SELECT 1 FROM party_review_escalations x WHERE x.log_id = l.id)
    ORDER BY l.received_at LIMIT 5000`);
}

/** Mark a log escalated; false when it was already (a rerun, a racing instance). */
export async function markEscalated(tx: Db, e: { logId: string; regionCode: string; communityCode: string; dueAt: Date; at: Date; notified: number }): Promise<boolean> {
  const r = await rows<{ log_id: string }>(tx, sql`INSERT INTO party_review_escalations (log_id, region_code, community_code, due_at, escalated_at, notified)
    VALUES (${e.logId}::uuid, ${e.regionCode}, ${e.communityCode}, ${ts(e.dueAt)}, ${ts(e.at)}, ${e.notified}) ON CONFLICT DO NOTHING RETURNING log_id`);
  return r.length === 1;
}

export interface OverdueRow { id: string; member_id: string; region_code: string; visited_at: string | Date; received_at: string | Date; escalated_at: string | Date | null; due_at: string | Date | null }

/** The area's pending logs that arrived before `before` with their escalation, if any (oldest first). */
export async function pendingSince(db: Db, patterns: string[], region: string | undefined, before: Date): Promise<OverdueRow[]> {
  return rows(db, sql`SELECT l.id, l.member_id, l.region_code, l.visited_at, l.received_at, x.escalated_at, x.due_at
    FROM party_visit_logs l LEFT JOIN party_review_escalations x ON x.log_id = l.id
    WHERE l.status = 'pending' AND ${inScopes('l.region_code', patterns)} ${region ? sql`AND l.region_code LIKE ${`${region}%`}` : sql``}
      AND l.received_at < ${ts(before)}
    ORDER BY l.received_at, l.id LIMIT 500`);
}

// ——— targets ———

/** Visits per household a month for a place: the nearest covering region's row, else null. */
export async function targetRateFor(db: Db, regionCode: string): Promise<{ rate: number; from: string } | null> {
  const codes = coveringRegionCodes(regionCode);
  const found = await db.select().from(partyTargets).where(sql`${partyTargets.regionCode} IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`);
  const row = codes.map((c) => found.find((r) => r.regionCode === c)).find(Boolean);
  return row ? { rate: row.visitsPerHousehold, from: row.regionCode } : null;
}

export async function putTargetRate(tx: Db, regionCode: string, rate: number, by: string): Promise<void> {
  await tx.insert(partyTargets).values({ regionCode, visitsPerHousehold: rate, updatedBy: by })
    .onConflictDoUpdate({ target: partyTargets.regionCode, set: { visitsPerHousehold: rate, updatedBy: by, updatedAt: new Date() } });
}

export interface ProgressRow { key: string; region_code: string; households: number; visits: number; exempt: boolean }

/**
 * Per area (the task's grid or village) or per member: the households of active 联户 tasks held by
 * members not exempted, and the visits logged for them in [from, to) (rejected logs do not count).
 */
export async function progress(db: Db, by: 'area' | 'member', where: SQL, from: Date, to: Date, at: Date): Promise<ProgressRow[]> {
  const key = by === 'area' ? sql`t.region_code` : sql`t.member_id::text`;
  return rows(db, sql`WITH t AS (
      SELECT t.id, t.region_code, t.member_id, t.household_id, ${exemptAt('t.member_id', at)} AS exempt FROM party_tasks t
       WHERE t.state = 'active' AND t.kind = 'household' AND ${where}),
    v AS (SELECT l.task_id, count(*)::int AS n FROM party_visit_logs l JOIN t ON t.id = l.task_id
           WHERE l.status <> 'rejected' AND l.visited_at >= ${ts(from)} AND l.visited_at < ${ts(to)} GROUP BY l.task_id)
    SELECT ${key} AS key, min(t.region_code) AS region_code,
      count(DISTINCT t.household_id) FILTER (WHERE NOT t.exempt)::int AS households,
      coalesce(sum(v.n) FILTER (WHERE NOT t.exempt), 0)::int AS visits,
      bool_and(t.exempt) AS exempt
    FROM t LEFT JOIN v ON v.task_id = t.id
    GROUP BY ${key} ORDER BY 1 LIMIT 500`);
}

// ——— reminders to the branch secretary ———

export interface InactiveRow { user_id: string; branch_id: string; region_code: string; last_visit: string | Date | null; secretary_id: string | null }

/**
 * Members not exempted with no visit log since `since` (registered before it), with no reminder since
 * `since` either, and their branch's secretary (another member of the branch with the post).
 */
export async function inactiveMembers(db: Db, since: Date, at: Date): Promise<InactiveRow[]> {
  return rows(db, sql`SELECT m.user_id, m.branch_id, m.region_code,
      (SELECT max(l.visited_at) FROM party_visit_logs l WHERE l.member_id = m.user_id) AS last_visit,
      (SELECT s.user_id FROM party_members s WHERE s.branch_id = m.branch_id AND s.user_id <> m.user_id AND 'branch_secretary' = ANY(s.posts)
        ORDER BY s.created_at, s.user_id LIMIT 1) AS secretary_id
    FROM party_members m
    WHERE m.created_at < ${ts(since)} AND NOT ${exemptAt('m.user_id', at)}
      AND NOT EXISTS (SELECT 1 FROM party_visit_logs l WHERE l.member_id = m.user_id AND l.visited_at >= ${ts(since)})
      AND NOT EXISTS (SELECT 1 FROM party_duties d WHERE d.kind = 'inactive_member' AND d.member_id = m.user_id AND d.created_at > ${ts(since)})
    ORDER BY m.region_code, m.user_id LIMIT 5000`);
}

export async function insertDuty(tx: Db, d: InactiveRow & { windowNo: number; at: Date }): Promise<string | null> {
  const r = await rows<{ id: string }>(tx, sql`INSERT INTO party_duties (member_id, branch_id, region_code, secretary_id, window_no, last_visit_at, created_at)
    VALUES (${d.user_id}::uuid, ${d.branch_id}::uuid, ${d.region_code}, ${d.secretary_id}::uuid, ${d.windowNo},
            ${d.last_visit ? new Date(d.last_visit).toISOString() : null}::timestamptz, ${ts(d.at)})
    ON CONFLICT DO NOTHING RETURNING id`);
  return r[0]?.id ?? null;
}

export interface DutyRow { id: string; member_id: string; branch_id: string; region_code: string; secretary_id: string | null; last_visit_at: string | Date | null; created_at: string | Date; done_at: string | Date | null }

/** Open reminders for a secretary (or, with patterns, for the staff of an area). */
export async function openDuties(db: Db, f: { secretaryId?: string; patterns?: string[] }): Promise<DutyRow[]> {
  return rows(db, sql`SELECT id, member_id, branch_id, region_code, secretary_id, last_visit_at, created_at, done_at FROM party_duties
    WHERE done_at IS NULL ${f.secretaryId ? sql`AND secretary_id = ${f.secretaryId}::uuid` : sql``} ${f.patterns ? sql`AND ${inScopes('region_code', f.patterns)}` : sql``}
    ORDER BY created_at DESC LIMIT 200`);
}

export async function closeDuty(tx: Db, id: string, secretaryId: string, at: Date): Promise<DutyRow | undefined> {
  if (!isUuid(id)) return undefined;
  const r = await rows<DutyRow>(tx, sql`UPDATE party_duties SET done_at = coalesce(done_at, ${ts(at)}) WHERE id = ${id}::uuid AND secretary_id = ${secretaryId}::uuid
    RETURNING id, member_id, branch_id, region_code, secretary_id, last_visit_at, created_at, done_at`);
  return r[0];
}

// ——— monthly summaries ———

export interface MonthFigures { user_id: string; branch_id: string; region_code: string; visits: number; valued: number; points: number; index_total: number; exempt: boolean }

/** Each member's figures of a month [from, to): logs visited, logs valued and points paid by reviews in it, the month's index. */
export async function monthFigures(db: Db, from: Date, to: Date, monthStart: string, at: Date): Promise<MonthFigures[]> {
  return rows(db, sql`SELECT m.user_id, m.branch_id, m.region_code,
      (SELECT count(*)::int FROM party_visit_logs l WHERE l.member_id = m.user_id AND l.visited_at >= ${ts(from)} AND l.visited_at < ${ts(to)}) AS visits,
      (SELECT count(*)::int FROM party_visit_logs l WHERE l.member_id = m.user_id AND l.status = 'valued' AND l.reviewed_at >= ${ts(from)} AND l.reviewed_at < ${ts(to)}) AS valued,
      (SELECT coalesce(sum(l.points), 0)::int FROM party_visit_logs l WHERE l.member_id = m.user_id AND l.status = 'valued' AND l.reviewed_at >= ${ts(from)} AND l.reviewed_at < ${ts(to)}) AS points,
      coalesce((SELECT i.total FROM party_member_index i WHERE i.user_id = m.user_id AND i.period_kind = 'month' AND i.period_start = ${monthStart}::date), 0)::int AS index_total,
      ${exemptAt('m.user_id', at)} AS exempt
    FROM party_members m WHERE m.created_at < ${ts(to)} ORDER BY m.branch_id, m.user_id`);
}

export interface SummaryInsert {
  kind: 'member' | 'branch'; subjectId: string; branchId: string; regionCode: string; month: string; members: number; exempt: number;
  cur: { visits: number; valued: number; points: number; index: number }; prev: { visits: number; valued: number; points: number; index: number };
}

/** Write summaries that are not there yet; how many were new. */
export async function insertSummaries(tx: Db, list: SummaryInsert[], at: Date): Promise<number> {
  let made = 0;
  for (let i = 0; i < list.length; i += 400) {
    const values = list.slice(i, i + 400).map((s) => sql`(${s.kind}, ${s.subjectId}::uuid, ${s.branchId}::uuid, ${s.regionCode}, ${s.month}::date, ${s.members}, ${s.exempt},
      ${s.cur.visits}, ${s.cur.valued}, ${s.cur.points}, ${s.cur.index}, ${s.prev.visits}, ${s.prev.valued}, ${s.prev.points}, ${s.prev.index}, ${ts(at)})`);
    const r = await rows<{ id: string }>(tx, sql`INSERT INTO party_summaries (kind, subject_id, branch_id, region_code, month, members, exempt,
        visits, valued, points, index_total, prev_visits, prev_valued, prev_points, prev_index_total, created_at)
      VALUES ${sql.join(values, sql`, `)} ON CONFLICT DO NOTHING RETURNING id`);
    made += r.length;
  }
  return made;
}

export interface SummaryRow {
  kind: string; subject_id: string; branch_id: string; region_code: string; month: string | Date; members: number; exempt: number;
  visits: number; valued: number; points: number; index_total: number; prev_visits: number; prev_valued: number; prev_points: number; prev_index_total: number; created_at: string | Date;
}

export async function summaries(db: Db, f: { kind: 'member' | 'branch'; subjectId?: string; branchId?: string; patterns?: string[] }): Promise<SummaryRow[]> {
  return rows(db, sql`SELECT kind, subject_id, branch_id, region_code, to_char(month, 'YYYY-MM-DD') AS month, members, exempt, visits, valued, points, index_total,
      prev_visits, prev_valued, prev_points, prev_index_total, created_at FROM party_summaries
    WHERE kind = ${f.kind} ${f.subjectId ? sql`AND subject_id = ${f.subjectId}::uuid` : sql``} ${f.branchId ? sql`AND branch_id = ${f.branchId}::uuid` : sql``}
      ${f.patterns ? sql`AND ${inScopes('region_code', f.patterns)}` : sql``}
    ORDER BY month DESC, subject_id LIMIT 240`);
}
