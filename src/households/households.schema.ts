import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/** How a member stands to the head (户主): the words of a 户口簿, few enough to check in the database. */
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

/**
 * A household (户): the scoring unit of village 积分制 and, later (issue 20), the 一户一档 record. It
 * lives in one village (`region_code`, the scope staff see it through). Its card token is what the
 * printed QR card carries: random, unique, replaced when a card is lost (the old one stops working).
 * The head is always one of the members (relation 'head'); the service keeps the two in step.
 * No foreign keys to users: another module's table (the architecture check), the service checks them.
 */
export const households = pgTable('households', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  /** The door label, e.g. 余东村 上余 12号. */
  address: text('address').notNull(),
  /** What the village calls it, e.g. 郭家. */
  name: text('name').notNull(),
  headUserId: uuid('head_user_id').notNull(),
  cardToken: varchar('card_token', { length: 64 }).notNull(),
  cardIssuedAt: timestamp('card_issued_at', { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('households_card_token_uq').on(t.cardToken),
  index('households_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
]);

/** A person belongs to at most one household: `user_id` is the key. */
export const householdMembers = pgTable('household_members', {
  userId: uuid('user_id').primaryKey(),
  householdId: uuid('household_id').notNull().references(() => households.id, { onDelete: 'cascade' }),
  relation: varchar('relation', { length: 12 }).notNull(),
  joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('household_members_household_idx').on(t.householdId),
  // one head per household, in the database too
  uniqueIndex('household_members_one_head_uq').on(t.householdId).where(sql`relation = 'head'`),
  check('household_members_relation', sql`relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'other')`),
]);
