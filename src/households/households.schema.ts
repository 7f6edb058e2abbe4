import { sql } from 'drizzle-orm';
import { bigserial, check, date, doublePrecision, index, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/** How a member stands to the head (户主): the words of a 户口簿, few enough to check in the database. */
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
/** The relation as the history writes it (the words of a 户口簿). */
export const RELATION_ZH: Record<Relation, string> = { head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙辈', other: '其他' };

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
  /** The grid (网格, 15 digits) the address lies in: its grid worker sees the household without a grant. */
  gridCode: varchar('grid_code', { length: 18 }),
  /** The address point (WGS-84), inside the grid. */
  lon: doublePrecision('lon'),
  lat: doublePrecision('lat'),
  /** 低保, 独居老人, 党员户, 民宿经营户 …: the village's own words, a few per household. */
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  cardToken: varchar('card_token', { length: 64 }).notNull(),
  cardIssuedAt: timestamp('card_issued_at', { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('households_card_token_uq').on(t.cardToken),
  index('households_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
  index('households_grid_idx').on(sql`${t.gridCode} text_pattern_ops`),
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

/** A member's roles beside the relation: the household's contact (联系人) and proxy (代办人). */
export const PERSON_ROLES = ['contact', 'proxy'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/**
 * The registry's record of a person (一户一档): everyone of the household, with or without an account
 * (`user_id` when they have one; then they are a member in household_members too). The ID number is
 * never stored in clear: `id_cipher` (AES-256-GCM) and `id_hash` (HMAC lookup hash, duplicates);
 * the phone likewise, with its mask for lists.
 */
export const householdPeople = pgTable('household_people', {
  id: uuid('id').primaryKey().defaultRandom(),
  householdId: uuid('household_id').notNull().references(() => households.id, { onDelete: 'cascade' }),
  userId: uuid('user_id'),
  name: text('name').notNull(),
  relation: varchar('relation', { length: 12 }).notNull(),
  roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
  idCipher: text('id_cipher'),
  idHash: varchar('id_hash', { length: 64 }),
  idMasked: varchar('id_masked', { length: 20 }),
  birthDate: date('birth_date', { mode: 'string' }),
  phoneCipher: text('phone_cipher'),
  phoneMasked: varchar('phone_masked', { length: 20 }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('household_people_household_idx').on(t.householdId),
  uniqueIndex('household_people_user_uq').on(t.userId),
  index('household_people_id_hash_idx').on(t.idHash),
  check('household_people_relation', sql`relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'other')`),
]);

/** A household's change history: append-only, one row per change, sensitive values masked. */
export const householdHistory = pgTable('household_history', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  householdId: uuid('household_id').notNull().references(() => households.id, { onDelete: 'cascade' }),
  actorId: uuid('actor_id'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  /** created, imported, member_added, member_removed, head_changed, tags, address, person_added, roles */
  change: varchar('change', { length: 24 }).notNull(),
  oldValue: text('old_value'),
  newValue: text('new_value'),
}, (t) => [index('household_history_household_idx').on(t.householdId, t.at)]);
