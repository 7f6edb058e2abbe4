/**
 * Party work's duties (issue 17, part 6) on PGlite and PostgreSQL: an exemption decided by the branch
 * counts only once the township above approves it (the village's own administrator cannot); a log left
 * unreviewed more than 3 working days — a Friday's, over the 清明 holiday — escalates to the community
 * once; a member with no visit for 30 days puts a reminder before the branch secretary once per 30 days
 * (never an exempted member); targets scale with households and leave exempted members out; the monthly
 * summaries are written on the first working day, correct, and once.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeBranch, makeHousehold, makeHouseholdTask, makePartyMember, makeStaff, type Area, type Branch, type PartyMember, type TestUser } from './builders/index.ts';

type Res = { statusCode: number; body: string; json(): any }; // eslint-disable-line @typescript-eslint/no-explicit-any
const DAY = 86_400_000;
const sh = (local: string) => new Date(`${local}+08:00`);

describeOnDatabases('party work duties', ({ vb }) => {
  let area: Area;
  let village: string;
  let villageAdmin: TestUser;
  let townshipAdmin: TestUser;
  let communityLeader: TestUser;
  let gridWorker: TestUser;
  let branch: Branch;
  let secretary: PartyMember;
  let guo: PartyMember; // exempted
  let chen: PartyMember; // last visit in April: inactive
  let lin: PartyMember; // visits this month
  const tasks: Record<string, string> = {};
  let point: { lat: number; lon: number };

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, who: { auth: Record<string, string> }, payload?: object): Promise<Res> =>
    vb.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) }) as Promise<Res>;
  const failed = (res: Res, status: number, code: string) => {
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().error.code, code);
  };
  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    Number((await vb.platform.database.raw<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params))[0].n);
  const actor = (u: { id: string }) => vb.services.users.actorOf(u.id);
  const logVisit = async (m: PartyMember, taskId: string, visitedAt: Date, now = new Date(visitedAt.getTime() + 60_000)) =>
    (await vb.services.partyVisits.log(await actor(m), { id: randomUUID(), taskId, visitedAt: visitedAt.toISOString(), ...point, accuracyM: 8, note: '走访，一切都好' }, now)).log;
  const bell = async (who: { auth: Record<string, string> }): Promise<{ title: string; link: string | null }[]> => {
    await vb.platform.events.flush();
    return (await call('GET', '/api/notifications', who)).json().items;
  };

  before(async () => {
    area = await makeArea(vb);
    village = area.villages[0];
    villageAdmin = await makeStaff(vb, 'admin', village);
    townshipAdmin = await makeStaff(vb, 'admin', area.townships[0]);
    communityLeader = await makeStaff(vb, 'leader', village);
    gridWorker = await makeStaff(vb, 'grid_worker', village);
    branch = await makeBranch(vb, { regionCode: village, name: '余东村党支部' });
    secretary = await makePartyMember(vb, branch, { name: '余书记', status: 'serving' });
    await vb.services.partyRegister.update(await actor(villageAdmin), secretary.id, { posts: ['branch_secretary'] });
    guo = await makePartyMember(vb, branch, { name: '郭渭民' });
    chen = await makePartyMember(vb, branch, { name: '陈水根' });
    lin = await makePartyMember(vb, branch, { name: '林小芳', status: 'serving' });
    point = { lon: area.gridPoints[0][0], lat: area.gridPoints[0][1] };
    for (const [m, name] of [[guo, '孔家'], [chen, '徐家'], [lin, '方家']] as const) {
      const h = await makeHousehold(vb, { village, name, size: 2 });
      tasks[m.id] = (await makeHouseholdTask(vb, { gridWorkerId: gridWorker.id, householdId: h.household.id, point, member: m })).id;
    }
  });

  it('an exemption counts once the township above approves it: the village cannot approve its own; bad inputs write nothing', async () => {
    const url = `/api/partywork/members/${guo.id}/exemptions`;
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const before = await count('party_exemptions');
    failed(await call('POST', url, villageAdmin, { reason: '', decidedOn: today }), 400, 'VALIDATION_FAILED');
    failed(await call('POST', url, villageAdmin, { reason: '长期住院', decidedOn: '2026-13-45' }), 400, 'VALIDATION_FAILED');
    failed(await call('POST', url, villageAdmin, { reason: '长期住院', decidedOn: today, extra: 1 }), 400, 'VALIDATION_FAILED');
    failed(await call('POST', url, villageAdmin, { reason: '长期住院', decidedOn: '2099-01-01' }), 422, 'PARTY_EXEMPTION_DATES');
    failed(await call('POST', url, villageAdmin, { reason: '长期住院', decidedOn: today, until: '2020-01-01' }), 422, 'PARTY_EXEMPTION_DATES');
    failed(await call('POST', url, gridWorker, { reason: '长期住院', decidedOn: today }), 403, 'FORBIDDEN');
    assert.equal(await count('party_exemptions'), before);

    const res = await call('POST', url, villageAdmin, { reason: '长期住院（支部委员会决定）', decidedOn: today });
    assert.equal(res.statusCode, 201, res.body);
    const ex = res.json();
    assert.deepEqual([ex.status, ex.inForce, ex.memberName], ['pending', false, '郭*民']);
    failed(await call('POST', url, villageAdmin, { reason: '再报一次', decidedOn: today }), 409, 'PARTY_EXEMPTION_PENDING');
    assert.equal((await call('GET', `/api/partywork/members/${guo.id}`, gridWorker)).json().exempt, false);

    // the village's own administrator holds the permission but not the level; a grid worker neither
    failed(await call('POST', `/api/partywork/exemptions/${ex.id}/decision`, villageAdmin, { decision: 'approved' }), 403, 'PARTY_EXEMPTION_LEVEL');
    failed(await call('POST', `/api/partywork/exemptions/${ex.id}/decision`, gridWorker, { decision: 'approved' }), 403, 'FORBIDDEN');
    failed(await call('POST', `/api/partywork/exemptions/${ex.id}/decision`, townshipAdmin, { decision: 'maybe' }), 400, 'VALIDATION_FAILED');
    const far = await makeArea(vb);
    failed(await call('POST', `/api/partywork/exemptions/${ex.id}/decision`, await makeStaff(vb, 'admin', far.townships[0]), { decision: 'approved' }), 404, 'PARTY_EXEMPTION_NOT_FOUND');
    assert.equal(await count('party_exemptions', "status = 'pending'"), 1);

    const ok = await call('POST', `/api/partywork/exemptions/${ex.id}/decision`, townshipAdmin, { decision: 'approved', note: '同意' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual([ok.json().status, ok.json().inForce], ['approved', true]);
    failed(await call('POST', `/api/partywork/exemptions/${ex.id}/decision`, townshipAdmin, { decision: 'rejected' }), 409, 'PARTY_EXEMPTION_DECIDED');
    assert.equal((await call('GET', `/api/partywork/members/${guo.id}`, gridWorker)).json().exempt, true);
    const mine = (await call('GET', '/api/me/partywork/duties', guo)).json();
    assert.equal(mine.exemption.inForce, true);
    const list = (await call('GET', `/api/partywork/exemptions?region=${village}&status=approved`, gridWorker)).json();
    assert.deepEqual(list.items.map((e: { id: string }) => e.id), [ex.id]);
  });

  it('a Friday log over the 清明 holiday escalates after exactly 3 working days, once, and the community is told', async () => {
    // received Friday 3 April 2026 at 10:00; 4–6 April are 清明: due at the end of Thursday 9 April (17:30)
    const log = await logVisit(chen, tasks[chen.id], sh('2026-04-03T09:30:00'), sh('2026-04-03T10:00:00'));
    const escalated = () => count('party_review_escalations', 'log_id = $1', [log.id]);
    assert.equal(vb.services.partyDuties.reviewDue(new Date(log.receivedAt)).toISOString(), sh('2026-04-09T17:30:00').toISOString());
    await vb.services.partyDuties.escalateReviews(sh('2026-04-08T18:00:00'));
    await vb.services.partyDuties.escalateReviews(sh('2026-04-09T17:29:00'));
    assert.equal(await escalated(), 0);
    const first = await vb.services.partyDuties.escalateReviews(sh('2026-04-09T17:31:00'));
    assert.equal(first.escalated, 1);
    assert.equal(await escalated(), 1);
    const told = (await bell(communityLeader)).filter((n) => n.title.includes('超过 3 个工作日'));
    assert.equal(told.length, 1);
    // once: a rerun, a day later, writes and tells nothing more
    assert.deepEqual(await vb.services.partyDuties.escalateReviews(sh('2026-04-10T09:00:00')), { escalated: 0, told: 0 });
    assert.equal((await bell(communityLeader)).filter((n) => n.title.includes('超过 3 个工作日')).length, 1);
    // the grid worker's queue mark and the community's list
    const overdue = (await call('GET', `/api/partywork/reviews/overdue?region=${village}`, communityLeader)).json();
    const item = overdue.items.find((i: { logId: string }) => i.logId === log.id);
    assert.ok(item, JSON.stringify(overdue));
    assert.equal(item.escalatedAt, sh('2026-04-09T17:31:00').toISOString());
    assert.equal(item.memberName, '陈*根');
    assert.ok((await call('GET', '/api/partywork/reviews/overdue', gridWorker)).json().items.some((i: { logId: string }) => i.logId === log.id));
    // another district's staff do not see it
    const far = await makeArea(vb);
    assert.equal((await call('GET', '/api/partywork/reviews/overdue', await makeStaff(vb, 'leader', far.villages[0]))).json().items.length, 0);
  });

  it('no visit for 30 days: a reminder to the branch secretary, once per 30 days, never for an exempted member', async () => {
    await logVisit(lin, tasks[lin.id], new Date(Date.now() - 60_000), new Date());
    // the members have been in the register for two months
    await vb.platform.database.raw("UPDATE party_members SET created_at = now() - interval '60 days' WHERE branch_id = $1", [branch.id]);
    const now = new Date();
    const duties = (who: PartyMember) => count('party_duties', 'member_id = $1', [who.id]);
    await vb.services.partyDuties.remindInactive(now);
    assert.equal(await duties(chen), 1); // last visit in April
    assert.equal(await duties(guo), 0); // exempted
    assert.equal(await duties(lin), 0); // visited a minute ago
    const [row] = await vb.platform.database.raw<{ secretary_id: string }>('SELECT secretary_id FROM party_duties WHERE member_id = $1', [chen.id]);
    assert.equal(row.secretary_id, secretary.id);
    assert.ok((await bell(secretary)).some((n) => n.title === '请关心党员 陈水根'));
    const page = (await call('GET', '/api/me/partywork/duties', secretary)).json();
    assert.equal(page.secretary, true);
    assert.ok(page.care.some((d: { memberName: string }) => d.memberName === '陈水根'), JSON.stringify(page.care));
    assert.deepEqual((await call('GET', '/api/me/partywork/duties', chen)).json().care, []);
    // within 30 days: nothing more; after them: once more
    await vb.services.partyDuties.remindInactive(new Date(now.getTime() + DAY));
    await vb.services.partyDuties.remindInactive(new Date(now.getTime() + 29 * DAY));
    assert.equal(await duties(chen), 1);
    await vb.services.partyDuties.remindInactive(new Date(now.getTime() + 31 * DAY));
    assert.equal(await duties(chen), 2);
    assert.equal(await duties(guo), 0);
    // the secretary marks one done; another member cannot
    const id = page.care.find((d: { memberName: string }) => d.memberName === '陈水根').id;
    failed(await call('POST', `/api/partywork/duties/${id}/done`, chen), 404, 'PARTY_DUTY_NOT_FOUND');
    const done = await call('POST', `/api/partywork/duties/${id}/done`, secretary);
    assert.equal(done.statusCode, 200, done.body);
    assert.ok(done.json().doneAt);
  });

  it('targets scale with households and leave exempted members out; the member sees their month', async () => {
    let t = (await call('GET', `/api/partywork/targets?region=${village}`, gridWorker)).json();
    const areaRow = t.areas.find((a: { regionCode: string }) => a.regionCode.startsWith(village.slice(0, 12)));
    // 孔家 (郭渭民, exempted) is left out: 徐家 and 方家, 2 visits a household by default
    assert.deepEqual([areaRow.households, areaRow.rate, areaRow.target, areaRow.visits], [2, 2, 4, 1]);
    assert.equal(t.members.find((m: { key: string }) => m.key === guo.id).exempt, true);
    failed(await call('PUT', `/api/partywork/targets/${village}`, villageAdmin, { visitsPerHousehold: 40 }), 400, 'VALIDATION_FAILED');
    failed(await call('PUT', `/api/partywork/targets/${village}`, gridWorker, { visitsPerHousehold: 3 }), 403, 'FORBIDDEN');
    const put = await call('PUT', `/api/partywork/targets/${village}`, villageAdmin, { visitsPerHousehold: 3 });
    assert.equal(put.statusCode, 200, put.body);
    t = (await call('GET', `/api/partywork/targets?region=${village}`, gridWorker)).json();
    assert.equal(t.areas[0].target, 6);
    const mine = (await call('GET', '/api/me/partywork/duties', lin)).json();
    assert.deepEqual([mine.progress.households, mine.progress.target, mine.progress.visits], [1, 3, 1]);
    assert.equal((await call('GET', '/api/me/partywork/duties', guo)).json().progress.exempt, true);
  });

  it('monthly summaries: written on the first working day, correct against the month before, and once', async () => {
    // a branch of another village whose members served through the spring of 2026
    const v2 = area.villages[1];
    const gw2 = await makeStaff(vb, 'grid_worker', v2);
    const b2 = await makeBranch(vb, { regionCode: v2, name: '红旗村党支部' });
    const a = await makePartyMember(vb, b2, { name: '何建华' });
    await makePartyMember(vb, b2, { name: '何秀英' });
    await vb.platform.database.raw("UPDATE party_members SET created_at = '2026-01-01T00:00:00+08:00' WHERE branch_id = $1", [b2.id]);
    const h = await makeHousehold(vb, { village: v2, name: '毛家', size: 1 });
    const task = await makeHouseholdTask(vb, { gridWorkerId: gw2.id, householdId: h.household.id, point, member: a });
    const review = async (id: string, decision: 'valued' | 'rejected', at: Date) =>
      vb.services.partyVisits.review(await actor(gw2), id, decision === 'valued' ? { decision } : { decision, reason: '照片看不清' }, at);
    await review((await logVisit(a, task.id, sh('2026-03-20T10:00:00'))).id, 'valued', sh('2026-03-21T10:00:00'));
    await review((await logVisit(a, task.id, sh('2026-04-08T10:00:00'))).id, 'valued', sh('2026-04-16T10:00:00'));
    await review((await logVisit(a, task.id, sh('2026-04-15T10:00:00'))).id, 'rejected', sh('2026-04-16T11:00:00'));
    await vb.platform.events.flush();

    // 1–5 May 2026 are the Labour Day holiday: nothing on the 1st, April's on the 6th
    assert.equal(vb.services.partySummaries.firstWorkingDay(sh('2026-05-01T12:00:00')), '2026-05-06');
    assert.deepEqual(await vb.services.partySummaries.generate(sh('2026-05-01T12:00:00')), { month: null, written: 0 });
    const made = await vb.services.partySummaries.generate(sh('2026-05-06T01:30:00'));
    assert.deepEqual(made, { month: '2026-04-01', written: 3 }); // two members and their branch
    assert.deepEqual(await vb.services.partySummaries.generate(sh('2026-05-07T01:30:00')), { month: '2026-04-01', written: 0 });
    assert.equal(await count('party_summaries', 'branch_id = $1', [b2.id]), 3);

    const [idx] = await vb.platform.database.raw<{ total: number }>("SELECT total FROM party_member_index WHERE user_id = $1 AND period_kind = 'month' AND period_start = '2026-04-01'", [a.id]);
    const mine = (await call('GET', '/api/me/partywork/duties', a)).json().summaries;
    assert.equal(mine.length, 1);
    assert.deepEqual({ ...mine[0], createdAt: undefined, subjectId: undefined, branchId: undefined, regionCode: undefined }, {
      kind: 'member', month: '2026-04-01', members: 1, exempt: 0, visits: 2, valued: 1, points: 3, index: Number(idx?.total ?? 0),
      previous: { visits: 1, valued: 1, points: 3, index: mine[0].previous.index }, createdAt: undefined, subjectId: undefined, branchId: undefined, regionCode: undefined,
    });
    const branchPage = (await call('GET', `/api/partywork/branches/${b2.id}/summaries`, gw2)).json();
    assert.deepEqual([branchPage.items[0].members, branchPage.items[0].visits, branchPage.items[0].valued, branchPage.items[0].points, branchPage.items[0].previous.visits], [2, 2, 1, 3, 1]);
    assert.equal(branchPage.members.length, 2);
    failed(await call('GET', `/api/partywork/branches/${b2.id}/summaries`, await makeStaff(vb, 'grid_worker', (await makeArea(vb)).villages[0])), 404, 'PARTY_BRANCH_NOT_FOUND');
  });
});
