/**
 * Telemetry through an external broker (issue 13): a Mosquitto of the bench's own, 1,000 noisy gauges
 * (each its own reservoir, walking around its 汛限 in steps of ≈0.35 m a minute), 200,000 QoS-1 readings
 * `{"ts":…,"values":{"water_level":…}}` on `v1/devices/<token>/telemetry`, the built server subscribed
 * through MQTT_URL with the rules (and alarm cases) on. Baseline in the same run: a raw mqtt.js
 * subscriber on the same broker taking the same messages (before and after, mean). Then the same load
 * through two ingest processes (INGEST_PARTITIONS=2) on the same machine. Counted afterwards in
 * PostgreSQL: readings lost and duplicated, and alarm cases per gauge and episode.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { buildCore } from '../src/app.ts';
import { seededRandom } from '../src/demo/demo-data.ts';
import { loadConfig } from '../src/platform/config.ts';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { floodLimitAt } from '../src/sensors/rules.ts';
import { hasMosquitto, startMosquitto } from '../test/helpers/mosquitto.ts';
import { withDatabase } from './cases-bench.ts';
import { ensureBuilt, fmt, port, spawnChild, waitForHttp, type BenchRow, type Child } from './lib.ts';

const PUBLISHERS = 4;
const WINDOW = 500; // QoS 1 messages each publisher keeps in flight
const INFLIGHT = Number(process.env.BENCH_INFLIGHT ?? 500); // the subscribers' window (MQTT_INFLIGHT)

interface Gauge { token: string; flood: number }

/** The stream: per minute, one reading of every gauge; a noisy walk pulled back towards 汛限. */
function stream(gauges: Gauge[], steps: number, seed: number): string[][] {
  const rand = seededRandom(seed);
  const level = gauges.map((g) => g.flood - (process.env.BENCH_QUIET ? 5 : 0.2));
  const t0 = Date.now() - (steps + 60) * 60_000;
  const out: string[][] = gauges.map(() => []);
  for (let i = 0; i < steps; i++) {
    for (const [k, g] of gauges.entries()) {
      level[k] += (rand() - 0.5) * 0.7 + (g.flood - (process.env.BENCH_QUIET ? 5 : 0) - level[k]) * 0.1;
      out[k].push(JSON.stringify({ ts: t0 + i * 60_000, values: { water_level: Math.round(level[k] * 1000) / 1000 } }));
    }
  }
  return out;
}

/** Publish every gauge's readings in order (a gauge always through the same client); resolves when all are acknowledged. */
async function publishAll(url: string, prefix: string, gauges: Gauge[], bodies: string[][], onAck = () => {}): Promise<void> {
  const clients = await Promise.all(Array.from({ length: PUBLISHERS }, () => mqtt.connectAsync(url, { clean: true, reconnectPeriod: 0 })));
  await Promise.all(clients.map((c, ci) => new Promise<void>((resolve, reject) => {
    const mine = gauges.map((g, k) => ({ topic: `${prefix}/${g.token}/telemetry`, k })).filter((_, k) => k % PUBLISHERS === ci);
    const steps = bodies[0].length;
    let i = 0;
    let inflight = 0;
    const total = mine.length * steps;
    let done = 0;
    const next = () => {
      while (inflight < WINDOW && i < total) {
        const step = Math.floor(i / mine.length);
        const g = mine[i % mine.length];
        i++;
        inflight++;
        c.publish(g.topic, bodies[g.k][step], { qos: 1 }, (err) => {
          if (err) return reject(err);
          inflight--;
          onAck();
          if (++done === total) resolve();
          else next();
        });
      }
    };
    next();
  })));
  await Promise.all(clients.map((c) => c.endAsync()));
}

/** The raw rate: one mqtt.js subscriber on the same broker receiving the same messages. */
async function rawRate(url: string, gauges: Gauge[], bodies: string[][]): Promise<number> {
  const n = gauges.length * bodies[0].length;
  const sub = await mqtt.connectAsync(url, { clean: true, reconnectPeriod: 0 });
  await sub.subscribeAsync('bench/devices/+/telemetry', { qos: 1 });
  let got = 0;
  let resolveAll: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  sub.on('message', () => {
    if (++got === n) resolveAll();
  });
  const t0 = performance.now();
  await publishAll(url, 'bench/devices', gauges, bodies);
  await all;
  const rate = n / ((performance.now() - t0) / 1000);
  await sub.endAsync();
  return rate;
}

