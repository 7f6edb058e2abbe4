/**
 * Places (issue 20 item 2) through the HTTP API on PGlite and PostgreSQL: an owner's listing goes through
 * the village's approval; an edit of a published listing waits as a revision while tourists keep seeing
 * the published version; someone else's edit is refused (403) with nothing written; tourists read only
 * published places and no personal data; search by text, kind, grade and bounds; 咨询 from a place's
 * page opens a question case with the place attached.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeHousehold, makeResident, makeStaff, type Area, type TestUser } from './builders/index.ts';
import { tinyJpeg } from './helpers/world.ts';
import { industryBoard } from '../src/places/index.ts';

describeOnDatabases('places', ({ vb }) => {
  let area: Area;
  let village: string;
  let point: [number, number];
  let operator: TestUser;
  let grid: TestUser;
  before(async () => {
    area = await makeArea(vb);
    village = area.villages[0];
    point = area.gridPoints[0];
    operator = await makeStaff(vb, 'operator', area.townships[0]);
    grid = await makeStaff(vb, 'grid_worker', village);
  });

  type Who = { auth: Record<string, string> } | null;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, who: Who, payload?: object) =>
    vb.app.inject({ method, url, headers: who?.auth ?? {}, ...(payload ? { payload } : {}) });
  const written = async () => (await vb.platform.database.raw<Record<string, string>>(`SELECT
    (SELECT count(*) FROM places)::text AS places, (SELECT coalesce(sum(version), 0) FROM places)::text AS versions,
    (SELECT count(*) FROM place_questions)::text AS questions, (SELECT count(*) FROM cases)::text AS cases`, []))[0];
  const homestay = (extra: object = {}) => ({
    regionCode: village, kind: 'homestay', name: '云上人家民宿', description: '竹林边的三层小楼，可看日出', lon: point[0], lat: point[1],
    attrs: { grade: 'gold', rooms: 8, priceFrom: 280, priceTo: 580 }, phone: '0570-1234567', bookingUrl: 'https://example.org/book/1', ...extra,
  });

  it('an owner lists a homestay, the village approves it, an edit waits as a revision while the published version stays', async () => {
    const { household, head } = await makeHousehold(vb, { village });
    const photo = await vb.platform.media.saveImage(vb.platform.db, await tinyJpeg(41), head.id);
    const created = await call('POST', '/api/places/listings', head, { ...homestay(), ownerHouseholdId: household.id, photos: [photo.id] });
    assert.equal(created.statusCode, 201, created.body);
    const p = created.json();
    assert.equal(p.status, 'draft');
    // a draft is no tourist's business
    assert.equal((await call('GET', `/api/places/public/${p.id}`, null)).statusCode, 404);
    const sent = await call('POST', `/api/places/${p.id}/submit`, head);
    assert.equal(sent.json().status, 'pending');
    const queue = (await call('GET', `/api/places/listings?region=${village}&queue=true`, operator)).json();
    assert.ok(queue.items.some((i: { id: string }) => i.id === p.id), 'in the approval queue');
    const ok = await call('POST', `/api/places/${p.id}/approve`, operator);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'published');

    const seen = (await call('GET', `/api/places/public/${p.id}`, null)).json();
    assert.equal(seen.name, '云上人家民宿');
    assert.equal(seen.grade, 'gold');
    assert.equal(seen.phone, '0570-1234567');
    assert.equal(seen.photoUrls.length, 1);
    assert.ok(!('ownerHouseholdId' in seen) && !JSON.stringify(seen).includes(household.id), 'no owner in the public page');
    const img = await call('GET', seen.photoUrls[0], null);
    assert.equal(img.statusCode, 200);
    assert.equal(img.headers['content-type'], 'image/jpeg');

    // the owner renames it: a revision; tourists keep the published name until it is approved
    const edited = await call('PATCH', `/api/places/${p.id}`, head, { name: '云上人家精品民宿', attrs: { grade: 'gold', rooms: 10, priceFrom: 300, priceTo: 600 } });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().status, 'published');
    assert.equal(edited.json().revision.name, '云上人家精品民宿');
    assert.equal((await call('GET', `/api/places/public/${p.id}`, null)).json().name, '云上人家民宿');
    const rejected = await call('POST', `/api/places/${p.id}/reject`, operator, { reason: '房间数与备案不符' });
    assert.equal(rejected.json().revisionRejectReason, '房间数与备案不符');
    assert.equal(rejected.json().revision, null);
    assert.equal(rejected.json().status, 'published', 'the published version stays');
    await call('PATCH', `/api/places/${p.id}`, head, { name: '云上人家精品民宿' });
    assert.equal((await call('POST', `/api/places/${p.id}/approve`, operator)).statusCode, 200);
    assert.equal((await call('GET', `/api/places/public/${p.id}`, null)).json().name, '云上人家精品民宿');
    // nothing left to approve
    const again = await call('POST', `/api/places/${p.id}/approve`, operator);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'PLACE_NOT_PENDING');
    assert.equal((await call('GET', '/api/places/mine', head)).json().items[0].id, p.id);
  });

  it('an edit by someone who does not own the place is refused (403) and nothing is written', async () => {
    const { household, head } = await makeHousehold(vb, { village });
    const p = (await call('POST', '/api/places/listings', head, { ...homestay({ name: '溪边小院' }), ownerHouseholdId: household.id, submit: true })).json();
    const neighbour = (await makeHousehold(vb, { village })).head;
    const tourist = await makeResident(vb, null, 'tourist');
    const otherVillageStaff = await makeStaff(vb, 'grid_worker', area.villages[1]);
    for (const who of [neighbour, tourist, otherVillageStaff]) {
      const before = await written();
      const res = await call('PATCH', `/api/places/${p.id}`, who, { name: '被人改了' });
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().error.code, 'PLACE_NOT_OWNER');
      assert.match(res.json().error.message, /业主|owner/);
      assert.deepEqual(await written(), before, 'nothing written');
    }
    // nor may a neighbour list a place for a household they are not in
    const before = await written();
    const res = await call('POST', '/api/places/listings', neighbour, { ...homestay({ name: '冒名民宿' }), ownerHouseholdId: household.id });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().error.code, 'PLACE_OWNER_INVALID');
    assert.deepEqual(await written(), before);
    // nor approve it
    assert.equal((await call('POST', `/api/places/${p.id}/approve`, head)).statusCode, 403);
    // the village's grid worker (places.manage) may correct it
    assert.equal((await call('PATCH', `/api/places/${p.id}`, grid, { description: '溪边的小院，四间房' })).statusCode, 200);
  });

  it('bad listings are refused with the field named: a kind\'s attrs, a point outside the village, a missing photo', async () => {
    const cases: [object, number, string, string][] = [
      [homestay({ attrs: { grade: 'diamond', rooms: 3, priceFrom: 1, priceTo: 2 } }), 422, 'PLACE_INVALID', 'attrs.grade'],
      [homestay({ attrs: { grade: 'gold', priceFrom: 1, priceTo: 2 } }), 422, 'PLACE_INVALID', 'attrs.rooms'],
      [homestay({ attrs: { grade: 'gold', rooms: 3, priceFrom: 500, priceTo: 200 } }), 422, 'PLACE_INVALID', 'attrs.priceTo'],
      [homestay({ lon: area.gridPoints[2][0], lat: area.gridPoints[2][1] }), 422, 'PLACE_OUTSIDE_VILLAGE', 'lon'],
      [homestay({ photos: ['a'.repeat(64)] }), 422, 'PLACE_PHOTO_NOT_FOUND', 'photos'],
      [{ ...homestay(), kind: 'product', attrs: { price: 30 } }, 422, 'PLACE_INVALID', 'attrs.howToBuy'],
    ];
    for (const [body, status, code, field] of cases) {
      const before = await written();
      const res = await call('POST', '/api/places/listings', grid, body);
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().error.code, code);
      assert.equal(res.json().error.details.field, field);
      assert.deepEqual(await written(), before);
    }
  });

  it('tourists search published places by text, kind, grade and bounds; drafts and other villages stay out', async () => {
    const v = area.villages[3];
    const [lon, lat] = area.gridPoints[6];
    const make = async (kind: string, name: string, attrs: object, publish = true, description = '') => {
      const p = (await call('POST', '/api/places/listings', operator.auth ? await makeStaff(vb, 'operator', area.townships[1]) : grid, { regionCode: v, kind, name, description, lon, lat, attrs, submit: true })).json();
      if (publish) await vb.services.places.approve(null, p.id);
      return p;
    };
    const museum = await make('venue', '中国乡村美术馆', { hours: '09:00–17:00，周一闭馆', ticket: '免费' }, true, '农民画与点钻画');
    const shop = await make('shop', '美术馆文创商店', { partOf: museum.id, hours: '09:00–17:00' });
    await make('product', '点钻画《丰收》', { price: 168, howToBuy: '美术馆文创商店购买，或电话 0570-0000000', soldAt: shop.id }, true, '手工点钻画');
    await make('homestay', '金宿山居', { grade: 'gold', rooms: 6, priceFrom: 300, priceTo: 500 });
    await make('homestay', '银宿小院', { grade: 'silver', rooms: 4, priceFrom: 150, priceTo: 260 });
    await make('homestay', '未发布的民宿', { grade: 'gold', rooms: 4, priceFrom: 150, priceTo: 260 }, false);

    const search = async (qs: string) => (await call('GET', `/api/places/public?region=${v}&${qs}`, null)).json();
    const names = (r: { items: { name: string }[] }) => r.items.map((i) => i.name);
    assert.deepEqual(names(await search(`kind=homestay&grade=gold`)), ['金宿山居']);
    assert.deepEqual(names(await search(`kind=homestay`)).sort(), ['金宿山居', '银宿小院'].sort());
    assert.deepEqual(names(await search(`q=${encodeURIComponent('美术馆')}`)).slice(0, 2).sort(), ['中国乡村美术馆', '美术馆文创商店'].sort(), 'names first');
    assert.ok(names(await search(`q=${encodeURIComponent('点钻画')}`)).includes('点钻画《丰收》'));
    assert.deepEqual(names(await search(`q=${encodeURIComponent('文创')}&kind=shop`)), ['美术馆文创商店']);
    assert.equal((await search(`bbox=${lon + 0.001},${lat},${lon + 0.01},${lat + 0.01}`)).total, 0, 'outside the bounds');
    assert.equal((await search('')).total, 5, 'published only');
    // the museum's page lists its shop; the shop's page lists the products and names the museum
    const page = (await call('GET', `/api/places/public/${museum.id}`, null)).json();
    assert.deepEqual(page.parts.map((x: { name: string }) => x.name), ['美术馆文创商店']);
    const shopPage = (await call('GET', `/api/places/public/${shop.id}`, null)).json();
    assert.equal(shopPage.partOf.name, '中国乡村美术馆');
    assert.equal(shopPage.parts[0].price, 168);
    // another village's search does not see them
    assert.equal((await call('GET', `/api/places/public?region=${area.villages[2]}`, null)).json().total, 0);
    // the 数字产业 board counts them
    const board = await industryBoard(vb.platform.db, v);
    assert.equal(board.homestays.total, 2);
    assert.deepEqual(board.homestays.byGrade, { platinum: 0, gold: 1, silver: 1, ungraded: 0 });
    assert.equal(board.homestays.rooms, 10);
    assert.equal(board.products, 1);
  });

  it('咨询 from a place\'s page opens a question case in the village with the place attached; an unpublished place answers 404', async () => {
    const p = (await call('POST', '/api/places/listings', grid, { regionCode: village, kind: 'venue', name: '村史馆', lon: point[0], lat: point[1], attrs: { hours: '08:30–17:00' }, submit: true })).json();
    const tourist = await makeResident(vb, null, 'tourist');
    const before = await written();
    const early = await call('POST', `/api/places/public/${p.id}/ask`, tourist, { question: '几点开门？' });
    assert.equal(early.statusCode, 404);
    assert.deepEqual(await written(), before, 'nothing written');
    await vb.services.places.approve(null, p.id);
    const asked = await call('POST', `/api/places/public/${p.id}/ask`, tourist, { question: '请问村史馆周一开门吗？', clientKey: 'ask-key-0001' });
    assert.equal(asked.statusCode, 201, asked.body);
    const { caseId, caseNo } = asked.json();
    assert.ok(caseNo);
    const again = await call('POST', `/api/places/public/${p.id}/ask`, tourist, { question: '请问村史馆周一开门吗？', clientKey: 'ask-key-0001' });
    assert.equal(again.json().caseId, caseId, 'a retry finds the same case');
    const [c] = await vb.platform.database.raw<{ category_code: string; source: string; village_code: string; title: string; description: string; reporter_id: string; state: string; lon: number; lat: number }>(
      'SELECT category_code, source, village_code, title, description, reporter_id::text, state, lon, lat FROM cases WHERE id = $1', [caseId]);
    assert.equal(c.category_code, '1501');
    assert.equal(c.source, 'tourist');
    assert.equal(c.village_code, village);
    assert.equal(c.state, 'PENDING_ACCEPT');
    assert.equal(c.reporter_id, tourist.id);
    assert.match(c.title, /村史馆/);
    assert.match(c.description, new RegExp(`/app/places/${p.id}`));
    assert.ok(Math.abs(c.lon - point[0]) < 1e-6 && Math.abs(c.lat - point[1]) < 1e-6, 'the place\'s point is the case\'s location');
    const [link] = await vb.platform.database.raw<{ place_id: string }>('SELECT place_id::text FROM place_questions WHERE case_id = $1', [caseId]);
    assert.equal(link.place_id, p.id);
    assert.equal((await call('GET', `/api/places/${p.id}`, grid)).json().questions, 1);
    // the village's command room sees it in its queue
    const queue = (await call('GET', '/api/cases?state=PENDING_ACCEPT&category=1501', operator)).json();
    assert.ok(queue.items.some((i: { id: string }) => i.id === caseId));
    // no login, no question
    assert.equal((await call('POST', `/api/places/public/${p.id}/ask`, null, { question: '你好你好' })).statusCode, 401);
  });
});
