/**
 * A storm on a reservoir, through HTTP telemetry: a warning, then a major alarm that opens an urgent
 * case routed to the village's grid worker, then a critical one that raises the case's severity (the
 * grid worker keeps it, the township supervises); the alarm clears with the water and the case stays
 * open for a person to verify.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { FLOOD_LIMIT_LEVELS, levelFeed, makeDevice, makeReservoir } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff, type Area } from './helpers/factories.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';

describeOnDatabases('reservoir alarms and cases', ({ vb, kind }) => {
  let area: Area;
  let robot: Receiver;
  before(async () => {
    area = await makeArea(vb);
    robot = await startReceiver();
    // the township's and the district's group robots (DingTalk-style)
    await vb.services.notify.addChannel(null, { name: '乡镇防汛群', regionCode: area.townships[0], level: 'township', url: `${robot.url}?access_token=town` });
    await vb.services.notify.addChannel(null, { name: '区防汛群', regionCode: area.district, level: 'district', url: `${robot.url}?access_token=district` });
  });
  after(async () => {
    await robot.close();
  });
  const robotSaid = async (token: string) => {
    await vb.platform.events.flush();
    return robot.received.filter((m) => m.url.includes(token)).map((m) => JSON.parse(m.body).markdown.title as string);
  };

  it('warning → major (case to the grid worker) → critical (severity raised, the worker keeps it) → cleared (case stays)', async () => {
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const operator = await makeStaff(vb, 'operator', area.townships[0]);
    const [lon, lat] = area.gridPoints[0];
    const name = `杨家源水库-${kind}`;
    const reservoir = await makeReservoir(vb, { village: area.villages[0], at: [lon, lat], name, levels: FLOOD_LIMIT_LEVELS });
    const d = await makeDevice(vb, reservoir);
    const send = levelFeed(vb, d, { from: Date.now() - 20 * 3_600_000, everyMs: 1_800_000 });
    const open = async () => (await vb.app.inject({ url: '/api/sensors/alarms?open=true', headers: operator.auth })).json().items.filter((a: { asset: string }) => a.asset === name);

    await send(111.0, 111.2, 111.4, 111.6, 111.8);
    let alarms = await open();
    assert.deepEqual(alarms.map((a: { severity: string; state: string }) => [a.severity, a.state]), [['warning', 'active_unack']]);
    assert.equal(alarms[0].caseId, null, 'a warning opens no case');
    assert.deepEqual((await robotSaid('town')).filter((x) => x.includes(name)), [], 'a warning stays on the screens');
    const ack = await vb.app.inject({ method: 'POST', url: `/api/sensors/alarms/${alarms[0].id}/acknowledge`, headers: operator.auth });
    assert.equal(ack.json().state, 'active_ack');
    assert.equal((await vb.app.inject({ method: 'POST', url: `/api/sensors/alarms/${alarms[0].id}/acknowledge`, headers: operator.auth })).statusCode, 409);

    await send(112.0, 112.2, 112.4, 112.6, 112.8, 113.0, 113.2, 113.4, 113.6, 113.8, 114.0, 114.2, 114.4);
    alarms = await open();
    assert.deepEqual(alarms.map((a: { severity: string; state: string }) => [a.severity, a.state]), [['major', 'active_unack']], 'the same alarm, risen and unacknowledged again');
    const caseId = alarms[0].caseId as string;
    assert.ok(caseId, 'a major alarm opens a case');
    const c = (await vb.app.inject({ url: `/api/cases/${caseId}`, headers: operator.auth })).json();
    assert.equal(c.categoryCode, '1202');
    assert.equal(c.severity, 'urgent');
    assert.equal(c.source, 'sensor');
    assert.equal(c.state, 'DISPATCHED');
    assert.equal(c.assigneeId, worker.id, 'routed to the village grid worker');
    assert.ok((await vb.app.inject({ url: '/api/cases?mine=true', headers: worker.auth })).json().items.some((x: { id: string }) => x.id === caseId));
    assert.deepEqual((await robotSaid('town')).filter((x) => x.includes(name) && x.includes('告警')), [`【重大告警】${name}水位重大告警`], 'the township robot is told at once');

    await send(114.6, 114.8, 115.0, 115.1);
    alarms = await open();
    assert.equal(alarms[0].severity, 'critical');
    const up = (await vb.app.inject({ url: `/api/cases/${caseId}`, headers: operator.auth })).json();
    assert.equal(up.level, 'village', 'a rising alarm never climbs the case');
    assert.equal(up.assigneeId, worker.id, 'the person on the dam keeps the task');
    assert.equal(up.state, 'DISPATCHED');
    assert.equal(up.title, `${name}水位危急告警`, 'the title follows the severity');
    assert.ok(up.timeline.some((t: { action: string; note: string }) => t.action === 'severity_raised' && /危急/.test(t.note) && /督办/.test(t.note)));
    assert.ok((await vb.app.inject({ url: '/api/cases?mine=true', headers: worker.auth })).json().items.some((x: { id: string }) => x.id === caseId), '我的任务 still has it');
    await vb.platform.events.flush();
    const bells = await vb.platform.database.raw<{ user_id: string; title: string }>('SELECT user_id, title FROM user_notifications WHERE case_id = $1 ORDER BY id', [caseId]);
    assert.ok(bells.some((b) => b.user_id === worker.id && /危急/.test(b.title)), 'the grid worker is told');
    assert.ok(bells.some((b) => b.user_id === operator.id && /危急/.test(b.title)), 'the township command room is told');

    await send(114.5, 113.8, 113.0, 112.0, 111.3, 111.2);
    assert.deepEqual(await open(), [], 'cleared with the water');
    const after = (await vb.app.inject({ url: `/api/cases/${caseId}`, headers: operator.auth })).json();
    assert.deepEqual([after.state, after.assigneeId], ['DISPATCHED', worker.id], 'the case is still open, with its grid worker, for a person to verify');
    const tl = (await vb.app.inject({ url: `/api/sensors/alarms/${alarms[0].id}/timeline`, headers: operator.auth })).json().items.map((e: { action: string }) => e.action);
    // down from critical straight to the level the water is at (warning), then cleared
    assert.deepEqual(tl, ['raised', 'acknowledged', 'severity', 'case_opened', 'severity', 'case_raised', 'severity', 'cleared']);
    const outsider = await makeStaff(vb, 'operator', area.townships[1]);
    assert.equal((await vb.app.inject({ url: `/api/sensors/alarms/${alarms[0].id}/timeline`, headers: outsider.auth })).statusCode, 404);
    const events = (await vb.platform.db.execute(sql`SELECT type FROM outbox_events WHERE type LIKE 'alarm.%' AND aggregate_id = ${alarms[0].id} ORDER BY id`) as unknown as { rows: { type: string }[] }).rows.map((r) => r.type);
    assert.deepEqual(events[0], 'alarm.raised');
    assert.equal(events.at(-1), 'alarm.cleared');
  });

  it('an alarm case goes to the grid worker of the dam\'s own grid before the village\'s (the one routing rule)', async () => {
    // villages[0] has a village-wide grid worker from the first test; grids[1] gets one of its own
    const own = await makeStaff(vb, 'grid_worker', area.grids[1]);
    const reservoir = await makeReservoir(vb, { village: area.villages[0], at: area.gridPoints[1], name: `东坞水库-${kind}`, levels: FLOOD_LIMIT_LEVELS });
    const d = await makeDevice(vb, reservoir);
    // the first test's storm: a warning, then a major alarm
    await levelFeed(vb, d, { from: Date.now() - 20 * 3_600_000, everyMs: 1_800_000 })(111.0, 111.2, 111.4, 111.6, 111.8, 112.0, 112.2, 112.4, 112.6, 112.8, 113.0, 113.2, 113.4, 113.6, 113.8, 114.0, 114.2, 114.4);
    const [{ assignee_id: assignee }] = (await vb.platform.db.execute(sql`
      SELECT c.assignee_id FROM alarms a JOIN cases c ON c.id = a.case_id JOIN assets s ON s.id = a.asset_id WHERE s.name = ${`东坞水库-${kind}`}`) as unknown as { rows: { assignee_id: string }[] }).rows;
    assert.equal(assignee, own.id);
  });

  it('a silent device gets a no-data alarm that clears when it reports; an alarm left unacknowledged is escalated once', async () => {
    const [lon, lat] = area.gridPoints[2];
    const name = `静默水库-${kind}`;
    const reservoir = await makeReservoir(vb, { village: area.villages[1], at: [lon, lat], name, levels: { normalLevel: 90, designFloodLevel: 92, checkFloodLevel: 93 } });
    const d = await makeDevice(vb, reservoir);
    const post = (body: unknown) => vb.app.inject({ method: 'POST', url: `/api/v1/${d.token}/telemetry`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    await post({ ts: Date.now() - 3_600_000, values: { level: 89 } });
    await vb.platform.db.execute(sql`UPDATE devices SET last_seen_at = now() - interval '1 hour' WHERE id = ${d.id}`);
    const { sweepAlarms } = await import('../src/sensors/index.ts');
    const first = await sweepAlarms(vb.platform);
    assert.ok(first.silent >= 1);
    const open = async () => (await vb.platform.database.raw<{ id: string; type: string; state: string; escalated_at: Date | null }>(
      "SELECT id, type, state, escalated_at FROM alarms WHERE device_id = $1 AND state <> 'cleared'", [d.id]));
    assert.deepEqual((await open()).map((a) => a.type), ['no_data']);
    assert.equal((await sweepAlarms(vb.platform)).silent, 0, 'one open alarm per device and type');
    // left unacknowledged for longer than 30 minutes: escalated once
    await vb.platform.db.execute(sql`UPDATE alarms SET updated_at = now() - interval '31 minutes' WHERE device_id = ${d.id}`);
    assert.ok((await sweepAlarms(vb.platform)).escalated >= 1);
    assert.ok((await open())[0].escalated_at);
    assert.ok((await robotSaid('district')).includes(`【告警未确认】${name}数据中断预警`), 'the district robot hears of the unacknowledged alarm');
    assert.equal((await sweepAlarms(vb.platform)).escalated, 0, 'once');
    // the device reports again: the no-data alarm clears
    await post({ level: 89.1 });
    assert.ok((await sweepAlarms(vb.platform)).back >= 1);
    assert.deepEqual(await open(), []);
    const tl = await vb.platform.database.raw<{ action: string }>('SELECT e.action FROM alarm_events e JOIN alarms a ON a.id = e.alarm_id WHERE a.device_id = $1 ORDER BY e.id', [d.id]);
    assert.deepEqual(tl.map((e) => e.action), ['raised', 'escalated', 'cleared']);
  });

  it('rules are versioned per kind, asset and device: an override changes what alarms, the alarm names its rules; bad overrides are refused whole', async () => {
    const admin = await makeStaff(vb, 'admin', area.district);
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const [lon, lat] = area.gridPoints[1];
    const name = `规则水库-${kind}`;
    const asset = await makeReservoir(vb, { village: area.villages[0], at: [lon, lat], name, levels: { normalLevel: 50, designFloodLevel: 52, checkFloodLevel: 53 } });
    const d = await makeDevice(vb, asset);
    const put = (auth: Record<string, string>, body: unknown) => vb.app.inject({ method: 'POST', url: '/api/sensors/rules', headers: auth, payload: body as object });
    const rows = async () => (await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM sensor_rule_sets', []))[0].n;

    // bad input: each a 400 naming the field, nothing written
    const before = await rows();
    for (const [body, field] of [
      [{ scope: 'asset', target: `${asset.id}/water_level`, overrides: { inARow: 0 } }, 'overrides.inARow'],
      [{ scope: 'asset', target: `${asset.id}/water_level`, overrides: { speed: 3 } }, 'overrides.speed'],
      [{ scope: 'kind', target: 'displacement', overrides: { thresholds: { warning: 40, major: 20, critical: null } } }, 'overrides.thresholds'],
      [{ scope: 'kind', target: 'volcano', overrides: {} }, 'target'],
      [{ scope: 'planet', target: 'water_level', overrides: {} }, 'scope'],
    ] as const) {
      const r = await put(admin.auth, body);
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().error.details.field, field);
    }
    assert.equal((await put(worker.auth, { scope: 'asset', target: `${asset.id}/water_level`, overrides: { inARow: 1 } })).statusCode, 403, 'a grid worker cannot change rules');
    assert.equal(await rows(), before);

    // one reading over 汛限 is not enough with the built-in rules (two in a row) …
    const post = (ts: number, level: number) => vb.app.inject({ method: 'POST', url: `/api/v1/${d.token}/telemetry`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ ts, values: { level } }) });
    const t0 = Date.now() - 6 * 3_600_000; // hourly, rising slower than the critical rate
    await post(t0, 49.9);
    await post(t0 + 3_600_000, 50.2);
    const open = () => vb.platform.database.raw<{ severity: string; rules: string }>("SELECT severity, rules FROM alarms WHERE device_id = $1 AND state <> 'cleared'", [d.id]);
    assert.deepEqual(await open(), []);
    // … but is with this reservoir's override (version 1, then 2)
    const v1 = await put(admin.auth, { scope: 'asset', target: `${asset.id}/water_level`, overrides: { inARow: 3 }, note: '首版' });
    assert.equal(v1.statusCode, 200, v1.body);
    const v2 = await put(admin.auth, { scope: 'asset', target: `${asset.id}/water_level`, overrides: { inARow: 1 }, note: '汛期加密' });
    assert.equal(v2.json().version, 2);
    await post(t0 + 2 * 3_600_000, 49.9);
    await post(t0 + 3 * 3_600_000, 50.3);
    assert.deepEqual(await open(), [{ severity: 'warning', rules: 'asset v2' }]);
    const history = (await vb.app.inject({ url: `/api/sensors/rules/history?scope=asset&target=${asset.id}/water_level`, headers: admin.auth })).json().items;
    assert.deepEqual(history.map((h: { version: number; note: string }) => [h.version, h.note]), [[2, '汛期加密'], [1, '首版']]);
    const resident = await makeResident(vb, area.villages[0]);
    assert.equal((await vb.app.inject({ url: '/api/sensors/rules', headers: resident.auth })).statusCode, 403, 'staff only');
    assert.equal((await vb.app.inject({ url: '/api/cameras/policies', headers: resident.auth })).statusCode, 403, 'staff only');
    const overview = (await vb.app.inject({ url: '/api/sensors/rules', headers: admin.auth })).json();
    assert.equal(overview.builtIn.water_level.inARow, 2);
    assert.ok(overview.current.some((c: { scope: string; version: number }) => c.scope === 'asset' && c.version === 2));
    // a device override wins over the asset's
    assert.equal((await put(admin.auth, { scope: 'device', target: d.id, overrides: { inARow: 4 } })).statusCode, 200);
    assert.equal(vb.services.alarms.rules.effective({ id: d.id, assetId: asset.id, kind: 'water_level' }).config.inARow, 4);
    assert.equal(vb.services.alarms.rules.effective({ id: d.id, assetId: asset.id, kind: 'water_level' }).versions, 'asset v2 · device v1');
  });

  it('a person clears an alarm; if the water is still high the next readings raise it again', async () => {
    const operator = await makeStaff(vb, 'operator', area.townships[0]);
    const [lon, lat] = area.gridPoints[1];
    const name = `人工解除水库-${kind}`;
    const reservoir = await makeReservoir(vb, { village: area.villages[0], at: [lon, lat], name, levels: { normalLevel: 70, designFloodLevel: 72, checkFloodLevel: 73 } });
    const d = await makeDevice(vb, reservoir);
    const send = levelFeed(vb, d, { from: Date.now() - 10 * 3_600_000, everyMs: 3_600_000, checkOk: false });
    const open = () => vb.platform.database.raw<{ id: string; state: string }>("SELECT id, state FROM alarms WHERE device_id = $1 AND state <> 'cleared'", [d.id]);
    await send(69.8, 70.2, 70.3);
    const [a] = await open();
    assert.equal((await vb.app.inject({ method: 'POST', url: `/api/sensors/alarms/${a.id}/clear`, headers: operator.auth, payload: { note: '已开闸泄洪' } })).statusCode, 200);
    assert.deepEqual(await open(), []);
    assert.equal((await vb.app.inject({ method: 'POST', url: `/api/sensors/alarms/${a.id}/clear`, headers: operator.auth, payload: {} })).statusCode, 409);
    const tl = (await vb.app.inject({ url: `/api/sensors/alarms/${a.id}/timeline`, headers: operator.auth })).json().items;
    assert.deepEqual([tl.at(-1).action, tl.at(-1).note, tl.at(-1).actorId], ['cleared', '已开闸泄洪', operator.id]);
    await send(70.3, 70.4);
    const again = await open();
    assert.equal(again.length, 1, 'still high: raised again');
    assert.notEqual(again[0].id, a.id);
  });

  it('the alarm list is scoped in SQL: a township sees its own alarms even when another has hundreds newer', async () => {
    const [lon, lat] = area.gridPoints[0];
    const busy = await makeReservoir(vb, { village: area.villages[0], at: [lon, lat], name: `繁忙水库-${kind}`, levels: { normalLevel: 10, designFloodLevel: 12, checkFloodLevel: 13 } });
    const bd = await makeDevice(vb, busy);
    const [qlon, qlat] = area.gridPoints[6];
    const quiet = await makeReservoir(vb, { village: area.villages[3], at: [qlon, qlat], name: `安静水库-${kind}`, levels: { normalLevel: 10, designFloodLevel: 12, checkFloodLevel: 13 } });
    const qd = await makeDevice(vb, quiet);
    await vb.platform.database.raw(`INSERT INTO alarms (asset_id, device_id, type, severity, state, value, reason, started_at, updated_at)
        VALUES ($1, $2, 'water_level', 'warning', 'cleared', 10, '旧告警', now() - interval '1 day', now() - interval '1 day')`, [quiet.id, qd.id]);
    await vb.platform.database.raw(`INSERT INTO alarms (asset_id, device_id, type, severity, state, value, reason, started_at)
        SELECT $1, $2, 'water_level', 'warning', 'cleared', 10, '噪声', now() FROM generate_series(1, 510)`, [busy.id, bd.id]);
    const other = await makeStaff(vb, 'operator', area.townships[1]);
    const items = (await vb.app.inject({ url: '/api/sensors/alarms', headers: other.auth })).json().items as { asset: string }[];
    assert.ok(items.some((a) => a.asset === quiet.name), 'its own alarm, not cut off by the other township\'s');
    assert.ok(items.every((a) => a.asset !== busy.name), 'and none of the other township\'s');
  });

  it('after a restart the open alarms are known: a level back to normal clears the alarm raised before', async () => {
    const { AlarmsService } = await import('../src/sensors/index.ts');
    const [lon, lat] = area.gridPoints[3];
    const name = `重启水库-${kind}`;
    const reservoir = await makeReservoir(vb, { village: area.villages[1], at: [lon, lat], name, levels: { normalLevel: 80, designFloodLevel: 82, checkFloodLevel: 83 } });
    const d = await makeDevice(vb, reservoir);
    const send = levelFeed(vb, d, { from: Date.now() - 10 * 3_600_000, everyMs: 3_600_000, checkOk: false });
    const open = () => vb.platform.database.raw<{ severity: string }>("SELECT severity FROM alarms WHERE device_id = $1 AND state <> 'cleared'", [d.id]);
    await send(79.9, 80.2, 80.4);
    assert.deepEqual((await open()).map((a) => a.severity), ['warning']);
    // a new process: a fresh engine, the alarm still open in the database
    const restarted = new AlarmsService(vb.platform, vb.services.sourceCases, vb.services.users, vb.services.alarms.rules);
    const before = vb.services.ingest.onStored;
    vb.services.ingest.onStored = (dev, readings) => restarted.onReadings(dev, readings);
    try {
      await send(79.5, 79.4);
      assert.deepEqual(await open(), [], 'cleared by the restarted process');
    } finally {
      vb.services.ingest.onStored = before;
    }
  });
});
