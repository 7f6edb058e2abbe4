/**
 * The workbench's case counts (GET /api/cases/summary): each equals what the queue's own filters give,
 * scoped to the caller's area in SQL; the 14-day trend counts by Shanghai day; a region outside the
 * caller's area is refused, and so is a resident.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { OPEN_STATES } from '../src/cases/index.ts';
import { shanghaiMidnight } from '../src/cases/summary.ts';
import { makeArea, makeCase, makeResident, makeStaff, type Area } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';

type Summary = { newToday: number; closedToday: number; open: number; overdue: number; escalated: number; trend: { day: string; received: number; closed: number }[] };

describeOnDatabases('case summary (the workbench)', ({ vb }) => {
  let area: Area;
  let operator: Awaited<ReturnType<typeof makeStaff>>;
  let admin: Awaited<ReturnType<typeof makeStaff>>;
  let grid: Awaited<ReturnType<typeof makeStaff>>;
  const sqlRun = (text: string, params: unknown[]) => vb.platform.database.raw(text, params);
  const summary = async (who: { auth: Record<string, string> }, region?: string) => {
    const r = await vb.app.inject({ url: `/api/cases/summary${region ? `?region=${region}` : ''}`, headers: who.auth });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as Summary;
  };
  const listed = async (who: { auth: Record<string, string> }, query: string) => {
    const r = await vb.app.inject({ url: `/api/cases?limit=500&${query}`, headers: who.auth });
    assert.equal(r.statusCode, 200, r.body);
    return (r.json().items as unknown[]).length;
  };

  before(async () => {
    area = await makeArea(vb);
    operator = await makeStaff(vb, 'operator', area.townships[0]);
    admin = await makeStaff(vb, 'admin', area.district);
    grid = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const reporter = await makeStaff(vb, 'grid_worker', area.villages[1]);
    const cases = [];
    // the first two in the grid worker's village, dispatched to them
    for (let i = 0; i < 4; i++) cases.push(await makeCase(vb, reporter, { at: area.gridPoints[i], dispatch: i < 2 ? { by: operator, to: grid } : undefined }));
    // one in the other township: not the operator's
    await makeCase(vb, await makeStaff(vb, 'grid_worker', area.villages[2]), { at: area.gridPoints[4] });
    // the clock's work, done by hand: one past its deadline, one escalated to the township, one reported three days ago
    await sqlRun(`UPDATE cases SET deadline = now() - interval '1 hour', sign_deadline = now() - interval '1 hour' WHERE id = $1`, [cases[0].id]);
    await sqlRun(`UPDATE cases SET level = 'township' WHERE id = $1`, [cases[1].id]);
    await sqlRun(`UPDATE cases SET reported_at = $2 WHERE id = $1`, [cases[2].id, new Date(shanghaiMidnight(new Date(), 3).getTime() + 3_600_000)]);
  });

  it('each count equals the queue\'s own filter, in the caller\'s area', async () => {
    const s = await summary(operator);
    const open = OPEN_STATES.map((x) => `state=${x}`).join('&');
    assert.equal(s.open, await listed(operator, open));
    assert.equal(s.overdue, await listed(operator, 'overdue=true'));
    assert.equal(s.escalated, await listed(operator, `${open}&level=township&level=district&level=city`));
    assert.deepEqual([s.open, s.overdue, s.escalated, s.newToday, s.closedToday], [4, 1, 1, 3, 0]);
    const district = await summary(admin);
    assert.equal(district.open, 5, 'the district sees the other township\'s case too');
    assert.equal((await summary(admin, area.townships[1])).open, 1, 'one region in the caller\'s area');
  });

  it('the trend is 14 Shanghai days ending today', async () => {
    const s = await summary(operator);
    assert.equal(s.trend.length, 14);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    assert.equal(s.trend.at(-1)!.day, today);
    assert.equal(s.trend.at(-1)!.received, s.newToday);
    assert.equal(s.trend.at(-4)!.received, 1, 'the case reported three days ago');
    assert.equal(s.trend.reduce((n, d) => n + d.received, 0), 4);
  });

  it('a region outside the caller\'s area is 403, a bad code 400, a resident 403 — nothing is written', async () => {
    const before = await sqlRun('SELECT count(*)::int AS n FROM cases', []);
    assert.equal((await vb.app.inject({ url: `/api/cases/summary?region=${area.townships[1]}`, headers: operator.auth })).statusCode, 403);
    assert.equal((await vb.app.inject({ url: '/api/cases/summary?region=12ab', headers: operator.auth })).statusCode, 400);
    const resident = await makeResident(vb, area.villages[0]);
    assert.equal((await vb.app.inject({ url: '/api/cases/summary', headers: resident.auth })).statusCode, 403);
    assert.deepEqual(await sqlRun('SELECT count(*)::int AS n FROM cases', []), before);
  });
});
