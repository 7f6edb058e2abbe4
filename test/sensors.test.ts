/**
 * Device telemetry over HTTP (ThingsBoard-compatible) into durable readings: the three body shapes,
 * duplicates stored once, bad messages to the dead-letter table with their reason, refused tokens,
 * a burst sharing statements, and the downsampled history for charts.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { makeDevice, makeReservoir } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff, type Area } from './helpers/factories.ts';

describeOnDatabases('sensors: telemetry ingest', ({ vb }) => {
  let area: Area;
  let seq = 0;
  before(async () => {
    area = await makeArea(vb);
  });

  async function reservoir() {
    const name = `测试水库${process.pid}-${++seq}`;
    const [lon, lat] = area.gridPoints[0];
    const reservoir = await makeReservoir(vb, { village: area.villages[0], at: [lon, lat], name, levels: { normalLevel: 100, designFloodLevel: 102, checkFloodLevel: 103, crestLevel: 104 } });
    const level = await makeDevice(vb, reservoir);
    return { name, level };
  }
  const send = (token: string, body: string) => vb.app.inject({ method: 'POST', url: `/api/v1/${token}/telemetry`, headers: { 'content-type': 'application/json' }, payload: body });
  const count = async (deviceId: string) => Number(((await vb.platform.db.execute(sql`SELECT count(*)::int AS n FROM sensor_readings WHERE device_id = ${deviceId}`)) as unknown as { rows: { n: number }[] }).rows[0].n);
  const deadLetters = async (deviceId: string) => ((await vb.platform.db.execute(sql`SELECT reason FROM ingest_dead_letters WHERE device_id = ${deviceId} ORDER BY id`)) as unknown as { rows: { reason: string }[] }).rows.map((r) => r.reason);

  it('takes the three body shapes; a redelivered message is stored once', async () => {
    const { level } = await reservoir();
    const now = Date.now();
    assert.deepEqual((await send(level.token, '{"level": 101.2}')).json(), { stored: 1, refused: [] });
    const body = JSON.stringify({ ts: now - 60_000, values: { level: 101.1 } });
    assert.equal((await send(level.token, body)).json().stored, 1);
    assert.equal((await send(level.token, body)).json().stored, 0, 'QoS 1 redelivery: stored once');
    assert.equal((await send(level.token, JSON.stringify([{ ts: now - 180_000, values: { level: 100.9 } }, { ts: now - 120_000, values: { level: 101.0, rain: 0.5 } }]))).json().stored, 3);
    assert.equal(await count(level.id), 5);
    const seen = ((await vb.platform.db.execute(sql`SELECT last_seen_at FROM devices WHERE id = ${level.id}`)) as unknown as { rows: { last_seen_at: Date }[] }).rows[0].last_seen_at;
    assert.ok(Math.abs(new Date(seen).getTime() - now) < 10_000, 'last seen moves on');
  });

  it('bad messages go to the dead-letter table with the reason; good values in them are kept; bad tokens are 401', async () => {
    const { level } = await reservoir();
    const malformed = await send(level.token, '{"level": 10');
    assert.equal(malformed.statusCode, 400, 'nothing taken: the device is not told it succeeded');
    assert.deepEqual([malformed.json().error.code, malformed.json().error.details.refused], ['TELEMETRY_REFUSED', ['malformed JSON']]);
    const mixed = await send(level.token, JSON.stringify({ level: null, rain: 1.5 }));
    assert.equal(mixed.statusCode, 200, 'a partly good body stays 200 with what was refused');
    assert.deepEqual(mixed.json(), { stored: 1, refused: ['body: level has no value'] });
    const future = await send(level.token, JSON.stringify({ ts: Date.now() + 5 * 86_400_000, values: { level: 101 } }));
    assert.equal(future.statusCode, 400);
    assert.match(future.json().error.details.refused[0], /too far/);
    assert.deepEqual(await deadLetters(level.id), ['malformed JSON', 'body: level has no value', future.json().error.details.refused[0]]);
    assert.equal(await count(level.id), 1);
    const unknown = await send('no-such-token', '{"level": 1}');
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.json().error.code, 'DEVICE_TOKEN_INVALID');
    const { level: other } = await reservoir();
    await vb.platform.db.execute(sql`UPDATE device_tokens SET revoked_at = now() WHERE id = (SELECT token_id FROM devices WHERE id = ${other.id})`);
    assert.equal((await send(other.token, '{"level": 1}')).statusCode, 401, 'a revoked token');
  });

  it('readings without ts are never dropped as duplicates, and stored counts rows written (issue 11 #2)', async () => {
    const { level } = await reservoir();
    // the README's own body, an array of three in one message, and a burst of one device in the same milliseconds
    const three = await send(level.token, JSON.stringify([{ level: 101.1 }, { level: 101.2 }, { level: 101.3 }]));
    assert.deepEqual(three.json(), { stored: 3, refused: [] });
    assert.equal(await count(level.id), 3, 'three rows for stored:3 (was 1)');
    const burst = await Promise.all(Array.from({ length: 200 }, (_, i) => send(level.token, JSON.stringify({ level: 100 + i / 1000 }))));
    assert.ok(burst.every((r) => r.statusCode === 200 && r.json().stored === 1));
    assert.equal(await count(level.id), 203, 'every acknowledged reading stored');
    const values = await vb.platform.database.raw<{ n: number }>('SELECT count(DISTINCT value)::int AS n FROM sensor_readings WHERE device_id = $1', [level.id]);
    assert.equal(values[0].n, 203, 'each once');
    // a server stamp never sits on a whole millisecond, so a device's own ts cannot meet one
    const whole = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM sensor_readings WHERE device_id = $1 AND extract(microseconds FROM ts)::int % 1000 = 0", [level.id]);
    assert.equal(whole[0].n, 0);
    // one reading twice in one body (a device's retry glued on): one row, stored:1 (it said 2)
    const ts = Date.now() - 30_000;
    const twice = await send(level.token, JSON.stringify([{ ts, values: { level: 99 } }, { ts, values: { level: 99 } }]));
    assert.deepEqual(twice.json(), { stored: 1, refused: [] });
    assert.equal(await count(level.id), 204);
  });

  it('text, booleans and JSON are telemetry as in ThingsBoard; only bodies with nothing usable are refused with 400 (issue 11 #12)', async () => {
    const { level } = await reservoir();
    const ok = await send(level.token, JSON.stringify({ status: 'ok', door: false, cfg: { fw: '1.2', ch: [1, 2] } }));
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { stored: 3, refused: [] });
    const rows = await vb.platform.database.raw<{ key: string; value: number | null; data: unknown }>('SELECT key, value, data FROM sensor_readings WHERE device_id = $1 ORDER BY key', [level.id]);
    assert.deepEqual(rows.map((r) => [r.key, r.value, r.data]), [['cfg', null, { fw: '1.2', ch: [1, 2] }], ['door', 0, null], ['status', null, 'ok']]);
    for (const body of ['', '{}', '[]', '42', '{"level": 1', JSON.stringify({ 'bad key': 1 }), JSON.stringify({ note: 'a\u0000b' })]) {
      const r = await send(level.token, body);
      assert.equal(r.statusCode, 400, `${body}: ${r.body}`);
      assert.equal(r.json().error.code, 'TELEMETRY_REFUSED');
      assert.ok(r.json().error.details.refused.length > 0);
    }
    assert.equal(await count(level.id), 3, 'nothing written by the refused bodies');
    assert.equal((await deadLetters(level.id)).length, 7, 'each refused body kept as a dead letter');
  });

  it('a body with a NUL byte is a dead letter kept byte for byte, answered 400, not 500 (issue 11 #9)', async () => {
    const { level } = await reservoir();
    const poison = Buffer.from('{"level": 1}\u0000garbage\xff', 'latin1');
    const r = await send(level.token, poison as unknown as string);
    assert.equal(r.statusCode, 400, r.body);
    const [dead] = await vb.platform.database.raw<{ reason: string; payload: string }>('SELECT reason, payload FROM ingest_dead_letters WHERE device_id = $1', [level.id]);
    assert.match(dead.reason, /^malformed JSON \(payload in base64/);
    assert.deepEqual(Buffer.from(dead.payload, 'base64'), poison);
  });

  it('a burst of messages from many devices shares statements and loses nothing', async () => {
    const devices = await Promise.all(Array.from({ length: 5 }, () => reservoir()));
    const t0 = Date.now() - 3_600_000;
    const results = await Promise.all(devices.flatMap(({ level }) => Array.from({ length: 20 }, (_, i) => send(level.token, JSON.stringify({ ts: t0 + i * 60_000, values: { level: 100 + i / 10 } })))));
    assert.ok(results.every((r) => r.statusCode === 200 && r.json().stored === 1));
    for (const { level } of devices) assert.equal(await count(level.id), 20);
  });

  it('administrators add a sensor through the API (token shown once), list and revoke it; others may not', async () => {
    const { name } = await reservoir();
    const [asset] = await vb.platform.database.raw<{ id: string }>('SELECT id FROM assets WHERE name = $1', [name]);
    const admin = await makeStaff(vb, 'admin', area.district);
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const add = (who: typeof admin, body: object) => vb.app.inject({ method: 'POST', url: '/api/sensors/devices', headers: who.auth, payload: body });
    assert.equal((await add(worker, { assetId: asset.id, kind: 'rainfall' })).statusCode, 403);
    const bad = await add(admin, { assetId: asset.id, kind: 'thermometer' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details.field, 'kind');
    const r = await add(admin, { assetId: asset.id, kind: 'rainfall' });
    assert.equal(r.statusCode, 201, r.body);
    assert.match(r.json().name, /雨量计$/);
    const list = (await vb.app.inject({ url: `/api/sensors/devices?assetId=${asset.id}`, headers: worker.auth })).json().items;
    assert.deepEqual(list.map((d: { kind: string; revoked: boolean }) => [d.kind, d.revoked]).sort(), [['rainfall', false], ['water_level', false]]);
    assert.ok(!JSON.stringify(list).includes(r.json().token), 'the token is never listed');
    assert.equal((await vb.app.inject({ method: 'POST', url: `/api/sensors/devices/${r.json().id}/revoke`, headers: worker.auth, payload: {} })).statusCode, 403);
    assert.equal((await vb.app.inject({ method: 'POST', url: `/api/sensors/devices/${r.json().id}/revoke`, headers: admin.auth, payload: {} })).statusCode, 200);
    assert.equal((await send(r.json().token, '{"rain": 1}')).statusCode, 401, 'a revoked token is refused');
  });

  it('history is downsampled to min/max/avg per bucket; another area\'s device is 404', async () => {
    const { level } = await reservoir();
    const body = Array.from({ length: 120 }, (_, i) => ({ ts: Date.now() - 3 * 3_600_000 + i * 60_000, values: { level: 100 + (i % 60) / 10 } }));
    assert.equal((await send(level.token, JSON.stringify(body))).json().stored, 120);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const start = new Date(body[0].ts).toISOString();
    const end = new Date(body[119].ts + 1).toISOString();
    const h = await vb.app.inject({ url: `/api/sensors/devices/${level.id}/history?key=level&from=${encodeURIComponent(start)}&to=${encodeURIComponent(end)}&buckets=2`, headers: op.auth });
    assert.equal(h.statusCode, 200, h.body);
    const pts = h.json().points as { min: number; max: number; avg: number; n: number }[];
    assert.ok(pts.length >= 2 && pts.length <= 3, `${pts.length} buckets`);
    assert.equal(pts.reduce((a, p) => a + p.n, 0), 120);
    assert.equal(Math.min(...pts.map((p) => p.min)), 100);
    assert.equal(Math.max(...pts.map((p) => p.max)), 105.9);
    const outsider = await makeStaff(vb, 'operator', area.townships[1]);
    assert.equal((await vb.app.inject({ url: `/api/sensors/devices/${level.id}/history?key=level&from=${encodeURIComponent(start)}&to=${encodeURIComponent(end)}`, headers: outsider.auth })).statusCode, 404);
    const assets = (await vb.app.inject({ url: '/api/sensors/assets', headers: op.auth })).json().items;
    assert.ok(assets.some((a: { name: string }) => a.name.startsWith('测试水库')));
    assert.equal((await vb.app.inject({ url: '/api/sensors/assets', headers: outsider.auth })).json().items.length, 0);
  });
});
