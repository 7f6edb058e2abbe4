/**
 * The points ledger's pure core (src/points/ledger.ts), property-based (fast-check): random sequences of
 * awards, spends, pending holds, posts, voids, expiries, linked chains, corrections, duplicates (same
 * fields and different ones), transfers across ledgers and bad amounts. After every step: per ledger
 * Σ debits = Σ credits (posted and pending), no spendable balance below zero, the totals are exactly
 * what the stored transfers add up to, a pending transfer resolves at most once, spending never lowers
 * what was earned; at the end, replaying every accepted transfer (same ids) changes nothing.
 * FC_SEED=n (fast-check prints it on failure) replays a run; FC_RUNS=n runs more.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { availableOf, earnedIn, type TransferInput, type TransferResult } from '../src/points/ledger.ts';
import { MemoryLedger } from '../src/points/memory-ledger.ts';
import { isUuidV7, uuidv7 } from '../src/points/uuidv7.ts';

const idOf = (n: number) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const PEOPLE = 4;
const person = (ledger: 'resident' | 'grid_worker', i: number) => `${ledger}-p${i}`;

function world() {
  const l = new MemoryLedger();
  for (const ledger of ['resident', 'grid_worker'] as const) {
    l.open(`${ledger}-issuance`, ledger, false);
    l.open(`${ledger}-shop`, ledger, false);
    for (let i = 0; i < PEOPLE; i++) l.open(person(ledger, i), ledger, true);
  }
  return l;
}

type Op =
  | { t: 'award' | 'spend' | 'holdAward' | 'holdSpend'; ledger: 'resident' | 'grid_worker'; who: number; amount: number; timeout: number }
  | { t: 'post' | 'void'; pick: number; partial: boolean }
  | { t: 'chain'; legs: { who: number; amount: number; spend: boolean }[] }
  | { t: 'duplicate' | 'conflict' | 'correct'; pick: number }
  | { t: 'crossLedger'; who: number; amount: number }
  | { t: 'badAmount'; amount: number }
  | { t: 'tick'; seconds: number };

const ledgerArb = fc.constantFrom('resident' as const, 'grid_worker' as const);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constantFrom('award' as const, 'spend' as const, 'holdAward' as const, 'holdSpend' as const), ledger: ledgerArb, who: fc.nat(PEOPLE - 1), amount: fc.integer({ min: 1, max: 40 }), timeout: fc.constantFrom(0, 0, 30, 600) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constantFrom('post' as const, 'void' as const), pick: fc.nat(), partial: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('chain' as const), legs: fc.array(fc.record({ who: fc.nat(PEOPLE - 1), amount: fc.integer({ min: 1, max: 40 }), spend: fc.boolean() }), { minLength: 2, maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom('duplicate' as const, 'conflict' as const, 'correct' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('crossLedger' as const), who: fc.nat(PEOPLE - 1), amount: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('badAmount' as const), amount: fc.constantFrom(0, -5, 1.5, Number.NaN, 2 ** 60) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('tick' as const), seconds: fc.integer({ min: 1, max: 900 }) }) },
);

/** Every invariant of the ledger, on its whole state. */
function checkInvariants(l: MemoryLedger) {
  for (const ledger of ['resident', 'grid_worker']) {
    const acc = [...l.accounts.values()].filter((a) => a.ledger === ledger);
    const sum = (k: 'debitsPosted' | 'creditsPosted' | 'debitsPending' | 'creditsPending') => acc.reduce((s, a) => s + a[k], 0);
    assert.equal(sum('debitsPosted'), sum('creditsPosted'), `${ledger}: Σ debits posted = Σ credits posted`);
    assert.equal(sum('debitsPending'), sum('creditsPending'), `${ledger}: Σ debits pending = Σ credits pending`);
  }
  const expected = new Map([...l.accounts.keys()].map((id) => [id, { debitsPosted: 0, creditsPosted: 0, debitsPending: 0, creditsPending: 0 }]));
  const resolutions = new Map<string, number>();
  for (const t of l.transfers.values()) {
    assert.equal(t.ledger, l.accounts.get(t.debitAccountId)!.ledger, 'no transfer crosses ledgers');
    assert.equal(t.ledger, l.accounts.get(t.creditAccountId)!.ledger, 'no transfer crosses ledgers');
    const d = expected.get(t.debitAccountId)!;
    const c = expected.get(t.creditAccountId)!;
    if (t.kind === 'single' || t.kind === 'post') { d.debitsPosted += t.amount; c.creditsPosted += t.amount; }
    if (t.kind === 'pending' && t.status === 'pending') { d.debitsPending += t.amount; c.creditsPending += t.amount; }
    if (t.kind === 'post' || t.kind === 'void') {
      resolutions.set(t.pendingId!, (resolutions.get(t.pendingId!) ?? 0) + 1);
      assert.equal(l.transfers.get(t.pendingId!)!.status, t.kind === 'post' ? 'posted' : 'voided');
    }
  }
  for (const [id, n] of resolutions) assert.equal(n, 1, `pending ${id} resolved once`);
  for (const t of l.transfers.values()) {
    if (t.kind === 'pending' && (t.status === 'posted' || t.status === 'voided')) assert.equal(resolutions.get(t.id), 1, `pending ${t.id} is ${t.status} through one post or void`);
  }
  for (const a of l.accounts.values()) {
    const { debitsPosted, creditsPosted, debitsPending, creditsPending } = a;
    assert.deepEqual({ debitsPosted, creditsPosted, debitsPending, creditsPending }, expected.get(a.id), `${a.id}: totals are the sum of its transfers`);
    if (a.debitsMustNotExceedCredits) assert.ok(availableOf(a) >= 0, `${a.id} below zero: ${JSON.stringify(a)}`);
  }
}

