/**
 * Crash test of MQTT ingest (issues 11 and 13, the standing suite): a real server process (`vb start`, with
 * its embedded broker, or subscribed to an external Mosquitto through MQTT_URL) takes QoS 1 telemetry from two devices — one sending `ts`, one not — and is killed with
 * SIGKILL while messages are in flight; a new process starts on the same data, the devices reconnect
 * and send again what was not acknowledged. Then: every acknowledged message is stored (lost = 0), and
 * with `ts` none twice (duplicates = 0). Without `ts` a message stored but not yet acknowledged when the
 * process died comes again with nothing that says it is the same (MQTT 3.1.1 resends without an id
 * that outlives the session): it may be stored twice, at most once per message in flight at the kill —
 * the figures are printed.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import mqtt from 'mqtt';
import { openDatabase } from '../src/platform/db/index.ts';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { createTestApp } from './helpers/app.ts';
import { dbKinds, openTestDatabase } from './helpers/db.ts';
import { makeArea } from './helpers/factories.ts';
import { freePort, hasMosquitto, reachable, startMosquitto, type TestBroker } from './helpers/mosquitto.ts';

const N = 1500;
const TOPIC = 'v1/devices/me/telemetry';

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function server(env: Record<string, string>): { child: ChildProcess; out: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/main.ts'), 'start'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', SERVE_WEB: 'false', SWEEP_INTERVAL_MS: '0', CAMERA_TICK_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, out: () => out };
}

/** The embedded broker in the server process, or an external Mosquitto the server subscribes to (MQTT_URL). */
const PATHS = ['embedded', 'external'] as const;

