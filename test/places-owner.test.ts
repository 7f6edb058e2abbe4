/**
 * Places, the owner's forms (issue 20) on PGlite and PostgreSQL: a listing's photos are the writer's own
 * uploads (someone else's upload or a file that is no picture: 400, nothing written), while the photos
 * already on a listing stay usable by its owner and the village; the owner reads them whoever uploaded
 * them; an owner starts a listing of a kind a household may list (a sight: 403); the village's staff
 * write the introduction with a cover picture and a contact, and tourists see them.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeHousehold, makeResident, makeStaff, type Area, type TestUser } from './builders/index.ts';
import { tinyJpeg } from './helpers/world.ts';

describeOnDatabases('places: owners\' photos, new listings, the village guide', ({ vb }) => {
  let area: Area;
  let village: string;
  let point: [number, number];
  let operator: TestUser;
  let shade = 200;
  before(async () => {
    area = await makeArea(vb);
    village = area.villages[0];
    point = area.gridPoints[0];
    operator = await makeStaff(vb, 'operator', area.townships[0]);
  });

  type Who = { auth: Record<string, string> } | null;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, who: Who, payload?: object) =>
    vb.app.inject({ method, url, headers: who?.auth ?? {}, ...(payload ? { payload } : {}) });
  const written = async () => (await vb.platform.database.raw<Record<string, string>>(`SELECT
    (SELECT count(*) FROM places)::text AS places, (SELECT coalesce(sum(version), 0) FROM places)::text AS versions,
    (SELECT coalesce(string_agg(region_code || intro || coalesce(cover_media_id, '') || coalesce(contact, ''), '|' ORDER BY region_code), '') FROM village_guides) AS guides`, []))[0];
  /** A real JPEG (drawn by sharp), uploaded by this person; each call a new picture. */
  const upload = async (by: { id: string } | null) => (await vb.platform.media.saveImage(vb.platform.db, await tinyJpeg(shade++), by?.id ?? null)).id;
  const homestay = (extra: object = {}) => ({
    regionCode: village, kind: 'homestay', name: '竹里人家', description: '竹林边的两层小楼', lon: point[0], lat: point[1],
    attrs: { rooms: 3, priceFrom: 160, priceTo: 220 }, ...extra,
  });

  it('photos are the writer\'s own pictures: someone else\'s upload or a file that is no picture is refused (400) and nothing is written', async () => {
    const { household, head } = await makeHousehold(vb, { village });
    const neighbour = (await makeHousehold(vb, { village })).head;
    const mine = await upload(head);
    const theirs = await upload(neighbour);
    // a stored file that is not a picture (media rows are written by uploads only; this one stands for any other kind)
    const notPicture = 'f'.repeat(63) + String(shade++ % 10);
    await vb.platform.database.raw("INSERT INTO media (id, mime, ext, bytes, uploaded_by) VALUES ($1, 'application/pdf', 'pdf', 10, $2)", [notPicture, head.id]);

    for (const [photos, reason] of [[[theirs], 'not_yours'], [[mine, notPicture], 'not_image']] as const) {
      const before = await written();
      const res = await call('POST', '/api/places/listings', head, { ...homestay(), ownerHouseholdId: household.id, photos });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.code, 'PLACE_PHOTO_NOT_ALLOWED');
      assert.equal(res.json().error.details.reason, reason);
      assert.match(res.json().error.message, /照片|picture/);
      assert.deepEqual(await written(), before, 'nothing written');
    }

    const created = await call('POST', '/api/places/listings', head, { ...homestay(), ownerHouseholdId: household.id, photos: [mine], submit: true });
    assert.equal(created.statusCode, 201, created.body);
    const p = created.json();
    assert.equal((await call('POST', `/api/places/${p.id}/approve`, operator)).statusCode, 200);

    // an edit of the published listing: the neighbour's upload is refused there too
    const before = await written();
    const stolen = await call('PATCH', `/api/places/${p.id}`, head, { photos: [mine, theirs] });
    assert.equal(stolen.statusCode, 400, stolen.body);
    assert.equal(stolen.json().error.code, 'PLACE_PHOTO_NOT_ALLOWED');
    assert.deepEqual(await written(), before, 'nothing written');

    // a new photo of his own, made the cover: a change that waits for the village, the published photos stay
    const second = await upload(head);
    const revised = await call('PATCH', `/api/places/${p.id}`, head, { photos: [second, mine] });
    assert.equal(revised.statusCode, 200, revised.body);
    assert.deepEqual(revised.json().revision.photos, [second, mine]);
    assert.deepEqual(revised.json().photos, [mine]);
    // the village corrects the waiting change keeping the owner's photos (already on the listing), adding its own
    const staffPhoto = await upload(operator);
    const corrected = await call('PATCH', `/api/places/${p.id}`, operator, { photos: [second, mine, staffPhoto] });
    assert.equal(corrected.statusCode, 200, corrected.body);
    assert.deepEqual(corrected.json().photos, [second, mine, staffPhoto], 'an approver\'s edit is published at once');
    // the owner's household reads the listing's photos, the village's upload too; a stranger does not
    const member = (await makeHousehold(vb, { village })).head;
    assert.equal((await call('GET', `/api/media/${staffPhoto}/thumb`, head)).statusCode, 200);
    assert.equal((await call('GET', `/api/media/${staffPhoto}/thumb`, member)).statusCode, 404);
  });

  it('an owner starts a listing of a kind a household lists; a sight is the village\'s (403) and nothing is written', async () => {
    const { household, head } = await makeHousehold(vb, { village });
    const start = await call('GET', '/api/places/mine/start', head);
    assert.equal(start.statusCode, 200, start.body);
    assert.equal(start.json().owner.householdId, household.id);
    assert.equal(start.json().owner.regionCode, village);
    assert.deepEqual(start.json().kinds, ['homestay', 'restaurant', 'shop', 'product']);
    const tourist = await makeResident(vb, null, 'tourist');
    assert.equal((await call('GET', '/api/places/mine/start', tourist)).json().owner, null, 'no household: ask the village');

    const before = await written();
    const sight = await call('POST', '/api/places/listings', head, { regionCode: village, kind: 'sight', name: '我家后山', lon: point[0], lat: point[1], attrs: {}, ownerHouseholdId: household.id });
    assert.equal(sight.statusCode, 403, sight.body);
    assert.equal(sight.json().error.code, 'PLACE_KIND_NOT_FOR_OWNERS');
    assert.deepEqual(await written(), before, 'nothing written');

    const photo = await upload(head);
    const product = await call('POST', '/api/places/listings', head, {
      regionCode: village, kind: 'product', name: '手工米粿', description: '每天早上现做', lon: point[0], lat: point[1],
      attrs: { price: 20, unit: '盒', howToBuy: '打电话预订，村口自取' }, ownerHouseholdId: household.id, photos: [photo],
    });
    assert.equal(product.statusCode, 201, product.body);
    assert.equal(product.json().status, 'draft');
    const sent = await call('POST', `/api/places/${product.json().id}/submit`, head);
    assert.equal(sent.json().status, 'pending');
    assert.ok((await call('GET', '/api/places/mine', head)).json().items.some((i: { name: string }) => i.name === '手工米粿'));
  });

  it('the village\'s staff write the introduction with a cover picture and a contact; tourists see them; others are refused with nothing written', async () => {
    const v = area.villages[1];
    const cover = await upload(operator);
    const put = await call('PUT', `/api/places/guides/${v}`, operator, { intro: '千年古村，农民画之乡。', coverMediaId: cover, contact: '游客中心 0570-3081234（8:30–17:00）' });
    assert.equal(put.statusCode, 200, put.body);
    const guide = (await call('GET', `/api/places/public/villages/${v}`, null)).json();
    assert.equal(guide.intro, '千年古村，农民画之乡。');
    assert.equal(guide.contact, '游客中心 0570-3081234（8:30–17:00）');
    assert.ok(guide.coverUrl);
    const img = await call('GET', guide.coverUrl, null);
    assert.equal(img.statusCode, 200);
    assert.equal(img.headers['content-type'], 'image/jpeg');
    // the text alone: the cover and contact stay
    await call('PUT', `/api/places/guides/${v}`, operator, { intro: '千年古村。' });
    assert.equal((await call('GET', `/api/places/public/villages/${v}`, null)).json().contact, '游客中心 0570-3081234（8:30–17:00）');

    const resident = (await makeHousehold(vb, { village: v })).head;
    const otherStaff = await makeStaff(vb, 'grid_worker', area.villages[2]);
    const someoneElses = await upload(resident);
    for (const [who, body, status, code] of [
      [operator, { intro: '新介绍', coverMediaId: someoneElses }, 400, 'PLACE_PHOTO_NOT_ALLOWED'],
      [operator, { intro: '新介绍', coverMediaId: 'a'.repeat(64) }, 422, 'PLACE_PHOTO_NOT_FOUND'],
      [resident, { intro: '我来改介绍' }, 403, 'FORBIDDEN'],
      [otherStaff, { intro: '别村来改' }, 403, 'FORBIDDEN'],
    ] as const) {
      const before = await written();
      const res = await call('PUT', `/api/places/guides/${v}`, who, body);
      assert.equal(res.statusCode, status, res.body);
      if (status !== 403) assert.equal(res.json().error.code, code);
      assert.deepEqual(await written(), before, 'nothing written');
    }
    // a village without a cover: 404
    assert.equal((await call('GET', `/api/places/public/villages/${area.villages[3]}/cover`, null)).statusCode, 404);
  });
});
