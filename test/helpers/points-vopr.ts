/**
 * The points VOPR (after TigerBeetle's Viewstamped Operation Replicator): a seeded random workload
 * against the ledger on a real database, every result compared with the in-memory ledger
 * (src/points/memory-ledger.ts, the pure core over maps), the invariants checked in SQL
 * (points-vopr-check.ts), and at the end every accepted transfer replayed — which must change nothing.
 *
 * Operations: awards (single, and two-phase: pending → post, partial post, void, expiry by the fake
 * clock passed as `now`), spends, linked multi-leg batches (post or fail together), duplicates (the same
 * batch again, the same id with another amount, the same business key under a new id), corrections
 * (partial and full reversals, and too much), bad inputs (across ledgers, bad amounts), concurrent spends
 * of one balance and concurrent post/void of one pending (exactly the allowed number succeed), and —
 * when applying through a child process on PostgreSQL — kill -9 of that process at random points. A
 * killed operation is settled by what the database holds: a batch that committed is applied to the
 * memory ledger, one that did not is sent again (concurrent ones are dropped).
 *
 * Given the app's services (`core`), the workload also drives the claims (points-vopr-claims.ts):
 * claims, votes, objections, 复核, the posting job, automatic awards from cases and their replays,
 * interleaved with the ledger's operations and killed like them; their transfers go to the memory
 * ledger too, and at the end the claims' invariants are checked and every claim and event replayed
 * (points-vopr-claims-check.ts).
 *
 * A failure names the seed; POINTS_VOPR_SEED=<seed> replays the same workload.
 */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { seededRandom } from '../../src/demo/demo-data.ts';
import type { Database } from '../../src/platform/db/index.ts';
import { applyBatch, availableOf, uuidv7, type Ledger, type PointsService, type Transfer, type TransferInput } from '../../src/points/index.ts';
import { MemoryLedger } from '../../src/points/memory-ledger.ts';
import { toTransfer } from '../../src/points/points.repository.ts';
import { pointsTransfers } from '../../src/points/points.schema.ts';
import { checkInvariants } from './points-vopr-check.ts';
import { ClaimsWorld, type Core } from './points-vopr-claims.ts';
import { checkClaims, compareClaims, replayClaims } from './points-vopr-claims-check.ts';
import { inChild, inProcess, outline, type Executor } from './points-vopr-executor.ts';

export interface VoprOptions {
  seed: number;
  operations: number;
  /** The service accounts are opened through and the replay runs through (and the workload, in process). */
  points: PointsService;
  database: Database;
  /** PostgreSQL only: apply the workload in a child process on this database, killed `crashes` times. */
  databaseUrl?: string | null;
  crashes?: number;
  /** The app's services: with them, the workload drives the claims too (a village, its people and rules are made). */
  core?: Core;
  /** The share of operations that are claims calls (default 0.3, with `core`). */
  claimsShare?: number;
  log?: (line: string) => void;
}

export interface VoprReport {
  seed: number; operations: number; transfers: number; checks: number; crashes: number; committedWhenKilled: number;
  /** Claims calls made, claims in the database at the end, kills during a claims call (and of those, calls that had committed). */
  claimCalls: number; claims: number; claimKills: number; claimsCommittedWhenKilled: number;
}

