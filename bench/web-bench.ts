/**
 * The console in the browser (issue 15): how much JavaScript a command-room operator's browser loads
 * before the first screen, and how long the case queue with 200 cases takes to appear in headless
 * Chromium, beside a blank page from the same server in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { PROJECT_ROOT, WEB_DIST } from '../src/platform/paths.ts';
import { ensureBuilt, fmt, median, port, spawnChild, waitForHttp, type BenchRow } from './lib.ts';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const OPERATOR = { username: 'gouxi.operator', password: 'demo1234' };
/** A grid worker of the operator's township (沟溪乡): their reports fill the queue up to 200. */
const GRID_WORKER = { username: 'yudong.grid', password: 'demo1234' };
const QUEUE = 200;

async function loginToken(base: string, who: { username: string; password: string }): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) });
  if (!r.ok) throw new Error(`log-in of ${who.username}: ${r.status}`);
  return ((await r.json()) as { token: string }).token;
}

async function getJson<T>(base: string, token: string, url: string): Promise<T> {
  const r = await fetch(base + url, { headers: { authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`GET ${url}: ${r.status}`);
  return (await r.json()) as T;
}

/**
 * The demo's year of history gives 沟溪乡 ≈ 55 cases (≈ 650 over the district's townships): the grid
 * worker of 余东村 reports the rest through the API, so the operator's queue holds 200.
 */
export async function fillQueue(base: string): Promise<number> {
  const operator = await loginToken(base, OPERATOR);
  const count = async () => (await getJson<{ items: unknown[] }>(base, operator, `/api/cases?limit=${QUEUE}`)).items.length;
  const missing = QUEUE - (await count());
  if (missing > 0) {
    const grid = await loginToken(base, GRID_WORKER);
    const me = await getJson<{ memberships: { regionCode: string }[] }>(base, grid, '/api/me');
    // the village's grids (GeoJSON features): a report at a grid's centre is placed in it
    const { features } = await getJson<{ features: { properties: { centerLon: number | null; centerLat: number | null } }[] }>(base, grid, `/api/regions/${me.memberships[0].regionCode}/children`);
    const cells = features.map((f) => f.properties).filter((g) => g.centerLon !== null && g.centerLat !== null);
    if (cells.length === 0) throw new Error(`${GRID_WORKER.username}'s village has no grids to report in`);
    for (let i = 0; i < missing; i++) {
      const { centerLon: lon, centerLat: lat } = cells[i % cells.length];
      const r = await fetch(`${base}/api/cases`, {
        method: 'POST', headers: { authorization: `Bearer ${grid}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `路边暴露垃圾 ${i + 1}`, description: '测试上报：队列渲染', categoryCode: '0102', lon, lat }),
      });
      if (r.status !== 201) throw new Error(`report ${i + 1}: ${r.status} ${await r.text()}`);
    }
  }
  const n = await count();
  if (n < QUEUE) throw new Error(`the operator sees ${n} cases, the bench needs ${QUEUE}`);
  return n;
}

export interface InitialJs {
  /** The files the browser loads before the app runs: index.html's entry and modulepreloads, and what they import statically. */
  files: { file: string; bytes: number; gzip: number }[];
  gzip: number;
}

/**
 * The JavaScript every visit loads: index.html's module script and modulepreload links, followed through
 * their static imports (`import … from "./x.js"`, `import "./x.js"`, `export … from`). Dynamic imports
 * (`import("./x.js")`: the pages, ECharts, Leaflet) are not followed — they load with what uses them.
 */
export function initialJs(dist = WEB_DIST): InitialJs {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const roots = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"|<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)]
    .map((m) => path.join(dist, m[1] ?? m[2]));
  const seen = new Map<string, Buffer>();
  const todo = [...roots];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    const code = fs.readFileSync(file);
    seen.set(file, code);
    // minified output: `from"./x.js"` / `import"./x.js"`; `import("./x.js")` has a parenthesis and is left out
    for (const m of code.toString().matchAll(/\b(?:from|import)\s*["']([^"']+\.js)["']/g)) todo.push(path.resolve(path.dirname(file), m[1]));
  }
  const files = [...seen].map(([file, code]) => ({ file: path.relative(dist, file), bytes: code.length, gzip: gzipSync(code).length }))
    .sort((a, b) => b.gzip - a.gzip);
  return { files, gzip: files.reduce((s, f) => s + f.gzip, 0) };
}

/** Milliseconds from navigation start (the page's time origin) to its load event: the floor for any page. */
async function blankPage(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const ms = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
  await page.close();
  return ms;
}

/**
 * Milliseconds from navigation start to the queue's first page of rows in the DOM, with the 200 cases
 * behind it (the pagination's last page is the 10th of 20 rows). Read in the page (performance.now() is
 * measured from the navigation), so Playwright's own round trips do not count.
 */
async function queuePage(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(() => {
    const rows = document.querySelectorAll('[data-testid=case-queue] tbody tr.ant-table-row').length;
    const last = [...document.querySelectorAll('.ant-table-pagination .ant-pagination-item')].at(-1)?.textContent;
    return rows >= 20 && last === '10' ? performance.now() : false;
  }, undefined, { polling: 'raf', timeout: 30_000 }).catch(async (e: unknown) => {
    // what the page showed instead: a screenshot beside the smoke table
    const shot = path.join(PROJECT_ROOT, '.tmp', 'web-bench-queue.png');
    await page.screenshot({ path: shot });
    const seen = await page.evaluate(() => ({
      rows: document.querySelectorAll('[data-testid=case-queue] tbody tr.ant-table-row').length,
      pages: [...document.querySelectorAll('.ant-table-pagination .ant-pagination-item')].map((x) => x.textContent),
    }));
    throw new Error(`the queue did not show 20 rows of ${QUEUE} cases (${url}: ${JSON.stringify(seen)}; screenshot ${shot}): ${String(e)}`);
  });
  const ms = (await handle.jsonValue()) as number;
  await page.close();
  return ms;
}

async function measureQueue(smoke: boolean): Promise<{ cold: number[]; warm: number[]; blank: number[]; cases: number; load: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-web-'));
  const p = port();
  const base = `http://127.0.0.1:${p}`;
  // the smoke run skips the year of history (minutes on PGlite): the grid worker's reports fill the queue alone
  const server = spawnChild('node', ['dist/main.mjs', 'start'], {
    DATA_DIR: dataDir, PORT: String(p), LOG_LEVEL: 'warn', MQTT_PORT: '0', POSTS_PER_MINUTE_PER_IP: '100000', DEMO_HISTORY: smoke ? 'false' : 'true',
  }, PROJECT_ROOT);
  let browser: Browser | undefined;
  try {
    await waitForHttp(`${base}/healthz`, 600_000); // first start: initdb, migrate, the demo (and its year of history)
    const cases = await fillQueue(base);

    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    // log in once through the page, as a person does; every run starts from that session in a new context
    const first = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await first.goto(base);
    await first.getByTestId('username').fill(OPERATOR.username);
    await first.getByTestId('password').fill(OPERATOR.password);
    await first.getByTestId('login-submit').click();
    await first.getByTestId('user-name').waitFor();
    const session = await first.context().storageState();
    await first.context().close();

    const runs = smoke ? 1 : 7;
    // the machine is shared: its load (1-minute average, 2 cores) says how far the absolute times stretch
    const load: number[] = [os.loadavg()[0]];
    const cold: number[] = [];
    const warm: number[] = [];
    const blank: number[] = [];
    await queuePage(await browser.newContext({ storageState: session }), `${base}/app/cases`); // warm the server up
    for (let i = 0; i < runs; i++) {
      // a new context has an empty HTTP cache: cold is a first visit, warm the next one in the same context
      const context = await browser.newContext({ storageState: session, viewport: { width: 1440, height: 900 } });
      blank.push(await blankPage(context, `${base}/healthz`));
      cold.push(await queuePage(context, `${base}/app/cases`));
      warm.push(await queuePage(context, `${base}/app/cases`));
      await context.close();
      load.push(os.loadavg()[0]);
    }
    return { cold, warm, blank, cases, load: Math.max(...load) };
  } finally {
    await browser?.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchWeb(smoke: boolean): Promise<BenchRow[]> {
  ensureBuilt();
  const js = initialJs();
  const kb = js.gzip / 1024;
  const total = fs.readdirSync(path.join(WEB_DIST, 'assets')).filter((f) => f.endsWith('.js'))
    .reduce((s, f) => s + gzipSync(fs.readFileSync(path.join(WEB_DIST, 'assets', f))).length, 0) / 1024;
  const rows: BenchRow[] = [{
    name: `console's initial JS: index.html's entry and modulepreloads with their static imports (${js.files.length} files; pages, ECharts, Leaflet load with their pages)`,
    value: `${fmt(kb, 1)} KB gzip`,
    baseline: `${fmt(total, 1)} KB gzip: all of the app's JS`,
    ratio: fmt(kb / total, 2),
    target: '≤ 300 KB gzip',
    ok: kb <= 300,
  }];
  const q = await measureQueue(smoke);
  const cold = median(q.cold);
  const blank = median(q.blank);
  rows.push({
    name: `case queue (20 rows of the ${q.cases} loaded) rendered in headless Chromium, navigation → rows, logged-in operator, new context (median of ${q.cold.length})`,
    value: `${fmt(cold)} ms cold cache (runs: ${q.cold.map((x) => fmt(x)).join(', ')}); ${fmt(median(q.warm))} ms warm; load average up to ${fmt(q.load, 1)}`,
    baseline: `${fmt(blank, 1)} ms: navigation → load of a blank page (/healthz) from the same server`,
    ratio: fmt(cold / blank, 1),
    target: '< 1,000 ms',
    ok: cold < 1000,
  });
  return rows;
}
