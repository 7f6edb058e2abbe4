/**
 * The area indices (网格服务力, 物业服务力, 机关党组织小区服务力; issue 17): their versioned formulas, the read
 * model per unit and period, and the register of the party organisations that 下沉 to a community with
 * the services they log. Formulas and scores: area-formula.ts.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import type { AreaFormula } from './area-formula.ts';

/**
 * One version of an area formula of a kind, for the units under a region (`scope`, its significant
 * prefix; '' everywhere). Never edited: a change is the next version. A period uses the newest version
 * of the most specific covering scope made before the period ended (closed periods keep theirs).
 */
export const partyAreaFormulas = pgTable('party_area_formulas', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: varchar('kind', { length: 16 }).notNull(),
  scope: varchar('scope', { length: 18 }).notNull(),
  version: integer('version').notNull(),
  params: jsonb('params').$type<AreaFormula>().notNull(),
  note: text('note'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('party_area_formulas_version_uq').on(t.kind, t.scope, t.version),
  check('party_area_formulas_kind', sql`kind IN ('grid', 'property', 'organisation')`),
]);

/**
 * The read model: a unit's index in a period with its breakdown and the formula version it used. A unit
 * is a grid (`unit_id` its code), a property company in one village (`unit_id` the organisation, the
 * village in `region_code`), or a 下沉 organisation (its id; the paired community). Rewritten from the
 * case data and the service logs on the events that change them, and by a job for the open periods.
 */
export const partyAreaIndex = pgTable('party_area_index', {
  kind: varchar('kind', { length: 16 }).notNull(),
  unitId: varchar('unit_id', { length: 40 }).notNull(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  periodKind: varchar('period_kind', { length: 5 }).notNull(),
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  unitName: text('unit_name').notNull(),
  formulaId: uuid('formula_id').notNull(),
  formulaVersion: integer('formula_version').notNull(),
  ratings: integer('ratings').notNull().default(0),
  satisfied: integer('satisfied').notNull().default(0),
  basicallySatisfied: integer('basically_satisfied').notNull().default(0),
  unsatisfied: integer('unsatisfied').notNull().default(0),
  closed: integer('closed').notNull().default(0),
  closedOnTime: integer('closed_on_time').notNull().default(0),
  services: integer('services').notNull().default(0),
  solved: integer('solved').notNull().default(0),
  households: integer('households').notNull().default(0),
  /** grid and property: the two parts of the score (out of 100 together) */
  satisfactionPart: doublePrecision('satisfaction_part'),
  onTimePart: doublePrecision('on_time_part'),
  /** null: no data in the period */
  score: doublePrecision('score'),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.kind, t.periodKind, t.periodStart, t.unitId, t.regionCode] }),
  index('party_area_index_rank_idx').on(t.kind, t.periodKind, t.periodStart, sql`${t.regionCode} text_pattern_ops`),
  check('party_area_index_period', sql`period_kind IN ('week', 'month', 'year')`),
]);

/** A machine or enterprise party organisation that 下沉 to a community (机关党组织进小区), with its contact. */
export const partyServiceOrgs = pgTable('party_service_orgs', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: varchar('name', { length: 80 }).notNull(),
  kind: varchar('kind', { length: 16 }).notNull(),
  /** the paired community (or village) */
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  contactName: varchar('contact_name', { length: 40 }).notNull(),
  contactPhone: varchar('contact_phone', { length: 20 }).notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('party_service_orgs_name_uq').on(t.regionCode, t.name),
  check('party_service_orgs_kind', sql`kind IN ('machine', 'enterprise', 'other')`),
]);

/**
 * A service a 下沉 organisation did in its community, logged by the community's staff: the day, what was
 * done, the households served, and the case it solved (a link) or a mark that it solved a problem.
 * The client's id makes a retry one log.
 */
export const partyOrgServices = pgTable('party_org_services', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  servedOn: date('served_on', { mode: 'string' }).notNull(),
  what: text('what').notNull(),
  households: integer('households').notNull().default(0),
  caseId: uuid('case_id'),
  /** marked by the logger: it solved a problem (without a case to link) */
  solved: boolean('solved').notNull().default(false),
  loggedBy: uuid('logged_by').notNull(),
  loggedAt: timestamp('logged_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('party_org_services_org_idx').on(t.orgId, t.servedOn),
  index('party_org_services_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.servedOn),
  index('party_org_services_case_idx').on(t.caseId).where(sql`case_id IS NOT NULL`),
  check('party_org_services_households', sql`households >= 0`),
]);
