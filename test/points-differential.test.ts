/**
 * The database agrees with the pure core: a seeded random workload (awards, spends, holds, posts,
 * voids, expiries, linked chains, corrections, exact and conflicting duplicates, colliding business
 * keys, transfers across ledgers, bad amounts) goes to the in-memory ledger and to the repository
 * batch by batch. Every result must be the same, and at the end every stored transfer and every
 * account's totals. A repository that loaded too little to decide (a pending, a reversed sum, a business
 * key) or wrote something else would differ here. POINTS_SEED=n replays a failure (the seed is printed).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { TransferInput, TransferResult } from '../src/points/index.ts';
import { uuidv7 } from '../src/points/index.ts';
import { MemoryLedger } from '../src/points/memory-ledger.ts';
import { toTransfer } from '../src/points/points.repository.ts';
import { pointsTransfers } from '../src/points/points.schema.ts';
import { makeArea, makeResident } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
// the seeded generator (mulberry32, the demo's): the same seed gives the same workload as before
import { random } from './helpers/points-vopr.ts';

const summary = (rs: TransferResult[]) => rs.map((r) => (r.ok ? `ok${r.existed ? ' (existed)' : ''}` : r.code));
const OPERATIONS = Number(process.env.POINTS_OPERATIONS ?? 300);

describeOnDatabases('points ledger: the database decides as the pure core does', ({ vb, kind }) => {
  it('a seeded random workload: the same results, transfers and balances', async () => {
    const seed = Number(process.env.POINTS_SEED ?? Date.now() % 1_000_000);
    const rnd = random(seed);
    const why = `seed ${seed} on ${kind} (POINTS_SEED=${seed} replays it)`;
    const memory = new MemoryLedger();
    const area = await makeArea(vb);
    const people: Record<'resident' | 'grid_worker', string[]> = { resident: [], grid_worker: [] };
    const system: Record<string, string> = {};
    for (const ledger of ['resident', 'grid_worker'] as const) {
      for (const name of ['issuance', 'shop'] as const) memory.open((system[`${ledger}-${name}`] = (await vb.services.points.systemAccount(ledger, name)).id), ledger, false);
      for (let i = 0; i < 3; i++) {
        const id = (await vb.services.points.accountOf((await makeResident(vb, area.villages[0])).id, ledger)).id;
        memory.open(id, ledger, true);
        people[ledger].push(id);
      }
    }
    // in the future: the module's own expiry job (real time) must not touch the workload's holds
    let clock = Date.now() + 365 * 86_400_000;
    const sent: TransferInput[] = [];
    const single = (ledger: 'resident' | 'grid_worker', spend: boolean, extra: Partial<TransferInput> = {}): TransferInput => {
      const who = rnd.pick(people[ledger]);
      return {
        id: uuidv7(), ledger, amount: rnd.int(1, 30), code: spend ? 'spend' : 'award', debitAccountId: spend ? who : system[`${ledger}-issuance`],
        creditAccountId: spend ? system[`${ledger}-shop`] : who, ...(rnd.next() < 0.3 ? { metadata: { source: 'case', n: rnd.int(1, 9), tags: ['a', 'b'] } } : {}), ...extra,
      };
    };
    for (let step = 0; step < OPERATIONS; step++) {
      const ledger = rnd.next() < 0.7 ? 'resident' as const : 'grid_worker' as const;
      const roll = rnd.next();
      let batch: TransferInput[] | null = null;
      if (roll < 0.25) batch = [single(ledger, false, rnd.next() < 0.2 ? { businessKey: `case:${rnd.int(1, 8)}:report` } : {})];
      else if (roll < 0.45) batch = [single(ledger, true)];
      else if (roll < 0.55) batch = [single(ledger, rnd.next() < 0.5, { kind: 'pending', timeoutSeconds: rnd.pick([0, 60, 600]) })];
      else if (roll < 0.65) {
        const pendings = [...memory.transfers.values()].filter((t) => t.kind === 'pending');
        if (pendings.length) {
          const p = rnd.pick(pendings);
          const kind = rnd.next() < 0.6 ? 'post' as const : 'void' as const;
          batch = [{ id: uuidv7(), kind, pendingId: p.id, ...(kind === 'post' && rnd.next() < 0.3 ? { amount: rnd.int(1, p.amount + 1) } : {}) }];
        }
      } else if (roll < 0.73) {
        const legs = rnd.int(2, 3);
        batch = Array.from({ length: legs }, (_, i) => single(ledger, rnd.next() < 0.6, { linked: i < legs - 1 }));
      } else if (roll < 0.82) {
        const alone = sent.filter((s) => !s.linked);
        if (alone.length) {
          const first = rnd.pick(alone);
          batch = [rnd.next() < 0.7 ? { ...first } : { ...first, amount: (first.amount ?? 1) + 1 }];
        }
      } else if (roll < 0.88) {
        const awards = [...memory.transfers.values()].filter((t) => t.code === 'award' && t.status === 'posted' && (t.kind === 'single' || t.kind === 'post'));
        if (awards.length) {
          const o = rnd.pick(awards);
          batch = [{ id: uuidv7(), ledger: o.ledger, debitAccountId: o.creditAccountId, creditAccountId: o.debitAccountId, amount: rnd.int(1, o.amount), code: 'correction', reversesId: o.id, reason: '复核更正' }];
        }
      } else if (roll < 0.94) {
        batch = [rnd.next() < 0.5
          ? { ...single('resident', true), creditAccountId: system['grid_worker-shop'] }
          : { ...single(ledger, false), amount: rnd.pick([0, -3, 2.5]) }];
      } else {
        clock += rnd.int(1, 900) * 1000;
        const now = new Date(clock);
        assert.equal(await vb.services.points.expireDue(now), memory.expire(now), `step ${step}: expiries, ${why}`);
        continue;
      }
      if (!batch) continue;
      clock += 1000;
      const now = new Date(clock);
      const inMemory = memory.apply(batch, now);
      const inDatabase = await vb.services.points.apply(batch, now);
      assert.deepEqual(summary(inDatabase), summary(inMemory), `step ${step}: ${JSON.stringify(batch)}, ${why}`);
      sent.push(...batch);
    }
    const stored = (await vb.platform.db.select().from(pointsTransfers)).map(toTransfer).sort((a, b) => a.id.localeCompare(b.id));
    const expected = [...memory.transfers.values()].sort((a, b) => a.id.localeCompare(b.id));
    assert.equal(stored.length, expected.length, why);
    stored.forEach((t, i) => assert.deepEqual(t, expected[i], `transfer ${t.id}, ${why}`));
    for (const a of memory.accounts.values()) {
      const row = (await vb.services.points.repo.account(a.id))!;
      assert.deepEqual([row.debitsPosted, row.creditsPosted, row.debitsPending, row.creditsPending], [a.debitsPosted, a.creditsPosted, a.debitsPending, a.creditsPending], `account ${a.id}, ${why}`);
    }
    assert.ok(expected.length > OPERATIONS / 3, `${expected.length} transfers written: the workload did something`);
  });
});
