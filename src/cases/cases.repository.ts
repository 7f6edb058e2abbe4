/** All SQL of the cases module. */
import { and, asc, desc, eq, getTableColumns, inArray, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../platform/db/index.ts';
import { eventTypeSql, outboxInsertSql } from '../platform/events.ts';
import { casePayloadSql, type CaseEventWrite } from './case.events.ts';
import { calendarOverrides, caseCategories, caseFollowers, cases, caseTimeline } from './cases.schema.ts';

export type CaseRow = typeof cases.$inferSelect;
export type CategoryRow = typeof caseCategories.$inferSelect;
export type TimelineRow = typeof caseTimeline.$inferSelect;

export async function listCategories(db: Db, includeInactive = false) {
  return db.select().from(caseCategories).where(includeInactive ? undefined : eq(caseCategories.active, true)).orderBy(asc(caseCategories.code));
}

export async function loadOverrides(db: Db): Promise<Map<string, boolean>> {
  const rows = await db.select().from(calendarOverrides);
  return new Map(rows.map((r) => [r.date, r.working]));
}


export async function findByClientKey(db: Db, reporterId: string, clientKey: string) {
  const [row] = await db.select().from(cases).where(and(eq(cases.reporterId, reporterId), eq(cases.clientKey, clientKey)));
  return row;
}

export async function findCase(db: Db, id: string, forUpdate = false): Promise<CaseRow | undefined> {
  const q = db.select().from(cases).where(eq(cases.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

/** Number and title of cases by id (another module names the case it refers to). */
export async function caseLabels(db: Db, ids: string[]): Promise<{ id: string; no: string; title: string }[]> {
  return ids.length ? db.select({ id: cases.id, no: cases.no, title: cases.title }).from(cases).where(inArray(cases.id, ids)) : [];
}

/** A case some people reported, as a household's page lists it. */
export interface ReportedCaseRow {
  id: string;
  no: string;
  title: string;
  category_code: string | null;
  category_name: string | null;
  category_name_en: string | null;
  state: string;
  reported_at: Date | string;
  rating: string | null;
}

/**
 * Cases reported by any of these people in one area (the village code's prefix, cut in SQL before the
 * LIMIT), newest first — through the reporter's index (reporter_id leads cases_client_key_uq). A report
 * merged into another stays listed (its state says so): the person did report it.
 */
export async function reportedBy(db: Database, reporterIds: string[], scope: string, limit: number): Promise<ReportedCaseRow[]> {
  if (!reporterIds.length) return [];
  const ids = sql.join(reporterIds.map((id) => sql`${id}::uuid`), sql`, `);
  return db.query<ReportedCaseRow>(sql`
    SELECT c.id, c.no, c.title, c.category_code, k.name AS category_name, k.name_en AS category_name_en, c.state, c.reported_at, c.rating
    FROM cases c LEFT JOIN case_categories k ON k.code = c.category_code
    WHERE c.reporter_id IN (${ids}) AND c.village_code LIKE ${`${scope}%`}
    ORDER BY c.reported_at DESC, c.id DESC LIMIT ${limit}`);
}

export async function updateCase(db: Db, id: string, set: Partial<typeof cases.$inferInsert>) {
  await db.update(cases).set({ ...set, version: sql`${cases.version} + 1`, updatedAt: sql`now()` }).where(eq(cases.id, id));
}

export interface TransitionWrite {
  id: string;
  version: number;
  set: Partial<typeof cases.$inferInsert>;
  timeline: Omit<typeof caseTimeline.$inferInsert, 'caseId'>;
  events: CaseEventWrite[];
  regionCode: string;
  /**
   * When it happened, for history written after the fact (the demo's year): the timeline row and the
   * row's updated_at carry it, and its events are stored as already delivered (nobody is told today
   * about a dispatch of last spring). Absent: now(), delivered as usual.
   */
  at?: Date;
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const COLUMN_OF: Record<string, string> = Object.fromEntries(Object.entries(getTableColumns(cases)).map(([k, c]) => [k, c.name]));

/** A case row by id, read without the query builder (the hot path of every transition). */
const SELECT_CASE = `SELECT ${Object.values(COLUMN_OF).map((c) => `"${c}"`).join(', ')} FROM cases WHERE id = $1`;

export async function findCaseFast(database: Database, id: string): Promise<CaseRow | undefined> {
  const [r] = await database.raw<Record<string, unknown>>(SELECT_CASE, [id], { prepare: true });
  if (!r) return undefined;
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [camel(k), v])) as unknown as CaseRow;
}

/**
 * One transition in one statement (atomic, one round trip): update the row if its version is still
 * the one the decision was made on, and — only then — append the timeline row and the outbox events.
 * Returns false when another transition got there first. Hand-written SQL: see Database.raw.
 */
export async function applyTransition(database: Database, w: TransitionWrite): Promise<boolean> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    // jsonb columns get JSON text (node-postgres would send a JS array as a PostgreSQL array literal)
    params.push(v instanceof Date ? v.toISOString() : v !== null && typeof v === 'object' ? JSON.stringify(v) : v);
    return `$${params.length}`;
  };
  const sets = Object.entries(w.set).map(([k, v]) => {
    const col = COLUMN_OF[k];
    if (!col) throw new Error(`unknown case column ${k}`);
    return `"${col}" = ${p(v)}`;
  });
  const t = w.timeline;
  const at = w.at ? `${p(w.at)}::timestamptz` : 'now()';
  const events = w.events.map((e) => `(${p(e.type)}, ${p(w.regionCode)}, ${p(w.id)}, ${p(JSON.stringify(e.payload))}::jsonb)`);
  const text = `
    WITH u AS (
      UPDATE cases SET ${sets.join(', ')}, version = version + 1, updated_at = ${at}
       WHERE id = ${p(w.id)} AND version = ${p(w.version)}
      RETURNING id),
    tl AS (
      INSERT INTO case_timeline (case_id, actor_id, action, from_state, to_state, level, note, media, data, at)
      SELECT u.id, ${p(t.actorId ?? null)}::uuid, ${p(t.action)}, ${p(t.fromState ?? null)}, ${p(t.toState)}, ${p(t.level)}, ${p(t.note ?? null)},
             ${p(JSON.stringify(t.media ?? []))}::jsonb, ${p(JSON.stringify(t.data ?? {}))}::jsonb, ${at} FROM u
      RETURNING 1),
    ev AS (
      ${outboxInsertSql({ type: 'e.type', regionCode: 'e.region_code', aggregateId: 'e.aggregate_id', payload: 'e.payload', createdAt: at, deliveredAt: w.at ? at : 'NULL::timestamptz' },
        `u, (VALUES ${events.join(', ')}) AS e(type, region_code, aggregate_id, payload)`)}
      RETURNING 1)
    SELECT (SELECT count(*) FROM u)::int AS updated, (SELECT count(*) FROM tl)::int AS t, (SELECT count(*) FROM ev)::int AS e`;
  // prepared: the statement text depends only on the action's columns and event count, so each of
  // the few shapes is parsed and planned once per connection
  const [r] = await database.raw<{ updated: number }>(text, params, { prepare: true });
  return r.updated === 1;
}

export async function followedIds(db: Db, userId: string): Promise<string[]> {
  return (await db.select({ id: caseFollowers.caseId }).from(caseFollowers).where(eq(caseFollowers.userId, userId))).map((r) => r.id);
}

export async function isFollower(db: Db, caseId: string, userId: string): Promise<boolean> {
  const [r] = await db.select({ c: caseFollowers.caseId }).from(caseFollowers).where(and(eq(caseFollowers.caseId, caseId), eq(caseFollowers.userId, userId)));
  return !!r;
}

export async function appendTimeline(db: Db, row: typeof caseTimeline.$inferInsert) {
  await db.insert(caseTimeline).values(row);
}

export async function timelineOf(db: Db, caseId: string) {
  return db.select().from(caseTimeline).where(eq(caseTimeline.caseId, caseId)).orderBy(asc(caseTimeline.id));
}

export interface CaseFilter {
  scopes: string[];
  /** Cases a non-staff user reported. */
  reporterId?: string;
  states?: string[];
  levels?: string[];
  categoryCode?: string;
  source?: string;
  overdue?: boolean;
  /** Only cases assigned to this person or one of these organisations. */
  assignedTo?: { userId: string; orgIds: string[] };
  limit: number;
  offset: number;
}

/**
 * 超期 as the queue's filter and the workbench's count say it: past a deadline now, or late at a lower
 * level and escalated (its deadline was cleared, its lateness not).
 */
export function overdueNow(): SQL {
  const pastDeadline = and(or(lt(cases.deadline, sql`now()`), lt(cases.signDeadline, sql`now()`)), inArray(cases.state, ['DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED']));
  return or(pastDeadline, and(sql`${cases.lateAt} IS NOT NULL`, inArray(cases.state, ['REGISTERED', 'DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED'])))!;
}

export async function listCases(db: Db, f: CaseFilter) {
  const conds: (SQL | undefined)[] = [];
  const scope = f.scopes.length ? or(...f.scopes.map((s) => like(cases.regionCode, `${s}%`))) : undefined;
  // a person's own reports and the ones they follow ("me too")
  const mine = f.reporterId ? or(eq(cases.reporterId, f.reporterId), sql`${cases.id} IN (SELECT case_id FROM case_followers WHERE user_id = ${f.reporterId})`) : undefined;
  conds.push(mine ? (scope ? or(scope, mine) : mine) : scope ?? sql`false`);
  if (f.states?.length) conds.push(inArray(cases.state, f.states));
  if (f.levels?.length) conds.push(inArray(cases.level, f.levels));
  if (f.categoryCode) conds.push(eq(cases.categoryCode, f.categoryCode));
  if (f.source) conds.push(eq(cases.source, f.source));
  if (f.assignedTo) {
    const { userId, orgIds } = f.assignedTo;
    // the lead, or a co-handler (joint handling) through the GIN index on co_handlers
    const co = [{ userId }, ...orgIds.map((orgId) => ({ orgId }))].map((k) => sql`(${cases.coHandlers} @> ${JSON.stringify([k])}::jsonb AND ${cases.coHandlers} <> '[]'::jsonb)`);
    conds.push(or(eq(cases.assigneeId, userId), ...(orgIds.length ? [inArray(cases.assignedOrgId, orgIds)] : []), ...co));
  }
  if (f.overdue) conds.push(overdueNow());
  return db.select().from(cases).where(and(...conds)).orderBy(desc(cases.reportedAt), desc(cases.id)).limit(f.limit).offset(f.offset);
}

/** Filters of the public listing (Open311 GET requests). */
export interface PublicFilter {
  categoryCodes: string[];
  /** Channels whose reports may be published (sources.ts PUBLIC_SOURCES). */
  sources: readonly string[];
  nos?: string[];
  states?: readonly string[];
  from?: Date;
  to?: Date;
  updatedAfter?: Date;
  near?: { lon: number; lat: number; radiusM: number };
  limit: number;
  offset: number;
}

export async function listPublic(db: Db, f: PublicFilter): Promise<CaseRow[]> {
  const conds: (SQL | undefined)[] = [inArray(cases.categoryCode, f.categoryCodes), inArray(cases.source, [...f.sources])];
  if (f.nos) conds.push(inArray(cases.no, f.nos));
  if (f.states) conds.push(inArray(cases.state, [...f.states]));
  if (f.from) conds.push(sql`${cases.reportedAt} >= ${f.from}`);
  if (f.to) conds.push(sql`${cases.reportedAt} < ${f.to}`);
  if (f.updatedAfter) conds.push(sql`${cases.updatedAt} > ${f.updatedAfter}`);
  if (f.near) {
    const { lon, lat, radiusM } = f.near;
    const dLat = radiusM / 111_320;
    const dLon = radiusM / (111_320 * Math.cos((lat * Math.PI) / 180));
    // a box the lon/lat indexes can use, then the great-circle distance
    conds.push(sql`${cases.lat} BETWEEN ${lat - dLat} AND ${lat + dLat} AND ${cases.lon} BETWEEN ${lon - dLon} AND ${lon + dLon}`);
    conds.push(sql`6371008.8 * 2 * asin(sqrt(power(sin(radians(${cases.lat} - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(${cases.lat})) * power(sin(radians(${cases.lon} - ${lon}) / 2), 2))) <= ${radiusM}`);
  }
  return db.select().from(cases).where(and(...conds)).orderBy(desc(cases.reportedAt), desc(cases.id)).limit(f.limit).offset(f.offset);
}

/** A row another module stores with a new report, in the same statement (Open311's token). */
export interface Companion {
  table: string;
  /** Column that receives the new case's id. */
  caseIdColumn: string;
  values: Record<string, unknown>;
}

export interface NewReport {
  title: string; description: string; categoryCode: string | null; severity: string; source: string; regionCode: string;
  villageCode: string; lon: number; lat: number; reporterId: string | null; media: string[]; clientKey: string | null;
}

const REPORTED_PAYLOAD = casePayloadSql('c', { from: 'NULL', to: 'c.state', action: "'report'", actorId: 'c.reporter_id' });

const CASE_COLUMNS = () => Object.values(COLUMN_OF).map((c) => `"${c}"`).join(', ');

/**
 * New reports in one statement (atomic, one round trip, one commit): the cases (numbered from the
 * sequence), their two timeline rows each (report, submit), their `case.reported` events and, for a
 * single report, an optional companion row. Rows come back in the order given.
 */
export async function insertReports(database: Database, reports: NewReport[], companion?: Companion, at?: Date): Promise<CaseRow[]> {
  if (companion && reports.length !== 1) throw new Error('a companion row goes with a single report');
  const input = reports.map((r, ord) => ({
    ord, title: r.title, description: r.description, category_code: r.categoryCode, severity: r.severity, source: r.source, region_code: r.regionCode,
    village_code: r.villageCode, lon: r.lon, lat: r.lat, reporter_id: r.reporterId, media: r.media, client_key: r.clientKey,
  }));
  const params: unknown[] = [JSON.stringify(input)];
  let extra = '';
  if (companion) {
    if (!/^[a-z_0-9]+$/.test(companion.table) || ![companion.caseIdColumn, ...Object.keys(companion.values)].every((k) => /^[a-z_0-9]+$/.test(k))) throw new Error('bad companion');
    const cols = Object.keys(companion.values);
    const placeholders = cols.map((k) => {
      params.push(companion.values[k]);
      return `$${params.length}`;
    });
    extra = `, x AS (INSERT INTO ${companion.table} (${companion.caseIdColumn}, ${cols.join(', ')}) SELECT c.id, ${placeholders.join(', ')} FROM c RETURNING 1)`;
  }
  // history written after the fact (see TransitionWrite.at): the given time, its events already delivered
  let now = 'now()';
  if (at) {
    params.push(at.toISOString());
    now = `$${params.length}::timestamptz`;
  }
  const text = `
    WITH i AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(ord int, title text, description text, category_code text, severity text, source text,
             region_code text, village_code text, lon float8, lat float8, reporter_id uuid, media jsonb, client_key text)),
    c AS (
      INSERT INTO cases (no, title, description, category_code, severity, state, source, region_code, village_code, lon, lat, reporter_id, media, client_key, reported_at, updated_at)
      -- the serial: six digits, more once the sequence passes 999,999 (never cut)
      SELECT to_char(${now} AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END,
             title, description, category_code, severity, 'PENDING_ACCEPT', source, region_code, village_code, lon, lat, reporter_id, media, client_key, ${now}, ${now}
        FROM (SELECT i.*, nextval('case_no_seq') AS n FROM i ORDER BY ord) q
      RETURNING ${CASE_COLUMNS()}),
    t AS (
      -- each case's 'report' row gets a smaller id than its 'submit' row
      INSERT INTO case_timeline (case_id, actor_id, action, from_state, to_state, level, media, data, at)
      SELECT case_id, actor_id, action, from_state, to_state, 'village', media, data, ${now} FROM (
        SELECT 1 AS k, id AS case_id, reporter_id AS actor_id, 'report' AS action, NULL AS from_state, 'REPORTED' AS to_state, media, jsonb_build_object('source', source) AS data FROM c
        UNION ALL
        SELECT 2, id, NULL, 'submit', 'REPORTED', 'PENDING_ACCEPT', '[]'::jsonb, '{}'::jsonb FROM c) r
      ORDER BY k
      RETURNING 1),
    e AS (
      ${outboxInsertSql({ type: eventTypeSql('case.reported'), regionCode: 'c.region_code', aggregateId: 'c.id::text', payload: REPORTED_PAYLOAD, createdAt: now, deliveredAt: at ? now : 'NULL::timestamptz' }, 'c')}
      RETURNING 1)${extra}
    SELECT * FROM c ORDER BY length(no), no`; // serials follow the input order
  const rows = await database.raw<Record<string, unknown>>(text, params, { prepare: !companion });
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v])) as unknown as CaseRow);
}
