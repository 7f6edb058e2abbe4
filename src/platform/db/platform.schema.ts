import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/** Transactional outbox: a domain event is written in the same transaction as the change. */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: varchar('type', { length: 80 }).notNull(),
    regionCode: varchar('region_code', { length: 18 }),
    aggregateId: text('aggregate_id'),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_events_pending_idx').on(t.nextAttemptAt, t.id).where(sql`delivered_at IS NULL`)],
);

/** Who changed what. Details never hold personal data in clear. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: text('actor_id'),
    action: varchar('action', { length: 80 }).notNull(),
    entity: varchar('entity', { length: 40 }).notNull(),
    entityId: text('entity_id'),
    regionCode: varchar('region_code', { length: 18 }),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId), index('audit_log_at_idx').on(t.at)],
);

/** Uploaded media, content-addressed: id = sha256 of the bytes. Files live under DATA_DIR/media. */
export const media = pgTable('media', {
  id: varchar('id', { length: 64 }).primaryKey(),
  mime: varchar('mime', { length: 60 }).notNull(),
  ext: varchar('ext', { length: 10 }).notNull(),
  bytes: integer('bytes').notNull(),
  width: integer('width'),
  height: integer('height'),
  uploadedBy: text('uploaded_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
