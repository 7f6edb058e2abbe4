import { sql } from 'drizzle-orm';
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * AI cameras (DOMAIN.md §4): where they look, what they detect, who owns the view (a cleaning area, an
 * enforcement squad), an optional IP speaker, and the device token they push events with.
 */
export const cameras = pgTable('cameras', {
  id: uuid('id').primaryKey().defaultRandom(),
  tokenId: uuid('token_id').notNull().unique(),
  name: text('name').notNull().unique(),
  vendor: varchar('vendor', { length: 24 }).notNull().default('generic'), // hikvision | dahua | generic
  /** The village (or grid) it stands in: cases open there. */
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  lon: doublePrecision('lon').notNull(),
  lat: doublePrecision('lat').notNull(),
  /** What it looks at, in words (路口东侧人行道, 3 号垃圾桶点). */
  view: text('view'),
  channels: integer('channels').notNull().default(1),
  /** Category codes it can detect (empty: whatever its vendor codes map to). */
  capabilities: jsonb('capabilities').$type<string[]>().notNull().default([]),
  /** IP speaker play endpoint (HTTP POST); null: no speaker. */
  speakerUrl: text('speaker_url'),
  /** The organisation that owns the view: the cleaning company of the area, the enforcement squad. */
  organisationId: uuid('organisation_id'),
  lastEventAt: timestamp('last_event_at', { withTimezone: true }),
  lastHeartbeatAt: timestamp('last_heartbeat_at', { withTimezone: true }),
  /** Set when the camera went silent (no heartbeat or event for `CAMERA_OFFLINE_SECONDS`), cleared when it speaks. */
  offlineSince: timestamp('offline_since', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('cameras_region_idx').on(t.regionCode)]);

/**
 * Every detection taken (after the confidence threshold), in its episode. The key makes a re-pushed
 * event a no-op. Pictures are kept for some detections only (see `snapshots` in cameras.service).
 */
export const cameraDetections = pgTable('camera_detections', {
  cameraId: uuid('camera_id').notNull(),
  channel: integer('channel').notNull(),
  category: varchar('category', { length: 4 }).notNull(),
  ts: timestamp('ts', { withTimezone: true }).notNull(),
  eventCode: varchar('event_code', { length: 40 }).notNull(),
  region: varchar('region', { length: 24 }).notNull().default(''),
  confidence: real('confidence').notNull(),
  episodeId: uuid('episode_id').notNull(),
  boxes: jsonb('boxes').$type<{ x: number; y: number; w: number; h: number; label?: string }[]>(),
  mediaId: varchar('media_id', { length: 64 }),
}, (t) => [
  primaryKey({ columns: [t.cameraId, t.channel, t.category, t.ts] }), index('camera_detections_episode_idx').on(t.episodeId, t.ts),
  // who may read a picture: the camera that took it (see media-owners.ts)
  index('camera_detections_media_idx').on(t.mediaId).where(sql`media_id IS NOT NULL`),
]);

/**
 * Episodes: detections of one condition folded together (camera, channel, category, region). The
 * action columns say what the platform did about it: `pending` → `warned` (speaker) → `left` (no case)
 * or `case`; `notified` + `case` for bins; `suppressed` (cool-down); `none` below the trigger.
 */
export const cameraEpisodes = pgTable('camera_episodes', {
  id: uuid('id').primaryKey(),
  cameraId: uuid('camera_id').notNull(),
  channel: integer('channel').notNull(),
  category: varchar('category', { length: 4 }).notNull(),
  region: varchar('region', { length: 24 }).notNull().default(''),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
  lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  detections: integer('detections').notNull().default(0),
  maxConfidence: real('max_confidence').notNull().default(0),
  triggeredAt: timestamp('triggered_at', { withTimezone: true }),
  action: varchar('action', { length: 12 }).notNull().default('none'),
  /** When the next step of the action is due (the end of a vendor's grace period). */
  actionDueAt: timestamp('action_due_at', { withTimezone: true }),
  caseId: uuid('case_id'),
  snapshot: varchar('snapshot', { length: 64 }),
  falsePositive: boolean('false_positive'),
  markedBy: uuid('marked_by'),
  markedAt: timestamp('marked_at', { withTimezone: true }),
}, (t) => [
  index('camera_episodes_camera_idx').on(t.cameraId, t.openedAt),
  index('camera_episodes_due_idx').on(t.actionDueAt).where(sql`action_due_at IS NOT NULL`),
  // the camera clock looks for open episodes and unfinished actions every few seconds: only those rows are indexed
  index('camera_episodes_open_idx').on(t.lastAt).where(sql`closed_at IS NULL`),
  index('camera_episodes_unfinished_idx').on(t.triggeredAt).where(sql`action IN ('pending', 'acting')`),
  index('camera_episodes_opened_idx').on(t.openedAt),
  index('camera_episodes_snapshot_idx').on(t.snapshot).where(sql`snapshot IS NOT NULL`),
]);

/** What was done for an episode, each attempt: speaker plays, cases, messages. */
export const cameraActions = pgTable('camera_actions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  episodeId: uuid('episode_id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  kind: varchar('kind', { length: 12 }).notNull(), // speaker | case | sms | inapp | quiet | capped
  ok: boolean('ok').notNull(),
  attempts: integer('attempts').notNull().default(1),
  detail: text('detail'),
}, (t) => [index('camera_actions_episode_idx').on(t.episodeId, t.id)]);

/** Per-category overrides of the built-in episode and action policy (cameras/policy.ts). */
export const cameraPolicies = pgTable('camera_policies', {
  categoryCode: varchar('category_code', { length: 4 }).primaryKey(),
  overrides: jsonb('overrides').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});
