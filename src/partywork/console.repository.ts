/**
 * SQL of the community/street console (党建工作台): the 12-month 走亲 trend, branches and members with
 * the month's figures, the tasks' visits, and the year's figures of a branch for the 先锋考评 sheet.
 * Every read carries the caller's scope patterns in SQL (`inScopes`); months and years are the
 * platform's Asia/Shanghai periods, passed as [from, to) instants.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import type { Period } from './periods.ts';
import { exemptColumn, inScopes, isUuid, textArray } from './register.repository.ts';

type Rows<T> = { rows: T[] };
const NONE = '00000000-0000-0000-0000-000000000000';
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const within = (col: string, p: Pick<Period, 'from' | 'to'>) => sql`${sql.raw(col)} >= ${ts(p.from)} AND ${sql.raw(col)} < ${ts(p.to)}`;
const regionLike = (col: string, region?: string) => (region ? sql`AND ${sql.raw(col)} LIKE ${`${region}%`}` : sql``);

export interface TrendRow { month: string; logged: number; valued: number; rejected: number; pending: number; members: number }

/** Logs of the area by the month (Shanghai) of their visit, between `from` and `to`. */
export async function visitTrend(db: Db, patterns: string[], region: string | undefined, range: { from: Date; to: Date }): Promise<TrendRow[]> {
  const r = (await db.execute(sql`
    SELECT to_char(l.visited_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*)::int AS logged,
           count(*) FILTER (WHERE l.status = 'valued')::int AS valued, count(*) FILTER (WHERE l.status = 'rejected')::int AS rejected,
           count(*) FILTER (WHERE l.status = 'pending')::int AS pending, count(DISTINCT l.member_id)::int AS members
      FROM party_visit_logs l
     WHERE ${inScopes('l.region_code', patterns)} ${regionLike('l.region_code', region)} AND ${within('l.visited_at', range)}
     GROUP BY 1`)) as unknown as Rows<TrendRow>;
  return r.rows.map((x) => ({ month: x.month, logged: Number(x.logged), valued: Number(x.valued), rejected: Number(x.rejected), pending: Number(x.pending), members: Number(x.members) }));
}

export interface BranchSummaryRow { id: string; regionCode: string; name: string; kind: string; memberCount: number; visits: number; valued: number; averageIndex: number | null }

/** The area's branches with their members' visits in the month and the average of their month index. */
export async function branchSummaries(db: Db, patterns: string[], region: string | undefined, month: Period): Promise<BranchSummaryRow[]> {
  const r = (await db.execute(sql`
    SELECT b.id, b.region_code, b.name, b.kind,
           (SELECT count(*)::int FROM party_members m WHERE m.branch_id = b.id) AS member_count,
           coalesce(v.visits, 0)::int AS visits, coalesce(v.valued, 0)::int AS valued, ix.average
      FROM party_branches b
      LEFT JOIN LATERAL (
        SELECT count(*) AS visits, count(*) FILTER (WHERE l.status = 'valued') AS valued
          FROM party_members m JOIN party_visit_logs l ON l.member_id = m.user_id
         WHERE m.branch_id = b.id AND ${within('l.visited_at', month)}) v ON true
      LEFT JOIN LATERAL (
        SELECT avg(i.total)::float8 AS average FROM party_member_index i
         WHERE i.branch_id = b.id AND i.period_kind = 'month' AND i.period_start = ${month.start}::date) ix ON true
     WHERE ${inScopes('b.region_code', patterns)} ${regionLike('b.region_code', region)}
     ORDER BY b.region_code, b.name LIMIT 500`)) as unknown as Rows<{ id: string; region_code: string; name: string; kind: string; member_count: number; visits: number; valued: number; average: number | null }>;
  return r.rows.map((x) => ({
    id: x.id, regionCode: x.region_code, name: x.name, kind: x.kind, memberCount: Number(x.member_count), visits: Number(x.visits), valued: Number(x.valued),
    averageIndex: x.average === null ? null : Number(x.average),
  }));
}

export interface MemberFilter { region?: string; branchId?: string; status?: string; userIds?: readonly string[]; limit: number; offset: number }

export interface MemberFigureRow {
  userId: string; branchId: string; branchName: string; regionCode: string; status: string; reported: boolean; identityShown: boolean; posts: string[];
  relationElsewhere: string | null; createdAt: Date; updatedAt: Date; exempt: boolean; visits: number; valued: number; lastVisitAt: Date | null; index: number | null;
}

