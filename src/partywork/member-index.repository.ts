/**
 * SQL of the member index: one statement computes a period's index for a set of members (some ids, or
 * every member under a scope) from the register, the period's valued logs and deductions and the
 * formula version in force, and writes the read model; the rankings read it with the scope in SQL.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { partyIndexFormulas, partyRankingSettings, type MemberFormula } from './member-index.schema.ts';
import { coveringRegionCodes, scopeOfRegionCode } from '../platform/access.ts';
import { inScopes } from './register.repository.ts';
import type { Period } from './periods.ts';

type Rows<T> = { rows: T[] };

/** Whose index to compute: these members, or every member under a scope ('' is all). */
export type Target = { userIds: readonly string[] } | { scope: string };

const memberFilter = (column: string, t: Target): SQL =>
  'userIds' in t
    ? t.userIds.length ? sql`${sql.raw(column)} IN (${sql.join(t.userIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`false`
    : sql`${sql.raw(column)} IN (SELECT user_id FROM party_members WHERE region_code LIKE ${`${t.scope}%`})`;

/**
 * Compute the periods' index of the target's members and write it (insert, or replace the rows whose
 * values changed); with `missingOnly`, only the members without a row for a period (a new week's rows).
 * One statement for all the periods: the logs and deductions are read once, over the widest of them,
 * each period's sums side by side.
 * Returns how many rows were written.
 */
export async function recompute(db: Db, periods: readonly Period[], target: Target, opts: { missingOnly?: boolean } = {}): Promise<number> {
  if (periods.length === 0) return 0;
  const from = new Date(Math.min(...periods.map((p) => p.from.getTime()))).toISOString();
  const to = new Date(Math.max(...periods.map((p) => p.to.getTime()))).toISOString();
  const list = sql.join(periods.map((p, k) => sql`(${k}::int, ${p.kind}::text, ${p.start}::date, ${p.from.toISOString()}::timestamptz, ${p.to.toISOString()}::timestamptz)`), sql`, `);
  const members = 'userIds' in target ? memberFilter('m.user_id', target) : sql`m.region_code LIKE ${`${target.scope}%`}`;
  // the logs are read once, each period's sums side by side (a range join of logs × periods cost twice the scan)
  const within = (col: string, p: Period) => sql`${sql.raw(col)} >= ${p.from.toISOString()}::timestamptz AND ${sql.raw(col)} < ${p.to.toISOString()}::timestamptz`;
  const pick = (prefix: string) => sql`CASE pp.k ${sql.join(periods.map((_p, k) => sql.raw(`WHEN ${k} THEN ${prefix}${k}`)), sql` `)} END`;
  const r = (await db.execute(sql`
    WITH pp (k, kind, start, t_from, t_to) AS (VALUES ${list}),
    lg AS (
      SELECT l.member_id, ${sql.join(periods.map((p, k) => sql`sum(l.points) FILTER (WHERE ${within('l.reviewed_at', p)})::int AS p${sql.raw(String(k))}, count(*) FILTER (WHERE ${within('l.reviewed_at', p)})::int AS n${sql.raw(String(k))}`), sql`, `)}
        FROM party_visit_logs l
       WHERE l.status = 'valued' AND l.reviewed_at >= ${from}::timestamptz AND l.reviewed_at < ${to}::timestamptz AND ${memberFilter('l.member_id', target)}
       GROUP BY l.member_id),
    dd AS (
      SELECT d.member_id, ${sql.join(periods.map((p, k) => sql`sum(d.points) FILTER (WHERE ${within('d.decided_at', p)})::int AS p${sql.raw(String(k))}`), sql`, `)}
        FROM party_deductions d
       WHERE d.decided_at >= ${from}::timestamptz AND d.decided_at < ${to}::timestamptz AND ${memberFilter('d.member_id', target)}
       GROUP BY d.member_id),
    -- corrections of awards (the ledger's: counted at their own time, as its "earned in a period" does)
    cc AS (
      SELECT c.member_id, ${sql.join(periods.map((p, k) => sql`sum(c.points) FILTER (WHERE ${within('c.corrected_at', p)})::int AS p${sql.raw(String(k))}`), sql`, `)}
        FROM party_service_corrections c
       WHERE c.corrected_at >= ${from}::timestamptz AND c.corrected_at < ${to}::timestamptz AND ${memberFilter('c.member_id', target)}
       GROUP BY c.member_id),
    -- the formula in force per place and period, looked up once per village (not once per member and period)
    rc AS (SELECT DISTINCT m.region_code FROM party_members m WHERE ${members}),
    fm AS (
      SELECT rc.region_code, pp.k, f.id, f.version, (f.params->>'reported')::int AS reported, (f.params->>'identityShown')::int AS identity_shown,
             f.params->'posts' AS posts, (f.params->>'perPoint')::int AS per_point, (f.params->>'perDeduction')::int AS per_deduction
        FROM rc CROSS JOIN pp
        CROSS JOIN LATERAL (
          SELECT id, version, params FROM party_index_formulas
           WHERE kind = 'member' AND rc.region_code LIKE scope || '%' AND created_at < pp.t_to
           ORDER BY length(scope) DESC, version DESC LIMIT 1) f),
    ins AS (
      INSERT INTO party_member_index AS x (user_id, period_kind, period_start, region_code, branch_id, formula_id, formula_version,
                                           base, static_bonus, service_points, dynamic_bonus, deductions, total, valued_logs, computed_at)
      SELECT m.user_id, pp.kind, pp.start, m.region_code, m.branch_id, f.id, f.version,
             v.base, v.static_bonus, v.pts, v.dynamic, v.ded, v.base + v.static_bonus + v.dynamic - v.ded, v.n, now()
        FROM party_members m
        CROSS JOIN pp
        JOIN fm f ON f.region_code = m.region_code AND f.k = pp.k
        LEFT JOIN lg ON lg.member_id = m.user_id
        LEFT JOIN dd ON dd.member_id = m.user_id
        LEFT JOIN cc ON cc.member_id = m.user_id
        CROSS JOIN LATERAL (SELECT coalesce(${pick('lg.p')}, 0) - coalesce(${pick('cc.p')}, 0) AS pts, ${pick('lg.n')} AS n, ${pick('dd.p')} AS ded) a
        CROSS JOIN LATERAL (SELECT
          (CASE WHEN m.reported THEN f.reported ELSE 0 END) + (CASE WHEN m.identity_shown THEN f.identity_shown ELSE 0 END) AS base,
          (CASE WHEN cardinality(m.posts) = 0 THEN 0 ELSE (SELECT coalesce(sum(coalesce((f.posts->>post)::int, 0)), 0) FROM unnest(m.posts) AS post)::int END) AS static_bonus,
          coalesce(a.pts, 0) AS pts, coalesce(a.pts, 0) * f.per_point AS dynamic,
          coalesce(a.ded, 0) * f.per_deduction AS ded, coalesce(a.n, 0) AS n) v
       WHERE ${members}
         ${opts.missingOnly ? sql`AND NOT EXISTS (SELECT 1 FROM party_member_index e WHERE e.user_id = m.user_id AND e.period_kind = pp.kind AND e.period_start = pp.start)` : sql``}
      ON CONFLICT (user_id, period_kind, period_start) DO UPDATE SET
        region_code = excluded.region_code, branch_id = excluded.branch_id, formula_id = excluded.formula_id, formula_version = excluded.formula_version,
        base = excluded.base, static_bonus = excluded.static_bonus, service_points = excluded.service_points, dynamic_bonus = excluded.dynamic_bonus,
        deductions = excluded.deductions, total = excluded.total, valued_logs = excluded.valued_logs, computed_at = excluded.computed_at
      -- a row whose values did not change is left alone (a recompute after one review touches one member)
      WHERE (x.region_code, x.branch_id, x.formula_id, x.base, x.static_bonus, x.service_points, x.dynamic_bonus, x.deductions, x.valued_logs)
            IS DISTINCT FROM (excluded.region_code, excluded.branch_id, excluded.formula_id, excluded.base, excluded.static_bonus, excluded.service_points, excluded.dynamic_bonus, excluded.deductions, excluded.valued_logs)
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)) as unknown as Rows<{ n: number }>;
  return Number(r.rows[0].n);
}

