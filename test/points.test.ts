/**
 * The points ledger on the database (PGlite and PostgreSQL): awards, spends and holds through the
 * service, balances and history through the API, corrections by an administrator (idempotent by the
 * client's id), bad inputs refused with nothing written, concurrent spends of one balance, expiry, and
 * the balance at a past date.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { uuidv7 } from '../src/points/index.ts';
import type { TransferInput } from '../src/points/index.ts';
import { makeArea, makeResident, makeStaff, type Area } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';

describeOnDatabases('points ledger', ({ vb }) => {
  let area: Area;
  let resident: Awaited<ReturnType<typeof makeResident>>;
  let admin: { auth: Record<string, string> };
  let gridHere: { auth: Record<string, string> };
  let gridElsewhere: { auth: Record<string, string> };
  let handler: { auth: Record<string, string> };
  let accountId: string;
  let issuance: string;
  let shop: string;

  const count = async () => Number((await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM points_transfers', []))[0].n);
  const award = (to: string, amount: number, extra: Partial<TransferInput> = {}): TransferInput => ({ id: uuidv7(), ledger: 'resident', debitAccountId: issuance, creditAccountId: to, amount, code: 'award', reason: '上报问题核实办结', ...extra });
  const spend = (from: string, amount: number): TransferInput => ({ id: uuidv7(), ledger: 'resident', debitAccountId: from, creditAccountId: shop, amount, code: 'spend' });

  before(async () => {
    area = await makeArea(vb);
    resident = await makeResident(vb, area.villages[0]);
    admin = await makeStaff(vb, 'admin', area.district);
    gridHere = await makeStaff(vb, 'grid_worker', area.villages[0]);
    gridElsewhere = await makeStaff(vb, 'grid_worker', area.villages[2]);
    handler = await makeStaff(vb, 'handler', area.townships[0]);
    accountId = (await vb.services.points.accountOf(resident.id)).id;
    issuance = (await vb.services.points.systemAccount('resident', 'issuance')).id;
    shop = (await vb.services.points.systemAccount('resident', 'shop')).id;
  });

  it('an award and a spend: spendable goes down, earned this year does not; history says why', async () => {
    const [a] = await vb.services.points.apply([award(accountId, 10, { businessKey: `case:${uuidv7()}:report` })]);
    assert.ok(a.ok);
    assert.equal(a.balances.credit.creditsPosted, 10);
    const [s] = await vb.services.points.apply([spend(accountId, 4)]);
    assert.ok(s.ok && s.balances.debit.debitsPosted === 4);
    const me = (await vb.app.inject({ url: '/api/me/points', headers: resident.auth })).json();
    assert.equal(me.spendable, 6);
    assert.equal(me.earnedThisYear, 10);
    assert.deepEqual(me.history.items.map((i: { change: number; balanceAfter: number }) => [i.change, i.balanceAfter]), [[-4, 6], [10, 10]]);
    assert.equal(me.history.items[1].reason, '上报问题核实办结');
    // the same business key pays once
    const [again] = await vb.services.points.apply([award(accountId, 10, { businessKey: a.ok ? a.transfer.businessKey : null })]);
    assert.ok(!again.ok && again.code === 'POINTS_BUSINESS_KEY_EXISTS');
  });

  it('an account is read by its holder and the staff of its area, by nobody else', async () => {
    const get = (auth: Record<string, string>) => vb.app.inject({ url: `/api/points/accounts/${accountId}?limit=1`, headers: auth });
    const mine = await get(resident.auth);
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.json().history.items.length, 1);
    assert.equal(mine.json().account.available, 6);
    assert.equal((await get(gridHere.auth)).statusCode, 200);
    assert.equal((await get(admin.auth)).statusCode, 200);
    for (const outsider of [gridElsewhere, handler, await makeResident(vb, area.villages[0])]) assert.equal((await get(outsider.auth)).statusCode, 404);
    const none = await vb.app.inject({ url: '/api/me/points', headers: (await makeResident(vb, area.villages[1])).auth });
    assert.deepEqual([none.json().account, none.json().spendable], [null, 0]);
  });

  it('a correction reverses a transfer with a reason; the same id again is the first answer, with other fields a 409', async () => {
    const [a] = await vb.services.points.apply([award(accountId, 5)]);
    assert.ok(a.ok);
    const body = { id: uuidv7(), reversesId: a.id, amount: 2, reason: '重复上报，扣回' };
    const post = (payload: object, auth = admin.auth) => vb.app.inject({ method: 'POST', url: '/api/points/transfers', headers: auth, payload });
    const first = await post(body);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().transfer.code, 'correction');
    assert.equal(first.json().balances.debit.debitsPosted, 4 + 2);
    const n = await count();
    const again = await post(body);
    assert.deepEqual([again.statusCode, again.json().existed, again.json().balances], [200, true, first.json().balances]);
    const other = await post({ ...body, amount: 3 });
    assert.deepEqual([other.statusCode, other.json().error.code], [409, 'POINTS_TRANSFER_EXISTS']);
    // bad inputs: 4xx, nothing written
    for (const [payload, status, code] of [
      [{ ...body, id: uuidv7(), amount: -1 }, 400, 'VALIDATION_FAILED'], [{ ...body, id: uuidv7(), amount: 1.5 }, 400, 'VALIDATION_FAILED'],
      [{ ...body, id: uuidv7(), reason: ' ' }, 400, 'VALIDATION_FAILED'], [{ ...body, id: '0190a0a0-0000-4000-8000-000000000000' }, 400, 'VALIDATION_FAILED'],
      [{ ...body, id: uuidv7(), amount: 4 }, 422, 'POINTS_CORRECTION_INVALID'], [{ ...body, id: uuidv7(), reversesId: uuidv7() }, 404, 'POINTS_TRANSFER_NOT_FOUND'],
    ] as const) {
      const r = await post(payload);
      assert.deepEqual([r.statusCode, r.json().error.code], [status, code], JSON.stringify(payload));
    }
    assert.equal((await post({ ...body, id: uuidv7() }, gridHere.auth)).statusCode, 403);
    // without an amount: what is left (3), and a retry of it answers the same
    const rest = { id: uuidv7(), reversesId: a.id, reason: '全部扣回' };
    const took = await post(rest);
    assert.deepEqual([took.statusCode, took.json().transfer?.amount], [200, 3], took.body);
    const retry = await post(rest);
    assert.deepEqual([retry.statusCode, retry.json().existed, retry.json().transfer.amount], [200, true, 3]);
    const nothingLeft = await post({ ...rest, id: uuidv7() });
    assert.deepEqual([nothingLeft.statusCode, nothingLeft.json().error.code], [422, 'POINTS_CORRECTION_INVALID']);
    assert.equal(await count(), n + 1, 'nothing written but the one correction of what was left');
    const audit = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'points.correct' AND entity_id = $1", [body.id]);
    assert.equal(Number(audit[0].n), 1);
  });

  it('taking back more than the holder still has is refused (POINTS_INSUFFICIENT), and so is a transfer across ledgers', async () => {
    const other = (await vb.services.points.accountOf((await makeResident(vb, area.villages[0])).id)).id;
    const [a] = await vb.services.points.apply([award(other, 3)]);
    await vb.services.points.apply([spend(other, 3)]);
    const r = await vb.app.inject({ method: 'POST', url: '/api/points/transfers', headers: admin.auth, payload: { id: uuidv7(), reversesId: a.id, reason: '核实有误' } });
    assert.deepEqual([r.statusCode, r.json().error.code], [409, 'POINTS_INSUFFICIENT']);
    const gridShop = (await vb.services.points.systemAccount('grid_worker', 'shop')).id;
    const n = await count();
    const [x] = await vb.services.points.apply([{ id: uuidv7(), ledger: 'resident', debitAccountId: accountId, creditAccountId: gridShop, amount: 1, code: 'spend' }]);
    assert.ok(!x.ok && x.code === 'POINTS_LEDGER_MISMATCH');
    assert.equal(await count(), n);
  });

  it('concurrent spends of one balance: exactly as many succeed as it allows, nothing half-written', async () => {
    const who = (await vb.services.points.accountOf((await makeResident(vb, area.villages[0])).id)).id;
    await vb.services.points.apply([award(who, 10)]);
    const n = await count();
    // each spend a batch of its own, all at once; half of them linked to an award to a neighbour (both or neither)
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => vb.services.points.apply(i % 2 ? [spend(who, 1)] : [{ ...spend(who, 1), linked: true }, award(accountId, 1)])));
    const spent = results.filter((rs) => rs[0].ok).length;
    assert.equal(spent, 10);
    assert.ok(results.every((rs) => rs.every((r) => r.ok === rs[0].ok)), 'a linked pair succeeds or fails together');
    const rows = await vb.platform.database.raw<{ dp: string; cp: string }>('SELECT debits_posted AS dp, credits_posted AS cp FROM points_accounts WHERE id = $1', [who]);
    assert.deepEqual([Number(rows[0].dp), Number(rows[0].cp)], [10, 10]);
    const written = results.filter((rs) => rs[0].ok).reduce((s, rs) => s + rs.length, 0);
    assert.equal(await count(), n + written);
    const sums = await vb.platform.database.raw<{ ledger: string; d: string; c: string; dp: string; cp: string }>(
      'SELECT ledger, sum(debits_posted) AS d, sum(credits_posted) AS c, sum(debits_pending) AS dp, sum(credits_pending) AS cp FROM points_accounts GROUP BY ledger', []);
    for (const s of sums) assert.deepEqual([Number(s.d), Number(s.dp)], [Number(s.c), Number(s.cp)], `${s.ledger}: Σ debits = Σ credits`);
  });

  it('batches touching the same accounts in opposite orders all complete: locks are taken in one order', async () => {
    const a = (await vb.services.points.accountOf((await makeResident(vb, area.villages[0])).id)).id;
    const b = (await vb.services.points.accountOf((await makeResident(vb, area.villages[0])).id)).id;
    await vb.services.points.apply([award(a, 100), award(b, 100)]);
    // a buys and b is paid, or b buys and a is paid: the same four accounts, named in opposite orders
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => {
      const [x, y] = i % 2 ? [a, b] : [b, a];
      return vb.services.points.apply([{ ...spend(x, 1), linked: true }, award(y, 1)]);
    }));
    assert.ok(results.every((rs) => rs.every((r) => r.ok)), 'no batch failed (a deadlock would abort one)');
    const rows = await vb.platform.database.raw<{ id: string; b: string }>('SELECT id, credits_posted - debits_posted AS b FROM points_accounts WHERE id = ANY($1)', [[a, b]]);
    assert.deepEqual(rows.map((r) => Number(r.b)), [100, 100]);
  });

  it('concurrent callers share transactions (group commit) and each keeps its own answers, chains and refusals', async () => {
    const who = (await vb.services.points.accountOf((await makeResident(vb, area.villages[0])).id)).id;
    const twin = uuidv7();
    const n = await count();
    // all at once: 40 awards, a batch left open in a chain (refused alone), a spend beyond the balance
    // (refused alone), one id sent by two callers with different amounts (the second is refused)
    const calls: TransferInput[][] = [
      ...Array.from({ length: 40 }, () => [award(who, 2)]),
      [{ ...award(who, 5), linked: true }],
      [spend(who, 1_000)],
      [award(who, 3, { id: twin })],
      [award(who, 4, { id: twin })],
    ];
    const results = await Promise.all(calls.map((c) => vb.services.points.apply(c)));
    assert.ok(results.slice(0, 40).every(([r]) => r.ok && !r.existed));
    assert.equal(results[40][0].ok ? 'ok' : results[40][0].code, 'POINTS_LINKED_OPEN');
    assert.equal(results[41][0].ok ? 'ok' : results[41][0].code, 'POINTS_INSUFFICIENT');
    assert.ok(results[42][0].ok);
    assert.equal(results[43][0].ok ? 'ok' : results[43][0].code, 'POINTS_TRANSFER_EXISTS');
    assert.equal(await count(), n + 41);
    const [row] = await vb.platform.database.raw<{ cp: string; dp: string }>('SELECT credits_posted AS cp, debits_posted AS dp FROM points_accounts WHERE id = $1', [who]);
    assert.deepEqual([Number(row.cp), Number(row.dp)], [83, 0]);
    // the balances after each transfer form one sequence: 2, 4, … up to 83 with the 3 somewhere, no two alike
    const after = results.filter(([r]) => r.ok).map(([r]) => (r.ok ? r.balances.credit.creditsPosted : 0)).sort((a, b) => a - b);
    assert.equal(new Set(after).size, 41);
    assert.equal(after.at(-1), 83);
    // a transaction's transfers share its clock: far fewer clocks than callers means they were grouped
    const [{ clocks }] = await vb.platform.database.raw<{ clocks: number }>('SELECT count(DISTINCT created_at)::int AS clocks FROM points_transfers WHERE credit_account_id = $1', [who]);
    assert.ok(clocks < 10, `${clocks} transactions for 41 transfers`);
  });

  it('holds: post once, void once, expire when the timeout runs out; balance at a past date', async () => {
    const who = (await vb.services.points.accountOf((await makeResident(vb, area.villages[0])).id)).id;
    // tomorrow: the module's expiry job (real time) must not expire these holds before the test does
    const t0 = new Date(Date.now() + 86_400_000);
    const held = award(who, 7, { kind: 'pending', timeoutSeconds: 7 * 86_400 });
    await vb.services.points.apply([held], t0);
    const post = { id: uuidv7(), kind: 'post' as const, pendingId: held.id };
    const [p1, p2] = await Promise.all([vb.services.points.apply([post], new Date(t0.getTime() + 3600_000)), vb.services.points.apply([{ id: uuidv7(), kind: 'void', pendingId: held.id }], new Date(t0.getTime() + 3600_000))]);
    assert.equal([p1[0].ok, p2[0].ok].filter(Boolean).length, 1, 'a pending transfer resolves once');
    const expiring = award(who, 5, { kind: 'pending', timeoutSeconds: 60 });
    await vb.services.points.apply([expiring], t0);
    assert.equal(await vb.services.points.expireDue(new Date(t0.getTime() + 61_000)), 1);
    const [late] = await vb.services.points.apply([{ id: uuidv7(), kind: 'post', pendingId: expiring.id }]);
    assert.ok(!late.ok && late.code === 'POINTS_PENDING_EXPIRED');
    const posted = p1[0].ok ? 7 : 0;
    assert.equal(await vb.services.points.repo.balanceAt(who, new Date(t0.getTime() + 1000)), 0);
    assert.equal(await vb.services.points.repo.balanceAt(who, new Date(t0.getTime() + 7200_000)), posted);
    const row = await vb.services.points.repo.account(who);
    assert.deepEqual([row!.debitsPending, row!.creditsPending, row!.creditsPosted], [0, 0, posted]);
  });
});
