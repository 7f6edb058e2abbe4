/**
 * Expiry of points (issue 19 item 4): FIFO lots computed from the ledger, checked property-based
 * against a plain queue of lots; on the database: the cycle expires once (a rerun and a clock jump add
 * nothing), "earned" stays as it was, an open objection on the household pauses it, and the notice 30
 * days before reaches the bell and the SMS once.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { cyclesDue, dueOf, expiryMoment, LotQueue, yearStartOf } from '../src/points/expiry-model.ts';
import { expiryTransferId, uuidv7, type TransferInput } from '../src/points/index.ts';
import { makeArea, makeHousehold, makeResident, makeStaff, type Area } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';

const at = (s: string) => new Date(`${s}+08:00`);

describe('expiry lots (pure)', () => {
  it('the sums give what a FIFO queue of lots has left, cycle after cycle (fast-check)', () => {
    const event = fc.oneof(
      fc.record({ kind: fc.constant('earn' as const), amount: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ kind: fc.constant('spend' as const), amount: fc.integer({ min: 1, max: 150 }) }),
    );
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 }), fc.array(fc.array(event, { maxLength: 8 }), { minLength: 1, maxLength: 6 }), (keep, years) => {
      const q = new LotQueue();
      const credits: number[] = []; // by year index
      let debits = 0; // spends so far (all happen before the next expiry moment)
      let expired = 0;
      let balance = 0;
      for (let y = 0; y < years.length + keep + 1; y++) {
        // the start of year y: the cycle y − keep − 1 expires first
        const cycle = y - keep - 1;
        if (cycle >= 0) {
          const creditsUpTo = credits.slice(0, cycle + 1).reduce((s, c) => s + c, 0);
          const due = dueOf({ creditsUpTo, debitsBefore: debits, expiredBefore: expired, available: balance });
          assert.equal(due, q.expire(cycle), `cycle ${cycle}`);
          expired += due;
          balance -= due;
        }
        credits[y] = 0;
        for (const e of years[y] ?? []) {
          if (e.kind === 'earn') { q.earn(y, e.amount); credits[y] += e.amount; balance += e.amount; }
          else if (q.spend(e.amount)) { debits += e.amount; balance -= e.amount; }
        }
        assert.equal(q.balance, balance);
      }
    }), { numRuns: 500 });
  });

  it('cycles: earned in 2024 expire at the start of 2026 (Shanghai); a late run does every missed cycle in order', () => {
    assert.equal(expiryMoment(2024).toISOString(), '2025-12-31T16:00:00.000Z');
    assert.deepEqual(cyclesDue(2023, at('2026-01-01T00:10:00')), [2023, 2024]);
    assert.deepEqual(cyclesDue(2023, at('2025-12-31T23:59:00')), [2023]);
    assert.deepEqual(cyclesDue(2024, at('2028-03-01T00:00:00'), 2), [2024, 2025]);
    assert.equal(yearStartOf(2025).toISOString(), '2024-12-31T16:00:00.000Z');
  });
});

describeOnDatabases('points expiry', ({ vb }) => {
  let area: Area;
  let issuance: string;
  let shop: string;
  const award = (to: string, amount: number): TransferInput => ({ id: uuidv7(), ledger: 'resident', debitAccountId: issuance, creditAccountId: to, amount, code: 'award', reason: '垃圾分类' });
  const spend = (from: string, amount: number): TransferInput => ({ id: uuidv7(), ledger: 'resident', debitAccountId: from, creditAccountId: shop, amount, code: 'spend' });
  const apply = async (t: TransferInput, now: string) => { const [r] = await vb.services.points.apply([t], at(now)); assert.ok(r.ok, JSON.stringify(r)); };
  const account = async (id: string) => (await vb.services.points.repo.account(id))!;
  const expiries = async (accountId: string) => vb.platform.database.raw<{ amount: string; business_key: string }>(`SELECT amount::text, business_key FROM points_transfers WHERE code = 'expiry' AND debit_account_id = $1 ORDER BY created_at`, [accountId]);

  before(async () => {
    area = await makeArea(vb);
    issuance = (await vb.services.points.systemAccount('resident', 'issuance')).id;
    shop = (await vb.services.points.systemAccount('resident', 'shop')).id;
  });

  it('runs without JIT compilation on PostgreSQL (each bulk chunk would compile anew: half its time)', async () => {
    if (vb.platform.database.kind !== 'postgres') return;
    const [row] = await vb.platform.database.raw<{ jit: string }>('SHOW jit', []);
    assert.equal(row.jit, 'off');
  });

  it('what is left of 2024 after spending (oldest first) expires at the end of 2025, once; earned stays; a clock jump expires the missed cycles in order', async () => {
    const r = await makeResident(vb, area.villages[0]);
    const acc = (await vb.services.points.accountOf(r.id)).id;
    await apply(award(acc, 50), '2024-03-01T10:00:00');
    await apply(award(acc, 30), '2024-11-01T10:00:00');
    await apply(spend(acc, 60), '2025-02-01T10:00:00'); // takes 60 of 2024's 80
    await apply(award(acc, 40), '2025-06-01T10:00:00');
    await apply(spend(acc, 5), '2026-01-03T10:00:00'); // after the expiry moment: not counted against 2024 (the job just ran late)
    const earned2024 = await vb.services.points.repo.earnedIn(acc, yearStartOf(2024), yearStartOf(2025));
    const expiry = vb.services.pointsExpiry;
    const first = await expiry.expireDue(at('2026-01-05T00:10:00'));
    assert.ok(first.expired >= 1);
    assert.deepEqual((await expiries(acc)).map((e) => [e.amount, e.business_key]), [['20', `expiry:${acc}:2024`]]);
    assert.equal((await account(acc)).creditsPosted - (await account(acc)).debitsPosted, 35); // 80 − 60 − 20 + 40 − 5
    assert.equal(await vb.services.points.repo.earnedIn(acc, yearStartOf(2024), yearStartOf(2025)), earned2024, 'expiry never lowers earned');
    assert.equal(earned2024, 80);
    // run again, and again with the clock set back: nothing more
    await expiry.expireDue(at('2026-01-05T00:10:00'));
    await expiry.expireDue(at('2025-06-01T00:00:00'));
    assert.equal((await expiries(acc)).length, 1);
    // a jump to 2028: 2025's 40 less the 5 spent (FIFO takes 2025's lots: 2024's are gone) expires, then 2026 (nothing)
    await expiry.expireDue(at('2028-01-02T00:10:00'));
    assert.deepEqual((await expiries(acc)).map((e) => e.amount), ['20', '35']);
    assert.equal(await vb.services.points.repo.earnedIn(acc, yearStartOf(2025), yearStartOf(2026)), 40);
    const sink = (await vb.services.points.systemAccount('resident', 'expired')).id;
    assert.ok((await account(sink)).creditsPosted >= 55);
    // double entry holds (Σ debits = Σ credits over the ledger's accounts and over its transfers), and the id is the one expiryTransferId gives (the account's first 48 bits, then the key's hash)
    const [sums] = await vb.platform.database.raw<{ d: string; c: string; t: string }>(`SELECT sum(debits_posted)::text AS d, sum(credits_posted)::text AS c,
      (SELECT sum(amount) FROM points_transfers WHERE ledger = 'resident' AND kind IN ('single', 'post'))::text AS t FROM points_accounts WHERE ledger = 'resident'`, []);
    assert.deepEqual([sums.d, sums.c], [sums.t, sums.t]);
    const [row] = await vb.platform.database.raw<{ id: string; balances_after: { debit: { debitsPosted: number } } }>(`SELECT id, balances_after FROM points_transfers WHERE business_key = $1`, [`expiry:${acc}:2024`]);
    assert.equal(row.id, expiryTransferId(acc, 2024));
    assert.equal(row.id.slice(0, 13), acc.slice(0, 13));
    assert.equal(row.balances_after.debit.debitsPosted, 85); // spent 60 + 5, then 20 expired
  });

  it('an objection open on the household pauses its expiry until the township decides', async () => {
    const { head, members } = await makeHousehold(vb, { village: area.villages[1], size: 2 });
    const objector = await makeResident(vb, area.villages[1]);
    const acc = (await vb.services.points.accountOf(members[1].id)).id;
    await apply(award(acc, 12), '2024-05-01T10:00:00');
    // an award of the head on 公示 (now), objected by a neighbour: the whole household waits
    const award2 = await vb.services.pointsClaims.awardForCase({ trigger: 'case.closed', caseId: uuidv7(), villageCode: area.villages[1], categoryCode: '0107', beneficiaryId: head.id });
    assert.ok(award2?.created);
    const post = (url: string, auth: Record<string, string>, payload: object) => vb.app.inject({ method: 'POST', url, headers: auth, payload });
    assert.equal((await post(`/api/points/claims/${award2.claim.id}/objections`, objector.auth, { reason: '这件事不是他上报的' })).statusCode, 200);
    await vb.services.pointsExpiry.expireDue(at('2026-01-02T00:10:00'));
    assert.equal((await expiries(acc)).length, 0, 'paused');
    assert.equal((await vb.services.pointsExpiry.upcoming(members[1].id, 'resident', at('2025-12-20T00:00:00'))).paused, true);
    // decided (overturned) by the township: the next run expires it
    const leader = await makeStaff(vb, 'leader', area.townships[0]);
    assert.equal((await post(`/api/points/claims/${award2.claim.id}/recheck`, leader.auth, { decision: 'overturn', reason: '核实不是本人上报' })).statusCode, 200);
    await vb.services.pointsExpiry.expireDue(at('2026-01-03T00:10:00'));
    assert.deepEqual((await expiries(acc)).map((e) => e.amount), ['12']);
  });

  it('30 days before, each person with points about to expire is told once (bell and SMS); 我的积分 says how many and when', async () => {
    const r = await makeResident(vb, area.villages[2]);
    const acc = (await vb.services.points.accountOf(r.id)).id;
    await apply(award(acc, 25), '2025-04-01T10:00:00');
    await apply(spend(acc, 10), '2025-08-01T10:00:00');
    const expiry = vb.services.pointsExpiry;
    assert.equal(await expiry.noticeDue(at('2026-11-20T09:00:00')), 0, 'too early');
    const soon = await expiry.upcoming(r.id, 'resident', at('2026-12-05T09:00:00'));
    assert.deepEqual([soon.cycle, soon.amount, soon.lastDay, soon.paused], [2025, 15, '2026年12月31日', false]);
    assert.ok((await expiry.noticeDue(at('2026-12-05T09:00:00'))) >= 1);
    assert.equal(await expiry.noticeDue(at('2026-12-06T09:00:00')), 0, 'once');
    await vb.platform.events.flush();
    const bells = await vb.platform.database.raw<{ title: string }>('SELECT title FROM user_notifications WHERE user_id = $1', [r.id]);
    assert.deepEqual(bells.map((b) => b.title), ['您有15积分将于2026年12月31日到期']);
    const me = await vb.app.inject({ url: '/api/me/points/expiring', headers: r.auth });
    assert.equal(me.statusCode, 200);
    assert.equal(typeof me.json().amount, 'number');
  });
});