/**
 * Record a correction of party service points for the holders who are party members (the event carries
 * every holder the correction touched); the same correction twice is one row. The members recorded.
 */
export async function recordCorrection(tx: Db, c: { transferId: string; reversesId: string; holderIds: readonly string[]; points: number; at: string }): Promise<string[]> {
  if (c.holderIds.length === 0) return [];
  const r = (await tx.execute(sql`
    INSERT INTO party_service_corrections (transfer_id, reverses_id, member_id, points, corrected_at)
    SELECT ${c.transferId}::uuid, ${c.reversesId}::uuid, m.user_id, ${c.points}::int, ${c.at}::timestamptz
      FROM party_members m WHERE m.user_id IN (${sql.join(c.holderIds.map((id) => sql`${id}::uuid`), sql`, `)})
     LIMIT 1
    ON CONFLICT (transfer_id) DO NOTHING RETURNING member_id`)) as unknown as Rows<{ member_id: string }>;
  return r.rows.map((x) => x.member_id);
}

/** Members with no row for one of the periods (the job's work when a week, month or year begins). */
export async function missingMembers(db: Db, periods: readonly Period[], limit: number): Promise<string[]> {
  const r = (await db.execute(sql`
    SELECT m.user_id FROM party_members m
     WHERE ${sql.join(periods.map((p) => sql`NOT EXISTS (SELECT 1 FROM party_member_index e WHERE e.user_id = m.user_id AND e.period_kind = ${p.kind} AND e.period_start = ${p.start}::date)`), sql` OR `)}
     LIMIT ${limit}`)) as unknown as Rows<{ user_id: string }>;
  return r.rows.map((x) => x.user_id);
}

