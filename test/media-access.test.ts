/**
 * Issue 11, fault 4: any logged-in account could read any stored photo. Now a photo is readable by its
 * uploader, by staff whose scope covers what owns it (case, camera episode, inspection) and by the
 * case's reporter; anyone else gets 404 MEDIA_NOT_FOUND, for the photo and its thumbnail.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import sharp from 'sharp';
import { makeCamera, makeReservoir } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff, type Area } from './helpers/factories.ts';

let shade = 0;
/** A small JPEG of its own (media are content-addressed: each test needs different bytes). */
const photo = () => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: (shade += 7) % 256, g: 100, b: Math.floor(shade / 256) % 256 } } }).jpeg().toBuffer();

const multipart = (name: string, filename: string, type: string, bytes: Buffer, b = '----vbmedia') =>
  Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`), bytes, Buffer.from(`\r\n--${b}--\r\n`)]);

describeOnDatabases('who may read a stored photo', ({ vb, kind }) => {
  let area: Area;
  before(async () => {
    area = await makeArea(vb);
  });

  const upload = async (auth: { authorization: string }) => {
    const r = await vb.app.inject({ method: 'POST', url: '/api/media', headers: { ...auth, 'content-type': 'multipart/form-data; boundary=----vbmedia' }, payload: multipart('file', 'p.jpg', 'image/jpeg', await photo()) });
    assert.equal(r.statusCode, 201, r.body);
    return r.json().id as string;
  };
  /** [photo, thumbnail] status codes as this caller sees them. */
  const read = async (id: string, auth?: { authorization: string }) => {
    const a = await vb.app.inject({ url: `/api/media/${id}`, headers: auth });
    const b = await vb.app.inject({ url: `/api/media/${id}/thumb`, headers: auth });
    if (a.statusCode === 404) assert.equal(a.json().error.code, 'MEDIA_NOT_FOUND');
    return [a.statusCode, b.statusCode];
  };

  it('a case photo: the uploader, the reporter and staff of the case\'s region; not residents, tourists or another township', async () => {
    const reporter = await makeResident(vb, area.villages[0]);
    const neighbour = await makeResident(vb, area.villages[0]);
    const tourist = await makeResident(vb, null, 'tourist');
    const here = await makeStaff(vb, 'operator', area.townships[0]);
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const district = await makeStaff(vb, 'leader', area.district);
    const elsewhere = await makeStaff(vb, 'operator', area.townships[1]);
    const id = await upload(reporter.auth);
    // a report in progress: only its uploader
    assert.deepEqual(await read(id, reporter.auth), [200, 200]);
    assert.deepEqual(await read(id, here.auth), [404, 404]);
    assert.deepEqual(await read(id), [401, 401]);

    const [lon, lat] = area.gridPoints[0];
    const c = await vb.app.inject({ method: 'POST', url: '/api/cases', headers: reporter.auth, payload: { title: '路灯不亮', lon, lat, media: [id] } });
    assert.equal(c.statusCode, 201, c.body);
    for (const who of [reporter, here, worker, district]) assert.deepEqual(await read(id, who.auth), [200, 200]);
    for (const who of [neighbour, tourist, elsewhere]) assert.deepEqual(await read(id, who.auth), [404, 404]);
  });

  it('a photo of a case\'s timeline (added by staff): staff of the region and the reporter, not another township', async () => {
    const reporter = await makeResident(vb, area.villages[2]);
    const op = await makeStaff(vb, 'operator', area.townships[1]);
    const elsewhere = await makeStaff(vb, 'operator', area.townships[0]);
    const [lon, lat] = area.gridPoints[4];
    const c = (await vb.app.inject({ method: 'POST', url: '/api/cases', headers: reporter.auth, payload: { title: '垃圾堆放', lon, lat } })).json();
    const id = await upload(op.auth);
    const r = await vb.app.inject({ method: 'POST', url: `/api/cases/${c.id}/actions`, headers: op.auth, payload: { action: 'register', categoryCode: '1202', note: '现场照片', media: [id] } });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(await read(id, reporter.auth), [200, 200]);
    assert.deepEqual(await read(id, elsewhere.auth), [404, 404]);
  });

  it('an inspection photo: the inspector and staff of the asset\'s region only', async () => {
    const inspector = await makeStaff(vb, 'handler', area.townships[0]);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const elsewhere = await makeStaff(vb, 'operator', area.townships[1]);
    const resident = await makeResident(vb, area.villages[0]);
    const [lon, lat] = area.gridPoints[1];
    const asset = await makeReservoir(vb, { village: area.villages[0], at: [lon, lat], name: `媒体水库-${kind}`, levels: { normalLevel: 112, designFloodLevel: 114.2, checkFloodLevel: 115 } });
    const insp = (await vb.app.inject({ method: 'POST', url: '/api/inspections', headers: inspector.auth, payload: { assetId: asset.id } })).json();
    const id = await upload(inspector.auth);
    const put = await vb.app.inject({ method: 'PUT', url: `/api/inspections/${insp.id}/items/spillway`, headers: inspector.auth, payload: { result: 'failed', note: '裂缝', media: [id] } });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(await read(id, inspector.auth), [200, 200]);
    assert.deepEqual(await read(id, op.auth), [200, 200]);
    assert.deepEqual(await read(id, elsewhere.auth), [404, 404]);
    assert.deepEqual(await read(id, resident.auth), [404, 404]);
  });

  it('a camera snapshot: staff of the camera\'s region only', async () => {
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const elsewhere = await makeStaff(vb, 'operator', area.townships[1]);
    const resident = await makeResident(vb, area.villages[0]);
    const [lon, lat] = area.gridPoints[0];
    const cam = await makeCamera(vb, { at: [lon, lat], name: `媒体摄像头-${kind}-${process.pid}`, view: '路口', vendor: 'hikvision' });
    const xml = `<?xml version="1.0" encoding="UTF-8"?><EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema"><channelID>1</channelID><dateTime>${new Date(Date.now() - 2000).toISOString()}</dateTime><activePostCount>1</activePostCount><eventType>illegalParking</eventType><eventState>active</eventState><DetectionRegionList><DetectionRegionEntry><regionID>1</regionID></DetectionRegionEntry></DetectionRegionList></EventNotificationAlert>`;
    const b = '----isapi';
    const body = Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="illegalParking"; filename="illegalParking.xml"\r\nContent-Type: application/xml\r\n\r\n${xml}\r\n`),
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="Picture"; filename="Picture.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), await photo(), Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    const r = await vb.app.inject({ method: 'POST', url: `/api/v1/cameras/${cam.token}/events`, headers: { 'content-type': `multipart/form-data; boundary=${b}` }, payload: body });
    assert.equal(r.statusCode, 200, r.body);
    await vb.services.cameraIntake.idle();
    const [det] = await vb.platform.database.raw<{ media_id: string }>('SELECT media_id FROM camera_detections WHERE camera_id = $1 AND media_id IS NOT NULL', [cam.id]);
    assert.ok(det?.media_id);
    assert.deepEqual(await read(det.media_id, op.auth), [200, 200]);
    assert.deepEqual(await read(det.media_id, elsewhere.auth), [404, 404]);
    assert.deepEqual(await read(det.media_id, resident.auth), [404, 404]);
  });
});
