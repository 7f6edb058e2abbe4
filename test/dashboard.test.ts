/**
 * The dashboard's read models and the big screen's API (issue 18, first slice):
 * - after a random mix of case activity (reports of several sources and categories, registering,
 *   dispatching, signing, feedback, closing, rating, rejecting, escalating) the rollups fed by the
 *   events equal the ones `rebuild` recomputes from the cases (fast-check), and delivering the same
 *   events again, late and out of order, changes nothing;
 * - the screen's figures and who may see them: a leader of the area, not another area's operator (404),
 *   not a resident (403); a wall with a kiosk token of the region, 404 with one of another region, 401
 *   once it expired or was revoked;
 * - party visits logged and reviewed feed the 数字党建 board's rollup, which equals a rebuild and ignores
 *   events delivered again; the board names no member;
 * - the 智慧便民 board counts people's own requests (not a grid worker's) and this month's points by rule.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import sharp from 'sharp';
import type { CasePayload } from '../src/cases/index.ts';
import { ScreenService } from '../src/dashboard/index.ts';
import type { DomainEvent } from '../src/platform/events.ts';
import { awardPoints, makeBranch, makeCase, makeHousehold, makeHouseholdTask, makePartyMember } from './builders/index.ts';
import type { TestApp } from './helpers/app.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff, type Area } from './helpers/factories.ts';

async function photo(vb: TestApp, actorId: string): Promise<string> {
  const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 90, g: 90, b: 90 } } }).jpeg().toBuffer();
  return (await vb.platform.media.saveImage(vb.platform.db, jpeg, actorId)).id;
}

type Step =
  | { op: 'report'; grid: number; category: string; source: 'grid_worker' | 'hotline' }
  | { op: 'act'; target: number; action: 'advance' | 'reject' | 'escalate' | 'rework' | 'unhappy' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('report' as const), grid: fc.integer({ min: 0, max: 7 }), category: fc.constantFrom('0107', '1301'), source: fc.constantFrom('grid_worker' as const, 'hotline' as const) }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('act' as const), target: fc.nat(), action: fc.constant('advance' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('act' as const), target: fc.nat(), action: fc.constantFrom('reject' as const, 'escalate' as const, 'rework' as const, 'unhappy' as const) }) },
);

/** The next step of the ordinary path from each state (who acts is chosen by the test). */
const NEXT: Record<string, string> = { PENDING_ACCEPT: 'register', REGISTERED: 'dispatch', DISPATCHED: 'sign', PROCESSING: 'feedback', VERIFYING: 'close', CLOSED: 'rate' };

