/**
 * The rules of a visit log, pure: the distance to the place, the flags a reviewer sees, the gap between
 * two logs, the week a log counts in for the cap, and what a review pays.
 */
export interface VisitSettings {
  weeklyCap: number;
  geofenceM: number;
  minGapMinutes: number;
  pointsPerLog: number;
}

/**
 * Defaults: 3 points for a true and valuable log (柯城 邻礼通), at most 2 scoring logs per member per
 * household a week, a 100 m geofence, 4 hours between two logs of one task.
 */
export const DEFAULT_VISIT_SETTINGS: VisitSettings = { weeklyCap: 2, geofenceM: 100, minGapMinutes: 240, pointsPerLog: 3 };

/** A fix worse than this (metres) cannot place anyone at a door: flagged. */
export const LOW_ACCURACY_M = 150;

export type VisitFlag = 'outside_geofence' | 'no_household_point' | 'low_accuracy';

/** Great-circle distance in metres (WGS-84 mean radius; good to a metre at village scale). */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Where the log stands against the place: flagged, never refused — a member at the door with a poor
 * fix, or a household that moved, is for the reviewer to judge. Without a point for the place the
 * member's point is kept as given and the log says so.
 */
export function geofence(place: { lat: number; lon: number } | null, at: { lat: number; lon: number; accuracyM: number }, limitM: number): { distanceM: number | null; flags: VisitFlag[] } {
  const flags: VisitFlag[] = [];
  if (at.accuracyM > LOW_ACCURACY_M) flags.push('low_accuracy');
  if (!place) return { distanceM: null, flags: ['no_household_point', ...flags] };
  const d = Math.round(distanceM(place, at) * 10) / 10;
  if (d > limitM) flags.unshift('outside_geofence');
  return { distanceM: d, flags };
}

/** Monday 00:00 Asia/Shanghai of the week `t` falls in (UTC+8 all year: a fixed shift is exact). */
export function weekStart(t: Date): Date {
  const local = new Date(t.getTime() + 8 * 3_600_000);
  const day = (local.getUTCDay() + 6) % 7; // Monday 0
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - day * 86_400_000;
  return new Date(midnight - 8 * 3_600_000);
}

/** What a 真实有价值 review pays, given how many logs of the week already scored for the member and household. */
export function award(settings: VisitSettings, scoredThisWeek: number): { points: number; note: string | null } {
  if (scoredThisWeek >= settings.weeklyCap) {
    return { points: 0, note: `cap:${settings.weeklyCap}` };
  }
  return { points: settings.pointsPerLog, note: null };
}
