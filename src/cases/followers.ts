/**
 * Citizens and duplicates (DOMAIN.md §6): while reporting, open cases of the same category nearby are
 * offered (radius per category); "me too" (我也遇到) joins one — the case counts one more report, the
 * person follows it (sees it among their reports, gets its outcome) instead of filing a duplicate.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { badRequest, conflict, notFound } from '../platform/errors.ts';
import { maskPersonalText } from '../platform/privacy.ts';
import { emitEvent, type DomainEvent } from '../platform/events.ts';
import { isInChina, toWgs84, type Crs } from '../regions/index.ts';
import { OPEN_STATES } from './case-machine.ts';
import { findCase, type CategoryRow } from './cases.repository.ts';
import { casePayload, type CasePayload, type ResidentCaseUpdate } from './case.events.ts';
import { caseFollowers } from './cases.schema.ts';

const OPEN_LIST = OPEN_STATES.filter((s) => s !== 'REPORTED').map((s) => `'${s}'`).join(',');

/** Open cases of a category within `radius` metres of a point: a box on the partial index, then the distance. */
const NEARBY_SQL = `
  SELECT id, no, title, state, reported_at, report_count, d AS distance_m FROM (
    SELECT id, no, title, state, reported_at, report_count,
           6371008.8 * 2 * asin(sqrt(power(sin(radians(lat - $2) / 2), 2) + cos(radians($2)) * cos(radians(lat)) * power(sin(radians(lon - $3) / 2), 2))) AS d
      FROM cases
     WHERE category_code = $1 AND state IN (${OPEN_LIST})
       AND lat BETWEEN $2 - $5 AND $2 + $5 AND lon BETWEEN $3 - $6 AND $3 + $6) near
   WHERE d <= $4 ORDER BY d LIMIT 10`;

export interface NearbyCase {
  id: string;
  no: string;
  title: string;
  state: string;
  reportedAt: string;
  reportCount: number;
  distanceM: number;
}

export async function nearbyOpenCases(p: Platform, category: CategoryRow, lon: number, lat: number, crs: Crs = 'wgs84'): Promise<NearbyCase[]> {
  if (!isInChina(lon, lat)) throw badRequest('COORDINATES_OUT_OF_RANGE', `(${lon}, ${lat}) is not a location in China`, { field: 'lon' });
  const [wLon, wLat] = toWgs84(lon, lat, crs);
  const r = category.duplicateRadiusM;
  if (r <= 0) return [];
  const dLat = r / 111_320;
  const dLon = r / (111_320 * Math.cos((wLat * Math.PI) / 180));
  const rows = await p.database.raw<{ id: string; no: string; title: string; state: string; reported_at: Date; report_count: number; distance_m: number }>(
    NEARBY_SQL, [category.code, wLat, wLon, r, dLat, dLon], { prepare: true });
  return rows.map((x) => ({
    id: x.id, no: x.no, title: maskPersonalText(x.title), state: x.state, reportedAt: new Date(x.reported_at).toISOString(), reportCount: x.report_count, distanceM: Math.round(Number(x.distance_m)),
  }));
}

/** Great-circle distance in metres (WGS-84 degrees). */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 6371008.8 * 2 * Math.asin(Math.sqrt(a));
}

export interface MeTooPosition {
  lon: number;
  lat: number;
  crs?: Crs;
  /** The category of the report in progress: "me too" joins a case of the same category only. */
  category: CategoryRow;
}

/**
 * Join an open case ("me too"): idempotent per person; returns the case's report count. Only from
 * within the category's duplicate radius of the case (the same radius `nearby` offers it in) and for
 * the same category: a case id alone opens nothing. A case that is not near, or of another category,
 * answers as if it were not there (its existence, state and category are not told).
 */
export async function meToo(p: Platform, actor: Actor, caseId: string, at: MeTooPosition): Promise<{ reportCount: number; following: true }> {
  if (!isInChina(at.lon, at.lat)) throw badRequest('COORDINATES_OUT_OF_RANGE', `(${at.lon}, ${at.lat}) is not a location in China`, { field: 'lon' });
  const [wLon, wLat] = toWgs84(at.lon, at.lat, at.crs ?? 'wgs84');
  return p.tx(async (tx: Db) => {
    const c = await findCase(tx, caseId, true);
    if (!c) throw notFound('CASE_NOT_FOUND', 'No such case');
    const near = c.categoryCode === at.category.code && distanceM(wLon, wLat, c.lon, c.lat) <= at.category.duplicateRadiusM;
    if (!near && c.reporterId !== actor.id) {
      throw notFound('CASE_NOT_NEARBY', `No open case of category ${at.category.code} within ${at.category.duplicateRadiusM} m of this position`, { field: 'lon' });
    }
    if (!OPEN_STATES.includes(c.state as never) || c.mergedInto) throw conflict('CASE_NOT_OPEN', 'This case is no longer open; report the problem anew if it is back', { state: c.state });
    if (c.reporterId === actor.id) return { reportCount: c.reportCount, following: true as const };
    const added = await tx.insert(caseFollowers).values({ caseId, userId: actor.id }).onConflictDoNothing().returning();
    if (added.length === 0) return { reportCount: c.reportCount, following: true as const };
    const count = c.reportCount + 1;
    await tx.execute(sql`UPDATE cases SET report_count = ${count}, version = version + 1, updated_at = now() WHERE id = ${caseId}`);
    await tx.execute(sql`INSERT INTO case_timeline (case_id, actor_id, action, from_state, to_state, level, data)
                         VALUES (${caseId}, ${actor.id}, 'me_too', ${c.state}, ${c.state}, ${c.level}, ${JSON.stringify({ reportCount: count })}::jsonb)`);
    // the common case payload (the reporter's live page sees the count move) plus who joined
    const payload = { ...casePayload(c, { from: c.state, to: c.state, action: 'me_too', actorId: actor.id }), userId: actor.id, reportCount: count };
    await emitEvent(tx, 'case.me_too', payload, { regionCode: c.regionCode, aggregateId: caseId });
    return { reportCount: count, following: true as const };
  });
}

/**
 * What a resident's live stream sends of an event: for the cases they reported or follow (a "me too"
 * adds to the set), the case number and state only — no staff ids, no notes.
 */
export function personalFilter(userId: string, followed: string[]) {
  const ids = new Set(followed);
  return (e: Pick<DomainEvent, 'type' | 'aggregateId' | 'payload'>): ResidentCaseUpdate | null => {
    // any event reaches this filter (the hub knows nothing of types); case events carry CasePayload
    const p = e.payload as Partial<CasePayload> & { userId?: string };
    if (e.type === 'case.me_too' && p.userId === userId && e.aggregateId) ids.add(e.aggregateId);
    const mine = (e.type.startsWith('case.') && p.reporterId === userId) || (e.aggregateId !== null && ids.has(e.aggregateId));
    return mine ? { caseId: p.caseId ?? e.aggregateId, no: p.no, state: p.state, action: p.action } : null;
  };
}