const memberWhere = (patterns: string[], f: Omit<MemberFilter, 'limit' | 'offset'>): SQL => sql`${inScopes('m.region_code', patterns)} ${regionLike('m.region_code', f.region)}
  ${f.branchId ? sql`AND m.branch_id = ${isUuid(f.branchId) ? f.branchId : NONE}::uuid` : sql``}
  ${f.status ? sql`AND m.status = ${f.status}` : sql``}
  ${f.userIds ? (f.userIds.length ? sql`AND m.user_id IN (${sql.join(f.userIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`AND false`) : sql``}`;

/** Members of the area (ids only, at most `cap`): what a search by name looks through. */
export async function memberIds(db: Db, patterns: string[], f: Omit<MemberFilter, 'limit' | 'offset'>, cap: number): Promise<string[]> {
  const r = (await db.execute(sql`SELECT m.user_id FROM party_members m WHERE ${memberWhere(patterns, f)} ORDER BY m.user_id LIMIT ${cap}`)) as unknown as Rows<{ user_id: string }>;
  return r.rows.map((x) => x.user_id);
}

/** A page of the area's members with the month's visits (by visit time), their last visit and the month's index. */
export async function memberFigures(db: Db, patterns: string[], f: MemberFilter, month: Period): Promise<{ rows: MemberFigureRow[]; total: number }> {
  const where = memberWhere(patterns, f);
  const r = (await db.execute(sql`
    SELECT m.user_id, m.branch_id, m.region_code, m.status, m.reported, m.identity_shown, m.posts, m.relation_elsewhere, m.created_at, m.updated_at, b.name AS branch_name, ${exemptColumn},
           coalesce(v.visits, 0)::int AS visits, coalesce(v.valued, 0)::int AS valued, v.last_visit, i.total AS index_total
      FROM party_members m JOIN party_branches b ON b.id = m.branch_id
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE ${within('l.visited_at', month)}) AS visits,
               count(*) FILTER (WHERE ${within('l.visited_at', month)} AND l.status = 'valued') AS valued, max(l.visited_at) AS last_visit
          FROM party_visit_logs l WHERE l.member_id = m.user_id) v ON true
      LEFT JOIN party_member_index i ON i.user_id = m.user_id AND i.period_kind = 'month' AND i.period_start = ${month.start}::date
     WHERE ${where}
     ORDER BY m.region_code, b.name, m.created_at, m.user_id LIMIT ${f.limit} OFFSET ${f.offset}`)) as unknown as Rows<{
    user_id: string; branch_id: string; region_code: string; status: string; reported: boolean; identity_shown: boolean; posts: string[] | string; relation_elsewhere: string | null;
    created_at: string | Date; updated_at: string | Date; branch_name: string; exempt: boolean | string; visits: number; valued: number; last_visit: string | Date | null; index_total: number | null;
  }>;
  const total = (await db.execute(sql`SELECT count(*)::int AS n FROM party_members m WHERE ${where}`)) as unknown as Rows<{ n: number }>;
  return {
    total: Number(total.rows[0].n),
    rows: r.rows.map((x) => ({
      userId: x.user_id, branchId: x.branch_id, branchName: x.branch_name, regionCode: x.region_code, status: x.status, reported: x.reported, identityShown: x.identity_shown,
      posts: textArray(x.posts), relationElsewhere: x.relation_elsewhere, createdAt: new Date(x.created_at), updatedAt: new Date(x.updated_at),
      exempt: x.exempt === true || x.exempt === 't', visits: Number(x.visits), valued: Number(x.valued), lastVisitAt: x.last_visit ? new Date(x.last_visit) : null, index: x.index_total === null ? null : Number(x.index_total),
    })),
  };
}

/** How many of the area's tasks are in each state. */
export async function taskCounts(db: Db, patterns: string[], region?: string): Promise<Record<string, number>> {
  const r = (await db.execute(sql`
    SELECT state, count(*)::int AS n FROM party_tasks WHERE ${inScopes('region_code', patterns)} ${regionLike('region_code', region)} GROUP BY state`)) as unknown as Rows<{ state: string; n: number }>;
  return Object.fromEntries(r.rows.map((x) => [x.state, Number(x.n)]));
}

/** Each task's visits: how many, how many valued, the last one. */
export async function taskVisits(db: Db, taskIds: readonly string[]): Promise<Record<string, { visits: number; valued: number; lastVisitAt: Date | null }>> {
  if (taskIds.length === 0) return {};
  const r = (await db.execute(sql`
    SELECT task_id, count(*)::int AS visits, count(*) FILTER (WHERE status = 'valued')::int AS valued, max(visited_at) AS last_visit
      FROM party_visit_logs WHERE task_id IN (${sql.join(taskIds.map((id) => sql`${id}::uuid`), sql`, `)}) GROUP BY task_id`)) as unknown as Rows<{ task_id: string; visits: number; valued: number; last_visit: string | Date | null }>;
  return Object.fromEntries(r.rows.map((x) => [x.task_id, { visits: Number(x.visits), valued: Number(x.valued), lastVisitAt: x.last_visit ? new Date(x.last_visit) : null }]));
}

export interface AppraisalRow {
  userId: string; status: string; reported: boolean; identityShown: boolean; posts: string[];
  /** logs visited in the year, and of them those reviewed 真实有价值 */
  visits: number; valued: number;
  /** the year's index row (null: none computed for the year) */
  servicePoints: number | null; index: number | null; deductions: number | null;
}

/** The branch's members with the year's visits (by visit time) and the year's index row. */
export async function appraisalRows(db: Db, branchId: string, year: Period): Promise<AppraisalRow[]> {
  const r = (await db.execute(sql`
    SELECT m.user_id, m.status, m.reported, m.identity_shown, m.posts, coalesce(v.visits, 0)::int AS visits, coalesce(v.valued, 0)::int AS valued,
           i.service_points, i.total, i.deductions
      FROM party_members m
      LEFT JOIN LATERAL (
        SELECT count(*) AS visits, count(*) FILTER (WHERE l.status = 'valued') AS valued FROM party_visit_logs l
         WHERE l.member_id = m.user_id AND ${within('l.visited_at', year)}) v ON true
      LEFT JOIN party_member_index i ON i.user_id = m.user_id AND i.period_kind = 'year' AND i.period_start = ${year.start}::date
     WHERE m.branch_id = ${branchId}::uuid
     ORDER BY m.user_id`)) as unknown as Rows<{
    user_id: string; status: string; reported: boolean; identity_shown: boolean; posts: string[] | string; visits: number; valued: number;
    service_points: number | null; total: number | null; deductions: number | null;
  }>;
  const n = (v: number | null) => (v === null ? null : Number(v));
  return r.rows.map((x) => ({
    userId: x.user_id, status: x.status, reported: x.reported, identityShown: x.identity_shown, posts: textArray(x.posts), visits: Number(x.visits), valued: Number(x.valued),
    servicePoints: n(x.service_points), index: n(x.total), deductions: n(x.deductions),
  }));
}
