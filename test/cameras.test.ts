/**
 * AI cameras through HTTP on both databases: ISAPI XML/JSON/multipart and generic JSON intake, bad
 * events to the dead-letter table, episodes counted exactly, street vendors warned by a speaker (one
 * leaves, no case; one stays, a case for enforcement; a dead speaker still ends in a case), an
 * overflowing bin telling the cleaner, the grid worker and the command room (SMS + in-app) and closed by
 * the cleaner's photo, false positives, health, region checks.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import mqtt from 'mqtt';
import sharp from 'sharp';
import { startEmbeddedBroker, subscribeExternal } from '../src/devices/mqtt.ts';
import { makeCamera, makeOrganisation } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff, type Area } from './helpers/factories.ts';
import { hasMosquitto, startMosquitto } from './helpers/mosquitto.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';

const isapi = (o: { type: string; at: number; channel?: number; state?: string; posts?: number; region?: number }) => `<?xml version="1.0" encoding="UTF-8"?>
<EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">
<ipAddress>10.1.2.3</ipAddress><portNo>80</portNo><protocol>HTTP</protocol><channelID>${o.channel ?? 1}</channelID>
<dateTime>${new Date(o.at).toISOString()}</dateTime><activePostCount>${o.posts ?? 1}</activePostCount>
<eventType>${o.type}</eventType><eventState>${o.state ?? 'active'}</eventState><eventDescription>${o.type} alarm</eventDescription>
<DetectionRegionList><DetectionRegionEntry><regionID>${o.region ?? 1}</regionID><sensitivityLevel>50</sensitivityLevel>
<TargetRect><X>0.2</X><Y>0.3</Y><width>0.1</width><height>0.2</height></TargetRect></DetectionRegionEntry></DetectionRegionList>
</EventNotificationAlert>`;

describeOnDatabases('AI cameras', ({ vb, kind, beforeApp }) => {
    let area: Area;
    let speaker: Receiver;
    let sms: Receiver;
    let seq = 0;
  beforeApp(async () => {
      sms = await startReceiver();
    return { SMS_PROVIDER: 'http', SMS_HTTP_URL: sms.url };
  });
  before(async () => {
      area = await makeArea(vb);
      speaker = await startReceiver();
    });
    after(async () => {
      await speaker.close();
      await sms.close();
    });

    const camera = async (extra: Record<string, unknown> = {}) => {
    return makeCamera(vb, { at: area.gridPoints[0], name: `摄像头-${kind}-${process.pid}-${++seq}`, view: '路口东侧', ...extra });
    };
    // a push, then whatever it set off (speaker, case) has finished
    const push = async (token: string, body: string | Buffer, type = 'application/json') => {
      const r = await vb.app.inject({ method: 'POST', url: `/api/v1/cameras/${token}/events`, headers: { 'content-type': type }, payload: body });
      await vb.services.cameraIntake.idle();
      return r;
    };
    const generic = (token: string, type: string, seconds: number[], t0: number, extra: Record<string, unknown> = {}) =>
      push(token, JSON.stringify(seconds.map((s) => ({ type, confidence: 0.9, time: t0 + s * 1000, ...extra }))));
    const episodes = (cameraId: string) => vb.platform.database.raw<{ id: string; detections: number; action: string; case_id: string | null; triggered_at: Date | null; closed_at: Date | null }>(
      'SELECT id, detections, action, case_id, triggered_at, closed_at FROM camera_episodes WHERE camera_id = $1 ORDER BY opened_at', [cameraId]);
    const dead = (cameraId: string) => vb.platform.database.raw<{ reason: string }>('SELECT reason FROM ingest_dead_letters WHERE device_id = $1 ORDER BY id', [cameraId]);

    it('a picture that is not an image: the detection is refused when the category\'s policy says so (issue 11 #12)', async () => {
      const cam = await camera();
      const admin = await makeStaff(vb, 'admin', area.district);
      const set = await vb.app.inject({ method: 'PUT', url: '/api/cameras/policies/0502', headers: admin.auth, payload: { badPicture: 'refuse' } });
      assert.equal(set.statusCode, 200, set.body);
      assert.equal((await vb.app.inject({ method: 'PUT', url: '/api/cameras/policies/0502', headers: admin.auth, payload: { badPicture: 'maybe' } })).json().error.details.field, 'overrides.badPicture');
      try {
        const r = await push(cam.token, JSON.stringify({ type: 'illegal_parking', time: Date.now() - 1000, picture: Buffer.from('MZ this is an exe').toString('base64') }));
        assert.equal(r.statusCode, 400, r.body);
        assert.match(r.json().error.details.refused[0], /picture is not an image: detection refused \(policy badPicture = refuse\)/);
        assert.equal((await episodes(cam.id)).length, 0, 'no episode, no detection');
      } finally {
        await vb.app.inject({ method: 'PUT', url: '/api/cameras/policies/0502', headers: admin.auth, payload: {} });
      }
    });

    it('a duplicate camera name is 409 and leaves no token behind; an unknown organisationId is 422 naming the field (issue 11 #15)', async () => {
      const admin = await makeStaff(vb, 'admin', area.district);
      const [lon, lat] = area.gridPoints[0];
      const name = `重名摄像头-${kind}-${process.pid}`;
      const add = (body: object) => vb.app.inject({ method: 'POST', url: '/api/cameras', headers: admin.auth, payload: { lon, lat, ...body } });
      const tokens = async () => (await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM device_tokens WHERE device_kind = 'camera'", []))[0].n;
      assert.equal((await add({ name })).statusCode, 201);
      const before = await tokens();
      const dup = await add({ name });
      assert.equal(dup.statusCode, 409, dup.body);
      assert.deepEqual([dup.json().error.code, dup.json().error.details.field], ['CAMERA_EXISTS', 'name']);
      const dangling = await add({ name: `${name}-2`, organisationId: '00000000-0000-4000-8000-000000000000' });
      assert.equal(dangling.statusCode, 422, dangling.body);
      assert.deepEqual([dangling.json().error.code, dangling.json().error.details.field], ['ORGANISATION_NOT_FOUND', 'organisationId']);
      assert.equal(await tokens(), before, 'no token rows left by the refused cameras');
      const [n] = await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM cameras WHERE name LIKE $1', [`${name}%`]);
      assert.equal(n.n, 1);
    });

    it('takes ISAPI XML, ISAPI JSON and multipart with the JPEG Picture part; drops heartbeats; refuses bad events into the dead-letter table', async () => {
      const cam = await camera({ vendor: 'hikvision' });
      const now = Date.now();
      const r1 = await push(cam.token, isapi({ type: 'illegalParking', at: now - 5000 }), 'application/xml');
      assert.equal(r1.statusCode, 200, r1.body);
      assert.deepEqual(r1.json(), { taken: 1, heartbeat: false, refused: [] });
      const r2 = await push(cam.token, JSON.stringify({ EventNotificationAlert: { channelID: 1, dateTime: new Date(now - 4000).toISOString(), eventType: 'illegalParking', eventState: 'active', activePostCount: 2, DetectionRegionList: { DetectionRegionEntry: [{ regionID: 1 }] } } }));
      assert.equal(r2.json().taken, 1);
      // multipart, as the cameras send it: the XML part and the snapshot
      const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 60, g: 60, b: 70 } } }).jpeg().toBuffer();
      const b = '----isapi';
      const body = Buffer.concat([
        Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="illegalParking"; filename="illegalParking.xml"\r\nContent-Type: application/xml\r\n\r\n${isapi({ type: 'illegalParking', at: now - 3000 })}\r\n`),
        Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="Picture"; filename="Picture.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), jpeg, Buffer.from(`\r\n--${b}--\r\n`),
      ]);
      const r3 = await push(cam.token, body, `multipart/form-data; boundary=${b}`);
      assert.equal(r3.json().taken, 1, r3.body);
      const [ep] = await episodes(cam.id);
      assert.equal(ep.detections, 3, 'three pushes, one episode');
      const [det] = await vb.platform.database.raw<{ media_id: string | null }>('SELECT media_id FROM camera_detections WHERE camera_id = $1 AND media_id IS NOT NULL', [cam.id]);
      assert.ok(det?.media_id, 'the snapshot is stored as media');
      // heartbeats: videoloss/inactive, activePostCount 0
      const hb = await push(cam.token, isapi({ type: 'videoloss', at: now, state: 'inactive' }), 'application/xml');
      assert.deepEqual(hb.json(), { taken: 0, heartbeat: true, refused: [] });
      assert.equal((await push(cam.token, isapi({ type: 'illegalParking', at: now, posts: 0 }), 'text/xml')).json().heartbeat, true);
      // bad ones: each a reason in the dead-letter table, nothing else written
      const before = (await episodes(cam.id))[0].detections;
      const bad = [
        ['<EventNotificationAlert><eventType>illegalParking</eventType', 'application/xml', /malformed XML/],
        ['{"type": ', 'application/json', /malformed JSON/],
        [JSON.stringify({ type: 'illegal_parking', time: now + 3 * 86_400_000 }), 'application/json', /too far from now/],
        [JSON.stringify({ type: 'unicorn_sighting', time: now }), 'application/json', /unknown event code unicorn_sighting/],
        [JSON.stringify({ type: 'illegal_parking', time: now, confidence: 'high' }), 'application/json', /confidence/],
      ] as const;
      for (const [payload, type, reason] of bad) {
        const r = await push(cam.token, payload, type);
        // nothing taken: 400 with the reasons, not 200 (issue 11 #12); the dead letter stays
        assert.equal(r.statusCode, 400, r.body);
        assert.equal(r.json().error.code, 'CAMERA_EVENT_REFUSED');
        assert.match(r.json().error.details.refused.join(' '), reason);
        assert.match((await dead(cam.id)).at(-1)!.reason, reason);
      }
      assert.equal((await episodes(cam.id))[0].detections, before, 'nothing half-written');
      // a picture that is not an image (on a detection that opens an episode, so its picture is wanted):
      // the detection is kept (the built-in policy), the picture refused, and the answer says so
      const notImage = await push(cam.token, JSON.stringify({ type: 'illegal_parking', time: now - 1000, region: '7', picture: Buffer.from('MZ this is an exe').toString('base64') }));
      assert.equal(notImage.json().taken, 1);
      assert.match(notImage.json().refused[0], /picture is not an image: detection kept without it \(policy badPicture = keep\)/);
      assert.match((await dead(cam.id)).at(-1)!.reason, /picture/);
      // a partly good push stays 200 with what was refused
      const mixed = await push(cam.token, JSON.stringify([{ type: 'illegal_parking', time: now - 900, region: '7' }, { type: 'unicorn_sighting', time: now }]));
      assert.equal(mixed.statusCode, 200, mixed.body);
      assert.deepEqual([mixed.json().taken, mixed.json().refused], [1, ['unknown event code unicorn_sighting for hikvision']]);
      assert.equal((await push('no-such-camera', isapi({ type: 'illegalParking', at: now }), 'application/xml')).statusCode, 401);
      // a picture over the size limit (multipart): refused with the reason, the detection kept
      const big = Buffer.alloc(11 * 1_048_576, 1);
      const tooLarge = await push(cam.token, Buffer.concat([
        Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="e"; filename="e.json"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ type: 'illegal_parking', time: now - 500, region: '8' })}\r\n`),
        Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="Picture"; filename="Picture.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), big, Buffer.from(`\r\n--${b}--\r\n`),
      ]), `multipart/form-data; boundary=${b}`);
      assert.ok([200, 413].includes(tooLarge.statusCode), tooLarge.body);
      if (tooLarge.statusCode === 200) {
        assert.match(tooLarge.json().refused.join(' '), /larger than the limit/);
        assert.match((await dead(cam.id)).at(-1)!.reason, /larger than the limit/);
      }
      // a broken multipart body: a clear 400, nothing stored
      const detBefore = await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM camera_detections WHERE camera_id = $1', [cam.id]);
      const broken = await push(cam.token, Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated`), `multipart/form-data; boundary=${b}`);
      assert.equal(broken.statusCode, 400, broken.body);
      assert.equal(broken.json().error.code, 'MULTIPART_MALFORMED');
      assert.match((await dead(cam.id)).at(-1)!.reason, /malformed multipart/);
      const detAfter = await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM camera_detections WHERE camera_id = $1', [cam.id]);
      assert.equal(detAfter[0].n, detBefore[0].n);
    });

    it('a burst of thousands of identical detections is one episode; recorded streams open exactly the expected cases', async () => {
      const cam = await camera();
      const t0 = Date.now() - 3_600_000;
      // 3,000 detections of exposed garbage in 30 s (a camera gone wild): one episode
      for (let i = 0; i < 3; i++) assert.equal((await generic(cam.token, 'exposed_garbage', Array.from({ length: 1000 }, (_, k) => i * 10 + k / 100), t0)).json().taken, 1000);
      assert.deepEqual((await episodes(cam.id)).map((e) => e.detections), [3000]);
      // illegal parking (trigger after 300 s, silence 120 s, cool-down 1,800 s): a 10-minute stay → a case;
      // a 2-minute stop → nothing; another 10 minutes within the cool-down → an episode, no second case
      const p = await camera();
      const t1 = Date.now() - 7_200_000;
      const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k);
      await generic(p.token, 'illegal_parking', range(0, 600), t1);
      await generic(p.token, 'illegal_parking', range(1000, 120), t1);
      await generic(p.token, 'illegal_parking', range(1500, 600), t1);
      const eps = await episodes(p.id);
      assert.deepEqual(eps.map((e) => [e.detections, e.action]), [[600, 'case'], [120, 'none'], [600, 'suppressed']]);
      assert.equal(eps.filter((e) => e.case_id).length, 1);
      const [c] = await vb.platform.database.raw<{ category_code: string; source: string; state: string }>('SELECT category_code, source, state FROM cases WHERE id = $1', [eps[0].case_id]);
      assert.deepEqual([c.category_code, c.source], ['0502', 'camera']);
    });

    it('street vending: warned by the speaker; one vendor leaves (no case), one stays (case for enforcement); a dead speaker still ends in a case', async () => {
    const enforcement = await makeOrganisation(vb, { kind: 'enforcement', regionCode: area.townships[0], name: `执法中队-${kind}` });
      // quiet hours off so the test runs at any hour; a short grace
      const admin = await makeStaff(vb, 'admin', area.district);
      const set = await vb.app.inject({ method: 'PUT', url: '/api/cameras/policies/0501', headers: admin.auth, payload: { quietHours: [0, 0], graceSeconds: 20 } });
      assert.equal(set.statusCode, 200, set.body);
      const bad = await vb.app.inject({ method: 'PUT', url: '/api/cameras/policies/0501', headers: admin.auth, payload: { graceSeconds: -5 } });
      assert.equal(bad.json().error.details.field, 'overrides.graceSeconds');
      const cam = await camera({ speakerUrl: `${speaker.url.replace('/sms', '/play')}` });
      const now = Date.now();
      // vendor A: 25 s of detections (trigger at 20), warned, gone 5 s later
      await generic(cam.token, 'street_vendor', Array.from({ length: 25 }, (_, k) => k), now - 60_000, { region: 'A' });
      const play = speaker.received.at(-1)!;
      assert.equal(JSON.parse(play.body).action, 'play');
      assert.match(JSON.parse(play.body).text, /禁止摆摊/);
      // vendor B (another region of the view): 50 s and still there
      await generic(cam.token, 'street_vendor', Array.from({ length: 50 }, (_, k) => k), now - 50_000, { region: 'B' });
      assert.deepEqual((await episodes(cam.id)).map((e) => e.action), ['warned', 'warned']);
      const r = await vb.services.cameraActions.sweep();
      assert.deepEqual([r.left, r.cases], [1, 1]);
      const eps = await episodes(cam.id);
      assert.deepEqual(eps.map((e) => e.action), ['left', 'case']);
      const [c] = await vb.platform.database.raw<{ assigned_org_id: string; state: string }>('SELECT assigned_org_id, state FROM cases WHERE id = $1', [eps[1].case_id]);
      assert.deepEqual([c.assigned_org_id, c.state], [enforcement.id, 'DISPATCHED']);
      // a speaker that does not answer: three tries, then the case opens without the warning
      speaker.status = 503;
      const before = speaker.received.length;
      const mute = await camera({ speakerUrl: speaker.url });
      vb.services.cameraActions['backoff'] = [10, 20];
      await generic(mute.token, 'street_vendor', Array.from({ length: 21 }, (_, k) => k), Date.now() - 30_000);
      speaker.status = 200;
      assert.equal(speaker.received.length - before, 3, 'retried with backoff');
      const [m] = await episodes(mute.id);
      assert.equal(m.action, 'case');
      const log = await vb.platform.database.raw<{ kind: string; ok: boolean; attempts: number }>('SELECT kind, ok, attempts FROM camera_actions WHERE episode_id = $1 ORDER BY id', [m.id]);
      assert.deepEqual(log.map((l) => [l.kind, l.ok, l.attempts]), [['speaker', false, 3], ['case', true, 1]]);
    });

    it('an overflowing bin: cleaner, grid worker and command room told at once (SMS + in-app); the cleaner\'s photo closes it; the company\'s response is measured', async () => {
    const cleaning = await makeOrganisation(vb, { kind: 'cleaning', regionCode: area.townships[0], name: `保洁公司-${kind}` });
      const cleaner = await makeStaff(vb, 'handler', area.townships[0], { organisationId: cleaning.id });
      const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
      const operator = await makeStaff(vb, 'operator', area.townships[0]);
      await vb.platform.database.raw("UPDATE users SET phone = '139' || lpad((random() * 1e8)::int::text, 8, '0') WHERE id = ANY($1::uuid[])", [[cleaner.id, worker.id, operator.id]]);
      const cam = await camera({ organisationId: cleaning.id, view: '3 号垃圾桶点' });
      const t0 = Date.now() - 180_000;
      const smsBefore = sms.received.length;
      await generic(cam.token, 'bin_overflow', Array.from({ length: 61 }, (_, k) => k), t0);
      const [ep] = await episodes(cam.id);
      assert.equal(ep.action, 'notified');
      await vb.platform.events.flush();
      const told = await vb.platform.database.raw<{ user_id: string }>('SELECT user_id FROM user_notifications WHERE case_id = $1', [ep.case_id]);
      assert.deepEqual(told.map((t) => t.user_id).sort(), [cleaner.id, worker.id, operator.id].sort(), 'three recipients in the app');
      assert.equal(sms.received.length - smsBefore, 3, 'and three SMS');
      assert.match(JSON.parse(sms.received.at(-1)!.body).text, /垃圾桶满溢/);
      const inbox = (await vb.app.inject({ url: '/api/notifications', headers: cleaner.auth })).json();
      assert.equal(inbox.unread, 1);
      assert.equal(inbox.items[0].caseId, ep.case_id);
      const early = (await vb.app.inject({ url: '/api/cameras/cleaning', headers: operator.auth })).json().items.find((x: { organisation: string }) => x.organisation === cleaning.name);
      assert.deepEqual([early.bins, early.done, early.onTimeRate], [1, 0, null], 'nothing was due yet: "—", not 0 %');
      // the cleaner signs and sends the photo; the camera has not seen the overflow for 5 minutes
      const c = (await vb.app.inject({ url: `/api/cases/${ep.case_id}`, headers: cleaner.auth })).json();
      assert.deepEqual([c.severity, c.state, c.assignedOrgId], ['urgent', 'DISPATCHED', cleaning.id]);
      await vb.services.cameraIntake.closeSilent(Date.now() + 600_000);
      assert.equal((await vb.app.inject({ method: 'POST', url: `/api/cases/${c.id}/actions`, headers: cleaner.auth, payload: { action: 'sign' } })).statusCode, 200);
      const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 20, g: 140, b: 60 } } }).jpeg().toBuffer();
      const photo = await vb.platform.media.saveImage(vb.platform.db, jpeg, cleaner.id);
      assert.equal((await vb.app.inject({ method: 'POST', url: `/api/cases/${c.id}/actions`, headers: cleaner.auth, payload: { action: 'feedback', note: '已清运', media: [photo.id] } })).statusCode, 200);
      await vb.platform.events.flush();
      const closed = (await vb.app.inject({ url: `/api/cases/${c.id}`, headers: operator.auth })).json();
      assert.equal(closed.state, 'CLOSED', 'closed by the cleaner\'s photo');
      const perf = (await vb.app.inject({ url: '/api/cameras/cleaning', headers: operator.auth })).json().items.find((x: { organisation: string }) => x.organisation === cleaning.name);
      assert.equal(perf.bins, 1);
      assert.equal(perf.done, 1);
      assert.ok(perf.medianMinutes >= 2 && perf.medianMinutes < 10, `minutes from trigger to photo: ${perf.medianMinutes}`);
      assert.equal(perf.onTimeRate, 1, 'cleared within the limit');
    });

    it('edge boxes over MQTT: on the embedded broker (token as user name) and through Mosquitto (token in the topic)', async () => {
      const cam = await camera();
      const broker = await startEmbeddedBroker([vb.services.ingest.mqttChannel(), vb.services.cameraIntake.mqttChannel()], vb.platform.log, 0, '127.0.0.1');
      try {
        const box = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: cam.token, reconnectPeriod: 0 });
        await box.publishAsync('v1/cameras/me/events', JSON.stringify([{ type: 'smoke_fire', confidence: 0.95, time: Date.now() - 2000 }, { type: 'smoke_fire', confidence: 0.93, time: Date.now() - 1000 }]), { qos: 1 });
        await vb.services.cameraIntake.idle();
        assert.deepEqual((await episodes(cam.id)).map((e) => e.detections), [2], 'stored when acknowledged');
        await box.endAsync();
      } finally {
        await broker.close();
      }
      if (!hasMosquitto) return;
      // a Mosquitto of the test's own (its queues and subscribers are this test's alone)
      const mosquitto = await startMosquitto();
      const sub = await subscribeExternal([vb.services.ingest.mqttChannel(), vb.services.cameraIntake.mqttChannel()], vb.platform.log, mosquitto.url, { clientId: `vbcam${process.pid}${kind}`, clean: true });
      try {
        const pub = await mqtt.connectAsync(mosquitto.url, { reconnectPeriod: 0 });
        await pub.publishAsync(`v1/cameras/${cam.token}/events`, JSON.stringify({ type: 'smoke_fire', confidence: 0.9, time: Date.now() }), { qos: 1 });
        await pub.endAsync();
        const end = Date.now() + 10_000;
        while ((await episodes(cam.id))[0].detections < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
        assert.equal((await episodes(cam.id))[0].detections, 3, 'through Mosquitto');
      } finally {
        await sub.close();
        await mosquitto.stop();
      }
    });

    it('after a restart: episodes nobody tracks are closed once silent; an ongoing one is taken up, its cool-down holds', async () => {
      const { CameraIntake } = await import('../src/cameras/index.ts');
      const cam = await camera();
      await generic(cam.token, 'exposed_garbage', [0, 1, 2], Date.now() - 5000);
      const [ep] = await episodes(cam.id);
      assert.equal(ep.closed_at, null);
      // the process that tracked it is gone; the last detection was ten minutes ago
      await vb.platform.database.raw("UPDATE camera_episodes SET last_at = now() - interval '10 minutes' WHERE id = $1", [ep.id]);
      const fresh = new CameraIntake(vb.platform, vb.services.deviceTokens, vb.services.cases, vb.services.cameraPolicies.of);
      assert.ok((await fresh.closeSilent()) >= 1);
      assert.notEqual((await episodes(cam.id))[0].closed_at, null);

      // a car parked across a restart: the new process takes the episode up where it was — no second
      // episode, no second case
      const p = await camera();
      const t0 = Date.now() - 400_000;
      await generic(p.token, 'illegal_parking', Array.from({ length: 320 }, (_, k) => k), t0);
      const [parked] = await episodes(p.id);
      assert.deepEqual([parked.detections, parked.action], [320, 'case']);
      const after = new CameraIntake(vb.platform, vb.services.deviceTokens, vb.services.cases, vb.services.cameraPolicies.of);
      await after.loadCodes();
      const r = await after.take('http', p.token, { kind: 'json', text: JSON.stringify(Array.from({ length: 20 }, (_, k) => ({ type: 'illegal_parking', confidence: 0.9, time: t0 + (320 + k) * 1000 }))) });
      assert.equal(r.taken, 20);
      const eps = await episodes(p.id);
      assert.deepEqual(eps.map((e) => [e.id, e.detections, e.action]), [[parked.id, 340, 'case']], 'the same episode goes on');
      // gone for longer than the silence, back within the cool-down: a new episode, still no second case
      await after.take('http', p.token, { kind: 'json', text: JSON.stringify(Array.from({ length: 310 }, (_, k) => ({ type: 'illegal_parking', confidence: 0.9, time: t0 + (600 + k) * 1000 }))) });
      assert.deepEqual((await episodes(p.id)).map((e) => e.action), ['case', 'suppressed']);
    });

    it('staff mark false positives (the camera\'s rate); silent cameras go offline (the township robot told); another village sees none of it', async () => {
      const cam = await camera();
      await generic(cam.token, 'exposed_garbage', [0, 1, 2], Date.now() - 10_000);
      const [ep] = await episodes(cam.id);
      const operator = await makeStaff(vb, 'operator', area.townships[0]);
      const stranger = await makeStaff(vb, 'handler', area.villages[3]);
      assert.equal((await vb.app.inject({ method: 'POST', url: `/api/cameras/episodes/${ep.id}/mark`, headers: stranger.auth, payload: { falsePositive: true } })).statusCode, 404);
      // a grid worker sees the detections but does not judge them (cameras.review: cameras.permissions.ts)
      const gridWorker = await makeStaff(vb, 'grid_worker', area.villages[0]);
      assert.equal((await vb.app.inject({ method: 'POST', url: `/api/cameras/episodes/${ep.id}/mark`, headers: gridWorker.auth, payload: { falsePositive: true } })).statusCode, 403);
      assert.equal((await vb.app.inject({ method: 'POST', url: `/api/cameras/episodes/${ep.id}/mark`, headers: operator.auth, payload: { falsePositive: true } })).statusCode, 200);
      const listed = (await vb.app.inject({ url: '/api/cameras', headers: operator.auth })).json().items.find((c: { id: string }) => c.id === cam.id);
      assert.deepEqual([listed.state, listed.falsePositiveRate], ['online', 1]);
      assert.ok(!(await vb.app.inject({ url: '/api/cameras', headers: stranger.auth })).json().items.some((c: { id: string }) => c.id === cam.id));
      assert.ok(!(await vb.app.inject({ url: '/api/cameras/episodes', headers: stranger.auth })).json().items.some((e: { id: string }) => e.id === ep.id));
      const robot = await startReceiver();
      await vb.services.notify.addChannel(null, { name: '街道群', regionCode: area.townships[0], level: 'township', url: `${robot.url}?access_token=street` });
      // quiet is not offline: a camera that only ever sent detections has no heartbeat to miss
      await vb.platform.database.raw("UPDATE cameras SET last_event_at = now() - interval '10 minutes' WHERE id = $1", [cam.id]);
      await vb.services.cameras.checkHealth();
      assert.equal((await vb.app.inject({ url: '/api/cameras', headers: operator.auth })).json().items.find((c: { id: string }) => c.id === cam.id).state, 'online', 'quiet, not offline');
      // its heartbeat stops: offline
      await push(cam.token, '{"heartbeat": true}');
      await vb.platform.database.raw("UPDATE cameras SET last_event_at = now() - interval '10 minutes', last_heartbeat_at = now() - interval '6 minutes' WHERE id = $1", [cam.id]);
      assert.ok((await vb.services.cameras.checkHealth()) >= 1);
      await vb.platform.events.flush();
      assert.ok(robot.received.some((m) => JSON.parse(m.body).markdown.title === `【摄像头离线】${cam.name}`), 'the township robot hears of it');
      await robot.close();
      assert.equal((await vb.app.inject({ url: '/api/cameras', headers: operator.auth })).json().items.find((c: { id: string }) => c.id === cam.id).state, 'offline');
      await push(cam.token, '{"heartbeat": true}');
      assert.equal((await vb.app.inject({ url: '/api/cameras', headers: operator.auth })).json().items.find((c: { id: string }) => c.id === cam.id).state, 'online', 'back when it speaks');
    });
});
