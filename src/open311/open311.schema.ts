import { pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { cases } from '../cases/cases.schema.ts';

/** API keys of Open311 clients (apps, hotline systems). Only a hash is kept; the key is shown once. */
export const open311Keys = pgTable('open311_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  keyHash: varchar('key_hash', { length: 64 }).notNull().unique(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * A request made through Open311: its token (GET tokens/{token}) and what the client told us about
 * the submitter. The contact fields are never shown to anyone through Open311.
 */
export const open311Requests = pgTable('open311_requests', {
  token: varchar('token', { length: 40 }).primaryKey(),
  caseId: uuid('case_id').notNull().unique().references(() => cases.id),
  keyId: uuid('key_id').notNull().references(() => open311Keys.id),
  accountId: text('account_id'),
  deviceId: text('device_id'),
  email: text('email'),
  phone: text('phone'),
  name: text('name'),
  mediaUrl: text('media_url'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
