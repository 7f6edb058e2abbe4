/**
 * The household registry (issue 20 item 1) on real PostgreSQL: a village's roster of 400 households
 * (1,200 people: ID numbers checked and sealed, accounts for those with phones, duplicates looked for)
 * imported through the service — target < 5 s — beside one plain INSERT of as many rows; and a
 * household's page as the grid worker opens it (need-to-know, people, history, audited) — target
 * < 100 ms — beside a one-row lookup of the household by id.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildCore } from '../src/app.ts';
import { checkDigit } from '../src/households/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { areaFeatures } from '../test/helpers/factories.ts';
import { withDatabase } from './cases-bench.ts';
import { fmt, median, type BenchRow } from './lib.ts';

const SURNAMES = '毛余郑徐汪姜周方孔王';
const GIVEN = ['国平', '丽华', '晓燕', '水根', '建明', '美玲', '志强', '雪芳', '卫东', '一鸣', '桂英', '建新'];

/** 400 households of 3: a head (with a phone), a spouse (with one), a child (none); valid ID numbers; one grid each of the village's two. */
function roster(households: number, grids: string[]): string {
  const lines = ['户号,姓名,与户主关系,身份证号,手机,网格,地址,标签'];
  let serial = 0;
  const id = (year: number, male: boolean) => {
    const s = serial++;
    const first = `330802${year}${String(1 + (s % 12)).padStart(2, '0')}${String(1 + (s % 28)).padStart(2, '0')}${String(Math.floor(s / 2) % 100).padStart(2, '0')}${male ? 1 + (s % 5) * 2 : (s % 5) * 2}`;
    return first + checkDigit(first);
  };
  for (let h = 0; h < households; h++) {
    const family = SURNAMES[h % SURNAMES.length];
    const grid = grids[h % grids.length].slice(-3);
    const tags = h % 7 === 0 ? '低保' : h % 5 === 0 ? '独居老人' : h % 3 === 0 ? '党员户' : '';
    const address = `测试村 ${Math.floor(h / 20) + 1}组 ${h + 1}号`;
    const no = `H${String(h + 1).padStart(4, '0')}`;
    lines.push([no, `${family}${GIVEN[h % 12]}${h}`, '户主', id(1950 + (h % 30), true), `139${String(10_000_000 + h * 2).slice(-8)}`, grid, address, tags].join(','));
    lines.push([no, `${'周徐方'[h % 3]}${GIVEN[(h + 5) % 12]}${h}`, '配偶', id(1952 + (h % 30), false), `139${String(10_000_001 + h * 2).slice(-8)}`, grid, address, ''].join(','));
    lines.push([no, `${family}${GIVEN[(h + 9) % 12]}${h}`, '子', id(1980 + (h % 25), h % 2 === 0), '', grid, address, ''].join(','));
  }
  return lines.join('\n');
}

export async function benchHouseholds(smoke: boolean): Promise<BenchRow[]> {
  return withDatabase(async (url) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-households-'));
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', DATA_DIR: dataDir });
    const core = await buildCore(config, { logger: createLogger('silent', { pretty: false }) });
    try {
      const { features, area } = areaFeatures(1);
      await core.services.regions.importGeoJson(null, { type: 'FeatureCollection', features });
      const village = area.villages[0];
      const grids = area.grids.slice(0, 2);
      const households = 400;
      const data = roster(households, grids);

      // baseline: one plain INSERT of as many rows (no checks, no sealing, no accounts)
      await core.platform.db.execute(sql`CREATE TEMP TABLE bench_plain (household text, name text, relation text, id_number text, phone text)`);
      const t0 = performance.now();
      await core.platform.db.execute(sql`INSERT INTO bench_plain SELECT 'H' || g, '姓名' || g, 'head', '330802' || g, '139' || g FROM generate_series(1, ${households * 3}) g`);
      const insertMs = performance.now() - t0;
      const t1 = performance.now();
      const result = await core.services.householdRegistry.importRoster(null, { regionCode: village, format: 'csv', data });
      const importMs = performance.now() - t1;
      if (result.households !== households || result.people !== households * 3) throw new Error(`imported ${result.households} households, ${result.people} people`);

      // the grid worker of the first grid opens one of its households
      const worker = await core.services.users.createUser(null, { kind: 'staff', username: 'bench.grid', displayName: '网格员', password: 'bench-password-1', memberships: [{ role: 'grid_worker', regionCode: grids[0] }] });
      const actor = await core.services.users.actorOf(worker.id);
      const found = (await core.platform.db.execute(sql`SELECT id FROM households WHERE grid_code = ${grids[0]} ORDER BY address LIMIT 1`)) as unknown as { rows: { id: string }[] };
      const id = found.rows[0].id;
      const runs = smoke ? 20 : 100;
      const lookup: number[] = [], page: number[] = [];
      for (let i = 0; i < runs; i++) {
        let t = performance.now();
        await core.platform.db.execute(sql`SELECT * FROM households WHERE id = ${id}`);
        lookup.push(performance.now() - t);
        t = performance.now();
        const rec = await core.services.householdRegistry.record(actor, id);
        page.push(performance.now() - t);
        if (rec.people.length !== 3) throw new Error('the page lost its people');
      }
      const [pageMs, lookupMs] = [median(page), median(lookup)];
      return [
        {
          name: `household roster import: ${households} households, ${fmt(households * 3)} people (ID numbers checked and sealed, ${result.accounts} accounts, duplicate rules), all or nothing`,
          value: `${fmt(importMs / 1000, 2)} s`, baseline: `${fmt(insertMs, 1)} ms: one plain INSERT of ${fmt(households * 3)} rows`, ratio: fmt(importMs / insertMs, 0), target: '< 5 s', ok: importMs < 5000,
        },
        {
          name: `household page as the grid worker opens it (need-to-know, 3 people, history, audited; median of ${runs})`,
          value: `${fmt(pageMs, 1)} ms`, baseline: `${fmt(lookupMs, 2)} ms: the household's row by id`, ratio: fmt(pageMs / lookupMs, 1), target: '< 100 ms', ok: pageMs < 100,
        },
      ];
    } finally {
      await core.platform.database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