/** mulberry32 (the demo's generator): small, seeded, the same on every machine. */
export function random(seed: number) {
  const next = seededRandom(seed);
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

const LEDGERS: Ledger[] = ['resident', 'grid_worker'];
const PEOPLE = 8;

export async function runVopr(o: VoprOptions): Promise<VoprReport> {
  const rnd = random(o.seed);
  const why = (step: number | string) => `step ${step}, seed ${o.seed} (POINTS_VOPR_SEED=${o.seed} replays it)`;
  const memory = new MemoryLedger();
  const people: Record<string, string[]> = {};
  const system: Record<string, { issuance: string; shop: string }> = {};
  for (const ledger of LEDGERS) {
    const issuance = (await o.points.systemAccount(ledger, 'issuance')).id;
    const shop = (await o.points.systemAccount(ledger, 'shop')).id;
    system[ledger] = { issuance, shop };
    for (const id of [issuance, shop]) if (!memory.account(id)) memory.open(id, ledger, false);
    people[ledger] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const id = (await o.points.repo.openPersonAccount(uuidv7(), ledger, null)).id;
      memory.open(id, ledger, true);
      people[ledger].push(id);
    }
  }
  // years ahead, so the module's own expiry and posting jobs (on real time) never touch the workload's
  // holds; from the seed, so a replay starts on the same day (the claims' caps count Asia/Shanghai days,
  // their notices working days)
  let clock = Date.UTC(2036, 0, 1) + (o.seed % 1461) * 86_400_000 + (o.seed % 86_400) * 1000;
  const crashAt = new Set<number>();
  if (o.databaseUrl && o.crashes) while (crashAt.size < o.crashes) crashAt.add(rnd.int(Math.floor(o.operations * 0.05), Math.floor(o.operations * 0.95)));

  let checks = 0;
  let crashes = 0;
  let committedWhenKilled = 0;
  let keyNo = 0;
  const sent: TransferInput[][] = [];
  const accepted: TransferInput[][] = [];
  const pendings: string[] = [];
  const posted: string[] = [];
  /** Transfers decided in another order than the memory ledger's (concurrent): their balances after differ. */
  const unordered = new Set<string>();
  const claims = o.core ? new ClaimsWorld(o.core, {
    rnd, memory, accepted, unordered, database: o.database, executor: () => executor, why,
    takeCrash: (step, defer) => {
      if (!crashAt.has(step) || !executor.crash) return false;
      crashAt.delete(step);
      if (defer) {
        let next = step + 1;
        while (crashAt.has(next)) next++;
        crashAt.add(next);
        return false;
      }
      crashes++;
      return true;
    },
    jump: (ms) => (clock += ms),
    checkInvariants: async (w) => (await checkInvariants(o.database, w)) + (await checkClaims(o.database, w)),
  }) : null;
  if (claims) {
    // the claims' people spend and receive through the ledger's operations too
    const opened = await claims.setup();
    for (const ledger of LEDGERS) people[ledger].push(...opened[ledger as keyof typeof opened]);
  }
  const executor: Executor = o.databaseUrl && o.crashes ? await inChild(o.databaseUrl, o.database) : inProcess(o.core?.services ?? { points: o.points });

  const remember = (batch: TransferInput[], outlines: string[]) => {
    const ok = batch.filter((_, i) => outlines[i].startsWith('ok'));
    if (ok.length) accepted.push(ok);
    for (const t of ok) {
      const stored = memory.transfer(t.id)!;
      if (stored.kind === 'pending' && !outlines[batch.indexOf(t)].includes('existed')) pendings.push(t.id);
      if ((stored.kind === 'single' || stored.kind === 'post') && stored.status === 'posted' && stored.code !== 'correction') posted.push(t.id);
    }
  };
  const transfer = (ledger: Ledger, spend: boolean, extra: Partial<TransferInput> = {}): TransferInput => {
    const who = rnd.pick(people[ledger]);
    return {
      id: uuidv7(), ledger, amount: spend ? rnd.int(1, 40) : rnd.int(1, 50), code: spend ? 'spend' : 'award',
      debitAccountId: spend ? who : system[ledger].issuance, creditAccountId: spend ? system[ledger].shop : who,
      ...(rnd.next() < 0.2 ? { metadata: { source: 'vopr', n: rnd.int(1, 9) } } : {}), ...extra,
    };
  };
  /** An open pending (or, now and then, one already resolved: refused), or null. */
  const somePending = (): string | null => {
    for (let tries = 0; tries < 4 && pendings.length; tries++) {
      const i = rnd.int(0, pendings.length - 1);
      const p = memory.transfer(pendings[i])!;
      if (p.status === 'pending' || rnd.next() < 0.1) return p.id;
      pendings[i] = pendings[pendings.length - 1];
      pendings.pop();
    }
    return null;
  };

  /** One batch through the executor (or killed mid-way), compared with the memory ledger. */
  const single = async (step: number, batch: TransferInput[], now: number) => {
    sent.push(batch);
    if (crashAt.has(step) && executor.crash) {
      crashAt.delete(step);
      crashes++;
      const preview = applyBatch(memory, batch, new Date(now));
      await executor.crash({ op: 'apply', batches: [batch], now }, rnd.int(0, 8));
      if (!preview.created.length || (await exists(preview.created[0].id))) {
        if (preview.created.length) committedWhenKilled++;
        remember(batch, memory.apply(batch, new Date(now)).map(outline));
        checks += await checkInvariants(o.database, `after the kill at ${why(step)}`);
        return;
      }
      checks += await checkInvariants(o.database, `after the kill at ${why(step)}`);
      // not committed: the client sends it again
    }
    const [got] = await executor.apply([batch], now);
    const expected = memory.apply(batch, new Date(now)).map(outline);
    assert.deepEqual(got, expected, `${JSON.stringify(batch)}, ${why(step)}`);
    checks++;
    remember(batch, expected);
  };
  const exists = async (id: string) => (await o.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM points_transfers WHERE id = $1', [id]))[0].n > 0;

  /** Several one-transfer batches at once: `allowed` of them succeed, the rest fail with `refusal`. */
  const concurrent = async (step: number, batches: TransferInput[][], now: number, allowed: number, refusal: string) => {
    sent.push(...batches);
    let got: string[][];
    if (crashAt.has(step) && executor.crash) {
      crashAt.delete(step);
      crashes++;
      await executor.crash({ op: 'apply', batches, now }, rnd.int(0, 8));
      got = await Promise.all(batches.map(async (b) => [(await exists(b[0].id)) ? 'ok' : 'lost']));
      committedWhenKilled += got.filter((g) => g[0] === 'ok').length;
      assert.ok(got.filter((g) => g[0] === 'ok').length <= allowed, `no more than allowed committed, ${why(step)}`);
    } else {
      got = await executor.apply(batches, now);
      assert.equal(got.filter((g) => g[0] === 'ok').length, allowed, `exactly ${allowed} of ${batches.length} concurrent succeed, ${why(step)}`);
      assert.ok(got.every((g) => g[0] === 'ok' || g[0] === refusal), `the others refused with ${refusal}: ${got.join(' ')}, ${why(step)}`);
    }
    checks++;
    batches.forEach((b, i) => {
      if (got[i][0] !== 'ok') return;
      const [r] = memory.apply(b, new Date(now));
      assert.ok(r.ok && !r.existed, `the memory ledger takes what the database took, ${why(step)}`);
      unordered.add(b[0].id);
      remember(b, ['ok']);
    });
  };

  const t0 = performance.now();
  try {
    for (let step = 0; step < o.operations; step++) {
      if (o.log && step > 0 && step % 10_000 === 0) o.log(`${step} operations, ${memory.transfers.size} transfers, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      clock += 1000;
      // a kill due at a step that had nothing to do (no open pending, no claim to vote on) comes at this one
      if (crashAt.delete(step - 1)) {
        let next = step;
        while (crashAt.has(next)) next++;
        crashAt.add(next);
      }
      if (claims && rnd.next() < (o.claimsShare ?? 0.3)) {
        await claims.step(step, clock);
        continue;
      }
      const now = clock;
      const ledger = rnd.next() < 0.7 ? LEDGERS[0] : LEDGERS[1];
      const roll = rnd.next();
      if (roll < 0.2) {
        // an award; a fifth carry a business key, some of them one already paid
        const key = rnd.next() < 0.2 ? (rnd.next() < 0.3 && keyNo ? `case:${rnd.int(1, keyNo)}:report` : `case:${++keyNo}:report`) : undefined;
        await single(step, [transfer(ledger, false, key ? { businessKey: key, ruleId: 'report', ruleVersion: 1 } : {})], now);
      } else if (roll < 0.36) await single(step, [transfer(ledger, true)], now);
      else if (roll < 0.48) {
        // a hold: a 公示 award or a shop reservation, some with a timeout
        await single(step, [transfer(ledger, rnd.next() < 0.3, { kind: 'pending', timeoutSeconds: rnd.next() < 0.4 ? 0 : rnd.int(30, 900) })], now);
      } else if (roll < 0.6) {
        const p = somePending();
        if (!p) continue;
        const kind = rnd.next() < 0.6 ? 'post' as const : 'void' as const;
        const partial = kind === 'post' && rnd.next() < 0.25 ? { amount: rnd.int(1, memory.transfer(p)!.amount) } : {};
        await single(step, [{ id: uuidv7(), kind, pendingId: p, ...partial }], now);
      } else if (roll < 0.68) {
        const legs = rnd.int(2, 4);
        await single(step, Array.from({ length: legs }, (_, i) => transfer(rnd.next() < 0.8 ? ledger : LEDGERS[1 - LEDGERS.indexOf(ledger)], rnd.next() < 0.6, { linked: i < legs - 1 })), now);
      } else if (roll < 0.76) {
        // the same batch again (a retry), or the same id with another amount (a conflict)
        if (!sent.length) continue;
        const earlier = rnd.pick(sent);
        const alone = earlier.length === 1 && earlier[0].amount !== undefined && rnd.next() < 0.25;
        await single(step, alone ? [{ ...earlier[0], amount: earlier[0].amount! + 1 }] : earlier.map((t) => ({ ...t })), now);
      } else if (roll < 0.83) {
        if (!posted.length) continue;
        const orig = memory.transfer(rnd.pick(posted))!;
        const left = orig.amount - memory.reversed(orig.id);
        const amount = rnd.next() < 0.4 ? left : rnd.next() < 0.15 ? left + 1 : rnd.int(1, Math.max(1, left));
        await single(step, [{
          id: uuidv7(), ledger: orig.ledger, debitAccountId: orig.creditAccountId, creditAccountId: orig.debitAccountId, amount: Math.max(1, amount),
          code: 'correction', reversesId: orig.id, reason: rnd.pick(['复核更正', '异议成立', '重复记分']),
        }], now);
      } else if (roll < 0.87) {
        await single(step, [rnd.next() < 0.5 ? { ...transfer('resident', true), creditAccountId: system.grid_worker.shop } : { ...transfer(ledger, false), amount: rnd.pick([0, -3, 2.5]) }], now);
      } else if (roll < 0.95) {
        // concurrent spends of one balance: exactly as many as it allows
        const who = rnd.pick(people[ledger]);
        const available = availableOf(memory.account(who)!);
        const amount = rnd.int(1, Math.max(1, Math.floor(available / 2)));
        const n = rnd.int(2, 6);
        const spends = Array.from({ length: n }, () => [{ ...transfer(ledger, true), debitAccountId: who, amount }]);
        await concurrent(step, spends, now, Math.min(n, Math.floor(available / amount)), 'POINTS_INSUFFICIENT');
      } else if (roll < 0.98) {
        // a post and a void (and another post) of one pending at once: it resolves once
        const p = somePending();
        const held = p ? memory.transfer(p)! : null;
        if (!held || held.status !== 'pending' || (held.expiresAt && new Date(held.expiresAt).getTime() <= now)) continue;
        const tries = [{ id: uuidv7(), kind: 'post' as const, pendingId: p! }, { id: uuidv7(), kind: 'void' as const, pendingId: p! }, ...(rnd.next() < 0.5 ? [{ id: uuidv7(), kind: 'post' as const, pendingId: p! }] : [])];
        await concurrent(step, tries.map((t) => [t]), now, 1, 'POINTS_PENDING_RESOLVED');
      } else {
        // time passes; the holds that ran out expire
        clock += rnd.int(1, 900) * 1000;
        const expected = memory.expire(new Date(clock));
        if (crashAt.has(step) && executor.crash) {
          crashAt.delete(step);
          crashes++;
          await executor.crash({ op: 'expire', now: clock }, rnd.int(0, 8));
          await executor.expire(clock); // what the killed one did not finish
        } else {
          assert.equal(await executor.expire(clock), expected, `expiries, ${why(step)}`);
          checks++;
        }
      }
    }
    // the notices still running end, and the posting job posts them (the replay's job then finds nothing)
    if (claims) {
      clock = claims.model.list.reduce((t, c) => Math.max(t, c.noticeUntil ?? 0), clock + 1000);
      await claims.postDue('end', clock);
    }
  } finally {
    await executor.close();
  }
  o.log?.(`${o.operations} operations applied in ${((performance.now() - t0) / 1000).toFixed(1)} s; checking`);
  checks += await checkInvariants(o.database, why('end'), clock);
  if (claims) checks += claims.checks + (await checkClaims(o.database, why('end'))) + (await compareClaims(o.database, claims, why('end')));
  checks += await compareWithMemory(o.database, memory, unordered, why('end'));
  checks += await replay(o.points, o.database, accepted, clock, why('replay'));
  if (claims) checks += await replayClaims(o.database, claims, inProcess(o.core!.services), clock, why('replay'));
  return { seed: o.seed, operations: o.operations, transfers: memory.transfers.size, checks, crashes, committedWhenKilled, claimCalls: claims?.calls ?? 0, claims: claims?.model.claims.size ?? 0, claimKills: claims?.kills ?? 0, claimsCommittedWhenKilled: claims?.committedWhenKilled ?? 0 };
}

/** Every transfer and account in the database is the memory ledger's. */
async function compareWithMemory(database: Database, memory: MemoryLedger, unordered: Set<string>, why: string): Promise<number> {
  const stored = (await database.db.select().from(pointsTransfers)).map(toTransfer);
  assert.equal(stored.length, memory.transfers.size, `as many transfers as the memory ledger, ${why}`);
  // concurrent batches took another order than the memory ledger's: their balances after differ
  const strip = (t: Transfer) => (unordered.has(t.id) ? { ...t, balancesAfter: null } : t);
  let checks = 0;
  for (const t of stored) {
    const m = memory.transfer(t.id);
    assert.ok(m, `transfer ${t.id} is in the memory ledger, ${why}`);
    assert.deepEqual(strip(t), strip(m), `transfer ${t.id}, ${why}`);
    checks++;
  }
  const rows = await database.raw<{ id: string; dp: string; cp: string; dq: string; cq: string }>(
    'SELECT id, debits_posted AS dp, credits_posted AS cp, debits_pending AS dq, credits_pending AS cq FROM points_accounts', []);
  for (const a of memory.accounts.values()) {
    const r = rows.find((x) => x.id === a.id);
    assert.deepEqual(r && [r.dp, r.cp, r.dq, r.cq].map(Number), [a.debitsPosted, a.creditsPosted, a.debitsPending, a.creditsPending], `account ${a.id}, ${why}`);
    checks++;
  }
  return checks;
}

/** Every accepted transfer again, same ids: each answers `existed` with its first result; no total moves. */
async function replay(points: PointsService, database: Database, accepted: TransferInput[][], now: number, why: string): Promise<number> {
  const totals = () => database.raw<{ id: string; t: string }>("SELECT id, concat_ws(',', debits_posted, credits_posted, debits_pending, credits_pending) AS t FROM points_accounts ORDER BY id", []);
  const before = await totals();
  const count = async () => (await database.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM points_transfers`))[0].n;
  const n = await count();
  const stored = new Map((await database.db.select().from(pointsTransfers)).map((r) => [r.id, toTransfer(r)]));
  let checks = 0;
  for (let i = 0; i < accepted.length;) {
    // whole accepted runs of batches, about 100 transfers at a time (a chain never split)
    const chunk: TransferInput[] = [];
    while (i < accepted.length && chunk.length < 100) chunk.push(...accepted[i++]);
    const results = await points.apply(chunk, new Date(now));
    results.forEach((r, k) => {
      assert.ok(r.ok && r.existed, `replayed ${JSON.stringify(chunk[k])}: ${r.ok ? 'created again' : `${r.code} (${r.message})`}, ${why}`);
      assert.deepEqual([r.transfer, r.balances], [stored.get(r.id), stored.get(r.id)!.balancesAfter], `replayed ${r.id} answers its first result, ${why}`);
    });
    checks += results.length;
  }
  assert.deepEqual(await totals(), before, `the replay moved no total, ${why}`);
  assert.equal(await count(), n, `the replay wrote no transfer, ${why}`);
  return checks + 2;
}