/** Run a sequence; returns the ledger and every accepted batch (to replay). */
function run(ops: Op[]) {
  const l = world();
  let n = 0;
  let clock = Date.UTC(2026, 0, 1);
  /** The inputs the ledger took, as first sent. */
  const firsts: TransferInput[] = [];
  const accepted: TransferInput[][] = [];
  const all = new Date(0);
  const far = new Date(Date.UTC(2100, 0, 1));
  const send = (batch: TransferInput[]): TransferResult[] => {
    const results = l.apply(batch, new Date(clock));
    clock += 1000;
    batch.forEach((b, i) => { const r = results[i]; if (r.ok && !r.existed) firsts.push(b); });
    const ok = batch.filter((_, i) => results[i].ok);
    if (ok.length) accepted.push(ok);
    return results;
  };
  const single = (ledger: 'resident' | 'grid_worker', who: number, amount: number, spend: boolean, extra: Partial<TransferInput> = {}): TransferInput => ({
    id: idOf(++n), ledger, amount, code: spend ? 'spend' : 'award',
    debitAccountId: spend ? person(ledger, who) : `${ledger}-issuance`, creditAccountId: spend ? `${ledger}-shop` : person(ledger, who), ...extra,
  });
  for (const op of ops) {
    switch (op.t) {
      case 'award': case 'spend': case 'holdAward': case 'holdSpend': {
        const spend = op.t === 'spend' || op.t === 'holdSpend';
        const hold = op.t.startsWith('hold');
        const who = person(op.ledger, op.who);
        const before = { ...l.account(who)! };
        const earned = earnedIn(l.transfers.values(), who, all, far);
        const [r] = send([single(op.ledger, op.who, op.amount, spend, hold ? { kind: 'pending', timeoutSeconds: op.timeout } : {})]);
        // the oracle: a spend or hold succeeds exactly when that much is available
        assert.equal(r.ok, !spend || availableOf(before) >= op.amount, `${op.t} ${op.amount} with ${availableOf(before)} available`);
        if (!r.ok) assert.equal(r.code, 'POINTS_INSUFFICIENT');
        if (spend) assert.equal(earnedIn(l.transfers.values(), who, all, far), earned, 'spending never lowers earned');
        break;
      }
      case 'post': case 'void': {
        const pendings = [...l.transfers.values()].filter((t) => t.kind === 'pending');
        if (!pendings.length) break;
        const p = pendings[op.pick % pendings.length];
        const amount = op.t === 'post' && op.partial ? Math.max(1, Math.floor(p.amount / 2)) : undefined;
        const [r] = send([{ id: idOf(++n), kind: op.t, pendingId: p.id, amount }]);
        const wasOpen = p.status === 'pending' && (!p.expiresAt || new Date(p.expiresAt).getTime() > clock - 1000);
        assert.equal(r.ok, wasOpen, `${op.t} of a ${p.status} pending`);
        if (!r.ok) assert.ok(['POINTS_PENDING_RESOLVED', 'POINTS_PENDING_EXPIRED'].includes(r.code), r.code);
        break;
      }
      case 'chain': {
        const ledger = 'resident';
        const snapshot = new Map([...l.accounts].map(([k, v]) => [k, { ...v }]));
        const count = l.transfers.size;
        const batch = op.legs.map((leg, i) => single(ledger, leg.who, leg.amount, leg.spend, { linked: i < op.legs.length - 1 }));
        const results = send(batch);
        const allOk = results.every((r) => r.ok);
        assert.ok(allOk || results.every((r) => !r.ok), 'a linked chain applies whole or not at all');
        if (!allOk) {
          assert.deepEqual(l.accounts, snapshot, 'a failed chain leaves every account as it was');
          assert.equal(l.transfers.size, count);
        }
        break;
      }
      case 'duplicate': case 'conflict': {
        // what the ledger took, sent again alone (a chain's members are sent again with their chain: the replay below)
        const taken = firsts.filter((s) => !s.linked);
        if (!taken.length) break;
        const first = taken[op.pick % taken.length];
        const stored = l.transfer(first.id)!;
        const snapshot = new Map([...l.accounts].map(([k, v]) => [k, { ...v }]));
        const again = op.t === 'duplicate' ? { ...first } : { ...first, reason: 'another reason' };
        const [r] = send([again]);
        if (op.t === 'duplicate') {
          assert.ok(r.ok && r.existed, 'the same id and fields: the first result');
          if (r.ok) assert.deepEqual(r.balances, stored.balancesAfter);
        } else {
          assert.ok(!r.ok && r.code === 'POINTS_TRANSFER_EXISTS', 'the same id with other fields is refused');
        }
        assert.deepEqual(l.accounts, snapshot);
        break;
      }
      case 'correct': {
        const awards = [...l.transfers.values()].filter((t) => t.code === 'award' && t.status === 'posted' && (t.kind === 'single' || t.kind === 'post'));
        if (!awards.length) break;
        const o = awards[op.pick % awards.length];
        const left = o.amount - l.reversed(o.id);
        const holder = l.account(o.creditAccountId)!;
        const [r] = send([{ id: idOf(++n), ledger: o.ledger, debitAccountId: o.creditAccountId, creditAccountId: o.debitAccountId, amount: Math.max(1, left), code: 'correction', reversesId: o.id, reason: '核实有误' }]);
        assert.equal(r.ok, left >= 1 && availableOf(holder) >= left, 'a correction reverses what is left, if the holder still has it');
        break;
      }
      case 'crossLedger': {
        const [r] = send([{ id: idOf(++n), ledger: 'resident', debitAccountId: person('resident', op.who), creditAccountId: 'grid_worker-shop', amount: op.amount, code: 'spend' }]);
        assert.ok(!r.ok && r.code === 'POINTS_LEDGER_MISMATCH');
        break;
      }
      case 'badAmount': {
        const [r] = send([single('resident', 0, op.amount, false)]);
        assert.ok(!r.ok && r.code === 'POINTS_AMOUNT_INVALID');
        break;
      }
      case 'tick':
        clock += op.seconds * 1000;
        l.expire(new Date(clock));
        break;
    }
    checkInvariants(l);
  }
  return { l, accepted, clock };
}

