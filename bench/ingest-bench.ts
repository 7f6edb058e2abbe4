/**
 * Telemetry through the broker (issue 5): devices publish QoS 1 readings to the platform's embedded
 * broker, which acknowledges each only after it is stored in PostgreSQL and the rules have judged it.
 * Baseline in the same run: the same Aedes broker without the platform, relaying the same publishers'
 * messages to one QoS 1 subscriber (raw broker → subscriber rate); Mosquitto, when one runs on 1883, as
 * a second reference. Publishers, broker and database share the machine's cores.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { buildCore } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { withDatabase } from './cases-bench.ts';
import { ensureBuilt, fmt, port, spawnChild, waitForHttp, type BenchRow } from './lib.ts';

const WINDOW = 20; // QoS 1 messages a device keeps in flight
const T0 = Date.now() - 200 * 86_400_000; // readings a second apart from 200 days ago: always in range

interface Publisher { username: string; topic: string }

/** Publishers send as fast as acknowledgements allow for `seconds`; returns messages acknowledged. */
async function publish(url: string, pubs: Publisher[], seconds: number, payload: (device: number, seq: number) => string, start: number[]): Promise<number> {
  const clients = await Promise.all(pubs.map((p) => mqtt.connectAsync(url, { username: p.username, clean: true, reconnectPeriod: 0 })));
  let acked = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(clients.map((c, d) => new Promise<void>((resolve) => {
    let inflight = 0;
    const next = () => {
      while (inflight < WINDOW && performance.now() < deadline) {
        inflight++;
        const seq = start[d]++;
        c.publish(pubs[d].topic, payload(d, seq), { qos: 1 }, (err) => {
          inflight--;
          if (!err) acked++;
          if (performance.now() < deadline) next();
          else if (inflight === 0) resolve();
        });
      }
      if (inflight === 0) resolve();
    };
    next();
  })));
  await Promise.all(clients.map((c) => c.endAsync()));
  return acked;
}

/** The raw broker → subscriber rate: messages the subscriber received per second. */
async function relayRate(url: string, devices: number, seconds: number): Promise<number> {
  const sub = await mqtt.connectAsync(url, { clean: true, reconnectPeriod: 0 });
  await sub.subscribeAsync('bench/#', { qos: 1 });
  let received = 0;
  sub.on('message', () => received++);
  const pubs = Array.from({ length: devices }, (_, i) => ({ username: `p${i}`, topic: `bench/${i}` }));
  const start = pubs.map(() => 0);
  const t0 = performance.now();
  await publish(url, pubs, seconds, (d, s) => JSON.stringify({ ts: T0 + s * 1000, values: { level: 110 + Math.sin(s / 50) } }), start);
  const elapsed = (performance.now() - t0) / 1000;
  await sub.endAsync();
  return received / elapsed;
}

const reachable = (p: number) => new Promise<boolean>((resolve) => {
  const s = net.connect(p, '127.0.0.1', () => { s.destroy(); resolve(true); });
  s.on('error', () => resolve(false));
});

export async function benchIngest(smoke: boolean): Promise<BenchRow[]> {
  ensureBuilt();
  const devices = smoke ? 20 : 200;
  const seconds = smoke ? 2 : 10;
  return withDatabase(async (url) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-ingest-'));
    const httpPort = port();
    const mqttPort = port();
    const server = spawnChild('node', ['dist/main.mjs', 'start'], { DATABASE_URL: url, DATA_DIR: dataDir, PORT: String(httpPort), LOG_LEVEL: 'warn', MQTT_PORT: String(mqttPort) }, PROJECT_ROOT);
    const aedesPort = port();
    const aedes = spawnChild('node', ['bench/aedes-server.mjs'], { PORT: String(aedesPort) }, PROJECT_ROOT);
    try {
      await waitForHttp(`http://127.0.0.1:${httpPort}/healthz`, 180_000); // migrate and seed the demo
      // the bench's gauges: water-level devices on the demo's reservoirs, with tokens of our choosing
      const core = await buildCore(loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { startEvents: false });
      const reservoirs = await core.services.sensors.listAssets(null);
      const pubs: Publisher[] = [];
      for (let i = 0; i < devices; i++) {
        await core.services.sensors.addDevice(null, { assetName: reservoirs[i % reservoirs.length].name, kind: 'water_level', name: `压测水位计 ${i}`, token: `bench-ingest-${i}` });
        pubs.push({ username: `bench-ingest-${i}`, topic: 'v1/devices/me/telemetry' });
      }
      await core.platform.database.close();
      // levels wander below the flood limits (rules run on every reading; few alarms)
      const payload = (d: number, s: number) => JSON.stringify({ ts: T0 + s * 1000, values: { level: 100 + d % 7 + Math.sin(s / 200) * 0.3 } });
      const start = pubs.map(() => 0);
      await publish(`mqtt://127.0.0.1:${mqttPort}`, pubs, 1, payload, start); // warm up: device lookups, prepared statements
      await relayRate(`mqtt://127.0.0.1:${aedesPort}`, devices, 1);
      const base = await relayRate(`mqtt://127.0.0.1:${aedesPort}`, devices, seconds);
      const t0 = performance.now();
      const acked = await publish(`mqtt://127.0.0.1:${mqttPort}`, pubs, seconds, payload, start);
      const rate = acked / ((performance.now() - t0) / 1000);
      const base2 = await relayRate(`mqtt://127.0.0.1:${aedesPort}`, devices, seconds);
      const baseRate = (base + base2) / 2;
      const { default: pg } = await import('pg');
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const stored = Number((await db.query("SELECT count(*)::int AS n FROM sensor_readings r JOIN devices d ON d.id = r.device_id WHERE d.name LIKE '压测水位计%'")).rows[0].n);
      const partitions = Number((await db.query("SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'sensor_readings'::regclass")).rows[0].n);
      await db.end();
      const total = start.reduce((a, b) => a + b, 0);
      if (stored < total - devices * WINDOW) throw new Error(`only ${stored} of ${total} acknowledged readings are stored`);
      const rows: BenchRow[] = [{
        name: `MQTT telemetry through the embedded broker into durable rows with rules judged (PostgreSQL, ${devices} devices, QoS 1, ${WINDOW} in flight each; ${fmt(stored)} rows stored in ${partitions} monthly partitions)`,
        value: `${fmt(rate)} msg/s`,
        baseline: `${fmt(baseRate)} msg/s: the same Aedes relaying the same publishers to one QoS 1 subscriber (mean of before and after)`,
        ratio: fmt(rate / baseRate, 2),
        target: '≥ 0.5 of the raw broker rate (ThingsBoard publishes 11,111 msg/s on 36 vCPU)',
        ok: rate / baseRate >= 0.5,
      }];
      if (await reachable(1883)) {
        const mosq = await relayRate('mqtt://127.0.0.1:1883', devices, seconds).catch(() => null);
        if (mosq) rows.push({ name: `raw Mosquitto (the machine's, port 1883) → one QoS 1 subscriber, same publishers`, value: `${fmt(mosq)} msg/s`, baseline: 'reference', ratio: fmt(rate / mosq, 2), target: '(informative: ingest ÷ Mosquitto)', ok: null });
      }
      return rows;
    } finally {
      await server.stop();
      await aedes.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
