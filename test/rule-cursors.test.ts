/**
 * Readings acknowledged but never judged (issue 13: MQTT messages are acknowledged once stored and judged
 * after; a process that dies in between). The next process to judge the device judges them first, from
 * the device's rule cursor — and only them: readings stored without ever being meant for the rules (the
 * demo's history: a device with no cursor) stay unjudged, as before.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { FLOOD_LIMIT_LEVELS, levelFeed, makeDevice, makeReservoir } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, type Area } from './helpers/factories.ts';

describeOnDatabases('rule cursors: what was stored and not judged is judged by the next process', ({ vb, kind }) => {
  let area: Area;
  before(async () => {
    area = await makeArea(vb);
  });
  const openAlarm = async (deviceId: string) =>
    (await vb.platform.database.raw<{ severity: string; started_at: Date }>("SELECT severity, started_at FROM alarms WHERE device_id = $1 AND state <> 'cleared'", [deviceId]))[0];
  const gauge = async (name: string) => {
    const reservoir = await makeReservoir(vb, { village: area.villages[0], at: area.gridPoints[0], name: `${name}-${kind}-${process.pid}`, levels: FLOOD_LIMIT_LEVELS });
    return makeDevice(vb, reservoir);
  };
  const m = 60_000;

  it('a device judged before: the readings after its cursor are judged first, in order', async () => {
    const d = await gauge('游埠水库');
    const t0 = Date.now() - 3 * 3_600_000;
    await levelFeed(vb, d, { from: t0, everyMs: m })(109); // judged: the cursor is at t0
    await vb.services.alarms.cursors.flush();
    // a process stored and acknowledged two readings above 汛限 (111.5) and died before its rules ran
    await vb.services.ingest.storeHistory(d.id, [{ key: 'level', ts: t0 + m, value: 112 }, { key: 'level', ts: t0 + 2 * m, value: 112.2 }]);
    vb.services.alarms.engine.forget(d.id); // the next process knows nothing of the device
    await levelFeed(vb, d, { from: t0 + 3 * m, everyMs: m })(112.4);
    const a = await openAlarm(d.id);
    assert.equal(a?.severity, 'warning', 'two in a row above 汛限, the first two caught up');
    assert.equal(new Date(a.started_at).getTime(), t0 + 2 * m, 'raised at the second missed reading, as if judged then');
    await vb.services.alarms.cursors.flush();
    const [c] = await vb.platform.database.raw<{ judged_to: Date }>('SELECT judged_to FROM device_rule_cursors WHERE device_id = $1', [d.id]);
    assert.equal(new Date(c.judged_to).getTime(), t0 + 3 * m, 'the cursor moved to the newest reading judged');
  });

  it('a device never judged (history only): nothing is caught up', async () => {
    const d = await gauge('石门水库');
    const t0 = Date.now() - 3 * 3_600_000;
    await vb.services.ingest.storeHistory(d.id, [{ key: 'level', ts: t0, value: 112 }, { key: 'level', ts: t0 + m, value: 112.2 }]);
    await levelFeed(vb, d, { from: t0 + 2 * m, everyMs: m })(112.4);
    assert.equal(await openAlarm(d.id), undefined, 'one reading judged: no streak of two yet');
  });

  it('decisions and cursors commit without waiting for the WAL flush; everything else waits for it (PostgreSQL)', async () => {
    if (vb.platform.database.kind !== 'postgres') return;
    const [lazy] = await vb.platform.database.raw<{ synchronous_commit: string }>('SHOW synchronous_commit', [], { lazyCommit: true });
    const [plain] = await vb.platform.database.raw<{ synchronous_commit: string }>('SHOW synchronous_commit', []);
    assert.deepEqual([lazy.synchronous_commit, plain.synchronous_commit], ['off', 'on']);
  });

  it('the cursor never moves back (another process judged further)', async () => {
    const d = await gauge('岭洋水库');
    const t = Date.now() - 3_600_000;
    vb.services.alarms.cursors.judged(d.id, t);
    await vb.services.alarms.cursors.flush();
    vb.services.alarms.cursors.judged(d.id, t - 10 * m);
    await vb.services.alarms.cursors.flush();
    const [c] = await vb.platform.database.raw<{ judged_to: Date }>('SELECT judged_to FROM device_rule_cursors WHERE device_id = $1', [d.id]);
    assert.equal(new Date(c.judged_to).getTime(), t);
  });
});
