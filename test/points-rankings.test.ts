/**
 * Rankings and 红黑榜 (issue 19 item 5): households by points earned and grid workers by service, from
 * the rollup; public thresholds; a published list is a snapshot whose hash the ledger gives again; the
 * aggregates-only switch; 公示 with objection and 复核; and the bad inputs — a future period (400), a
 * foreign area (403), publishing twice (the same list), an open period (409), a tampered snapshot
 * (the mismatch shows) — each leaving nothing written.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { previousPeriod, rankPeriodOf, uuidv7, type TransferInput } from '../src/points/index.ts';
import { makeArea, makeHousehold, makeResident, makeStaff, type Area } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';

const DAY = 86_400_000;

describeOnDatabases('points rankings and 红黑榜', ({ vb }) => {
  let area: Area;
  let admin: { auth: Record<string, string> };
  let foreign: { auth: Record<string, string> };
  let leader: { auth: Record<string, string> };
  let neighbour: { auth: Record<string, string> };
  let outsider: { auth: Record<string, string> };
  let issuance: string;
  let people: { c: string; d: string; household: string };
  let gridded: { household: string; person: string };
  const last = previousPeriod('month', new Date());
  const inLast = (days: number) => new Date(last.from.getTime() + days * DAY);
  const get = (url: string, auth: Record<string, string>) => vb.app.inject({ url, headers: auth });
  const send = (method: 'POST' | 'PUT', url: string, auth: Record<string, string>, payload: object) => vb.app.inject({ method, url, headers: auth, payload });
  const count = async (table: string) => Number((await vb.platform.database.raw<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`, []))[0].n);
  const award = (to: string, amount: number, code: 'award' | 'deduction' = 'award', ledger: 'resident' | 'grid_worker' = 'resident', from = issuance): TransferInput => (code === 'award'
    ? { id: uuidv7(), ledger, debitAccountId: from, creditAccountId: to, amount, code }
    : { id: uuidv7(), ledger, debitAccountId: to, creditAccountId: from, amount, code, reason: '乱堆乱放' });

  before(async () => {
    area = await makeArea(vb);
    const [v0, v1] = area.villages;
    admin = await makeStaff(vb, 'admin', area.district);
    foreign = await makeStaff(vb, 'grid_worker', area.villages[2]);
    leader = await makeStaff(vb, 'leader', area.townships[0]);
    neighbour = await makeResident(vb, v0);
    outsider = await makeResident(vb, v1);
    issuance = (await vb.services.points.systemAccount('resident', 'issuance')).id;
    const points = vb.services.points;
    const c = await makeResident(vb, v0);
    const d = await makeResident(vb, v0);
    const e = await makeResident(vb, v1);
    const [cAcc, dAcc, eAcc] = await Promise.all([c, d, e].map(async (p) => (await points.accountOf(p.id)).id));
    for (const r of await points.apply([award(dAcc, 10)], inLast(-5))) assert.ok(r.ok); // the month before
    for (const r of await points.apply([award(cAcc, 40), award(eAcc, 12)], inLast(3))) assert.ok(r.ok);
    for (const r of await points.apply([award(dAcc, 8, 'deduction')], inLast(4))) assert.ok(r.ok, JSON.stringify(r));
    // a household of two earns through its claims (a report closed each, on 公示, then posted): one subject
    const h = await makeHousehold(vb, { village: v0, size: 2, name: '郭家' });
    for (const m of h.members) {
      const a = await vb.services.pointsClaims.awardForCase({ trigger: 'case.closed', caseId: uuidv7(), villageCode: v0, categoryCode: '0107', beneficiaryId: m.id, at: inLast(2).toISOString() }, inLast(2));
      assert.ok(a?.created);
    }
    assert.ok((await vb.services.pointsClaims.postDue(inLast(20))) >= 2);
    // a grid worker's service points (满意)
    const gw = await makeStaff(vb, 'grid_worker', v0);
    const gwIssuance = (await points.systemAccount('grid_worker', 'issuance')).id;
    for (const r of await points.apply([award((await points.accountOf(gw.id, 'grid_worker')).id, 6, 'award', 'grid_worker', gwIssuance)], inLast(5))) assert.ok(r.ok);
    people = { c: `p:${c.id}`, d: `p:${d.id}`, household: h.household.id };
    // in the second village people live in its grids (their home region): a household in the first grid
    // earns through its claims, a person in the second by an award
    const v1Grids = area.grids.filter((g) => g.startsWith(v1));
    const gh = await makeHousehold(vb, { village: v1, home: v1Grids[0], size: 2, name: '毛家' });
    const ga = await vb.services.pointsClaims.awardForCase({ trigger: 'case.closed', caseId: uuidv7(), villageCode: v1, categoryCode: '0107', beneficiaryId: gh.head.id, at: inLast(2).toISOString() }, inLast(2));
    assert.ok(ga?.created);
    assert.ok((await vb.services.pointsClaims.postDue(inLast(20))) >= 1);
    const g = await makeResident(vb, v1Grids[1]);
    for (const r of await points.apply([award((await points.accountOf(g.id)).id, 33)], inLast(6))) assert.ok(r.ok);
    gridded = { household: gh.household.id, person: `p:${g.id}` };
  });

  it('grids: a household ranks in the grid its people live in and in their village, whose totals are by grid', async () => {
    const [v1, g1, g2] = [area.villages[1], ...area.grids.filter((g) => g.startsWith(area.villages[1]))];
    const rank = async (region: string) => {
      const r = await get(`/api/points/rankings?region=${region}&period=month&start=${last.start}`, leader.auth);
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    };
    const first = await rank(g1);
    assert.deepEqual(first.entries.map((e: { subject: string; regionCode: string; rank: number }) => [e.subject, e.regionCode, e.rank]), [[gridded.household, g1, 1]]);
    assert.equal(first.entries[0].label, '毛家');
    assert.deepEqual((await rank(g2)).entries.map((e: { subject: string; earned: number; board: string | null }) => [e.subject, e.earned, e.board]), [[gridded.person, 33, 'red']]);
    // the village: its grids' people and the one who lives in the village itself; its totals one row a grid
    const village = await rank(v1);
    assert.ok(village.entries.some((e: { subject: string }) => e.subject === gridded.household) && village.entries.some((e: { subject: string }) => e.subject === gridded.person));
    const places = village.aggregates.byPlace.map((p: { regionCode: string }) => p.regionCode);
    assert.ok(places.includes(g1) && places.includes(g2), JSON.stringify(places));
  });

  it('a village\'s month: households and people by points earned, 红榜 from the public mark, 黑榜 only for points lost; grid workers by service', async () => {
    const r = await get(`/api/points/rankings?region=${area.villages[0]}&period=month&start=${last.start}`, admin.auth);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.deepEqual(body.entries.map((e: { subject: string; earned: number; rank: number; board: string | null }) => [e.subject, e.earned, e.rank, e.board]),
      [[people.c, 40, 1, 'red'], [people.household, 10, 2, null], [people.d, -8, 3, 'black']]);
    assert.equal(body.entries[1].label, '郭家');
    assert.deepEqual([body.thresholds, body.closed, body.aggregates.all.subjects, body.aggregates.all.total], [{ red: 30, black: -1 }, true, 3, 42]);
    assert.match(body.note.zh, /不是任务指标/);
    const service = (await get(`/api/points/rankings?region=${area.villages[0]}&ledger=grid_worker&period=month&start=${last.start}`, admin.auth)).json();
    assert.deepEqual(service.entries.map((e: { earned: number }) => e.earned), [6], JSON.stringify(service));
    // the township sees both villages; the rollup gives what the ledger gives
    const township = (await get(`/api/points/rankings?region=${area.townships[0]}&period=month&start=${last.start}`, admin.auth)).json();
    assert.equal(township.aggregates.byPlace.length, 2, JSON.stringify(township));
    const repo = vb.services.pointsRankings.repo;
    const sort = (rows: { subject: string; earned: number }[]) => rows.map((x) => `${x.subject}:${x.earned}`).sort();
    assert.deepEqual(sort(await repo.fromRollup('resident', last, area.district)), sort(await repo.fromLedger('resident', last, area.district)));
  });

  it('bad input: a future period is a 400, a day that starts no month a 400, a foreign area a 403 — and none of them writes the rollup', async () => {
    const before = await count('points_rank_rollup_state');
    const next = rankPeriodOf('month', new Date(Date.now() + 40 * DAY));
    const future = await get(`/api/points/rankings?region=${area.villages[0]}&period=month&start=${next.start}`, admin.auth);
    assert.deepEqual([future.statusCode, future.json().error.code], [400, 'POINTS_RANK_PERIOD_FUTURE']);
    const odd = await get(`/api/points/rankings?region=${area.villages[0]}&period=month&start=${last.start.slice(0, 8)}02`, admin.auth);
    assert.equal(odd.statusCode, 400);
    const away = await get(`/api/points/rankings?region=${area.villages[0]}&period=month&start=${last.start}`, foreign.auth);
    assert.equal(away.statusCode, 403);
    const publishFuture = await send('POST', '/api/points/rankings/lists', admin.auth, { regionCode: area.villages[0], period: 'month', start: next.start });
    assert.equal(publishFuture.statusCode, 400);
    assert.equal(await count('points_rank_rollup_state'), before);
    assert.equal(await count('points_rank_lists'), 0);
  });

  it('publishing: a snapshot with its hash; again is the same list; an open period is a 409; the ledger recomputes the same hash, a tampered row shows', async () => {
    const open = await send('POST', '/api/points/rankings/lists', admin.auth, { regionCode: area.villages[0], period: 'month', start: rankPeriodOf('month', new Date()).start });
    assert.deepEqual([open.statusCode, open.json().error.code], [409, 'POINTS_RANK_PERIOD_OPEN']);
    assert.equal(await count('points_rank_lists'), 0);
    const first = await send('POST', '/api/points/rankings/lists', admin.auth, { regionCode: area.villages[0], period: 'month', start: last.start });
    assert.equal(first.statusCode, 200, first.body);
    const list = first.json().list;
    assert.deepEqual([first.json().created, list.status, list.entries.length, list.contentHash.length], [true, 'noticed', 3, 64]);
    const again = await send('POST', '/api/points/rankings/lists', admin.auth, { regionCode: area.villages[0], period: 'month', start: last.start });
    assert.deepEqual([again.json().created, again.json().list.id, again.json().list.contentHash], [false, list.id, list.contentHash]);
    assert.equal(await count('points_rank_lists'), 1);
    // a correction this month does not change last month's list
    const verify = async () => (await get(`/api/points/rankings/lists/${list.id}/verify`, admin.auth)).json();
    assert.deepEqual([(await verify()).matches, (await verify()).ledger], [true, list.contentHash]);
    // the people of the village read it (公示); someone elsewhere does not
    assert.equal((await get(`/api/points/rankings/lists/${list.id}`, neighbour.auth)).statusCode, 200);
    assert.equal((await get(`/api/points/rankings/lists/${list.id}`, foreign.auth)).statusCode, 404);
    // tampering with the stored snapshot: the recompute shows it, and writes nothing
    await vb.platform.database.raw(`UPDATE points_rank_lists SET content = jsonb_set(content, '{entries,0,earned}', '99') WHERE id = $1`, [list.id]);
    const bad = await verify();
    assert.equal(bad.matches, false);
    assert.equal(bad.ledger, list.contentHash);
    assert.notEqual(bad.stored, list.contentHash);
    assert.deepEqual(bad.differences.map((x: { subject: string; ledger: { earned: number }; stored: { earned: number } }) => [x.subject, x.ledger.earned, x.stored.earned]), [[people.c, 40, 99]]);
    await vb.platform.database.raw(`UPDATE points_rank_lists SET content = jsonb_set(content, '{entries,0,earned}', '40') WHERE id = $1`, [list.id]);
    assert.equal((await verify()).matches, true);
    assert.equal(await count('points_rank_lists'), 1);
  });

  it('公示: a resident of the village objects (someone elsewhere may not), the township upholds it', async () => {
    const [list] = (await get(`/api/points/rankings/lists?region=${area.villages[0]}`, admin.auth)).json().items;
    const no = await send('POST', `/api/points/rankings/lists/${list.id}/objections`, outsider.auth, { reason: '我们村没有这户' });
    assert.equal(no.statusCode, 404); // another village's resident cannot even read it
    const yes = await send('POST', `/api/points/rankings/lists/${list.id}/objections`, neighbour.auth, { reason: '郭家的分数不对' });
    assert.deepEqual([yes.statusCode, yes.json().status, yes.json().objections], [200, 'objected', 1]);
    const up = await send('POST', `/api/points/rankings/lists/${list.id}/recheck`, leader.auth, { decision: 'uphold', reason: '核实无误' });
    assert.deepEqual([up.statusCode, up.json().status], [200, 'noticed']);
    const twice = await send('POST', `/api/points/rankings/lists/${list.id}/recheck`, leader.auth, { decision: 'uphold', reason: '核实无误' });
    assert.equal(twice.statusCode, 409);
    // the board's own code and words (the claims' one said 这份申报): nothing waits for the township now
    assert.equal(twice.json().error.code, 'POINTS_RANK_NOT_OBJECTED');
  });

  it('the aggregates-only switch: the village shows no household or person, a wider ranking leaves its people out but counts them', async () => {
    const bad = await send('PUT', `/api/points/rankings/settings/${area.villages[0]}`, admin.auth, { thresholds: { week: { red: 5, black: 6 }, month: { red: 30, black: -1 }, year: { red: 300, black: -1 } } });
    assert.equal(bad.statusCode, 400);
    assert.equal(await count('points_rank_settings'), 0);
    const on = await send('PUT', `/api/points/rankings/settings/${area.villages[0]}`, admin.auth, { aggregatesOnly: true });
    assert.deepEqual([on.statusCode, on.json().aggregatesOnly], [200, true]);
    const village = (await get(`/api/points/rankings?region=${area.villages[0]}&period=month&start=${last.start}`, admin.auth)).json();
    assert.deepEqual([village.aggregatesOnly, village.entries.length, village.aggregates.all.subjects, village.aggregates.all.red, village.aggregates.all.black], [true, 0, 3, 1, 1]);
    const township = (await get(`/api/points/rankings?region=${area.townships[0]}&period=month&start=${last.start}`, admin.auth)).json();
    assert.ok(township.entries.every((e: { regionCode: string }) => !e.regionCode.startsWith(area.villages[0])));
    assert.ok(township.entries.some((e: { regionCode: string }) => e.regionCode.startsWith(area.villages[1])));
    assert.ok(township.aggregates.all.subjects >= 4);
    await send('PUT', `/api/points/rankings/settings/${area.villages[0]}`, admin.auth, { aggregatesOnly: false });
  });
});
