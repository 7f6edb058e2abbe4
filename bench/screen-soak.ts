/**
 * The big screen left on (issue 18): `npm start` with the demo (its year of history and its village
 * life), one wall in headless Chromium at 1920×1080 showing 柯城区, and the command room taking a question
 * on the hotline every 40 seconds and answering it 20 seconds later through the API, so the wall's
 * stream, ticker, counters, trend and map keep changing. Every sample (a minute in the CI version, ten in
 * the long one) the page's JS heap is measured after a forced garbage collection and a screenshot is
 * checked for a blank frame (one colour, or the white of a page between loads). The heap's growth is
 * the last samples' floor against the floor after the first minutes (a baseline of the same page in the
 * same run); the target is < 10 %.
 *
 *   npm run bench -- --only=soak                       10 minutes (CI's version with --smoke)
 *   SOAK_MINUTES=720 npm run bench -- --only=soak      the 12-hour run (outside CI)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { CHROMIUM_ARGS } from '../test/browser/helpers.ts';
import { fmt, port, spawnChild, waitForHttp, type BenchRow } from './lib.ts';

const KECHENG = '330802000000';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A frame is blank when it is (nearly) one colour: every channel's spread tiny. */
async function blank(png: Buffer): Promise<boolean> {
  const stats = await sharp(png).stats();
  return stats.channels.slice(0, 3).every((c) => c.stdev < 4);
}