describeOnDatabases('dashboard rollups and the big screen', ({ vb }) => {
  async function cast(area: Area) {
    const actor = async (role: Parameters<typeof makeStaff>[1], region: string) => vb.services.users.actorOf((await makeStaff(vb, role, region)).id);
    return {
      area,
      operator: await actor('operator', area.district),
      worker: await makeStaff(vb, 'grid_worker', area.villages[0]),
      reporter: await makeStaff(vb, 'grid_worker', area.district),
      villager: await makeResident(vb, area.villages[0]),
    };
  }

  it('after any mix of case activity the rollups fed by events equal a rebuild from the cases; events again, late and shuffled, change nothing', async () => {
    const c = await cast(await makeArea(vb));
    const workerActor = await vb.services.users.actorOf(c.worker.id);
    const reporterActor = await vb.services.users.actorOf(c.reporter.id);
    const ids: string[] = [];
    const states = new Map<string, string>();
    await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 6, maxLength: 40 }), async (steps) => {
      for (const s of steps) {
        if (s.op === 'report') {
          const made = await makeCase(vb, c.reporter, { at: c.area.gridPoints[s.grid], categoryCode: s.category, source: s.source });
          ids.push(made.id);
          states.set(made.id, made.state);
          continue;
        }
        if (ids.length === 0) continue;
        const id = ids[s.target % ids.length];
        const action = s.action === 'advance' ? NEXT[states.get(id) ?? ''] : s.action === 'unhappy' ? 'rate' : s.action;
        if (!action) continue;
        const input: Record<string, unknown> = { action };
        if (action === 'dispatch') input.assigneeId = c.worker.id;
        if (action === 'feedback') Object.assign(input, { note: '已处理', media: [await photo(vb, c.worker.id)] });
        if (action === 'rate') input.rating = s.action === 'unhappy' ? 'unsatisfied' : 'satisfied';
        if (action === 'reject' || action === 'escalate' || action === 'rework') input.reason = '测试';
        const who = action === 'sign' || action === 'feedback' ? workerActor : action === 'rate' ? reporterActor : c.operator;
        // a step the case's state does not allow is refused: that is part of a random mix
        const after = await vb.services.cases.act(who, id, input as never).catch(() => undefined);
        if (after) states.set(id, (after as { state: string }).state);
      }
      await vb.platform.events.flush();
      const fed = await vb.services.rollups.dump();
      await vb.services.rollups.rebuild();
      const rebuilt = await vb.services.rollups.dump();
      assert.deepEqual(fed, rebuilt);
    }), { numRuns: 8, seed: Number(process.env.FC_SEED ?? 18) });
    assert.ok(ids.length > 0);

    // the same events once more, newest first (a retry storm after an outage): the rollups stay as they are
    const before = await vb.services.rollups.dump();
    const events = await vb.platform.database.raw<{ id: string; type: string; region_code: string; aggregate_id: string; payload: CasePayload; created_at: string }>(
      "SELECT id, type, region_code, aggregate_id, payload, created_at FROM outbox_events WHERE type LIKE 'case.%' ORDER BY id DESC", []);
    assert.ok(events.length > 0);
    for (const e of events) {
      await vb.services.rollups.onCaseEvent({ id: Number(e.id), type: e.type, regionCode: e.region_code, aggregateId: e.aggregate_id, payload: e.payload, createdAt: e.created_at } as DomainEvent<CasePayload>);
    }
    assert.deepEqual(await vb.services.rollups.dump(), before);

    // from empty read models, every event at once (on PostgreSQL several connections at a time, as several
    // server processes deliver): two events of a case not yet counted must not both count it
    for (const table of ['dashboard_case_facts', 'dashboard_case_rollup', 'dashboard_closed_rollup']) await vb.platform.database.raw(`DELETE FROM ${table}`, []);
    await Promise.all(events.map((e) => vb.services.rollups.onCaseEvent({ id: Number(e.id), type: e.type, regionCode: e.region_code, aggregateId: e.aggregate_id, payload: e.payload, createdAt: e.created_at } as DomainEvent<CasePayload>)));
    assert.deepEqual(await vb.services.rollups.dump(), before);
    const total = before.reported.reduce((a, r) => a + r.cases, 0);
    assert.ok(total >= ids.length, `every case is counted once (${total} rows for ${ids.length} cases and those of other tests)`);
  });

  it('the screen shows the area\'s figures to its leader; another area\'s staff get 404, a resident 403; a kiosk token works for its region only, and not once expired or revoked', async () => {
    const area = await makeArea(vb);
    const c = await cast(area);
    const leader = await makeStaff(vb, 'leader', area.district);
    const admin = await makeStaff(vb, 'admin', area.district);
    const outsider = await makeStaff(vb, 'operator', (await makeArea(vb)).district);
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await makeCase(vb, c.reporter, { at: area.gridPoints[i], categoryCode: '1301', source: i ? 'hotline' : 'grid_worker' }));
    await vb.services.cases.act(c.operator, made[0].id, { action: 'reject', reason: '重复' } as never);
    await vb.platform.events.flush();

    const res = await vb.app.inject({ url: `/api/screen/${area.district}`, headers: leader.auth });
    assert.equal(res.statusCode, 200, res.body);
    const view = res.json();
    assert.equal(view.region.code, area.district);
    assert.equal(view.counters.reportedToday, 3);
    assert.equal(view.counters.open, 2);
    assert.deepEqual(view.bySource.items, [{ source: 'hotline', count: 2 }, { source: 'grid_worker', count: 1 }]);
    assert.equal(view.trend.days.length, 30);
    assert.equal(view.trend.days.at(-1).reported, 3);
    assert.equal(view.ticker.items.filter((t: { kind: string }) => t.kind === 'reported').length, 3);
    assert.equal(view.pins.items.length, 2);
    for (const panel of ['counters', 'trend', 'bySource', 'byState', 'villages', 'ticker', 'pins', 'reservoirs', 'cameras']) {
      assert.ok(Date.parse(view[panel].asOf) > Date.now() - 60_000 && view[panel].intervalSec > 0, `${panel} carries its data time`);
    }
    // a wall is public: no titles, no reporters
    assert.ok(!JSON.stringify(view).includes('测试事件'), 'no case title on the screen');
    assert.ok(!JSON.stringify(view).includes(c.reporter.id));
    const map = await vb.app.inject({ url: `/api/screen/${area.district}/map`, headers: leader.auth });
    assert.equal(map.statusCode, 200);
    assert.ok(map.json().areas.some((a: { code: string }) => a.code === area.villages[0]));
    assert.ok(!map.json().areas.some((a: { level: string }) => a.level === 'grid'), 'a district\'s map stops at villages');
    // a village's map shows its grids, and only its own
    const villageMap = (await vb.app.inject({ url: `/api/screen/${area.villages[0]}/map`, headers: leader.auth })).json();
    assert.ok(villageMap.areas.length > 0 && villageMap.areas.every((a: { level: string; code: string; geometry: unknown }) => a.level === 'grid' && a.code.startsWith(area.villages[0]) && a.geometry));

    assert.equal((await vb.app.inject({ url: `/api/screen/${area.district}`, headers: outsider.auth })).statusCode, 404);
    assert.equal((await vb.app.inject({ url: `/api/screen/${area.district}`, headers: c.villager.auth })).statusCode, 403);
    assert.equal((await vb.app.inject({ url: `/api/screen/${area.district}` })).statusCode, 401);
    assert.equal((await vb.app.inject({ url: `/api/screen/999999000000`, headers: leader.auth })).statusCode, 404);

    // kiosk tokens
    const made1 = await vb.app.inject({ method: 'POST', url: '/api/screen-kiosks', headers: admin.auth, payload: { regionCode: area.villages[0], name: '村委会大厅', hours: 24 } });
    assert.equal(made1.statusCode, 200, made1.body);
    const { token, kiosk, url } = made1.json();
    assert.equal(url, `/screen/${area.villages[0]}?kiosk=${token}`);
    const wall = await vb.app.inject({ url: `/api/kiosk/screen/${area.villages[0]}?kiosk=${token}` });
    assert.equal(wall.statusCode, 200, wall.body);
    assert.equal(wall.json().counters.reportedToday, 2, 'the village\'s own cases only');
    assert.equal((await vb.app.inject({ url: `/api/kiosk/screen/${area.villages[1]}?kiosk=${token}` })).statusCode, 404, 'another region');
    const none = await vb.app.inject({ url: `/api/kiosk/screen/${area.villages[0]}` });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().error.code, 'KIOSK_TOKEN_INVALID');
    assert.equal((await vb.app.inject({ url: `/api/kiosk/screen/${area.villages[0]}?kiosk=vbk_nonsense` })).statusCode, 401);
    assert.equal((await vb.app.inject({ method: 'POST', url: '/api/screen-kiosks', headers: outsider.auth, payload: { regionCode: area.villages[0], name: 'x', hours: 1 } })).statusCode, 403);
    const list = await vb.app.inject({ url: `/api/screen-kiosks?region=${area.villages[0]}`, headers: admin.auth });
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json().items.map((k: { id: string; state: string }) => [k.id, k.state]), [[kiosk.id, 'active']]);

    const revoked = await vb.app.inject({ method: 'POST', url: `/api/screen-kiosks/${kiosk.id}/revoke`, headers: admin.auth });
    assert.equal(revoked.json().state, 'revoked');
    assert.equal((await vb.app.inject({ url: `/api/kiosk/screen/${area.villages[0]}?kiosk=${token}` })).statusCode, 401);

    const second = (await vb.services.kiosks.create(null, { regionCode: area.villages[0], name: '文化礼堂', hours: 1 }));
    assert.equal((await vb.app.inject({ url: `/api/kiosk/screen/${area.villages[0]}/map?kiosk=${second.token}` })).statusCode, 200);
    // an hour later (the clock moved on): expired
    await vb.platform.database.raw("UPDATE screen_kiosks SET expires_at = now() - interval '1 second' WHERE id = $1", [second.kiosk.id]);
    const expired = await vb.app.inject({ url: `/api/kiosk/screen/${area.villages[0]}?kiosk=${second.token}` });
    assert.equal(expired.statusCode, 401);
    assert.match(expired.json().error.message, /expired/);
  });

  it('the 数字产业 board of an area with no listings says zero everywhere; another area\'s staff get 404', async () => {
    const area = await makeArea(vb);
    const leader = await makeStaff(vb, 'leader', area.district);
    const outsider = await makeStaff(vb, 'operator', (await makeArea(vb)).district);
    const res = await vb.app.inject({ url: `/api/screen/${area.villages[0]}/industry`, headers: leader.auth });
    assert.equal(res.statusCode, 200, res.body);
    const b = res.json();
    assert.equal(b.homestays.total, 0);
    assert.deepEqual(b.units.items, []);
    assert.equal(b.units.totals.jobsForVillagers, 0);
    assert.ok(Object.values(b.places.byKind).every((n) => n === 0));
    assert.ok(b.places.asOf && b.places.intervalSec > 0, 'each panel says its data time');
    assert.equal((await vb.app.inject({ url: `/api/screen/${area.villages[0]}/industry`, headers: outsider.auth })).statusCode, 404);
  });

  it('party visits logged and reviewed feed the 数字党建 board; the rollup equals a rebuild and ignores events again; no member is named', async () => {
    const area = await makeArea(vb);
    const gridWorker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const leader = await makeStaff(vb, 'leader', area.district);
    const branch = await makeBranch(vb, { regionCode: area.villages[0], name: '余东村党支部' });
    const member = await makePartyMember(vb, branch, { name: '郭渭民', status: 'serving' });
    await makePartyMember(vb, branch, { name: '徐小燕', status: 'retired' });
    const door = { lon: area.gridPoints[0][0], lat: area.gridPoints[0][1] };
    const task = await makeHouseholdTask(vb, { gridWorkerId: gridWorker.id, householdId: (await makeHousehold(vb, { village: area.villages[0], size: 1 })).household.id, point: door, member });
    const visitedAt: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = crypto.randomUUID();
      visitedAt.push(new Date(Date.now() - (5 * i + 1) * 3_600_000).toISOString());
      const logged = await vb.app.inject({ method: 'POST', url: '/api/partywork/logs', headers: member.auth, payload: { id, taskId: task.id, visitedAt: visitedAt[i], ...door, accuracyM: 10, note: `走访 ${i + 1}` } });
      assert.equal(logged.statusCode, 201, logged.body);
      const decision = i < 2 ? { decision: 'valued' } : { decision: 'rejected', reason: '照片看不清' };
      const reviewed = await vb.app.inject({ method: 'POST', url: `/api/partywork/logs/${id}/review`, headers: gridWorker.auth, payload: decision });
      assert.equal(reviewed.statusCode, 200, reviewed.body);
    }
    await vb.platform.events.flush();

    const res = await vb.app.inject({ url: `/api/screen/${area.district}/party`, headers: leader.auth });
    assert.equal(res.statusCode, 200, res.body);
    const board = res.json();
    assert.deepEqual([board.counts.members, board.counts.retired, board.counts.branches], [2, 1, 1]);
    assert.equal(board.trend.months.length, 12);
    const sum = (k: 'visits' | 'valued') => board.trend.months.reduce((a: number, m: Record<string, number>) => a + m[k], 0);
    assert.deepEqual([sum('visits'), sum('valued')], [3, 2]);
    const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
    assert.equal(board.counts.visitsToday, visitedAt.filter((v) => day(v) === day(new Date().toISOString())).length);
    assert.deepEqual(board.branches.items.map((b: { name: string }) => b.name), ['余东村党支部']);
    assert.ok(!JSON.stringify(board).includes('郭渭民') && !JSON.stringify(board).includes(member.id), 'no member named on a wall');
    for (const panel of ['counts', 'trend', 'branches']) assert.ok(Date.parse(board[panel].asOf) > Date.now() - 60_000, `${panel} carries its data time`);

    // the rollup equals a rebuild; the visit events delivered again, newest first, change nothing
    const before = await vb.services.rollups.dump();
    await vb.services.rollups.rebuild();
    assert.deepEqual(await vb.services.rollups.dump(), before);
    const events = await vb.platform.database.raw<{ id: string; type: string; region_code: string; payload: { logId: string; visitedAt: string; decision?: 'valued' | 'rejected' } }>(
      "SELECT id, type, region_code, payload FROM outbox_events WHERE type IN ('partywork.visit_logged', 'partywork.visit_reviewed') AND region_code LIKE $1 ORDER BY id DESC", [`${area.district.slice(0, 6)}%`]);
    assert.equal(events.length, 6);
    for (const e of events) await vb.services.rollups.onVisitEvent({ id: Number(e.id), regionCode: e.region_code, payload: e.payload });
    assert.deepEqual(await vb.services.rollups.dump(), before);

    // a wall of the village with its kiosk token; another district's staff see nothing
    const { token } = await vb.services.kiosks.create(null, { regionCode: area.villages[0], name: '党群服务中心', hours: 1 });
    const wall = await vb.app.inject({ url: `/api/kiosk/screen/${area.villages[0]}/party?kiosk=${token}` });
    assert.equal(wall.statusCode, 200, wall.body);
    assert.equal(wall.json().counts.members, 2);
    const outsider = await makeStaff(vb, 'operator', (await makeArea(vb)).district);
    assert.equal((await vb.app.inject({ url: `/api/screen/${area.district}/party`, headers: outsider.auth })).statusCode, 404);
  });

  it('智慧便民 counts what people asked for themselves (not a grid worker\'s reports) and the points residents earned this month, by rule', async () => {
    const area = await makeArea(vb);
    const c = await cast(area);
    const leader = await makeStaff(vb, 'leader', area.district);
    await makeCase(vb, c.villager, { at: area.gridPoints[0], source: 'resident' });
    await makeCase(vb, c.reporter, { at: area.gridPoints[2], source: 'hotline', categoryCode: '1301' }); // another village
    await makeCase(vb, c.reporter, { at: area.gridPoints[1], source: 'grid_worker' });
    await vb.services.rollups.points.rebuild();
    await awardPoints(vb, c.villager.id, 30, new Date(), 'garbage_sorting');
    await awardPoints(vb, c.villager.id, 5, new Date(), 'volunteering');
    await vb.platform.events.flush();
    // the points reach the board through the rollup's minute job, which recomputes yesterday and today
    const before = (await vb.app.inject({ url: `/api/screen/${area.villages[0]}/service`, headers: leader.auth })).json();
    assert.equal(before.points.earned, 0, 'not before the job ran');
    await vb.services.rollups.points.refresh();
    const incremental = await vb.services.rollups.points.dump();
    await vb.services.rollups.points.rebuild();
    assert.deepEqual(await vb.services.rollups.points.dump(), incremental, 'the job\'s rollup equals one rebuilt from the ledger');
    const res = await vb.app.inject({ url: `/api/screen/${area.district}/service`, headers: leader.auth });
    assert.equal(res.statusCode, 200, res.body);
    const b = res.json();
    assert.deepEqual([b.counts.reportedToday, b.counts.reported30, b.counts.closed30], [2, 2, 0]);
    assert.deepEqual(b.bySource.items.map((s: { source: string }) => s.source).sort(), ['hotline', 'resident']);
    assert.equal(b.trend.days.length, 30);
    assert.deepEqual([b.points.earned, b.points.people], [35, 1]);
    assert.deepEqual(b.points.byRule.map((r: { points: number }) => r.points), [30, 5]);
    assert.ok(!JSON.stringify(b).includes(c.villager.id), 'no person on a wall');
    const outsider = await makeStaff(vb, 'operator', (await makeArea(vb)).district);
    assert.equal((await vb.app.inject({ url: `/api/screen/${area.district}/service`, headers: outsider.auth })).statusCode, 404);
    const { token } = await vb.services.kiosks.create(null, { regionCode: area.villages[0], name: '便民服务中心', hours: 1 });
    const wall = await vb.app.inject({ url: `/api/kiosk/screen/${area.villages[0]}/service?kiosk=${token}` });
    assert.equal(wall.statusCode, 200, wall.body);
    assert.equal(wall.json().counts.reportedToday, 1, 'the village\'s own: the resident\'s report');
    // a district's wall drills down into its villages, never beside or above its region
    const district = await vb.services.kiosks.create(null, { regionCode: area.district, name: '区指挥中心', hours: 1 });
    assert.equal((await vb.app.inject({ url: `/api/kiosk/screen/${area.villages[1]}?kiosk=${district.token}` })).statusCode, 200);
    assert.equal((await vb.app.inject({ url: `/api/kiosk/screen/${area.townships[0]}/service?kiosk=${token}` })).statusCode, 404, 'a village\'s token shows no township');
  });
});

