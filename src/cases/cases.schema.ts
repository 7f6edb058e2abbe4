import { sql } from 'drizzle-orm';
import {
  bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar,
} from 'drizzle-orm/pg-core';
import type { CoHandler } from './case-machine.ts';

/** A co-handler as stored on the case row: the machine's view plus when and what. */
export interface CoHandlerRow extends CoHandler {
  signedAt?: string;
  doneAt?: string;
  note?: string;
}

/** Event categories: 大类 (2 digits) + 小类 (2 digits), with time limits and who handles them. */
export const caseCategories = pgTable('case_categories', {
  code: varchar('code', { length: 4 }).primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  /** Organisation kind that leads the handling (people's ORGANISATION_KINDS, or grid_worker). */
  leadKind: varchar('lead_kind', { length: 24 }).notNull(),
  limitValue: integer('limit_value').notNull(),
  limitUnit: varchar('limit_unit', { length: 16 }).notNull(),
  urgentLimitValue: integer('urgent_limit_value').notNull(),
  urgentLimitUnit: varchar('urgent_limit_unit', { length: 16 }).notNull(),
  /** Time to sign (签收) after dispatch before the case is overdue for signing. */
  signLimitValue: integer('sign_limit_value').notNull().default(2),
  signLimitUnit: varchar('sign_limit_unit', { length: 16 }).notNull().default('working_hours'),
  autoEscalate: boolean('auto_escalate').notNull().default(true),
  /** Sources allowed to raise it: resident, tourist, grid_worker, camera, sensor, hotline, open311. */
  sources: jsonb('sources').$type<string[]>().notNull(),
  /** Radius (m) within which an open case of this category counts as a duplicate. */
  duplicateRadiusM: integer('duplicate_radius_m').notNull().default(100),
  active: boolean('active').notNull().default(true),
});

/** Camera vendors' alarm ids → category (e.g. Dahua 890 → 0102 exposed garbage). */
export const vendorEventCodes = pgTable('vendor_event_codes', {
  vendor: varchar('vendor', { length: 24 }).notNull(),
  eventCode: varchar('event_code', { length: 40 }).notNull(),
  categoryCode: varchar('category_code', { length: 4 }).notNull().references(() => caseCategories.code),
  description: text('description'),
}, (t) => [primaryKey({ columns: [t.vendor, t.eventCode] })]);

