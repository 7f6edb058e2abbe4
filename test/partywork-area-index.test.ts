/**
 * The area indices (网格服务力, 物业服务力, 机关党组织小区服务力; issue 17) on PGlite and PostgreSQL: cases
 * handled by a grid worker and by a property company, closed on time or late and rated by the resident,
 * move the read model through the outbox; each value is worked out here from what the cases lived, with
 * the version-1 weights written out; a fresh recompute equals what the events left; a formula change is
 * a new version that the open periods take and a closed period keeps; the 下沉 organisations' services
 * count when they solved a problem; everything stays inside the caller's area; bad input writes nothing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { periodOf } from '../src/partywork/periods.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeOrganisation, makeResident, makeStaff, type Area, type TestUser } from './builders/index.ts';

type Res = { statusCode: number; body: string; json(): any }; // eslint-disable-line @typescript-eslint/no-explicit-any
type Item = { unitId: string; regionCode: string; ratings: number; satisfied: number; basicallySatisfied: number; unsatisfied: number; closed: number; closedOnTime: number; satisfactionPart: number | null; onTimePart: number | null; score: number | null; services: number; solved: number; households: number; formulaVersion: number };

/** Version 1 (migration 0049), written out here rather than read from the table. */
const V1 = { satisfactionWeight: 0.6, onTimeWeight: 0.4, basicallyCredit: 0.8 };
const ORG_V1 = { perService: 1, perSolved: 5, perHousehold: 0 };
const r1 = (x: number) => Math.round(x * 10) / 10;

