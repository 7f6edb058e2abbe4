/**
 * The demo's reservoirs (DOMAIN.md §3, seed 001): eleven small reservoirs in nine townships of 柯城区.
 * 杨家源水库 lies above 麻蓬村 in 石梁镇, whose grid worker clears its slope in the seed; the others
 * are named after their villages. Characteristic levels are plausible, not surveyed.
 */
import type { Platform } from '../platform/context.ts';
import type { ModuleServices as Services } from '../platform/module.ts';

export const DEMO_RESERVOIRS = [
  { name: '杨家源水库', village: '麻蓬村', base: 112, cls: 'small1', seepage: true },
  { name: '双溪水库', village: '双溪村', base: 96, cls: 'small2', seepage: false },
  { name: '碗窑水库', village: '碗窑村', base: 88, cls: 'small1', seepage: true },
  { name: '妙源水库', village: '妙源村', base: 124, cls: 'small1', seepage: false },
  { name: '桃源水库', village: '桃源村', base: 131, cls: 'small1', seepage: true },
  { name: '黄土岭水库', village: '黄土岭村', base: 142, cls: 'small2', seepage: false },
  { name: '银坑水库', village: '银坑村', base: 156, cls: 'small1', seepage: false },
  { name: '独山水库', village: '独山村', base: 104, cls: 'small1', seepage: false },
  { name: '坞口水库', village: '坞口村', base: 118, cls: 'small1', seepage: false },
  { name: '石塘背水库', village: '石塘背村', base: 78, cls: 'small2', seepage: false },
  { name: '庙源水库', village: '庙源村', base: 101, cls: 'small1', seepage: false },
] as const;

/** Demo devices have tokens anyone can derive (`demo-r01-water_level`), so a simulator can connect. */
export const demoToken = (index: number, kind: string) => `demo-r${String(index + 1).padStart(2, '0')}-${kind}`;


export async function seedReservoirs(p: Platform, services: Services, codeByName: Map<string, string>): Promise<number> {
  let n = 0;
  for (const [i, r] of DEMO_RESERVOIRS.entries()) {
    const regionCode = codeByName.get(r.village)!;
    const [c] = await p.database.raw<{ center_lon: number; center_lat: number }>('SELECT center_lon, center_lat FROM regions WHERE code = $1', [regionCode]);
    await services.sensors.addAsset({
      kind: 'reservoir', name: r.name, regionCode, lon: c.center_lon, lat: c.center_lat, capacityClass: r.cls,
      normalLevel: r.base, floodLimits: [{ from: '04-15', to: '07-15', level: r.base - 0.5 }, { from: '07-16', to: '10-15', level: r.base - 0.2 }],
      designFloodLevel: r.base + 2.2, checkFloodLevel: r.base + 3.0, crestLevel: r.base + 4.0,
    });
    for (const kind of ['water_level', 'rainfall', ...(r.seepage ? ['seepage_pressure'] : [])]) {
      await services.sensors.addDevice(null, { assetName: r.name, kind, token: demoToken(i, kind) });
      n++;
    }
  }
  return n;
}
