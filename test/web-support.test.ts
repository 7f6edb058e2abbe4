/**
 * The server side of the web app's fixes (issue 12): the menu facts per user and area
 * (/api/me/features), questions sent to a village or township without a location, and the log-in
 * page's development hint only on a development server (/api/config/client).
 */
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { before, describe, it } from 'node:test';
import { makeCamera, makeOrganisation, makeReservoir } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff, type Area } from './helpers/factories.ts';

describeOnDatabases('web support', ({ vb, kind }) => {
  let area: Area;
  before(async () => {
    area = await makeArea(vb);
    // one reservoir, in villages[1]; one camera, in villages[2]
    const [lon, lat] = area.gridPoints[2];
    await makeReservoir(vb, { village: area.villages[1], at: [lon, lat], name: `测试水库-${area.district}-${kind}` });
    const [clon, clat] = area.gridPoints[4];
    await makeCamera(vb, { at: [clon, clat], name: `测试摄像头-${area.district}` });
  });

  const features = async (auth: Record<string, string>) => {
    const r = await vb.app.inject({ url: '/api/me/features', headers: auth });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as { features: string[]; reservoirs: number; cameras: number };
  };

  it('menus follow the area: 一键巡库 only where there is a reservoir, nothing of reservoirs for the cleaners, reporting for party members', async () => {
    const withDam = await makeStaff(vb, 'grid_worker', area.villages[1]);
    const withoutDam = await makeStaff(vb, 'grid_worker', area.villages[0]);
    assert.deepEqual((await features(withDam.auth)).features.sort(), ['inspect', 'reservoirs', 'tasks']);
    assert.deepEqual((await features(withoutDam.auth)).features, ['tasks'], 'no reservoir in the village: no 一键巡库');
    const cleaning = await makeOrganisation(vb, { kind: 'cleaning', regionCode: area.district, name: `保洁-${kind}` });
    const water = await makeOrganisation(vb, { kind: 'water_bureau', regionCode: area.district, name: `水利-${kind}` });
    const cleaner = await makeStaff(vb, 'handler', area.district, { organisationId: cleaning.id });
    const officer = await makeStaff(vb, 'handler', area.district, { organisationId: water.id });
    const c = await features(cleaner.auth);
    assert.deepEqual([c.features, c.reservoirs], [['tasks'], 1], 'the cleaner sees a reservoir in the district but is offered none of it');
    assert.deepEqual((await features(officer.auth)).features.sort(), ['inspect', 'reservoirs', 'tasks']);
    const operator = await makeStaff(vb, 'operator', area.townships[1]);
    const o = await features(operator.auth);
    assert.deepEqual([o.features.sort(), o.reservoirs, o.cameras], [['cameras', 'cases'], 0, 1], 'the camera township: cameras, no reservoirs');
    const party = await makeStaff(vb, 'party_member', area.villages[0]);
    assert.deepEqual((await features(party.auth)).features, ['report', 'household']);
    const resident = await makeResident(vb, area.villages[0]);
    assert.deepEqual((await features(resident.auth)).features, ['report', 'household']);
    const tourist = await makeResident(vb, null, 'tourist');
    assert.deepEqual((await features(tourist.auth)).features, ['report'], 'a tourist has no household (我的户, the loan quota)');
    assert.equal((await vb.app.inject({ url: '/api/me/features' })).statusCode, 401);
  });

  const post = (auth: Record<string, string>, payload: Record<string, unknown>) => vb.app.inject({ method: 'POST', url: '/api/cases', headers: auth, payload });
  const count = async () => (await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM cases', []))[0].n;

  it('a question needs no location: it goes to the village asked, or to a village of the township asked', async () => {
    const tourist = await makeResident(vb, null, 'tourist');
    const toVillage = await post(tourist.auth, { title: '哪里可以买到点钻画？', categoryCode: '1501', regionCode: area.villages[3] });
    assert.equal(toVillage.statusCode, 201, toVillage.body);
    assert.equal(toVillage.json().villageCode, area.villages[3]);
    const toTownship = await post(tourist.auth, { title: '乡里有公共厕所吗？', categoryCode: '1501', regionCode: area.townships[0] });
    assert.equal(toTownship.statusCode, 201, toTownship.body);
    assert.ok(toTownship.json().villageCode.startsWith(area.townships[0].slice(0, 9)), toTownship.json().villageCode);
    // the township's command room sees and may answer it
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const view = (await vb.app.inject({ url: `/api/cases/${toTownship.json().id}`, headers: op.auth })).json();
    assert.ok(view.allowedActions.includes('answer'), JSON.stringify(view.allowedActions));
  });

  it('a problem still needs its place, and a question an existing village or township: clear 400s, nothing written', async () => {
    const resident = await makeResident(vb, area.villages[0]);
    const before = await count();
    const problem = await post(resident.auth, { title: '路灯坏了', categoryCode: '0101', regionCode: area.villages[0] });
    assert.equal(problem.statusCode, 400, problem.body);
    assert.equal(problem.json().error.code, 'LOCATION_REQUIRED');
    const nowhere = await post(resident.auth, { title: '请问', categoryCode: '1501' });
    assert.equal(nowhere.json().error.code, 'LOCATION_REQUIRED');
    const unknown = await post(resident.auth, { title: '请问', categoryCode: '1501', regionCode: '990000000000' });
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.equal(unknown.json().error.code, 'QUESTION_REGION_UNKNOWN');
    const malformed = await post(resident.auth, { title: '请问', categoryCode: '1501', regionCode: '12ab' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(await count(), before);
  });

  it('the log-in page learns the server\'s mode: the SMS-code hint only on a development server', async () => {
    const dev = await vb.app.inject({ url: '/api/config/client' });
    assert.deepEqual(dev.json(), { mode: 'development', smsCodesInLog: true });
    const was = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      assert.deepEqual((await vb.app.inject({ url: '/api/config/client' })).json(), { mode: 'production', smsCodesInLog: false });
    } finally {
      process.env.NODE_ENV = was;
    }
  });
});

describe('vb simulate finds the running server', () => {
  it('PORT when set here, else the port the running server recorded, else 3000', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { defaultServerUrl, recordRunningServer, RUNNING_SERVER_FILE } = await import('../src/demo/simulator.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-sim-'));
    try {
      assert.equal(defaultServerUrl({}, dir, 3000), 'http://localhost:3000', 'nothing running');
      recordRunningServer(dir, 8123); // as `PORT=8123 npm start` does
      assert.equal(defaultServerUrl({}, dir, 3000), 'http://localhost:8123');
      assert.equal(defaultServerUrl({ PORT: '9000' }, dir, 9000), 'http://localhost:9000', 'PORT in this shell wins');
      fs.writeFileSync(path.join(dir, RUNNING_SERVER_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, port: 8124 }));
      assert.equal(defaultServerUrl({}, dir, 3000), 'http://localhost:3000', 'a stopped server is not used');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeOnDatabases('answers compressed for browsers that take it', ({ vb }) => {
  it('JSON over 1 KB goes brotli or gzip as the browser asks, plain otherwise; small answers and the live stream never', async () => {
    const plain = await vb.app.inject({ url: '/openapi.json' });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers['content-encoding'], undefined, 'no Accept-Encoding: plain');
    const br = await vb.app.inject({ url: '/openapi.json', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.headers['content-encoding'], 'br', 'a browser offering brotli gets it');
    assert.ok(br.rawPayload.length < plain.rawPayload.length / 4, `${br.rawPayload.length} bytes for ${plain.rawPayload.length}`);
    assert.deepEqual(JSON.parse(zlib.brotliDecompressSync(br.rawPayload).toString()), plain.json());
    const gz = await vb.app.inject({ url: '/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(JSON.parse(zlib.gunzipSync(gz.rawPayload).toString()), plain.json());
    // the live stream is written as events happen: a compressor would hold them back
    const staff = await makeStaff(vb, 'operator', (await makeArea(vb)).townships[0]);
    const small = await vb.app.inject({ url: '/api/me/features', headers: { ...staff.auth, 'accept-encoding': 'br' } });
    assert.ok(small.rawPayload.length < 1024, small.body);
    assert.equal(small.headers['content-encoding'], undefined, 'under 1 KB: not worth it');
    const server = await vb.app.listen({ port: 0, host: '127.0.0.1' });
    const ac = new AbortController();
    const r = await fetch(`${server}/api/events/stream`, { headers: { ...staff.auth, 'accept-encoding': 'br, gzip' }, signal: ac.signal });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-encoding'), null);
    const reader = r.body!.getReader();
    assert.match(new TextDecoder().decode((await reader.read()).value), /retry: 3000/, 'the first bytes arrive at once');
    ac.abort();
  });
});
