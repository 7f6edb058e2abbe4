/**
 * 雨情 of an area for the big screen's title bar: how much rain its gauges measured in the last hour and
 * the last 24 hours (the mean over the gauges that reported, and the wettest gauge). Rain gauges report
 * the rain since their previous reading, so a window's rain is the sum of its readings: one range scan
 * of the readings' primary key per gauge and key.
 */
import type { Platform } from '../platform/context.ts';
import { readingKeys } from './reading-keys.ts';
import type { RainSummary } from './sensors.contract.ts';

const HOUR = 3_600_000;

export async function rainSummary(p: Platform, scopePatterns: string[], now = new Date()): Promise<RainSummary> {
  const rows = await p.database.raw<{ name: string; h1: number | null; h24: number | null; last: Date | null }>(`
    SELECT a.name,
           (SELECT sum(value) FROM sensor_readings WHERE device_id = d.id AND key = ANY($5::text[]) AND ts > $2 AND ts <= $4 AND value IS NOT NULL) AS h1,
           (SELECT sum(value) FROM sensor_readings WHERE device_id = d.id AND key = ANY($5::text[]) AND ts > $3 AND ts <= $4 AND value IS NOT NULL) AS h24,
           (SELECT max(ts) FROM sensor_readings WHERE device_id = d.id AND key = ANY($5::text[]) AND ts > $3 AND ts <= $4) AS last
      FROM devices d JOIN assets a ON a.id = d.asset_id
     WHERE d.kind = 'rainfall' AND a.region_code LIKE ANY($1::text[])
     ORDER BY a.name`,
  [scopePatterns, new Date(now.getTime() - HOUR).toISOString(), new Date(now.getTime() - 24 * HOUR).toISOString(), now.toISOString(), readingKeys('rainfall')]);
  const reporting = rows.filter((r) => r.last !== null);
  const window = (pick: (r: (typeof rows)[number]) => number | null) => {
    if (reporting.length === 0) return { mean: null, max: null, wettest: null };
    const values = reporting.map((r) => ({ name: r.name, mm: Number(pick(r) ?? 0) }));
    const top = values.reduce((a, b) => (b.mm > a.mm ? b : a));
    const round = (x: number) => Math.round(x * 10) / 10;
    return { mean: round(values.reduce((a, v) => a + v.mm, 0) / values.length), max: round(top.mm), wettest: top.mm > 0 ? top.name : null };
  };
  const newest = reporting.reduce<number | null>((a, r) => Math.max(a ?? 0, new Date(r.last!).getTime()), null);
  return {
    gauges: rows.length, reporting: reporting.length,
    lastHour: window((r) => r.h1), last24h: window((r) => r.h24),
    newestReading: newest === null ? null : new Date(newest).toISOString(),
  };
}
