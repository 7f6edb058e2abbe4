/**
 * The external-broker path under the faults of issue 13, each on a Mosquitto of the test's own: the
 * broker restarted mid-stream, a 20 s network partition between the consumer and the broker,
 * redelivered duplicates and a device whose readings arrive out of order — every acknowledged reading
 * stored exactly once, rules judged in timestamp order — and several ingest processes (partitions)
 * whose rule decisions equal one process's replay of the same stream; a second process for a held
 * partition stands by and takes over.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import mqtt from 'mqtt';
import { seededRandom } from '../src/demo/demo-data.ts';
import { AdvisoryLease } from '../src/platform/db/lease.ts';
import { INGEST_LEASE_KEY, partitionOf, subscribeExternal, type MqttHandle } from '../src/devices/mqtt.ts';
import { allYearLevels, makeDevice, makeReservoir } from './builders/index.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { openTestDatabase, type DbKind, type TestDatabase } from './helpers/db.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, type Area } from './helpers/factories.ts';
import { hasMosquitto, startMosquitto, startRelay, type TestBroker } from './helpers/mosquitto.ts';

const skip = !hasMosquitto && 'no /usr/sbin/mosquitto';
const LEVELS = { flood: 111.5, design: 114.2, check: 115 };

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

interface Gauge {
  name: string;
  id: string;
  token: string;
}

/** `n` gauges; with `partitions`, tokens chosen so that gauge i falls in partition i mod partitions (random tokens left one empty now and then). */
async function gauges(vb: TestApp, area: Area, n: number, tag: string, partitions = 0): Promise<Gauge[]> {
  const out: Gauge[] = [];
  for (let i = 0; i < n; i++) {
    const name = `分区测试水库${tag}-${i}`;
    const [lon, lat] = area.gridPoints[i % area.gridPoints.length];
    const reservoir = await makeReservoir(vb, { village: area.villages[i % area.villages.length], at: [lon, lat], name, levels: allYearLevels(LEVELS) });
    let token: string | undefined;
    for (let k = 0; partitions > 0 && token === undefined; k++) {
      const candidate = `gauge-${process.pid}-${tag}-${i}-${k}-${crypto.randomUUID().slice(0, 8)}`;
      if (partitionOf(candidate, partitions) === i % partitions) token = candidate;
    }
    const d = await makeDevice(vb, reservoir, { name: `g${i}`, token });
    out.push({ name, id: d.id, token: d.token });
  }
  return out;
}

const storedOf = async (vb: TestApp, ids: string[]) => {
  const [r] = await vb.platform.database.raw<{ n: number; d: number }>(
    'SELECT count(*)::int AS n, count(DISTINCT (device_id, ts))::int AS d FROM sensor_readings WHERE device_id = ANY($1::uuid[])', [ids]);
  return r;
};

/** Publish with QoS 1 and keep what the broker acknowledged (the client resends what it did not). */
function publisher(url: string, id: string) {
  const c = mqtt.connect(url, { clientId: id, clean: false, reconnectPeriod: 200, connectTimeout: 5000 });
  c.on('error', () => {});
  const acked = new Set<string>();
  return {
    acked,
    send(token: string, ts: number, level: number) {
      c.publish(`v1/devices/${token}/telemetry`, JSON.stringify({ ts, values: { level } }), { qos: 1 }, (err) => {
        if (!err) acked.add(`${token}|${ts}`);
      });
    },
    end: () => c.endAsync(),
  };
}

