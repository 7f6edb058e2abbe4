import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * The administrative hierarchy and grids in one table. `code` is the 12-digit statistical area code
 * (province…village), 15 digits for a grid and 18 for a micro-grid; `scope` is the code's significant
 * prefix (2/4/6/9/12/15/18 digits), so "is X inside Y" is `x.code LIKE y.scope || '%'`.
 */
export const regions = pgTable(
  'regions',
  {
    code: varchar('code', { length: 18 }).primaryKey(),
    scope: varchar('scope', { length: 18 }).notNull(),
    parentCode: varchar('parent_code', { length: 18 }),
    level: varchar('level', { length: 12 }).notNull(),
    kind: varchar('kind', { length: 16 }),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    vintage: integer('vintage').notNull(),
    households: integer('households'),
    geometry: jsonb('geometry'),
    minLon: doublePrecision('min_lon'),
    minLat: doublePrecision('min_lat'),
    maxLon: doublePrecision('max_lon'),
    maxLat: doublePrecision('max_lat'),
    centerLon: doublePrecision('center_lon'),
    centerLat: doublePrecision('center_lat'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('regions_parent_idx').on(t.parentCode),
    index('regions_scope_idx').on(sql`${t.scope} text_pattern_ops`),
    index('regions_level_idx').on(t.level),
  ],
);
