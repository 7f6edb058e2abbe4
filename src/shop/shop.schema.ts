import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/** How often an item's per-household limit starts again (China's calendar). */
export const LIMIT_PERIODS = ['week', 'month', 'year'] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];
export const ORDER_STATES = ['pending', 'redeemed', 'voided', 'expired'] as const;
export type OrderState = (typeof ORDER_STATES)[number];
export const ORDER_CHANNELS = ['phone', 'counter'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

/**
 * An item of a village's (or a township's) points shop (积分超市). Its stock is NOT a column: it is an
 * account of the points module's `shop_stock` ledger held by the item (`stock_account_id`), credited by
 * restocks and debited by redemptions, with the ledger's no-overdraft rule — so the stock can never go
 * below zero, however many households order the last unit at once.
 */
export const shopItems = pgTable('shop_items', {
  id: uuid('id').primaryKey(),
  /** A village (12 digits) or a township (9): the households under it see the item. */
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  name: varchar('name', { length: 40 }).notNull(),
  /** e.g. 5 kg 袋装; what the shelf says under the name. */
  unit: varchar('unit', { length: 20 }).notNull(),
  /** A stored photo (platform media: sniffed, size- and pixel-limited) or null. */
  photoMediaId: varchar('photo_media_id', { length: 64 }),
  price: integer('price').notNull(),
  /** At most this many per household per period; null: no limit. */
  limitPerPeriod: integer('limit_per_period'),
  limitPeriod: varchar('limit_period', { length: 8 }).notNull().default('month'),
  /** Days of the month it is exchanged on ("每月 15 日" → {15}); empty: any day. */
  exchangeDays: integer('exchange_days').array().notNull().default(sql`'{}'::integer[]`),
  active: boolean('active').notNull().default(true),
  stockAccountId: uuid('stock_account_id').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('shop_items_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
  uniqueIndex('shop_items_stock_account_uq').on(t.stockAccountId),
  check('shop_items_price', sql`price > 0`),
  check('shop_items_limit', sql`limit_per_period IS NULL OR limit_per_period > 0`),
  check('shop_items_period', sql`limit_period IN ('week', 'month', 'year')`),
]);

/**
 * An order (兑换单): a pending linked pair in the points ledger — the buyer's points to the shop, one
 * unit of stock to the household — posted at 核销 (the shopkeeper scans the order's QR), voided when
 * cancelled, expired by the ledger's timeout. The row says which, and who did it; the ledger holds the
 * amounts. The token is what the order's QR carries (144 random bits).
 */
export const shopOrders = pgTable('shop_orders', {
  id: uuid('id').primaryKey(),
  itemId: uuid('item_id').notNull().references(() => shopItems.id),
  /** The household's village: whose statement it is in, who may see it. */
  villageCode: varchar('village_code', { length: 18 }).notNull(),
  householdId: uuid('household_id').notNull(),
  buyerId: uuid('buyer_id').notNull(),
  quantity: integer('quantity').notNull(),
  points: integer('points').notNull(),
  channel: varchar('channel', { length: 8 }).notNull(),
  state: varchar('state', { length: 8 }).notNull(),
  spendTransferId: uuid('spend_transfer_id').notNull(),
  stockTransferId: uuid('stock_transfer_id').notNull(),
  token: varchar('token', { length: 32 }).notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  resolvedBy: uuid('resolved_by'),
}, (t) => [
  uniqueIndex('shop_orders_token_uq').on(t.token),
  index('shop_orders_limit_idx').on(t.itemId, t.householdId, t.createdAt),
  index('shop_orders_household_idx').on(t.householdId, t.createdAt),
  index('shop_orders_village_idx').on(sql`${t.villageCode} text_pattern_ops`, t.createdAt),
  index('shop_orders_due_idx').on(t.expiresAt).where(sql`state = 'pending'`),
  check('shop_orders_quantity', sql`quantity > 0 AND points > 0`),
  check('shop_orders_state', sql`state IN ('pending', 'redeemed', 'voided', 'expired')`),
  check('shop_orders_channel', sql`channel IN ('phone', 'counter')`),
  check('shop_orders_resolved', sql`(state = 'pending') = (resolved_at IS NULL)`),
]);

/** A restock: the quantity added to an item's stock account (the ledger transfer) and who did it. */
export const shopRestocks = pgTable('shop_restocks', {
  id: uuid('id').primaryKey(),
  itemId: uuid('item_id').notNull().references(() => shopItems.id),
  quantity: integer('quantity').notNull(),
  note: text('note'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('shop_restocks_item_idx').on(t.itemId, t.createdAt),
  check('shop_restocks_quantity', sql`quantity > 0`),
]);