describeOnDatabases('external broker faults', { skip }, ({ vb, kind, beforeApp }) => {
  let broker: TestBroker;
  let area: Area;
  let n = 0;
  beforeApp(async () => {
    broker = await startMosquitto(['max_queued_messages 100000']);
  });
  before(async () => {
    area = await makeArea(vb);
  });
  after(async () => {
    await broker?.stop();
  });
  const id = (what: string) => `vb-${what}-${kind}-${process.pid}-${++n}`;

  it('a device\'s duplicates are stored once and its late reading is stored but never judged out of order', async () => {
    const [g] = await gauges(vb, area, 1, id('late'));
    const sub = await subscribeExternal([vb.services.ingest.mqttChannel()], vb.platform.log, broker.url, { clientId: id('sub'), clean: true });
    const pub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    try {
      const t0 = Date.now() - 3_600_000;
      const m = 60_000;
      // 0 below 汛限, 1 and 3 above it (two in a row: warning), 2 late and below; 1 twice (a redelivery)
      const body = (i: number, level: number) => JSON.stringify({ ts: t0 + i * m, values: { level } });
      for (const [i, level] of [[0, 111], [1, 112], [1, 112], [3, 112], [2, 111], [4, 112]] as const) {
        await pub.publishAsync(`v1/devices/${g.token}/telemetry`, body(i, level), { qos: 1 });
      }
      assert.ok(await until(async () => (await storedOf(vb, [g.id])).n === 5, 10_000), 'five readings stored');
      // stored and acknowledged first, judged after (in order, behind the acknowledgements)
      assert.ok(await until(() => sub.inbound!.taken === 6 && sub.inbound!.inFlight === 0, 10_000), 'all six messages taken');
      await vb.services.ingest.rules.drained();
      assert.deepEqual(await storedOf(vb, [g.id]), { n: 5, d: 5 });
      const [a] = await vb.platform.database.raw<{ started_at: Date; severity: string }>('SELECT started_at, severity FROM alarms WHERE device_id = $1', [g.id]);
      // judged 0, 1, 3 (raised there: two in a row above 汛限), 4; the late 2 did not break the streak after the fact
      assert.equal(a?.severity, 'warning');
      assert.equal(new Date(a.started_at).getTime(), t0 + 3 * m);
    } finally {
      await pub.endAsync();
      await sub.close();
    }
  });

  it('the broker restarted mid-stream: every acknowledged reading stored exactly once', { timeout: 120_000 }, async () => {
    const gs = await gauges(vb, area, 4, id('restart'));
    const sub = await subscribeExternal([vb.services.ingest.mqttChannel()], vb.platform.log, broker.url, { clientId: id('sub'), clean: false });
    const pub = publisher(broker.url, id('pub'));
    const N = 3000;
    try {
      const t0 = Date.now() - 3_600_000;
      for (let i = 0; i < N / gs.length; i++) for (const g of gs) pub.send(g.token, t0 + i * 1000, 100 + (i % 50) / 100);
      assert.ok(await until(() => pub.acked.size >= N / 3, 60_000), 'a third acknowledged');
      await broker.restart();
      assert.ok(await until(() => pub.acked.size === N, 60_000), `all acknowledged after the restart (${pub.acked.size})`);
      assert.ok(await until(async () => (await storedOf(vb, gs.map((g) => g.id))).n >= N, 60_000), `all stored (${JSON.stringify(await storedOf(vb, gs.map((g) => g.id)))}, ${JSON.stringify(sub.inbound)})`);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(await storedOf(vb, gs.map((g) => g.id)), { n: N, d: N });
    } finally {
      await pub.end();
      await sub.close();
    }
  });

  it('a 20 s network partition between the consumer and the broker: nothing acknowledged is lost or stored twice', { timeout: 120_000 }, async () => {
    const gs = await gauges(vb, area, 3, id('partition'));
    const relay = await startRelay(broker.port);
    const sub = await subscribeExternal([vb.services.ingest.mqttChannel()], vb.platform.log, `mqtt://127.0.0.1:${relay.port}`, { clientId: id('sub'), clean: false });
    const pub = publisher(broker.url, id('pub'));
    let i = 0;
    const t0 = Date.now() - 3_600_000;
    const paced = setInterval(() => {
      for (const g of gs) pub.send(g.token, t0 + i * 1000, 100 + (i % 30) / 100);
      i++;
    }, 40);
    try {
      await new Promise((r) => setTimeout(r, 2000));
      relay.partition();
      await new Promise((r) => setTimeout(r, 20_000));
      relay.heal();
      await new Promise((r) => setTimeout(r, 2000));
      clearInterval(paced);
      const sent = i * gs.length;
      assert.ok(await until(() => pub.acked.size === sent, 30_000), `all acknowledged by the broker (${pub.acked.size}/${sent})`);
      assert.ok(await until(async () => (await storedOf(vb, gs.map((g) => g.id))).n >= sent, 60_000), `all stored (${(await storedOf(vb, gs.map((g) => g.id))).n}/${sent})`);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(await storedOf(vb, gs.map((g) => g.id)), { n: sent, d: sent });
    } finally {
      clearInterval(paced);
      await pub.end();
      await sub.close();
      await relay.close();
    }
  });

  it('2 and 3 ingest processes (partitions) decide exactly what one process decides on the same stream', { timeout: 240_000 }, async () => {
    const G = 12;
    const STEPS = 120;
    /** Each gauge a random walk around 汛限 and the design level, a reading a minute, all gauges interleaved. */
    const stream = (() => {
      const r = seededRandom(20261129); // the same stream for every run of a comparison
      const level = Array.from({ length: G }, () => 110.5 + r() * 2);
      const out: { g: number; i: number; level: number }[] = [];
      for (let i = 0; i < STEPS; i++) {
        for (let g = 0; g < G; g++) {
          level[g] = Math.min(116, Math.max(109, level[g] + (r() - 0.45) * 0.7));
          out.push({ g, i, level: Math.round(level[g] * 100) / 100 });
        }
      }
      return out;
    })();
    const t0 = Date.now() - 5 * 3_600_000;
    const run = async (processes: number) => {
      const db = await openTestDatabase(kind as DbKind);
      const first = await createTestApp(kind, {}, db);
      // the other "processes" share the database (on PGlite its one in-process instance, closed once)
      const shared: TestDatabase = { ...db, database: Object.create(db.database, { close: { value: async () => {} } }) };
      const runArea = await makeArea(first);
      const gs = await gauges(first, runArea, G, `p${processes}`, processes);
      const apps = [first];
      for (let k = 1; k < processes; k++) apps.push(await createTestApp(kind, {}, shared));
      const subs: MqttHandle[] = [];
      for (const [k, app] of apps.entries()) {
        subs.push(await subscribeExternal([app.services.ingest.mqttChannel()], app.platform.log, broker.url, { clientId: id(`part${k}`), clean: true, partition: { index: k, count: processes } }));
      }
      const pub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
      try {
        await Promise.all(stream.map((s) => pub.publishAsync(`v1/devices/${gs[s.g].token}/telemetry`, JSON.stringify({ ts: t0 + s.i * 60_000, values: { level: s.level } }), { qos: 1 })));
        assert.ok(await until(async () => (await storedOf(first, gs.map((g) => g.id))).n === stream.length, 120_000), 'all stored');
        await until(() => subs.every((s) => s.inbound!.inFlight === 0), 30_000);
        // the rules run behind the acknowledgements
        for (const app of apps) await app.services.ingest.rules.drained();
        if (processes > 1) {
          const mine = subs.map((_, k) => gs.filter((g) => partitionOf(g.token, processes) === k).length);
          assert.ok(mine.every((x) => x > 0), `every process owns gauges (${mine})`);
          for (const [k, s] of subs.entries()) assert.equal(s.inbound!.skipped, (G - mine[k]) * STEPS, `process ${k} left the other gauges to their processes`);
        }
        // the rule decisions (not the cases: their numbers follow which gauge's case came first)
        const rows = await first.platform.database.raw<{ device: string; action: string; severity: string | null; note: string | null }>(
          `SELECT d.name AS device, e.action, e.severity, e.note FROM alarm_events e JOIN alarms a ON a.id = e.alarm_id JOIN devices d ON d.id = a.device_id
              WHERE d.id = ANY($1::uuid[]) AND e.action IN ('raised', 'severity', 'cleared') ORDER BY d.name, e.id`, [gs.map((g) => g.id)]);
        return rows.map((r) => `${r.device} ${r.action} ${r.severity ?? ''} ${r.note ?? ''}`);
      } finally {
        await pub.endAsync();
        for (const s of subs) await s.close();
        for (const app of apps.slice(1)) await app.close();
        await first.destroy();
      }
    };
    const one = await run(1);
    assert.ok(one.length >= G, `the stream makes decisions to compare (${one.length})`);
    assert.deepEqual(await run(3), one, 'three processes decide as one does');
    assert.deepEqual(await run(2), one, 'two processes decide as one does');
  });

  it('a second process for a held partition stands by and takes over when the holder goes', { skip: kind === 'pglite' && 'PGlite serves one process', timeout: 120_000 }, async () => {
    const [g] = await gauges(vb, area, 1, id('lease'));
    const clientId = id('leased');
    const key = INGEST_LEASE_KEY(40 + (process.pid % 20));
    const lease = () => new AdvisoryLease(vb.platform.database, key, 'test', vb.platform.log, { retryMs: 200, checkMs: 200 });
    const a = await subscribeExternal([vb.services.ingest.mqttChannel()], vb.platform.log, broker.url, { clientId, clean: false, lease: lease() });
    const b = await subscribeExternal([vb.services.ingest.mqttChannel()], vb.platform.log, broker.url, { clientId, clean: false, lease: lease() });
    const pub = publisher(broker.url, id('pub'));
    try {
      assert.equal(a.health!().lease, 'held');
      assert.equal(b.health!().lease, 'standby');
      const t0 = Date.now() - 3_600_000;
      for (let i = 0; i < 200; i++) pub.send(g.token, t0 + i * 1000, 100);
      assert.ok(await until(async () => (await storedOf(vb, [g.id])).n === 200, 20_000), 'the holder stores');
      assert.equal(b.inbound!.taken, 0, 'the standby took nothing');
      await a.close();
      for (let i = 200; i < 400; i++) pub.send(g.token, t0 + i * 1000, 100);
      assert.ok(await until(() => b.health!().lease === 'held', 10_000), 'the standby takes the lease');
      assert.ok(await until(async () => (await storedOf(vb, [g.id])).n === 400, 20_000), `the new holder stores what came meanwhile (${(await storedOf(vb, [g.id])).n})`);
      assert.deepEqual(await storedOf(vb, [g.id]), { n: 400, d: 400 });
    } finally {
      await pub.end();
      await a.close();
      await b.close();
    }
  });
});
