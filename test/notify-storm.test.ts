/**
 * The reservoir storm, through HTTP telemetry and the real rule engine: the grid worker on the dam is
 * told by the bell (the task and the alarm, both leading to the case), the township's command room is
 * told, a critical level reaches the district's; the level flapping around the thresholds tells nobody
 * a second time of a severity they already heard of.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { FLOOD_LIMIT_LEVELS, levelFeed, makeDevice, makeReservoir } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff, type Area } from './helpers/factories.ts';

describeOnDatabases('notify: the reservoir storm rings the right bells, once', ({ vb, kind }) => {
  let area: Area;
  before(async () => {
    area = await makeArea(vb);
  });

  it('major: the grid worker (task + alarm) and the township; critical: the district too; flapping: nothing more', async () => {
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const township = await makeStaff(vb, 'operator', area.townships[0]);
    const district = await makeStaff(vb, 'operator', area.district);
    const otherVillage = await makeStaff(vb, 'grid_worker', area.villages[2]);
    const [lon, lat] = area.gridPoints[0];
    const name = `杨家源水库-通知-${kind}`;
    const reservoir = await makeReservoir(vb, { village: area.villages[0], at: [lon, lat], name, levels: FLOOD_LIMIT_LEVELS });
    const d = await makeDevice(vb, reservoir);
    const feed = levelFeed(vb, d, { from: Date.now() - 20 * 3_600_000, everyMs: 1_800_000 });
    const send = async (...levels: number[]) => {
      await feed(...levels);
      await vb.platform.events.flush();
      await vb.platform.events.flush();
    };
    const bell = async (u: { auth: Record<string, string> }) => (await vb.app.inject({ url: '/api/notifications', headers: u.auth })).json() as {
      unread: number; items: { kind: string; title: string; caseId: string | null; alarmId: string | null; urgent: boolean }[];
    };
    const tag = (title: string) => /^【(.+?)】/.exec(title)![1];
    // the water-level alarm's messages (a fast rise may raise a sudden-change alarm of its own)
    const alarmTitles = async (u: { auth: Record<string, string> }) => (await bell(u)).items.filter((n) => n.kind === 'alarm' && n.title.includes('水位')).map((n) => tag(n.title)).sort();

    await send(111.0, 111.2, 111.4, 111.6, 111.8, 112.0, 112.2, 112.4, 112.6, 112.8, 113.0, 113.2, 113.4, 113.6, 113.8, 114.0, 114.2, 114.4);
    const [alarm] = await vb.platform.database.raw<{ id: string; severity: string; case_id: string | null }>(
      "SELECT a.id, a.severity, a.case_id FROM alarms a JOIN assets s ON s.id = a.asset_id WHERE s.name = $1 AND a.type = 'water_level' AND a.state <> 'cleared'", [name]);
    assert.equal(alarm.severity, 'major');
    assert.ok(alarm.case_id, 'the major alarm has its case');
    const mine = await bell(worker);
    const task = mine.items.find((n) => n.kind === 'task');
    assert.ok(task, 'the grid worker is told of the task');
    assert.equal(task.caseId, alarm.case_id);
    const told = mine.items.find((n) => n.kind === 'alarm');
    assert.ok(told, 'the grid worker is told of the alarm');
    assert.deepEqual([told.alarmId, told.urgent], [alarm.id, true]);
    assert.deepEqual(await alarmTitles(worker), ['重大告警']);
    assert.deepEqual(await alarmTitles(township), ['重大告警']);
    assert.deepEqual(await alarmTitles(district), [], 'a major alarm stays with the township');
    assert.equal((await bell(otherVillage)).items.length, 0, 'another village\'s grid worker hears nothing');

    await send(114.6, 114.8, 115.0, 115.1);
    assert.deepEqual(await alarmTitles(worker), ['危急告警', '重大告警']);
    assert.deepEqual(await alarmTitles(township), ['危急告警', '重大告警']);
    assert.deepEqual(await alarmTitles(district), ['危急告警']);

    // the level flaps around the check flood level: no severity of an alarm is told twice
    for (let k = 0; k < 6; k++) await send(114.6, 114.5, 114.6, 115.2, 115.3, 115.2);
    assert.deepEqual(await alarmTitles(worker), ['危急告警', '重大告警']);
    assert.deepEqual(await alarmTitles(township), ['危急告警', '重大告警']);
    assert.deepEqual(await alarmTitles(district), ['危急告警']);
    const tasks = (await bell(worker)).items.filter((n) => n.kind === 'task' || n.kind === 'co_task');
    assert.equal(tasks.length, 1, 'the grid worker holds one task');
    for (const u of [worker, township, district]) {
      const keys = (await bell(u)).items.filter((n) => n.kind === 'alarm').map((n) => `${n.alarmId}:${tag(n.title)}`);
      assert.equal(new Set(keys).size, keys.length, `each alarm's severity told once: ${keys.join(', ')}`);
    }
  });
});
