/**
 * The household registry (issue 20 item 1) on real PostgreSQL: a village's roster of 400 households
 * (1,200 people: ID numbers checked and sealed, accounts for those with phones, duplicates looked for)
 * imported through the service — target < 5 s — beside one plain INSERT of as many rows; and a
 * household's page as the grid worker opens it (need-to-know, people, history, audited) — target
 * < 100 ms — beside a one-row lookup of the household by id; and the whole page's reads as the console
 * makes them at once: the record, the household's points (summed, latest lines) and the cases its
 * people reported, with the village's other households earning and reporting too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildCore } from '../src/app.ts';
import { checkDigit } from '../src/households/index.ts';
import { uuidv7, type TransferInput } from '../src/points/index.ts';
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
      await seedActivity(core, village, area.gridPoints[0], id, smoke);
      const runs = smoke ? 20 : 100;
      const lookup: number[] = [], page: number[] = [], whole: number[] = [];
      for (let i = 0; i < runs; i++) {
        let t = performance.now();
        await core.platform.db.execute(sql`SELECT * FROM households WHERE id = ${id}`);
        lookup.push(performance.now() - t);
        t = performance.now();
        const rec = await core.services.householdRegistry.record(actor, id);
        page.push(performance.now() - t);
        if (rec.people.length !== 3) throw new Error('the page lost its people');
        // the whole page: the three reads the console sends together (the cases route's own work inline)
        t = performance.now();
        const [, points, reported] = await Promise.all([
          core.services.householdRegistry.record(actor, id),
          core.services.myPoints.ofHousehold(actor, id),
          core.services.householdRegistry.seenMembers(actor, id).then((h) => core.services.cases.reportedBy(h.memberIds, h.regionCode, 20)),
        ]);
        whole.push(performance.now() - t);
        if (points.recent.length === 0 || reported.length !== 3) throw new Error(`the page lost its points or cases (${points.recent.length}, ${reported.length})`);
      }
      const [pageMs, lookupMs, wholeMs] = [median(page), median(lookup), median(whole)];
      return [
        {
          name: `household roster import: ${households} households, ${fmt(households * 3)} people (ID numbers checked and sealed, ${result.accounts} accounts, duplicate rules), all or nothing`,
          value: `${fmt(importMs / 1000, 2)} s`, baseline: `${fmt(insertMs, 1)} ms: one plain INSERT of ${fmt(households * 3)} rows`, ratio: fmt(importMs / insertMs, 0), target: '< 5 s', ok: importMs < 5000,
        },
        {
          name: `household page as the grid worker opens it (need-to-know, 3 people, history, audited; median of ${runs})`,
          value: `${fmt(pageMs, 1)} ms`, baseline: `${fmt(lookupMs, 2)} ms: the household's row by id`, ratio: fmt(pageMs / lookupMs, 1), target: '< 100 ms', ok: pageMs < 100,
        },
        {
          name: `whole household page: record + points (summed, latest 8 lines) + cases reported, read together (median of ${runs})`,
          value: `${fmt(wholeMs, 1)} ms`, baseline: `${fmt(pageMs, 1)} ms: the record alone; ${fmt(lookupMs, 2)} ms: the row by id`, ratio: fmt(wholeMs / lookupMs, 1), target: '< 100 ms', ok: wholeMs < 100,
        },
      ];
    } finally {
      await core.platform.database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

type Core = Awaited<ReturnType<typeof buildCore>>;

/**
 * The village's life around the household: every member with an account earns some points (a dozen
 * awards a year each; the household's own members among them), and residents report cases — three by
 * the household's people, the rest by others — so the page's points and cases read from full tables.
 */
async function seedActivity(core: Core, village: string, at: [number, number], householdId: string, smoke: boolean): Promise<void> {
  const members = (await core.platform.db.execute(sql`SELECT m.user_id, m.household_id FROM household_members m JOIN households h ON h.id = m.household_id WHERE h.region_code = ${village}`)) as unknown as { rows: { user_id: string; household_id: string }[] };
  const issuance = await core.services.points.systemAccount('resident', 'issuance');
  const start = Date.now() - 300 * 86_400_000;
  let batch: TransferInput[] = [];
  for (const m of members.rows) {
    const account = await core.services.points.accountOf(m.user_id);
    for (let k = 0; k < 12; k++) {
      const when = start + k * 25 * 86_400_000 + (batch.length % 1000) * 1000;
      batch.push({ id: uuidv7(when), ledger: 'resident', debitAccountId: issuance.id, creditAccountId: account.id, amount: 5 + (k % 7), code: 'award', ruleId: 'garbage_sorting', ruleVersion: 1, reason: 'bench' });
    }
    if (batch.length >= 240) {
      const r = await core.services.points.apply(batch);
      if (r.some((x) => !x.ok)) throw new Error('an award was refused');
      batch = [];
    }
  }
  if (batch.length) await core.services.points.apply(batch);
  const own = members.rows.filter((m) => m.household_id === householdId).map((m) => m.user_id);
  const others = members.rows.filter((m) => m.household_id !== householdId).map((m) => m.user_id);
  const reporters = [...own.slice(0, 2), own[0], ...others.slice(0, smoke ? 20 : 120)];
  for (const [i, userId] of reporters.entries()) {
    const actor = await core.services.users.actorOf(userId);
    await core.services.cases.report(actor, { title: `路边暴露垃圾 ${i}`, categoryCode: '0102', source: 'resident', lon: at[0], lat: at[1] });
  }
}