export interface IndexRow {
  user_id: string; period_kind: string; period_start: string | Date; region_code: string; branch_id: string; branch_name: string;
  formula_version: number; base: number; static_bonus: number; service_points: number; dynamic_bonus: number; deductions: number;
  total: number; valued_logs: number; computed_at: string | Date; rank: number; n: number;
}

/** The read model's columns, the day as text (drivers differ on dates). */
const indexColumns = sql`i.user_id, i.period_kind, to_char(i.period_start, 'YYYY-MM-DD') AS period_start, i.region_code, i.branch_id, i.formula_version,
  i.base, i.static_bonus, i.service_points, i.dynamic_bonus, i.deductions, i.total, i.valued_logs, i.computed_at, b.name AS branch_name`;

/** One member's rows, newest periods first (their phone page, a staff member's look). */
export async function indexOf(db: Db, userId: string, kind: string, limit: number): Promise<IndexRow[]> {
  const r = (await db.execute(sql`
    SELECT ${indexColumns}, 0 AS rank, 0 AS n FROM party_member_index i JOIN party_branches b ON b.id = i.branch_id
     WHERE i.user_id = ${userId}::uuid AND i.period_kind = ${kind} ORDER BY i.period_start DESC LIMIT ${limit}`)) as unknown as Rows<IndexRow>;
  return r.rows;
}

export interface RankingFilter {
  /** the caller's scopes (LIKE patterns) */
  patterns: string[];
  region?: string;
  branchId?: string;
  limit: number;
  offset: number;
}

const rankWhere = (p: Period, f: RankingFilter) => sql`i.period_kind = ${p.kind} AND i.period_start = ${p.start}::date AND ${inScopes('i.region_code', f.patterns)}
  ${f.region ? sql`AND i.region_code LIKE ${`${f.region}%`}` : sql``} ${f.branchId ? sql`AND i.branch_id = ${f.branchId}::uuid` : sql``}`;

/** A member shown by name: the nearest switch covering their own place is off (or there is none); a lateral join, memoized by place. */
const switchOf = sql`LEFT JOIN LATERAL (SELECT s.aggregates_only FROM party_ranking_settings s WHERE i.region_code LIKE s.scope || '%' ORDER BY length(s.scope) DESC LIMIT 1) sw ON true`;

/** Members by index in the period, highest first (ties share a rank), with how many there are. */
export async function rankMembers(db: Db, p: Period, f: RankingFilter): Promise<IndexRow[]> {
  // ranked and cut to the page first, the branch names joined to the page only
  const r = (await db.execute(sql`
    WITH page AS (
      SELECT i.*, rank() OVER (ORDER BY i.total DESC)::int AS rank, count(*) OVER ()::int AS n
        FROM party_member_index i ${switchOf}
       WHERE ${rankWhere(p, f)} AND coalesce(sw.aggregates_only, false) = false
       ORDER BY i.total DESC, i.user_id LIMIT ${f.limit} OFFSET ${f.offset})
    SELECT ${indexColumns}, i.rank, i.n FROM page i JOIN party_branches b ON b.id = i.branch_id ORDER BY i.total DESC, i.user_id`)) as unknown as Rows<IndexRow>;
  return r.rows;
}

