import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

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
  /** What it is about (task, co_task, escalation, supervision, deadline_soon, deadline_passed, alarm); null: a module's request. */
  kind: varchar('kind', { length: 24 }),
  /** Where it points besides a case: the alarm. */
  alarmId: uuid('alarm_id'),
  /** Or an app path (a bulletin: `/app/bulletins/<id>`), for a module's request that is about no case or alarm. */
  link: text('link'),
  /** Urgent messages ignore quiet hours. */
  urgent: boolean('urgent').notNull().default(false),
  /** One message per (key, person): an alarm flapping or a warning swept twice tells nobody twice. */
  dedupeKey: text('dedupe_key'),
  /** When the SMS is due (quiet hours defer it; a failed send moves it on); null: no SMS from the notice queue. */
  smsDueAt: timestamp('sms_due_at', { withTimezone: true }),
  smsAttempts: integer('sms_attempts').notNull().default(0),
}, (t) => [
  index('user_notifications_user_idx').on(t.userId, t.id),
  uniqueIndex('user_notifications_event_user_uq').on(t.eventId, t.userId),
  uniqueIndex('user_notifications_key_user_uq').on(t.dedupeKey, t.userId),
  index('user_notifications_sms_due_idx').on(t.smsDueAt).where(sql`sms_at IS NULL AND sms_due_at IS NOT NULL`),
]);

/**
 * Group-robot messages waiting or sent: one per (channel, key). Quiet hours give a non-urgent message a
 * later `due_at`; a failed post moves `due_at` on with backoff. The notify job sends what is due.
 */
export const robotMessages = pgTable('notify_robot_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  channelId: uuid('channel_id').notNull(),
  dedupeKey: text('dedupe_key').notNull(),
  title: text('title').notNull(),
  text: text('text').notNull(),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull().defaultNow(),
  attempts: integer('attempts').notNull().default(0),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('notify_robot_messages_channel_key_uq').on(t.channelId, t.dedupeKey),
  index('notify_robot_messages_due_idx').on(t.dueAt).where(sql`sent_at IS NULL`),
]);

/**
 * Deadline warnings given (75 % of the time limit, and the deadline passed), one per (case, kind,
 * deadline): the sweep inserts here first, so a second run or a second process sends nothing, and a
 * new deadline (an extension) warns again.
 */
export const deadlineWarnings = pgTable('notify_deadline_warnings', {
  caseId: uuid('case_id').notNull(),
  kind: varchar('kind', { length: 16 }).notNull(),
  deadline: timestamp('deadline', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.caseId, t.kind, t.deadline] })]);
