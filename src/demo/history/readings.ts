/**
 * A year of reservoir readings, stored through the telemetry ingest's history path (no rules run on
 * the past). Hourly for the year — a year of minute readings for 25 devices is 13 M rows, far too
 * many for a first start — and every minute for the last day, so the charts of today are fine-grained.
 * The weather is one series per district (plum rains in June, typhoon storms in late summer), each
 * reservoir responding with its own lag and size: levels rise towards the flood limit in the flood
 * season and are drawn down after it.
 */
import type { Platform } from '../../platform/context.ts';
import type { ModuleServices as Services } from '../../platform/module.ts';
import { mainKey } from '../../sensors/index.ts';
import { DEMO_RESERVOIRS, demoToken } from '../reservoirs.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Rain (mm in the hour) for the district, hour by hour from `start`: deterministic from rand. */
export function districtRain(start: number, hours: number, rand: () => number): Float64Array {
  const rain = new Float64Array(hours);
  let storm = 0; // hours left of the current rain spell
  let intensity = 0;
  for (let h = 0; h < hours; h++) {
    const month = new Date(start + h * HOUR + 8 * HOUR).getUTCMonth() + 1;
    // chance a spell starts this hour: plum rains (梅雨, June) and typhoons (Aug–Sep) most
    const p = month === 6 ? 0.03 : month >= 4 && month <= 9 ? 0.015 : 0.006;
    if (storm <= 0 && rand() < p) {
      storm = 4 + Math.floor(rand() * (month === 6 ? 60 : 24));
      intensity = (month >= 7 && month <= 9 && rand() < 0.2 ? 12 : 2.5) * (0.5 + rand());
    }
    if (storm > 0) {
      rain[h] = Math.max(0, intensity * (0.3 + rand() * 1.4));
      storm--;
    }
  }
  return rain;
}

export interface ReadingsResult {
  readings: number;
  devices: number;
}

/**
 * Levels follow the rain: each reservoir stores some of it, spills above the flood limit and is
 * drawn down slowly (irrigation). Minute readings for the last day interpolate the hourly ones.
 */
export async function seedReadingHistory(p: Platform, services: Services, rand: () => number, now: number, days: number): Promise<ReadingsResult> {
  const end = Math.floor(now / HOUR) * HOUR;
  const hourlyEnd = end - DAY; // the last day is in minutes
  const start = end - days * DAY;
  const hours = (hourlyEnd - start) / HOUR;
  const rain = districtRain(start, (end - start) / HOUR + 1, rand);
  const devices = await p.database.raw<{ id: string; kind: string; asset: string }>(
    'SELECT d.id, d.kind, a.name AS asset FROM devices d JOIN assets a ON a.id = d.asset_id', []);
  const byToken = new Map<string, string>();
  for (const d of devices) {
    const i = DEMO_RESERVOIRS.findIndex((r) => r.name === d.asset);
    if (i >= 0) byToken.set(demoToken(i, d.kind), d.id);
  }
  let total = 0;
  for (const [i, r] of DEMO_RESERVOIRS.entries()) {
    const gain = 0.004 + rand() * 0.004; // metres per mm of rain
    const local = 0.7 + rand() * 0.6; // this catchment's share of the district's rain
    let level = r.base - 1.2 + rand() * 0.4;
    const levelAt: number[] = [];
    const rainAt: number[] = [];
    for (let h = 0; h <= (end - start) / HOUR; h++) {
      const mm = Math.round(rain[h] * local * 10) / 10;
      const month = new Date(start + h * HOUR + 8 * HOUR).getUTCMonth() + 1;
      const limit = month >= 4 && month <= 10 ? r.base - 0.4 : r.base + 0.3; // held below the flood limit in season
      level += mm * gain - (level > limit ? (level - limit) * 0.08 : 0.0006) + (rand() - 0.5) * 0.002;
      level = Math.max(r.base - 3, level);
      levelAt.push(Math.round(level * 1000) / 1000);
      rainAt.push(mm);
    }
    const series: Record<string, (h: number) => number> = {
      water_level: (h) => levelAt[h],
      rainfall: (h) => rainAt[h],
      seepage_pressure: (h) => Math.round((18 + (levelAt[h] - r.base) * 6 + (rand() - 0.5) * 0.4) * 100) / 100,
    };
    for (const kind of ['water_level', 'rainfall', ...(r.seepage ? ['seepage_pressure'] : [])]) {
      const deviceId = byToken.get(demoToken(i, kind));
      if (!deviceId) continue;
      const f = series[kind];
      const readings: { key: string; ts: number; value: number }[] = [];
      for (let h = 0; h < hours; h++) readings.push({ key: mainKey(kind), ts: start + h * HOUR, value: f(h) });
      // the last day: every minute (rain spread over the hour's minutes, levels interpolated)
      for (let m = 0; m < DAY / MIN; m++) {
        const ts = hourlyEnd + m * MIN;
        const h = hours + Math.floor(m / 60);
        const frac = (m % 60) / 60;
        const value = kind === 'rainfall' ? Math.round((f(h) / 60) * 100) / 100 : Math.round((f(h) + (f(h + 1) - f(h)) * frac) * 1000) / 1000;
        readings.push({ key: mainKey(kind), ts, value });
      }
      for (let k = 0; k < readings.length; k += 5000) total += await services.ingest.storeHistory(deviceId, readings.slice(k, k + 5000));
    }
  }
  return { readings: total, devices: byToken.size };
}
