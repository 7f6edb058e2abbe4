/**
 * Opening a case from a source (cases/from-source.ts) is one idempotent transaction keyed by (source,
 * source reference): a repeat returns the first case, a failure anywhere inside writes nothing, a retry
 * opens exactly one. And the reservoir alarm path, which used to open its case in four commits, leaves
 * neither an alarm nor a case behind when its transaction fails, and opens one case on the retry.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { levelFeed, makeDevice, makeReservoir } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff, type Area } from './helpers/factories.ts';

describeOnDatabases('cases opened by a source', ({ vb, kind }) => {
  let area: Area;
  before(async () => {
    area = await makeArea(vb);
  });

  const counts = async () => (await vb.platform.database.raw<{ cases: number; timeline: number; events: number }>(`
      SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM case_timeline) AS timeline, (SELECT count(*)::int FROM outbox_events) AS events`, []))[0];
  const input = (ref: string, worker: string) => ({
    source: 'sensor' as const, sourceRef: ref, title: '测试水库水位重大告警', description: '水位 114.4 m', categoryCode: '1202', severity: 'urgent' as const,
    lon: area.gridPoints[0][0], lat: area.gridPoints[0][1], register: {}, dispatch: { assigneeId: worker },
  });

  it('opens, registers and dispatches in one go; a repeat returns the same case and writes nothing', async () => {
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const first = await vb.services.sourceCases.open(input('test:repeat', worker.id));
    assert.equal(first.created, true);
    assert.deepEqual([first.case.state, first.case.assigneeId, first.case.level, first.case.sourceRef], ['DISPATCHED', worker.id, 'village', 'test:repeat']);
    assert.ok(first.case.signDeadline, 'the dispatch set its sign deadline, as a dispatch by hand does');
    const tl = await vb.platform.database.raw<{ action: string }>('SELECT action FROM case_timeline WHERE case_id = $1 ORDER BY id', [first.case.id]);
    assert.deepEqual(tl.map((t) => t.action), ['report', 'submit', 'register', 'dispatch']);
    const ev = await vb.platform.database.raw<{ type: string }>('SELECT type FROM outbox_events WHERE aggregate_id = $1 ORDER BY id', [first.case.id]);
    assert.deepEqual(ev.map((e) => e.type), ['case.reported', 'case.registered', 'case.dispatched']);
    const before = await counts();
    const again = await vb.services.sourceCases.open(input('test:repeat', worker.id));
    assert.deepEqual([again.created, again.case.id], [false, first.case.id]);
    assert.deepEqual(await counts(), before);
    // the case works like any other afterwards: its grid worker signs it
    const signed = await vb.app.inject({ method: 'POST', url: `/api/cases/${first.case.id}/actions`, headers: worker.auth, payload: { action: 'sign' } });
    assert.equal(signed.statusCode, 200, signed.body);
  });

  it('a failure inside the transaction leaves nothing; the retry opens exactly one case', async () => {
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const before = await counts();
    // the process "dies" after the case, its timeline and events were written, in the source's own link
    await assert.rejects(vb.services.sourceCases.open({ ...input('test:crash', worker.id), link: async () => { throw new Error('killed mid-way'); } }), /killed mid-way/);
    assert.deepEqual(await counts(), before, 'no case, no timeline row, no event');
    assert.equal(await vb.services.sourceCases.find('sensor', 'test:crash'), undefined);
    // retried (twice at once, as two processes would): one case
    const [a, b] = await Promise.all([vb.services.sourceCases.open(input('test:crash', worker.id)), vb.services.sourceCases.open(input('test:crash', worker.id))]);
    assert.equal(a.case.id, b.case.id);
    assert.deepEqual([a.created, b.created].sort(), [false, true]);
    const [{ n }] = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE source = 'sensor' AND source_ref = 'test:crash'", []);
    assert.equal(n, 1);
  });

  it('bad input is refused before anything is written', async () => {
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const before = await counts();
    await assert.rejects(vb.services.sourceCases.open({ ...input('test:bad', worker.id), categoryCode: '9999' }), (e: { code?: string }) => e.code === 'CATEGORY_UNKNOWN');
    await assert.rejects(vb.services.sourceCases.open({ ...input('test:bad', worker.id), source: 'tourist' }), (e: { code?: string }) => e.code === 'CATEGORY_SOURCE_NOT_ALLOWED');
    await assert.rejects(vb.services.sourceCases.open({ ...input('test:bad', worker.id), sourceRef: '' }), (e: { code?: string }) => e.code === 'VALIDATION_FAILED');
    assert.deepEqual(await counts(), before);
  });

  it('a reservoir alarm whose transaction fails leaves no alarm and no case; the next readings open exactly one', async () => {
    const worker = await makeStaff(vb, 'grid_worker', area.villages[1]);
    const [lon, lat] = area.gridPoints[2];
    const name = `崩溃水库-${kind}`;
    const asset = await makeReservoir(vb, { village: area.villages[1], at: [lon, lat], name, levels: { normalLevel: 60, designFloodLevel: 62, checkFloodLevel: 63 } });
    const d = await makeDevice(vb, asset);
    const send = levelFeed(vb, d, { from: Date.now() - 10 * 3_600_000, everyMs: 3_600_000, checkOk: false });
    // a real failure inside the database, at the last write of the alarm's transaction (the episode)
    await vb.platform.database.raw(`CREATE FUNCTION test_fail_episode() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk gone'; END $$`, []);
    await vb.platform.database.raw(`CREATE TRIGGER test_fail_episode BEFORE INSERT ON alarm_episodes FOR EACH ROW WHEN (NEW.asset_id = '${asset.id}') EXECUTE FUNCTION test_fail_episode()`, []);
    const cases = () => vb.platform.database.raw<{ id: string; state: string; assignee_id: string }>(
      "SELECT id, state, assignee_id FROM cases WHERE source = 'sensor' AND title LIKE $1", [`${name}%`]);
    const alarms = () => vb.platform.database.raw<{ severity: string; case_id: string | null }>("SELECT severity, case_id FROM alarms WHERE asset_id = $1 AND type = 'water_level'", [asset.id]);
    try {
      await send(59.5, 62.1, 62.2);
      assert.deepEqual(await cases(), [], 'no case without its alarm link');
      assert.deepEqual(await alarms(), [], 'and no alarm without its case: the decision is one transaction');
    } finally {
      await vb.platform.database.raw('DROP TRIGGER test_fail_episode ON alarm_episodes', []);
      await vb.platform.database.raw('DROP FUNCTION test_fail_episode()', []);
    }
    // the engine starts the device again from the database: the water still high raises it again
    await send(62.2, 62.3, 62.3);
    const open = await cases();
    assert.equal(open.length, 1, 'exactly one case');
    assert.deepEqual([open[0].state, open[0].assignee_id], ['DISPATCHED', worker.id]);
    assert.deepEqual((await alarms()).map((a) => [a.severity, a.case_id]), [['major', open[0].id]]);
  });
});
