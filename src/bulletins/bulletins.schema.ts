/**
 * The bulletins archive (周通报, 月督查, 年考核): one row per kind, region and period, holding what was
 * published — the canonical content (JSON), its hash, and the rendered files — so a bulletin once sent
 * stays what it was even when later work changes the cases it counted.
 */
import { sql } from 'drizzle-orm';
import { customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  // PGlite answers a Uint8Array, node-postgres a Buffer: the service always sees a Buffer
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const bulletins = pgTable('bulletins', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** weekly (周通报), monthly (月督查), yearly (年考核) */
  kind: varchar('kind', { length: 8 }).notNull(),
  /** The township or district it is about. */
  regionCode: varchar('region_code', { length: 12 }).notNull(),
  /** The region's scope prefix (9 digits for a township): who may read it is decided on it in SQL. */
  scope: varchar('scope', { length: 12 }).notNull(),
  /** First and last day of the period, Asia/Shanghai (YYYY-MM-DD). */
  periodStart: varchar('period_start', { length: 10 }).notNull(),
  periodEnd: varchar('period_end', { length: 10 }).notNull(),
  year: integer('year').notNull(),
  serial: integer('serial').notNull(),
  /** 沟溪乡〔2026〕第48期 */
  number: text('number').notNull(),
  title: text('title').notNull(),
  content: jsonb('content').notNull(),
  /** SHA-256 of the canonical content (sorted keys, no generation time): the same period gives the same hash. */
  contentHash: varchar('content_hash', { length: 64 }).notNull(),
  xlsx: bytea('xlsx').notNull(),
  xlsxSha256: varchar('xlsx_sha256', { length: 64 }).notNull(),
  /** Null when no Chromium was at hand at generation (the PDF is made on the first download that finds one). */
  pdf: bytea('pdf'),
  pdfSha256: varchar('pdf_sha256', { length: 64 }),
  generatedBy: uuid('generated_by'),
  generatedAt: timestamp('generated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('bulletins_period_uq').on(t.kind, t.regionCode, t.periodStart),
  index('bulletins_scope_idx').on(sql`${t.scope} text_pattern_ops`, t.periodStart),
]);
