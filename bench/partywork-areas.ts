/**
 * The area indices of a county (issue 17's targets: recomputation < 1 s, a ranking < 200 ms): 600 grids
 * with a year of cases (100 a grid, 60,000; a fifth handled by a property company; half rated, each
 * with its dispatch and rating in the timeline — written by SQL, a year through the case workflow would
 * take the bench's budget), then the grid and property indices of the week, month and year recomputed
 * for the county (`AreaIndexService.recomputeAt`, what a formula change does) beside the plain
 * aggregate of the same cases' closings and ratings per grid; and a county's grid ranking beside the
 * bare ORDER BY … LIMIT over the read model.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildCore } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { periodOf, periodsAt } from '../src/partywork/periods.ts';
import { areaFeatures } from '../test/helpers/factories.ts';
import { fmt, median, type BenchRow } from './lib.ts';

const GRIDS = 600;
const CASES_EACH = 100;

const timed = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

export async function countyAreaIndex(env: Record<string, string>, label: string, smoke: boolean): Promise<BenchRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-pareas-'));
  const config = loadConfig({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const core = await buildCore(config, { logger: createLogger('silent', { pretty: false }) });
  const grids = smoke ? GRIDS / 10 : GRIDS;
  const runs = smoke ? 2 : 5;
  try {
    const { features, area } = areaFeatures(17);
    await core.services.regions.importGeoJson(null, { type: 'FeatureCollection', features });
    const county = area.district.slice(0, 6);
    const db = core.platform.db;
    const company = await core.services.users.createOrganisation(null, { name: '恒信物业', kind: 'property', regionCode: area.townships[0] });
    // grid g of the county: a village code of the county's first township (synthetic serials) + a grid serial
    await db.execute(sql`
      INSERT INTO cases (no, title, category_code, severity, state, level, source, region_code, village_code, lon, lat, assigned_org_id,
                         reported_at, signed_at, deadline, feedback_at, closed_at, closed_on_time, rated_at, rating)
      SELECT 'PA' || lpad(i::text, 9, '0'), 'bench', '0201', 'normal', 'CLOSED', 'village', 'resident',
             v.village || lpad((1 + (i % ${grids}) % 9)::text, 3, '0'), v.village, 110, 30,
             CASE WHEN i % 5 = 0 THEN ${company.id}::uuid END,
             t.at, t.at + interval '10 minutes', t.at + interval '2 days', t.at + interval '1 day', t.at + interval '1 day 1 hour', i % 11 <> 0,
             CASE WHEN i % 2 = 0 THEN t.at + interval '2 days' END, CASE WHEN i % 2 = 0 THEN (ARRAY['satisfied','basically_satisfied','unsatisfied'])[1 + i % 3] END
        FROM generate_series(1, ${grids * CASES_EACH}) i
        CROSS JOIN LATERAL (SELECT ${county} || lpad((100 + (i % ${grids}) / 9 / 100)::text, 3, '0') || lpad((200 + ((i % ${grids}) / 9) % 100)::text, 3, '0') AS village) v
        CROSS JOIN LATERAL (SELECT now() - make_interval(mins => (i * 7919) % 525600) - interval '3 days' AS at) t`);
    await db.execute(sql`
      INSERT INTO case_timeline (case_id, at, action, from_state, to_state, level, data)
      SELECT id, reported_at + interval '5 minutes', 'dispatch', 'REGISTERED', 'DISPATCHED', 'village',
             CASE WHEN assigned_org_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('assignedOrgId', assigned_org_id) END FROM cases WHERE no LIKE 'PA%'`);
    await db.execute(sql`
      INSERT INTO case_timeline (case_id, at, action, from_state, to_state, level, data)
      SELECT id, rated_at, 'rate', 'CLOSED', 'RATED', 'village', jsonb_build_object('rating', rating) FROM cases WHERE no LIKE 'PA%' AND rated_at IS NOT NULL`);
    for (const t of ['cases', 'case_timeline']) await db.execute(sql.raw(`ANALYZE ${t}`));

    const areas = core.services.partyAreaIndex;
    const now = new Date();
    await areas.recomputeAt(['grid', 'property'], county, now);
    const aggregateOf = (p: ReturnType<typeof periodOf>) => db.execute(sql`
      SELECT left(region_code, 15), count(*) FILTER (WHERE closed_on_time), count(*), count(*) FILTER (WHERE rating = 'satisfied')
        FROM cases WHERE region_code LIKE ${`${county}%`} AND ((closed_at >= ${p.from.toISOString()}::timestamptz AND closed_at < ${p.to.toISOString()}::timestamptz)
          OR (rated_at >= ${p.from.toISOString()}::timestamptz AND rated_at < ${p.to.toISOString()}::timestamptz)) GROUP BY 1`);
    const ms: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < runs; i++) {
      ms.push(await timed(() => areas.recomputeAt(['grid', 'property'], county, now)));
      base.push(await timed(async () => { for (const p of periodsAt(now)) await aggregateOf(p); }));
    }
    const rowsN = Number(((await db.execute(sql`SELECT count(*)::int AS n FROM party_area_index`)) as unknown as { rows: { n: number }[] }).rows[0].n);

    const leader = await core.services.users.createUser(null, { username: `bench-aleader-${process.pid}`, displayName: '区领导', password: 'bench-password-1', kind: 'staff', homeRegionCode: area.district, memberships: [{ role: 'leader', regionCode: area.district }] });
    const actor = await core.services.users.actorOf(leader.id);
    const month = periodOf('month', now);
    await areas.ranking(actor, { kind: 'grid', region: area.district, period: 'month' });
    const ranking: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      ranking.push(await timed(() => areas.ranking(actor, { kind: 'grid', region: area.district, period: 'month' })));
      bare.push(await timed(() => db.execute(sql`SELECT unit_id, score FROM party_area_index WHERE kind = 'grid' AND period_kind = 'month' AND period_start = ${month.start}::date
        AND region_code LIKE ${`${county}%`} ORDER BY score DESC NULLS LAST LIMIT 50`)));
    }
    return [
      {
        name: `party area indices (grid + property), county recompute of week + month + year: ${fmt(grids)} grids, ${fmt(grids * CASES_EACH)} cases of a year, ${fmt(rowsN)} rows (${label})`,
        value: `${fmt(median(ms))} ms`, baseline: `${fmt(median(base), 1)} ms for the plain aggregate of the same cases per grid`,
        ratio: fmt(median(ms) / median(base), 2), target: '< 1 s', ok: smoke ? null : median(ms) < 1000,
      },
      {
        name: `party area ranking, a county's grids this month, top 50 of ${fmt(grids)} with breakdowns (${label})`,
        value: `${fmt(median(ranking), 1)} ms`, baseline: `${fmt(median(bare), 1)} ms for the bare ORDER BY … LIMIT 50`,
        ratio: fmt(median(ranking) / median(bare), 1), target: '< 200 ms', ok: smoke ? null : median(ranking) < 200,
      },
    ];
  } finally {
    await core.platform.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
