import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * The rankings' read model: points earned per subject (a household — the claim's household at the time
 * of the award — or a person without one, or a grid worker on the service ledger) per period. Written
 * only by `RankingsRepository.refresh` from the ledger (a period at a time, delete + insert in one
 * transaction), never entered; a county's ranking is one indexed range of it.
 */
export const pointsRankRollup = pgTable('points_rank_rollup', {
  ledger: varchar('ledger', { length: 16 }).notNull(),
  kind: varchar('kind', { length: 8 }).notNull(),
  /** the period's first day, Shanghai (YYYY-MM-DD) */
  start: varchar('start', { length: 10 }).notNull(),
  /** household id, or `p:<user id>` */
  subject: varchar('subject', { length: 40 }).notNull(),
  householdId: uuid('household_id'),
  holderId: uuid('holder_id'),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  earned: bigint('earned', { mode: 'number' }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.ledger, t.kind, t.start, t.subject] }),
  index('points_rank_rollup_region_idx').on(t.ledger, t.kind, t.start, t.regionCode),
]);

/** When a period's rollup was last computed (a closed period computed after it closed never changes). */
export const pointsRankRollupState = pgTable('points_rank_rollup_state', {
  ledger: varchar('ledger', { length: 16 }).notNull(),
  kind: varchar('kind', { length: 8 }).notNull(),
  start: varchar('start', { length: 10 }).notNull(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.ledger, t.kind, t.start] })]);

/**
 * Per area: the public thresholds of 红榜/黑榜 and the switch that shows only aggregates (no person or
 * household ranked). The nearest covering row wins; none: the defaults.
 */
export const pointsRankSettings = pgTable('points_rank_settings', {
  regionCode: varchar('region_code', { length: 18 }).primaryKey(),
  aggregatesOnly: boolean('aggregates_only').notNull().default(false),
  /** { week|month|year: { red: earned ≥, black: earned ≤ } } */
  thresholds: jsonb('thresholds').$type<Record<string, { red: number; black: number }>>(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A published list (红黑榜) of an area and a closed period: a snapshot of its content with the SHA-256 of
 * it, recomputable from the ledger. 公示 as the claims' (claims-model.ts): noticed → objected → noticed
 * (upheld) | voided (overturned); past its notice without an open objection it stands (posted).
 */
export const pointsRankLists = pgTable('points_rank_lists', {
  id: uuid('id').primaryKey(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  ledger: varchar('ledger', { length: 16 }).notNull(),
  kind: varchar('kind', { length: 8 }).notNull(),
  start: varchar('start', { length: 10 }).notNull(),
  /** what the hash covers: entries (or none, aggregates only), aggregates, thresholds */
  content: jsonb('content').$type<Record<string, unknown>>().notNull(),
  /** names as shown when published (not hashed: a person's name is not the ledger's) */
  labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
  contentHash: varchar('content_hash', { length: 64 }).notNull(),
  status: varchar('status', { length: 12 }).notNull(),
  noticeUntil: timestamp('notice_until', { withTimezone: true }).notNull(),
  publishedBy: uuid('published_by'),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  decidedBy: uuid('decided_by'),
  decisionReason: text('decision_reason'),
}, (t) => [
  uniqueIndex('points_rank_lists_once_uq').on(t.regionCode, t.ledger, t.kind, t.start).where(sql`status <> 'voided'`),
]);

/** An objection (异议) to a published list by a resident of its area; one per person and list. */
export const pointsRankObjections = pgTable('points_rank_objections', {
  id: uuid('id').primaryKey(),
  listId: uuid('list_id').notNull().references(() => pointsRankLists.id),
  objectorId: uuid('objector_id').notNull(),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('points_rank_objections_once_uq').on(t.listId, t.objectorId)]);
