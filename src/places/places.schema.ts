import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/** What a place is: the map's layers (共富工坊 is `workshop`). */
export const PLACE_KINDS = ['homestay', 'restaurant', 'sight', 'venue', 'shop', 'toilet', 'parking', 'product', 'enterprise', 'workshop'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];
/**
 * A listing's life: a draft, sent for approval (pending), published or rejected with a reason. An edit
 * of a published listing does not unpublish it: the edit waits as a revision (`revision`) while the
 * published version stays what tourists see.
 */
export const PLACE_STATUSES = ['draft', 'pending', 'published', 'rejected'] as const;
export type PlaceStatus = (typeof PLACE_STATUSES)[number];

/** The editable content of a listing: the columns of the published (or not yet published) version, and a pending revision's jsonb. */
export interface PlaceContent {
  name: string;
  description: string;
  lon: number;
  lat: number;
  attrs: Record<string, unknown>;
  photos: string[];
  phone: string | null;
  bookingUrl: string | null;
}

/**
 * A place of a village: a homestay, a restaurant, a sight, a venue and its shop, a toilet or a car park,
 * a product of 未来商城, an enterprise or a 共富工坊. Its kind's own facts (a homestay's grade and rooms,
 * a venue's hours and tickets, a product's price and how to buy it) are `attrs`, checked per kind by the
 * service (places-kinds.ts) and by a CHECK here that they are an object. Owned by a household or an
 * organisation (at most one; none: the village's own), who may edit it; the village approves.
 */
export const places = pgTable('places', {
  id: uuid('id').primaryKey(),
  /** The village (12 digits) the place is in: its point lies in the village. */
  regionCode: varchar('region_code', { length: 12 }).notNull(),
  kind: varchar('kind', { length: 12 }).notNull(),
  name: varchar('name', { length: 60 }).notNull(),
  description: text('description').notNull().default(''),
  lon: doublePrecision('lon').notNull(),
  lat: doublePrecision('lat').notNull(),
  attrs: jsonb('attrs').$type<Record<string, unknown>>().notNull().default({}),
  /** Platform media ids (sniffed, size-limited uploads), the first is the cover. */
  photos: text('photos').array().notNull().default(sql`'{}'::text[]`),
  /** The business's phone, shown to tourists; a household's own phones never are. */
  phone: varchar('phone', { length: 20 }),
  bookingUrl: varchar('booking_url', { length: 300 }),
  ownerHouseholdId: uuid('owner_household_id'),
  ownerOrganisationId: uuid('owner_organisation_id'),
  status: varchar('status', { length: 10 }).notNull().default('draft'),
  rejectReason: text('reject_reason'),
  /** A published listing's edit waiting for approval (the columns stay the published version). */
  revision: jsonb('revision').$type<PlaceContent>(),
  revisionAt: timestamp('revision_at', { withTimezone: true }),
  /** Why the last revision was turned down (the owner sees it; the published version stays). */
  revisionRejectReason: text('revision_reject_reason'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(0),
}, (t) => [
  index('places_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.kind),
  index('places_public_idx').on(t.regionCode, t.kind).where(sql`status = 'published'`),
  index('places_lat_lon_idx').on(t.lat, t.lon).where(sql`status = 'published'`),
  index('places_queue_idx').on(t.regionCode).where(sql`status = 'pending' OR revision IS NOT NULL`),
  index('places_owner_household_idx').on(t.ownerHouseholdId),
  index('places_owner_org_idx').on(t.ownerOrganisationId),
  check('places_kind', sql`kind IN ('homestay', 'restaurant', 'sight', 'venue', 'shop', 'toilet', 'parking', 'product', 'enterprise', 'workshop')`),
  check('places_status', sql`status IN ('draft', 'pending', 'published', 'rejected')`),
  check('places_one_owner', sql`owner_household_id IS NULL OR owner_organisation_id IS NULL`),
  check('places_attrs_object', sql`jsonb_typeof(attrs) = 'object'`),
  check('places_revision_published', sql`revision IS NULL OR status = 'published'`),
]);

/**
 * A question asked from a place's page (咨询): the case it became (through the cases module, category
 * 1501) and the place it is about. One row per case; written in the case's own transaction.
 */
export const placeQuestions = pgTable('place_questions', {
  id: uuid('id').primaryKey(),
  placeId: uuid('place_id').notNull().references(() => places.id),
  caseId: uuid('case_id').notNull(),
  askerId: uuid('asker_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('place_questions_case_uq').on(t.caseId),
  index('place_questions_place_idx').on(t.placeId, t.createdAt),
]);

/** A village's introduction for tourists (逛村子's first page), written by the village's staff. */
export const villageGuides = pgTable('village_guides', {
  regionCode: varchar('region_code', { length: 12 }).primaryKey(),
  intro: text('intro').notNull(),
  /** The cover picture tourists see above the introduction (an uploaded media id). */
  coverMediaId: varchar('cover_media_id', { length: 64 }),
  /** How to reach the village's visitor desk: 「游客中心 0570-3081234，8:30–17:00」. */
  contact: text('contact'),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