describe('points ledger core (property-based)', () => {
  it('random operations keep every invariant; replaying the accepted ones changes nothing', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
      const { l, accepted, clock } = run(ops);
      const accounts = JSON.stringify([...l.accounts]);
      const transfers = JSON.stringify([...l.transfers]);
      for (const batch of accepted) {
        for (const r of l.apply(batch, new Date(clock + 1))) assert.ok(r.ok && r.existed, `replayed ${r.id}: ${r.ok ? 'new' : r.code}`);
      }
      assert.equal(JSON.stringify([...l.accounts]), accounts, 'replay changed an account');
      assert.equal(JSON.stringify([...l.transfers]), transfers, 'replay changed a transfer');
    }), { numRuns: Number(process.env.FC_RUNS ?? 300), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) });
  });

  it('a batch ending inside a chain applies none of the chain; independent transfers stand alone', () => {
    const l = world();
    const award = (n: number, amount: number, linked = false): TransferInput => ({ id: idOf(n), ledger: 'resident', debitAccountId: 'resident-issuance', creditAccountId: person('resident', 0), amount, code: 'award', linked });
    const rs = l.apply([award(1, 5), award(2, 0), award(3, 7, true)]);
    assert.deepEqual(rs.map((r) => (r.ok ? 'ok' : r.code)), ['ok', 'POINTS_AMOUNT_INVALID', 'POINTS_LINKED_OPEN']);
    assert.equal(l.account(person('resident', 0))!.creditsPosted, 5);
  });

  it('a hold reserves points: what is held cannot be spent twice; a timed-out hold expires once', () => {
    const l = world();
    const t0 = new Date(Date.UTC(2026, 4, 1));
    l.apply([{ id: idOf(1), ledger: 'resident', debitAccountId: 'resident-issuance', creditAccountId: person('resident', 1), amount: 10, code: 'award' }], t0);
    const hold = l.apply([{ id: idOf(2), kind: 'pending', timeoutSeconds: 60, ledger: 'resident', debitAccountId: person('resident', 1), creditAccountId: 'resident-shop', amount: 8, code: 'spend' }], t0);
    assert.ok(hold[0].ok);
    const spend = l.apply([{ id: idOf(3), ledger: 'resident', debitAccountId: person('resident', 1), creditAccountId: 'resident-shop', amount: 3, code: 'spend' }], t0);
    assert.ok(!spend[0].ok && spend[0].code === 'POINTS_INSUFFICIENT');
    assert.equal(l.expire(new Date(t0.getTime() + 61_000)), 1);
    assert.equal(l.expire(new Date(t0.getTime() + 62_000)), 0);
    const post = l.apply([{ id: idOf(4), kind: 'post', pendingId: idOf(2) }], new Date(t0.getTime() + 63_000));
    assert.ok(!post[0].ok && post[0].code === 'POINTS_PENDING_EXPIRED');
    assert.equal(availableOf(l.account(person('resident', 1))!), 10);
  });

  it('a post or void retried as it was sent is the same transfer, though it took the pending\'s rule (the claims\' posting and 复核)', () => {
    const l = world();
    const held = (n: number): TransferInput => ({ id: idOf(n), kind: 'pending', ledger: 'resident', debitAccountId: 'resident-issuance', creditAccountId: person('resident', 2), amount: 4, code: 'award', ruleId: 'volunteer_hour', ruleVersion: 1 });
    const post: TransferInput = { id: idOf(3), kind: 'post', pendingId: idOf(1) };
    const voided: TransferInput = { id: idOf(4), kind: 'void', pendingId: idOf(2), reason: '核实不符' };
    assert.ok(l.apply([held(1), held(2)]).every((r) => r.ok));
    for (const t of [post, voided]) {
      const [first] = l.apply([t]);
      assert.ok(first.ok && !first.existed && first.transfer.ruleId === 'volunteer_hour');
      const [again] = l.apply([{ ...t }]);
      assert.ok(again.ok && again.existed, `retried ${t.kind}: ${again.ok ? '' : again.code}`);
      const [other] = l.apply([{ ...t, ruleId: 'garbage_sorting' }]);
      assert.ok(!other.ok && other.code === 'POINTS_TRANSFER_EXISTS', 'another rule named is another transfer');
    }
  });

  it('UUIDv7: version 7, variant 10, increasing within a millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    assert.ok(ids.every(isUuidV7));
    assert.deepEqual([...ids].sort(), ids, 'ids of one process sort in the order they were made');
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(parseInt(uuidv7(1_700_000_000_123).replace(/-/g, '').slice(0, 12), 16), 1_700_000_000_123);
  });
});
