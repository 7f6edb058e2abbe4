/**
 * Camera intake on PostgreSQL (issue 6): a synthetic stream of 1,000,000 detections from 200 cameras —
 * conditions of random length with silences between them, repeating once a second, a few weak
 * detections — pushed one detection per message through `CameraIntake.take` (parse, vendor code,
 * confidence, episode dedup, group-committed detection and episode rows, actions and cases when an
 * episode triggers). The cases opened must equal the triggers a reference model expects, exactly.
 * Baseline in the same run: the same rows written straight into camera_detections in 4,000-row
 * statements (no parsing, no episodes). Then the same intake with a 200 KB JPEG on every detection, and
 * the disk a day of 37 cameras needs under the snapshot policy.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { buildCore } from '../src/app.ts';
import { policyFor } from '../src/cameras/policy.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { areaFeatures } from '../test/helpers/factories.ts';
import { withDatabase } from './cases-bench.ts';
import { fmt, type BenchRow } from './lib.ts';

interface Det { cam: number; type: string; ts: number; confidence: number }
const TYPES: [string, string][] = [['exposed_garbage', '0102'], ['illegal_parking', '0502'], ['smoke_fire', '0107']];

/** The stream, per camera in time order, and the triggers a reference model expects (with cool-downs). */
function synthesize(cameras: number, total: number, seed = 7) {
  let s = seed;
  const rand = () => ((s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const perCam: Det[][] = Array.from({ length: cameras }, () => []);
  let expected = 0;
  let episodes = 0;
  const t0 = Date.now() - 20 * 3_600_000;
  const perCamera = Math.floor(total / cameras);
  for (let c = 0; c < cameras; c++) {
    let t = t0 + Math.floor(rand() * 60_000);
    const lastTrigger = new Map<string, number>();
    while (perCam[c].length < perCamera) {
      const [type, category] = TYPES[Math.floor(rand() * TYPES.length)];
      const p = policyFor(category);
      const len = Math.min(1 + Math.floor(rand() * 600), perCamera - perCam[c].length); // seconds, one detection each
      const first = t;
      let trig: number | null = null;
      for (let i = 0; i < len; i++) {
        const ts = t + i * 1000;
        perCam[c].push({ cam: c, type, ts, confidence: 0.7 + rand() * 0.3 });
        if (trig === null && (i + 1 >= p.triggerAfterCount || ts - first >= p.triggerAfterSeconds * 1000)) trig = ts;
      }
      episodes++;
      if (trig !== null && trig - (lastTrigger.get(type) ?? -Infinity) >= p.cooldownSeconds * 1000) {
        expected++;
        lastTrigger.set(type, trig);
      }
      // silence longer than any category's before the next condition
      t += (len - 1) * 1000 + (policyFor('0108').silenceSeconds + 1 + Math.floor(rand() * 600)) * 1000;
    }
  }
  return { perCam, expected, episodes, detections: perCam.reduce((a, d) => a + d.length, 0) };
}

async function pool<T>(lists: T[][], fn: (item: T) => Promise<void>) {
  await Promise.all(lists.map(async (list) => {
    for (const item of list) await fn(item);
  }));
}

/** A ≈200 KB JPEG made unique by a comment segment (media are content-addressed). */
function unique(jpeg: Buffer, n: number): Buffer {
  const note = Buffer.from(`vb-bench ${n}`);
  const seg = Buffer.alloc(4 + note.length);
  seg.writeUInt16BE(0xfffe, 0);
  seg.writeUInt16BE(note.length + 2, 2);
  note.copy(seg, 4);
  return Buffer.concat([jpeg.subarray(0, 2), seg, jpeg.subarray(2)]);
}

export async function benchCameras(smoke: boolean): Promise<BenchRow[]> {
  return withDatabase(async (url) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-cameras-'));
    const config = loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent', MEDIA_MAX_BYTES: String(1_048_576) });
    const { platform, services } = await buildCore(config, { logger: createLogger('silent', { pretty: false }), startEvents: false });
    try {
      const { features, area } = areaFeatures(9);
      await services.regions.importGeoJson(null, { type: 'FeatureCollection', features });
      await services.regions.rebuildIndex();
      const cameras = Number(process.env.BENCH_CAMERAS ?? (smoke ? 20 : 200));
      const total = Number(process.env.BENCH_DETECTIONS ?? (smoke ? 20_000 : 1_000_000));
      const tokens: string[] = [];
      for (let i = 0; i < cameras; i++) {
        const [lon, lat] = area.gridPoints[i % area.gridPoints.length];
        tokens.push((await services.cameras.add(null, { name: `bench-cam-${i}`, lon: lon + (i % 10) * 1e-4, lat, token: `bench-cam-${i}-${crypto.randomBytes(4).toString('hex')}` })).token);
      }
      const stream = synthesize(cameras, total);
      const intake = services.cameraIntake;
      // warm up: token lookups and prepared statements
      await intake.take('http', tokens[0], { kind: 'json', text: JSON.stringify({ type: 'exposed_garbage', time: Date.now() - 30 * 86_400_000 + 1, confidence: 0.1 }) }).catch(() => undefined);
      // the messages as they arrive (the HTTP layer has read the body): made before the clock starts
      const messages = stream.perCam.map((list) => list.map((d) => ({ token: tokens[d.cam], text: JSON.stringify({ type: d.type, confidence: d.confidence, time: d.ts }) })));
      const t0 = performance.now();
      await pool(messages, async (m) => {
        await intake.take('http', m.token, { kind: 'json', text: m.text });
      });
      await intake.idle(); // the actions the stream set off (cases) are part of the work
      const seconds = (performance.now() - t0) / 1000;
      await intake.closeSilent(Date.now() + 86_400_000);
      const db = platform.database;
      const [{ n: stored }] = await db.raw<{ n: number }>('SELECT count(*)::int AS n FROM camera_detections', []);
      const [{ n: eps }] = await db.raw<{ n: number }>('SELECT count(*)::int AS n FROM camera_episodes', []);
      const [{ n: cases }] = await db.raw<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE source = 'camera'", []);
      if (stored !== stream.detections) throw new Error(`${stored} of ${stream.detections} detections stored`);
      // baseline: the same rows straight into the table, 4,000 a statement
      await db.raw('CREATE TABLE bench_detections (LIKE camera_detections INCLUDING ALL)', []);
      const rows = stream.perCam.flat().map((d) => ({ c: crypto.randomUUID(), ch: 1, cat: '0102', t: new Date(d.ts).toISOString(), code: d.type, r: '', conf: d.confidence, e: crypto.randomUUID() }));
      const t1 = performance.now();
      for (let i = 0; i < rows.length; i += 4000) {
        await db.raw(`INSERT INTO bench_detections (camera_id, channel, category, ts, event_code, region, confidence, episode_id)
          SELECT c, ch, cat, t, code, r, conf, e FROM jsonb_to_recordset($1::jsonb) AS d(c uuid, ch int, cat text, t timestamptz, code text, r text, conf real, e uuid)`, [JSON.stringify(rows.slice(i, i + 4000))]);
      }
      const baseSeconds = (performance.now() - t1) / 1000;
      const out: BenchRow[] = [{
        name: `camera detections through intake, episode dedup and actions into durable rows (PostgreSQL, ${fmt(cameras)} cameras pushing one detection a message; ${fmt(stream.detections)} detections → ${fmt(eps)} episodes; cases opened ${fmt(cases)}, expected ${fmt(stream.expected)})`,
        value: `${fmt(stream.detections / seconds)} detections/s`,
        baseline: `${fmt(rows.length / baseSeconds)} rows/s: the same rows inserted straight, 4,000 a statement`,
        ratio: fmt(seconds / baseSeconds, 2),
        target: '≥ 20,000 detections/s; cases = expected episodes, exactly',
        ok: stream.detections / seconds >= 20_000 && cases === stream.expected && eps === stream.episodes,
      }];

      // with a 200 KB JPEG on every detection
      const noise = await sharp(crypto.randomBytes(520 * 390 * 3), { raw: { width: 520, height: 390, channels: 3 } }).jpeg({ quality: 93 }).toBuffer();
      const picCameras = smoke ? 4 : 10;
      const picStream = synthesize(picCameras, smoke ? 400 : 6000, 11);
      const mediaDir = path.join(dataDir, 'media');
      const du = (dir: string): number => (fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).reduce((a, e) => a + (e.isDirectory() ? du(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size), 0) : 0);
      const before = du(mediaDir);
      let k = 0;
      const t2 = performance.now();
      await pool(picStream.perCam, async (d) => {
        const picture = unique(noise, ++k).toString('base64');
        await intake.take('http', tokens[d.cam], { kind: 'json', text: JSON.stringify({ type: d.type, confidence: d.confidence, time: d.ts + 28_800_000, picture }) });
      });
      const picSeconds = (performance.now() - t2) / 1000;
      const bytes = du(mediaDir) - before;
      const perDetection = bytes / picStream.detections;
      // a day of 37 cameras (沟溪乡's sentinels) that see something a quarter of the time, once a second
      const perDay = 37 * 86_400 * 0.25;
      out.push({
        name: `… with a ${fmt(noise.length / 1024)} KB JPEG on every detection (${fmt(picStream.detections)} detections of ${picCameras} cameras; pictures kept on opening, trigger and once a minute)`,
        value: `${fmt(picStream.detections / picSeconds)} detections/s; ${fmt(bytes / 1_048_576, 1)} MB stored`,
        baseline: `disk a day for 37 cameras seeing something 25 % of the time: ${fmt((perDetection * perDay) / 1_073_741_824, 2)} GB (keeping every picture: ${fmt((perDay * (noise.length + 12_000)) / 1_073_741_824, 0)} GB)`,
        ratio: '—',
        target: 'state the rate and the disk a day for 37 cameras',
        ok: null,
      });
      return out;
    } finally {
      await platform.database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
