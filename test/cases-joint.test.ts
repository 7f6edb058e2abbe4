/**
 * Joint handling (联办) through the API: a lead plus co-handlers, each signing and feeding back on its
 * own; the case waits for all of them (or a waiver) before verification.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { cases as casesTable, caseTimeline } from '../src/cases/cases.schema.ts';
import { INITIAL, replay, type Entry } from '../src/cases/case-machine.ts';
import { makeOrganisation } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff } from './helpers/factories.ts';

describeOnDatabases('joint handling', ({ vb }) => {
  const act = (caseId: string, auth: Record<string, string>, payload: Record<string, unknown>) =>
    vb.app.inject({ method: 'POST', url: `/api/cases/${caseId}/actions`, headers: auth, payload });

  async function setup() {
    const area = await makeArea(vb);
    const operator = await makeStaff(vb, 'operator', area.townships[0]);
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const env = await makeOrganisation(vb, { kind: 'department', regionCode: area.townships[0], name: `环保所${Date.now()}` });
    const law = await makeOrganisation(vb, { kind: 'enforcement', regionCode: area.townships[0], name: `执法队${Date.now()}` });
    const envOfficer = await makeStaff(vb, 'handler', area.townships[0], { organisationId: env.id });
    const lawOfficer = await makeStaff(vb, 'handler', area.townships[0], { organisationId: law.id });
    const [lon, lat] = area.gridPoints[0];
    const c = (await vb.app.inject({ method: 'POST', url: '/api/cases', headers: worker.auth, payload: { title: '河道边焚烧垃圾', categoryCode: '0107', lon, lat } })).json();
    assert.equal((await act(c.id, operator.auth, { action: 'register' })).statusCode, 200);
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'gray' } }).jpeg().toBuffer();
    const photo = (await vb.platform.media.saveImage(vb.platform.db, jpeg, worker.id)).id;
    return { area, operator, worker, env, law, envOfficer, lawOfficer, c, photo };
  }

  it('lead and two co-handlers: each signs and feeds back; the case waits, a waiver completes it; replayable', async () => {
    const { operator, worker, env, law, envOfficer, lawOfficer, c, photo } = await setup();
    const d = await act(c.id, operator.auth, { action: 'dispatch', assigneeId: worker.id, coHandlers: [{ orgId: env.id }, { orgId: law.id }] });
    assert.equal(d.statusCode, 200, d.body);
    assert.deepEqual(d.json().coHandlers.map((h: { status: string }) => h.status), ['pending', 'pending']);
    // the co-handlers find it among their tasks
    const tasks = await vb.app.inject({ url: '/api/cases?mine=true', headers: envOfficer.auth });
    assert.ok(tasks.json().items.some((x: { id: string }) => x.id === c.id), 'in the co-handler\'s tasks');
    const view = await vb.app.inject({ url: `/api/cases/${c.id}`, headers: envOfficer.auth });
    assert.deepEqual(view.json().allowedActions, ['co_sign']);

    assert.equal((await act(c.id, envOfficer.auth, { action: 'co_sign' })).statusCode, 200);
    assert.equal((await act(c.id, envOfficer.auth, { action: 'co_sign' })).statusCode, 403, 'a co-handler signs once');
    assert.equal((await act(c.id, worker.auth, { action: 'sign' })).statusCode, 200);
    const fb = await act(c.id, worker.auth, { action: 'feedback', note: '明火已扑灭', media: [photo] });
    assert.equal(fb.statusCode, 200, fb.body);
    assert.equal(fb.json().state, 'PROCESSING', 'the lead\'s feedback waits for the co-handlers');
    const twice = await act(c.id, worker.auth, { action: 'feedback', note: '再次反馈', media: [photo] });
    assert.equal(twice.statusCode, 403);
    const co = await act(c.id, envOfficer.auth, { action: 'co_feedback', note: '已取样，未发现污染' });
    assert.equal(co.json().state, 'PROCESSING', 'the enforcement squad has not finished');
    assert.equal((await act(c.id, operator.auth, { action: 'close' })).statusCode, 409, 'not ready for verification');
    const waive = await act(c.id, operator.auth, { action: 'waive_co_handler', target: law.id, reason: '无需执法介入' });
    assert.equal(waive.statusCode, 200, waive.body);
    assert.equal(waive.json().state, 'VERIFYING');
    assert.equal((await act(c.id, lawOfficer.auth, { action: 'co_sign' })).statusCode, 409, 'the waived co-handler has nothing left to do');
    const closed = await act(c.id, operator.auth, { action: 'close' });
    assert.equal(closed.json().state, 'CLOSED');

    const full = (await vb.app.inject({ url: `/api/cases/${c.id}`, headers: operator.auth })).json();
    assert.deepEqual(full.coHandlers.map((h: { status: string; note?: string }) => [h.status, h.note]), [['done', '已取样，未发现污染'], ['waived', '无需执法介入']]);
    assert.deepEqual(full.timeline.map((t: { action: string }) => t.action),
      ['report', 'submit', 'register', 'dispatch', 'co_sign', 'sign', 'feedback', 'co_feedback', 'waive_co_handler', 'close']);
    const entries: Entry[] = full.timeline.slice(1).map((t: { action: string; fromState: string; toState: string; level: string; actorId: string; data: Record<string, unknown> }) =>
      ({ action: t.action, from: t.fromState, to: t.toState, level: t.level, actorId: t.actorId, data: t.data }));
    const derived = replay(entries, { ...INITIAL, reporterId: worker.id });
    assert.equal(derived.state, 'CLOSED');
    assert.deepEqual(derived.coHandlers.map((h) => h.status), ['done', 'waived']);
    await vb.platform.events.flush();
    const types = (await vb.platform.db.execute(sql`SELECT type FROM outbox_events WHERE aggregate_id = ${c.id} ORDER BY id`) as unknown as { rows: { type: string }[] }).rows.map((r) => r.type);
    assert.ok(['case.co_signed', 'case.co_feedback_given', 'case.co_handler_waived'].every((x) => types.includes(x)), types.join());
  });

  it('bad co-handlers are refused naming the field; nothing is written', async () => {
    const { area, operator, worker, env, envOfficer, c } = await setup();
    const elsewhere = await makeOrganisation(vb, { kind: 'department', regionCode: area.townships[1], name: `外镇环保${Date.now()}` });
    const outside = await act(c.id, operator.auth, { action: 'dispatch', assigneeId: worker.id, coHandlers: [{ orgId: elsewhere.id }] });
    assert.equal(outside.statusCode, 400);
    assert.equal(outside.json().error.code, 'ASSIGNEE_NOT_IN_REGION');
    assert.equal(outside.json().error.details.field, 'coHandlers');
    const lead = await act(c.id, operator.auth, { action: 'dispatch', assignedOrgId: env.id, coHandlers: [{ orgId: env.id }] });
    assert.equal(lead.statusCode, 400);
    assert.match(lead.json().error.message, /not the lead/);
    const empty = await act(c.id, operator.auth, { action: 'dispatch', assigneeId: worker.id, coHandlers: [{}] });
    assert.equal(empty.statusCode, 400);
    const [row] = await vb.platform.db.select().from(casesTable).where(eq(casesTable.id, c.id));
    assert.equal(row.state, 'REGISTERED');
    assert.deepEqual(row.coHandlers, []);
    assert.equal((await vb.platform.db.select().from(caseTimeline).where(eq(caseTimeline.caseId, c.id))).length, 3);
    // a co-handler action on a case without co-handlers, and a waiver of a stranger
    await act(c.id, operator.auth, { action: 'dispatch', assigneeId: worker.id, coHandlers: [{ orgId: env.id }] });
    assert.equal((await act(c.id, worker.auth, { action: 'co_sign' })).statusCode, 403);
    const stranger = await act(c.id, operator.auth, { action: 'waive_co_handler', target: worker.id, reason: '不需要' });
    assert.equal(stranger.statusCode, 400);
    assert.equal(stranger.json().error.details.field, 'target');
    // returning the case clears the co-handlers; the next dispatch starts afresh
    assert.equal((await act(c.id, worker.auth, { action: 'return', reason: '不属于本网格' })).statusCode, 200);
    const [back] = await vb.platform.db.select().from(casesTable).where(eq(casesTable.id, c.id));
    assert.deepEqual(back.coHandlers, []);
    const tasks = await vb.app.inject({ url: '/api/cases?mine=true', headers: envOfficer.auth });
    assert.ok(!tasks.json().items.some((x: { id: string }) => x.id === c.id));
  });
});
