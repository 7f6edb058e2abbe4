/**
 * `vb simulate --storm 杨家源水库` as played by hand (issue 12): the major alarm opens a case for 麻蓬村's
 * grid worker, the critical one raises its severity — the grid worker still holds it (我的任务), is told
 * by the bell, the township is told and supervises, the title says 危急. The simulator's readings carry
 * "now" (device and arrival time agree), so no device looks silent at the start of the storm.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { before, it } from 'node:test';
import { DEMO_PASSWORD } from '../src/demo/demo-data.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { simulate } from '../src/demo/simulator.ts';
import { sweepAlarms } from '../src/sensors/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';

describeOnDatabases('the storm on 杨家源水库', ({ vb }) => {
  let base: string;
  before(async () => {
    await seedDemo(vb.platform, vb.services);
    await vb.services.regions.rebuildIndex();
    await vb.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(vb.app.server.address() as AddressInfo).port}`;
  });

  const login = async (username: string) => {
    const [u] = await vb.platform.database.raw<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
    const { token } = await vb.services.auth.loginWithPassword(username, DEMO_PASSWORD);
    return { id: u.id, auth: { authorization: `Bearer ${token}` } };
  };

  it('ends with the grid worker holding the case at critical severity, told; the township told and supervising; no spurious no-data alarms', async () => {
    const sentAt = Date.now();
    const r = await simulate({ url: base, transport: { via: 'http' }, storm: '杨家源水库', rounds: 24, intervalMs: 0, log: () => undefined });
    assert.equal(r.failed, 0);
    const [alarm] = await vb.platform.database.raw<{ id: string; severity: string; case_id: string; started_at: Date; raised_at: Date }>(
      "SELECT a.id, a.severity, a.case_id, a.started_at, a.raised_at FROM alarms a JOIN assets s ON s.id = a.asset_id WHERE s.name = '杨家源水库' AND a.type = 'water_level' AND a.state <> 'cleared'", []);
    assert.equal(alarm.severity, 'critical');
    assert.ok(new Date(alarm.started_at).getTime() >= sentAt - 1000, 'the device time is now, not back-dated');
    const worker = await login('mapeng.grid');
    const c = (await vb.app.inject({ url: `/api/cases/${alarm.case_id}`, headers: worker.auth })).json();
    assert.deepEqual([c.assigneeId, c.level, c.state, c.severity], [worker.id, 'village', 'DISPATCHED', 'urgent'], 'the grid worker still holds it, at the village level');
    assert.match(c.title, /危急告警$/, 'the title says critical');
    assert.ok(c.timeline.some((t: { action: string; note: string }) => t.action === 'severity_raised' && /督办/.test(t.note)), 'the township supervises');
    const mine = (await vb.app.inject({ url: '/api/cases?mine=true', headers: worker.auth })).json().items;
    assert.ok(mine.some((x: { id: string }) => x.id === alarm.case_id), '我的任务 has it');
    await vb.platform.events.flush();
    const bells = await vb.platform.database.raw<{ username: string; title: string }>(
      'SELECT u.username, n.title FROM user_notifications n JOIN users u ON u.id = n.user_id WHERE n.case_id = $1', [alarm.case_id]);
    assert.ok(bells.some((b) => b.username === 'mapeng.grid' && /危急/.test(b.title)), 'the bell rang for the grid worker');
    assert.ok(bells.some((b) => b.username !== 'mapeng.grid'), 'and for the township command room');
    // one case for the whole storm
    const [{ n }] = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE source = 'sensor' AND title LIKE '杨家源水库%'", []);
    assert.equal(n, 1);
    // the alarm list shows device and arrival time, and they agree
    const operator = await login('shiliang.operator');
    const items = (await vb.app.inject({ url: '/api/sensors/alarms?open=true', headers: operator.auth })).json().items;
    const shown = items.find((a: { id: string }) => a.id === alarm.id);
    assert.ok(shown.deviceTime && shown.arrivalTime);
    assert.equal(shown.arrivalDelaySeconds, 0);
    assert.ok(bells.some((b) => b.username === 'shiliang.operator'), 'the township command room was told');
    // the sweep finds no silent device among those that just reported, and never-connected ones raise nothing
    await sweepAlarms(vb.platform);
    const noData = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM alarms WHERE type = 'no_data' AND state <> 'cleared'", []);
    assert.equal(noData[0].n, 0, 'no spurious no-data alarms');
  });
});
