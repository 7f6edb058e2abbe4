/**
 * Deadlines cannot be gamed and lateness cannot be hidden (issue 11, faults 13, 14, 16): only the
 * command room sets a deadline (at 立案) and every action takes exactly its own fields; a case that
 * missed a deadline stays late after it is escalated or returned, in the row and in the KPIs; the
 * sweeper's events carry the reporter, so a resident's live page sees an automatic escalation.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { sweepOnce } from '../src/cases/index.ts';
import { cases as casesTable, caseTimeline } from '../src/cases/cases.schema.ts';
import { personalFilter } from '../src/cases/followers.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff } from './helpers/factories.ts';

describeOnDatabases('case deadlines and lateness', ({ vb }) => {
  const act = (caseId: string, auth: Record<string, string>, payload: Record<string, unknown>) =>
    vb.app.inject({ method: 'POST', url: `/api/cases/${caseId}/actions`, headers: auth, payload });
  const timelineCount = async (id: string) => (await vb.platform.db.select().from(caseTimeline).where(eq(caseTimeline.caseId, id))).length;
  const rowOf = async (id: string) => (await vb.platform.db.select().from(casesTable).where(eq(casesTable.id, id)))[0];
  /** Move a clock into the past as time would; the version moves too, so no process decides on a stale row. */
  const expire = (id: string, column: 'deadline' | 'signDeadline') =>
    vb.platform.db.update(casesTable).set({ [column]: sql`now() - interval '1 hour'`, version: sql`${casesTable.version} + 1` }).where(eq(casesTable.id, id));
  const photo = async (actorId: string) =>
    (await vb.platform.media.saveImage(vb.platform.db, await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 9, g: 9, b: 9 } } }).jpeg().toBuffer(), actorId)).id;

  async function setup() {
    const area = await makeArea(vb);
    return {
      area,
      operator: await makeStaff(vb, 'operator', area.townships[0]),
      worker: await makeStaff(vb, 'grid_worker', area.villages[0]),
      villager: await makeResident(vb, area.villages[0]),
    };
  }
  const report = async (auth: Record<string, string>, lon: number, lat: number, categoryCode = '0201') =>
    (await vb.app.inject({ method: 'POST', url: '/api/cases', headers: auth, payload: { title: '墙上小广告', categoryCode, lon, lat } })).json();

  it('the command room fixes a deadline at 立案 and the handler\'s clock ends there; a handler cannot send one', async () => {
    const { area, operator, worker, villager } = await setup();
    const c = await report(villager.auth, ...area.gridPoints[0]);
    const past = await act(c.id, operator.auth, { action: 'register', deadline: '2019-01-01T00:00:00Z' });
    assert.equal(past.statusCode, 400);
    assert.equal(past.json().error.code, 'DEADLINE_IN_PAST');
    const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
    assert.equal((await act(c.id, operator.auth, { action: 'register', deadline })).statusCode, 200);
    assert.equal((await act(c.id, operator.auth, { action: 'dispatch', assigneeId: worker.id })).statusCode, 200);
    const before = await timelineCount(c.id);
    // the handler's own sign with a far deadline: refused naming the field, nothing written
    const gamed = await act(c.id, worker.auth, { action: 'sign', deadline: '2030-12-31T00:00:00Z' });
    assert.equal(gamed.statusCode, 400, gamed.body);
    assert.equal(gamed.json().error.code, 'VALIDATION_FAILED');
    assert.equal(gamed.json().error.details.field, 'deadline');
    assert.equal(await timelineCount(c.id), before);
    assert.equal((await rowOf(c.id)).state, 'DISPATCHED');
    const signed = await act(c.id, worker.auth, { action: 'sign' });
    assert.equal(signed.statusCode, 200, signed.body);
    assert.equal(new Date(signed.json().deadline).toISOString(), deadline, 'the deadline set at 立案');
  });

  it('every action refuses a field that is not its own, naming it; the OpenAPI lists each action\'s fields', async () => {
    const { area, operator, worker, villager } = await setup();
    const c = await report(villager.auth, ...area.gridPoints[1]);
    const cases: [Record<string, unknown>, string][] = [
      [{ action: 'register', until: '2030-01-01T00:00:00Z' }, 'until'],
      [{ action: 'reject', reason: '重复', assigneeId: worker.id }, 'assigneeId'],
      [{ action: 'register', rating: 'satisfied' }, 'rating'],
      [{ action: 'merge' }, 'into'],
      [{ action: 'teleport' }, 'action'],
    ];
    for (const [payload, field] of cases) {
      const r = await act(c.id, operator.auth, payload);
      assert.equal(r.statusCode, 400, `${JSON.stringify(payload)}: ${r.body}`);
      assert.equal(r.json().error.details.field, field, JSON.stringify(payload));
    }
    assert.equal(await timelineCount(c.id), 2, 'report and submit only');
    const spec = (await vb.app.inject({ url: '/openapi.json' })).json();
    const body = spec.paths['/api/cases/{id}/actions'].post.requestBody.content['application/json'].schema;
    const branches = body.oneOf as { properties: Record<string, { const?: string; enum?: string[] }> }[];
    const fields = (a: string) => Object.keys(branches.find((b) => (b.properties.action.const ?? b.properties.action.enum?.[0]) === a)!.properties).sort();
    // every step may carry a note and photos for its timeline row
    assert.deepEqual(fields('sign'), ['action', 'media', 'note']);
    assert.deepEqual(fields('register'), ['action', 'categoryCode', 'deadline', 'level', 'media', 'note', 'severity']);
    assert.deepEqual(fields('request_extension'), ['action', 'media', 'note', 'reason', 'until']);
  });

  it('an overdue case escalated by its handler stays late: closed on time = false, 超期未结 while open, the level where time was lost', async () => {
    const { area, operator, worker, villager } = await setup();
    const leader = await makeStaff(vb, 'leader', area.district);
    const c = await report(villager.auth, ...area.gridPoints[0]);
    await act(c.id, operator.auth, { action: 'register' });
    await act(c.id, operator.auth, { action: 'dispatch', assigneeId: worker.id });
    await act(c.id, worker.auth, { action: 'sign' });
    await expire(c.id, 'deadline');
    const esc = await act(c.id, worker.auth, { action: 'escalate', reason: '超出村级处置能力' });
    assert.equal(esc.statusCode, 200, esc.body);
    let row = await rowOf(c.id);
    assert.equal(row.deadline, null, 'the next level gets its own time limit');
    assert.equal(row.lateLevel, 'village');
    assert.ok(row.lateAt, 'late since the missed deadline');
    const kpi = async () => {
      const from = new Date(Date.now() - 86_400_000).toISOString();
      const to = new Date(Date.now() + 86_400_000).toISOString();
      const r = await vb.app.inject({ url: `/api/kpis?region=${area.district}&from=${from}&to=${to}`, headers: leader.auth });
      assert.equal(r.statusCode, 200, r.body);
      return r.json().items[0];
    };
    let k = await kpi();
    assert.equal(k.overdueOpen, 1, 'still 超期未结 at the township');
    assert.equal(k.due, 1);
    assert.deepEqual(k.lateByLevel, { village: 1 });
    const queue = (await vb.app.inject({ url: '/api/cases?overdue=true', headers: operator.auth })).json().items;
    assert.ok(queue.some((x: { id: string }) => x.id === c.id), 'in the township\'s overdue queue');
    // the township handles it quickly: the case still counts as late
    await act(c.id, operator.auth, { action: 'dispatch', assigneeId: worker.id });
    await act(c.id, worker.auth, { action: 'sign' });
    await act(c.id, worker.auth, { action: 'feedback', note: '已清除', media: [await photo(worker.id)] });
    assert.equal((await act(c.id, operator.auth, { action: 'close' })).statusCode, 200);
    row = await rowOf(c.id);
    assert.equal(row.closedOnTime, false);
    k = await kpi();
    assert.equal(k.closed, 1);
    assert.equal(k.closedOnTime, 0);
    assert.equal(k.onTimeRate, 0);
    assert.equal(k.overdueOpen, 0);
    assert.deepEqual(k.lateByLevel, { village: 1 });
  });

  it('a handler who returns a case after the signing deadline leaves it late; one returned in time does not', async () => {
    const { area, operator, worker, villager } = await setup();
    const late = await report(villager.auth, ...area.gridPoints[1]);
    const fine = await report(villager.auth, ...area.gridPoints[1]);
    for (const c of [late, fine]) {
      await act(c.id, operator.auth, { action: 'register' });
      await act(c.id, operator.auth, { action: 'dispatch', assigneeId: worker.id });
    }
    await expire(late.id, 'signDeadline');
    assert.equal((await act(late.id, worker.auth, { action: 'return', reason: '不属于本网格' })).statusCode, 200);
    assert.equal((await act(fine.id, worker.auth, { action: 'return', reason: '不属于本网格' })).statusCode, 200);
    assert.equal((await rowOf(late.id)).lateLevel, 'village');
    assert.equal((await rowOf(fine.id)).lateLevel, null);
  });

  it('the sweeper\'s automatic escalation keeps the lateness and reaches the reporter\'s live page', async () => {
    const { area, operator, worker, villager } = await setup();
    const c = await report(villager.auth, ...area.gridPoints[1], '0107'); // burning: auto-escalates
    await act(c.id, operator.auth, { action: 'register' });
    await act(c.id, operator.auth, { action: 'dispatch', assigneeId: worker.id });
    await expire(c.id, 'signDeadline');
    assert.ok((await sweepOnce(vb.platform)).escalated >= 1);
    const row = await rowOf(c.id);
    assert.equal(row.level, 'township');
    assert.equal(row.lateLevel, 'village');
    await vb.platform.events.flush();
    const events = (await vb.platform.db.execute(sql`SELECT type, aggregate_id, payload FROM outbox_events WHERE aggregate_id = ${c.id} ORDER BY id`) as unknown as
      { rows: { type: string; aggregate_id: string; payload: Record<string, unknown> }[] }).rows;
    const escalated = events.find((e) => e.type === 'case.escalated');
    assert.ok(escalated);
    assert.equal(escalated.payload.reporterId, villager.id);
    // the same fields as a transition taken through the API
    const dispatched = events.find((e) => e.type === 'case.dispatched')!;
    assert.deepEqual(Object.keys(escalated.payload).sort(), Object.keys(dispatched.payload).sort());
    const seen = personalFilter(villager.id, [])({ type: escalated.type, aggregateId: escalated.aggregate_id, payload: escalated.payload });
    assert.deepEqual(seen, { caseId: c.id, no: c.no, state: 'REGISTERED', action: 'escalate' });
  });
});
