/**
 * Citizen channels through the API: questions answered on the short path, duplicates offered nearby
 * and joined with "me too", rate limits per person, photos' GPS read as a hint and stripped.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff, type Area } from './helpers/factories.ts';

describeOnDatabases('citizen channels', { env: { REPORTS_PER_HOUR_PER_PERSON: '6' } }, ({ vb }) => {
  let area: Area;
  before(async () => {
    area = await makeArea(vb);
  });

  const post = (url: string, auth: Record<string, string>, payload: Record<string, unknown>) => vb.app.inject({ method: 'POST', url, headers: auth, payload });

  it('a tourist asks a question; the command room answers it in one step; first response is measured', async () => {
    const tourist = await makeResident(vb, null, 'tourist');
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const [lon, lat] = area.gridPoints[0];
    const q = await post('/api/cases', tourist.auth, { title: '请问哪里可以买到钻石画？', categoryCode: '1501', lon, lat });
    assert.equal(q.statusCode, 201, q.body);
    assert.equal(q.json().source, 'tourist');
    const view = await vb.app.inject({ url: `/api/cases/${q.json().id}`, headers: op.auth });
    assert.ok(view.json().allowedActions.includes('answer'));
    const noText = await post(`/api/cases/${q.json().id}/actions`, op.auth, { action: 'answer' });
    assert.equal(noText.statusCode, 400);
    const a = await post(`/api/cases/${q.json().id}/actions`, op.auth, { action: 'answer', note: '余东村文化礼堂旁的农民画馆有售，营业到下午五点' });
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(a.json().state, 'CLOSED');
    const mine = await vb.app.inject({ url: `/api/cases/${q.json().id}`, headers: tourist.auth });
    assert.equal(mine.json().timeline.at(-1).note, '余东村文化礼堂旁的农民画馆有售，营业到下午五点', 'the asker reads the answer');
    assert.deepEqual(mine.json().names, {}, 'no staff names for the public');
    assert.equal((await post(`/api/cases/${q.json().id}/actions`, tourist.auth, { action: 'rate', rating: 'satisfied' })).json().state, 'RATED');
    const [k] = await vb.services.cases.kpis(await vb.services.users.actorOf(op.id), { regionCode: area.townships[0], from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000), groupBy: 'category' })
      .then((rows) => rows.filter((r) => r.group === '1501'));
    assert.ok(k.firstResponseMinutes !== null && k.firstResponseMinutes < 5, 'answered within 5 minutes');
    // an ordinary case cannot take the short path
    const other = await post('/api/cases', tourist.auth, { title: '路边垃圾', categoryCode: '0102', lon, lat });
    const refused = await post(`/api/cases/${other.json().id}/actions`, op.auth, { action: 'answer', note: '不是问题' });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().error.code, 'NOT_A_QUESTION');
    assert.ok(!(await vb.app.inject({ url: `/api/cases/${other.json().id}`, headers: op.auth })).json().allowedActions.includes('answer'));
  });

  it('duplicates nearby are offered; "me too" counts once per person, follows the case, and ends with it', async () => {
    const first = await makeResident(vb, area.villages[1]);
    const second = await makeResident(vb, area.villages[1]);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const [lon, lat] = area.gridPoints[3];
    const c = (await post('/api/cases', first.auth, { title: '垃圾堆在路口', categoryCode: '0102', lon, lat })).json();
    const near = await vb.app.inject({ url: `/api/cases/nearby?lon=${lon + 0.0002}&lat=${lat}&category=0102`, headers: second.auth });
    assert.equal(near.statusCode, 200, near.body);
    const hit = near.json().items.find((x: { id: string }) => x.id === c.id);
    assert.ok(hit, 'the open case 20 m away is offered');
    assert.ok(hit.distanceM > 10 && hit.distanceM < 40);
    assert.equal(hit.description, undefined, 'no description of someone else\'s report');
    const far = await vb.app.inject({ url: `/api/cases/nearby?lon=${lon + 0.01}&lat=${lat}&category=0102`, headers: second.auth });
    assert.ok(!far.json().items.some((x: { id: string }) => x.id === c.id), '1 km is beyond the category\'s 50 m radius');
    const otherCat = await vb.app.inject({ url: `/api/cases/nearby?lon=${lon}&lat=${lat}&category=0201`, headers: second.auth });
    assert.ok(!otherCat.json().items.some((x: { id: string }) => x.id === c.id));

    const here = { lon: lon + 0.0002, lat, categoryCode: '0102' };
    const joined = await post(`/api/cases/${c.id}/me-too`, second.auth, here);
    assert.equal(joined.statusCode, 200, joined.body);
    assert.equal(joined.json().reportCount, 2);
    assert.equal((await post(`/api/cases/${c.id}/me-too`, second.auth, here)).json().reportCount, 2, 'once per person');
    assert.equal((await post(`/api/cases/${c.id}/me-too`, first.auth, here)).json().reportCount, 2, 'the reporter does not count twice');
    const listed = await vb.app.inject({ url: '/api/cases', headers: second.auth });
    assert.ok(listed.json().items.some((x: { id: string }) => x.id === c.id), 'among the follower\'s reports');
    const seen = await vb.app.inject({ url: `/api/cases/${c.id}`, headers: second.auth });
    assert.equal(seen.statusCode, 200);
    assert.deepEqual(seen.json().allowedActions, [], 'a follower watches; only the reporter rates');
    await vb.platform.events.flush();
    const ev = (await vb.platform.db.execute(sql`SELECT type FROM outbox_events WHERE aggregate_id = ${c.id} AND type = 'case.me_too'`) as unknown as { rows: unknown[] }).rows;
    assert.equal(ev.length, 1);
    // once rejected (or closed), it takes no more "me too"
    await post(`/api/cases/${c.id}/actions`, op.auth, { action: 'reject', reason: '已清理' });
    const late = await post(`/api/cases/${c.id}/me-too`, (await makeResident(vb, area.villages[1])).auth, here);
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.code, 'CASE_NOT_OPEN');
    assert.equal((await vb.app.inject({ url: `/api/cases/nearby?lon=${lon}&lat=${lat}&category=9999`, headers: second.auth })).statusCode, 400);
  });

  it('"me too" needs the position and category of the report in progress; a follower and the reporter see no inside of the handling', async () => {
    const reporter = await makeResident(vb, area.villages[0]);
    const tourist = await makeResident(vb, null, 'tourist');
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const otherTownship = await makeStaff(vb, 'grid_worker', area.villages[2]);
    const [lon, lat] = area.gridPoints[1];
    const c = (await post('/api/cases', reporter.auth, { title: '垃圾堆放，联系我13812345678', description: '门口垃圾三天没人清，身份证330802199001011234', categoryCode: '0102', lon, lat })).json();
    await post(`/api/cases/${c.id}/actions`, op.auth, { action: 'register' });
    await post(`/api/cases/${c.id}/actions`, op.auth, { action: 'dispatch', assigneeId: worker.id });
    await post(`/api/cases/${c.id}/actions`, worker.auth, { action: 'return', reason: '内部：王五说这片归隔壁网格' });
    const follows = async (userId: string) => Number(((await vb.platform.db.execute(sql`SELECT count(*)::int AS n FROM case_followers WHERE case_id = ${c.id} AND user_id = ${userId}`)) as unknown as { rows: { n: number }[] }).rows[0].n);

    // a case id alone opens nothing: no position, far away, another category
    assert.equal((await post(`/api/cases/${c.id}/me-too`, tourist.auth, {})).statusCode, 400);
    const far = await post(`/api/cases/${c.id}/me-too`, tourist.auth, { lon: lon + 0.01, lat, categoryCode: '0102' });
    assert.equal(far.statusCode, 404, far.body);
    assert.equal(far.json().error.code, 'CASE_NOT_NEARBY');
    const otherKind = await post(`/api/cases/${c.id}/me-too`, tourist.auth, { lon, lat, categoryCode: '0201' });
    assert.equal(otherKind.statusCode, 404);
    assert.equal(otherKind.json().error.code, 'CASE_NOT_NEARBY');
    assert.equal(await follows(tourist.id), 0, 'nothing written');
    assert.equal((await vb.app.inject({ url: `/api/cases/${c.id}`, headers: tourist.auth })).statusCode, 404);

    // near and of the same kind: the tourist and staff of another township follow it, and see the public view
    for (const who of [tourist, otherTownship]) {
      const j = await post(`/api/cases/${c.id}/me-too`, who.auth, { lon: lon + 0.0001, lat, categoryCode: '0102' });
      assert.equal(j.statusCode, 200, j.body);
      const v = (await vb.app.inject({ url: `/api/cases/${c.id}`, headers: who.auth })).json();
      assert.equal(v.view, 'public');
      assert.equal(v.description, '', 'not the reporter\'s text');
      assert.equal(v.title, '垃圾堆放，联系我138****5678');
      assert.equal(v.reporterId, null);
      assert.equal(v.assigneeId, null);
      assert.deepEqual(v.media, []);
      assert.equal(v.lon, Math.round(lon * 1000) / 1000, 'rounded to about 100 m');
      assert.deepEqual(v.names, {});
      assert.deepEqual(v.allowedActions, []);
      assert.ok(v.timeline.every((t: { note: string | null; actorId: string | null; data: object }) => t.note === null && (t.actorId === null || t.actorId === who.id) && Object.keys(t.data).length === 0));
      assert.ok(v.timeline.some((t: { action: string; actorId: string }) => t.action === 'me_too' && t.actorId === who.id), 'their own "me too"');
      const listed = (await vb.app.inject({ url: '/api/cases', headers: who.auth })).json().items.find((x: { id: string }) => x.id === c.id);
      assert.equal(listed.description, '');
      assert.equal(listed.reporterId, null);
    }
    // the reporter: their own text, but no staff ids and no internal notes
    const mine = (await vb.app.inject({ url: `/api/cases/${c.id}`, headers: reporter.auth })).json();
    assert.equal(mine.view, 'reporter');
    assert.equal(mine.description, '门口垃圾三天没人清，身份证330802199001011234');
    assert.equal(mine.assigneeId, null);
    assert.ok(mine.timeline.every((t: { actorId: string | null }) => t.actorId === null || t.actorId === reporter.id), 'no staff ids on the timeline');
    assert.equal(mine.timeline.find((t: { action: string }) => t.action === 'return').note, null, 'the return\'s reason is internal');
    assert.ok(!JSON.stringify(mine).includes(worker.id) && !JSON.stringify(mine).includes(op.id));
    // staff of the case's township still see all of it
    const full = (await vb.app.inject({ url: `/api/cases/${c.id}`, headers: op.auth })).json();
    assert.equal(full.view, 'staff');
    assert.equal(full.timeline.find((t: { action: string }) => t.action === 'return').note, '内部：王五说这片归隔壁网格');
  });

  it('a person is rate-limited after six reports an hour; nothing of the refused one is stored', async () => {
    const r = await makeResident(vb, area.villages[2]);
    const [lon, lat] = area.gridPoints[4];
    for (let i = 0; i < 6; i++) assert.equal((await post('/api/cases', r.auth, { title: `小广告 ${i}`, categoryCode: '0201', lon, lat })).statusCode, 201);
    const count = async () => Number(((await vb.platform.db.execute(sql`SELECT count(*)::int AS n FROM cases WHERE reporter_id = ${r.id}`)) as unknown as { rows: { n: number }[] }).rows[0].n);
    const limited = await post('/api/cases', r.auth, { title: '第七条', categoryCode: '0201', lon, lat });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, 'RATE_LIMITED');
    assert.ok(limited.json().error.details.retryAfterSeconds > 0);
    assert.equal(await count(), 6);
    const staff = await makeStaff(vb, 'grid_worker', area.villages[2]);
    for (let i = 0; i < 8; i++) assert.equal((await post('/api/cases', staff.auth, { title: `巡查 ${i}`, categoryCode: '0201', lon, lat })).statusCode, 201, 'staff are not limited per person');
  });

  it('a photo\'s GPS comes back once as a hint and is stripped from the stored file', async () => {
    const r = await makeResident(vb, area.villages[0]);
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } } }).jpeg()
      .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 58/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '118/1 52/1 12/1' } }).toBuffer();
    assert.ok((await sharp(jpeg).metadata()).exif, 'the test photo has EXIF');
    const boundary = '----vbtest';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), jpeg, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await vb.app.inject({ method: 'POST', url: '/api/media', headers: { ...r.auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    assert.equal(up.statusCode, 201, up.body);
    assert.ok(Math.abs(up.json().gps.lat - 28.975) < 1e-6 && Math.abs(up.json().gps.lon - 118.87) < 1e-6, 'the hint');
    const info = await vb.platform.media.get(vb.platform.db, up.json().id);
    const stored = await sharp(vb.platform.media.pathOf(info)).metadata();
    assert.equal(stored.exif, undefined, 'no EXIF in the stored photo');
    assert.equal(info.id === (await import('node:crypto')).createHash('sha256').update(jpeg).digest('hex'), false, 'stored bytes differ from the upload');
  });
});
