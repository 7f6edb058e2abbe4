/**
 * The demo's 金点子 and polls (issue 20 item 5): 余东村 has ideas in every state, each answer with its
 * reason, one adopted at 60 % with its milestones, one done with 改革体验员's ratings, one answer late
 * (on the staff's overdue list), a closed poll with turnout and result and an open one showing neither.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';

describeOnDatabases('demo: ideas and polls of 余东村', ({ vb }) => {
  before(async () => {
    await seedDemo(vb.platform, vb.services, { history: false });
  });

  it('shows ideas in every state, progress, ratings, a late answer and two polls', async () => {
    const [grid] = await vb.platform.database.raw<{ id: string }>("SELECT id FROM users WHERE username = 'yudong.grid'", []);
    const staff = await vb.services.users.actorOf(grid.id);
    const [yudong] = await vb.platform.database.raw<{ code: string }>("SELECT code FROM regions WHERE name = '余东村'", []);
    const page = await vb.services.ideas.list(staff, { region: yudong.code });
    assert.equal(page.total, 10);
    assert.deepEqual([...new Set(page.items.map((i) => i.state))].sort(), ['adopted', 'collecting', 'done', 'merged', 'not_adopted', 'under_review']);
    for (const i of page.items.filter((x) => x.outcome)) assert.ok(i.outcomeReason && i.outcomeReason.length > 5, `${i.title} has its reason`);
    const lamps = await vb.services.ideas.detail(staff, page.items.find((i) => i.title.includes('路灯'))!.id);
    assert.equal(lamps.progress, 60);
    assert.deepEqual(lamps.milestones.map((m) => m.progress), [20, 40, 60]);
    const parking = await vb.services.ideas.detail(staff, page.items.find((i) => i.state === 'done')!.id);
    assert.deepEqual(parking.officers.map((o) => o.stars), [5, 4]);
    const figures = await vb.services.ideas.outcomes(staff, yudong.code);
    assert.equal(figures.overdue, 1);
    assert.ok(figures.answeredShare! > 0 && figures.answeredShare! < 1);

    const polls = (await vb.services.polls.list(staff, { region: yudong.code })).items;
    const closed = polls.find((p) => p.state === 'closed')!;
    assert.deepEqual(closed.results, [3, 3, 11]);
    assert.equal(closed.voters, 17);
    assert.ok(closed.turnout! > 0 && closed.turnout! <= 1);
    const open = polls.find((p) => p.state === 'open')!;
    assert.equal(open.results, null);
    assert.equal(open.voters, 5);
  });
});
