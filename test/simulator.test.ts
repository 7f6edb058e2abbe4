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
import { startEmbeddedBroker, type MqttHandle } from '../src/sensors/mqtt.ts';
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
    broker = await startEmbeddedBroker(vb.services.ingest, vb.platform.log, 0, '127.0.0.1');
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
});
