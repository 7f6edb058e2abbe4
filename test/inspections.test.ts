/**
 * 一键巡库 through the API: an inspection of a reservoir with the checklist and latest readings, a GPS
 * track, a failed item with a photo that becomes a 1202 case in one tap (once), the township's command
 * room dispatching it to the village grid worker; bad input refused with the field named and nothing
 * half-written; region and ownership checks.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import sharp from 'sharp';
import { makeDevice, makeReservoir } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff, type Area } from './helpers/factories.ts';

describeOnDatabases('reservoir inspections', ({ vb, kind }) => {
  let area: Area;
  before(async () => {
    area = await makeArea(vb);
  });

  it('walk, mark the downstream slope failed with a photo, open its case once, finish; the command room dispatches it', async () => {
    const inspector = await makeStaff(vb, 'handler', area.townships[0]);
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const operator = await makeStaff(vb, 'operator', area.townships[0]);
    const [lon, lat] = area.gridPoints[0];
    const asset = await makeReservoir(vb, { village: area.villages[0], at: [lon, lat], name: `杨家源水库-巡-${kind}`, levels: { normalLevel: 112, designFloodLevel: 114.2, checkFloodLevel: 115 } });
    const d = await makeDevice(vb, asset);
    await vb.app.inject({ method: 'POST', url: `/api/v1/${d.token}/telemetry`, headers: { 'content-type': 'application/json' }, payload: '{"level": 111.2}' });
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, who = inspector) => vb.app.inject({ method, url, headers: who.auth, payload });

    const started = await call('POST', '/api/inspections', { assetId: asset.id });
    assert.equal(started.statusCode, 200, started.body);
    const insp = started.json();
    assert.deepEqual(insp.items.map((i: { name: string }) => i.name), ['坝顶', '上游坝坡', '下游坝坡', '溢洪道', '渗水点', '水位尺与监测设施']);
    assert.equal(insp.asset.devices[0].value, 111.2, 'the latest readings beside the checklist');

    // the track, in time order; an older point is dropped
    const t = Date.now() - 600_000;
    assert.equal((await call('POST', `/api/inspections/${insp.id}/track`, { points: [{ lon, lat, ts: t }, { lon: lon + 0.0005, lat, ts: t + 5000 }] })).json().points, 2);
    assert.equal((await call('POST', `/api/inspections/${insp.id}/track`, { points: [{ lon, lat, ts: t - 1 }, { lon: lon + 0.001, lat: lat + 0.0002, ts: t + 10_000 }] })).json().points, 3);

    for (const item of ['dam_crest', 'upstream_slope', 'spillway', 'seepage_points', 'gauges']) {
      assert.equal((await call('PUT', `/api/inspections/${insp.id}/items/${item}`, { result: 'ok' })).statusCode, 200);
    }
    // not finished while an item is unchecked
    const early = await call('POST', `/api/inspections/${insp.id}/finish`, {});
    assert.equal(early.statusCode, 400);
    assert.deepEqual(early.json().error.details.items, ['downstream_slope']);

    const jpeg = await sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 90, g: 120, b: 60 } } }).jpeg().toBuffer();
    const boundary = '----vbinsp';
    const up = await vb.app.inject({
      method: 'POST', url: '/api/media', headers: { ...inspector.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slope.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), jpeg, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    });
    assert.equal(up.statusCode, 201, up.body);
    const failed = await call('PUT', `/api/inspections/${insp.id}/items/downstream_slope`, { result: 'failed', note: '下游坝坡杂物较多', media: [up.json().id] });
    assert.equal(failed.statusCode, 200, failed.body);

    // two taps at once: one case, keyed by the item, linked in the same transaction
    const [made, twin] = await Promise.all([1, 2].map(() => call('POST', `/api/inspections/${insp.id}/items/downstream_slope/case`)));
    assert.equal(made.statusCode, 200, made.body);
    assert.equal(twin.json().caseId, made.json().caseId);
    assert.deepEqual([made.json().created, twin.json().created].filter(Boolean).length, 1);
    const [keyed] = await vb.platform.database.raw<{ n: number; linked: number }>(
      "SELECT (SELECT count(*)::int FROM cases WHERE source = 'patrol' AND source_ref = $1) AS n, (SELECT count(*)::int FROM inspection_items WHERE case_id = $2) AS linked",
      [`inspection:${insp.id}:downstream_slope`, made.json().caseId]);
    assert.deepEqual([keyed.n, keyed.linked], [1, 1]);
    const again = await call('POST', `/api/inspections/${insp.id}/items/downstream_slope/case`);
    assert.deepEqual([again.json().caseId, again.json().created], [made.json().caseId, false], 'one tap, one case');
    const c = (await call('GET', `/api/cases/${made.json().caseId}`, undefined, operator)).json();
    assert.equal(c.categoryCode, '1202');
    assert.equal(c.source, 'patrol');
    assert.equal(c.villageCode, area.villages[0]);
    assert.equal(c.media.length, 1, 'the photo goes with the case');
    assert.match(c.title, /下游坝坡/);
    assert.ok(Math.abs(c.lon - (lon + 0.001)) < 1e-4, 'placed where the inspector stood');
    // the township command room hands it to the village grid worker
    assert.equal((await call('POST', `/api/cases/${c.id}/actions`, { action: 'register', categoryCode: '1202' }, operator)).statusCode, 200);
    assert.equal((await call('POST', `/api/cases/${c.id}/actions`, { action: 'dispatch', assigneeId: worker.id }, operator)).statusCode, 200);
    assert.ok((await call('GET', '/api/cases?mine=true', undefined, worker)).json().items.some((x: { id: string }) => x.id === c.id));

    assert.equal((await call('PUT', `/api/inspections/${insp.id}/items/downstream_slope`, { result: 'ok' })).statusCode, 409, 'an item with a case stays failed');
    const done = await call('POST', `/api/inspections/${insp.id}/finish`, { note: '其余正常' });
    assert.equal(done.json().state, 'finished');
    assert.equal(done.json().track.length, 3);
    assert.equal((await call('PUT', `/api/inspections/${insp.id}/items/gauges`, { result: 'failed', note: 'x' })).statusCode, 409, 'finished is finished');
    const list = (await call('GET', `/api/inspections?assetId=${asset.id}`, undefined, operator)).json().items;
    assert.deepEqual(list.map((i: { failed: number; points: number }) => [i.failed, i.points]), [[1, 3]]);
  });

  it('a township\'s list is cut to its area in SQL before the limit: 201 newer inspections elsewhere hide none of its own (issue 11, fault 17)', async () => {
    const inspector = await makeStaff(vb, 'handler', area.townships[0]);
    const other = await makeStaff(vb, 'handler', area.townships[1]);
    const [lon, lat] = area.gridPoints[0];
    const mine = await makeReservoir(vb, { village: area.villages[0], at: [lon, lat], name: `本镇水库-${kind}`, levels: { normalLevel: 100, designFloodLevel: 102, checkFloodLevel: 103 } });
    const theirs = await makeReservoir(vb, { village: area.villages[2], at: [lon, lat], name: `外镇水库-${kind}`, levels: { normalLevel: 100, designFloodLevel: 102, checkFloodLevel: 103 } });
    const own = await vb.app.inject({ method: 'POST', url: '/api/inspections', headers: inspector.auth, payload: { assetId: mine.id } });
    assert.equal(own.statusCode, 200, own.body);
    const first = await vb.app.inject({ method: 'POST', url: '/api/inspections', headers: other.auth, payload: { assetId: theirs.id } });
    assert.equal(first.statusCode, 200, first.body);
    // 200 more of the other township's, all newer than ours (copies of its first, an hour on)
    await vb.platform.database.raw(`
        INSERT INTO inspections (asset_id, inspector_id, region_code, state, started_at, track)
        SELECT asset_id, inspector_id, region_code, 'finished', now() + make_interval(mins => g), track
          FROM inspections, generate_series(1, 200) g WHERE id = $1`, [first.json().id]);
    const list = await vb.app.inject({ method: 'GET', url: '/api/inspections', headers: inspector.auth });
    assert.equal(list.statusCode, 200, list.body);
    const ids = (list.json().items as { id: string }[]).map((i) => i.id);
    assert.ok(ids.includes(own.json().id), 'the township still sees its own inspection');
    const theirsList = await vb.app.inject({ method: 'GET', url: '/api/inspections', headers: other.auth });
    assert.ok(!(theirsList.json().items as { id: string }[]).some((i) => i.id === own.json().id), 'and the other township does not');
  });

  it('bad input: clear errors, nothing half-written; other villages and other people\'s inspections are out of reach', async () => {
    const inspector = await makeStaff(vb, 'grid_worker', area.villages[1]);
    const other = await makeStaff(vb, 'grid_worker', area.villages[1]);
    const stranger = await makeStaff(vb, 'grid_worker', area.villages[2]);
    const [lon, lat] = area.gridPoints[2];
    const asset = await makeReservoir(vb, { village: area.villages[1], at: [lon, lat], name: `坏输入水库-${kind}` });
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload: object | undefined, who: typeof inspector) => vb.app.inject({ method, url, headers: who.auth, payload });
    assert.equal((await call('POST', '/api/inspections', { assetId: asset.id }, stranger)).statusCode, 404, 'another village\'s reservoir');
    const insp = (await call('POST', '/api/inspections', { assetId: asset.id }, inspector)).json();
    const cases = async () => (await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE source = 'patrol'", []))[0].n;
    const before = await cases();
    const bad: [string, string, object | undefined, number, string][] = [
      ['PUT', 'items/spillway', { result: 'failed' }, 400, 'note'],
      ['PUT', 'items/spillway', { result: 'broken' }, 400, 'result'],
      ['PUT', 'items/spillway', { result: 'failed', note: '裂缝', media: ['f'.repeat(64)] }, 400, 'media'],
      ['PUT', 'items/moat', { result: 'ok' }, 404, 'item'],
      ['POST', 'track', { points: [{ lon: 2, lat: 48 }] }, 400, 'points[0]'],
      ['POST', 'track', { points: [{ lon, lat, ts: Date.now() + 3_600_000 }] }, 400, 'points[0].ts'],
      ['POST', 'items/spillway/case', undefined, 409, 'item'],
    ];
    for (const [method, path, body, status, field] of bad) {
      const r = await call(method as 'PUT', `/api/inspections/${insp.id}/${path}`, body, inspector);
      assert.equal(r.statusCode, status, `${path}: ${r.body}`);
      if (field) assert.equal(r.json().error.details?.field ?? r.json().error.details?.[0]?.field, field, r.body);
    }
    const now = (await call('GET', `/api/inspections/${insp.id}`, undefined, inspector)).json();
    assert.deepEqual(now.items.map((i: { result: string | null }) => i.result), [null, null, null, null, null, null], 'nothing half-written');
    assert.equal(now.track.length, 0);
    assert.equal(await cases(), before);
    assert.equal((await call('PUT', `/api/inspections/${insp.id}/items/spillway`, { result: 'ok' }, other)).statusCode, 403, 'only the inspector');
    assert.equal((await call('GET', `/api/inspections/${insp.id}`, undefined, stranger)).statusCode, 404);
  });
});
