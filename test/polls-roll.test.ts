/**
 * Paper and phone, one vote each (issue 20): the clerks' voted roll — who already voted on the phone,
 * names and phones masked, per household the household — to cross off before handing out paper ballots.
 * It never holds a choice; only the poll's clerks and village staff open it (audited); bad ids and
 * other villages answer 400/404, residents 403, nobody signed in 401. On PGlite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeHousehold, makeNamedResident, makeResident, makeStaff, type Area, type TestUser } from './builders/index.ts';

type Who = { auth: Record<string, string> };

describeOnDatabases('polls: the voted roll for the meeting', ({ vb }) => {
  let area: Area;
  let village: string;
  let boss: TestUser;
  before(async () => {
    area = await makeArea(vb);
    village = area.villages[0];
    boss = await makeStaff(vb, 'operator', village);
  });

  const call = (method: 'GET' | 'POST', url: string, who: Who | null, payload?: object) => vb.app.inject({ method, url, headers: who?.auth ?? {}, ...(payload ? { payload } : {}) });
  const newPoll = async (voterMode: 'person' | 'household', region = village, by: Who = boss) => {
    const res = await call('POST', '/api/polls', by, {
      regionCode: region, question: voterMode === 'person' ? '村晚在哪里办' : '是否同意拓宽村道', options: ['祠堂', '文化礼堂'], choice: 'single', voterMode,
      opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string };
  };
  const audits = async (id: string) => Number((await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'ideas.poll_roll' AND entity_id = $1", [id]))[0].n);

  it('the clerk sees who voted on the phone, masked, and nothing of what they chose', async () => {
    const poll = await newPoll('person');
    const [guo, yu] = [await makeNamedResident(vb, village, '郭渭民'), await makeNamedResident(vb, village, '余大伯')];
    await makeResident(vb, village); // a neighbour who did not vote
    for (const [who, c] of [[yu, 1], [guo, 0]] as const) assert.equal((await call('POST', `/api/polls/${poll.id}/ballots`, who, { choices: [c] })).statusCode, 201);
    const clerk = await makeStaff(vb, 'handler', village);
    const res = await call('GET', `/api/polls/${poll.id}/voted-roll`, clerk);
    assert.equal(res.statusCode, 200, res.body);
    const roll = res.json();
    assert.equal(roll.voterMode, 'person');
    assert.equal(roll.state, 'open');
    assert.deepEqual(roll.items.map((i: { name: string }) => i.name).sort(), ['余*伯', '郭*民'].sort());
    assert.ok(roll.items.every((i: { phone: string; household: unknown }) => /^\d{3}\*{4}\d{4}$/.test(i.phone) && i.household === null), res.body);
    assert.ok(!res.body.includes('郭渭民') && !res.body.includes(guo.phone), 'names and phones masked');
    assert.ok(!/choice|祠堂|文化礼堂/.test(res.body.replace(roll.question, '')), 'nothing of the ballots');
    assert.equal(roll.items.length, 2, 'who did not vote is not on it');
    assert.equal(await audits(poll.id), 1, 'opening the roll is audited');
    // the village's operator (who runs the poll) opens it too
    assert.equal((await call('GET', `/api/polls/${poll.id}/voted-roll`, boss)).statusCode, 200);
  });

  it('per household: the household that voted is on the roll (any of its members may have voted)', async () => {
    const poll = await newPoll('household');
    const { members } = await makeHousehold(vb, { village, size: 3, address: '上余 12 号' });
    assert.equal((await call('POST', `/api/polls/${poll.id}/ballots`, members[1], { choices: [0] })).statusCode, 201);
    const alone = await makeResident(vb, village);
    assert.equal((await call('POST', `/api/polls/${poll.id}/ballots`, alone, { choices: [1] })).statusCode, 201);
    const roll = (await call('GET', `/api/polls/${poll.id}/voted-roll`, boss)).json();
    assert.equal(roll.items.length, 2);
    const hh = roll.items.find((i: { household: unknown }) => i.household);
    assert.equal(hh.household.address, '上余 12 号');
    assert.match(hh.household.name, /\*/, 'the household\'s name masked');
    assert.ok(roll.items.some((i: { household: unknown }) => i.household === null), 'a person in no household counts alone');
  });

  it('bad input and the wrong people: 400, 401, 403, 404 — and no audit row', async () => {
    const poll = await newPoll('person');
    const resident = await makeResident(vb, village);
    assert.equal((await call('POST', `/api/polls/${poll.id}/ballots`, resident, { choices: [0] })).statusCode, 201);
    const other = area.villages[1];
    const expect = async (status: number, code: string, url: string, who: Who | null) => {
      const before = await audits(poll.id);
      const res = await call('GET', url, who);
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().error.code, code);
      assert.equal(await audits(poll.id), before, 'nothing written');
    };
    await expect(400, 'VALIDATION_FAILED', '/api/polls/not-a-uuid/voted-roll', boss);
    await expect(404, 'POLL_NOT_FOUND', '/api/polls/00000000-0000-4000-8000-000000000000/voted-roll', boss);
    await expect(401, 'UNAUTHENTICATED', `/api/polls/${poll.id}/voted-roll`, null);
    // a villager, even one who voted: the roll is the clerks'
    await expect(403, 'FORBIDDEN', `/api/polls/${poll.id}/voted-roll`, resident);
    // another village's staff and clerks do not see this village's roll
    await expect(404, 'POLL_NOT_FOUND', `/api/polls/${poll.id}/voted-roll`, await makeStaff(vb, 'handler', other));
    await expect(404, 'POLL_NOT_FOUND', `/api/polls/${poll.id}/voted-roll`, await makeStaff(vb, 'operator', other));
  });
});
