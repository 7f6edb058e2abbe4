/**
 * Issue 11, fault 10: NUL characters, unpaired surrogates and out-of-range numbers answered 500 on
 * about 20 routes. Every one is now a 400 VALIDATION_FAILED naming the field, and nothing is written.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { unsafeTextPath, withDefaultBounds } from '../src/platform/validation.ts';
import { makeCamera, makeDevice, makeReservoir } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff, type Area, type TestUser } from './helpers/factories.ts';

const NUL = 'a\u0000b';
const LONE_HIGH = 'x\uD800y';
const LONE_LOW = '\uDC00';

describe('unsafe text and default bounds (pure)', () => {
  it('finds NUL and unpaired surrogates in values and keys, accepts pairs', () => {
    assert.equal(unsafeTextPath({ a: 'ok', b: ['fine', { c: NUL }] }), 'b.1.c');
    assert.equal(unsafeTextPath({ a: LONE_HIGH }), 'a');
    assert.equal(unsafeTextPath([LONE_LOW]), '0');
    assert.equal(unsafeTextPath({ ['k\u0000']: 1 }), 'k\uFFFD');
    assert.equal(unsafeTextPath({ a: '村民 😀 \uD83D\uDE00', n: 1, z: null }), null);
  });
  it('bounds integers and numbers that have none, keeps the ones they have, leaves the original alone', () => {
    const s: { type: string; properties: Record<string, Record<string, unknown>> } = { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'number', minimum: 0, maximum: 9 }, c: { anyOf: [{ type: 'integer' }] } } };
    const b = withDefaultBounds(s) as typeof s & { properties: Record<string, Record<string, unknown>> };
    assert.equal(b.properties.a.maximum, Number.MAX_SAFE_INTEGER);
    assert.equal(b.properties.a.minimum, -Number.MAX_SAFE_INTEGER);
    assert.deepEqual(b.properties.b, { type: 'number', minimum: 0, maximum: 9 });
    assert.equal((b.properties.c.anyOf as Record<string, unknown>[])[0].maximum, Number.MAX_SAFE_INTEGER);
    assert.equal((s.properties.a as Record<string, unknown>).maximum, undefined);
  });
});

describeOnDatabases('bad text and numbers are 400s naming the field', ({ vb, kind }) => {
  let area: Area;
  let admin: TestUser;
  before(async () => {
    area = await makeArea(vb);
    admin = await makeStaff(vb, 'admin', area.district);
  });

  const counts = async () => {
    const r = await vb.platform.database.raw<{ t: string; n: number }>(`
        SELECT 'users' AS t, count(*)::int AS n FROM users UNION ALL SELECT 'organisations', count(*)::int FROM organisations
        UNION ALL SELECT 'cases', count(*)::int FROM cases UNION ALL SELECT 'case_categories', count(*)::int FROM case_categories
        UNION ALL SELECT 'devices', count(*)::int FROM devices UNION ALL SELECT 'cameras', count(*)::int FROM cameras
        UNION ALL SELECT 'open311_keys', count(*)::int FROM open311_keys UNION ALL SELECT 'inspections', count(*)::int FROM inspections
        UNION ALL SELECT 'notification_channels', count(*)::int FROM notification_channels UNION ALL SELECT 'calendar', count(*)::int FROM calendar_overrides
        UNION ALL SELECT 'vendor', count(*)::int FROM vendor_event_codes UNION ALL SELECT 'rules', count(*)::int FROM sensor_rule_sets`, []);
    return Object.fromEntries(r.map((x) => [x.t, x.n]));
  };

  // route × a body with one bad string in a field the route reads (the rest may be anything)
  const routes = (bad: string): { method: 'POST' | 'PUT' | 'PATCH'; url: string; payload: Record<string, unknown>; field: string }[] => [
    { method: 'POST', url: '/api/auth/login', payload: { username: bad, password: 'x' }, field: 'username' },
    { method: 'POST', url: '/api/auth/otp/request', payload: { phone: bad }, field: 'phone' },
    { method: 'POST', url: '/api/users', payload: { displayName: bad, kind: 'staff' }, field: 'displayName' },
    { method: 'POST', url: '/api/organisations', payload: { name: bad, kind: 'department', regionCode: area.townships[0] }, field: 'name' },
    { method: 'POST', url: '/api/case-categories/X901', payload: { name: bad }, field: 'name' },
    { method: 'PATCH', url: '/api/case-categories/0101', payload: { name: bad }, field: 'name' },
    { method: 'PUT', url: '/api/calendar/overrides/2031-01-05', payload: { working: true, note: bad }, field: 'note' },
    { method: 'PUT', url: '/api/vendor-codes/hik/abc', payload: { category: '0101', label: bad }, field: 'label' },
    { method: 'POST', url: '/api/notify/channels', payload: { name: bad, regionCode: area.townships[0] }, field: 'name' },
    { method: 'POST', url: '/api/open311/keys', payload: { name: bad }, field: 'name' },
    { method: 'POST', url: '/api/sensors/devices', payload: { name: bad }, field: 'name' },
    { method: 'POST', url: '/api/sensors/rules', payload: { rules: [{ key: bad }] }, field: 'rules.0.key' },
    { method: 'POST', url: '/api/inspections', payload: { assetId: bad }, field: 'assetId' },
    { method: 'POST', url: '/api/cameras', payload: { name: bad, lon: 1, lat: 1 }, field: 'name' },
    { method: 'PUT', url: '/api/cameras/policies/0101', payload: { regions: { [bad]: 1 } }, field: `regions.${bad.replace(/[\u0000\uD800-\uDFFF]/g, '\uFFFD')}` },
    { method: 'POST', url: '/api/cases', payload: { description: bad, lon: 1, lat: 1 }, field: 'description' },
    { method: 'POST', url: '/api/regions/locate', payload: { lon: 1, lat: 1, note: bad }, field: 'note' },
  ];

  for (const [label, bad] of [['NUL', NUL], ['an unpaired high surrogate', LONE_HIGH], ['an unpaired low surrogate', LONE_LOW]] as const) {
    it(`${label} in a JSON body field`, async () => {
      const before = await counts();
      for (const r of routes(bad)) {
        const res = await vb.app.inject({ method: r.method, url: r.url, payload: r.payload, headers: admin.auth });
        assert.equal(res.statusCode, 400, `${r.method} ${r.url}: ${res.body}`);
        const e = res.json().error;
        assert.equal(e.code, 'VALIDATION_FAILED', r.url);
        assert.equal(e.details.field, r.field, r.url);
        assert.equal(e.details.in, 'body');
      }
      assert.deepEqual(await counts(), before);
    });
  }

  it('NUL in a query string, a path parameter and an Open311 form body', async () => {
    const q = await vb.app.inject({ url: '/api/users?q=%00', headers: admin.auth });
    assert.equal(q.statusCode, 400, q.body);
    assert.deepEqual([q.json().error.code, q.json().error.details.field, q.json().error.details.in], ['VALIDATION_FAILED', 'q', 'querystring']);
    const p = await vb.app.inject({ url: '/api/cases/%00', headers: admin.auth });
    assert.equal(p.statusCode, 400, p.body);
    assert.equal(p.json().error.details.in, 'params');
    const cat = await vb.app.inject({ url: '/api/regions/%ED%A0%80', headers: admin.auth }); // a lone surrogate, URL-encoded as CESU
    assert.ok(cat.statusCode < 500, cat.body);
    const before = await counts();
    const o = await vb.app.inject({
      method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `api_key=k&service_code=0101&lat=1&long=1&description=${encodeURIComponent('a')}%00b`,
    });
    assert.equal(o.statusCode, 400, o.body);
    assert.match(o.body, /description/);
    assert.deepEqual(await counts(), before);
  });

  it('integers and numbers out of range: offset=1e30, limit=1e30, ids:[1e20], a track ts of 1e300', async () => {
    const off = await vb.app.inject({ url: '/api/cases?offset=1e30', headers: admin.auth });
    assert.equal(off.statusCode, 400, off.body);
    assert.equal(off.json().error.details.field, 'offset');
    const usersOff = await vb.app.inject({ url: '/api/users?offset=1e30', headers: admin.auth });
    assert.equal(usersOff.statusCode, 400, usersOff.body);
    assert.equal(usersOff.json().error.details.field, 'offset');
    const ids = await vb.app.inject({ method: 'POST', url: '/api/notifications/read', payload: { ids: [1e20] }, headers: admin.auth });
    assert.equal(ids.statusCode, 400, ids.body);
    assert.equal(ids.json().error.details.field, 'ids.0');
    const track = await vb.app.inject({
      method: 'POST', url: '/api/inspections/00000000-0000-4000-8000-000000000000/track', headers: admin.auth,
      payload: { points: [{ lon: 1, lat: 1, ts: 1e300 }] },
    });
    assert.equal(track.statusCode, 400, track.body);
    assert.equal(track.json().error.details.field, 'points.0.ts');
    const cam = await vb.app.inject({ method: 'POST', url: '/api/cameras', headers: admin.auth, payload: { name: 'c', lon: 1e300, lat: 1, regionCode: area.villages[0] } });
    assert.equal(cam.statusCode, 400, cam.body);
    // in range still works
    assert.equal((await vb.app.inject({ url: '/api/cases?offset=0&limit=5', headers: admin.auth })).statusCode, 200);
    assert.equal((await vb.app.inject({ method: 'POST', url: '/api/notifications/read', payload: { ids: [1] }, headers: admin.auth })).statusCode, 200);
  });

  it('device bodies (parsed by their routes) with NUL or lone surrogates: never a 500, the dead letter keeps their bytes', async () => {
    const [lon, lat] = area.gridPoints[0];
    const asset = await makeReservoir(vb, { village: area.villages[0], at: [lon, lat], name: `NUL水库-${kind}`, levels: { normalLevel: 112, designFloodLevel: 114.2, checkFloodLevel: 115 } });
    const d = await makeDevice(vb, asset);
    const cam = await makeCamera(vb, { at: [lon, lat], name: `NUL摄像头-${kind}-${process.pid}`, view: 'x' });
    const bodies = ['{"le\\u0000vel": 1}', '\u0000garbage', '{"le\\ud800": 2}', '[{"type":"ill\\u0000","confidence":0.9}]'];
    for (const [url, deviceId] of [[`/api/v1/${d.token}/telemetry`, d.id], [`/api/v1/cameras/${cam.token}/events`, cam.id]] as const) {
      for (const payload of bodies) {
        const r = await vb.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
        assert.ok(r.statusCode < 500, `${url} ${JSON.stringify(payload)}: ${r.statusCode} ${r.body}`);
      }
      await vb.services.cameraIntake.idle();
      const dead = await vb.platform.database.raw<{ payload: string }>('SELECT payload FROM ingest_dead_letters WHERE device_id = $1', [deviceId]);
      // a payload that is not clean UTF-8 text (here: a NUL) is kept as base64 of its bytes (devices/dead-letters.ts)
      assert.ok(dead.some((x) => Buffer.from(x.payload, 'base64').toString('utf8') === '\u0000garbage'), `${url}: the raw NUL is kept, as base64`);
    }
  });

  it('well-formed Chinese text and emoji pass', async () => {
    const r = await vb.app.inject({ method: 'POST', url: '/api/organisations', headers: admin.auth, payload: { name: '保洁公司😀', kind: 'company', regionCode: area.townships[0] } });
    assert.ok(r.statusCode === 201 || r.statusCode === 400, r.body);
    if (r.statusCode === 400) assert.notEqual(r.json().error.details.field, 'name');
  });
});
