/**
 * The big screen's live path (issue 18): a case committed → its number in the ticker of every open wall,
 * p95, with 500 walls on the region's kiosk stream (each re-reads the figures on a frame, as the page
 * does), beside the same with one wall in the same run. The server runs in this process on PostgreSQL;
 * the walls in a worker thread over loopback.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { areaFeatures } from '../test/helpers/factories.ts';
import { withDatabase } from './cases-bench.ts';
import { fmt, type BenchRow } from './lib.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * 0.95) - 1)] ?? NaN;

export async function benchScreen(smoke: boolean): Promise<BenchRow[]> {
  const walls = smoke ? 50 : 500;
  const cases = smoke ? 3 : 10;
  return withDatabase(async (url) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-screen-'));
    const config = loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent', MQTT_PORT: '0', SEED_DEMO: 'false' });
    const vb = await buildApp(config, { logger: createLogger('silent', { pretty: false }) });
    try {
      await vb.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(vb.app.server.address() as AddressInfo).port}`;
      const { features, area } = areaFeatures(11);
      await vb.services.regions.importGeoJson(null, { type: 'FeatureCollection', features });
      await vb.services.regions.rebuildIndex();
      const u = await vb.services.users.createUser(null, { username: `b-gw-${crypto.randomBytes(3).toString('hex')}`, displayName: 'gw', password: 'bench-pass-1', kind: 'staff', memberships: [{ role: 'grid_worker', regionCode: area.villages[0] }] });
      const reporter = await vb.services.users.actorOf(u.id);
      const { token } = await vb.services.kiosks.create(null, { regionCode: area.district, name: 'bench wall', hours: 2 });

      /** n walls open; `cases` reports a second apart; ms from each commit to each wall showing it. */
      const run = async (n: number, label: string): Promise<number[]> => {
        const worker = new Worker(path.join(PROJECT_ROOT, 'bench/screen-clients.mjs'), { workerData: { base, region: area.district, token, walls: n } });
        await new Promise<void>((resolve, reject) => {
          worker.on('message', (m: { type: string }) => m.type === 'open' && resolve());
          worker.on('error', reject);
        });
        await sleep(1000);
        const committed = new Map<string, number>();
        for (let i = 0; i < cases; i++) {
          const [lon, lat] = area.gridPoints[i % area.gridPoints.length];
          const c = await vb.services.cases.report(reporter, { title: `${label} ${i}`, categoryCode: '0102', lon, lat, source: 'grid_worker' });
          committed.set(c.no, Date.now()); // report() returns after its commit
          await sleep(1000);
        }
        await sleep(3000);
        const seen = await new Promise<Record<string, number[]>>((resolve) => {
          worker.on('message', (m: { type: string; seen?: Record<string, number[]> }) => m.type === 'seen' && resolve(m.seen!));
          worker.postMessage('report');
        });
        await worker.terminate();
        const ms: number[] = [];
        for (const [no, at] of committed) {
          const shown = seen[no] ?? [];
          if (shown.length < n) throw new Error(`case ${no} reached ${shown.length} of ${n} walls`);
          ms.push(...shown.map((t) => t - at));
        }
        return ms;
      };
      const one = await run(1, 'one wall');
      const many = await run(walls, 'many walls');
      const v = p95(many);
      const b = p95(one);
      return [{
        name: `the big screen: a case committed → its number in the ticker of every open wall (${fmt(walls)} walls on a district's kiosk stream, each re-reading the figures on a frame as the page does; ${cases} cases a second apart; PostgreSQL)`,
        value: `p95 ${fmt(v)} ms (max ${fmt(Math.max(...many))} ms)`,
        baseline: `p95 ${fmt(b)} ms with one wall`,
        ratio: fmt(v / Math.max(b, 1), 2),
        target: 'p95 < 2,000 ms',
        ok: v < 2000,
      }];
    } finally {
      await vb.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
