/**
 * `vb simulate --storm 杨家源水库` against a served demo with its embedded MQTT broker: the gauges connect
 * with their well-known tokens, publish QoS 1 readings, and the storm ends in a major alarm with a case
 * for 麻蓬村's grid worker. `--via http` takes the HTTP API instead.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { startEmbeddedBroker, type MqttHandle } from '../src/devices/mqtt.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';

describe('vb simulate', () => {
  let vb: TestApp;
  let base: string;
  let broker: MqttHandle;
  before(async () => {
    vb = await createTestApp('pglite');
    await seedDemo(vb.platform, vb.services);
    await vb.services.regions.rebuildIndex();
    await vb.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(vb.app.server.address() as AddressInfo).port}`;
    // as `vb start` does: the embedded broker, announced on /healthz
    broker = await startEmbeddedBroker([vb.services.ingest.mqttChannel()], vb.platform.log, 0, '127.0.0.1');
    vb.platform.mqtt = { mode: 'embedded', port: broker.port };
  });
  after(async () => {
    await broker.close();
    await vb.destroy();
  });

  const cli = (args: string[]) => new Promise<{ code: number | null; out: string }>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/main.ts'), ...args], { cwd: PROJECT_ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });

  it('a storm on 杨家源水库 ends in a major alarm and a case for 麻蓬村; an unknown reservoir is a usage error', async () => {
    const r = await cli(['simulate', '--url', base, '--storm', '杨家源水库', '--rounds', '20', '--every', '0']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Sent 500 messages to mqtt:\/\/127\.0\.0\.1:\d+ \(MQTT\)/, '25 devices × 20 rounds, over the embedded broker');
    const [alarm] = await vb.platform.database.raw<{ severity: string; case_id: string | null }>(
      "SELECT a.severity, a.case_id FROM alarms a JOIN assets s ON s.id = a.asset_id WHERE s.name = '杨家源水库' AND a.type = 'water_level' AND a.state <> 'cleared'", []);
    assert.ok(alarm && ['major', 'critical'].includes(alarm.severity), JSON.stringify(alarm));
    const [c] = await vb.platform.database.raw<{ assignee: string }>('SELECT u.username AS assignee FROM cases c JOIN users u ON u.id = c.assignee_id WHERE c.id = $1', [alarm.case_id]);
    assert.equal(c.assignee, 'mapeng.grid');
    const calm = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM alarms a JOIN assets s ON s.id = a.asset_id WHERE s.name <> '杨家源水库'", []);
    assert.equal(calm[0].n, 0, 'the other reservoirs stay calm');
    const http = await cli(['simulate', '--url', base, '--via', 'http', '--rounds', '1', '--every', '0']);
    assert.match(http.out, /Sent 25 messages to http:\/\/127\.0\.0\.1:\d+ \(HTTP\)/);
    const bad = await cli(['simulate', '--url', base, '--storm', '无此水库', '--rounds', '1', '--every', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.out, /No demo reservoir named 无此水库/);
  });

  it('the cameras: a vendor warned by the speaker leaves (no case), another stays (enforcement), a bin tells three people, parking, smoke and an angler open cases, a doubtful bag nothing', async () => {
    // speakers stay quiet 22:00–07:00 in Beijing by default; this test may run at any hour
    await vb.platform.database.raw(`INSERT INTO camera_policies (category_code, overrides) VALUES ('0501', '{"quietHours": [0, 0]}')`, []);
    await vb.services.cameraPolicies.load();
    const r = await cli(['simulate', '--cameras', '--fast', '--minutes', '10', '--url', base]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /speaker demo-c07: warning played/);
    assert.match(r.out, /2 speaker warnings heard/);
    await vb.services.cameraIntake.idle();
    // the grace periods end (the scenario's timestamps run ten minutes ahead): let that time pass
    await vb.platform.database.raw("UPDATE camera_episodes SET action_due_at = action_due_at - interval '11 minutes', last_at = last_at - interval '11 minutes' WHERE action = 'warned'", []);
    await vb.services.cameraActions.sweep();
    const eps = await vb.platform.database.raw<{ camera: string; action: string; case_id: string | null }>(
      'SELECT c.name AS camera, e.action, e.case_id FROM camera_episodes e JOIN cameras c ON c.id = e.camera_id ORDER BY c.name, e.opened_at', []);
    const by = (name: string) => eps.filter((e) => e.camera === name).map((e) => e.action);
    assert.deepEqual(by('府山街口1'), ['left'], 'warned, and gone');
    assert.deepEqual(by('府山街口2'), ['case'], 'warned, and still there');
    assert.deepEqual(by('府山1号垃圾桶点'), ['notified']);
    assert.deepEqual(by('府山停车点1'), ['case']);
    assert.deepEqual(by('沟溪哨兵1'), ['case']);
    assert.deepEqual(by('杨家源水库岸边'), ['case']);
    assert.deepEqual(by('府山街口3'), [], 'below the confidence threshold');
    await vb.platform.events.flush();
    const told = await vb.platform.database.raw<{ username: string }>(`
      SELECT u.username FROM user_notifications n JOIN users u ON u.id = n.user_id
       WHERE n.case_id = (SELECT e.case_id FROM camera_episodes e JOIN cameras c ON c.id = e.camera_id WHERE c.name = '府山1号垃圾桶点') ORDER BY 1`, []);
    assert.deepEqual(told.map((t) => t.username), ['fushan.cleaner', 'fushan.grid', 'fushan.operator']);
    const sms = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM sms_outbox WHERE phone IN ('13700000011', '13700000012', '13700000013') AND text LIKE '%府山1号垃圾桶点%'", []);
    assert.equal(sms[0].n, 3);
    const [vendorCase] = await vb.platform.database.raw<{ org: string; state: string }>(`
      SELECT o.name AS org, k.state FROM camera_episodes e JOIN cameras c ON c.id = e.camera_id JOIN cases k ON k.id = e.case_id
        JOIN organisations o ON o.id = k.assigned_org_id WHERE c.name = '府山街口2'`, []);
    assert.deepEqual([vendorCase.org, vendorCase.state], ['府山街道综合行政执法中队', 'DISPATCHED']);
    const [snap] = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM camera_episodes WHERE snapshot IS NOT NULL", []);
    assert.ok(snap.n >= 6, 'episodes carry a snapshot');
  });
});
