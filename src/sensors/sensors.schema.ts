import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * Monitored assets: reservoirs (小(一)型/小(二)型) with their characteristic levels from the plan, and
 * later landslide points. Levels in metres above datum.
 */
export const assets = pgTable('assets', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: varchar('kind', { length: 16 }).notNull(), // reservoir | landslide
  name: text('name').notNull().unique(),
  /** The village (12 digits) whose grid worker looks after it; its township's command room handles cases. */
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  lon: doublePrecision('lon').notNull(),
  lat: doublePrecision('lat').notNull(),
  capacityClass: varchar('capacity_class', { length: 8 }), // 小(一)型 → small1, 小(二)型 → small2
  /** 汛限水位 per flood-season period: [{from: 'MM-DD', to: 'MM-DD', level}], else the normal pool level. */
  floodLimits: jsonb('flood_limits').$type<{ from: string; to: string; level: number }[]>().notNull().default([]),
  normalLevel: doublePrecision('normal_level'),
  designFloodLevel: doublePrecision('design_flood_level'),
  checkFloodLevel: doublePrecision('check_flood_level'),
  crestLevel: doublePrecision('crest_level'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A sensor on an asset, connected with a device token (ThingsBoard-style access token). */
export const devices = pgTable('devices', {
  id: uuid('id').primaryKey().defaultRandom(),
  tokenId: uuid('token_id').notNull().unique(),
  assetId: uuid('asset_id').notNull().references(() => assets.id),
  kind: varchar('kind', { length: 24 }).notNull(), // water_level | rainfall | seepage_pressure | seepage_flow | displacement | settlement
  name: text('name').notNull(),
  unit: varchar('unit', { length: 12 }).notNull(),
  /** Physical range: values outside are a sensor fault, not a reading. */
  minValue: doublePrecision('min_value'),
  maxValue: doublePrecision('max_value'),
  /** Expected interval between readings (seconds), for the no-data rule. */
  intervalSeconds: integer('interval_seconds').notNull().default(60),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('devices_asset_idx').on(t.assetId)]);

/**
 * How far the rules have judged each device's readings (the newest reading time judged). MQTT messages are
 * acknowledged once stored and judged after (rule-backlog.ts); a process that dies in between leaves
 * readings stored but never judged, and the next process to see the device judges those first
 * (alarms.ts). Written in batches about once a second, so a restart may judge the last second again —
 * harmless: the engine starts from the alarms the database holds.
 */
export const deviceRuleCursors = pgTable('device_rule_cursors', {
  deviceId: uuid('device_id').primaryKey().references(() => devices.id, { onDelete: 'cascade' }),
  judgedTo: timestamp('judged_to', { withTimezone: true }).notNull(),
});

/**
 * Readings: one row per (device, key, time). The primary key makes a redelivered message (MQTT QoS 1)
 * a no-op and serves the range scans of charts; rows arrive in batches (multi-row inserts). The table is
 * partitioned by month (migration 0012, `partitions.ts`); drizzle sees only its columns. A reading is a
 * number (`value`, what the rules judge) or, as ThingsBoard allows, text or JSON (`data`); never both.
 * Readings without the device's `ts` carry a unique server stamp with microseconds (ingest.ts).
 */
export const sensorReadings = pgTable('sensor_readings', {
  deviceId: uuid('device_id').notNull(),
  key: varchar('key', { length: 40 }).notNull(),
  ts: timestamp('ts', { withTimezone: true }).notNull(),
  value: doublePrecision('value'),
  data: jsonb('data'),
}, (t) => [primaryKey({ columns: [t.deviceId, t.key, t.ts] }), check('sensor_readings_value_or_data', sql`("value" IS NULL) <> ("data" IS NULL)`)]);

/**
 * Alarms (ThingsBoard practice): at most one open alarm per (device, type) — the partial unique index
 * enforces it; severity may rise and fall; states active_unack → active_ack → cleared. A major or
 * critical reservoir alarm opens a case and links it.
 */
export const alarms = pgTable('alarms', {
  id: uuid('id').primaryKey().defaultRandom(),
  assetId: uuid('asset_id').notNull().references(() => assets.id),
  deviceId: uuid('device_id').notNull().references(() => devices.id),
  type: varchar('type', { length: 24 }).notNull(),
  severity: varchar('severity', { length: 10 }).notNull(),
  state: varchar('state', { length: 14 }).notNull(),
  value: doublePrecision('value').notNull(),
  reason: text('reason').notNull(),
  /** Device time of the reading that raised it. */
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  /** Server time it was raised (arrival): differs from startedAt when readings come late or a clock is off. */
  raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  acknowledgedBy: uuid('acknowledged_by'),
  clearedAt: timestamp('cleared_at', { withTimezone: true }),
  /** Set when the alarm stayed unacknowledged too long and was escalated (once). */
  escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  caseId: uuid('case_id'),
  episodeId: uuid('episode_id'),
  /** The rule versions in force when the alarm last changed, e.g. "water_level v1 · asset v2". */
  rules: text('rules'),
}, (t) => [
  uniqueIndex('alarms_one_open_uq').on(t.deviceId, t.type).where(sql`state <> 'cleared'`),
  index('alarms_asset_idx').on(t.assetId, t.startedAt),
]);

/**
 * A condition episode of an asset (its dam level, or another sensor's threshold): the unit a command
 * room handles. The first major or critical alarm opens it and its one case; alarms raised again while
 * its case is open — and within the re-raise window of its last clear — join it instead of opening
 * another case. `severity` is the highest it reached (the case's severity follows it up, never its
 * level); `grouped` when the township's alarm-storm guard put it under one supervising case.
 */
export const alarmEpisodes = pgTable('alarm_episodes', {
  id: uuid('id').primaryKey().defaultRandom(),
  assetId: uuid('asset_id').notNull().references(() => assets.id),
  condition: varchar('condition', { length: 24 }).notNull(),
  /** The village's township (9 digits + 000): the storm guard counts per township. */
  townshipCode: varchar('township_code', { length: 12 }).notNull(),
  caseId: uuid('case_id').notNull(),
  severity: varchar('severity', { length: 10 }).notNull(),
  grouped: boolean('grouped').notNull().default(false),
  /** Device times (the readings'), so a replayed stream judges windows as it happened. */
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
  /** Set when the last alarm of the episode cleared; null while one is open. */
  clearedAt: timestamp('cleared_at', { withTimezone: true }),
}, (t) => [
  index('alarm_episodes_asset_idx').on(t.assetId, t.condition, t.openedAt),
  index('alarm_episodes_township_idx').on(t.townshipCode, t.openedAt),
]);

/** Every change of an alarm, in order. */
export const alarmEvents = pgTable('alarm_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  alarmId: uuid('alarm_id').notNull().references(() => alarms.id),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  action: varchar('action', { length: 16 }).notNull(), // raised | severity | acknowledged | cleared | case_opened | case_escalated
  severity: varchar('severity', { length: 10 }),
  value: doublePrecision('value'),
  note: text('note'),
  actorId: uuid('actor_id'),
}, (t) => [index('alarm_events_alarm_idx').on(t.alarmId, t.id)]);

/**
 * Rule overrides, versioned: each change is a new row (never an update), so an alarm can say which rules
 * raised it and an administrator can see and return to an earlier version. Scope `kind` (target = the
 * device kind), `asset` (target = `<asset id>/<kind>`) or `device` (target = the device id); the newest
 * version of each applies, device over asset over kind over the built-in rules.
 */
export const sensorRuleSets = pgTable('sensor_rule_sets', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  scope: varchar('scope', { length: 8 }).notNull(),
  target: varchar('target', { length: 80 }).notNull(),
  version: integer('version').notNull(),
  overrides: jsonb('overrides').$type<Record<string, unknown>>().notNull(),
  note: text('note'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('sensor_rule_sets_version_uq').on(t.scope, t.target, t.version)]);
