/**
 * A county's bulletin (issue 18 item 4's target: < 60 s) on real PostgreSQL: the cases benchmark's
 * synthetic district (1,000,000 cases over a year in 30 townships × 20 villages, 1 % overdue), its
 * 月督查 and 周通报 made through the service as the scheduler makes them — figures of both periods per
 * township, lists, Excel and PDF (headless Chromium when present), archived — beside the one KPI
 * aggregate of the district for the same month.
 */
import { sql } from 'drizzle-orm';
import { buildCore } from '../src/app.ts';
import { computeKpis } from '../src/cases/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { periodOf } from '../src/platform/periods.ts';
import { fillCases, withDatabase } from './cases-bench.ts';
import { fmt, type BenchRow } from './lib.ts';

/** The synthetic district's regions (fillCases writes cases only): names for its townships and villages. */
function districtFeatures(district: string) {
  // villages need a boundary: a small square each, townships in a row of columns, all within the district's square
  const box = (lon: number, lat: number, w: number, h: number) => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + w, lat], [lon + w, lat + h], [lon, lat + h], [lon, lat]]] });
  const f = (code: string, name: string, geometry: unknown = null) => ({ type: 'Feature' as const, properties: { code, name }, geometry });
  const features = [f('360000000000', '江西省(测试)'), f(`${district.slice(0, 4)}00000000`, '测试市'), f(district, '测试县', box(110, 30, 0.6, 0.4))];
  for (let t = 100; t < 130; t++) {
    const lon = 110 + (t - 100) * 0.02;
    features.push(f(`${district.slice(0, 6)}${t}000`, `测试镇${t}`, box(lon, 30, 0.02, 0.4)));
    for (let v = 200; v < 220; v++) features.push(f(`${district.slice(0, 6)}${t}${v}`, `测试村${t}-${v}`, box(lon, 30 + (v - 200) * 0.02, 0.02, 0.02)));
  }
  return features;
}

export async function benchBulletins(smoke: boolean): Promise<BenchRow[]> {
  return withDatabase(async (url) => {
    const n = smoke ? 100_000 : 1_000_000;
    // a quarter at a time: one 1,000,000-row INSERT can outlast the 60 s statement limit on a busy machine;
    // the copies are the same cases a few minutes earlier each (same mix, same villages, 1 % overdue)
    const base = smoke ? n : n / 4;
    const district = await fillCases(url, base);
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
    const core = await buildCore(config, { logger: createLogger('silent', { pretty: false }) });
    try {
      const cols = sql.raw('title, category_code, severity, state, level, source, region_code, village_code, lon, lat');
      const times = ['reported_at', 'signed_at', 'deadline', 'feedback_at', 'closed_at'];
      for (let k = 1; k < n / base; k++) {
        const shifted = sql.raw(times.map((c) => `${c} - make_interval(mins => ${k * 7})`).join(', '));
        await core.platform.db.execute(sql`
          INSERT INTO cases (no, ${cols}, ${sql.raw(times.join(', '))}, closed_on_time, rated_at, rating)
          SELECT 'C' || ${k} || substr(no, 2), ${cols}, ${shifted}, closed_on_time, rated_at - make_interval(mins => ${k * 7}), rating FROM cases WHERE no LIKE 'B%'`);
      }
      await core.platform.db.execute(sql`ANALYZE cases`);
      await core.services.regions.importGeoJson(null, { type: 'FeatureCollection', features: districtFeatures(district) });
      const month = periodOf('month', new Date(periodOf('month', new Date()).from.getTime() - 1));
      const t0 = performance.now();
      await computeKpis(core.platform.db, { scope: district.slice(0, 6), from: month.from, to: month.to, groupBy: 'none' });
      const baseMs = performance.now() - t0;
      const rows: BenchRow[] = [];
      for (const kind of ['monthly', 'weekly'] as const) {
        const t = performance.now();
        const made = await core.services.bulletins.generate(null, { kind, regionCode: district });
        const ms = performance.now() - t;
        if (!made.created) throw new Error('the bulletin was already there');
        rows.push({
          name: `county ${made.bulletin.kindZh} (${fmt(n)} cases, 30 townships × 20 villages; ranking, lists, Excel${made.bulletin.hasPdf ? ', PDF' : ', no Chromium: no PDF'}, archived)`,
          value: `${fmt(ms / 1000, 1)} s`,
          baseline: `${fmt(baseMs)} ms: the district's month KPIs in one query`,
          ratio: fmt(ms / baseMs, 1),
          target: '< 60 s',
          ok: ms < 60_000,
        });
      }
      return rows;
    } finally {
      await core.platform.database.close();
    }
  });
}