describeOnDatabases('party work: the grid, property and organisation indices', ({ vb }) => {
  let area: Area;
  let admin: TestUser;
  let operator: TestUser;
  let gw: TestUser;
  let fixer: TestUser;
  let villager: { id: string; auth: Record<string, string> };
  let propertyId: string;
  before(async () => {
    area = await makeArea(vb);
    admin = await makeStaff(vb, 'admin', area.townships[0]);
    operator = await makeStaff(vb, 'operator', area.townships[0]);
    gw = await makeStaff(vb, 'grid_worker', area.villages[0]);
    propertyId = (await makeOrganisation(vb, { kind: 'property', regionCode: area.townships[0], name: `恒信物业-${process.pid}` })).id;
    fixer = await makeStaff(vb, 'handler', area.townships[0], { organisationId: propertyId });
    villager = await makeResident(vb, area.villages[0]);
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: { auth: Record<string, string> }, payload?: object): Promise<Res> =>
    vb.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) }) as Promise<Res>;
  const failed = (res: Res, status: number, code: string) => {
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().error.code, code);
  };
  const act = async (id: string, who: TestUser | typeof villager, input: object) => {
    const r = await call('POST', `/api/cases/${id}/actions`, who, input);
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };
  const photo = async (actorId: string) =>
    (await vb.platform.media.saveImage(vb.platform.db, await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 9, g: 9, b: 9 } } }).jpeg().toBuffer(), actorId)).id;

  /** A resident's report handled by the grid worker or the property company, on time or late, closed, and rated (or not). */
  async function live(by: 'grid' | 'property', late: boolean, rating?: 'satisfied' | 'basically_satisfied' | 'unsatisfied') {
    const [lon, lat] = area.gridPoints[0];
    const c = (await call('POST', '/api/cases', villager, { title: by === 'grid' ? '楼道灯坏了' : '小区水管漏水', categoryCode: '0201', lon, lat })).json();
    await act(c.id, operator, { action: 'register' });
    await act(c.id, operator, by === 'grid' ? { action: 'dispatch', assigneeId: gw.id } : { action: 'dispatch', assignedOrgId: propertyId });
    const handler = by === 'grid' ? gw : fixer;
    await act(c.id, handler, { action: 'sign' });
    // late: the time limit passed before the feedback (as the clock would have it)
    if (late) await vb.platform.db.execute(sql`UPDATE cases SET deadline = now() - interval '1 hour', version = version + 1 WHERE id = ${c.id}::uuid`);
    await act(c.id, handler, { action: 'feedback', note: '已处理', media: [await photo(handler.id)] });
    await act(c.id, operator, { action: 'close', note: '已办结' });
    if (rating) await act(c.id, villager, { action: 'rate', rating });
    return c.id as string;
  }
  const ranking = async (kind: string, who: TestUser, query = `&region=${area.villages[0]}&period=month`) => {
    const r = await call('GET', `/api/partywork/area-indices?kind=${kind}${query}`, who);
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as { items: Item[]; formula: { version: number } };
  };
  const breakdown = (i: Item) => ({ ratings: i.ratings, satisfied: i.satisfied, basicallySatisfied: i.basicallySatisfied, unsatisfied: i.unsatisfied, closed: i.closed, closedOnTime: i.closedOnTime, satisfactionPart: i.satisfactionPart, onTimePart: i.onTimePart, score: i.score });
  /** The grid/property breakdown worked out from counts with version-1 weights (both parts have data here). */
  const expected = (c: { satisfied: number; basically: number; unsatisfied: number; closed: number; onTime: number }, f = V1) => {
    const ratings = c.satisfied + c.basically + c.unsatisfied;
    const sp = r1(100 * f.satisfactionWeight * ((c.satisfied + f.basicallyCredit * c.basically) / ratings));
    const op = r1(100 * f.onTimeWeight * (c.onTime / c.closed));
    return { ratings, satisfied: c.satisfied, basicallySatisfied: c.basically, unsatisfied: c.unsatisfied, closed: c.closed, closedOnTime: c.onTime, satisfactionPart: sp, onTimePart: op, score: r1(sp + op) };
  };

  it('the grid and property indices follow the cases (closings on time, ratings) and equal a fresh recompute', async () => {
    // the grid: 满意 on time, 基本满意 on time, late and 不满意 (reopened: not closed any more), late and not rated
    await live('grid', false, 'satisfied');
    await live('grid', false, 'basically_satisfied');
    await live('grid', true, 'unsatisfied');
    await live('grid', true);
    // the property company: 满意 on time; late and 不满意 (reopened: the 不满意 still counts against the company)
    await live('property', false, 'satisfied');
    await live('property', true, 'unsatisfied');
    await vb.platform.events.flush();
    const grid = (await ranking('grid', gw)).items;
    assert.deepEqual(grid.map((i) => i.unitId), [area.grids[0]]);
    assert.deepEqual(breakdown(grid[0]), expected({ satisfied: 1, basically: 1, unsatisfied: 1, closed: 3, onTime: 2 }));
    assert.equal(grid[0].score, 62.7);
    assert.equal(grid[0].formulaVersion, 1);
    const property = (await ranking('property', admin)).items;
    assert.deepEqual(property.map((i) => [i.unitId, i.regionCode]), [[propertyId, area.villages[0]]]);
    assert.deepEqual(breakdown(property[0]), expected({ satisfied: 1, basically: 0, unsatisfied: 1, closed: 1, onTime: 1 }));
    assert.equal(property[0].score, 70);
    // what the events left is what a recompute from scratch gives, for every period
    const before = await vb.platform.database.raw<Record<string, unknown>>(`SELECT kind, unit_id, region_code, period_kind, period_start::text, ratings, satisfied, basically_satisfied, unsatisfied, closed, closed_on_time, score
      FROM party_area_index WHERE region_code LIKE $1 AND kind <> 'organisation' ORDER BY 1, 2, 3, 4`, [`${area.district.slice(0, 6)}%`]);
    assert.equal(before.length, 6, 'grid and property, week, month and year');
    await vb.services.partyAreaIndex.roll();
    const after = await vb.platform.database.raw<Record<string, unknown>>(`SELECT kind, unit_id, region_code, period_kind, period_start::text, ratings, satisfied, basically_satisfied, unsatisfied, closed, closed_on_time, score
      FROM party_area_index WHERE region_code LIKE $1 AND kind <> 'organisation' ORDER BY 1, 2, 3, 4`, [`${area.district.slice(0, 6)}%`]);
    assert.deepEqual(after, before);
  });

  it('a formula change is a new version: the open periods take it, a closed period keeps its own; bad formulas write nothing', async () => {
    // a case of last year's December, lived at its own times: a closed period with a row of version 1
    const dec = Date.UTC(new Date().getUTCFullYear() - 1, 11, 10, 2);
    const s = vb.services;
    const [lon, lat] = area.gridPoints[0];
    const c = await s.cases.report(await s.users.actorOf(villager.id), { title: '路灯不亮', categoryCode: '0201', lon, lat, source: 'resident' }, { at: new Date(dec) });
    const step = async (who: string, h: number, input: Parameters<typeof s.cases.act>[2]) => s.cases.act(await s.users.actorOf(who), c.id, input, { at: new Date(dec + h * 3_600_000) });
    await step(operator.id, 0.1, { action: 'register' });
    await step(operator.id, 0.2, { action: 'dispatch', assigneeId: gw.id });
    await step(gw.id, 0.3, { action: 'sign' });
    await step(gw.id, 1, { action: 'feedback', note: '已修好', media: [await photo(gw.id)] });
    await step(operator.id, 2, { action: 'close' });
    await step(villager.id, 3, { action: 'rate', rating: 'satisfied' });
    // history written after the fact tells nobody (its events are stored as delivered): computed as the demo does
    await vb.services.partyAreaIndex.recomputeAt(['grid'], area.villages[0], new Date(dec));
    const lastDec = periodOf('month', new Date(dec));
    const pastRow = async () => (await ranking('grid', admin, `&region=${area.villages[0]}&period=month&start=${lastDec.start}`)).items[0];
    assert.deepEqual([(await pastRow()).formulaVersion, (await pastRow()).score], [1, 100]);

    const versions = async () => Number((await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM party_area_formulas', []))[0].n);
    const n0 = await versions();
    const url = `/api/partywork/area-formula/grid/${area.townships[0]}`;
    const v2 = { satisfactionWeight: 1, onTimeWeight: 0, basicallyCredit: 0.5 };
    failed(await call('PUT', url, gw, { params: v2 }), 403, 'FORBIDDEN');
    failed(await call('PUT', `/api/partywork/area-formula/street/${area.townships[0]}`, admin, { params: v2 }), 400, 'VALIDATION_FAILED');
    failed(await call('PUT', url, admin, { params: { ...v2, satisfactionWeight: 1.5 } }), 400, 'VALIDATION_FAILED');
    failed(await call('PUT', url, admin, { params: { ...v2, onTimeWeight: 0.3 } }), 422, 'PARTY_FORMULA_WEIGHTS');
    failed(await call('PUT', url, admin, { params: ORG_V1 }), 400, 'PARTY_FORMULA_KIND');
    assert.equal(await versions(), n0, 'nothing written on a refusal');
    const res = await call('PUT', url, admin, { params: v2, note: '只看满意度' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().inForce.version, res.json().inForce.scope], [2, area.townships[0].slice(0, 9)]);
    assert.ok(res.json().recomputed >= 3);
    // this month: satisfaction only, 基本满意 at half
    const now = (await ranking('grid', admin)).items[0];
    assert.equal(now.formulaVersion, 2);
    assert.deepEqual([now.satisfactionPart, now.onTimePart, now.score], [r1(100 * (1 + 0.5) / 3), 0, r1(100 * (1 + 0.5) / 3)]);
    // last December, recomputed after the change, keeps version 1
    await vb.services.partyAreaIndex.recomputeAt(['grid'], area.villages[0], new Date(dec));
    assert.deepEqual([(await pastRow()).formulaVersion, (await pastRow()).score], [1, 100]);
    // the other township keeps version 1
    const other = await makeStaff(vb, 'admin', area.townships[1]);
    assert.equal((await call('GET', `/api/partywork/area-formula/grid/${area.villages[2]}`, other)).json().inForce.version, 1);
  });

  it('下沉 organisations: paired, their services logged by the community\'s staff, solved problems counted', async () => {
    const village = area.villages[0];
    const org = { name: '区卫健局机关党支部', kind: 'machine', regionCode: village, contactName: '李明', contactPhone: '13900001111' };
    failed(await call('POST', '/api/partywork/service-orgs', gw, org), 403, 'FORBIDDEN');
    failed(await call('POST', '/api/partywork/service-orgs', admin, { ...org, regionCode: area.townships[0] }), 422, 'PARTY_SERVICE_ORG_REGION');
    const made = await call('POST', '/api/partywork/service-orgs', admin, org);
    assert.equal(made.statusCode, 201, made.body);
    const id = made.json().id;
    failed(await call('POST', '/api/partywork/service-orgs', admin, org), 409, 'PARTY_SERVICE_ORG_EXISTS');
    // the grid worker sees the contact masked, the administrator in full
    assert.equal((await call('GET', '/api/partywork/service-orgs', gw)).json().items[0].contactPhone, '139****1111');

    const [lon, lat] = area.gridPoints[0];
    const open = (await call('POST', '/api/cases', villager, { title: '楼道堆物', categoryCode: '0201', lon, lat })).json();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const log = (body: object, who: TestUser = gw) => call('POST', `/api/partywork/service-orgs/${id}/services`, who, { id: randomUUID(), servedOn: today, what: '清理楼道堆物', ...body });
    const linked = randomUUID();
    assert.equal((await log({ id: linked, caseId: open.id, households: 12 })).statusCode, 201);
    assert.equal((await log({ id: linked, caseId: open.id, households: 12 })).statusCode, 200, 'a retry is the same record');
    assert.equal((await log({ solved: true, what: '帮孤寡老人修水龙头', households: 1 })).statusCode, 201);
    assert.equal((await log({ what: '政策宣讲' })).statusCode, 201);
    // refused, nothing written: a future day, another area's case, another area's staff, the same id for another record
    const count = async () => Number((await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM party_org_services WHERE org_id = $1', [id]))[0].n);
    failed(await log({ servedOn: '2999-01-01' }), 422, 'PARTY_SERVICE_DATE_INVALID');
    const far = await makeArea(vb);
    const farWorker = await makeStaff(vb, 'grid_worker', far.villages[0]);
    const farCase = (await call('POST', '/api/cases', farWorker, { title: '别处的事', categoryCode: '0201', lon: far.gridPoints[0][0], lat: far.gridPoints[0][1] })).json();
    failed(await log({ caseId: farCase.id }), 422, 'PARTY_SERVICE_CASE_INVALID');
    failed(await log({}, farWorker), 404, 'PARTY_SERVICE_ORG_NOT_FOUND');
    failed(await log({ id: linked, what: '另一件事' }), 409, 'PARTY_SERVICE_ID_TAKEN');
    assert.equal(await count(), 3);

    const score = async () => (await ranking('organisation', gw)).items.find((i) => i.unitId === id)!;
    assert.deepEqual([(await score()).services, (await score()).solved, (await score()).households, (await score()).score], [3, 1, 13, 3 * ORG_V1.perService + 1 * ORG_V1.perSolved]);
    // the linked case is closed: that service solved a problem too (the closing's event)
    await act(open.id, operator, { action: 'register' });
    await act(open.id, operator, { action: 'dispatch', assigneeId: gw.id });
    await act(open.id, gw, { action: 'sign' });
    await act(open.id, gw, { action: 'feedback', note: '已清理', media: [await photo(gw.id)] });
    await act(open.id, operator, { action: 'close' });
    await vb.platform.events.flush();
    assert.deepEqual([(await score()).solved, (await score()).score], [2, 3 * ORG_V1.perService + 2 * ORG_V1.perSolved]);
    const page = (await call('GET', `/api/partywork/service-orgs/${id}/services`, gw)).json();
    assert.deepEqual(page.items.map((s: { countsAsSolved: boolean }) => s.countsAsSolved).sort(), [false, true, true]);
    failed(await call('GET', `/api/partywork/service-orgs/${id}/services`, farWorker), 404, 'PARTY_SERVICE_ORG_NOT_FOUND');
  });

  it('scope: a grid worker of another township sees none of it and is refused another area; bad queries are 400', async () => {
    const far = await makeArea(vb);
    const farWorker = await makeStaff(vb, 'grid_worker', far.villages[0]);
    for (const kind of ['grid', 'property', 'organisation']) assert.deepEqual((await ranking(kind, farWorker, '&period=year')).items, []);
    failed(await call('GET', `/api/partywork/area-indices?kind=grid&region=${area.villages[0]}&period=month`, farWorker), 403, 'FORBIDDEN');
    failed(await call('GET', `/api/partywork/area-indices?kind=police&period=month`, admin), 400, 'VALIDATION_FAILED');
    failed(await call('GET', `/api/partywork/area-indices?kind=grid&period=month&start=2026-12-02`, admin), 400, 'VALIDATION_FAILED');
    failed(await call('GET', `/api/partywork/area-formula/grid/${area.villages[0]}`, farWorker), 403, 'FORBIDDEN');
    failed(await call('GET', `/api/partywork/service-orgs?region=${area.villages[0]}`, farWorker), 403, 'FORBIDDEN');
    // the same grid worker's own area: their village's grid is listed
    assert.deepEqual((await ranking('grid', gw, '&period=month')).items.map((i) => i.unitId), [area.grids[0]]);
  });
});
