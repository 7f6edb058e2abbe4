import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * The dashboard's mirror of each case's dimensions, fed by case events. It is what makes the rollups
 * below safe under at-least-once, out-of-order delivery: an event is applied only when it is newer than
 * the one the row holds (`event_id`), and the rollups change by the difference between the old and the
 * new row — so a repeated or late event changes nothing. Rebuilt from the cases with `vb dashboard rebuild`.
 */
export const dashboardCaseFacts = pgTable('dashboard_case_facts', {
  caseId: uuid('case_id').primaryKey(),
  /** The Shanghai day the case was reported. */
  day: date('day', { mode: 'string' }).notNull(),
  villageCode: varchar('village_code', { length: 12 }).notNull(),
  /** '' for a case without a category yet (a key column cannot be null). */
  categoryCode: varchar('category_code', { length: 4 }).notNull(),
  source: varchar('source', { length: 12 }).notNull(),
  state: varchar('state', { length: 24 }).notNull(),
  level: varchar('level', { length: 10 }).notNull(),
  /** The Shanghai day it was closed (办结), while it is closed or rated. */
  closedDay: date('closed_day', { mode: 'string' }),
  /** The outbox event the row reflects (a rebuild stamps the outbox's head at its start). */
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
});

/** Cases per report day × village × category × source × current state × level. */
export const dashboardCaseRollup = pgTable('dashboard_case_rollup', {
  day: date('day', { mode: 'string' }).notNull(),
  villageCode: varchar('village_code', { length: 12 }).notNull(),
  categoryCode: varchar('category_code', { length: 4 }).notNull(),
  source: varchar('source', { length: 12 }).notNull(),
  state: varchar('state', { length: 24 }).notNull(),
  level: varchar('level', { length: 10 }).notNull(),
  cases: integer('cases').notNull(),
}, (t) => [
  primaryKey({ columns: [t.day, t.villageCode, t.categoryCode, t.source, t.state, t.level] }),
  // a screen reads one area's recent days: by village prefix, then day
  index('dashboard_case_rollup_village_idx').on(sql`${t.villageCode} text_pattern_ops`, t.day),
]);

/** Cases closed per close day × village × category × source × level (the trend's 办结 line, today's closed). */
export const dashboardClosedRollup = pgTable('dashboard_closed_rollup', {
  day: date('day', { mode: 'string' }).notNull(),
  villageCode: varchar('village_code', { length: 12 }).notNull(),
  categoryCode: varchar('category_code', { length: 4 }).notNull(),
  source: varchar('source', { length: 12 }).notNull(),
  level: varchar('level', { length: 10 }).notNull(),
  cases: integer('cases').notNull(),
}, (t) => [
  primaryKey({ columns: [t.day, t.villageCode, t.categoryCode, t.source, t.level] }),
  index('dashboard_closed_rollup_village_idx').on(sql`${t.villageCode} text_pattern_ops`, t.day),
]);

/**
 * The dashboard's mirror of each party visit log (走亲打卡), fed by `partywork.visit_logged` and
 * `partywork.visit_reviewed` and ordered by `event_id` as the case facts are; rebuilt with the cases.
 */
export const dashboardVisitFacts = pgTable('dashboard_visit_facts', {
  logId: uuid('log_id').primaryKey(),
  /** The Shanghai day of the visit. */
  day: date('day', { mode: 'string' }).notNull(),
  /** The task's place: a grid or a village. */
  areaCode: varchar('area_code', { length: 18 }).notNull(),
  /** The review valued it (paid party service points). */
  valued: boolean('valued').notNull(),
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
});

/** Visits per visit day × place, and how many of them were valued (the 数字党建 board's trend). */
export const dashboardVisitRollup = pgTable('dashboard_visit_rollup', {
  day: date('day', { mode: 'string' }).notNull(),
  areaCode: varchar('area_code', { length: 18 }).notNull(),
  visits: integer('visits').notNull(),
  valued: integer('valued').notNull(),
}, (t) => [
  primaryKey({ columns: [t.day, t.areaCode] }),
  index('dashboard_visit_rollup_area_idx').on(sql`${t.areaCode} text_pattern_ops`, t.day),
]);

/**
 * Residents' points earned per Shanghai day × village × rule (the 智慧便民 board's 积分 panel), and who
 * earned any in a month there. Recomputed from the ledger by a job for the last two days every few
 * minutes (transfers are immutable and counted by the time the ledger took them, so older days do not
 * change) and wholly by `vb dashboard rebuild`: one ledger scan a few minutes instead of one per wall.
 */
export const dashboardPointsRollup = pgTable('dashboard_points_rollup', {
  day: date('day', { mode: 'string' }).notNull(),
  villageCode: varchar('village_code', { length: 12 }).notNull(),
  ruleKey: text('rule_key').notNull(),
  ruleName: text('rule_name').notNull(),
  earned: integer('earned').notNull(),
}, (t) => [
  primaryKey({ columns: [t.day, t.villageCode, t.ruleKey] }),
  index('dashboard_points_rollup_village_idx').on(sql`${t.villageCode} text_pattern_ops`, t.day),
]);

/** The residents who earned points in a month × village (how many took part). */
export const dashboardPointsPeople = pgTable('dashboard_points_people', {
  month: varchar('month', { length: 7 }).notNull(),
  villageCode: varchar('village_code', { length: 12 }).notNull(),
  holderId: uuid('holder_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.month, t.villageCode, t.holderId] }),
  index('dashboard_points_people_village_idx').on(sql`${t.villageCode} text_pattern_ops`, t.month),
]);

/**
 * A wall that shows one region's screen without anyone logged in: a token bound to the region, with an
 * expiry, revocable. Only the token's SHA-256 is stored; the token is shown once, when it is made.
 */
export const screenKiosks = pgTable('screen_kiosks', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: varchar('region_code', { length: 12 }).notNull(),
  name: text('name').notNull(),
  tokenHash: varchar('token_hash', { length: 64 }).notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedBy: uuid('revoked_by'),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('screen_kiosks_token_uq').on(t.tokenHash),
  index('screen_kiosks_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
]);
