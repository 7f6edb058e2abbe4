import { sql } from 'drizzle-orm';
import { bigserial, index, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * Device credentials (sensors, cameras, edge boxes): a kind of its own, never a user session. Only the
 * token's SHA-256 is kept; `device_kind` says which module's device it is (`camera`, a sensor kind).
 */
export const deviceTokens = pgTable(
  'device_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: varchar('token_hash', { length: 64 }).notNull(),
    deviceKind: varchar('device_kind', { length: 24 }).notNull(),
    name: text('name').notNull(),
    regionCode: varchar('region_code', { length: 18 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('device_tokens_hash_uq').on(t.tokenHash)],
);

/**
 * Device messages that could not be taken (sensors, cameras), with the reason: an intake never crashes
 * on them. Shared by every device intake through `devices/dead-letters.ts`.
 */
export const ingestDeadLetters = pgTable('ingest_dead_letters', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  channel: varchar('channel', { length: 12 }).notNull(), // http | mqtt
  deviceId: uuid('device_id'),
  reason: text('reason').notNull(),
  payload: text('payload').notNull(),
}, (t) => [index('ingest_dead_letters_at_idx').on(t.at), index('ingest_dead_letters_device_idx').on(t.deviceId).where(sql`device_id IS NOT NULL`)]);
