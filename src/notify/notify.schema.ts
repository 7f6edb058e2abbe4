import { bigint, bigserial, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/** A group chat robot per region and level (the seeds' "两难" groups: district, town, village). */
export const notificationChannels = pgTable('notification_channels', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  /** Case level whose events go here: village, township, district, city. */
  level: varchar('level', { length: 10 }).notNull(),
  kind: varchar('kind', { length: 16 }).notNull().default('dingtalk'),
  url: text('url').notNull(),
  /** DingTalk "加签" secret; null when the robot uses keywords or IP allow-lists instead. */
  secret: text('secret'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('notification_channels_region_idx').on(t.regionCode, t.level)]);

/** What was sent: an event retried by the outbox is not sent to the same channel twice. */
export const notificationLog = pgTable('notification_log', {
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
  channelId: uuid('channel_id').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.eventId, t.channelId] })]);

/**
 * In-app messages to one person (the bell in the console and on the phone), one per event and person;
 * `sms_at` says the SMS went too (an event retried by the outbox sends neither twice).
 */
export const userNotifications = pgTable('user_notifications', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
  userId: uuid('user_id').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  /** Where it points in the app, e.g. a case id. */
  caseId: uuid('case_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true }),
  smsAt: timestamp('sms_at', { withTimezone: true }),
}, (t) => [index('user_notifications_user_idx').on(t.userId, t.id), uniqueIndex('user_notifications_event_user_uq').on(t.eventId, t.userId)]);
