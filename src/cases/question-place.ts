/**
 * A question (category 1501, "where can I buy the 点钻画?") needs no location: the asker names the
 * village they are in or chose, or a township, and the question goes there. The case engine places
 * every case by a point, so the question is given the centre of that village (for a township: of its
 * first village whose centre lies inside it, the seat's communities come first by code), which the
 * grid index places in the region asked.
 */
import { badRequest } from '../platform/errors.ts';
import type { RegionsService } from '../regions/index.ts';

export const QUESTION_CATEGORY = '1501';

export interface Located { lon?: number; lat?: number; regionCode?: string; categoryCode?: string }

/** The point to report at: the given one, or for a question without one, a point in its region. */
export async function questionPoint(regions: RegionsService, body: Located): Promise<{ lon: number; lat: number; crs?: 'wgs84' }> {
  if (body.lon !== undefined && body.lat !== undefined) return { lon: body.lon, lat: body.lat };
  if (body.categoryCode !== QUESTION_CATEGORY || !body.regionCode) {
    throw badRequest('LOCATION_REQUIRED', 'lon and lat are required (a question, category 1501, may give regionCode instead)', { field: 'lon' });
  }
  const code = body.regionCode;
  const prefix = /^\d{9}000$/.test(code) ? code.slice(0, 9) : code;
  const villages = (await regions.places()).filter((v) => v.code.startsWith(prefix) && v.lon !== null && v.lat !== null);
  for (const v of villages) {
    const placed = await regions.locate(v.lon!, v.lat!).catch(() => null);
    if (placed?.villageCode?.startsWith(prefix)) return { lon: placed.lon, lat: placed.lat, crs: 'wgs84' };
  }
  throw badRequest('QUESTION_REGION_UNKNOWN', `No village or township ${code} to send the question to`, { field: 'regionCode' });
}
