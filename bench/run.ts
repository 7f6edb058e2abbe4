/**
 * `npm run bench` — the figures the issues name, each against a baseline measured in the same run
 * (these machines are noisy: ratios travel, absolute numbers less so). Prints a table and writes
 * docs/benchmarks.md. `--smoke` runs every benchmark briefly (CI) and writes .tmp/benchmarks-smoke.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { subdivideQuad, seededRandom } from '../src/demo/demo-data.ts';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { pointInGeometry, type AreaGeom } from '../src/regions/geo.ts';
import { GridIndex, type IndexedArea } from '../src/regions/grid-index.ts';
import { benchCases } from './cases-bench.ts';
import { benchReports } from './citizen-bench.ts';
import { benchCameras } from './cameras-bench.ts';
import { benchCredit } from './credit-bench.ts';
import { benchExternal } from './external-bench.ts';
import { benchIngest } from './ingest-bench.ts';
import { benchPartywork } from './partywork-bench.ts';
import { benchBulletins } from './bulletins-bench.ts';
import { benchHouseholds } from './households-bench.ts';
import { benchPoints } from './points-bench.ts';
import { benchPointsExpiry } from './points-expiry-bench.ts';
import { benchRules } from './rules-bench.ts';
import { benchScreen } from './screen-bench.ts';
import { benchScreenSoak } from './screen-soak.ts';
import { benchShop } from './shop-bench.ts';
import { benchPlaces } from './places-bench.ts';
import { benchIdeas } from './ideas-bench.ts';
import { benchWeb } from './web-bench.ts';
import { fmt, load, machine, median, port, spawnChild, waitForHttp, type BenchRow } from './lib.ts';

const smoke = process.argv.includes('--smoke');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

const rows: BenchRow[] = [];

// ---------------------------------------------------------------- 1. point → grid lookup
function benchLookup() {
  const side = smoke ? 100 : 317; // 317² ≈ 100,489 grids
  const rand = seededRandom(42);
  const t0 = performance.now();
  const cells = subdivideQuad([[110, 32], [114, 32], [114, 28], [110, 28]], side, side, 0.6, rand);
  const grids: IndexedArea[] = cells.map((ring, i) => ({ code: String(i), parentCode: String(Math.floor(i / 4)), geometry: { type: 'Polygon', coordinates: [ring] } as AreaGeom }));
  const index = new GridIndex({ villages: [], grids, microgrids: [] });
  const buildMs = performance.now() - t0;
  const n = smoke ? 100_000 : 2_000_000;
  const pts = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    pts[2 * i] = 110 + rand() * 4;
    pts[2 * i + 1] = 28 + rand() * 4;
  }
  let hits = 0;
  for (let i = 0; i < Math.min(n, 50_000); i++) if (index.locate(pts[2 * i], pts[2 * i + 1]).gridCode) hits++; // warm-up
  hits = 0;
  const t1 = performance.now();
  for (let i = 0; i < n; i++) if (index.locate(pts[2 * i], pts[2 * i + 1]).gridCode !== null) hits++;
  const perSec = n / ((performance.now() - t1) / 1000);
  // baseline: one point-in-polygon test against one (quadrilateral) grid, the unavoidable unit of work
  const g = grids[Math.floor(grids.length / 2)].geometry;
  let inside = 0;
  const t2 = performance.now();
  for (let i = 0; i < n; i++) if (pointInGeometry(pts[2 * i], pts[2 * i + 1], g)) inside++;
  const pipPerSec = n / ((performance.now() - t2) / 1000);
  if (hits < n * 0.99) throw new Error(`only ${hits} of ${n} points found a grid`);
  rows.push({
    name: `point → grid lookup, ${fmt(grids.length)} grids (index built in ${fmt(buildMs)} ms)`,
    value: `${fmt(perSec)} lookups/s`,
    baseline: `${fmt(pipPerSec)} single point-in-polygon tests/s`,
    ratio: `${fmt(perSec / pipPerSec, 3)}`,
    target: '≥ 200,000 lookups/s',
    ok: perSec >= 200_000,
  });
  void inside;
}

// ---------------------------------------------------------------- shared: a seeded data dir
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-'));
const dataDir = path.join(tmp, 'data');

async function prepareDataDir() {
  const p = port();
  const first = spawnChild('npm', ['start'], { DATA_DIR: dataDir, PORT: String(p), LOG_LEVEL: 'warn', MQTT_PORT: '0' }, PROJECT_ROOT);
  await waitForHttp(`http://127.0.0.1:${p}/healthz`, 180_000); // first start: initdb, migrate, seed, maybe web build
  await first.stop();
}

// ---------------------------------------------------------------- 2. npm start → /healthz
async function benchStart() {
  const runs = smoke ? 1 : 5;
  const ours: number[] = [];
  const hello: number[] = [];
  for (let i = 0; i < runs; i++) {
    const p = port();
    const t0 = performance.now();
    const c = spawnChild('npm', ['start'], { DATA_DIR: dataDir, PORT: String(p), LOG_LEVEL: 'warn' }, PROJECT_ROOT);
    await waitForHttp(`http://127.0.0.1:${p}/healthz`);
    ours.push(performance.now() - t0);
    await c.stop();
    const p2 = port();
    const t1 = performance.now();
    const h = spawnChild('node', ['bench/hello-server.mjs'], { PORT: String(p2) }, PROJECT_ROOT);
    await waitForHttp(`http://127.0.0.1:${p2}/healthz`);
    hello.push(performance.now() - t1);
    await h.stop();
  }
  const m = median(ours);
  rows.push({
    name: `\`npm start\` → first 200 on /healthz, existing data dir (median of ${runs})`,
    value: `${fmt(m)} ms (runs: ${ours.map((x) => fmt(x)).join(', ')})`,
    baseline: `${fmt(median(hello))} ms: \`node\` starting a bare Fastify hello-world`,
    ratio: fmt(m / median(hello), 2),
    target: '< 3,000 ms',
    ok: m < 3000,
  });
}

// ---------------------------------------------------------------- 3. bare API route vs hello-world
async function benchRoutes() {
  const seconds = smoke ? 1 : 8;
  const p = port();
  const server = spawnChild('node', ['dist/main.mjs', 'start'], { DATA_DIR: dataDir, PORT: String(p), LOG_LEVEL: 'warn', SEED_DEMO: 'false' }, PROJECT_ROOT);
  const p2 = port();
  const hello = spawnChild('node', ['bench/hello-server.mjs'], { PORT: String(p2) }, PROJECT_ROOT);
  try {
    await waitForHttp(`http://127.0.0.1:${p}/healthz`);
    await waitForHttp(`http://127.0.0.1:${p2}/healthz`);
    const login = await fetch(`http://127.0.0.1:${p}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'yudong.grid', password: 'demo1234' }) });
    const { token } = (await login.json()) as { token: string };
    await load(`http://127.0.0.1:${p2}/hello`, 1); // warm both up
    await load(`http://127.0.0.1:${p}/api/config/public`, 1);
    const base = await load(`http://127.0.0.1:${p2}/hello`, seconds);
    const bare = await load(`http://127.0.0.1:${p}/api/config/public`, seconds);
    const authed = await load(`http://127.0.0.1:${p}/api/me`, seconds, { authorization: `Bearer ${token}` });
    const base2 = await load(`http://127.0.0.1:${p2}/hello`, seconds);
    const baseRps = (base.rps + base2.rps) / 2;
    rows.push({
      name: 'bare API route GET /api/config/public (all hooks, no database)',
      value: `${fmt(bare.rps)} req/s, p99 ${bare.p99} ms`,
      baseline: `${fmt(baseRps)} req/s: bare Fastify hello-world (mean of before and after)`,
      ratio: fmt(bare.rps / baseRps, 3),
      target: 'the ratio later issues are held to',
      ok: null,
    });
    rows.push({
      name: 'authenticated route GET /api/me (session + memberships + region names from PGlite)',
      value: `${fmt(authed.rps)} req/s, p99 ${authed.p99} ms`,
      baseline: 'same hello-world',
      ratio: fmt(authed.rps / baseRps, 3),
      target: '(informative)',
      ok: null,
    });
  } finally {
    await server.stop();
    await hello.stop();
  }
}

const NOTES = [
  '## Notes',
  '',
  '- Machines differ between sessions: the figures of 2026-11-22 before 18:00 UTC came from a 2 × Xeon',
  '  2.5 GHz host, these from a 2 × AMD EPYC host; compare ratios. Variation between full runs on the',
  '  Xeon: lookup 350–620k/s (Flatbush R-tree, replaced: 199–250k/s); start median 2.31–2.64 s;',
  '  bare-route ratio 0.51–0.82. On the EPYC: sweep 424–463 ms (ratio 8–10), KPI 129–166 ms (ratio',
  '  1.24–1.42) over five runs; transitions 2,720–3,159/s (ratio 0.47–0.50) since prepared statements.',
  '- The start figure includes npm itself (≈0.45 s: `npm run` of an empty script) and reopening PGlite',
  '  (≈0.75 s: WASM instantiation and Postgres start-up). See docs/architecture.md, "Start-up".',
  '- GET /api/me is bound by PGlite: one connection, ≈1–1.4 ms a query, so 20 concurrent clients queue.',
  '  Sessions resolve in one joined query and are cached 5 s per process (68 → ≈600 req/s). On',
  '  PostgreSQL the pool serves queries in parallel.',
  '- Case transitions: one optimistic statement each (UPDATE guarded by the version + timeline INSERT +',
  '  outbox INSERT as CTEs; was ≈12 round trips), hand-written SQL on that path, cached categories and',
  '  calendar, batched NOTIFY, debounced outbox, and since this session a per-process cache of the rows',
  '  it wrote (a stale row loses at the version guard; refusals always re-read), remembered media ids',
  '  and staff regions: one round trip per transition (ratio 0.21 → 0.31). The profile then showed Node',
  '  ≈45 % idle, waiting for PostgreSQL, so the two statements of the path became named prepared',
  '  statements (parsed and planned once per connection; explicit column lists so a later migration',
  '  cannot break a cached plan): ratio 0.31 → 0.47–0.50. History of the figure on PostgreSQL:',
  '  198 → ≈700 → ≈2,100 → ≈2,800–3,200/s.',
  '- Overdue sweep: one statement per rule, nothing per row in JavaScript (was 1.8 s for 10,000 overdue).',
  '- KPI query: the main aggregate (date indexes, bitmap OR, parallel workers) runs side by side with the',
  '  P90, which PostgreSQL cannot parallelise, over the cases closed in the period only (240 → 146 ms).',
  '  返工率 now comes from the closed cases\' rework counts rather than a timeline scan. The synthetic',
  '  table has no timeline rows; the only timeline query left (first response to questions) touches',
  '  category 1501 only. A daily rollup table remains the next step if districts grow beyond ≈1M cases.',
  '- Report submission: one statement per report (case + timeline + event) took it from 445 to',
  '  ≈1,300 req/s, prepared outbox statements and larger event batches to 1,171–1,553 req/s (p99 at a',
  '  fixed 1,000 req/s then 41–67 ms, once 305 ms on a slow run), group commit of reports arriving',
  '  together to 1,305–2,058 req/s with p99 32–39 ms at a fixed 1,000 req/s. Against the bare',
  '  hello-world the ratio stays ≈0.03–0.04,',
  '  far from the 0.30 the issue asks: a durable PostgreSQL commit of four rows and ≈15 index entries',
  '  per request, with the load generator, Node and PostgreSQL on the same 2 cores, cannot come near',
  '  ≈15,000/s. The profile shows `writev` (socket writes to PostgreSQL and to clients) as the largest',
  '  Node cost and Node ≈22 % idle. Compare it with the single-row UPDATE baseline of the transition',
  '  row (≈6,000/s): a report writes four rows. A bare Fastify route that stores its body with one INSERT',
  '  (the least a durable write over HTTP costs) serves ≈8,100 req/s here, 0.12 of hello-world — itself',
  '  under 0.30; reports reach ≈0.27 of it.',
  '- Rule evaluation (issue 5): the pure engine on one core over 10,000 devices × 200 readings of slow',
  '  waves around the flood limit; 1.2–2.3 M readings/s over three runs, ≈300 bytes of state per device (with',
  '  --expose-gc). The rules became data (versioned per kind, asset, device) with hold minutes, a band and',
  '  sudden changes; the water-level path is the one measured.',
  '- Ingest through MQTT (issue 5): 200 simulated gauges publish QoS 1 to the embedded Aedes, which acks',
  '  each message only after its reading is in PostgreSQL and the rules judged it (group commit: readings',
  '  of many messages share one INSERT). The baseline is the same Aedes, hook-free, relaying the same',
  '  publishers to one QoS 1 subscriber. First runs: 41k msg/s durable vs 56k msg/s relayed (0.74);',
  '  the machine\'s Mosquitto relays ≈14k msg/s to one subscriber (its per-client in-flight limit).',
  '  ThingsBoard\'s published figure is 11,111 msg/s on 36 vCPU (with Cassandra); here 2 cores carry the',
  '  publishers, the broker, Node and PostgreSQL.',
  '- Cameras (issue 6): 200 cameras push one detection a message through `CameraIntake.take` (parse, vendor',
  '  code, confidence, episode dedup in memory, one group-committed statement for the detections and episode',
  '  rows of the messages waiting, actions and cases inline when an episode triggers). The synthetic stream',
  '  repeats each condition once a second for 1–600 s with silences longer than any category\'s; a reference',
  '  model counts the triggers with cool-downs, and the cases opened must equal it exactly. Concurrency matters:',
  '  20 cameras gave ≈12k/s (small batches), 200 ≈26k/s with one writer, 24–31k/s with two. With pictures the cost is the JSON base64 and the',
  '  stored snapshots (sniffed, thumbnailed); the snapshot policy keeps ≈1 picture a minute of a condition.',
  '- Nearby-duplicate search: a partial index of open cases on (category, lat, lon), a box, then the',
  '  great-circle distance; the synthetic table spreads 1,000,000 cases over 0.5° × 0.5°.',
];

function render(): string {
  const when = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const lines = [
    `# Benchmarks${smoke ? ' (smoke run: short, not for comparison)' : ''}`,
    '',
    `Measured by \`npm run bench\` on ${when}.`,
    '',
    `Machine: ${machine()}.`,
    '',
    'Each figure is set against a baseline measured in the same run; the ratio is what to compare across',
    'machines and runs. Load comes from autocannon in the bench process (20 connections) against servers in',
    'child processes, on the same 2 cores: absolute request rates are lower than on a dedicated load host.',
    '',
    '| benchmark | result | baseline (same run) | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.ok === null ? '—' : r.ok ? 'yes' : '**no**'} |`),
    '',
    ...NOTES,
    '',
  ];
  return lines.join('\n');
}

const wanted = (name: string) => !only || only.split(',').includes(name);
try {
  if (wanted('lookup')) benchLookup();
  if (wanted('start') || wanted('routes')) await prepareDataDir();
  if (wanted('start')) await benchStart();
  if (wanted('routes')) await benchRoutes();
  if (wanted('cases')) rows.push(...(await benchCases(smoke)));
  if (wanted('reports')) rows.push(...(await benchReports(smoke)));
  if (wanted('rules')) rows.push(...benchRules(smoke));
  if (wanted('ingest')) rows.push(...(await benchIngest(smoke)));
  if (wanted('external')) rows.push(...(await benchExternal(smoke)));
  if (wanted('cameras')) rows.push(...(await benchCameras(smoke)));
  if (wanted('points') || wanted('points-vopr')) rows.push(...(await benchPoints(smoke, wanted)));
  if (wanted('partywork')) rows.push(...(await benchPartywork(smoke)));
  if (wanted('expiry')) rows.push(...(await benchPointsExpiry(smoke)));
  if (wanted('shop')) rows.push(...(await benchShop()));
  if (wanted('places')) rows.push(...(await benchPlaces(smoke)));
  if (wanted('ideas')) rows.push(...(await benchIdeas(smoke)));
  if (wanted('credit')) rows.push(...(await benchCredit(smoke)));
  if (wanted('web')) rows.push(...(await benchWeb(smoke)));
  if (wanted('screen')) rows.push(...(await benchScreen(smoke)));
  if (wanted('soak')) rows.push(...(await benchScreenSoak(smoke, wanted('start') || wanted('routes') ? dataDir : null)));
  if (wanted('bulletins')) rows.push(...(await benchBulletins(smoke)));
  if (wanted('households')) rows.push(...(await benchHouseholds(smoke)));
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
const md = render();
console.log('\n' + md);
const out = smoke || only ? path.join(PROJECT_ROOT, '.tmp', 'benchmarks-smoke.md') : path.join(PROJECT_ROOT, 'docs', 'benchmarks.md');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, md);
console.log(`written to ${path.relative(PROJECT_ROOT, out)}`);
process.exit(0);
