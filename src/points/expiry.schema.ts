import { bigint, integer, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Expiry notices (30 days before points expire): one row per account and cycle, written with ON CONFLICT
 * DO NOTHING, so the daily job run twice (or by two processes) tells a person once per cycle. Lots are
 * not stored anywhere: they follow from the ledger (expiry-model.ts).
 */
export const pointsExpiryNotices = pgTable('points_expiry_notices', {
  accountId: uuid('account_id').notNull(),
  /** the year the points were earned */
  cycle: integer('cycle').notNull(),
  /** what would expire when the notice was sent (spending since lowers what actually expires) */
  amount: bigint('amount', { mode: 'number' }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.accountId, t.cycle] })]);
