/**
 * The party-member index (党员服务力) and its rankings (issue 17), on PGlite and PostgreSQL: the read model
 * follows a review and a register change through the outbox; every value is recomputed here from the
 * ledger (the member's party service points earned in the month) and the register with the formula's
 * weights written out independently; a formula change is a new version that the open periods take and
 * a closed one keeps; deductions subtract; rankings stay inside the caller's area in SQL; the switch
 * shows only branch aggregates.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { periodOf } from '../src/partywork/periods.ts';
import { uuidv7 } from '../src/points/uuidv7.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeBranch, makeHousehold, makeHouseholdTask, makePartyMember, makeStaff, type Area, type Branch, type PartyMember, type TestUser } from './builders/index.ts';

type Res = { statusCode: number; body: string; json(): any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Formula version 1 (migration 0033), written out here rather than read from the table. */
const V1 = { reported: 10, identityShown: 10, posts: { owners_committee: 5, branch_committee: 5, branch_secretary: 8, building_lead: 3 } as Record<string, number>, perPoint: 1, perDeduction: 1 };

describeOnDatabases('party work: the member index and rankings', ({ vb }) => {
  let area: Area;
  let admin: TestUser;
  let gridWorker: TestUser;
  let yudong: Branch;
  let zijing: Branch;
  let guo: PartyMember;
  let xu: PartyMember;
  let yu: PartyMember;
  let door: { lat: number; lon: number };
  before(async () => {
    area = await makeArea(vb);
    admin = await makeStaff(vb, 'admin', area.townships[0]);
    gridWorker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    yudong = await makeBranch(vb, { regionCode: area.villages[0], name: '余东村党支部' });
    zijing = await makeBranch(vb, { regionCode: area.villages[1], name: '紫荆社区兼合式党支部', kind: 'residential' });
    guo = await makePartyMember(vb, yudong, { name: '郭渭民' });
    xu = await makePartyMember(vb, yudong, { name: '徐小燕' });
    yu = await makePartyMember(vb, zijing, { name: '余仁洪' });
    door = { lon: area.gridPoints[0][0], lat: area.gridPoints[0][1] };
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, who: { auth: Record<string, string> }, payload?: object): Promise<Res> =>
    vb.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) }) as Promise<Res>;
  const failed = (res: Res, status: number, code: string) => {
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().error.code, code);
  };
  const month = () => periodOf('month', new Date());

  /** The member's month recomputed from the ledger and the register, with version-1 weights. */
  async function expected(m: PartyMember, deducted = 0) {
    const profile = (await call('GET', `/api/partywork/members/${m.id}`, admin)).json();
    const account = await vb.services.points.accountOf(m.id, 'party_service');
    const earned = await vb.services.points.repo.earnedIn(account.id, month().from, month().to);
    const base = (profile.reported ? V1.reported : 0) + (profile.identityShown ? V1.identityShown : 0);
    const staticBonus = (profile.posts as string[]).reduce((s, p) => s + (V1.posts[p] ?? 0), 0);
    return { base, staticBonus, servicePoints: earned, dynamicBonus: earned * V1.perPoint, deductions: deducted * V1.perDeduction, total: base + staticBonus + earned * V1.perPoint - deducted * V1.perDeduction };
  }
  const breakdown = (row: Record<string, number>) => ({ base: row.base, staticBonus: row.staticBonus, servicePoints: row.servicePoints, dynamicBonus: row.dynamicBonus, deductions: row.deductions, total: row.total });
  const myMonth = async (m: PartyMember) => {
    const page = (await call('GET', '/api/me/partywork/index?period=month&limit=1', m)).json();
    return page.items.find((i: { periodStart: string }) => i.periodStart === month().start);
  };

  /** A task for a fresh household of the village, claimed and accepted, and `n` logs reviewed 真实有价值. */
  async function valuedLogs(m: PartyMember, n: number) {
    const task = await makeHouseholdTask(vb, { gridWorkerId: gridWorker.id, householdId: (await makeHousehold(vb, { village: area.villages[0], size: 1 })).household.id, point: door, member: m });
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      // 5 h apart (the minimum gap) and a few hours back: the review, not the visit, dates the points
      const r = await call('POST', '/api/partywork/logs', m, { id, taskId: task.id, visitedAt: new Date(Date.now() - (5 * i + 1) * 3_600_000).toISOString(), ...door, accuracyM: 10, note: `走访 ${i + 1}` });
      assert.equal(r.statusCode, 201, r.body);
      assert.equal((await call('POST', `/api/partywork/logs/${id}/review`, gridWorker, { decision: 'valued' })).statusCode, 200);
    }
  }

  it('a register change and a review move the index (the outbox delivers); each value is the ledger\'s and the register\'s', async () => {
    await call('PATCH', `/api/partywork/members/${guo.id}`, admin, { posts: ['owners_committee', 'branch_committee'] });
    await valuedLogs(guo, 2);
    await vb.platform.events.flush();
    const row = await myMonth(guo);
    assert.ok(row, 'the month has a row after the review');
    assert.deepEqual(breakdown(row), await expected(guo));
    assert.equal(row.total, 10 + 10 + 5 + 5 + 6);
    assert.equal(row.valuedLogs, 2);
    assert.equal(row.formula.version, 1);
    // a member with no logs yet: base and posts only, from the registration's event
    assert.deepEqual(breakdown(await myMonth(yu)), await expected(yu));
    // a new week: the job writes its rows for every member, once
    const nextWeek = new Date(Date.now() + 7 * 86_400_000);
    assert.ok((await vb.services.partyIndex.roll(nextWeek)) >= 3);
    assert.equal(await vb.services.partyIndex.roll(nextWeek), 0);
    const weeks = (await call('GET', '/api/me/partywork/index?period=week', yu)).json().items.map((i: { periodStart: string }) => i.periodStart);
    assert.ok(weeks.includes(periodOf('week', nextWeek).start), weeks.join());
    // staff of the area see it; another district's do not
    assert.equal((await call('GET', `/api/partywork/members/${guo.id}/index?period=week`, gridWorker)).statusCode, 200);
    const far = await makeStaff(vb, 'grid_worker', (await makeArea(vb)).villages[0]);
    failed(await call('GET', `/api/partywork/members/${guo.id}/index`, far), 404, 'PARTY_MEMBER_NOT_FOUND');
  });

  it('a correction of party service points on the ledger moves the index (once, however often it is delivered)', async () => {
    const before = await myMonth(guo);
    const [log] = await vb.platform.database.raw<{ transfer_id: string }>("SELECT transfer_id FROM party_visit_logs WHERE member_id = $1 AND status = 'valued' ORDER BY reviewed_at LIMIT 1", [guo.id]);
    const id = uuidv7();
    const res = await call('POST', '/api/points/transfers', admin, { id, reversesId: log.transfer_id, amount: 2, reason: '重复打卡，更正' });
    assert.equal(res.statusCode, 200, res.body);
    await vb.platform.events.flush();
    const after = await myMonth(guo);
    assert.equal(after.servicePoints, before.servicePoints - 2);
    assert.equal(after.total, before.total - 2);
    assert.deepEqual(breakdown(after), await expected(guo));
    // the event again (at-least-once delivery): recorded once, the index unchanged
    await vb.services.partyIndex.onCorrected({ transferId: id, reversesId: log.transfer_id, ledger: 'party_service', amount: 2, holderIds: [guo.id], at: new Date().toISOString() });
    assert.equal((await myMonth(guo)).total, after.total);
    const [n] = await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM party_service_corrections WHERE member_id = $1', [guo.id]);
    assert.equal(Number(n.n), 1);
  });

  it('a deduction subtracts at once; the same decision sent twice is one', async () => {
    const id = randomUUID();
    for (let i = 0; i < 2; i++) assert.equal((await call('POST', `/api/partywork/members/${xu.id}/deductions`, admin, { id, points: 4, reason: '无故缺席组织生活' })).statusCode, 200);
    failed(await call('POST', `/api/partywork/members/${xu.id}/deductions`, gridWorker, { id: randomUUID(), points: 4, reason: '网格员不能扣分' }), 403, 'FORBIDDEN');
    assert.equal(Number((await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM party_deductions WHERE member_id = $1', [xu.id]))[0].n), 1);
    assert.deepEqual(breakdown(await myMonth(xu)), await expected(xu, 4));
  });

  it('a formula change is a new version: the open periods take it, a closed period keeps its own', async () => {
    // last year's December, computed before the change: a closed period
    const lastYear = new Date(Date.UTC(new Date().getUTCFullYear() - 1, 11, 15));
    await vb.services.partyIndex.recomputeMembers([guo.id], lastYear);
    const v2 = { ...V1, reported: 30, posts: { ...V1.posts, owners_committee: 15 } };
    const versions = async () => Number((await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM party_index_formulas', []))[0].n);
    const before = await versions();
    failed(await call('PUT', `/api/partywork/formula/${area.townships[0]}`, gridWorker, { params: v2 }), 403, 'FORBIDDEN');
    failed(await call('PUT', `/api/partywork/formula/${area.townships[0]}`, admin, { params: { ...v2, perPoint: -1 } }), 400, 'VALIDATION_FAILED');
    assert.equal(await versions(), before, 'nothing written on a refusal');
    const res = await call('PUT', `/api/partywork/formula/${area.townships[0]}`, admin, { params: v2, note: '加重报到' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().inForce.version, 1 + (res.json().versions.length - 1));
    assert.ok(res.json().recomputed >= 3 * 3);
    const now = await myMonth(guo);
    assert.equal(now.formula.params.reported, 30);
    assert.equal(now.total, (await expected(guo)).total + 20 + 10);
    // the closed period, computed again, still uses version 1
    await vb.services.partyIndex.recomputeMembers([guo.id], lastYear);
    const past = (await call('GET', `/api/partywork/members/${guo.id}/index?period=month&limit=60`, admin)).json().items.find((i: { periodStart: string }) => i.periodStart === periodOf('month', lastYear).start);
    assert.equal(past.formulaVersion, 1);
    assert.equal(past.base, V1.reported + V1.identityShown);
    // another district's members keep version 1 now too
    const other = (await call('GET', `/api/partywork/formula/${area.villages[0]}`, admin)).json();
    assert.equal(other.inForce.params.reported, 30);
    // back to version-1 weights (a third version) for the rankings below
    assert.equal((await call('PUT', `/api/partywork/formula/${area.townships[0]}`, admin, { params: V1 })).statusCode, 200);
  });

  it('rankings: by index inside the area in SQL, branches by average; another area is refused', async () => {
    // the grid worker's scope is their village: without a region, their area — 余东村's members only, 郭渭民 first
    const res = await call('GET', '/api/partywork/rankings?period=month', gridWorker);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.deepEqual(r.members.map((m: { userId: string }) => m.userId).sort(), [guo.id, xu.id].sort());
    assert.equal(r.members[0].userId, guo.id);
    assert.equal(r.members[0].name, '郭*民');
    assert.deepEqual(r.branches.map((b: { branchId: string }) => b.branchId), [yudong.id]);
    const wide = (await call('GET', `/api/partywork/rankings?region=${area.townships[0]}&period=year`, admin)).json();
    assert.deepEqual(new Set(wide.members.map((m: { userId: string }) => m.userId)), new Set([guo.id, xu.id, yu.id]));
    assert.equal(wide.branches.length, 2);
    const byBranch = (await call('GET', `/api/partywork/rankings?branchId=${zijing.id}&period=week`, admin)).json();
    assert.deepEqual(byBranch.members.map((m: { userId: string }) => m.userId), [yu.id]);
    // outside the caller's area: a region 403, a branch 404; a bad period start 400
    const far = await makeArea(vb);
    const farBranch = await makeBranch(vb, { regionCode: far.villages[0] });
    failed(await call('GET', `/api/partywork/rankings?region=${far.villages[0]}&period=month`, admin), 403, 'FORBIDDEN');
    failed(await call('GET', `/api/partywork/rankings?region=${area.townships[0]}&period=month`, gridWorker), 403, 'FORBIDDEN');
    failed(await call('GET', `/api/partywork/rankings?branchId=${farBranch.id}&period=month`, admin), 404, 'PARTY_BRANCH_NOT_FOUND');
    failed(await call('GET', `/api/partywork/rankings?region=${area.villages[0]}&period=month`, yu), 403, 'FORBIDDEN');
    failed(await call('GET', `/api/partywork/rankings?region=${area.villages[0]}&period=week&start=2026-12-02`, admin), 400, 'VALIDATION_FAILED');
  });

  it('the switch: an area set to aggregates only lists no individuals, in its own ranking or a wider one', async () => {
    failed(await call('PUT', `/api/partywork/rankings/switch/${area.villages[0]}`, gridWorker, { aggregatesOnly: true }), 403, 'FORBIDDEN');
    const sw = (await call('PUT', `/api/partywork/rankings/switch/${area.villages[0]}`, admin, { aggregatesOnly: true })).json();
    assert.deepEqual([sw.aggregatesOnly, sw.from], [true, area.villages[0]]);
    const own = (await call('GET', `/api/partywork/rankings?region=${area.villages[0]}&period=month`, admin)).json();
    assert.equal(own.aggregatesOnly, true);
    assert.deepEqual(own.members, []);
    assert.equal(own.branches[0].branchId, yudong.id);
    assert.equal(own.branches[0].members, 2);
    const wide = (await call('GET', `/api/partywork/rankings?region=${area.townships[0]}&period=month`, admin)).json();
    assert.equal(wide.aggregatesOnly, false);
    assert.deepEqual(wide.members.map((m: { userId: string }) => m.userId), [yu.id]);
    assert.equal(wide.branches.length, 2);
  });
});
