/**
 * The community/street party-work console (党建工作台, issue 17), on PGlite and PostgreSQL: four months of
 * visits written on their own clocks and reviewed a day later; the 12-month trend, the branches' and
 * members' month figures and the tasks' visits equal a recount of the stored logs; staff of another
 * township see nothing of it (403, 404, empty lists); the 先锋考评 sheet opens with exceljs, its rows are
 * the members' figures (recounted here, the index from the member's own index page), the same figures
 * give the same bytes and the download is audited; bad inputs are a 400 that writes nothing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { readXlsxRows } from '../src/platform/xlsx.ts';
import { periodOf } from '../src/partywork/periods.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeBranch, makeHousehold, makePartyMember, makeStaff, type Area, type Branch, type PartyMember, type TestUser } from './builders/index.ts';

type Res = { statusCode: number; body: string; rawPayload: Buffer; headers: Record<string, unknown>; json(): any }; // eslint-disable-line @typescript-eslint/no-explicit-any
const DAY = 86_400_000;
const monthOf = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
const yearOf = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).getUTCFullYear();

describeOnDatabases('party work: the community/street console and the 先锋考评 sheet', ({ vb }) => {
  let area: Area;
  let leader: TestUser;
  let farLeader: TestUser;
  let yudong: Branch;
  let zijing: Branch;
  let guo: PartyMember;
  let xu: PartyMember;
  let yu: PartyMember;
  const now = new Date();

  const call = (url: string, who: { auth: Record<string, string> }): Promise<Res> => vb.app.inject({ method: 'GET', url, headers: who.auth }) as unknown as Promise<Res>;
  const ok = async (url: string, who: { auth: Record<string, string> }) => {
    const r = await call(url, who);
    assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
    return r;
  };
  const rows = <T>(q: ReturnType<typeof sql>) => vb.platform.database.query<T>(q);

  /** A 联户 task accepted `daysBack` days ago, and a visit every `gap` days since, each reviewed a day later (the last few left waiting). */
  async function history(member: PartyMember, village: number, grid: TestUser, daysBack: number, gap: number, decide: (k: number) => 'valued' | 'rejected' | null) {
    const door = { lon: area.gridPoints[village * 2][0], lat: area.gridPoints[village * 2][1] };
    const gw = await vb.services.users.actorOf(grid.id);
    const me = await vb.services.users.actorOf(member.id);
    const start = new Date(now.getTime() - daysBack * DAY);
    const household = (await makeHousehold(vb, { village: area.villages[village], size: 1 })).household;
    const task = await vb.services.partyTasks.publish(gw, { kind: 'household', householdId: household.id, frequencyDays: 7, ...door }, start);
    await vb.services.partyTasks.act(me, task.id, 'claim', undefined, new Date(start.getTime() + 3_600_000));
    await vb.services.partyTasks.act(gw, task.id, 'accept', undefined, new Date(start.getTime() + 2 * 3_600_000));
    for (let k = 0, t = start.getTime() + DAY; t < now.getTime() - 3_600_000; k++, t += gap * DAY) {
      const id = randomUUID();
      await vb.services.partyVisits.log(me, { id, taskId: task.id, visitedAt: new Date(t).toISOString(), ...door, accuracyM: 10, note: `走访 ${k + 1}` }, new Date(t + 600_000));
      const decision = t + DAY < now.getTime() ? decide(k) : null;
      if (decision) await vb.services.partyVisits.review(gw, id, { decision, reason: decision === 'rejected' ? '记录太简单' : undefined }, new Date(t + DAY));
    }
    return task;
  }

  before(async () => {
    area = await makeArea(vb);
    leader = await makeStaff(vb, 'leader', area.townships[0]);
    farLeader = await makeStaff(vb, 'leader', area.townships[1]);
    const grid0 = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const grid1 = await makeStaff(vb, 'grid_worker', area.villages[1]);
    yudong = await makeBranch(vb, { regionCode: area.villages[0], name: '余东村党支部' });
    zijing = await makeBranch(vb, { regionCode: area.villages[1], name: '学苑新村兼合式党支部', kind: 'residential' });
    guo = await makePartyMember(vb, yudong, { name: '郭渭民' });
    xu = await makePartyMember(vb, yudong, { name: '徐小燕', status: 'serving' });
    yu = await makePartyMember(vb, zijing, { name: '余仁洪' });
    await vb.services.partyRegister.update(await vb.services.users.actorOf((await makeStaff(vb, 'admin', area.townships[0])).id), guo.id, { posts: ['branch_secretary'] });
    // 郭渭民: 130 days of weekly visits (every fifth sent back); 余仁洪: 50 days, every ten; 徐小燕 none
    await history(guo, 0, grid0, 130, 7, (k) => (k % 5 === 4 ? 'rejected' : 'valued'));
    await history(yu, 1, grid1, 50, 10, () => 'valued');
    await vb.platform.events.flush();
  });

  /** The stored logs of the test's district, as the recount's input. */
  const logs = () => rows<{ member_id: string; region_code: string; visited_at: string | Date; status: string; task_id: string }>(
    sql`SELECT member_id, region_code, visited_at, status, task_id FROM party_visit_logs WHERE region_code LIKE ${`${area.district.slice(0, 6)}%`}`);

  it('the 12-month trend equals a recount of the logs, month by month in China\'s time, for the area and for one village', async () => {
    const all = await logs();
    assert.ok(all.length >= 20, `${all.length} logs`);
    for (const region of [undefined, area.villages[1]]) {
      const trend = (await ok(`/api/partywork/trend${region ? `?region=${region}` : ''}`, leader)).json();
      assert.equal(trend.months.length, 12);
      assert.equal(trend.months[11].month, monthOf(now));
      assert.equal(trend.months[0].from, periodOf('month', new Date(Date.parse(`${trend.months[0].month}-15T00:00:00+08:00`))).from.toISOString());
      for (const m of trend.months) {
        const mine = all.filter((l) => (!region || l.region_code.startsWith(region)) && monthOf(new Date(l.visited_at)) === m.month);
        assert.deepEqual(
          { logged: m.logged, valued: m.valued, rejected: m.rejected, pending: m.pending, members: m.members },
          { logged: mine.length, valued: mine.filter((l) => l.status === 'valued').length, rejected: mine.filter((l) => l.status === 'rejected').length, pending: mine.filter((l) => l.status === 'pending').length, members: new Set(mine.map((l) => l.member_id)).size },
          `${region ?? 'all'} ${m.month}`);
      }
      const total = trend.months.reduce((s: number, m: { logged: number }) => s + m.logged, 0);
      assert.equal(total, all.filter((l) => !region || l.region_code.startsWith(region)).length);
    }
  });

  it('branches, members and tasks carry this month\'s figures, recounted; names are masked; search and filters narrow', async () => {
    const all = await logs();
    const thisMonth = all.filter((l) => monthOf(new Date(l.visited_at)) === monthOf(now));
    const summary = (await ok(`/api/partywork/branches/summary?region=${area.townships[0]}`, leader)).json();
    const b0 = summary.items.find((b: { id: string }) => b.id === yudong.id);
    const b1 = summary.items.find((b: { id: string }) => b.id === zijing.id);
    assert.equal(summary.items.length, 2);
    assert.equal(b1.kind, 'residential');
    assert.equal(b0.memberCount, 2);
    for (const [b, members] of [[b0, [guo.id, xu.id]], [b1, [yu.id]]] as const) {
      const mine = thisMonth.filter((l) => (members as readonly string[]).includes(l.member_id));
      assert.equal(b.visits, mine.length);
      assert.equal(b.valued, mine.filter((l) => l.status === 'valued').length);
      const ix = await rows<{ total: number }>(sql`SELECT total FROM party_member_index WHERE branch_id = ${b.id}::uuid AND period_kind = 'month' AND period_start = ${periodOf('month', now).start}::date`);
      assert.equal(b.averageIndex, ix.length ? Math.round((ix.reduce((s, r) => s + Number(r.total), 0) / ix.length) * 10) / 10 : null);
    }

    const page = (await ok(`/api/partywork/members/figures?region=${area.townships[0]}`, leader)).json();
    assert.equal(page.total, 3);
    const g = page.items.find((m: { userId: string }) => m.userId === guo.id);
    assert.equal(g.name, '郭*民');
    assert.deepEqual(g.posts, ['branch_secretary']);
    const guoLogs = all.filter((l) => l.member_id === guo.id);
    assert.equal(g.visits, thisMonth.filter((l) => l.member_id === guo.id).length);
    assert.equal(g.valued, thisMonth.filter((l) => l.member_id === guo.id && l.status === 'valued').length);
    assert.equal(g.lastVisitAt, new Date(Math.max(...guoLogs.map((l) => new Date(l.visited_at).getTime()))).toISOString());
    const ownIndex = (await ok(`/api/partywork/members/${guo.id}/index?period=month&limit=1`, leader)).json().items[0];
    assert.equal(g.index, ownIndex?.periodStart === periodOf('month', now).start ? ownIndex.total : null);
    assert.equal(page.items.find((m: { userId: string }) => m.userId === xu.id).visits, 0);
    // a search of the full names, a branch, a status
    assert.deepEqual((await ok(`/api/partywork/members/figures?q=${encodeURIComponent('渭民')}`, leader)).json().items.map((m: { userId: string }) => m.userId), [guo.id]);
    assert.deepEqual((await ok(`/api/partywork/members/figures?branchId=${zijing.id}`, leader)).json().items.map((m: { userId: string }) => m.userId), [yu.id]);
    assert.deepEqual((await ok(`/api/partywork/members/figures?status=serving&region=${area.townships[0]}`, leader)).json().items.map((m: { userId: string }) => m.userId), [xu.id]);

    const tasks = (await ok(`/api/partywork/tasks/overview?region=${area.townships[0]}`, leader)).json();
    assert.deepEqual(tasks.counts, { open: 0, claimed: 0, active: 2, closed: 0 });
    for (const t of tasks.items) {
      const mine = all.filter((l) => l.task_id === t.id);
      assert.equal(t.visits, mine.length);
      assert.equal(t.valued, mine.filter((l) => l.status === 'valued').length);
      assert.equal(t.lastVisitAt, new Date(Math.max(...mine.map((l) => new Date(l.visited_at).getTime()))).toISOString());
      assert.match(t.memberName, /\*/);
    }
    const perMember = (await ok(`/api/partywork/tasks/overview?memberId=${yu.id}`, leader)).json();
    assert.equal(perMember.total, 1);
    assert.equal(perMember.items[0].memberName, '余*洪');
  });

  it('staff of another township see nothing of it: the place is refused, the lists are empty, the sheet is missing', async () => {
    for (const url of [`/api/partywork/trend?region=${area.villages[0]}`, `/api/partywork/branches/summary?region=${area.villages[0]}`,
      `/api/partywork/members/figures?region=${area.villages[0]}`, `/api/partywork/tasks/overview?region=${area.villages[0]}`]) {
      const r = await call(url, farLeader);
      assert.equal(r.statusCode, 403, `${url}: ${r.body}`);
    }
    const trend = (await ok('/api/partywork/trend', farLeader)).json();
    assert.equal(trend.months.reduce((s: number, m: { logged: number }) => s + m.logged, 0), 0);
    assert.equal((await ok('/api/partywork/branches/summary', farLeader)).json().items.length, 0);
    assert.equal((await ok(`/api/partywork/members/figures?q=${encodeURIComponent('郭')}`, farLeader)).json().total, 0);
    assert.equal((await ok('/api/partywork/tasks/overview', farLeader)).json().total, 0);
    const sheet = await call(`/api/partywork/branches/${yudong.id}/appraisal.xlsx`, farLeader);
    assert.equal(sheet.statusCode, 404);
    assert.equal(sheet.json().error.code, 'PARTY_BRANCH_NOT_FOUND');
    // a party member (no partywork.read) is refused
    assert.equal((await call('/api/partywork/trend', guo)).statusCode, 403);
  });

  it('the 先锋考评 sheet opens with exceljs; its rows are the members\' year figures; the same figures give the same bytes; the download is audited', async () => {
    const year = yearOf(now);
    const audited = async () => Number((await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'partywork.appraisal_exported' AND entity_id = ${yudong.id}`))[0].n);
    const before = await audited();
    const r = await ok(`/api/partywork/branches/${yudong.id}/appraisal.xlsx?year=${year}`, leader);
    assert.match(String(r.headers['content-type']), /spreadsheetml/);
    assert.match(String(r.headers['content-disposition']), /attachment/);
    assert.equal(await audited(), before + 1);
    const sheet = await readXlsxRows(r.rawPayload);
    assert.equal(sheet[0][0], `余东村党支部 ${year} 年度党员先锋考评表`);
    const head = sheet.findIndex((row) => row[0] === '序号');
    assert.ok(head > 0);
    assert.equal(sheet[head].at(-1), '考评等次（支部填写）');
    const body = sheet.slice(head + 1);
    assert.equal(body.length, 2);
    const all = (await logs()).filter((l) => yearOf(new Date(l.visited_at)) === year);
    for (const [m, name, status, posts] of [[guo, '郭渭民', '退休', '支部书记'], [xu, '徐小燕', '在职', '']] as const) {
      const row = body.find((x) => x[1] === name);
      assert.ok(row, `${name} has a row`);
      const ix = (await ok(`/api/partywork/members/${m.id}/index?period=year&limit=1`, leader)).json().items.find((i: { periodStart: string }) => i.periodStart === `${year}-01-01`);
      assert.ok(ix, `${name} has the year's index`);
      const mine = all.filter((l) => l.member_id === m.id);
      assert.deepEqual(row.slice(2), [status, '是', '是', posts, mine.length, mine.filter((l) => l.status === 'valued').length, ix.servicePoints, ix.total, ix.deductions, ''], name);
    }
    // highest index first
    assert.equal(body[0][1], '郭渭民');
    assert.deepEqual(body.map((x) => x[0]), [1, 2]);
    const again = await ok(`/api/partywork/branches/${yudong.id}/appraisal.xlsx?year=${year}`, leader);
    assert.ok(again.rawPayload.equals(r.rawPayload), 'the same figures give the same bytes');
    // a past year with no visits: the members are listed, nothing counted
    const past = await readXlsxRows((await ok(`/api/partywork/branches/${yudong.id}/appraisal.xlsx?year=${year - 3}`, leader)).rawPayload);
    assert.equal(past.slice(past.findIndex((row) => row[0] === '序号') + 1).filter((x) => x[6] === 0).length, 2);
  });

  it('bad inputs are a 400 that writes nothing; a year out of range is a 400', async () => {
    const count = async () => Number((await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`))[0].n);
    const before = await count();
    const year = yearOf(now);
    const cases: [string, string][] = [
      [`/api/partywork/branches/${yudong.id}/appraisal.xlsx?year=${year + 1}`, 'PARTY_YEAR_INVALID'],
      [`/api/partywork/branches/${yudong.id}/appraisal.xlsx?year=1999`, 'VALIDATION_FAILED'],
      [`/api/partywork/branches/${yudong.id}/appraisal.xlsx?year=2019`, 'PARTY_YEAR_INVALID'],
      [`/api/partywork/branches/${yudong.id}/appraisal.xlsx?year=abc`, 'VALIDATION_FAILED'],
      [`/api/partywork/branches/${yudong.id}/appraisal.xlsx?year=${year}&x=1`, 'VALIDATION_FAILED'],
      ['/api/partywork/branches/not-a-uuid/appraisal.xlsx', 'VALIDATION_FAILED'],
      ['/api/partywork/trend?region=12', 'VALIDATION_FAILED'],
      ['/api/partywork/members/figures?status=dead', 'VALIDATION_FAILED'],
      [`/api/partywork/members/figures?q=${'x'.repeat(21)}`, 'VALIDATION_FAILED'],
      ['/api/partywork/tasks/overview?state=lost', 'VALIDATION_FAILED'],
      ['/api/partywork/branches/summary?limit=5', 'VALIDATION_FAILED'],
    ];
    for (const [url, code] of cases) {
      const r = await call(url, leader);
      assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
      assert.equal(r.json().error.code, code, url);
    }
    assert.equal(await count(), before);
  });
});
