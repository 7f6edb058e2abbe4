/**
 * Party-work benchmarks (issue 17) on the embedded PGlite and on PostgreSQL: a roster of 708 members
 * (余东's 数字党建 count) imported through `RegisterService.importRoster`, every person new (their accounts
 * made in bulk by the people module) — target < 10 s — beside the floor of the same work, measured in
 * the same run on the same database: the same number of rows written by two plain multi-row INSERTs
 * (accounts and profiles) into scratch tables of the same shape, with no checks.
 *
 * The member index for a county (county.ts below): 10,000 members in 200 branches with a year of
 * reviewed logs (24 each, 240,000 rows, written by SQL: a year of reviews through the ledger would take
 * the bench's whole budget), then the index of the week, month and year recomputed for the whole county
 * (`MemberIndexService.recomputeScope`) beside the plain aggregate of the same logs; a county ranking
 * (`rankings`) beside the plain ORDER BY … LIMIT over the read model; and one real review's way to the
 * read model through the outbox beside the same recompute called directly. The grid and property indices
 * of a county: partywork-areas.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildCore } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { areaFeatures } from '../test/helpers/factories.ts';
import { withDatabase } from './cases-bench.ts';
import { fmt, type BenchRow } from './lib.ts';
import { countyAreaIndex } from './partywork-areas.ts';
import { countyIndex } from './partywork-county.ts';

const MEMBERS = 708;

async function importOnce(env: Record<string, string>, label: string): Promise<BenchRow> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-party-'));
  const config = loadConfig({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const core = await buildCore(config, { logger: createLogger('silent', { pretty: false }) });
  try {
    const { features, area } = areaFeatures(7);
    await core.services.regions.importGeoJson(null, { type: 'FeatureCollection', features });
    const branch = await core.services.partyRegister.createBranch(null, { regionCode: area.villages[0], name: '余东村党支部', kind: 'village' });
    const base = 13_000_000_000 + crypto.randomInt(0, 900_000_000);
    const lines = Array.from({ length: MEMBERS }, (_, i) => `党员${i},${base + i},${branch.name},${['在职', '退休', '流动'][i % 3]},是,是,${i % 40 ? '' : '支部委员'}`);
    const csv = ['姓名,手机号,支部,状态,报到,亮身份,职务', ...lines].join('\n');
    const t0 = performance.now();
    const r = await core.services.partyRegister.importRoster(null, { regionCode: area.villages[0], csv });
    const ms = performance.now() - t0;
    if (r.created !== MEMBERS || r.peopleCreated !== MEMBERS) throw new Error(`the import made ${r.created} profiles and ${r.peopleCreated} people`);
    // the floor: the same rows, no checks, two statements
    const db = core.platform.db;
    await db.execute(sql`CREATE TEMP TABLE bench_people (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text, phone text UNIQUE, home text, created_at timestamptz DEFAULT now())`);
    await db.execute(sql`CREATE TEMP TABLE bench_profiles (user_id uuid PRIMARY KEY, branch_id uuid, region_code text, status text, reported boolean, shown boolean, posts text[])`);
    const t1 = performance.now();
    await db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO bench_people (name, phone, home) SELECT '党员' || i, (${base + 1_000_000}::bigint + i)::text, ${area.villages[0]} FROM generate_series(1, ${MEMBERS}) i`);
      await tx.execute(sql`INSERT INTO bench_profiles SELECT id, ${branch.id}::uuid, home, 'serving', true, true, '{}' FROM bench_people`);
    });
    const floorMs = performance.now() - t1;
    return {
      name: `party roster import, ${MEMBERS} new members (${label})`,
      value: `${fmt(ms)} ms`,
      baseline: `${fmt(floorMs, 1)} ms for the same rows by two bare INSERTs`,
      ratio: `${fmt(ms / floorMs, 3)}`,
      target: '< 10 s',
      ok: ms < 10_000,
    };
  } finally {
    await core.platform.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchPartywork(smoke: boolean): Promise<BenchRow[]> {
  return [
    await importOnce({}, 'PGlite'), await withDatabase((url) => importOnce({ DATABASE_URL: url }, 'PostgreSQL')),
    ...(await countyIndex({}, 'PGlite', smoke)), ...(await withDatabase((url) => countyIndex({ DATABASE_URL: url }, 'PostgreSQL', smoke))),
    // the grid and property indices (partywork-areas.ts)
    ...(await countyAreaIndex({}, 'PGlite', smoke)), ...(await withDatabase((url) => countyAreaIndex({ DATABASE_URL: url }, 'PostgreSQL', smoke))),
  ];
}
