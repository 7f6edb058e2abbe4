import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * A reservoir inspection (一键巡库): who walked which asset when, the GPS track of the walk, and the
 * checklist (inspection_items). Open until the inspector finishes it.
 */
export const inspections = pgTable('inspections', {
  id: uuid('id').primaryKey().defaultRandom(),
  assetId: uuid('asset_id').notNull(),
  inspectorId: uuid('inspector_id').notNull(),
  /** The asset's village, for region checks without a join. */
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  state: varchar('state', { length: 10 }).notNull().default('open'), // open | finished
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  /** [lon, lat, ms] in WGS-84, in time order, at most a few thousand points. */
  track: jsonb('track').$type<[number, number, number][]>().notNull().default([]),
  note: text('note'),
}, (t) => [index('inspections_asset_idx').on(t.assetId, t.startedAt), index('inspections_inspector_idx').on(t.inspectorId, t.startedAt)]);

/** One checklist item of an inspection: its result, a note and photos; a failed one may open a case. */
export const inspectionItems = pgTable('inspection_items', {
  inspectionId: uuid('inspection_id').notNull().references(() => inspections.id),
  item: varchar('item', { length: 24 }).notNull(),
  result: varchar('result', { length: 8 }), // ok | failed | null (not yet checked)
  note: text('note'),
  media: jsonb('media').$type<string[]>().notNull().default([]),
  checkedAt: timestamp('checked_at', { withTimezone: true }),
  caseId: uuid('case_id'),
}, (t) => [
  primaryKey({ columns: [t.inspectionId, t.item] }),
  // who may read a photo: the inspection holding it (see media-owners.ts)
  index('inspection_items_media_idx').using('gin', sql`${t.media} jsonb_path_ops`).where(sql`media <> '[]'::jsonb`),
]);
