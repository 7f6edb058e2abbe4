/**
 * The party-member index (党员服务力, issue 17): its versioned formulas, the deductions it subtracts, the
 * read model of each member's index per week, month and year, and the rankings' switch. The index is
 * derived, never entered: base (报到, 亮身份) and static bonus (posts) from the register, dynamic bonus
 * from the party service points of reviewed logs, deductions from `party_deductions` (member-index.ts).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/** What one version of the member formula weighs (whole points, so every value is exact and re-derivable). */
export interface MemberFormula {
  /** 报到 */
  reported: number;
  /** 亮身份 */
  identityShown: number;
  /** the static bonus of each post held (业委会委员, 支部委员, 支部书记, 楼道长) */
  posts: Record<string, number>;
  /** index points per party service point earned in the period (the dynamic bonus) */
  perPoint: number;
  /** index points off per point deducted in the period */
  perDeduction: number;
}

/**
 * One version of a formula, for the members under a region (`scope`: its significant prefix; '' is
 * everywhere). Never edited: a change is the next version. A period uses the newest version of the
 * most specific scope that existed before the period ended, so a closed period keeps the version it
 * had and the open ones take a change at once.
 */
export const partyIndexFormulas = pgTable('party_index_formulas', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: varchar('kind', { length: 16 }).notNull(),
  scope: varchar('scope', { length: 18 }).notNull(),
  version: integer('version').notNull(),
  params: jsonb('params').$type<MemberFormula>().notNull(),
  note: text('note'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('party_index_formulas_version_uq').on(t.kind, t.scope, t.version),
  check('party_index_formulas_kind', sql`kind IN ('member')`),
]);

/**
 * Points taken off a member for breaking the 十个不 (a branch's decision), by the time it was decided.
 * Recorded here; the index subtracts them in the period they fall in.
 */
export const partyDeductions = pgTable('party_deductions', {
  id: uuid('id').primaryKey(),
  memberId: uuid('member_id').notNull(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  points: integer('points').notNull(),
  reason: text('reason').notNull(),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('party_deductions_member_idx').on(t.memberId, t.decidedAt),
  check('party_deductions_points', sql`points > 0`),
]);

/**
 * Corrections of party service awards, as the points ledger reported them (`points.corrected`): the
 * ledger's "earned in a period" counts a correction at its own time, and so does the index. Keyed by the
 * correction's transfer id, so the event delivered twice is recorded once.
 */
export const partyServiceCorrections = pgTable('party_service_corrections', {
  transferId: uuid('transfer_id').primaryKey(),
  reversesId: uuid('reverses_id').notNull(),
  memberId: uuid('member_id').notNull(),
  points: integer('points').notNull(),
  correctedAt: timestamp('corrected_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('party_service_corrections_member_idx').on(t.memberId, t.correctedAt),
  check('party_service_corrections_points', sql`points > 0`),
]);

/**
 * The read model: a member's index in one period (`week` from Monday, `month`, `year`; the start as a
 * date in Asia/Shanghai), with its breakdown and the formula version it used. `region_code` and
 * `branch_id` are the member's when computed, so a ranking filters by scope in SQL without a join.
 * Written on the events that change an input (a review, a register change, a new formula version).
 */
export const partyMemberIndex = pgTable('party_member_index', {
  userId: uuid('user_id').notNull(),
  periodKind: varchar('period_kind', { length: 5 }).notNull(),
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  branchId: uuid('branch_id').notNull(),
  formulaId: uuid('formula_id').notNull(),
  formulaVersion: integer('formula_version').notNull(),
  base: integer('base').notNull(),
  staticBonus: integer('static_bonus').notNull(),
  /** party service points of the period, from reviewed logs (before the formula's weight) */
  servicePoints: integer('service_points').notNull(),
  dynamicBonus: integer('dynamic_bonus').notNull(),
  deductions: integer('deductions').notNull(),
  total: integer('total').notNull(),
  valuedLogs: integer('valued_logs').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.userId, t.periodKind, t.periodStart] }),
  index('party_member_index_rank_idx').on(t.periodKind, t.periodStart, sql`${t.regionCode} text_pattern_ops`),
  index('party_member_index_branch_idx').on(t.branchId, t.periodKind, t.periodStart),
  check('party_member_index_period', sql`period_kind IN ('week', 'month', 'year')`),
]);

/**
 * Per area: whether rankings show only branch aggregates, never individuals (学习强国 dropped its
 * individual rankings after complaints of forced quotas). The nearest covering region's row wins.
 */
export const partyRankingSettings = pgTable('party_ranking_settings', {
  regionCode: varchar('region_code', { length: 18 }).primaryKey(),
  /** the region's significant prefix: a ranking hides each member whose nearest covering row is on */
  scope: varchar('scope', { length: 18 }).notNull(),
  aggregatesOnly: boolean('aggregates_only').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
