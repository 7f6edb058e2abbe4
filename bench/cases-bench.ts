/**
 * Case-workflow benchmarks on real PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the
 * local server): transitions through the service, the overdue sweep and the KPI query over a large
 * table. Each creates a throwaway database and drops it.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { buildCore } from '../src/app.ts';
import { computeKpis, sweepOnce } from '../src/cases/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { areaFeatures } from '../test/helpers/factories.ts';
import { fmt, median, type BenchRow } from './lib.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const name = `vbbench_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  try {
    return await fn(u.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let i = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i < items.length) await fn(items[i++]);
  }));
}

/** Transitions/s through CasesService.act on PostgreSQL (dispatch → sign → feedback → close). */
export async function benchTransitions(url: string, smoke: boolean): Promise<BenchRow> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-media-'));
  const config = loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const { platform, services } = await buildCore(config, { logger: createLogger('silent', { pretty: false }) });
  try {
    const { features, area } = areaFeatures(7);
    await services.regions.importGeoJson(null, { type: 'FeatureCollection', features });
    const mk = async (role: string, region: string) => {
      const u = await services.users.createUser(null, { username: `b-${role}-${crypto.randomBytes(3).toString('hex')}`, displayName: role, password: 'bench-pass-1', kind: 'staff', memberships: [{ role, regionCode: region }] });
      return services.users.actorOf(u.id);
    };
    const op = await mk('operator', area.townships[0]);
    const gw = await mk('grid_worker', area.villages[0]);
    const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: 'gray' } }).jpeg().toBuffer();
    const mediaId = (await platform.media.saveImage(platform.db, jpeg, gw.id)).id;
    const n = smoke ? 100 : 2000;
    const ids: string[] = [];
    const [lon, lat] = area.gridPoints[0];
    for (let i = 0; i < n; i++) {
      const c = await services.cases.report(gw, { title: `bench ${i}`, categoryCode: '0102', lon, lat, source: 'grid_worker' });
      await services.cases.act(op, c.id, { action: 'register' });
      ids.push(c.id);
    }
    const concurrency = 16;
    const t0 = performance.now();
    await pool(ids, concurrency, async (id) => {
      await services.cases.act(op, id, { action: 'dispatch', assigneeId: gw.id });
      await services.cases.act(gw, id, { action: 'sign' });
      await services.cases.act(gw, id, { action: 'feedback', note: 'done', media: [mediaId] });
      await services.cases.act(op, id, { action: 'close' });
    });
    const perSec = (n * 4) / ((performance.now() - t0) / 1000);
    // baseline: the simplest durable write per case, same concurrency
    const t1 = performance.now();
    await pool([...ids, ...ids, ...ids, ...ids], concurrency, async (id) => {
      await platform.db.execute(sql`UPDATE cases SET version = version + 1 WHERE id = ${id}`);
    });
    const basePerSec = (n * 4) / ((performance.now() - t1) / 1000);
    return {
      name: `case transitions through the service on PostgreSQL (${fmt(n * 4)} transitions, ${concurrency} concurrent)`,
      value: `${fmt(perSec)} transitions/s`,
      baseline: `${fmt(basePerSec)} single-row UPDATEs/s`,
      ratio: fmt(perSec / basePerSec, 3),
      target: '≥ 2,000 transitions/s',
      ok: perSec >= 2000,
    };
  } finally {
    await platform.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A large synthetic case table: n open and closed cases over a year in one district, 1 % overdue. */
export async function fillCases(url: string, n: number): Promise<string> {
  const db = await openDatabase({ databaseUrl: url, pgliteDir: null });
  await db.migrate();
  const district = '369901000000';
  await db.query(sql`
    INSERT INTO cases (no, title, category_code, severity, state, level, source, region_code, village_code, lon, lat,
                       reported_at, signed_at, deadline, feedback_at, closed_at, closed_on_time, rated_at, rating)
    SELECT 'B' || lpad(i::text, 9, '0'), 'bench', (ARRAY['0102','0201','0501','1301'])[1 + i % 4], 'normal',
           CASE WHEN i % 100 < 3 THEN 'PROCESSING' ELSE 'CLOSED' END,
           'village', (ARRAY['resident','grid_worker','camera','hotline'])[1 + i % 4],
           '369901' || lpad((100 + i % 30)::text, 3, '0') || lpad((200 + i % 20)::text, 3, '0') || '00' || (1 + i % 3),
           '369901' || lpad((100 + i % 30)::text, 3, '0') || lpad((200 + i % 20)::text, 3, '0'),
           110 + (i % 1000) * 0.0005, 30 + ((i / 1000) % 1000) * 0.0005,
           now() - make_interval(mins => i % 525600), now() - make_interval(mins => i % 525600) + interval '10 minutes',
           CASE WHEN i % 100 = 0 THEN now() - interval '1 hour' ELSE now() - make_interval(mins => i % 525600) + interval '2 days' END,
           CASE WHEN i % 100 >= 3 THEN now() - make_interval(mins => i % 525600) + interval '1 day' END,
           CASE WHEN i % 100 >= 3 THEN now() - make_interval(mins => i % 525600) + interval '1 day 1 hour' END,
           CASE WHEN i % 100 >= 3 THEN i % 17 <> 0 END,
           CASE WHEN i % 10 >= 5 THEN now() - make_interval(mins => i % 525600) + interval '2 days' END,
           CASE WHEN i % 10 >= 5 THEN (ARRAY['satisfied','basically_satisfied','unsatisfied'])[1 + i % 3] END
      FROM generate_series(1, ${n}) AS i`);
  // an open case due in the future keeps its deadline ahead of now (only every 100th is overdue)
  await db.query(sql`UPDATE cases SET deadline = now() + interval '1 day' WHERE state = 'PROCESSING' AND deadline < now() AND right(no, 2) <> '00'`);
  await db.query(sql`ANALYZE cases`);
  await db.close();
  return district;
}

async function benchSweepAndKpi(url: string, smoke: boolean): Promise<BenchRow[]> {
  const n = smoke ? 100_000 : 1_000_000;
  const district = await fillCases(url, n);
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const { platform, services } = await buildCore(config, { logger: createLogger('silent', { pretty: false }) });
  try {
    const rows: BenchRow[] = [];
    const overdue = Number((await platform.database.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM cases WHERE state = 'PROCESSING' AND deadline < now()`))[0].n);
    const tBase = performance.now();
    await platform.database.query(sql`SELECT count(*) FROM cases WHERE state IN ('PROCESSING','EXTENSION_REQUESTED') AND deadline < now() AND supervision = 0`);
    const baseMs = performance.now() - tBase;
    const t0 = performance.now();
    const r = await sweepOnce(platform, { batch: overdue + 10 });
    const sweepMs = performance.now() - t0;
    if (r.urged !== overdue) throw new Error(`sweep urged ${r.urged}, expected ${overdue}`);
    rows.push({
      name: `overdue sweep: ${fmt(n)} cases (${fmt(n * 0.03)} open), ${fmt(overdue)} overdue → 催办 + timeline + events`,
      value: `${fmt(sweepMs)} ms`,
      baseline: `${fmt(baseMs, 1)} ms: counting the overdue cases`,
      ratio: fmt(sweepMs / baseMs, 1),
      target: '< 1,000 ms per sweep (1,000,000 cases, 1 % overdue)',
      ok: sweepMs < 1000,
    });
    // possible duplicates: open cases of a category within its radius, at 200 random spots of the area
    const { nearbyOpenCases } = await import('../src/cases/followers.ts');
    const category = (await services.cases.categories()).find((k) => k.code === '0102')!;
    const spots = Array.from({ length: smoke ? 20 : 200 }, (_, i) => [110 + ((i * 7919) % 1000) * 0.0005, 30 + ((i * 104729) % 1000) * 0.0005]);
    const near: number[] = [];
    let found = 0;
    for (const [lon, lat] of spots) {
      const t = performance.now();
      found += (await nearbyOpenCases(platform, { ...category, duplicateRadiusM: 200 }, lon, lat)).length;
      near.push(performance.now() - t);
    }
    const pk: number[] = [];
    for (let i = 0; i < spots.length; i++) {
      const t = performance.now();
      await platform.database.raw('SELECT id FROM cases WHERE no = $1', [`B${String(1 + i * 997).padStart(9, '0')}`]);
      pk.push(performance.now() - t);
    }
    const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
    rows.push({
      name: `nearby-duplicate search over ${fmt(n)} cases (open cases of one category within 200 m; ${spots.length} spots, ${fmt(found)} found)`,
      value: `median ${fmt(median(near), 2)} ms, p95 ${fmt(p95(near), 2)} ms`,
      baseline: `median ${fmt(median(pk), 2)} ms: one case by its number`,
      ratio: fmt(median(near) / median(pk), 2),
      target: '< 20 ms',
      ok: p95(near) < 20,
    });

    const from = new Date(Date.now() - 30 * 86_400_000);
    const to = new Date();
    const kpiRuns: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await computeKpis(platform.db, { scope: district.slice(0, 6), from, to, groupBy: 'none' });
      kpiRuns.push(performance.now() - t);
    }
    const countRuns: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await platform.database.query(sql`SELECT count(*) FROM cases WHERE region_code LIKE ${`${district.slice(0, 6)}%`}`);
      countRuns.push(performance.now() - t);
    }
    rows.push({
      name: `KPI query for a district, last 30 days, over ${fmt(n)} cases (median of 5)`,
      value: `${fmt(median(kpiRuns))} ms`,
      baseline: `${fmt(median(countRuns))} ms: counting the district's cases`,
      ratio: fmt(median(kpiRuns) / median(countRuns), 2),
      target: '< 200 ms over 1,000,000 cases',
      ok: median(kpiRuns) < 200,
    });
    return rows;
  } finally {
    await platform.database.close();
  }
}

export async function benchCases(smoke: boolean): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  rows.push(await withDatabase((url) => benchTransitions(url, smoke)));
  rows.push(...(await withDatabase((url) => benchSweepAndKpi(url, smoke))));
  return rows;
}
