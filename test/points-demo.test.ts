/**
 * The demo's expiry and 红黑榜 (issue 19's "Done means"): on the seeded district, 余大伯 has last year's
 * points that expire at the end of this year, and 余东村's 红黑榜 of last month is published and recomputes
 * from the ledger to the same hash; seeding it again changes nothing (the same award, the same list).
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { gridOf } from '../src/demo/demo-data.ts';
import { seedRankingsAndExpiry } from '../src/demo/history/points-rankings.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';

const NOW = new Date('2026-12-07T02:00:00Z');

describeOnDatabases('demo: points about to expire and last month\'s 红黑榜', ({ vb }) => {
  const known = new Map<string, string>();
  const codeByName = new Map<string, string>();
  before(async () => {
    await seedDemo(vb.platform, vb.services, { history: false });
    const people = await vb.services.users.peopleByPhone(['13800000001']);
    known.set('13800000001', people['13800000001'].id);
    const [admin] = await vb.platform.database.raw<{ id: string }>("SELECT id FROM users WHERE username = 'admin'", []);
    known.set('admin', admin.id);
    const [yudong] = await vb.platform.database.raw<{ code: string }>("SELECT code FROM regions WHERE name = '余东村'", []);
    codeByName.set('余东村', yudong.code);
  });

  it('余大伯 is told that his points of last year (30 of them seeded here) expire on 31 December; the list is published and verifies; a second seeding adds nothing', async () => {
    const first = await seedRankingsAndExpiry(vb.platform, vb.services, codeByName, known, NOW.getTime());
    // the 30 seeded here, and whatever else the demo (the credit story's year of earned points) gave him last year
    assert.ok(first.expiring >= 30, `${first.expiring} points expiring`);
    await vb.platform.events.flush();
    const told = await vb.platform.database.raw<{ title: string }>('SELECT title FROM user_notifications WHERE user_id = $1', [known.get('13800000001')]);
    // (his 金点子's answer and progress messages from the ideas demo are his too: only the points' are counted here)
    assert.deepEqual(told.map((x) => x.title).filter((t) => t.includes('积分')), [`您有${first.expiring}积分将于2026年12月31日到期`]);
    const again = await seedRankingsAndExpiry(vb.platform, vb.services, codeByName, known, NOW.getTime());
    assert.deepEqual(again, first);
    const admin = await vb.services.users.actorOf(known.get('admin')!);
    const list = await vb.services.pointsRankings.get(admin, first.listId!, NOW);
    assert.deepEqual([list.regionCode, list.period.kind, list.period.start, list.status], [codeByName.get('余东村'), 'month', '2026-11-01', 'noticed']);
    const check = await vb.services.pointsRankings.verify(admin, first.listId!);
    assert.equal(check.matches, true);
    assert.equal(check.ledger, list.contentHash);
    const [n] = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM points_transfers WHERE business_key LIKE 'demo:expiring:%'", []);
    assert.equal(n.n, 2);
  });

  it('grid rankings have people: 余大伯\'s family ranks in 余东村第1网格, where its people live, and the village\'s totals are by grid', async () => {
    const admin = await vb.services.users.actorOf(known.get('admin')!);
    const grid = gridOf(codeByName.get('余东村')!, 1);
    const household = await vb.services.households.householdOf(known.get('13800000001')!);
    assert.ok(household);
    const year = await vb.services.pointsRankings.ranking(admin, { region: grid, period: 'year', start: '2026-01-01' }, NOW);
    // the household when its claims named it, else each person (the credit story's awards name no claim)
    const ours = new Set([household.id, ...household.memberIds.map((m) => `p:${m}`)]);
    assert.ok(year.entries.some((e) => ours.has(e.subject)), JSON.stringify(year.entries));
    assert.ok(year.entries.every((e) => e.regionCode === grid));
    const village = await vb.services.pointsRankings.ranking(admin, { region: codeByName.get('余东村')!, period: 'year', start: '2026-01-01' }, NOW);
    assert.ok(village.aggregates.byPlace.some((p) => p.regionCode === grid && p.subjects >= 1), JSON.stringify(village.aggregates.byPlace));
  });
});