export interface BranchAggregate {
  branch_id: string; branch_name: string; region_code: string; members: number; total: number; average: number | string; valued_logs: number; rank: number;
}

/** Branches by their members' average index in the period (fair to small branches), with the totals. */
export async function rankBranches(db: Db, p: Period, f: RankingFilter): Promise<BranchAggregate[]> {
  const r = (await db.execute(sql`
    WITH agg AS (
      SELECT i.branch_id, count(*)::int AS members, sum(i.total)::int AS total, round(avg(i.total), 1) AS average, sum(i.valued_logs)::int AS valued_logs,
             rank() OVER (ORDER BY avg(i.total) DESC)::int AS rank
        FROM party_member_index i WHERE ${rankWhere(p, f)} GROUP BY i.branch_id ORDER BY avg(i.total) DESC, i.branch_id LIMIT 200)
    SELECT a.*, b.name AS branch_name, b.region_code FROM agg a JOIN party_branches b ON b.id = a.branch_id ORDER BY a.rank, a.branch_id`)) as unknown as Rows<BranchAggregate>;
  return r.rows;
}

// ——— formulas ———

export type FormulaRow = typeof partyIndexFormulas.$inferSelect;

/** The formula in force for a place at a time: the newest version of the most specific covering scope made before `before`. */
export async function formulaFor(db: Db, regionCode: string, before: Date): Promise<FormulaRow> {
  const r = (await db.execute(sql`
    SELECT id, kind, scope, version, params, note, created_by AS "createdBy", created_at AS "createdAt" FROM party_index_formulas
     WHERE kind = 'member' AND ${regionCode} LIKE scope || '%' AND created_at < ${before.toISOString()}::timestamptz
     ORDER BY length(scope) DESC, version DESC LIMIT 1`)) as unknown as Rows<FormulaRow>;
  const row = r.rows[0];
  return { ...row, params: typeof row.params === 'string' ? (JSON.parse(row.params) as MemberFormula) : row.params, createdAt: new Date(row.createdAt) };
}

/** Every version of a scope's formula, newest first. */
export async function versionsOf(db: Db, scope: string): Promise<FormulaRow[]> {
  return db.select().from(partyIndexFormulas).where(sql`kind = 'member' AND scope = ${scope}`).orderBy(sql`version DESC`).limit(50);
}

/** The next version of a scope's formula (under a lock on the scope, so two changes get two versions). */
export async function insertFormula(tx: Db, scope: string, params: MemberFormula, note: string | null, by: string | null, at: Date): Promise<FormulaRow> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`partywork.formula:${scope}`}, 0))`);
  const [row] = await tx.insert(partyIndexFormulas).values({
    kind: 'member', scope, params, note, createdBy: by, createdAt: at,
    version: sql`(SELECT coalesce(max(version), 0) + 1 FROM party_index_formulas WHERE kind = 'member' AND scope = ${scope})`,
  }).returning();
  return row;
}

// ——— the rankings' switch ———

/** Whether a place's rankings show only branch aggregates: the nearest covering region's row; none: no. */
export async function aggregatesOnly(db: Db, regionCode: string): Promise<{ aggregatesOnly: boolean; from: string }> {
  const codes = coveringRegionCodes(regionCode);
  const rows = await db.select().from(partyRankingSettings).where(sql`${partyRankingSettings.regionCode} IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`);
  const row = codes.map((c) => rows.find((r) => r.regionCode === c)).find(Boolean);
  return row ? { aggregatesOnly: row.aggregatesOnly, from: row.regionCode } : { aggregatesOnly: false, from: 'default' };
}

export async function putAggregatesOnly(tx: Db, regionCode: string, on: boolean, by: string): Promise<void> {
  await tx.insert(partyRankingSettings).values({ regionCode, scope: scopeOfRegionCode(regionCode), aggregatesOnly: on, updatedBy: by })
    .onConflictDoUpdate({ target: partyRankingSettings.regionCode, set: { aggregatesOnly: on, updatedBy: by, updatedAt: new Date() } });
}
