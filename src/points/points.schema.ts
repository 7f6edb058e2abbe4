import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import type { Balances } from './ledger.ts';

/**
 * A points account (TigerBeetle's model, see ledger.ts): one per person and ledger, or a system
 * account of a ledger (`issuance`, where awards come from; `shop`, where spent points go; `expired`).
 * The four totals change only through transfers; the flag and its check keep a spendable account from
 * ever going below zero, in the database too. Accounts belong to a person (user id) for now: households
 * (户, the scoring unit of village 积分制) come in a later slice of issue 16 and will hold accounts the same way.
 */
export const pointsAccounts = pgTable('points_accounts', {
  id: uuid('id').primaryKey(),
  ledger: varchar('ledger', { length: 16 }).notNull(),
  /** The person holding it; null for a system account. */
  holderId: uuid('holder_id'),
  /** A system account's name (issuance | shop | expired); null for a person's. */
  name: varchar('name', { length: 32 }),
  /** The holder's home region when the account was opened: who may read it (staff in scope). */
  regionCode: varchar('region_code', { length: 18 }),
  debitsMustNotExceedCredits: boolean('debits_must_not_exceed_credits').notNull(),
  debitsPosted: bigint('debits_posted', { mode: 'number' }).notNull().default(0),
  creditsPosted: bigint('credits_posted', { mode: 'number' }).notNull().default(0),
  debitsPending: bigint('debits_pending', { mode: 'number' }).notNull().default(0),
  creditsPending: bigint('credits_pending', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('points_accounts_holder_uq').on(t.ledger, t.holderId).where(sql`holder_id IS NOT NULL`),
  uniqueIndex('points_accounts_name_uq').on(t.ledger, t.name).where(sql`name IS NOT NULL`),
  check('points_accounts_one_owner', sql`(holder_id IS NULL) <> (name IS NULL)`),
  check('points_accounts_totals', sql`debits_posted >= 0 AND credits_posted >= 0 AND debits_pending >= 0 AND credits_pending >= 0`),
  check('points_accounts_no_overdraft', sql`NOT debits_must_not_exceed_credits OR debits_posted + debits_pending <= credits_posted`),
]);

/**
 * A transfer: immutable once written, but for a pending transfer's status, which changes once
 * (pending → posted | voided | expired). Its id is the client's (UUIDv7). A post or void is a transfer
 * of its own naming the pending one (`pending_id`, unique among them: a pending resolves once).
 */
export const pointsTransfers = pgTable('points_transfers', {
  id: uuid('id').primaryKey(),
  kind: varchar('kind', { length: 8 }).notNull(), // single | pending | post | void
  ledger: varchar('ledger', { length: 16 }).notNull(),
  debitAccountId: uuid('debit_account_id').notNull().references(() => pointsAccounts.id),
  creditAccountId: uuid('credit_account_id').notNull().references(() => pointsAccounts.id),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  code: varchar('code', { length: 16 }).notNull(),
  pendingId: uuid('pending_id'),
  status: varchar('status', { length: 8 }).notNull(), // pending | posted | voided | expired
  timeoutSeconds: integer('timeout_seconds').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  linked: boolean('linked').notNull().default(false),
  ruleId: varchar('rule_id', { length: 64 }),
  ruleVersion: integer('rule_version'),
  /** (source, source id, rule): pays a report or a log once. */
  businessKey: varchar('business_key', { length: 200 }),
  reversesId: uuid('reverses_id'),
  reason: text('reason'),
  eventTime: timestamp('event_time', { withTimezone: true }).notNull(),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  /** When the ledger took it; balances at a date count posted transfers by this time. */
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  balancesAfter: jsonb('balances_after').$type<{ debit: Balances; credit: Balances }>().notNull(),
}, (t) => [
  index('points_transfers_debit_idx').on(t.debitAccountId, t.createdAt),
  index('points_transfers_credit_idx').on(t.creditAccountId, t.createdAt),
  uniqueIndex('points_transfers_business_key_uq').on(t.businessKey).where(sql`business_key IS NOT NULL`),
  uniqueIndex('points_transfers_resolves_once_uq').on(t.pendingId).where(sql`pending_id IS NOT NULL`),
  index('points_transfers_reverses_idx').on(t.reversesId).where(sql`reverses_id IS NOT NULL`),
  index('points_transfers_expiry_idx').on(t.expiresAt).where(sql`status = 'pending' AND expires_at IS NOT NULL`),
  // what earns (rankings, loans, dividends: the ledger's `earnedIn`) by time, across accounts: the rankings'
  // rollup of the open week, month and year reads its period's range instead of every transfer ever made;
  // partial, so spending, shop and expiry transfers (most of the rows, and the expiry's million) skip it
  index('points_transfers_earning_time_idx').on(t.ledger, t.createdAt).where(sql`code IN ('award', 'deduction', 'correction') AND kind IN ('single', 'post')`),
  check('points_transfers_amount', sql`amount > 0`),
  check('points_transfers_two_accounts', sql`debit_account_id <> credit_account_id`),
]);
