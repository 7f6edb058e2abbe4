import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import type { Band } from './tiers.ts';

/**
 * A quota tier table (信用贷) of a region, versioned: a row is one version and is never edited; saving
 * writes the next. The nearest covering region's newest version is in force (tiers.ts DEFAULT_TIERS
 * where none is set). Bands are data the bank agreed with the region; the bank decides each loan.
 */
export const creditTiers = pgTable('credit_tiers', {
  id: uuid('id').primaryKey(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  version: integer('version').notNull(),
  bands: jsonb('bands').$type<Band[]>().notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('credit_tiers_version_uq').on(t.regionCode, t.version)]);

/**
 * A bank that receives the monthly extract (柯城农商银行): its area, and the hash of its API token (the
 * token is shown once; the bank fetches its extracts with it, no staff session involved).
 */
export const creditBanks = pgTable('credit_banks', {
  code: varchar('code', { length: 32 }).primaryKey(),
  nameZh: varchar('name_zh', { length: 80 }).notNull(),
  nameEn: varchar('name_en', { length: 120 }).notNull(),
  /** the district (or wider) whose households it may receive */
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  tokenHash: varchar('token_hash', { length: 64 }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('credit_banks_token_uq').on(t.tokenHash)]);

/**
 * A household's consent to be listed for one bank (its scope): who gave it and when; withdrawal keeps
 * the row (withdrawn_at). At most one live consent per household and bank.
 */
export const creditConsents = pgTable('credit_consents', {
  id: uuid('id').primaryKey(),
  householdId: uuid('household_id').notNull(),
  /** the household's village, copied: staff reads filter by scope in SQL */
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  bankCode: varchar('bank_code', { length: 32 }).notNull().references(() => creditBanks.code),
  grantedBy: uuid('granted_by').notNull(),
  grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
  withdrawnBy: uuid('withdrawn_by'),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('credit_consents_live_uq').on(t.householdId, t.bankCode).where(sql`withdrawn_at IS NULL`),
  index('credit_consents_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
]);

/**
 * A signed monthly extract for a bank: the rows as they were computed (so the file renders again to the
 * same bytes), the XLSX's SHA-256 and Ed25519 signature, and the public key that signed it. One per bank,
 * region and month: asking again answers the one made.
 */
export const creditExtracts = pgTable('credit_extracts', {
  id: uuid('id').primaryKey(),
  bankCode: varchar('bank_code', { length: 32 }).notNull().references(() => creditBanks.code),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  month: varchar('month', { length: 7 }).notNull(),
  tiersVersion: integer('tiers_version').notNull(),
  /** the bands as they were: a later change of the table does not change a made extract */
  bands: jsonb('bands').$type<Band[]>().notNull(),
  rows: jsonb('rows').$type<unknown[]>().notNull(),
  rowCount: integer('row_count').notNull(),
  sha256: varchar('sha256', { length: 64 }).notNull(),
  signature: text('signature').notNull(),
  jsonSha256: varchar('json_sha256', { length: 64 }).notNull(),
  jsonSignature: text('json_signature').notNull(),
  keyId: varchar('key_id', { length: 16 }).notNull(),
  publicKeyPem: text('public_key_pem').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('credit_extracts_month_uq').on(t.bankCode, t.regionCode, t.month)]);

/**
 * A village's points dividend (积分分红): a pool in fen over a period, shared pro rata to the points its
 * households earned then. Its list goes on 公示: noticed → (an objection) objected → the township upholds
 * (noticed) or overturns (withdrawn); noticed past notice_until → approved → paid.
 */
export const creditDividends = pgTable('credit_dividends', {
  id: uuid('id').primaryKey(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  title: varchar('title', { length: 80 }).notNull(),
  periodFrom: varchar('period_from', { length: 10 }).notNull(),
  periodTo: varchar('period_to', { length: 10 }).notNull(),
  poolFen: bigint('pool_fen', { mode: 'number' }).notNull(),
  totalPoints: bigint('total_points', { mode: 'number' }).notNull(),
  households: integer('households').notNull(),
  status: varchar('status', { length: 10 }).notNull(),
  noticeFrom: timestamp('notice_from', { withTimezone: true }).notNull(),
  noticeUntil: timestamp('notice_until', { withTimezone: true }).notNull(),
  decisionReason: text('decision_reason'),
  decidedBy: uuid('decided_by'),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  paidBy: uuid('paid_by'),
  /** SHA-256 of the accountant's XLSX (it renders from the shares alone, so it recomputes) */
  fileSha256: varchar('file_sha256', { length: 64 }).notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('credit_dividends_region_idx').on(t.regionCode, t.createdAt),
  // one live list per village and period: entering it twice (two clerks, a retry) is a 409
  uniqueIndex('credit_dividends_period_uq').on(t.regionCode, t.periodFrom, t.periodTo).where(sql`status <> 'withdrawn'`),
  check('credit_dividends_pool', sql`pool_fen > 0`),
  check('credit_dividends_status', sql`status IN ('noticed', 'objected', 'approved', 'paid', 'withdrawn')`),
]);

/** A household's share of a dividend: its points in the period and its payout in fen (Σ = the pool). */
export const creditDividendShares = pgTable('credit_dividend_shares', {
  dividendId: uuid('dividend_id').notNull().references(() => creditDividends.id),
  householdId: uuid('household_id').notNull(),
  /** the household's name and door, as the accountant pays it */
  label: text('label').notNull(),
  headUserId: uuid('head_user_id').notNull(),
  points: bigint('points', { mode: 'number' }).notNull(),
  payoutFen: bigint('payout_fen', { mode: 'number' }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.dividendId, t.householdId] }),
  check('credit_dividend_shares_payout', sql`payout_fen >= 0`),
]);

/** An objection (异议) to a dividend list on notice; the objector is never named to anyone but the deciders' log. */
export const creditDividendObjections = pgTable('credit_dividend_objections', {
  id: uuid('id').primaryKey(),
  dividendId: uuid('dividend_id').notNull().references(() => creditDividends.id),
  objectorId: uuid('objector_id').notNull(),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('credit_dividend_objections_once_uq').on(t.dividendId, t.objectorId)]);
