/**
 * Places benchmark (issue 20 item 2): a tourist's search — text (trigram: ILIKE on name and description,
 * similar names), with and without a kind and the map's bounds — over 10,000 published places of a
 * district, p95 of single calls through the public service (what /api/places/public runs). Beside it,
 * in the same run on the same database, the floor: a plain lookup of one place by its primary key.
 * Target: p95 < 200 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildCore } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { seededRandom } from '../src/demo/demo-data.ts';
import { uuidv7 } from '../src/points/index.ts';
import { PLACE_KINDS } from '../src/places/index.ts';
import { areaFeatures } from '../test/helpers/factories.ts';
import { withDatabase } from './cases-bench.ts';
import { fmt, type BenchRow } from './lib.ts';

const WORDS = ['竹林', '稻香', '溪畔', '山居', '画里', '云上', '茶园', '桃花', '古樟', '石桥', '农家', '美术', '书房', '米粿', '点钻画', '民宿', '小院', '面馆', '咖啡', '工坊', '梯田', '荷塘', '老街', '祠堂'];
const TAILS = ['人家', '小院', '山庄', '客栈', '食堂', '商店', '馆', '园', '坊', '驿站'];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

async function once(env: Record<string, string>, label: string, n: number, queries: number): Promise<BenchRow> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-places-'));
  const core = await buildCore(loadConfig({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { logger: createLogger('silent', { pretty: false }) });
  try {
    const s = core.services;
    const { features, area } = areaFeatures(11);
    await s.regions.importGeoJson(null, { type: 'FeatureCollection', features });
    const rand = seededRandom(20_261_207);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    // the places written in batches of 500 (the service's per-listing checks are not what is measured)
    const ids: string[] = [];
    for (let i = 0; i < n; i += 500) {
      const rows = Array.from({ length: Math.min(500, n - i) }, (_, j) => {
        const v = (i + j) % 4;
        const [lon0, lat0] = [area.origin[0] + Math.floor(v / 2) * 0.1, area.origin[1] + (v % 2) * 0.1];
        const kind = pick(PLACE_KINDS);
        const id = uuidv7();
        ids.push(id);
        const name = `${pick(WORDS)}${pick(WORDS)}${pick(TAILS)}${i + j}`;
        const attrs = kind === 'homestay' ? { grade: pick(['platinum', 'gold', 'silver']), rooms: 1 + Math.floor(rand() * 12), priceFrom: 200, priceTo: 600 } : {};
        return sql`(${id}::uuid, ${area.villages[v]}, ${kind}, ${name}, ${`${pick(WORDS)}、${pick(WORDS)}和${pick(WORDS)}，${pick(WORDS)}旁边`}, ${lon0 + rand() * 0.1}, ${lat0 + rand() * 0.1}, ${JSON.stringify(attrs)}::jsonb, ${rand() < 0.9 ? 'published' : 'draft'})`;
      });
      await core.platform.db.execute(sql`INSERT INTO places (id, region_code, kind, name, description, lon, lat, attrs, status) VALUES ${sql.join(rows, sql`, `)}`);
    }
    await core.platform.db.execute(sql`ANALYZE places`);
    const district = area.district.slice(0, 6);
    const searches = Array.from({ length: queries }, (_, i) => {
      const [lon, lat] = [area.origin[0] + rand() * 0.15, area.origin[1] + rand() * 0.15];
      const shape = i % 4;
      return {
        region: shape === 3 ? area.villages[i % 4] : district, q: pick(WORDS),
        ...(shape === 1 ? { kinds: [pick(PLACE_KINDS)] } : {}), ...(shape === 2 ? { bbox: [lon, lat, lon + 0.05, lat + 0.05] as [number, number, number, number] } : {}), limit: 50,
      };
    });
    // warm both paths once
    await s.publicPlaces.search(searches[0]);
    await s.publicPlaces.page(ids[0]).catch(() => undefined);
    const searchMs: number[] = [];
    let found = 0;
    for (const q of searches) {
      const t = performance.now();
      found += (await s.publicPlaces.search(q)).items.length;
      searchMs.push(performance.now() - t);
    }
    const lookupMs: number[] = [];
    for (let i = 0; i < queries; i++) {
      const id = ids[Math.floor(rand() * ids.length)];
      const t = performance.now();
      await core.platform.db.execute(sql`SELECT id, name, kind, lon, lat, attrs FROM places WHERE id = ${id}::uuid`);
      lookupMs.push(performance.now() - t);
    }
    if (found === 0) throw new Error('places bench: the searches found nothing');
    const [search, lookup] = [p95(searchMs), p95(lookupMs)];
    return {
      name: `places: search over ${fmt(n)} places (text ± kind ± bounds, district or village), p95 of ${queries} (${label})`,
      value: `${fmt(search, 1)} ms p95 (median ${fmt([...searchMs].sort((a, b) => a - b)[searchMs.length >> 1], 1)} ms)`,
      baseline: `${fmt(lookup, 2)} ms p95: one place by its primary key`,
      ratio: fmt(search / lookup, 1),
      target: '< 200 ms p95',
      ok: search < 200,
    };
  } finally {
    await core.platform.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchPlaces(smoke: boolean): Promise<BenchRow[]> {
  const [n, q] = smoke ? [2_000, 40] : [10_000, 400];
  return [await once({}, 'PGlite', n, q), await withDatabase((url) => once({ DATABASE_URL: url }, 'PostgreSQL', n, q))];
}
