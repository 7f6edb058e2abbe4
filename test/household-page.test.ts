/**
 * A household's page beyond its record (issue 20): its points (GET /api/points/households/:id) and the
 * cases its people reported (GET /api/households/:id/cases), on PGlite and PostgreSQL. Need-to-know is
 * the registry's: the grid's worker sees both; another grid's worker and staff without a grant get the
 * record's 404 and nothing of the household; a household that reported nothing answers an empty list.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { awardPoints, makeArea, makeCase, makeHousehold, makeNamedResident, makeStaff, spendPoints, type Area, type TestUser } from './builders/index.ts';

describeOnDatabases('household page: points and cases reported', ({ vb }) => {
  let area: Area;
  let village: string;
  let admin: TestUser;
  before(async () => {
    area = await makeArea(vb);
    village = area.villages[0];
    admin = await makeStaff(vb, 'admin', area.townships[0]);
  });
  const get = (url: string, who: { auth: Record<string, string> }) => vb.app.inject({ method: 'GET', url, headers: who.auth });
  const inGrid = async (g: number, size = 2) => {
    const made = await makeHousehold(vb, { village, size });
    const [lon, lat] = area.gridPoints[g];
    const res = await vb.app.inject({ method: 'POST', url: `/api/households/${made.household.id}/update`, headers: admin.auth, payload: { gridCode: area.grids[g], lon, lat } });
    assert.equal(res.statusCode, 200, res.body);
    return made;
  };

  it('the grid\'s worker sees the household\'s points (summed, this year, latest lines with masked names) and its members\' reports, newest first, in its village', async () => {
    const { household, head, members } = await inGrid(0);
    const spouse = members[1];
    const now = Date.now();
    await awardPoints(vb, head.id, 30, new Date(now - 3_000));
    await awardPoints(vb, spouse.id, 12, new Date(now - 2_000));
    await spendPoints(vb, head.id, 5, new Date(now - 1_000));
    const first = await makeCase(vb, head, { at: area.gridPoints[0], title: '路灯不亮', source: 'resident' });
    await makeCase(vb, spouse, { at: area.gridPoints[1], title: '垃圾桶满了', source: 'resident' });
    // not listed: a neighbour's report, and the head's report in another village (outside the household's area)
    const neighbour = await makeNamedResident(vb, village, '邻居老王');
    await makeCase(vb, neighbour, { at: area.gridPoints[0], title: '邻居的事', source: 'resident' });
    await makeCase(vb, head, { at: area.gridPoints[2 * 2], title: '别村的事', source: 'resident' });

    const grid = await makeStaff(vb, 'grid_worker', area.grids[0]);
    const points = await get(`/api/points/households/${household.id}`, grid);
    assert.equal(points.statusCode, 200, points.body);
    const p = points.json();
    assert.equal(p.householdId, household.id);
    assert.equal(p.members, 2);
    assert.equal(p.balance, 37);
    assert.equal(p.available, 37);
    assert.equal(p.earnedThisYear, 42, 'spending does not lower what was earned');
    assert.deepEqual(p.recent.map((r: { change: number; code: string }) => [r.change, r.code]), [[-5, 'spend'], [12, 'award'], [30, 'award']], 'newest first');
    assert.ok(p.recent.every((r: { memberName: string }) => r.memberName && r.memberName !== head.name && r.memberName !== spouse.name), 'names masked');
    assert.equal(p.recent[0].memberName[0], head.name[0]);

    const cases = await get(`/api/households/${household.id}/cases`, grid);
    assert.equal(cases.statusCode, 200, cases.body);
    const items = cases.json().items as { id: string; no: string; title: string; categoryCode: string; categoryName: string; state: string; reportedAt: string; rating: string | null }[];
    assert.deepEqual(items.map((c) => c.title), ['垃圾桶满了', '路灯不亮'], 'the members\' reports in the village, newest first');
    assert.equal(items[1].id, first.id);
    assert.equal(items[1].no, first.no);
    assert.equal(items[1].categoryCode, '0201');
    assert.ok(items[1].categoryName.length > 0);
    assert.ok(items[1].state.length > 0 && items[1].rating === null && !Number.isNaN(Date.parse(items[1].reportedAt)));
  });

  it('another grid\'s worker and staff without a grant get the record\'s 404 on both, and nothing of the household', async () => {
    const { household, head } = await inGrid(0);
    await awardPoints(vb, head.id, 20, new Date());
    await makeCase(vb, head, { at: area.gridPoints[0], title: '秘密的事', source: 'resident' });
    const other = await makeStaff(vb, 'grid_worker', area.grids[1]);
    const operator = await makeStaff(vb, 'operator', area.townships[0]);
    const missing = crypto.randomUUID();
    for (const who of [other, operator]) {
      for (const url of [`/api/points/households/${household.id}`, `/api/households/${household.id}/cases`, `/api/households/${missing}/cases`, `/api/points/households/${missing}`]) {
        const res = await get(url, who);
        assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
        assert.equal(res.json().error.code, 'HOUSEHOLD_NOT_FOUND', 'the same answer whether or not it exists');
        assert.ok(!res.body.includes('秘密') && !res.body.includes(head.name[0] + '*') && !res.body.includes('"balance"'), 'nothing leaks');
      }
    }
    // the household's own member is not staff: their page is 我的户 / 我的积分, not this
    assert.equal((await get(`/api/points/households/${household.id}`, head)).statusCode, 404);
    assert.equal((await get(`/api/households/${household.id}/cases`, { auth: {} })).statusCode, 401);
    assert.equal((await get('/api/households/not-a-uuid/cases', other)).statusCode, 400);
    assert.equal((await get('/api/points/households/not-a-uuid', other)).statusCode, 400);
  });

  it('a household that reported nothing and earned nothing answers an empty list and zeros', async () => {
    const { household } = await inGrid(1, 1);
    const grid = await makeStaff(vb, 'grid_worker', area.grids[1]);
    const cases = await get(`/api/households/${household.id}/cases`, grid);
    assert.equal(cases.statusCode, 200, cases.body);
    assert.deepEqual(cases.json(), { items: [] });
    const points = await get(`/api/points/households/${household.id}`, grid);
    assert.equal(points.statusCode, 200, points.body);
    assert.deepEqual({ ...(points.json() as object), householdId: undefined }, { householdId: undefined, members: 1, balance: 0, available: 0, earnedThisYear: 0, recent: [] });
  });
});
