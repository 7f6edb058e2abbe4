/**
 * Party work (issue 17, backend): the register and its roster import, 联户 tasks through their states,
 * visit logs (geofence flags, the minimum gap, a queued log synced twice) and their review into party
 * service points (once, by the grid's grid worker, capped per household per week), through the HTTP
 * API on PGlite and PostgreSQL — the 孔奶奶 story of the issue.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { balanceOf } from '../src/points/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeBranch, makeHousehold, makeHouseholdTask, makePartyMember, makePhone, makeResident, makeStaff, type Area, type Branch, type PartyMember, type TestUser } from './builders/index.ts';

type Res = { statusCode: number; body: string; json(): any }; // eslint-disable-line @typescript-eslint/no-explicit-any

describeOnDatabases('party work', ({ vb }) => {
  let area: Area;
  let village: string;
  let admin: TestUser;
  let gridWorker: TestUser;
  let branch: Branch;
  let guo: PartyMember;
  let kong: Awaited<ReturnType<typeof makeHousehold>>;
  // 孔奶奶's door, somewhere in the village
  let door: { lat: number; lon: number };
  before(async () => {
    area = await makeArea(vb);
    village = area.villages[0];
    admin = await makeStaff(vb, 'admin', area.townships[0]);
    gridWorker = await makeStaff(vb, 'grid_worker', village);
    branch = await makeBranch(vb, { regionCode: village, name: '余东村党支部' });
    guo = await makePartyMember(vb, branch, { name: '郭渭民' });
    kong = await makeHousehold(vb, { village, name: '孔家', size: 2 });
    door = { lon: area.gridPoints[0][0], lat: area.gridPoints[0][1] };
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, who: { auth: Record<string, string> }, payload?: object): Promise<Res> =>
    vb.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) }) as Promise<Res>;
  const failed = (res: Res, status: number, code: string) => {
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().error.code, code);
  };
  const count = async (table: string) => Number((await vb.platform.database.raw<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`, []))[0].n);
  /** Metres north of a point, in degrees of latitude. */
  const north = (p: { lat: number; lon: number }, m: number) => ({ lat: p.lat + m / 111_195, lon: p.lon });
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

  it('registers branches (a 兼合式 residential one too) and members; staff of the area read them, names masked in lists', async () => {
    const res = await call('POST', '/api/partywork/branches', admin, { regionCode: village, name: '阳光小区兼合式党支部', kind: 'residential' });
    assert.equal(res.statusCode, 201, res.body);
    failed(await call('POST', '/api/partywork/branches', admin, { regionCode: village, name: '阳光小区兼合式党支部', kind: 'residential' }), 409, 'PARTY_BRANCH_EXISTS');
    failed(await call('POST', '/api/partywork/branches', gridWorker, { regionCode: village, name: '网格员建的', kind: 'village' }), 403, 'FORBIDDEN');
    const list = (await call('GET', `/api/partywork/members?branchId=${branch.id}`, gridWorker)).json();
    assert.equal(list.total, 1);
    assert.equal(list.items[0].name, '郭*民');
    assert.equal(list.items[0].status, 'retired');
    const one = (await call('GET', `/api/partywork/members/${guo.id}`, gridWorker)).json();
    assert.equal(one.name, '郭渭民');
    // a second registration of the same person, and a post change
    failed(await call('POST', '/api/partywork/members', admin, { userId: guo.id, branchId: branch.id, status: 'serving' }), 409, 'PARTY_MEMBER_EXISTS');
    const changed = (await call('PATCH', `/api/partywork/members/${guo.id}`, admin, { posts: ['owners_committee', 'branch_committee'] })).json();
    assert.deepEqual(changed.posts, ['owners_committee', 'branch_committee']);
    // another district's staff do not see the member
    const far = await makeArea(vb);
    const farWorker = await makeStaff(vb, 'grid_worker', far.villages[0]);
    failed(await call('GET', `/api/partywork/members/${guo.id}`, farWorker), 404, 'PARTY_MEMBER_NOT_FOUND');
    assert.equal((await call('GET', '/api/partywork/members', farWorker)).json().total, 0);
  });

  it('imports a roster all or nothing: row-level problems in both languages, nothing written', async () => {
    const before = await count('party_members');
    const csv = ['姓名,手机号,支部,状态,报到,亮身份,职务', `徐小燕,${makePhone()},余东村党支部,在职,是,是,支部委员`, '方建国,12345,余东村党支部,在职,是,否,', `余子涵,${makePhone()},不存在的支部,退休,也许,否,村长`].join('\n');
    const res = await call('POST', '/api/partywork/members/import', admin, { regionCode: village, csv });
    failed(res, 422, 'PARTY_IMPORT_INVALID');
    const rows = res.json().error.details.rows as { row: number; field: string; code: string; zh: string; en: string }[];
    assert.deepEqual(rows.map((r) => `${r.row}:${r.code}`).sort(), ['3:PHONE_INVALID', '4:FLAG_INVALID', '4:POST_UNKNOWN'].sort());
    assert.ok(rows.every((r) => r.zh && r.en));
    assert.equal(await count('party_members'), before);
  });

  it('imports 708 members (people made for unknown phones), and again as updates', async () => {
    const header = '姓名,手机号,支部,状态,报到,亮身份,职务,组织关系所在';
    const statuses = ['在职', '退休', '流动'];
    const lines = Array.from({ length: 708 }, (_, i) => `党员${i},${makePhone()},余东村党支部,${statuses[i % 3]},${i % 2 ? '是' : '否'},是,${i % 50 === 0 ? '支部委员' : ''},${i % 7 === 0 ? '"衢州市机关一支部, 第二党小组"' : ''}`);
    // a person who has an account already (no 党员 role yet) is linked, not made again
    const known = await makeResident(vb, village);
    lines[5] = `徐秀英,${known.phone},余东村党支部,在职,是,是,,`;
    const csv = [header, ...lines].join('\r\n');
    const dry = (await call('POST', '/api/partywork/members/import', admin, { regionCode: village, csv, dryRun: true })).json();
    assert.equal(dry.peopleCreated, 707);
    assert.deepEqual(dry.withoutRole, [7]);
    const t0 = performance.now();
    const res = await call('POST', '/api/partywork/members/import', admin, { regionCode: village, csv });
    const ms = performance.now() - t0;
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { dryRun: false, rows: 708, created: 708, updated: 0, peopleCreated: 707, withoutRole: [7] });
    console.log(`roster import: 708 members in ${Math.round(ms)} ms`);
    const t1 = performance.now();
    const again = (await call('POST', '/api/partywork/members/import', admin, { regionCode: village, csv })).json();
    console.log(`roster import again: 708 known people in ${Math.round(performance.now() - t1)} ms`);
    assert.deepEqual([again.created, again.updated, again.peopleCreated], [0, 708, 0]);
    // people made in bulk: a phone that has an account already answers that account, made once
    const fresh = makePhone();
    const ids = await vb.services.users.createResidents(null, [
      { displayName: '徐秀英', phone: `+86 ${known.phone}`, homeRegionCode: village, roles: ['party_member'] },
      { displayName: '新人', phone: fresh, homeRegionCode: village, roles: ['party_member', 'resident'] },
      { displayName: '新人', phone: fresh, homeRegionCode: village, roles: ['party_member'] },
    ]);
    assert.equal(ids[`+86 ${known.phone}`], known.id);
    assert.equal(Number((await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE phone = $1', [fresh]))[0].n), 1);
    assert.ok(ids[fresh]);
    const page = (await call('GET', `/api/partywork/members?branchId=${branch.id}&limit=200`, admin)).json();
    assert.equal(page.total, 709);
  });

  let taskId: string;
  it('联户: the grid worker publishes a task for 孔奶奶, 郭渭民 claims it, the grid worker accepts; wrong moves are refused', async () => {
    const res = await call('POST', '/api/partywork/tasks', gridWorker, { kind: 'household', householdId: kong.household.id, frequencyDays: 5, ...door });
    assert.equal(res.statusCode, 201, res.body);
    const task = res.json();
    taskId = task.id;
    assert.equal(task.state, 'open');
    assert.equal(task.regionCode, village);
    failed(await call('POST', '/api/partywork/tasks', gridWorker, { kind: 'household', frequencyDays: 5 }), 422, 'PARTY_TASK_INVALID');
    // the member's page lists it as open in their branch's area
    const mine = (await call('GET', '/api/me/partywork', guo)).json();
    assert.ok(mine.openTasks.some((t: { id: string }) => t.id === taskId));
    // a log before the task is accepted is refused
    failed(await call('POST', '/api/partywork/logs', guo, { id: randomUUID(), taskId, visitedAt: hoursAgo(1), ...door, accuracyM: 10, note: '看望' }), 403, 'PARTY_LOG_NOT_YOUR_TASK');
    failed(await call('POST', `/api/partywork/tasks/${taskId}/accept`, gridWorker), 409, 'PARTY_TASK_STATE');
    assert.equal((await call('POST', `/api/partywork/tasks/${taskId}/claim`, guo)).json().state, 'claimed');
    const other = await makePartyMember(vb, branch, { name: '余仁洪' });
    failed(await call('POST', `/api/partywork/tasks/${taskId}/claim`, other), 409, 'PARTY_TASK_STATE');
    failed(await call('POST', `/api/partywork/tasks/${taskId}/release`, other), 403, 'PARTY_TASK_NOT_YOURS');
    const accepted = (await call('POST', `/api/partywork/tasks/${taskId}/accept`, gridWorker)).json();
    assert.equal(accepted.state, 'active');
    assert.equal(accepted.memberName, '郭渭民');
    // a 联楼 task nobody claimed can be closed, with a reason
    const building = (await call('POST', '/api/partywork/tasks', gridWorker, { kind: 'building', subject: '上余 3幢', regionCode: area.grids[0], frequencyDays: 14 })).json();
    assert.equal(building.regionCode, area.grids[0]);
    failed(await call('POST', `/api/partywork/tasks/${building.id}/close`, gridWorker, { reason: ' ' }), 400, 'VALIDATION_FAILED');
    const closed = (await call('POST', `/api/partywork/tasks/${building.id}/close`, gridWorker, { reason: '楼已拆迁' })).json();
    assert.deepEqual([closed.state, closed.memberId, closed.reason], ['closed', null, '楼已拆迁']);
    // per member and per household
    assert.equal((await call('GET', `/api/partywork/tasks?memberId=${guo.id}`, gridWorker)).json().total, 1);
    assert.equal((await call('GET', `/api/partywork/tasks?householdId=${kong.household.id}`, gridWorker)).json().items[0].id, taskId);
  });

  let nearLog: string;
  let farLog: string;
  it('走亲打卡: near the door it is clean, 300 m away it is flagged (not dropped); a log synced twice is stored once; too soon is refused', async () => {
    nearLog = randomUUID();
    const body = { id: nearLog, taskId, visitedAt: hoursAgo(30), ...north(door, 40), accuracyM: 12, note: '孔奶奶说头晕，血压偏高', needs: ['health'] };
    const first = await call('POST', '/api/partywork/logs', guo, body);
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual(first.json().log.flags, []);
    assert.ok(Math.abs(first.json().log.distanceM - 40) < 1);
    const again = await call('POST', '/api/partywork/logs', guo, body);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().existed, true);
    assert.equal(Number((await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM party_visit_logs WHERE id = $1', [nearLog]))[0].n), 1);
    // another member reusing the id: refused
    failed(await call('POST', '/api/partywork/logs', guo, { ...body, taskId: randomUUID() }), 409, 'PARTY_LOG_ID_TAKEN');
    farLog = randomUUID();
    const far = (await call('POST', '/api/partywork/logs', guo, { ...body, id: farLog, visitedAt: hoursAgo(6), ...north(door, 300), note: '送药' })).json();
    assert.deepEqual(far.log.flags, ['outside_geofence']);
    const soon = await call('POST', '/api/partywork/logs', guo, { ...body, id: randomUUID(), visitedAt: hoursAgo(5), note: '又来了' });
    failed(soon, 409, 'PARTY_VISIT_TOO_SOON');
    assert.ok(soon.json().error.details.nextAt);
    failed(await call('POST', '/api/partywork/logs', guo, { ...body, id: randomUUID(), visitedAt: new Date(Date.now() + 3_600_000).toISOString() }), 422, 'PARTY_VISIT_TIME_INVALID');
    // a task without a point: the member's point is kept, flagged
    const bare = await makeHouseholdTask(vb, { gridWorkerId: gridWorker.id, householdId: (await makeHousehold(vb, { village })).household.id, member: guo });
    const noPoint = (await call('POST', '/api/partywork/logs', guo, { ...body, id: randomUUID(), taskId: bare.id, visitedAt: hoursAgo(2) })).json();
    assert.deepEqual(noPoint.log.flags, ['no_household_point']);
    assert.equal(noPoint.log.distanceM, null);
  });

  it('review: 真实有价值 pays 3 party service points once; a second review is 409, an outsider 403, a rejection needs a reason', async () => {
    const far = await makeArea(vb);
    const outsider = await makeStaff(vb, 'grid_worker', far.villages[0]);
    failed(await call('POST', `/api/partywork/logs/${nearLog}/review`, outsider, { decision: 'valued' }), 403, 'PARTY_NOT_GRID_WORKER');
    failed(await call('POST', `/api/partywork/logs/${farLog}/review`, gridWorker, { decision: 'rejected' }), 422, 'PARTY_REASON_REQUIRED');
    const queue = (await call('GET', `/api/partywork/logs?status=pending&memberId=${guo.id}`, gridWorker)).json();
    assert.ok(queue.items.some((l: { id: string }) => l.id === nearLog));
    const res = await call('POST', `/api/partywork/logs/${nearLog}/review`, gridWorker, { decision: 'valued' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().points, 3);
    assert.ok(res.json().transferId);
    failed(await call('POST', `/api/partywork/logs/${nearLog}/review`, gridWorker, { decision: 'valued' }), 409, 'PARTY_LOG_REVIEWED');
    const rejected = (await call('POST', `/api/partywork/logs/${farLog}/review`, gridWorker, { decision: 'rejected', reason: '定位不在孔奶奶家' })).json();
    assert.equal(rejected.status, 'rejected');
    const account = await vb.services.points.accountOf(guo.id, 'party_service');
    assert.equal(balanceOf(account), 3);
    // the member reads it as his own 服务积分 (the phone's total), with the review's line
    const own = (await call('GET', '/api/me/points?ledger=party_service', guo)).json();
    assert.deepEqual([own.ledger, own.spendable, own.history.items.length], ['party_service', 3, 1]);
    const mine = (await call('GET', '/api/me/partywork/logs', guo)).json();
    assert.deepEqual(mine.items.map((l: { status: string }) => l.status).sort(), ['pending', 'rejected', 'valued']);
  });

  it('races: a queued log synced twice at once is stored once; two reviews of one log at once pay once', async () => {
    const member = await makePartyMember(vb, branch, { name: '孔秀英' });
    const task = await makeHouseholdTask(vb, { gridWorkerId: gridWorker.id, householdId: (await makeHousehold(vb, { village })).household.id, member, point: door });
    const body = { id: randomUUID(), taskId: task.id, visitedAt: hoursAgo(3), ...door, accuracyM: 9, note: '离线时记的' };
    const syncs = await Promise.all([call('POST', '/api/partywork/logs', member, body), call('POST', '/api/partywork/logs', member, body)]);
    assert.deepEqual(syncs.map((r) => r.statusCode).sort(), [200, 201], syncs.map((r) => r.body).join('\n'));
    assert.equal(Number((await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM party_visit_logs WHERE task_id = $1', [task.id]))[0].n), 1);
    const reviews = await Promise.all([
      call('POST', `/api/partywork/logs/${body.id}/review`, gridWorker, { decision: 'valued' }),
      call('POST', `/api/partywork/logs/${body.id}/review`, gridWorker, { decision: 'valued' }),
    ]);
    assert.deepEqual(reviews.map((r) => r.statusCode).sort(), [200, 409], reviews.map((r) => r.body).join('\n'));
    assert.equal(balanceOf(await vb.services.points.accountOf(member.id, 'party_service')), 3);
    // the ledger holds one transfer for the log
    const [t] = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM points_transfers WHERE business_key = $1", [`partywork.visit:${body.id}`]);
    assert.equal(Number(t.n), 1);
  });

  it('the weekly cap: over it the log is valued, scores 0 and says why', async () => {
    failed(await call('PUT', `/api/partywork/settings/${village}`, gridWorker, { weeklyCap: 1, geofenceM: 100, minGapMinutes: 60, pointsPerLog: 3 }), 403, 'FORBIDDEN');
    const s = (await call('PUT', `/api/partywork/settings/${village}`, admin, { weeklyCap: 1, geofenceM: 100, minGapMinutes: 60, pointsPerLog: 3 })).json();
    assert.equal(s.from, village);
    // a fresh member and task, two logs the same day (a week can start at any hour of the run)
    const member = await makePartyMember(vb, branch, { name: '方小燕' });
    const task = await makeHouseholdTask(vb, { gridWorkerId: gridWorker.id, householdId: (await makeHousehold(vb, { village })).household.id, member, point: door });
    const at = new Date(Date.now() - 3 * 3_600_000);
    const ids = [randomUUID(), randomUUID()];
    for (const [i, id] of ids.entries()) {
      const r = await call('POST', '/api/partywork/logs', member, { id, taskId: task.id, visitedAt: new Date(at.getTime() + i * 61 * 60_000).toISOString(), ...door, accuracyM: 8, note: `第${i + 1}次` });
      assert.equal(r.statusCode, 201, r.body);
    }
    const first = (await call('POST', `/api/partywork/logs/${ids[0]}/review`, gridWorker, { decision: 'valued' })).json();
    const second = (await call('POST', `/api/partywork/logs/${ids[1]}/review`, gridWorker, { decision: 'valued' })).json();
    // the two may fall either side of Monday 00:00: then both score
    const sameWeek = (await import('../src/partywork/visit-rules.ts')).weekStart(new Date(first.visitedAt)).getTime() === (await import('../src/partywork/visit-rules.ts')).weekStart(new Date(second.visitedAt)).getTime();
    assert.equal(first.points, 3);
    assert.equal(second.status, 'valued');
    if (sameWeek) {
      assert.equal(second.points, 0);
      assert.match(second.pointsNote.zh, /本周该户已计满 1 次/);
      assert.equal(second.transferId, null);
    }
    assert.equal(balanceOf(await vb.services.points.accountOf(member.id, 'party_service')), sameWeek ? 3 : 6);
    await vb.platform.events.flush();
  });
});