async function api<T>(base: string, url: string, token: string | null, body?: unknown): Promise<T> {
  const r = await fetch(`${base}${url}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** The township's command room taking a villager's call (a 咨询 on the hotline, in 余东村) and answering it 20 s later (the wall's 新上报 and 办结). */
async function caseDriver(base: string, stop: () => boolean): Promise<{ reported: number; closed: number; failed: number }> {
  const login = (username: string) => api<{ token: string }>(base, '/api/auth/login', null, { username, password: 'demo1234' }).then((r) => r.token);
  const operator = await login('gouxi.operator');
  const tree = await api<{ items: { code: string; name: string; level: string; centerLon: number | null; centerLat: number | null }[] }>(base, '/api/regions/tree', operator);
  const grid = tree.items.find((r) => r.level === 'grid' && r.name.startsWith('余东村') && r.centerLon !== null)!;
  const done = { reported: 0, closed: 0, failed: 0 };
  let open: string | null = null;
  const act = (id: string, who: string, action: string, extra: Record<string, unknown>) => api(base, `/api/cases/${id}/actions`, who, { action, ...extra });
  while (!stop()) {
    try {
      if (open) {
        // the township's command room answers the question (待受理 → 办结 in one step: the wall's 办结)
        await act(open, operator, 'answer', { note: '已安排维修，路灯已恢复' });
        done.closed++;
        open = null;
      } else {
        const c = await api<{ id: string }>(base, '/api/cases', operator, { title: '大屏长跑测试：村图书馆几点开门？', categoryCode: '1501', lon: grid.centerLon, lat: grid.centerLat, source: 'hotline' });
        open = c.id;
        done.reported++;
      }
    } catch (e) {
      if (done.failed++ === 0) console.error(`soak: a case call failed (counted, the run goes on): ${(e as Error).message}`);
    }
    for (let i = 0; i < 20 && !stop(); i++) await sleep(1000);
  }
  return done;
}

/** `seeded`: a data directory the run already seeded with the demo (the start benches'), else a fresh one is seeded. */
export async function benchScreenSoak(smoke: boolean, seeded: string | null): Promise<BenchRow[]> {
  const minutes = Number(process.env.SOAK_MINUTES ?? 10);
  const sampleMs = (smoke || minutes <= 30 ? 1 : 10) * 60_000;
  const warmSamples = Math.min(3, Math.max(1, Math.floor(minutes / 5)));
  const dataDir = seeded ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-soak-'));
  const p = port();
  const base = `http://127.0.0.1:${p}`;
  const server = spawnChild('npm', ['start'], { DATA_DIR: dataDir, PORT: String(p), LOG_LEVEL: 'warn', MQTT_PORT: '0' }, PROJECT_ROOT);
  const shots = path.join(PROJECT_ROOT, '.tmp', 'soak');
  fs.mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'] });
  let stopping = false;
  try {
    await waitForHttp(`${base}/healthz`, 600_000); // the first start seeds the demo's year
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(base);
    await page.getByTestId('username').fill('leader');
    await page.getByTestId('password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor();
    await page.goto(`${base}/screen/${KECHENG}`);
    await page.getByTestId('counter-reported').waitFor({ timeout: 60_000 });
    const events: string[] = [];
    const note = (what: string) => events.push(`${new Date().toISOString().slice(11, 19)} ${what}`);
    page.on('crash', () => note('page crashed'));
    page.on('close', () => note('page closed'));
    page.on('pageerror', (e) => note(`page error: ${e.message.slice(0, 200)}`));
    browser.on('disconnected', () => note('browser disconnected'));
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    // a driver that cannot start (a log-in refused) is reported in the row, not an unhandled rejection that leaves the server up
    const driving = caseDriver(base, () => stopping).catch((e: Error) => {
      console.error(`soak: the case driver stopped: ${e.message}`);
      return { reported: 0, closed: 0, failed: 1 };
    });
    const samples: number[] = [];
    let blanks = 0;
    let lost: string | null = null;
    let stalled = 0;
    let lastClock = '';
    const t0 = Date.now();
    for (let i = 1; Date.now() - t0 < minutes * 60_000; i++) {
      await sleep(Math.min(sampleMs, minutes * 60_000 - (Date.now() - t0)));
      const used = await heap().catch((e: Error) => {
        // a wall that lost its page is the finding itself: reported in the row (and the run stops), not a crash of the bench
        lost = `the wall's page was lost after ${fmt((Date.now() - t0) / 60_000, 1)} min (${e.message.split('\n')[0]}; ${events.join('; ') || 'no page event'})`;
        console.error(`soak: ${lost}`);
        return null;
      });
      if (used === null) break;
      samples.push(used);
      console.error(`soak: ${fmt((Date.now() - t0) / 60_000, 1)} min, heap ${fmt(used / 1_048_576, 2)} MB`);
      const png = await page.screenshot();
      if (await blank(png)) {
        blanks++;
        fs.writeFileSync(path.join(shots, `blank-${i}.png`), png);
      }
      const clock = (await page.getByTestId('screen-clock').textContent().catch(() => '')) ?? '';
      if (clock === lastClock) stalled++; // the wall's clock stopped: a frozen page
      lastClock = clock;
      if (i === 1 || Date.now() - t0 >= minutes * 60_000) fs.writeFileSync(path.join(shots, `frame-${i}.png`), png);
    }
    stopping = true;
    const drove = await driving;
    const floor = (xs: number[]) => Math.min(...xs);
    const start = samples.length ? floor(samples.slice(0, warmSamples)) : NaN;
    const end = samples.length ? floor(samples.slice(-warmSamples)) : NaN;
    const growth = (end / start - 1) * 100;
    const mb = (b: number) => fmt(b / 1_048_576, 1);
    // the heap's course in ten steps, so a rise that levels off is told from one that keeps climbing
    const course = Array.from({ length: Math.min(10, samples.length) }, (_, k) => samples[Math.round((k * (samples.length - 1)) / Math.max(1, Math.min(10, samples.length) - 1))]);
    return [{
      name: `the big screen left on ${fmt(minutes)} min (柯城区 at 1920×1080, headless Chromium, the demo's life plus a question taken on the hotline and answered every 40 s: ${drove.reported} reported, ${drove.closed} closed, ${drove.failed} failed calls); ${samples.length} samples: heap after GC, a screenshot checked for a blank frame, the clock ticking`,
      value: `heap ${mb(end)} MB at the end (growth ${fmt(growth, 1)} %; course ${course.map(mb).join(' → ')} MB); ${blanks} blank frames, ${stalled} stalled clocks${lost ? `; ${lost}` : ''}`,
      baseline: `heap ${mb(start)} MB over the first ${warmSamples} samples`,
      ratio: fmt(end / start, 2),
      target: 'heap growth < 10 %, no blank frame',
      ok: !lost && growth < 10 && blanks === 0 && stalled === 0 && drove.reported > 0,
    }];
  } finally {
    stopping = true;
    await browser.close().catch(() => undefined);
    await server.stop();
    if (!seeded) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