export const cases = pgTable('cases', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Human case number, e.g. 20261122-000123. */
  no: varchar('no', { length: 20 }).notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  categoryCode: varchar('category_code', { length: 4 }).references(() => caseCategories.code),
  severity: varchar('severity', { length: 8 }).notNull().default('normal'),
  state: varchar('state', { length: 24 }).notNull(),
  level: varchar('level', { length: 10 }).notNull().default('village'),
  source: varchar('source', { length: 12 }).notNull(),
  /** Grid (or village) the case is placed in; township for queues. */
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  villageCode: varchar('village_code', { length: 12 }).notNull(),
  lon: doublePrecision('lon').notNull(),
  lat: doublePrecision('lat').notNull(),
  reporterId: uuid('reporter_id'),
  assigneeId: uuid('assignee_id'),
  assignedOrgId: uuid('assigned_org_id'),
  media: jsonb('media').$type<string[]>().notNull().default([]),
  reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
  registeredAt: timestamp('registered_at', { withTimezone: true }),
  dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
  signedAt: timestamp('signed_at', { withTimezone: true }),
  feedbackAt: timestamp('feedback_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  ratedAt: timestamp('rated_at', { withTimezone: true }),
  signDeadline: timestamp('sign_deadline', { withTimezone: true }),
  deadline: timestamp('deadline', { withTimezone: true }),
  /** A deadline the command room set at 立案 (register): the handler's clock ends there instead of the category's limit. */
  fixedDeadline: timestamp('fixed_deadline', { withTimezone: true }),
  /** When and at which level the case first missed a deadline (signing or handling): it stays late after escalation. */
  lateAt: timestamp('late_at', { withTimezone: true }),
  lateLevel: varchar('late_level', { length: 10 }),
  suspendedAt: timestamp('suspended_at', { withTimezone: true }),
  requestedUntil: timestamp('requested_until', { withTimezone: true }),
  /** 0 none, 1 催办 (at the deadline), 2 督办, 3 通报 (N days overdue). */
  supervision: integer('supervision').notNull().default(0),
  overdueAt: timestamp('overdue_at', { withTimezone: true }),
  closedOnTime: boolean('closed_on_time'),
  reworkCount: integer('rework_count').notNull().default(0),
  reopenCount: integer('reopen_count').notNull().default(0),
  extensionCount: integer('extension_count').notNull().default(0),
  rating: varchar('rating', { length: 24 }),
  mergedInto: uuid('merged_into'),
  reportCount: integer('report_count').notNull().default(1),
  /** Joint handling (联办): co-handlers with their own sign and feedback (see case-machine.ts). */
  coHandlers: jsonb('co_handlers').$type<CoHandlerRow[]>().notNull().default([]),
  clientKey: varchar('client_key', { length: 80 }),
  /** What opened the case when a source did (an alarm episode, a camera episode, an inspection item): with source, unique (from-source.ts). */
  sourceRef: varchar('source_ref', { length: 120 }),
  version: integer('version').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('cases_no_uq').on(t.no),
  uniqueIndex('cases_client_key_uq').on(t.reporterId, t.clientKey),
  uniqueIndex('cases_source_ref_uq').on(t.source, t.sourceRef),
  index('cases_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
  index('cases_open_deadline_idx').on(t.deadline).where(sql`state IN ('PROCESSING','EXTENSION_REQUESTED')`),
  index('cases_open_sign_deadline_idx').on(t.signDeadline).where(sql`state = 'DISPATCHED'`),
  index('cases_state_idx').on(t.state, t.level),
  index('cases_category_reported_idx').on(t.categoryCode, t.reportedAt),
  // KPIs read the cases of a period through these (PostgreSQL ORs them as bitmaps)
  index('cases_reported_at_idx').on(t.reportedAt),
  index('cases_deadline_idx').on(t.deadline),
  index('cases_closed_at_idx').on(t.closedAt),
  index('cases_rated_at_idx').on(t.ratedAt),
  index('cases_late_at_idx').on(t.lateAt),
  // duplicates nearby: open cases of a category around a point (a box on lat, then lon)
  index('cases_open_nearby_idx').on(t.categoryCode, t.lat, t.lon).where(sql`state IN ('PENDING_ACCEPT','REGISTERED','DISPATCHED','PROCESSING','EXTENSION_REQUESTED','SUSPENDED','VERIFYING')`),
  // "my tasks" of a co-handler: co_handlers @> '[{"orgId": …}]'
  index('cases_co_handlers_idx').using('gin', sql`${t.coHandlers} jsonb_path_ops`).where(sql`co_handlers <> '[]'::jsonb`),
  // who may read a photo: the case holding it (media @> '["…"]', see media-owners.ts)
  index('cases_media_idx').using('gin', sql`${t.media} jsonb_path_ops`).where(sql`media <> '[]'::jsonb`),
]);

/** The append-only timeline: every transition of every case. */
export const caseTimeline = pgTable('case_timeline', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: uuid('case_id').notNull().references(() => cases.id),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorId: uuid('actor_id'),
  action: varchar('action', { length: 24 }).notNull(),
  fromState: varchar('from_state', { length: 24 }),
  toState: varchar('to_state', { length: 24 }).notNull(),
  level: varchar('level', { length: 10 }).notNull(),
  note: text('note'),
  media: jsonb('media').$type<string[]>().notNull().default([]),
  data: jsonb('data').notNull().default({}),
}, (t) => [
  index('case_timeline_case_idx').on(t.caseId, t.id), index('case_timeline_at_idx').on(t.at),
  index('case_timeline_media_idx').using('gin', sql`${t.media} jsonb_path_ops`).where(sql`media <> '[]'::jsonb`),
]);

/** People who said "me too" about a case (我也遇到): they follow it and get its outcome. */
export const caseFollowers = pgTable('case_followers', {
  caseId: uuid('case_id').notNull().references(() => cases.id),
  userId: uuid('user_id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.caseId, t.userId] }), index('case_followers_user_idx').on(t.userId)]);

/** Working-day overrides set by administrators ('YYYY-MM-DD' → working or not). */
export const calendarOverrides = pgTable('calendar_overrides', {
  date: varchar('date', { length: 10 }).primaryKey(),
  working: boolean('working').notNull(),
  note: text('note'),
});