for (const kind of dbKinds()) for (const via of PATHS) {
  describe(`MQTT ingest under kill -9 [${kind}, ${via} broker]`, { skip: via === 'external' && !hasMosquitto && 'no /usr/sbin/mosquitto' }, () => {
    it('acknowledged ⊆ stored; with ts exactly once, without ts nothing lost', { timeout: 300_000 }, async (t) => {
      // a migrated database with two devices, then the app closed: the server process owns it from here
      const testDb = await openTestDatabase(kind);
      const vb = await createTestApp(kind, {}, testDb);
      const area = await makeArea(vb);
      const [lon, lat] = area.gridPoints[0];
      await vb.services.sensors.addAsset({ kind: 'reservoir', name: `崩溃测试水库-${process.pid}`, regionCode: area.villages[0], lon, lat });
      const withTs = await vb.services.sensors.addDevice(null, { assetName: `崩溃测试水库-${process.pid}`, kind: 'water_level', name: 'with-ts' });
      const noTs = await vb.services.sensors.addDevice(null, { assetName: `崩溃测试水库-${process.pid}`, kind: 'water_level', name: 'no-ts' });
      await vb.close();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-crash-'));
      if (kind === 'pglite') {
        fs.cpSync(testDb.dir!, path.join(dataDir, 'pglite'), { recursive: true });
        fs.rmSync(path.join(dataDir, 'pglite', '.vb-lock'), { force: true });
      }
      const broker: TestBroker | null = via === 'external' ? await startMosquitto(['max_queued_messages 100000']) : null;
      const mqttPort = broker?.port ?? (await freePort());
      const env = {
        DATA_DIR: dataDir, ...(testDb.url ? { DATABASE_URL: testDb.url } : {}),
        ...(broker ? { MQTT_URL: broker.url, INGEST_ID: `crash-ingest-${process.pid}-${kind}` } : { MQTT_PORT: String(mqttPort) }),
      };
      let proc = server(env);
      const clients: mqtt.MqttClient[] = [];
      // the server is up: its embedded broker listens, or it has subscribed to the external one
      const up = () => (broker ? /running at/.test(proc.out()) : reachable(mqttPort));
      try {
        await until(up, 60_000, `the server (${proc.out()})`);
        const acked = { ts: new Set<number>(), none: new Set<number>() };
        const t0 = Date.now() - 3_600_000;
        const send = (token: string, which: 'ts' | 'none') => {
          const c = mqtt.connect(`mqtt://127.0.0.1:${mqttPort}`, { username: token, clientId: `crash-${which}-${process.pid}-${via}`, clean: false, reconnectPeriod: 200, connectTimeout: 5000 });
          c.on('error', () => {});
          clients.push(c);
          for (let i = 0; i < N; i++) {
            const body = which === 'ts' ? { ts: t0 + i * 1000, values: { seq: i } } : { seq: i };
            c.publish(broker ? `v1/devices/${token}/telemetry` : TOPIC, JSON.stringify(body), { qos: 1 }, (err) => {
              if (!err) acked[which].add(i);
            });
          }
        };
        send(withTs.token, 'ts');
        send(noTs.token, 'none');
        // kill -9 with messages in flight
        await until(() => acked.ts.size + acked.none.size >= (2 * N) / 4, 120_000, 'a quarter of the acknowledgements');
        const atKill = { ts: acked.ts.size, none: acked.none.size };
        proc.child.kill('SIGKILL');
        await new Promise((r) => proc.child.once('exit', r));
        fs.rmSync(path.join(dataDir, 'pglite', '.vb-lock'), { force: true, recursive: true });
        proc = server(env);
        await until(() => acked.ts.size === N && acked.none.size === N, 180_000, `every acknowledgement after the restart (${acked.ts.size}, ${acked.none.size}; ${proc.out()})`);
        if (broker) {
          // the broker acknowledged the devices; the server takes the rest from its session: wait until it is idle
          await until(() => /running at/.test(proc.out()), 60_000, `the new server (${proc.out()})`);
          const port = /running at http:\/\/[^:]+:(\d+)/.exec(proc.out())![1];
          let last = -1;
          let still = 0;
          await until(async () => {
            const h = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { mqtt: { ingest?: { taken: number; inFlight: number } } };
            const i = h.mqtt.ingest!;
            still = i.inFlight === 0 && i.taken === last ? still + 1 : 0;
            last = i.taken;
            return still >= 20; // ≈ 1 s with nothing new
          }, 120_000, 'the server to take what the broker queued for it');
        }
        for (const c of clients) await c.endAsync();
        proc.child.kill('SIGTERM');
        await new Promise((r) => proc.child.once('exit', r));

        const db = await openDatabase({ databaseUrl: testDb.url, pgliteDir: testDb.url ? null : path.join(dataDir, 'pglite'), holder: 'crash test' });
        try {
          const count = async (deviceId: string) => {
            const rows = await db.raw<{ v: number; n: number }>('SELECT value AS v, count(*)::int AS n FROM sensor_readings WHERE device_id = $1 AND key = $2 GROUP BY value', [deviceId, 'seq']);
            const seen = new Map(rows.map((r) => [Number(r.v), r.n]));
            return { seen, duplicates: rows.reduce((a, r) => a + r.n - 1, 0) };
          };
          const a = await count(withTs.id);
          const b = await count(noTs.id);
          const lostTs = [...acked.ts].filter((i) => !a.seen.has(i)).length;
          const lostNone = [...acked.none].filter((i) => !b.seen.has(i)).length;
          t.diagnostic(`with ts: ${N} sent, ${atKill.ts} acknowledged before kill -9, ${acked.ts.size} in all, ${a.seen.size} stored, lost ${lostTs}, duplicated ${a.duplicates}`);
          t.diagnostic(`without ts: ${N} sent, ${atKill.none} acknowledged before kill -9, ${acked.none.size} in all, ${b.seen.size} stored, lost ${lostNone}, duplicated ${b.duplicates}`);
          assert.equal(lostTs, 0, 'with ts: every acknowledged message stored');
          assert.equal(a.duplicates, 0, 'with ts: none twice');
          assert.equal(a.seen.size, N);
          assert.equal(lostNone, 0, 'without ts: every acknowledged message stored');
          assert.equal(b.seen.size, N);
          // in flight at the kill: what the devices had not had acknowledged (embedded), or the server's window (external)
          assert.ok(b.duplicates <= (broker ? 500 : N - atKill.none), 'without ts: at most the messages in flight at the kill stored twice');
        } finally {
          await db.close();
        }
      } finally {
        for (const c of clients) c.end(true);
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
        await broker?.stop();
        await testDb.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
