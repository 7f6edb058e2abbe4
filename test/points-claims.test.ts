/**
 * Earning points end to end on the database (PGlite and PostgreSQL): the 余东 burning-grass report,
 * closed and rated 满意, pays the reporter and the grid worker after the 公示; a 美丽庭院 claim with a
 * photo is approved by the scoring group, put on notice, objected to by a neighbour, upheld by the
 * township and posted; caps, retries, duplicates, late objections and self-review are refused with
 * nothing written.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import sharp from 'sharp';
import { uuidv7, yearStart } from '../src/points/index.ts';
import { makeArea, makeResident, makeStaff, type Area } from './builders/index.ts';
import { makeHousehold } from './builders/households.ts';
import type { TestApp } from './helpers/app.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';

async function photo(vb: TestApp, actorId: string): Promise<string> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 60, g: 140, b: 60 } } }).jpeg().toBuffer();
  return (await vb.platform.media.saveImage(vb.platform.db, jpeg, actorId)).id;
}

const DAY = 86_400_000;

describeOnDatabases('points: rules, claims, 公示, objections', ({ vb }) => {
  let area: Area;
  let village: string;
  let admin: Awaited<ReturnType<typeof makeStaff>>;
  let townLeader: Awaited<ReturnType<typeof makeStaff>>;
  let villageLeader: Awaited<ReturnType<typeof makeStaff>>;
  let operator: Awaited<ReturnType<typeof makeStaff>>;
  let worker: Awaited<ReturnType<typeof makeStaff>>;
  let scorers: Awaited<ReturnType<typeof makeResident>>[];

  const post = (url: string, auth: Record<string, string>, payload: object) => vb.app.inject({ method: 'POST', url, headers: auth, payload });
  const claimsCount = async () => Number((await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM points_claims', []))[0].n);
  const transfersCount = async () => Number((await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM points_transfers', []))[0].n);
  const balance = async (userId: string, ledger: 'resident' | 'grid_worker' = 'resident') => {
    const a = await vb.services.points.accountOf(userId, ledger);
    const [row] = await vb.services.points.repo.accountsByIds([a.id]);
    return { posted: row.creditsPosted - row.debitsPosted, pending: row.creditsPending };
  };

  before(async () => {
    area = await makeArea(vb);
    village = area.villages[0];
    admin = await makeStaff(vb, 'admin', area.district);
    townLeader = await makeStaff(vb, 'leader', area.townships[0]);
    villageLeader = await makeStaff(vb, 'leader', village);
    operator = await makeStaff(vb, 'operator', area.townships[0]);
    worker = await makeStaff(vb, 'grid_worker', village);
    scorers = [];
    for (let i = 0; i < 5; i++) scorers.push(await makeResident(vb, village));
    for (const s of scorers) assert.equal((await post('/api/points/scorers', admin.auth, { regionCode: village, userId: s.id })).statusCode, 200);
  });

  it('the 余东 burning-grass report: closed pays the reporter, 满意 pays the grid worker — on notice first, posted after it, once', async () => {
    const reporter = await makeResident(vb, village);
    const [lon, lat] = area.gridPoints[0];
    const rep = await post('/api/cases', reporter.auth, { title: '屋旁焚烧草皮', description: '有安全隐患', categoryCode: '0107', lon, lat });
    assert.equal(rep.statusCode, 201, rep.body);
    const id = rep.json().id;
    const act = (auth: Record<string, string>, payload: object) => post(`/api/cases/${id}/actions`, auth, payload);
    assert.equal((await act(operator.auth, { action: 'register' })).statusCode, 200);
    assert.equal((await act(operator.auth, { action: 'dispatch', assigneeId: worker.id })).statusCode, 200);
    assert.equal((await act(worker.auth, { action: 'sign' })).statusCode, 200);
    assert.equal((await act(worker.auth, { action: 'feedback', note: '已扑灭', media: [await photo(vb, worker.id)] })).statusCode, 200);
    assert.equal((await act(operator.auth, { action: 'close', note: '核查通过' })).statusCode, 200);
    assert.equal((await act(reporter.auth, { action: 'rate', rating: 'satisfied' })).statusCode, 200);
    await vb.platform.events.flush();
    await vb.platform.events.flush(); // a repeated delivery pays nothing more
    const mine = (await vb.app.inject({ url: '/api/me/points/claims', headers: reporter.auth })).json();
    assert.equal(mine.items.length, 1);
    assert.deepEqual([mine.items[0].status, mine.items[0].amount, mine.items[0].source], ['noticed', 5, 'case.closed']);
    assert.deepEqual(await balance(reporter.id), { posted: 0, pending: 5 });
    assert.deepEqual(await balance(worker.id, 'grid_worker'), { posted: 0, pending: 3 });
    // the grid worker's own points: the hold names the case and the 满意 that paid it; a villager's ledger is not theirs
    const held = (await vb.app.inject({ url: '/api/me/points?ledger=grid_worker', headers: worker.auth })).json();
    assert.deepEqual([held.ledger, held.spendable, held.pending, held.household], ['grid_worker', 0, 3, null]);
    assert.deepEqual(held.history.items.map((h: { kind: string; source: string; case: { id: string; title: string } }) => [h.kind, h.source, h.case?.id, h.case?.title]), [['pending', 'case.rated', id, '屋旁焚烧草皮']]);
    assert.equal((await vb.app.inject({ url: '/api/me/points', headers: worker.auth })).json().account, null);
    // the board shows both, names masked
    const board = (await vb.app.inject({ url: '/api/points/board', headers: scorers[0].auth })).json();
    const onBoard = board.items.filter((c: { sourceId: string | null; source: string }) => c.source.startsWith('case.'));
    assert.ok(onBoard.length >= 2);
    assert.ok(onBoard.every((c: { beneficiary: { id: string | null } }) => c.beneficiary.id === null));
    // after the notice period (7 working days) the job posts them
    assert.ok((await vb.services.pointsClaims.postDue(new Date(Date.now() + 20 * DAY))) >= 2);
    assert.deepEqual(await balance(reporter.id), { posted: 5, pending: 0 });
    assert.deepEqual(await balance(worker.id, 'grid_worker'), { posted: 3, pending: 0 });
    const me = (await vb.app.inject({ url: '/api/me/points', headers: reporter.auth })).json();
    assert.equal(me.spendable, 5);
    assert.deepEqual([me.history.items[0].kind, me.history.items[0].source, me.history.items[0].case?.no], ['post', 'case.closed', rep.json().no]);
    const paid = (await vb.app.inject({ url: '/api/me/points?ledger=grid_worker', headers: worker.auth })).json();
    assert.deepEqual([paid.spendable, paid.history.items[0].kind, paid.history.items[0].change, paid.history.items[0].case?.id], [3, 'post', 3, id]);
    // posted "20 days from now" by the job above: earned counts it from then
    const account = await vb.services.points.accountOf(reporter.id);
    assert.equal(await vb.services.points.repo.earnedIn(account.id, new Date(Date.now() - DAY), new Date(Date.now() + 30 * DAY)), 5);
    // the event again, even after posting: nothing more
    const again = await vb.services.pointsClaims.awardForCase({ trigger: 'case.closed', caseId: id, villageCode: village, categoryCode: '0107', beneficiaryId: reporter.id });
    assert.equal(again?.created, false);
    assert.deepEqual(await balance(reporter.id), { posted: 5, pending: 0 });
  });

  it('美丽庭院 with a photo: 3 of 5 approve → 公示 → a neighbour objects → the township upholds → posted', async () => {
    const villager = await makeResident(vb, village);
    const neighbour = await makeResident(vb, village);
    const body = { id: uuidv7(), ruleKey: 'beautiful_courtyard', note: '庭院整洁，种了花', photos: [await photo(vb, villager.id)] };
    const noPhoto = await post('/api/points/claims', villager.auth, { ...body, id: uuidv7(), photos: [] });
    assert.equal(noPhoto.statusCode, 422);
    assert.equal(noPhoto.json().error.code, 'POINTS_EVIDENCE_MISSING');
    const filed = await post('/api/points/claims', villager.auth, body);
    assert.equal(filed.statusCode, 200, filed.body);
    assert.equal(filed.json().claim.status, 'reviewing');
    const retried = await post('/api/points/claims', villager.auth, body);
    assert.deepEqual([retried.json().created, retried.json().claim.id], [false, body.id]);
    const claimId = body.id;
    const vote = (auth: Record<string, string>, decision: string, reason?: string) => post(`/api/points/claims/${claimId}/votes`, auth, { decision, ...(reason ? { reason } : {}) });
    assert.equal((await vote(villager.auth, 'approve')).statusCode, 403, 'the claimant is not on the group');
    assert.equal((await vote(scorers[0].auth, 'reject')).statusCode, 400, 'a rejection needs a reason');
    assert.equal((await vote(scorers[0].auth, 'approve')).json().status, 'reviewing');
    assert.equal((await vote(scorers[0].auth, 'approve')).json().error.code, 'POINTS_ALREADY_VOTED');
    assert.equal((await vote(scorers[1].auth, 'reject', '照片看不清')).json().status, 'reviewing');
    assert.equal((await vote(scorers[2].auth, 'approve')).json().status, 'reviewing');
    const approved = (await vote(scorers[3].auth, 'approve')).json();
    assert.equal(approved.status, 'noticed');
    assert.equal(approved.votes.length, 4);
    assert.equal((await vote(scorers[4].auth, 'approve')).json().error.code, 'POINTS_CLAIM_NOT_REVIEWING');
    assert.deepEqual(await balance(villager.id), { posted: 0, pending: 10 });
    // on the board: masked, with an objection button for the neighbour
    const board = (await vb.app.inject({ url: '/api/points/board', headers: neighbour.auth })).json();
    const item = board.items.find((c: { id: string }) => c.id === claimId);
    assert.ok(item && item.beneficiary.id === null && item.photos.length === 0 && item.photoCount === 1);
    assert.equal((await post(`/api/points/claims/${claimId}/objections`, villager.auth, { reason: '我自己不同意' })).statusCode, 403);
    const outsider = await makeResident(vb, area.villages[1]);
    assert.equal((await post(`/api/points/claims/${claimId}/objections`, outsider.auth, { reason: '不是本村的' })).json().error.code, 'POINTS_NOT_VILLAGER');
    const objected = await post(`/api/points/claims/${claimId}/objections`, neighbour.auth, { reason: '院子里还堆着柴' });
    assert.deepEqual(objected.json(), { ok: true, status: 'objected' });
    // the job does not post a claim under 复核
    assert.equal(await vb.services.pointsClaims.postDue(new Date(Date.now() + 20 * DAY)), 0);
    // the village does not decide 复核; the township does
    assert.equal((await post(`/api/points/claims/${claimId}/recheck`, villageLeader.auth, { decision: 'uphold', reason: '已核实' })).json().error.code, 'POINTS_RECHECK_TOWNSHIP');
    const staffView = (await vb.app.inject({ url: `/api/points/claims/${claimId}`, headers: townLeader.auth })).json();
    assert.deepEqual(staffView.objections.map((o: { reason: string }) => o.reason), ['院子里还堆着柴']);
    assert.equal(JSON.stringify(staffView).includes(neighbour.id), false, 'nobody is told who objected');
    const upheld = await post(`/api/points/claims/${claimId}/recheck`, townLeader.auth, { decision: 'uphold', reason: '现场核实，柴堆已清理' });
    assert.equal(upheld.json().status, 'noticed', upheld.body);
    assert.equal(await vb.services.pointsClaims.postDue(new Date(Date.now() + 20 * DAY)), 1);
    assert.deepEqual(await balance(villager.id), { posted: 10, pending: 0 });
    const late = await post(`/api/points/claims/${claimId}/objections`, (await makeResident(vb, village)).auth, { reason: '太晚了' });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.code, 'POINTS_NOTICE_CLOSED');
  });

  it('an objection after the notice window is refused (409) and changes nothing', async () => {
    const villager = await makeResident(vb, village);
    const id = uuidv7();
    await vb.services.pointsClaims.claim(await vb.services.users.actorOf(villager.id), { id, ruleKey: 'council_meeting' });
    for (const s of scorers.slice(0, 3)) await vb.services.pointsClaims.vote(await vb.services.users.actorOf(s.id), id, { decision: 'approve' });
    const neighbour = await vb.services.users.actorOf((await makeResident(vb, village)).id);
    await assert.rejects(vb.services.pointsClaims.object(neighbour, id, '会议没参加完', new Date(Date.now() + 30 * DAY)), (e: { code: string }) => e.code === 'POINTS_NOTICE_CLOSED');
    assert.equal((await vb.services.pointsClaims.repo.claim(id))!.status, 'noticed');
    assert.equal((await vb.services.pointsClaims.repo.objections([id])).length, 0);
  });

  it('overturned on 复核: the held points are released, nothing posts', async () => {
    const villager = await makeResident(vb, village);
    const id = uuidv7();
    await vb.services.pointsClaims.claim(await vb.services.users.actorOf(villager.id), { id, ruleKey: 'volunteer_hour', note: '敬老院帮忙' });
    for (const s of scorers.slice(0, 3)) await vb.services.pointsClaims.vote(await vb.services.users.actorOf(s.id), id, { decision: 'approve' });
    await vb.services.pointsClaims.object(await vb.services.users.actorOf((await makeResident(vb, village)).id), id, '那天敬老院没有活动');
    const r = await post(`/api/points/claims/${id}/recheck`, townLeader.auth, { decision: 'overturn', reason: '核实当天无活动' });
    assert.equal(r.json().status, 'voided');
    assert.deepEqual(await balance(villager.id), { posted: 0, pending: 0 });
    await vb.services.pointsClaims.postDue(new Date(Date.now() + 20 * DAY));
    assert.equal((await vb.services.pointsClaims.repo.claim(id))!.status, 'voided');
    assert.deepEqual(await balance(villager.id), { posted: 0, pending: 0 });
  });

  it('caps: over the cap is refused naming the cap and what is left; concurrent claims take exactly the room there is', async () => {
    const villager = await makeResident(vb, village);
    const claim = (extra: object = {}) => post('/api/points/claims', villager.auth, { id: uuidv7(), ruleKey: 'garbage_sorting', ...extra });
    assert.equal((await claim()).statusCode, 200);
    const before = await claimsCount();
    const over = await claim();
    assert.equal(over.statusCode, 409);
    assert.deepEqual([over.json().error.code, over.json().error.details.period, over.json().error.details.cap, over.json().error.details.left], ['POINTS_CAP_REACHED', 'day', 1, 0]);
    assert.equal(await claimsCount(), before, 'nothing written');
    // volunteering: 8 points (4 hours) a day; six concurrent claims of 2 → exactly four succeed
    const other = await makeResident(vb, village);
    const results = await Promise.all(Array.from({ length: 6 }, () => post('/api/points/claims', other.auth, { id: uuidv7(), ruleKey: 'volunteer_hour' })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 409, 409]);
  });

  it('bad input: unknown rule, automatic rule, foreign proxy, a rule with a fractional or zero amount, a deduction without a photo', async () => {
    const villager = await makeResident(vb, village);
    const before = [await claimsCount(), await transfersCount()];
    assert.equal((await post('/api/points/claims', villager.auth, { id: uuidv7(), ruleKey: 'no_such_rule' })).statusCode, 404);
    assert.equal((await post('/api/points/claims', villager.auth, { id: uuidv7(), ruleKey: 'report_closed' })).json().error.code, 'POINTS_RULE_NOT_CLAIMABLE');
    assert.equal((await post('/api/points/claims', villager.auth, { id: 'not-a-uuid', ruleKey: 'garbage_sorting' })).statusCode, 400);
    const forSomeone = await post('/api/points/claims', villager.auth, { id: uuidv7(), ruleKey: 'council_meeting', beneficiaryId: scorers[0].id });
    assert.equal(forSomeone.json().error.code, 'POINTS_CLAIM_FOR_FORBIDDEN');
    assert.deepEqual([await claimsCount(), await transfersCount()], before);
    const rule = { regionCode: village, key: 'tea_picking', nameZh: '帮采茶', nameEn: 'Helped pick tea', ledger: 'resident', trigger: 'claim' };
    assert.equal((await post('/api/points/rules', admin.auth, { ...rule, amount: 2.5 })).statusCode, 400);
    assert.equal((await post('/api/points/rules', admin.auth, { ...rule, amount: 0 })).json().error.code, 'POINTS_RULE_INVALID');
    assert.equal((await post('/api/points/rules', admin.auth, { ...rule, amount: -3 })).json().error.code, 'POINTS_RULE_INVALID');
    assert.equal((await post('/api/points/rules', villageLeader.auth, { ...rule, amount: 2 })).statusCode, 403);
  });

  it('a village rule overrides the default; a new version does not change a past award; a grid worker files for a household without a phone', async () => {
    const elder = await makeResident(vb, village);
    const first = await post('/api/points/claims', worker.auth, { id: uuidv7(), ruleKey: 'council_meeting', beneficiaryId: elder.id });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual([first.json().claim.amount, first.json().claim.rule.version, first.json().claim.byProxy], [2, 1, true]);
    const saved = await post('/api/points/rules', admin.auth, { regionCode: village, key: 'council_meeting', nameZh: '参加村民议事会', nameEn: 'Took part in a council meeting', ledger: 'resident', trigger: 'claim', amount: 4, capMonth: 8 });
    assert.equal(saved.statusCode, 200, saved.body);
    const rules = (await vb.app.inject({ url: '/api/points/rules', headers: elder.auth })).json();
    assert.equal(rules.rules.find((r: { key: string }) => r.key === 'council_meeting').amount, 4);
    assert.equal((await vb.app.inject({ url: `/api/points/rules?regionCode=${area.villages[1]}`, headers: elder.auth })).json().rules.find((r: { key: string }) => r.key === 'council_meeting').amount, 2);
    const again = await post('/api/points/claims', worker.auth, { id: uuidv7(), ruleKey: 'council_meeting', beneficiaryId: elder.id });
    assert.equal(again.json().claim.amount, 4);
    assert.equal((await vb.services.pointsClaims.repo.claim(first.json().claim.id))!.amount, 2, 'a past claim keeps its rule version');
    const audit = await vb.platform.database.raw<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'points.claim_for' AND actor_id = $1`, [worker.id]);
    assert.equal(Number(audit[0].n), 2);
  });

  it('人情分: a scoring-group member cannot approve (or object to) an award to their own household — 403, no vote written', async () => {
    const { household, head, members } = await makeHousehold(vb, { village, size: 2 });
    const spouse = members[1];
    assert.equal((await post('/api/points/scorers', admin.auth, { regionCode: village, userId: spouse.id })).statusCode, 200);
    const id = uuidv7();
    const filed = await post('/api/points/claims', head.auth, { id, ruleKey: 'council_meeting' });
    assert.equal(filed.json().claim.householdId, household.id);
    const own = await post(`/api/points/claims/${id}/votes`, spouse.auth, { decision: 'approve' });
    assert.deepEqual([own.statusCode, own.json().error.code], [403, 'POINTS_OWN_HOUSEHOLD']);
    assert.equal((await vb.services.pointsClaims.repo.votes([id])).length, 0);
    // caps count per household: the spouse's claim shares the head's room
    for (const s of scorers.slice(0, 3)) await vb.services.pointsClaims.vote(await vb.services.users.actorOf(s.id), id, { decision: 'approve' });
    assert.equal((await post(`/api/points/claims/${id}/objections`, spouse.auth, { reason: '自家的' })).json().error.code, 'POINTS_OWN_HOUSEHOLD');
    await post('/api/points/scorers/remove', admin.auth, { regionCode: village, userId: spouse.id });
    // the head's points roll up to the household: the spouse sees them in the household's totals
    await vb.services.pointsClaims.postDue(new Date(Date.now() + 20 * DAY));
    const mine = (await vb.app.inject({ url: '/api/me/points', headers: spouse.auth })).json();
    assert.deepEqual([mine.spendable, mine.household.id, mine.household.members, mine.household.spendable], [0, household.id, 2, filed.json().claim.amount]);
    // earned this year, summed for the household in one query: posted "20 days from now", counted from then (and in that year)
    const later = new Date(Date.now() + 21 * DAY);
    const posted = (await vb.services.points.repo.history((await vb.services.points.accountOf(head.id)).id, { limit: 1, offset: 0 })).items[0];
    const totals = await vb.services.myPoints.householdTotals(spouse.id, later);
    assert.deepEqual(totals, { id: household.id, members: 2, spendable: filed.json().claim.amount, earnedThisYear: new Date(posted.createdAt) >= yearStart(later) ? filed.json().claim.amount : 0 });
  });

  it('a rule that needs a closed case: none, an open one or another village\'s is refused (422); the case pays once per rule', async () => {
    const helper = await makeResident(vb, village);
    const saved = await post('/api/points/rules', admin.auth, { regionCode: village, key: 'helped_clear', nameZh: '协助处置上报问题', nameEn: 'Helped clear a reported problem', ledger: 'resident', trigger: 'claim', amount: 3, needsCase: true });
    assert.equal(saved.json().needsCase, true);
    const [lon, lat] = area.gridPoints[0];
    const report = async () => (await post('/api/cases', helper.auth, { title: '村道边堆放杂物', categoryCode: '0201', lon, lat })).json().id as string;
    const open = await report();
    const closed = await report();
    const act = (id: string, auth: Record<string, string>, payload: object) => post(`/api/cases/${id}/actions`, auth, payload);
    await act(closed, operator.auth, { action: 'register' });
    await act(closed, operator.auth, { action: 'dispatch', assigneeId: worker.id });
    await act(closed, worker.auth, { action: 'sign' });
    await act(closed, worker.auth, { action: 'feedback', note: '已清理', media: [await photo(vb, worker.id)] });
    assert.equal((await act(closed, operator.auth, { action: 'close' })).json().state, 'CLOSED');
    // (the closing pays the reporter through the event handler meanwhile: count this rule's claims only)
    const helpedClear = async () => Number((await vb.platform.database.raw<{ n: number }>(`SELECT count(*)::int AS n FROM points_claims WHERE rule_key = 'helped_clear'`, []))[0].n);
    const claim = (caseId?: string) => post('/api/points/claims', helper.auth, { id: uuidv7(), ruleKey: 'helped_clear', ...(caseId ? { caseId } : {}) });
    assert.equal((await claim()).json().error.code, 'POINTS_EVIDENCE_MISSING');
    assert.equal((await claim(open)).json().error.code, 'POINTS_CASE_EVIDENCE_INVALID');
    assert.equal((await claim('00000000-0000-4000-8000-000000000000')).json().error.code, 'POINTS_CASE_EVIDENCE_INVALID');
    assert.equal(await helpedClear(), 0, 'nothing written');
    const ok = await claim(closed);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().claim.sourceId, closed);
    const twice = await claim(closed);
    assert.deepEqual([twice.statusCode, twice.json().error.code], [409, 'POINTS_BUSINESS_KEY_EXISTS']);
    // the same claim id again for another item (no case) is not a retry of it: 409, not a clash of keys
    const again = await post('/api/points/claims', helper.auth, { id: ok.json().claim.id, ruleKey: 'council_meeting' });
    assert.deepEqual([again.statusCode, again.json().error.code], [409, 'POINTS_CLAIM_EXISTS']);
    // the same claim sent again 40 days later (a phone that lost the answer): the first claim, not a 400 for the old deed
    const helperActor = await vb.services.users.actorOf(helper.id);
    const first = ok.json().claim;
    const late = await vb.services.pointsClaims.claim(helperActor, { id: first.id, ruleKey: 'helped_clear', caseId: closed, eventTime: first.eventTime }, new Date(Date.now() + 40 * 86_400_000));
    assert.deepEqual([late.created, late.claim.id], [false, first.id]);
  });

  it('人情分 alert: a household earning more than three times the village median in a month is named by its label', async () => {
    const quiet = area.villages[3];
    const homes = [await makeHousehold(vb, { village: quiet, size: 2 }), await makeHousehold(vb, { village: quiet, size: 2 }), await makeHousehold(vb, { village: quiet, size: 2 })];
    const award = (head: string, day: number, n: number) => {
      const at = new Date(Date.UTC(2026, 9, day, 2 + n));
      return vb.services.pointsClaims.awardForCase({ trigger: 'case.closed', caseId: uuidv7(), villageCode: quiet, categoryCode: '0999', beneficiaryId: head, at: at.toISOString() }, at);
    };
    await award(homes[0].head.id, 5, 0);
    await award(homes[1].head.id, 5, 0);
    for (let d = 0; d < 4; d++) await award(homes[2].head.id, 6 + Math.floor(d / 2), d % 2);
    await vb.services.pointsClaims.postDue(new Date(Date.UTC(2026, 10, 30)));
    const rep = (await vb.app.inject({ url: `/api/points/report/${quiet}?month=2026-10`, headers: admin.auth })).json();
    assert.deepEqual([rep.households, rep.median], [3, 5]);
    assert.deepEqual(rep.alerts.map((a: { householdId: string; label: string; earned: number }) => [a.householdId, a.label, a.earned]), [[homes[2].household.id, `${homes[2].household.name} · ${homes[2].household.address}`, 20]]);
  });

  it('the village report: liability at ¥ per point and the 人情分 alert', async () => {
    const r = await vb.app.inject({ url: `/api/points/report/${village}`, headers: admin.auth });
    assert.equal(r.statusCode, 200, r.body);
    const rep = r.json();
    assert.ok(rep.liability.points >= 15);
    assert.equal(rep.liability.yuan, Math.round(rep.liability.points * 0.2 * 100) / 100);
    assert.equal((await vb.app.inject({ url: `/api/points/report/${village}`, headers: scorers[0].auth })).statusCode, 403);
    // the village's accounts: largest first, names masked; a grid worker of another village is refused
    const list = (await vb.app.inject({ url: `/api/points/accounts?regionCode=${village}`, headers: worker.auth })).json();
    assert.ok(list.total >= 3 && list.items[0].balance >= list.items[list.items.length - 1].balance);
    assert.ok(list.items.every((a: { name: string | null }) => a.name === null || a.name.includes('*')));
    const elsewhere = await makeStaff(vb, 'grid_worker', area.villages[1]);
    assert.equal((await vb.app.inject({ url: `/api/points/accounts?regionCode=${village}`, headers: elsewhere.auth })).statusCode, 403);
  });
});
