/**
 * Citizen-channel benchmarks on PostgreSQL: report submission over HTTP (validated, placed in its
 * grid, stored with its timeline row and event) against a bare Fastify hello-world in the same run,
 * and its latency at a fixed 1,000 requests/s.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { withDatabase } from './cases-bench.ts';
import { fmt, port, spawnChild, waitForHttp, type BenchRow } from './lib.ts';


async function run(opts: autocannon.Options) {
  const r = await autocannon({ connections: 20, pipelining: 1, ...opts });
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${opts.url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r;
}

export async function benchReports(smoke: boolean): Promise<BenchRow[]> {
  execFileSync('node', ['scripts/build.mjs'], { cwd: PROJECT_ROOT, stdio: 'ignore' }); // dist/ as `npm start` runs it
  return withDatabase(async (url) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-reports-'));
    const p = port();
    const server = spawnChild('node', ['dist/main.mjs', 'start'], {
      DATABASE_URL: url, DATA_DIR: dataDir, PORT: String(p), LOG_LEVEL: 'warn', MQTT_PORT: '0', POSTS_PER_MINUTE_PER_IP: '10000000',
    }, PROJECT_ROOT);
    const p2 = port();
    const hello = spawnChild('node', ['bench/hello-server.mjs'], { PORT: String(p2) }, PROJECT_ROOT);
    const p3 = port();
    const insert = spawnChild('node', ['bench/insert-server.mjs'], { PORT: String(p3), DATABASE_URL: url }, PROJECT_ROOT);
    try {
      await waitForHttp(`http://127.0.0.1:${p}/healthz`, 180_000); // first start: migrate and seed the demo
      await waitForHttp(`http://127.0.0.1:${p2}/healthz`);
      await waitForHttp(`http://127.0.0.1:${p3}/healthz`);
      const base = `http://127.0.0.1:${p}`;
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'yudong.grid', password: 'demo1234' }) });
      const { token } = (await login.json()) as { token: string };
      const { default: pg } = await import('pg');
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const { rows: [grid] } = await db.query("SELECT center_lon, center_lat FROM regions WHERE name = '余东村第1网格'");
      const post = {
        url: `${base}/api/cases`, method: 'POST' as const,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: '路边暴露垃圾', description: '压测上报', categoryCode: '0102', lon: grid.center_lon, lat: grid.center_lat }),
      };
      const seconds = smoke ? 1 : 8;
      await run({ ...post, duration: 1 }); // warm up
      await run({ url: `http://127.0.0.1:${p2}/hello`, duration: 1 });
      const helloR = await run({ url: `http://127.0.0.1:${p2}/hello`, duration: seconds });
      const reports = await run({ ...post, duration: seconds });
      const insertOpts = { url: `http://127.0.0.1:${p3}/insert`, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: post.body };
      await run({ ...insertOpts, duration: 1 });
      const inserts = await run({ ...insertOpts, duration: seconds });
      const before = Number((await db.query('SELECT count(*)::int AS n FROM cases')).rows[0].n);
      const fixed = await run({ ...post, connections: 50, overallRate: smoke ? 200 : 1000, duration: smoke ? 2 : 10 });
      await new Promise((r) => setTimeout(r, 1000)); // requests in flight when the load stopped finish
      const stored = Number((await db.query('SELECT count(*)::int AS n FROM cases')).rows[0].n) - before;
      const timeline = Number((await db.query("SELECT count(*)::int AS n FROM case_timeline WHERE action = 'report'")).rows[0].n);
      const cases = Number((await db.query('SELECT count(*)::int AS n FROM cases')).rows[0].n);
      await db.end();
      // every answered report is stored (and a few more that were in flight when the load stopped)
      if (stored < fixed.requests.total || timeline !== cases) throw new Error(`stored ${stored} of ${fixed.requests.total}; ${timeline} timeline rows for ${cases} cases`);
      const rate = fixed.requests.total / (smoke ? 2 : 10);
      return [{
        name: 'report submission POST /api/cases on PostgreSQL (validated, placed in its grid, stored with its timeline row, event emitted)',
        value: `${fmt(reports.requests.average)} req/s, p99 ${reports.latency.p99} ms`,
        baseline: `${fmt(helloR.requests.average)} req/s: bare Fastify hello-world`,
        ratio: fmt(reports.requests.average / helloR.requests.average, 3),
        target: '≥ 0.30 of the bare Fastify route',
        ok: reports.requests.average / helloR.requests.average >= 0.3,
      }, {
        name: 'report submission against a bare Fastify route that stores its body with one INSERT (pg pool, a commit a request)',
        value: `${fmt(reports.requests.average)} req/s`,
        baseline: `${fmt(inserts.requests.average)} req/s, p99 ${inserts.latency.p99} ms: one INSERT a request`,
        ratio: fmt(reports.requests.average / inserts.requests.average, 2),
        target: '(informative: the cost of a durable write over HTTP on this machine)',
        ok: null,
      }, {
        name: `report submission at a fixed ${smoke ? 200 : 1000} requests/s on PostgreSQL (50 connections, ${fmt(fixed.requests.total)} reports, all stored)`,
        value: `p99 ${fixed.latency.p99} ms (p50 ${fixed.latency.p50} ms, ${fmt(rate)} req/s served)`,
        baseline: `p99 ${helloR.latency.p99} ms: hello-world at full load`,
        ratio: '—',
        target: 'p99 < 50 ms at 1,000 req/s',
        ok: smoke ? null : fixed.latency.p99 < 50 && rate >= 950,
      }];
    } finally {
      await server.stop();
      await hello.stop();
      await insert.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
