import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * An earning rule (积分细则), versioned: a row is one version and is never edited; changing a rule
 * writes the next version, so a past award keeps the version it used (transfers store rule key and
 * version). A rule belongs to a region: a village's rule overrides the township's or the district's
 * with the same key. Amount < 0 is a deduction (扣分), which needs a photo.
 */
export const pointsRules = pgTable('points_rules', {
  id: uuid('id').primaryKey(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  key: varchar('key', { length: 48 }).notNull(),
  version: integer('version').notNull(),
  nameZh: varchar('name_zh', { length: 80 }).notNull(),
  nameEn: varchar('name_en', { length: 120 }).notNull(),
  /** resident (a villager's points) | grid_worker */
  ledger: varchar('ledger', { length: 16 }).notNull(),
  amount: integer('amount').notNull(),
  /** claim (a villager or grid worker claims it) | case.closed (pays the reporter) | case.rated (满意 pays the handler) */
  trigger: varchar('trigger', { length: 16 }).notNull(),
  /** case rules: only cases of this category (null: any) */
  categoryCode: varchar('category_code', { length: 32 }),
  capDay: integer('cap_day'),
  capMonth: integer('cap_month'),
  capYear: integer('cap_year'),
  needsPhoto: boolean('needs_photo').notNull().default(false),
  needsGps: boolean('needs_gps').notNull().default(false),
  /** the claim names a closed case of the village (e.g. helping to clear what a report found) */
  needsCase: boolean('needs_case').notNull().default(false),
  /** skips the scoring group (automatic awards do); 公示 still applies unless `publicNotice` is off */
  skipReview: boolean('skip_review').notNull().default(false),
  publicNotice: boolean('public_notice').notNull().default(true),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('points_rules_version_uq').on(t.regionCode, t.key, t.version),
  check('points_rules_amount', sql`amount <> 0 AND abs(amount) <= 10000`),
  check('points_rules_deduction_photo', sql`amount > 0 OR needs_photo`),
]);

/** A village's (or township's) scoring settings; defaults apply where no row exists. */
export const pointsSettings = pgTable('points_settings', {
  regionCode: varchar('region_code', { length: 18 }).primaryKey(),
  /** approvals a claim needs from the scoring group (default 3 of 5) */
  quorum: integer('quorum').notNull().default(3),
  /** 公示 period in working days (default 7) */
  noticeDays: integer('notice_days').notNull().default(7),
  /** the township decides an objection (复核) within this many working days (default 5) */
  recheckDays: integer('recheck_days').notNull().default(5),
  /** what a point is worth, in yuan, for the liability report (default 0.2) */
  yuanPerPoint: doublePrecision('yuan_per_point').notNull().default(0.2),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The village scoring group (评分小组): members review claims of their village. */
export const pointsScorers = pgTable('points_scorers', {
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  userId: uuid('user_id').notNull(),
  addedBy: uuid('added_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.regionCode, t.userId] })]);

/**
 * A claim for points (申报), or an automatic award from a case event, through its life:
 * reviewing → rejected | noticed (公示, a pending transfer holds the points) → objected (复核) →
 * noticed again (upheld) | voided (overturned); noticed past `noticeUntil` → posted.
 */
export const pointsClaims = pgTable('points_claims', {
  id: uuid('id').primaryKey(),
  /** the village the award is for (the beneficiary's home village) */
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  ruleId: uuid('rule_id').notNull().references(() => pointsRules.id),
  ruleKey: varchar('rule_key', { length: 48 }).notNull(),
  ruleVersion: integer('rule_version').notNull(),
  ledger: varchar('ledger', { length: 16 }).notNull(),
  beneficiaryId: uuid('beneficiary_id').notNull(),
  householdId: uuid('household_id'),
  /** who filed it: the beneficiary, a grid worker for them (proxy), or null for an automatic award */
  filedBy: uuid('filed_by'),
  /** signed: < 0 is a deduction */
  amount: integer('amount').notNull(),
  /** claim | case.closed | case.rated */
  source: varchar('source', { length: 16 }).notNull(),
  sourceId: varchar('source_id', { length: 64 }),
  /** pays each (source, source id, rule) once; a claim's own id for claims */
  businessKey: varchar('business_key', { length: 200 }).notNull(),
  note: text('note'),
  photos: jsonb('photos').$type<string[]>().notNull().default([]),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  status: varchar('status', { length: 12 }).notNull(),
  /** the ledger's pending transfer while on notice; the posting transfer once posted */
  pendingTransferId: uuid('pending_transfer_id'),
  postedTransferId: uuid('posted_transfer_id'),
  /** what the deduction could actually take (a balance never goes below zero) */
  postedAmount: integer('posted_amount'),
  noticeFrom: timestamp('notice_from', { withTimezone: true }),
  noticeUntil: timestamp('notice_until', { withTimezone: true }),
  recheckDue: timestamp('recheck_due', { withTimezone: true }),
  decisionReason: text('decision_reason'),
  decidedBy: uuid('decided_by'),
  /** when the deed was done (caps count by it) */
  eventTime: timestamp('event_time', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('points_claims_business_key_uq').on(t.businessKey),
  index('points_claims_region_status_idx').on(t.regionCode, t.status, t.createdAt),
  index('points_claims_beneficiary_idx').on(t.beneficiaryId, t.createdAt),
  index('points_claims_cap_idx').on(t.ruleKey, t.householdId, t.eventTime),
  index('points_claims_due_idx').on(t.noticeUntil).where(sql`status = 'noticed'`),
]);

/** A scoring-group member's vote on a claim: one each. */
export const pointsClaimVotes = pgTable('points_claim_votes', {
  claimId: uuid('claim_id').notNull().references(() => pointsClaims.id),
  reviewerId: uuid('reviewer_id').notNull(),
  decision: varchar('decision', { length: 8 }).notNull(), // approve | reject
  reason: text('reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.claimId, t.reviewerId] })]);

/** An objection (异议) to an award on the 公示 board; the objector is never shown to the beneficiary. */
export const pointsObjections = pgTable('points_objections', {
  id: uuid('id').primaryKey(),
  claimId: uuid('claim_id').notNull().references(() => pointsClaims.id),
  objectorId: uuid('objector_id').notNull(),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('points_objections_once_uq').on(t.claimId, t.objectorId),
]);
