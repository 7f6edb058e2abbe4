/**
 * 微改革金点子 and village polls (issue 20 item 3) through the HTTP API on PGlite and PostgreSQL: a
 * villager proposes, neighbours support, the threshold puts it in review, the village adopts it and its
 * progress shows; the similar hint; the support deadline; per-household supports; the outcome figure;
 * polls with secret ballots, paper ballots by two clerks, turnout and results at close. Every bad input
 * of the issue answers its status and code with nothing written.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeHousehold, makeNamedResident, makeResident, makeStaff, type Area, type TestUser } from './builders/index.ts';

type Who = { auth: Record<string, string> };
type Res = { statusCode: number; body: string; json(): any }; // eslint-disable-line @typescript-eslint/no-explicit-any

describeOnDatabases('ideas and polls', ({ vb }) => {
  let area: Area;
  let village: string;
  let staff: TestUser;
  before(async () => {
    area = await makeArea(vb);
    village = area.villages[0];
    staff = await makeStaff(vb, 'operator', village);
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: Who, payload?: object): Promise<Res> =>
    vb.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });
  const written = async () => (await vb.platform.database.raw<Record<string, string>>(`SELECT
    (SELECT count(*) FROM ideas)::text AS ideas, (SELECT count(*) FROM idea_supports)::text AS supports, (SELECT coalesce(sum(supports), 0) FROM ideas)::text AS counters,
    (SELECT count(*) FROM poll_voters)::text AS voters, (SELECT count(*) FROM poll_ballots)::text AS ballots,
    (SELECT count(*) FROM poll_paper_batches)::text AS batches, (SELECT count(*) FROM poll_paper_batches WHERE agreed_at IS NOT NULL)::text AS agreed`, []))[0];
  const refused = async (status: number, code: string, send: () => Promise<Res>) => {
    const before = await written();
    const res = await send();
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().error.code, code);
    assert.deepEqual(await written(), before, 'nothing written');
    return res.json().error;
  };
  const propose = async (who: Who, title: string, body: string) => {
    const res = await call('POST', '/api/ideas', who, { title, body });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const settings = async (id: string, body: object) => {
    const res = await call('PATCH', `/api/ideas/${id}/settings`, staff, body);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  it('a villager proposes, neighbours support it, the village adopts it and its progress shows', async () => {
    const proposer = await makeNamedResident(vb, area.grids[0], '郭渭民'); // a grid's resident is the village's
    const idea = await propose(proposer, '上余路灯晚上不亮', '上余自然村村口到祠堂的三盏路灯坏了两个月，晚上老人走路看不清，希望尽快修好。');
    assert.equal(idea.state, 'collecting');
    assert.equal(idea.regionCode, village);
    await settings(idea.id, { threshold: 2 });
    const [a, b, c] = [await makeResident(vb, village), await makeResident(vb, village), await makeResident(vb, village)];
    const one = await call('POST', `/api/ideas/${idea.id}/supports`, a);
    assert.equal(one.statusCode, 201, one.body);
    assert.equal(one.json().state, 'collecting');
    assert.equal(one.json().supportedByMe, true);
    const two = (await call('POST', `/api/ideas/${idea.id}/supports`, b)).json();
    assert.equal(two.state, 'under_review');
    assert.equal(two.reachedThreshold, true);
    assert.ok(two.answerDue, 'an answer is due');
    // a third support still counts while the deadline has not passed
    assert.equal((await call('POST', `/api/ideas/${idea.id}/supports`, c)).json().supports, 3);

    // another village's resident neither sees nor supports it; a tourist cannot support
    const stranger = await makeResident(vb, area.villages[1]);
    await refused(404, 'IDEA_NOT_FOUND', () => call('POST', `/api/ideas/${idea.id}/supports`, stranger));

    const adopted = await call('POST', `/api/ideas/${idea.id}/answer`, staff, { outcome: 'adopted', reason: '纳入本村 2026 年微改革项目，由村委负责维修。' });
    assert.equal(adopted.statusCode, 200, adopted.body);
    assert.equal(adopted.json().state, 'adopted');
    const progress = await call('POST', `/api/ideas/${idea.id}/milestones`, staff, { progress: 40, note: '已采购灯具，电工排期施工' });
    assert.equal(progress.statusCode, 201, progress.body);
    await refused(422, 'IDEA_PROGRESS_BACKWARDS', () => call('POST', `/api/ideas/${idea.id}/milestones`, staff, { progress: 30, note: '倒退' }));
    const seen = (await call('GET', `/api/ideas/${idea.id}`, proposer)).json();
    assert.equal(seen.progress, 40);
    assert.deepEqual(seen.milestones.map((m: { progress: number }) => m.progress), [40]);
    assert.equal(seen.mine, true);
    assert.equal(seen.outcomeReason, '纳入本村 2026 年微改革项目，由村委负责维修。');
    // a neighbour sees the proposer's name masked
    assert.match((await call('GET', `/api/ideas/${idea.id}`, a)).json().proposerName, /\*/);

    // 改革体验员: named, rates once the idea is done
    assert.equal((await call('POST', `/api/ideas/${idea.id}/officers`, staff, { userId: a.id })).statusCode, 200);
    await refused(409, 'IDEA_NOT_DONE', () => call('POST', `/api/ideas/${idea.id}/ratings`, a, { stars: 5, comment: '很亮' }));
    await call('POST', `/api/ideas/${idea.id}/milestones`, staff, { progress: 100, note: '三盏路灯全部修好' });
    const rated = await call('POST', `/api/ideas/${idea.id}/ratings`, a, { stars: 5, comment: '晚上亮堂了' });
    assert.equal(rated.statusCode, 200, rated.body);
    assert.equal(rated.json().state, 'done');
    assert.deepEqual(rated.json().officers.map((o: { stars: number }) => o.stars), [5]);
    await refused(403, 'IDEA_NOT_OFFICER', () => call('POST', `/api/ideas/${idea.id}/ratings`, b, { stars: 1, comment: '' }));
  });

  it('a second support by the same person is a 409 and nothing is written; an answer needs its reason', async () => {
    const p = await makeResident(vb, village);
    const idea = await propose(p, '垃圾分类桶旁加盖雨棚', '下雨天垃圾分类桶里积水，建议在桶站加一个简易雨棚。');
    const s = await makeResident(vb, village);
    assert.equal((await call('POST', `/api/ideas/${idea.id}/supports`, s)).statusCode, 201);
    const e = await refused(409, 'IDEA_ALREADY_SUPPORTED', () => call('POST', `/api/ideas/${idea.id}/supports`, s));
    assert.equal(e.details.mode, 'person');
    await refused(400, 'VALIDATION_FAILED', () => call('POST', `/api/ideas/${idea.id}/answer`, staff, { outcome: 'not_adopted', reason: '' }));
    await refused(422, 'IDEA_REASON_REQUIRED', () => call('POST', `/api/ideas/${idea.id}/answer`, staff, { outcome: 'not_adopted', reason: '   ' }));
    await refused(422, 'IDEA_MERGE_TARGET_INVALID', () => call('POST', `/api/ideas/${idea.id}/answer`, staff, { outcome: 'merged', reason: '重复', mergedInto: idea.id }));
  });

  it('a support after the deadline is a 409; the sweep puts the idea in review and the village owes an answer', async () => {
    const p = await makeResident(vb, area.villages[1]);
    const idea = await propose(p, '美术馆引导牌', '外地游客找不到余东农民画美术馆，建议在路口加引导牌。');
    const staff2 = await makeStaff(vb, 'operator', area.villages[1]);
    const past = new Date(Date.now() - 60_000).toISOString();
    assert.equal((await vb.app.inject({ method: 'PATCH', url: `/api/ideas/${idea.id}/settings`, headers: staff2.auth, payload: { supportDeadline: past } })).statusCode, 200);
    const late = await makeResident(vb, area.villages[1]);
    await refused(409, 'IDEA_SUPPORT_CLOSED', () => call('POST', `/api/ideas/${idea.id}/supports`, late));
    const swept = await vb.services.ideas.sweep(new Date());
    assert.ok(swept.toReview >= 1);
    const after = (await call('GET', `/api/ideas/${idea.id}`, p)).json();
    assert.equal(after.state, 'under_review');
    assert.equal(after.reachedThreshold, false);
    // the answer is late once its due date passes: flagged, listed, and the figure shows it
    await vb.services.ideas.sweep(new Date(Date.now() + 16 * 86_400_000));
    const figures = await vb.services.ideas.outcomes((await vb.services.users.actorOf(staff2.id)), area.villages[1], new Date(Date.now() + 16 * 86_400_000));
    assert.equal(figures.overdue, 1);
    assert.equal(figures.answered, 0);
    assert.equal(figures.answeredShare, 0);
    assert.deepEqual(figures.overdueIdeas.map((i) => i.id), [idea.id]);
    await call('POST', `/api/ideas/${idea.id}/answer`, staff2, { outcome: 'not_adopted', reason: '路口属于公路部门，已转交县交通局。' });
    const now = (await call('GET', `/api/ideas/outcomes?region=${area.villages[1]}`, staff2)).json();
    assert.equal(now.answeredShare, 1, '100 % of the ideas past collecting have a public outcome');
  });

  it('per household: one support per household, a person without one counts alone', async () => {
    const p = await makeResident(vb, village);
    const idea = await propose(p, '村口停车位划线', '周末游客车辆乱停，建议在村口空地划停车位。');
    await settings(idea.id, { supportMode: 'household', threshold: 50 });
    const { members } = await makeHousehold(vb, { village, size: 2 });
    assert.equal((await call('POST', `/api/ideas/${idea.id}/supports`, members[0])).statusCode, 201);
    assert.equal((await call('GET', `/api/ideas/${idea.id}`, members[1])).json().supportedByMe, true, 'the household has supported');
    await refused(409, 'IDEA_ALREADY_SUPPORTED', () => call('POST', `/api/ideas/${idea.id}/supports`, members[1]));
    const alone = await makeResident(vb, village);
    assert.equal((await call('POST', `/api/ideas/${idea.id}/supports`, alone)).json().supports, 2);
  });

  it('the similar hint finds the area\'s ideas that read alike, and only them', async () => {
    const p = await makeResident(vb, area.villages[2]);
    await propose(p, '村委会门口路灯不亮', '村委会门口路灯坏了，晚上开会回家很黑。');
    await propose(p, '增加垃圾分类宣传', '很多老人不会垃圾分类，建议上门宣传。');
    const other = await makeResident(vb, area.villages[3]);
    await propose(other, '村委会门口路灯不亮了', '别的村的同样问题');
    const hint = (await call('GET', `/api/ideas/similar?text=${encodeURIComponent('路灯不亮')}`, p)).json();
    assert.deepEqual(hint.items.map((i: { title: string }) => i.title), ['村委会门口路灯不亮']);
    assert.ok(hint.items[0].similarity > 0.2);
    assert.deepEqual((await call('GET', `/api/ideas/similar?text=${encodeURIComponent('修桥')}`, p)).json().items, []);
  });

  it('a poll: one secret ballot per person (409 on a second), paper ballots by two clerks, turnout and result at close', async () => {
    const v = area.villages[3];
    const boss = await makeStaff(vb, 'operator', v);
    const clerkA = await makeStaff(vb, 'grid_worker', v);
    const clerkB = await makeStaff(vb, 'handler', v);
    const voters = [await makeResident(vb, v), await makeResident(vb, v), await makeResident(vb, area.grids[7])];
    const created = await call('POST', '/api/polls', boss, {
      regionCode: v, question: '村文化礼堂周末开放时间', options: ['上午', '下午', '全天'], choice: 'single', voterMode: 'person',
      opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    assert.equal(created.statusCode, 201, created.body);
    const poll = created.json();
    const vote = (who: Who, choices: number[]) => call('POST', `/api/polls/${poll.id}/ballots`, who, { choices });
    assert.equal((await vote(voters[0], [2])).statusCode, 201);
    assert.equal((await vote(voters[1], [2])).statusCode, 201);
    const third = (await vote(voters[2], [0])).json();
    assert.equal(third.voters, 3);
    assert.equal(third.results, null, 'nothing but the turnout before close');
    await refused(409, 'POLL_ALREADY_VOTED', () => vote(voters[0], [1]));
    const fourth = await makeResident(vb, v);
    await refused(422, 'POLL_CHOICE_INVALID', () => vote(fourth, [0, 1]));

    // paper ballots: A enters, A again is refused, B disagrees (409 naming the option), B agrees
    const paper = (who: Who, counts: number[], ballots = 5) => call('POST', `/api/polls/${poll.id}/paper`, who, { label: '第一票箱', ballots, counts });
    assert.equal((await paper(clerkA, [1, 1, 3])).statusCode, 200);
    await refused(409, 'POLL_SAME_CLERK', () => paper(clerkA, [1, 1, 3]));
    const mismatch = await refused(409, 'POLL_PAPER_MISMATCH', () => paper(clerkB, [1, 2, 2]));
    assert.equal(mismatch.details.option, '下午');
    assert.equal((await paper(clerkB, [1, 1, 3])).json().paper[0].agreed, true);

    // secrecy: the roll and the ballots share no column but the poll's id
    const cols = async (t: string) => (await vb.platform.database.raw<{ c: string }>('SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1', [t])).map((r) => r.c);
    const shared = await cols('poll_voters');
    const ballotCols = await cols('poll_ballots');
    assert.deepEqual(shared.filter((c) => ballotCols.includes(c)), ['poll_id']);
    assert.ok(!ballotCols.some((c) => /user|voter|created|at$/.test(c)), 'a ballot holds no voter and no time');

    const closed = (await call('POST', `/api/polls/${poll.id}/close`, boss)).json();
    assert.equal(closed.state, 'closed');
    assert.deepEqual(closed.results, [2, 1, 5]);
    assert.equal(closed.voters, 8);
    assert.ok(closed.eligible >= 8);
    assert.ok(closed.turnout > 0 && closed.turnout <= 1);
    await refused(409, 'POLL_CLOSED', () => vote(fourth, [0]));
    assert.deepEqual((await call('GET', `/api/polls/${poll.id}`, voters[2])).json().results, [2, 1, 5]);
  });

  it('a household poll: one ballot per household; eligible counts households and people in none', async () => {
    const v = area.villages[2];
    const boss = await makeStaff(vb, 'operator', v);
    const before = await vb.services.polls.eligible(v, 'household');
    const { members } = await makeHousehold(vb, { village: v, size: 3 });
    await makeResident(vb, v);
    assert.equal(await vb.services.polls.eligible(v, 'household'), before + 2);
    const poll = (await call('POST', '/api/polls', boss, {
      regionCode: v, question: '是否同意建设村口停车场', options: ['同意', '不同意'], choice: 'single', voterMode: 'household',
      opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    })).json();
    assert.equal((await call('POST', `/api/polls/${poll.id}/ballots`, members[0], { choices: [0] })).statusCode, 201);
    await refused(409, 'POLL_ALREADY_VOTED', () => call('POST', `/api/polls/${poll.id}/ballots`, members[2], { choices: [1] }));
  });
});
