/**
 * Telemetry over MQTT: the embedded broker (token as user name, QoS 1 acknowledged after the readings
 * are durable, unknown tokens refused at CONNECT) and, where Debian's Mosquitto is installed (the CI
 * machine), the external-broker subscriber on a broker of the test's own, fed by `mosquitto_pub` and mqtt.js.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { after, before, it } from 'node:test';
import { sql } from 'drizzle-orm';
import mqtt from 'mqtt';
import { loadConfig } from '../src/platform/config.ts';
import { startEmbeddedBroker, subscribeExternal, type MqttHandle } from '../src/devices/mqtt.ts';
import { makeDevice, makeReservoir } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff, type Area } from './helpers/factories.ts';
import { hasMosquitto, startMosquitto, type TestBroker } from './helpers/mosquitto.ts';

const mosquitto = hasMosquitto;
const hasMosquittoPub = (() => {
  try {
    execFileSync('mosquitto_pub', ['--help'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as { status?: number }).status !== undefined; // it exits non-zero on --help, but it exists
  }
})();

describeOnDatabases('telemetry over MQTT', ({ vb, kind }) => {
  let area: Area;
  let seq = 0;
  let broker: TestBroker;
  before(async () => {
    area = await makeArea(vb);
    // the external-broker tests use a Mosquitto of their own (its queues are theirs; counters every second)
    if (mosquitto) broker = await startMosquitto();
  });
  after(async () => {
    await broker?.stop();
  });

  async function device() {
    const name = `MQTT水库${process.pid}-${++seq}-${kind}`;
    const [lon, lat] = area.gridPoints[0];
    return makeDevice(vb, await makeReservoir(vb, { village: area.villages[0], at: [lon, lat], name }));
  }
  const stored = async (id: string) => Number(((await vb.platform.db.execute(sql`SELECT count(*)::int AS n FROM sensor_readings WHERE device_id = ${id}`)) as unknown as { rows: { n: number }[] }).rows[0].n);
  const until = async (check: () => Promise<boolean>, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  };

  it('embedded broker: token as user name, QoS 1 acknowledged once stored, redelivery stored once, bad token refused', async () => {
    const broker: MqttHandle = await startEmbeddedBroker([vb.services.ingest.mqttChannel()], vb.platform.log, 0, '127.0.0.1');
    try {
      const d = await device();
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: d.token, reconnectPeriod: 0 });
      const ts = Date.now() - 60_000;
      await client.publishAsync('v1/devices/me/telemetry', JSON.stringify({ ts, values: { level: 101.5, rain: 2 } }), { qos: 1 });
      assert.equal(await stored(d.id), 2, 'durable when the PUBACK arrives');
      await client.publishAsync('v1/devices/me/telemetry', JSON.stringify({ ts, values: { level: 101.5 } }), { qos: 1 });
      assert.equal(await stored(d.id), 2, 'a redelivered message is stored once');
      await client.publishAsync('v1/devices/me/telemetry', '{"level": ', { qos: 1 });
      const dead = ((await vb.platform.db.execute(sql`SELECT reason FROM ingest_dead_letters WHERE device_id = ${d.id}`)) as unknown as { rows: { reason: string }[] }).rows;
      assert.deepEqual(dead.map((r) => r.reason), ['malformed JSON']);
      await client.endAsync();
      await assert.rejects(mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: 'no-such-token', reconnectPeriod: 0 }), /Bad username or password|Not authorized|refused/i);
    } finally {
      await broker.close();
    }
  });

  it('a broker restart: the device reconnects, resends what was not acknowledged, and every reading is stored once', async () => {
    let broker: MqttHandle = await startEmbeddedBroker([vb.services.ingest.mqttChannel()], vb.platform.log, 0, '127.0.0.1');
    const port = broker.port!;
    const d = await device();
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { username: d.token, reconnectPeriod: 100, clean: false, clientId: `restart-${kind}-${seq}` });
    await new Promise((r) => client.once('connect', r));
    const t0 = Date.now() - 3_600_000;
    const acks: Promise<unknown>[] = [];
    try {
      for (let i = 0; i < 60; i++) {
        acks.push(client.publishAsync('v1/devices/me/telemetry', JSON.stringify({ ts: t0 + i * 1000, values: { level: 100 + i / 100 } }), { qos: 1 }));
        if (i === 30) {
          // the broker goes away with messages in flight and comes back on the same port
          await broker.close();
          broker = await startEmbeddedBroker([vb.services.ingest.mqttChannel()], vb.platform.log, port, '127.0.0.1');
        }
      }
      await Promise.all(acks);
      assert.equal(await stored(d.id), 60, 'all 60 readings, none twice');
    } finally {
      await client.endAsync();
      await broker.close();
    }
  });

  it('a poison message (NUL byte) is dead-lettered and acknowledged; the device goes on (issue 11 #9)', async () => {
    const broker = await startEmbeddedBroker([vb.services.ingest.mqttChannel()], vb.platform.log, 0, '127.0.0.1');
    try {
      const d = await device();
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: d.token, reconnectPeriod: 0 });
      const poison = Buffer.from('{"level": 1\u0000}', 'utf8');
      const acked = (p: Promise<unknown>) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      assert.ok(await acked(client.publishAsync('v1/devices/me/telemetry', poison, { qos: 1 })), 'PUBACK for the poison message');
      assert.ok(await acked(client.publishAsync('v1/devices/me/telemetry', JSON.stringify({ ts: Date.now() - 1000, values: { level: 100.5 } }), { qos: 1 })), 'the next good message is acknowledged');
      assert.equal(await stored(d.id), 1);
      const [dead] = await vb.platform.database.raw<{ reason: string; payload: string }>('SELECT reason, payload FROM ingest_dead_letters WHERE device_id = $1', [d.id]);
      assert.match(dead.reason, /^malformed JSON \(payload in base64/);
      assert.deepEqual(Buffer.from(dead.payload, 'base64'), poison, 'kept byte for byte');
      await client.endAsync();
    } finally {
      await broker.close();
    }
  });

  it('readings without ts over QoS 1: every acknowledged one stored exactly once (issue 11 #2)', async () => {
    const broker = await startEmbeddedBroker([vb.services.ingest.mqttChannel()], vb.platform.log, 0, '127.0.0.1');
    try {
      const d = await device();
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: d.token, reconnectPeriod: 0 });
      await Promise.all(Array.from({ length: 500 }, (_, i) => client.publishAsync('v1/devices/me/telemetry', JSON.stringify({ level: 100 + i / 1000 }), { qos: 1 })));
      await client.endAsync();
      const [r] = await vb.platform.database.raw<{ n: number; v: number }>('SELECT count(*)::int AS n, count(DISTINCT value)::int AS v FROM sensor_readings WHERE device_id = $1', [d.id]);
      assert.deepEqual([r.n, r.v], [500, 500], '500 acknowledged, 500 rows, none twice (most were lost when they shared a millisecond)');
    } finally {
      await broker.close();
    }
  });

  it('a packet over MQTT_MAX_PACKET_BYTES closes the connection, is logged and stores nothing (issue 11 #11)', async () => {
    const lines: string[] = [];
    const { default: pino } = await import('pino');
    const log = pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) });
    const broker = await startEmbeddedBroker([vb.services.ingest.mqttChannel()], log, 0, '127.0.0.1', { maxPacketBytes: 4096 });
    try {
      const d = await device();
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: d.token, reconnectPeriod: 0 });
      await client.publishAsync('v1/devices/me/telemetry', JSON.stringify({ ts: Date.now() - 1000, values: { level: 100.1 } }), { qos: 1 });
      const closed = new Promise<void>((r) => client.once('close', () => r()));
      void client.publishAsync('v1/devices/me/telemetry', JSON.stringify({ ts: Date.now(), values: { level: 100.2 }, pad: 'x'.repeat(10_000) }), { qos: 1 }).catch(() => {});
      await closed;
      assert.equal(await stored(d.id), 1, 'the oversized message is not taken');
      assert.ok(lines.some((l) => /MQTT_MAX_PACKET_BYTES/.test(l) && /"max":4096/.test(l)), lines.join('\n'));
      client.end(true);
    } finally {
      await broker.close();
    }
  });

  it('a taken port is reported and skipped', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const broker = await startEmbeddedBroker([vb.services.ingest.mqttChannel()], vb.platform.log, port, '127.0.0.1');
    assert.equal(broker.port, null);
    blocker.close();
  });

  it('external Mosquitto: the subscriber takes mosquitto_pub and mqtt.js messages', { skip: !mosquitto && 'no /usr/sbin/mosquitto' }, async () => {
    const group = `vbtest${process.pid}${kind}${Date.now()}`;
    const sub = await subscribeExternal([vb.services.ingest.mqttChannel()], vb.platform.log, broker.url, { clientId: group, clean: true });
    try {
      const d = await device();
      const topic = `v1/devices/${d.token}/telemetry`;
      if (hasMosquittoPub) {
        execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-q', '1', '-t', topic, '-m', JSON.stringify({ ts: Date.now() - 120_000, values: { level: 100.2 } })]);
        assert.ok(await until(async () => (await stored(d.id)) === 1), 'stored from mosquitto_pub');
      }
      const pub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
      await pub.publishAsync(topic, JSON.stringify([{ ts: Date.now() - 60_000, values: { level: 100.3 } }, { ts: Date.now(), values: { level: 100.4 } }]), { qos: 1 });
      await pub.endAsync();
      assert.ok(await until(async () => (await stored(d.id)) === (hasMosquittoPub ? 3 : 2)), 'stored from mqtt.js');
    } finally {
      await sub.close();
    }
  });

  it('external Mosquitto: the subscriber announces MQTT_MAX_PACKET_BYTES, a larger message is not taken (issue 11 #11)', { skip: !mosquitto && 'no /usr/sbin/mosquitto' }, async () => {
    const group = `vbmax${process.pid}${kind}${Date.now()}`;
    const sub = await subscribeExternal([vb.services.ingest.mqttChannel()], vb.platform.log, broker.url, { clientId: group, clean: true }, { maxPacketBytes: 4096 });
    try {
      const d = await device();
      const topic = `v1/devices/${d.token}/telemetry`;
      const pub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
      await pub.publishAsync(topic, JSON.stringify({ ts: Date.now() - 2000, values: { level: 100.1 }, pad: 'x'.repeat(10_000) }), { qos: 1 });
      await pub.publishAsync(topic, JSON.stringify({ ts: Date.now() - 1000, values: { level: 100.2 } }), { qos: 1 });
      await pub.endAsync();
      assert.ok(await until(async () => (await stored(d.id)) === 1), 'the small one is stored');
      await new Promise((r) => setTimeout(r, 300));
      const rows = await vb.platform.database.raw<{ key: string }>('SELECT key FROM sensor_readings WHERE device_id = $1', [d.id]);
      assert.deepEqual(rows.map((r) => r.key), ['level'], 'the large one never reached the ingest');
    } finally {
      await sub.close();
    }
  });

  it('external Mosquitto: many messages in flight at once, each acknowledged once stored, all stored once (issue 13 #1)', { skip: !mosquitto && 'no /usr/sbin/mosquitto' }, async () => {
    const group = `vbburst${process.pid}${kind}${Date.now()}`;
    const sub = await subscribeExternal([vb.services.ingest.mqttChannel()], vb.platform.log, broker.url, { clientId: group, clean: true });
    try {
      const devices = await Promise.all(Array.from({ length: 10 }, () => device()));
      const pub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
      const t0 = Date.now() - 3_600_000;
      await Promise.all(devices.flatMap((d) => Array.from({ length: 100 }, (_, i) =>
        pub.publishAsync(`v1/devices/${d.token}/telemetry`, JSON.stringify({ ts: t0 + i * 1000, values: { level: 100 + i / 100 } }), { qos: 1 }))));
      await pub.endAsync();
      for (const d of devices) assert.ok(await until(async () => (await stored(d.id)) === 100), `100 readings of ${d.name}`);
      assert.ok(sub.inbound!.peak > 1, `messages were taken concurrently (peak ${sub.inbound!.peak}), not one at a time`);
      assert.equal(sub.inbound!.failed, 0);
    } finally {
      await sub.close();
    }
  });

  it('INGEST_ID: the subscriber\'s client id is stable across restarts by default (not the process id), and can be set (issue 13 #2)', () => {
    const a = loadConfig({});
    assert.equal(a.ingestId, loadConfig({}).ingestId);
    assert.ok(!a.ingestId.includes(String(process.pid)), a.ingestId);
    assert.equal(loadConfig({ INGEST_ID: 'ingest-a' }).ingestId, 'ingest-a');
    // the session belongs to the partition: its standby (another host) takes the same one over
    assert.equal(loadConfig({ INGEST_PARTITIONS: '3', INGEST_PARTITION: '2' }).ingestId, 'villagebrain-ingest-2of3');
    assert.throws(() => loadConfig({ INGEST_PARTITIONS: '2', INGEST_PARTITION: '2' }), /INGEST_PARTITION=2 must be below INGEST_PARTITIONS=2/);
  });

  it('external Mosquitto: a restarted consumer with the same INGEST_ID takes its session back; every acknowledged reading stored once (issue 13 #2)', { skip: !mosquitto && 'no /usr/sbin/mosquitto' }, async () => {
    const id = `vbingest${process.pid}${kind}${Date.now()}`;
    let sub = await subscribeExternal([vb.services.ingest.mqttChannel()], vb.platform.log, broker.url, { clientId: id, clean: false });
    const d = await device();
    const pub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    try {
      const t0 = Date.now() - 3_600_000;
      const sendRange = (from: number, to: number) => Promise.all(Array.from({ length: to - from }, (_, k) =>
        pub.publishAsync(`v1/devices/${d.token}/telemetry`, JSON.stringify({ ts: t0 + (from + k) * 1000, values: { level: 100 + (from + k) / 1000 } }), { qos: 1 })));
      await sendRange(0, 150);
      // the consumer stops mid-stream (its session stays in the broker) and a new process with the same id starts
      await sub.close();
      await sendRange(150, 300);
      sub = await subscribeExternal([vb.services.ingest.mqttChannel()], vb.platform.log, broker.url, { clientId: id, clean: false });
      assert.ok(await until(async () => (await stored(d.id)) >= 300, 20_000), `stored ${await stored(d.id)} of 300`);
      await new Promise((r) => setTimeout(r, 300));
      const [r] = await vb.platform.database.raw<{ n: number; v: number }>('SELECT count(*)::int AS n, count(DISTINCT ts)::int AS v FROM sensor_readings WHERE device_id = $1', [d.id]);
      assert.deepEqual([r.n, r.v], [300, 300]);
    } finally {
      await pub.endAsync();
      await sub.close();
      // retire the session, as the README says
      const retire = await mqtt.connectAsync(broker.url, { clientId: id, clean: true, reconnectPeriod: 0 });
      await retire.endAsync();
    }
  });

  it('external Mosquitto: messages the broker drops (its queue limit) are said in the log and in the health (issue 13 #3)', { skip: !mosquitto && 'no /usr/sbin/mosquitto' }, async () => {
    const lines: string[] = [];
    const { default: pino } = await import('pino');
    const log = pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) });
    const group = `vbdrop${process.pid}${kind}${Date.now()}`;
    const sub = await subscribeExternal([vb.services.ingest.mqttChannel()], log, broker.url, { clientId: group, clean: true });
    // an offline persistent session past Mosquitto's default max_queued_messages (1000): the broker drops the rest
    const idleId = `${group}-idle`;
    const topic = `vbdrop/${group}`;
    try {
      assert.equal(sub.health!().status, 'ok');
      const idle = await mqtt.connectAsync(broker.url, { clientId: idleId, clean: false, reconnectPeriod: 0 });
      await idle.subscribeAsync(topic, { qos: 1 });
      await idle.endAsync();
      const pub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
      await Promise.all(Array.from({ length: 1200 }, () => pub.publishAsync(topic, 'x', { qos: 1 })));
      await pub.endAsync();
      // Mosquitto publishes its counters every sys_interval (1 s on the test's broker)
      assert.ok(await until(async () => sub.health!().brokerDropped > 0, 25_000), 'the drop is seen');
      assert.equal(sub.health!().status, 'dropping');
      assert.ok(lines.some((l) => /dropped messages/.test(l)), lines.join('\n'));
    } finally {
      await sub.close();
      const retire = await mqtt.connectAsync(broker.url, { clientId: idleId, clean: true, reconnectPeriod: 0 });
      await retire.endAsync();
    }
  });

  it('the storm chain through Mosquitto: readings → warning → major alarm → an urgent case for the village grid worker', { skip: !mosquitto && 'no /usr/sbin/mosquitto' }, async () => {
    const worker = await makeStaff(vb, 'grid_worker', area.villages[1]);
    const group = `vbchain${process.pid}${kind}${Date.now()}`;
    const sub = await subscribeExternal([vb.services.ingest.mqttChannel()], vb.platform.log, broker.url, { clientId: group, clean: true });
    try {
      const name = `蚊子岭水库-${kind}-${process.pid}`;
      const [lon, lat] = area.gridPoints[2];
      const reservoir = await makeReservoir(vb, { village: area.villages[1], at: [lon, lat], name, levels: { normalLevel: 60, designFloodLevel: 62, checkFloodLevel: 63 } });
      const d = await makeDevice(vb, reservoir);
      const pub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
      const t0 = Date.now() - 10 * 3_600_000;
      // rising 0.4 m/h: slower than the critical rate, so warning, then major at the design level
      const levels = [59.6, 59.8, 60.0, 60.2, 60.4, 60.6, 60.8, 61.0, 61.2, 61.4, 61.6, 61.8, 62.0, 62.2, 62.4];
      // one message at a time, in order, as a gauge would send them half an hour apart
      for (const [i, level] of levels.entries()) {
        await pub.publishAsync(`v1/devices/${d.token}/telemetry`, JSON.stringify({ ts: t0 + i * 1_800_000, values: { level } }), { qos: 1 });
        const end = Date.now() + 5000;
        while ((await stored(d.id)) < i + 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      }
      await pub.endAsync();
      // readings are stored before they are judged: wait for the rules of the last one
      const end = Date.now() + 10_000;
      while ((sub.inbound!.taken < levels.length || sub.inbound!.inFlight > 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      await vb.services.ingest.rules.drained();
      const [alarm] = await vb.platform.database.raw<{ severity: string; case_id: string | null }>("SELECT severity, case_id FROM alarms WHERE device_id = $1 AND state <> 'cleared'", [d.id]);
      assert.equal(alarm?.severity, 'major');
      const [c] = await vb.platform.database.raw<{ category_code: string; assignee_id: string; severity: string }>('SELECT category_code, assignee_id, severity FROM cases WHERE id = $1', [alarm.case_id]);
      assert.deepEqual([c.category_code, c.severity, c.assignee_id], ['1202', 'urgent', worker.id]);
    } finally {
      await sub.close();
    }
  });
});
