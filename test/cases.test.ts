import assert from 'node:assert/strict';
import { it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { cases as casesTable, caseTimeline } from '../src/cases/cases.schema.ts';
import { replay, INITIAL, type Entry } from '../src/cases/case-machine.ts';
import { makeOrganisation } from './builders/index.ts';
import type { TestApp } from './helpers/app.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff, type Area } from './helpers/factories.ts';

async function photo(vb: TestApp, actorId: string): Promise<string> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 90, b: 90 } } }).jpeg().toBuffer();
  return (await vb.platform.media.saveImage(vb.platform.db, jpeg, actorId)).id;
}

const resident = (vb: TestApp, village: string) => makeResident(vb, village);

describeOnDatabases('case workflow', ({ vb }) => {
  async function setup() {
    const area: Area = await makeArea(vb);
    const operator = await makeStaff(vb, 'operator', area.townships[0]);
    const lead = await makeStaff(vb, 'shift_lead', area.townships[0]);
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const villager = await resident(vb, area.villages[0]);
    return { area, operator, lead, worker, villager };
  }

  const act = (caseId: string, auth: Record<string, string>, payload: Record<string, unknown>) =>
    vb.app.inject({ method: 'POST', url: `/api/cases/${caseId}/actions`, headers: auth, payload });

  it('burning grass: report → register → dispatch → sign → feedback with photo → close → rate, with the timeline', async () => {
    const { area, operator, worker, villager } = await setup();
    const [lon, lat] = area.gridPoints[0];
    const rep = await vb.app.inject({ method: 'POST', url: '/api/cases', headers: villager.auth, payload: { title: '屋旁焚烧草皮', description: '有安全隐患，请立即处理', categoryCode: '0107', lon, lat, clientKey: 'villager-report-0001' } });
    assert.equal(rep.statusCode, 201, rep.body);
    const c = rep.json();
    assert.equal(c.state, 'PENDING_ACCEPT');
    assert.equal(c.regionCode, area.grids[0]);
    assert.match(c.no, /^\d{8}-\d{6}$/);
    const again = await vb.app.inject({ method: 'POST', url: '/api/cases', headers: villager.auth, payload: { title: '屋旁焚烧草皮', categoryCode: '0107', lon, lat, clientKey: 'villager-report-0001' } });
    assert.equal(again.json().id, c.id, 'a retried report (same client key) is stored once');

    assert.equal((await act(c.id, operator.auth, { action: 'register', severity: 'urgent' })).statusCode, 200);
    const d = await act(c.id, operator.auth, { action: 'dispatch', assigneeId: worker.id });
    assert.equal(d.statusCode, 200, d.body);
    assert.ok(d.json().signDeadline, 'a dispatched case has a signing deadline');
    const view = await vb.app.inject({ url: `/api/cases/${c.id}`, headers: worker.auth });
    assert.deepEqual(view.json().allowedActions, ['sign', 'return', 'escalate']);
    const signed = await act(c.id, worker.auth, { action: 'sign' });
    assert.equal(signed.statusCode, 200);
    const deadline = new Date(signed.json().deadline).getTime();
    assert.ok(Math.abs(deadline - (Date.now() + 30 * 60_000)) < 60_000, 'urgent burning: 30 minutes from signing');
    const noPhoto = await act(c.id, worker.auth, { action: 'feedback', note: '已扑灭' });
    assert.equal(noPhoto.statusCode, 400);
    assert.match(noPhoto.json().error.message, /photo/);
    const fb = await act(c.id, worker.auth, { action: 'feedback', note: '已扑灭，灰烬已清理', media: [await photo(vb, worker.id)] });
    assert.equal(fb.statusCode, 200, fb.body);
    assert.equal((await act(c.id, operator.auth, { action: 'close', note: '核查通过' })).json().state, 'CLOSED');
    const rated = await act(c.id, villager.auth, { action: 'rate', rating: 'satisfied', comment: '处理很快' });
    assert.equal(rated.statusCode, 200, rated.body);
    assert.equal(rated.json().state, 'RATED');
    const second = await act(c.id, villager.auth, { action: 'rate', rating: 'satisfied' });
    assert.equal(second.statusCode, 409, 'a second rating is refused');

    const full = (await vb.app.inject({ url: `/api/cases/${c.id}`, headers: operator.auth })).json();
    assert.deepEqual(full.timeline.map((t: { action: string }) => t.action), ['report', 'submit', 'register', 'dispatch', 'sign', 'feedback', 'close', 'rate']);
    assert.equal(full.closedOnTime, true);
    // the current state is derivable from the timeline
    const entries: Entry[] = full.timeline.slice(1).map((t: { action: string; fromState: string; toState: string; level: string; actorId: string; data: Record<string, unknown> }) =>
      ({ action: t.action, from: t.fromState, to: t.toState, level: t.level, actorId: t.actorId, data: t.data }));
    const derived = replay(entries, { ...INITIAL, reporterId: villager.id });
    assert.equal(derived.state, full.state);
    assert.equal(derived.rating, 'satisfied');
    await vb.platform.events.flush();
    const types = (await vb.platform.db.execute(sql`SELECT type FROM outbox_events WHERE aggregate_id = ${c.id} ORDER BY id`) as unknown as { rows: { type: string }[] }).rows.map((r) => r.type);
    assert.deepEqual(types, ['case.reported', 'case.registered', 'case.dispatched', 'case.signed', 'case.feedback_given', 'case.closed', 'case.rated']);
  });

  it('escalates village → township → district; the higher level takes over, the lower one only watches', async () => {
    const { area, operator, worker } = await setup();
    const district = await makeStaff(vb, 'operator', area.district);
    const [lon, lat] = area.gridPoints[1];
    const c = (await vb.app.inject({ method: 'POST', url: '/api/cases', headers: worker.auth, payload: { title: '违建纠纷', categoryCode: '0101', lon, lat } })).json();
    await act(c.id, operator.auth, { action: 'register' });
    assert.equal((await act(c.id, operator.auth, { action: 'escalate', reason: '村里协调不了' })).json().level, 'township');
    const up = await act(c.id, operator.auth, { action: 'escalate', reason: '两难问题，报区里' });
    assert.equal(up.json().level, 'district');
    const stuck = await act(c.id, operator.auth, { action: 'dispatch', assigneeId: worker.id });
    assert.equal(stuck.statusCode, 403, 'the township no longer holds a district case');
    const queue = await vb.app.inject({ url: '/api/cases?level=district', headers: district.auth });
    assert.ok(queue.json().items.some((x: { id: string }) => x.id === c.id), 'in the district queue');
    const seen = await vb.app.inject({ url: `/api/cases/${c.id}`, headers: district.auth });
    assert.deepEqual(seen.json().timeline.filter((t: { action: string }) => t.action === 'escalate').map((t: { note: string }) => t.note), ['村里协调不了', '两难问题，报区里']);
    assert.equal((await act(c.id, district.auth, { action: 'dispatch', assigneeId: worker.id })).statusCode, 200);
  });

  it('another village\'s grid worker gets 404; illegal actions 409 naming what is allowed', async () => {
    const { area, operator, worker } = await setup();
    const other = await makeStaff(vb, 'grid_worker', area.villages[1]);
    const [lon, lat] = area.gridPoints[0];
    const c = (await vb.app.inject({ method: 'POST', url: '/api/cases', headers: worker.auth, payload: { title: '暴露垃圾', categoryCode: '0102', lon, lat } })).json();
    assert.equal((await vb.app.inject({ url: `/api/cases/${c.id}`, headers: other.auth })).statusCode, 404);
    assert.equal((await act(c.id, other.auth, { action: 'self_handle', note: 'x', media: [] })).statusCode, 404);
    const listed = await vb.app.inject({ url: '/api/cases', headers: other.auth });
    assert.ok(!listed.json().items.some((x: { id: string }) => x.id === c.id));
    const early = await act(c.id, operator.auth, { action: 'close' });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().error.code, 'TRANSITION_NOT_ALLOWED');
    assert.deepEqual(early.json().error.details.allowed, ['register', 'register_dispatch', 'reject', 'merge']);
    const badCat = await act(c.id, operator.auth, { action: 'register', categoryCode: '9999' });
    assert.equal(badCat.statusCode, 400);
    assert.equal(badCat.json().error.code, 'CATEGORY_UNKNOWN');
    const past = await act(c.id, operator.auth, { action: 'register', deadline: '2020-01-01T00:00:00Z' });
    assert.equal(past.statusCode, 400);
    assert.equal(past.json().error.code, 'DEADLINE_IN_PAST');
    const row = await vb.platform.db.select().from(casesTable).where(eq(casesTable.id, c.id));
    assert.equal(row[0].state, 'PENDING_ACCEPT', 'nothing changed');
    const rows = await vb.platform.db.select().from(caseTimeline).where(eq(caseTimeline.caseId, c.id));
    assert.equal(rows.length, 2, 'no timeline row was written');
    const unknown = await vb.app.inject({ method: 'POST', url: '/api/cases', headers: worker.auth, payload: { title: 'x', categoryCode: '9999', lon, lat } });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.details.field, 'categoryCode');
    const outside = await vb.app.inject({ method: 'POST', url: '/api/cases', headers: worker.auth, payload: { title: 'x', lon: 121.47, lat: 31.23 } });
    assert.equal(outside.statusCode, 422);
  });

  it('forty reports at once share statements: each stored once, numbered, report before submit; retries inside the burst', async () => {
    const { area, worker } = await setup();
    const [lon, lat] = area.gridPoints[0];
    const send = (i: number, key?: string) => vb.app.inject({ method: 'POST', url: '/api/cases', headers: worker.auth, payload: { title: `并发上报 ${i}`, categoryCode: '0102', lon, lat, ...(key ? { clientKey: key } : {}) } });
    const results = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => send(i)),
      send(100, 'burst-retry-0001'), send(101, 'burst-retry-0001'), send(102, 'burst-retry-0001'),
    ]);
    assert.ok(results.every((r) => r.statusCode === 201), results.map((r) => r.statusCode).join());
    const rows = results.map((r) => r.json());
    assert.equal(new Set(rows.slice(0, 40).map((c) => c.id)).size, 40);
    assert.equal(new Set(rows.slice(0, 40).map((c) => c.no)).size, 40, 'distinct numbers');
    assert.ok(rows.slice(0, 40).every((c, i) => c.title === `并发上报 ${i}`), 'each answer is its own case');
    assert.equal(new Set(rows.slice(40).map((c) => c.id)).size, 1, 'a retried submission is stored once');
    const ids = rows.map((c) => c.id);
    const tl = (await vb.platform.db.execute(sql`SELECT case_id, action FROM case_timeline WHERE case_id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) ORDER BY id`) as unknown as { rows: { case_id: string; action: string }[] }).rows;
    for (const id of new Set(ids)) assert.deepEqual(tl.filter((t) => t.case_id === id).map((t) => t.action), ['report', 'submit'], id);
  });

  it('two handlers of one organisation sign at once: exactly one wins', async () => {
    const { area, operator, worker } = await setup();
    const org = await makeOrganisation(vb, { kind: 'cleaning', regionCode: area.townships[0], name: `保洁${Date.now()}` });
    const a = await makeStaff(vb, 'handler', area.townships[0], { organisationId: org.id });
    const b = await makeStaff(vb, 'handler', area.townships[0], { organisationId: org.id });
    const [lon, lat] = area.gridPoints[0];
    const c = (await vb.app.inject({ method: 'POST', url: '/api/cases', headers: worker.auth, payload: { title: '垃圾桶满溢', categoryCode: '0108', lon, lat } })).json();
    await act(c.id, operator.auth, { action: 'register' });
    await act(c.id, operator.auth, { action: 'dispatch', assignedOrgId: org.id });
    const results = await Promise.all([act(c.id, a.auth, { action: 'sign' }), act(c.id, b.auth, { action: 'sign' }), act(c.id, a.auth, { action: 'sign' })]);
    const codes = results.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [200, 409, 409]);
    const signs = await vb.platform.db.select().from(caseTimeline).where(eq(caseTimeline.caseId, c.id));
    assert.equal(signs.filter((t) => t.action === 'sign').length, 1);
  });

  it('the channel is the route\'s: staff pick a manual one, never camera, sensor or open311; residents none', async () => {
    const { area, worker, villager } = await setup();
    const [lon, lat] = area.gridPoints[0];
    const count = async () => Number(((await vb.platform.db.execute(sql`SELECT count(*)::int AS n FROM cases WHERE region_code LIKE ${`${area.district.slice(0, 6)}%`}`)) as unknown as { rows: { n: number }[] }).rows[0].n);
    const post = (auth: Record<string, string>, extra: Record<string, unknown>) =>
      vb.app.inject({ method: 'POST', url: '/api/cases', headers: auth, payload: { title: '田边焚烧草皮', categoryCode: '0107', lon, lat, ...extra } });
    const before = await count();
    for (const source of ['camera', 'sensor', 'open311', 'resident']) {
      const r = await post(worker.auth, { source });
      assert.equal(r.statusCode, 400, `${source}: ${r.body}`);
      assert.equal(r.json().error.details.field, 'source');
    }
    const asResident = await post(villager.auth, { source: 'hotline' });
    assert.equal(asResident.statusCode, 403);
    assert.equal(await count(), before, 'nothing stored');
    const hotline = await post(worker.auth, { source: 'hotline' });
    assert.equal(hotline.statusCode, 201, hotline.body);
    assert.equal(hotline.json().source, 'hotline');
    assert.equal((await post(worker.auth, {})).json().source, 'grid_worker');
    assert.equal((await post(villager.auth, {})).json().source, 'resident');
  });

  it('an unhappy rating reopens the case; suspension pauses the clock; extension needs a future date', async () => {
    const { area, operator, lead, worker, villager } = await setup();
    const [lon, lat] = area.gridPoints[0];
    const c = (await vb.app.inject({ method: 'POST', url: '/api/cases', headers: villager.auth, payload: { title: '小广告', categoryCode: '0201', lon, lat } })).json();
    await act(c.id, operator.auth, { action: 'register' });
    await act(c.id, operator.auth, { action: 'dispatch', assigneeId: worker.id });
    const signed = (await act(c.id, worker.auth, { action: 'sign' })).json();
    const ext = await act(c.id, worker.auth, { action: 'request_extension', reason: '需要租用高空车', until: '2019-05-01T00:00:00Z' });
    assert.equal(ext.statusCode, 400);
    assert.equal(ext.json().error.code, 'DEADLINE_IN_PAST');
    assert.equal((await act(c.id, lead.auth, { action: 'suspend', reason: '等待业主' })).json().state, 'SUSPENDED');
    await new Promise((r) => setTimeout(r, 50));
    const resumed = (await act(c.id, lead.auth, { action: 'resume' })).json();
    assert.ok(new Date(resumed.deadline).getTime() > new Date(signed.deadline).getTime(), 'the suspended time is added back');
    await act(c.id, worker.auth, { action: 'feedback', note: '已清除', media: [await photo(vb, worker.id)] });
    await act(c.id, operator.auth, { action: 'close' });
    const reopened = await act(c.id, villager.auth, { action: 'rate', rating: 'unsatisfied', comment: '还有很多' });
    assert.equal(reopened.json().state, 'REGISTERED');
    assert.equal(reopened.json().reopenCount, 1);
    const stranger = await resident(vb, area.villages[0]);
    assert.equal((await vb.app.inject({ url: `/api/cases/${c.id}`, headers: stranger.auth })).statusCode, 404, 'residents see only their own reports');
  });
});