describeOnDatabases('the screen of a region with no data', ({ vb }) => {
  it('answers zeros and empty lists (the panels say so), with every panel\'s data time', async () => {
    const area = await makeArea(vb);
    const leader = await makeStaff(vb, 'leader', area.district);
    const res = await vb.app.inject({ url: `/api/screen/${area.villages[3]}`, headers: leader.auth });
    assert.equal(res.statusCode, 200, res.body);
    const v = res.json();
    assert.deepEqual([v.counters.reportedToday, v.counters.closedToday, v.counters.open, v.counters.onTimeRate, v.counters.satisfaction], [0, 0, 0, null, null]);
    assert.ok(v.trend.days.every((d: { reported: number; closed: number }) => d.reported === 0 && d.closed === 0));
    for (const list of [v.bySource.items, v.byState.items, v.villages.items, v.ticker.items, v.pins.items, v.reservoirs.items, v.cameras.items]) assert.deepEqual(list, []);
  });
});

describe('the screen\'s stream frames', () => {
  it('carry a case event of the region as its number, state, action, village and category only; nothing of other regions or other events', () => {
    const screen = new ScreenService({} as never, {} as never, {} as never, {} as never, {} as never, {} as never, {} as never);
    const filter = screen.frameFilter('330802108000');
    const payload = { caseId: 'c1', no: '20261207-000001', title: '张三家门口', categoryCode: '0201', severity: 'normal', source: 'resident', regionCode: '330802108212001',
      villageCode: '330802108212', level: 'village', supervision: 0, reporterId: 'u1', assigneeId: 'u2', assignedOrgId: null, deadline: null, reportedAt: null,
      rating: null, closedAt: null, ratedAt: null, state: 'CLOSED', from: 'VERIFYING', action: 'close', actorId: 'u3' };
    assert.deepEqual(filter({ type: 'case.closed', regionCode: payload.regionCode, payload }),
      { no: '20261207-000001', state: 'CLOSED', action: 'close', villageCode: '330802108212', categoryCode: '0201' });
    assert.equal(filter({ type: 'case.closed', regionCode: '330802109201001', payload }), null, 'another township');
    assert.equal(filter({ type: 'alarm.raised', regionCode: payload.regionCode, payload: {} }), null, 'not a case event');
  });
});