export async function benchExternal(smoke: boolean): Promise<BenchRow[]> {
  if (!hasMosquitto) return [{ name: 'MQTT ingest through an external broker', value: 'skipped', baseline: 'no /usr/sbin/mosquitto', ratio: '–', target: '–', ok: null }];
  ensureBuilt();
  const G = smoke ? 100 : 1000;
  const STEPS = smoke ? 50 : 200;
  const N = G * STEPS;
  const broker = await startMosquitto(['max_queued_messages 1000000', `max_inflight_messages ${INFLIGHT}`, 'persistence false', 'sys_interval 5']);
  try {
    return await withDatabase(async (url) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-ext-'));
      const servers: Child[] = [];
      const ports: string[] = [];
      let published = 0;
      const env = (partition: number, partitions: number) => ({
        DATABASE_URL: url, DATA_DIR: dataDir, PORT: String(port()), LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', MQTT_URL: broker.url, DEMO_HISTORY: 'false', DEMO_LIFE: 'false',
        MQTT_INFLIGHT: String(INFLIGHT), INGEST_PARTITIONS: String(partitions), INGEST_PARTITION: String(partition), INGEST_ID: `bench-${partition}of${partitions}`,
      });
      const start = async (partition: number, partitions: number) => {
        const e = env(partition, partitions);
        // BENCH_NODE_ARGS: e.g. --cpu-prof --cpu-prof-dir=/tmp/prof, to see where a server's time goes
        const child = spawnChild('node', [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'dist/main.mjs', 'start'], e, PROJECT_ROOT);
        servers.push(child);
        ports.push(e.PORT);
        await waitForHttp(`http://127.0.0.1:${e.PORT}/healthz`, 180_000);
        // HTTP listens before the subscriber has subscribed: a new session misses what comes before
        for (let i = 0; i < 600; i++) {
          const h = (await (await fetch(`http://127.0.0.1:${e.PORT}/healthz`)).json()) as { mqtt?: { ingest?: unknown } };
          if (h.mqtt?.ingest) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        return child;
      };
      try {
        const first = await start(0, 1); // migrates and seeds the demo district
        // the bench's gauges: each its own reservoir at a demo reservoir's place, with its levels
        const core = await buildCore(loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { startEvents: false });
        const dams = await core.services.sensors.listAssets(null);
        const gauges: Gauge[] = [];
        for (let i = 0; i < G; i++) {
          const d = dams[i % dams.length];
          const flood = floodLimitAt(d.floodLimits, d.normalLevel, Date.now()) ?? 100;
          const name = `压测外部水库 ${i}`;
          await core.services.sensors.addAsset({
            kind: 'reservoir', name, regionCode: d.regionCode, lon: d.lon, lat: d.lat, normalLevel: flood,
            floodLimits: [{ from: '01-01', to: '12-31', level: flood }], designFloodLevel: d.designFloodLevel ?? flood + 2, checkFloodLevel: d.checkFloodLevel ?? flood + 3,
          });
          const token = `bench-ext-${i}`;
          await core.services.sensors.addDevice(null, { assetName: name, kind: 'water_level', name: `压测外部水位计 ${i}`, token });
          gauges.push({ token, flood });
        }
        const count = async () => Number((await core.platform.database.raw<{ n: number }>(
          "SELECT count(*)::int AS n FROM sensor_readings r JOIN devices d ON d.id = r.device_id WHERE d.name LIKE '压测外部水位计%'", []))[0].n);
        /** Messages the running servers have taken (stored and acknowledged), from their /healthz. */
        const taken = async () => (await Promise.all(ports.slice(-servers.length).map(async (p) =>
          ((await (await fetch(`http://127.0.0.1:${p}/healthz`)).json()) as { mqtt: { ingest: { taken: number } } }).mqtt.ingest.taken))).reduce((a, b) => a + b, 0);
        /** Messages acknowledged whose rules have not run yet, over the running servers. */
        const judging = async () => (await Promise.all(ports.slice(-servers.length).map(async (p) =>
          ((await (await fetch(`http://127.0.0.1:${p}/healthz`)).json()) as { mqtt: { ingest: { rulesPending?: number } } }).mqtt.ingest.rulesPending ?? 0))).reduce((a, b) => a + b, 0);
        /** Publish a stream to the platform; the rate is messages over the time until the last is stored and judged. */
        const through = async (bodies: string[][], before: number) => {
          const base = await taken();
          const t0 = performance.now();
          published = 0;
          await publishAll(broker.url, 'v1/devices', gauges, bodies, () => published++);
          // stalled (nothing stored for a minute): say what the servers said
          let last = -1;
          let since = Date.now();
          // the servers' counters, not a count(*) that would load the database being measured
          for (let n = before + (await taken()) - base; n < before + N; n = before + (await taken()) - base) {
            if (n !== last) [last, since] = [n, Date.now()];
            if (Date.now() - since > 60_000) {
              const file = path.join(PROJECT_ROOT, '.tmp', 'bench-external-servers.log');
              const activity = await core.platform.database.raw(
                "SELECT pid, application_name, state, wait_event_type, wait_event, xact_start, left(query, 300) AS query FROM pg_stat_activity WHERE datname = current_database()", []);
              const health = await Promise.all(ports.slice(-servers.length).map((p) => fetch(`http://127.0.0.1:${p}/healthz`).then((r) => r.json(), (err: Error) => err.message)));
              fs.writeFileSync(file, [...servers.map((s) => s.output()), JSON.stringify({ published, health, activity }, null, 1)].join('\n---\n'));
              throw new Error(`stalled at ${n - before} of ${N}; the servers' output is in ${file}`);
            }
            await new Promise((r) => setTimeout(r, 100));
          }
          // the rules run behind the acknowledgements: the rate counts until they are done too
          while ((await judging()) > 0) await new Promise((r) => setTimeout(r, 50));
          return N / ((performance.now() - t0) / 1000);
        };
        /** After the counters say done: the rows themselves, once they stop changing (a redelivery counts twice in `taken`). */
        const settle = async (expected: number) => {
          let last = -1;
          for (let still = 0; still < 40; still++) {
            const n = await count();
            if (n >= expected) return n;
            if (n !== last) [last, still] = [n, 0];
            await new Promise((r) => setTimeout(r, 500));
          }
          return last;
        };
        const one = stream(gauges, STEPS, 13);
        await rawRate(broker.url, gauges, stream(gauges, Math.min(STEPS, 20), 1)); // warm-up
        const raw1 = await rawRate(broker.url, gauges, one);
        const rate1 = await through(one, 0);
        await settle(N);
        const raw2 = await rawRate(broker.url, gauges, one);
        const raw = (raw1 + raw2) / 2;
        const [stored] = await core.platform.database.raw<{ n: number; d: number }>(
          "SELECT count(*)::int AS n, count(DISTINCT (r.device_id, r.ts))::int AS d FROM sensor_readings r JOIN devices d ON d.id = r.device_id WHERE d.name LIKE '压测外部水位计%'", []);
        const [cases] = await core.platform.database.raw<{ episodes: number; cases: number; extra: number; gauges: number }>(`
          SELECT (SELECT count(*)::int FROM alarm_episodes e JOIN assets a ON a.id = e.asset_id WHERE a.name LIKE '压测外部水库%') AS episodes,
                 (SELECT count(DISTINCT e.case_id)::int FROM alarm_episodes e JOIN assets a ON a.id = e.asset_id WHERE a.name LIKE '压测外部水库%') AS cases,
                 (SELECT count(*)::int FROM cases c WHERE c.source = 'sensor' AND c.title LIKE '压测外部水库%' AND NOT EXISTS (SELECT 1 FROM alarm_episodes e WHERE e.case_id = c.id)) AS extra,
                 (SELECT count(DISTINCT e.asset_id)::int FROM alarm_episodes e JOIN assets a ON a.id = e.asset_id WHERE a.name LIKE '压测外部水库%') AS gauges`, []);
        // two ingest processes on the same machine: the next 200 minutes of the same gauges
        await first.stop();
        servers.length = 0;
        await Promise.all([start(0, 2), start(1, 2)]);
        const rate2 = await through(stream(gauges, STEPS, 14).map((bodies) => bodies.map((b) => b.replace(/"ts":(\d+)/, (_, t) => `"ts":${Number(t) + STEPS * 60_000}`))), N);
        const total = await settle(2 * N);
        await core.platform.database.close();
        const lost = N - stored.d;
        const dup = stored.n - stored.d;
        return [
          {
            name: `MQTT telemetry through an external Mosquitto into durable rows, rules and alarm cases on (PostgreSQL; ${fmt(G)} noisy gauges, ${fmt(N)} QoS-1 readings; lost ${lost}, duplicated ${dup})`,
            value: `${fmt(rate1)} msg/s`,
            baseline: `${fmt(raw)} msg/s: a raw mqtt.js subscriber on the same broker, same messages (mean of before and after)`,
            ratio: fmt(rate1 / raw, 2),
            target: '≥ 0.6 of the raw subscriber; 0 lost, 0 duplicated',
            ok: rate1 / raw >= 0.6 && lost === 0 && dup === 0,
          },
          {
            name: `the same through 2 ingest processes (INGEST_PARTITIONS=2) on this ${os.availableParallelism()}-core machine, beside the broker, PostgreSQL and the publishers (${fmt(total - N)} of ${fmt(N)} stored)`,
            value: `${fmt(rate2)} msg/s`,
            baseline: `${fmt(rate1)} msg/s: one process`,
            ratio: fmt(rate2 / rate1, 2),
            target: '≥ 1.5× one process where the cores allow (informative here)',
            ok: os.availableParallelism() >= 8 ? rate2 / rate1 >= 1.5 : null,
          },
          {
            name: `alarm cases from that noisy stream (${fmt(G)} gauges walking around 汛限, ±0.35 m a minute): ${cases.episodes} episodes on ${cases.gauges} gauges`,
            value: `${cases.cases} cases, ${cases.extra} outside an episode`,
            baseline: 'before issue 13: 3,364 cases from 1,000 gauges, 1,463 failed escalations',
            ratio: '–',
            target: '≤ 1 case per gauge and episode',
            ok: cases.extra === 0 && cases.cases <= cases.episodes,
          },
        ];
      } finally {
        for (const s of servers) await s.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  } finally {
    await broker.stop();
  }
}
