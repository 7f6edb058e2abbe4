/**
 * Credit (issue 19 items 2–3) through the HTTP API on PGlite and PostgreSQL: the quota reads points
 * earned (a purchase never lowers it), tiers are versioned, the bank's extract lists only consenting
 * households and verifies with the published Ed25519 key, and a village's dividend goes through 公示,
 * objection and 复核 to payout with Σ = the pool. Every refusal shows its code and that nothing was written.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { before, it } from 'node:test';
import { readXlsxRows, verifySignature } from '../src/credit/index.ts';
import { uuidv7 } from '../src/points/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { awardPoints, makeArea, makeBank, makeHousehold, makeNamedResident, makeStaff, spendPoints, type Area, type TestUser } from './builders/index.ts';

// answers are read field by field in the asserts
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Res = { statusCode: number; body: string; rawPayload: Buffer; json(): any };

/** Last month (Shanghai) and an instant in its middle: the extract's month and when its points were earned. */
function lastMonth(now = new Date()) {
  const s = new Date(now.getTime() + 8 * 3_600_000);
  const first = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() - 1, 1));
  const month = first.toISOString().slice(0, 7);
  const lastDay = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), 0)).toISOString().slice(0, 10);
  return { month, firstDay: `${month}-01`, lastDay, mid: new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 10, 4)) };
}

describeOnDatabases('credit', ({ vb }) => {
  let area: Area;
  let village: string;
  let admin: TestUser;
  let bank: { bank: { code: string }; token: string };
  const last = lastMonth();

  before(async () => {
    area = await makeArea(vb);
    village = area.villages[0];
    admin = await makeStaff(vb, 'admin', area.district);
    bank = await makeBank(vb, area.district);
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: { auth: Record<string, string> } | null, payload?: object, headers: Record<string, string> = {}): Promise<Res> =>
    vb.app.inject({ method, url, headers: { ...(who?.auth ?? {}), ...headers }, ...(payload ? { payload } : {}) }) as unknown as Promise<Res>;
  const counts = async () => (await vb.platform.database.raw<Record<string, number>>(`SELECT
      (SELECT count(*)::int FROM credit_tiers) AS tiers, (SELECT count(*)::int FROM credit_consents) AS consents, (SELECT count(*)::int FROM credit_extracts) AS extracts,
      (SELECT count(*)::int FROM credit_dividends) AS dividends, (SELECT count(*)::int FROM credit_dividend_shares) AS shares,
      (SELECT count(*)::int FROM credit_dividend_objections) AS objections, (SELECT count(*)::int FROM audit_log) AS audit`, []))[0];
  const refused = async (status: number, code: string, send: () => Promise<Res>) => {
    const before = await counts();
    const res = await send();
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().error.code, code);
    assert.deepEqual(await counts(), before, 'nothing written');
  };
  const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

  it('my quota reads the points my household earned in 12 months; a purchase never lowers it', async () => {
    const h = await makeHousehold(vb, { village, size: 2 });
    await awardPoints(vb, h.members[0].id, 300, last.mid, 'garbage_sorting');
    const yard = await awardPoints(vb, h.members[1].id, 250, last.mid, 'tidy_yard');
    const res = await call('GET', '/api/me/credit', h.members[1]);
    assert.equal(res.statusCode, 200, res.body);
    const mine = res.json();
    assert.equal(mine.household.id, h.household.id);
    assert.equal(mine.quota.earned, 550);
    assert.equal(mine.quota.tier, 3);
    assert.equal(mine.quota.quotaYuan, 50_000);
    assert.deepEqual(mine.quota.next, { minPoints: 1000, quotaYuan: 100_000, pointsToGo: 450 });
    assert.deepEqual(mine.quota.mix.map((m: { rule: string; points: number }) => [m.rule, m.points]), [['garbage_sorting', 300], ['tidy_yard', 250]]);
    // the head buys rice for 200 points: spendable falls, earned and the quota do not (earned ≠ spendable)
    await spendPoints(vb, h.members[0].id, 200);
    const after = (await call('GET', '/api/me/credit', h.members[0])).json();
    assert.equal(after.quota.earned, 550);
    assert.equal(after.quota.quotaYuan, 50_000);
    // a correction of an award lowers what was earned (and the rule mix), as the ledger's earnedIn says
    const admin = await vb.services.users.actorOf((await makeStaff(vb, 'admin', area.district)).id);
    await vb.services.points.correct(admin, { id: uuidv7(), reversesId: yard, amount: 50, reason: '重复申报' });
    const corrected = (await call('GET', '/api/me/credit', h.members[0])).json();
    assert.equal(corrected.quota.earned, 500);
    assert.deepEqual(corrected.quota.mix.map((m: { rule: string; points: number }) => [m.rule, m.points]), [['garbage_sorting', 300], ['tidy_yard', 200]]);
    const alone = await makeNamedResident(vb, village, '余大伯');
    assert.deepEqual((await call('GET', '/api/me/credit', alone)).json().household, null);
  });

  it('a region\'s tier table is versioned; an invalid table or a stale version is refused and writes nothing', async () => {
    const put = await call('PUT', `/api/credit/tiers/${area.townships[1]}`, admin, { bands: [{ minPoints: 500, quotaYuan: 50_000 }, { minPoints: 100, quotaYuan: 10_000 }] });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json(), { regionCode: area.townships[1], version: 1, bands: [{ minPoints: 100, quotaYuan: 10_000 }, { minPoints: 500, quotaYuan: 50_000 }] });
    const atVillage = (await call('GET', `/api/credit/tiers?region=${area.villages[2]}`, admin)).json();
    assert.equal(atVillage.version, 1);
    assert.equal((await call('GET', `/api/credit/tiers?region=${village}`, admin)).json().version, 0, 'the defaults elsewhere');
    await refused(422, 'CREDIT_TIERS_INVALID', () => call('PUT', `/api/credit/tiers/${area.townships[1]}`, admin, { bands: [{ minPoints: 100, quotaYuan: 50_000 }, { minPoints: 500, quotaYuan: 10_000 }] }));
    await refused(409, 'CREDIT_TIERS_CONFLICT', () => call('PUT', `/api/credit/tiers/${area.townships[1]}`, admin, { bands: [{ minPoints: 10, quotaYuan: 1000 }], expectedVersion: 0 }));
    const grid = await makeStaff(vb, 'grid_worker', village);
    await refused(403, 'FORBIDDEN', () => call('PUT', `/api/credit/tiers/${village}`, grid, { bands: [{ minPoints: 10, quotaYuan: 1000 }] }));
  });

  it('the bank\'s extract lists only consenting households and verifies with the published key; made again, the same bytes', async () => {
    const yes = await makeHousehold(vb, { village: area.villages[1] });
    const never = await makeHousehold(vb, { village: area.villages[1] });
    const withdrew = await makeHousehold(vb, { village: area.villages[1] });
    for (const h of [yes, never, withdrew]) await awardPoints(vb, h.head.id, 520, last.mid, 'volunteer');
    assert.equal((await call('POST', '/api/me/credit/consents', yes.members[1], { bankCode: bank.bank.code })).statusCode, 201);
    assert.equal((await call('POST', '/api/me/credit/consents', withdrew.head, { bankCode: bank.bank.code })).statusCode, 201);
    await refused(409, 'CREDIT_CONSENT_EXISTS', () => call('POST', '/api/me/credit/consents', yes.head, { bankCode: bank.bank.code }));
    const w = await call('POST', `/api/me/credit/consents/${bank.bank.code}/withdraw`, withdrew.members[2]);
    assert.equal(w.statusCode, 200, w.body);
    assert.ok(w.json().consents[0].withdrawnAt);
    await refused(404, 'CREDIT_CONSENT_NOT_FOUND', () => call('POST', `/api/me/credit/consents/${bank.bank.code}/withdraw`, never.head));

    const made = await call('POST', '/api/credit/extracts', admin, { bankCode: bank.bank.code, month: last.month });
    assert.equal(made.statusCode, 201, made.body);
    const ex = made.json().extract;
    assert.equal(ex.rowCount, 1);
    const file = (await call('GET', `/api/credit/extracts/${ex.id}/file`, admin)).rawPayload;
    assert.equal(sha(file), ex.sha256);
    const key = (await call('GET', '/api/credit/signing-key', null)).json();
    assert.equal(key.algorithm, 'Ed25519');
    assert.equal(key.keyId, ex.keyId);
    assert.ok(verifySignature(key.publicKeyPem, file, ex.signature), 'the XLSX verifies with the published key');
    assert.ok(!verifySignature(key.publicKeyPem, Buffer.concat([file, Buffer.from(' ')]), ex.signature), 'a changed file does not');
    const rows = (await readXlsxRows(file)).map((r) => String(r[0]));
    assert.ok(rows.includes(yes.household.id));
    for (const h of [never, withdrew]) assert.ok(!rows.some((r) => r.includes(h.household.id)), 'a household without consent is never in the file');
    const line = (await readXlsxRows(file)).find((r) => r[0] === yes.household.id)!;
    assert.deepEqual(line.slice(3, 6), [520, 3, 50_000], 'points earned, tier, quota band');
    assert.match(String(line[6]), /volunteer 520$/, 'the rule mix (a rule without a name shows its key)');
    // the bank's JSON: the document verifies and names the same household only
    const json = await call('GET', `/api/credit/bank/extracts/${last.month}`, null, undefined, { 'x-bank-token': bank.token });
    assert.equal(json.statusCode, 200, json.body);
    const signed = json.json();
    assert.ok(verifySignature(key.publicKeyPem, Buffer.from(signed.document), signed.jsonSignature));
    assert.equal(sha(Buffer.from(signed.document)), signed.jsonSha256);
    const doc = JSON.parse(signed.document);
    assert.deepEqual(doc.rows.map((r: { householdId: string }) => r.householdId), [yes.household.id]);
    assert.match(doc.rows[0].household, /\*/, 'the head is masked');
    const bankFile = (await call('GET', `/api/credit/bank/extracts/${last.month}/file`, null, undefined, { 'x-bank-token': bank.token })).rawPayload;
    assert.equal(sha(bankFile), ex.sha256, 'rendered again: the same hash');
    const again = await call('POST', '/api/credit/extracts', admin, { bankCode: bank.bank.code, month: last.month });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().extract.sha256, ex.sha256);
    await refused(401, 'CREDIT_BANK_TOKEN', () => call('GET', `/api/credit/bank/extracts/${last.month}`, null, undefined, { 'x-bank-token': 'not-the-token' }));
    await refused(401, 'CREDIT_BANK_TOKEN', () => call('GET', '/api/credit/bank/extracts', null));
  });

  it('bad extracts: a month not ended (422), another area\'s bank (404), a stranger (403) — nothing written', async () => {
    const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    await refused(422, 'CREDIT_MONTH_INVALID', () => call('POST', '/api/credit/extracts', admin, { bankCode: bank.bank.code, month: now }));
    await refused(422, 'CREDIT_MONTH_INVALID', () => call('POST', '/api/credit/extracts', admin, { bankCode: bank.bank.code, month: '2026-13' }));
    const other = await makeArea(vb);
    const foreign = await makeBank(vb, other.district, '衢江农商银行');
    await refused(404, 'CREDIT_BANK_NOT_FOUND', () => call('POST', '/api/credit/extracts', admin, { bankCode: foreign.bank.code, month: last.month }));
    const villageAdmin = await makeStaff(vb, 'admin', village);
    await refused(404, 'CREDIT_BANK_NOT_FOUND', () => call('POST', '/api/credit/extracts', villageAdmin, { bankCode: bank.bank.code, month: last.month }));
    const grid = await makeStaff(vb, 'grid_worker', village);
    await refused(403, 'FORBIDDEN', () => call('POST', '/api/credit/extracts', grid, { bankCode: bank.bank.code, month: last.month }));
  });

  it('a village\'s dividend: shares to the fen, 公示, an objection, the township\'s 复核, approval, payout and the accountant\'s file', async () => {
    const v = area.villages[3];
    const hs = [await makeHousehold(vb, { village: v }), await makeHousehold(vb, { village: v }), await makeHousehold(vb, { village: v })];
    await awardPoints(vb, hs[0].head.id, 100, last.mid);
    await awardPoints(vb, hs[1].members[1].id, 200, last.mid);
    await awardPoints(vb, hs[2].members[2].id, 33, last.mid);
    const villageAdmin = await makeStaff(vb, 'admin', v);
    const res = await call('POST', '/api/credit/dividends', villageAdmin, { regionCode: v, title: '合作社积分分红', periodFrom: last.firstDay, periodTo: last.lastDay, poolYuan: '1000.00' });
    assert.equal(res.statusCode, 201, res.body);
    const d = res.json();
    assert.equal(d.status, 'noticed');
    assert.equal(d.totalPoints, 333);
    assert.deepEqual(d.shares.map((s: { points: number; payoutYuan: string }) => [s.points, s.payoutYuan]), [[200, '600.60'], [100, '300.30'], [33, '99.10']]);
    // the board: residents see family names and masked heads
    const board = (await call('GET', `/api/credit/dividends/board?region=${v}`, hs[0].head)).json();
    assert.equal(board.items[0].id, d.id);
    assert.ok(board.items[0].shares.every((s: { household: string }) => s.household.includes('*')));
    await refused(409, 'CREDIT_NOT_PAYABLE', () => call('POST', `/api/credit/dividends/${d.id}/paid`, villageAdmin));
    const outsider = await makeNamedResident(vb, area.villages[0], '徐建国');
    await refused(404, 'CREDIT_DIVIDEND_NOT_FOUND', () => call('POST', `/api/credit/dividends/${d.id}/objections`, outsider, { reason: '不是本村的' }));
    const obj = await call('POST', `/api/credit/dividends/${d.id}/objections`, hs[2].head, { reason: '我家义务巡河的分没算进去' });
    assert.equal(obj.statusCode, 201, obj.body);
    await refused(409, 'CREDIT_ALREADY_OBJECTED', () => call('POST', `/api/credit/dividends/${d.id}/objections`, hs[2].head, { reason: '再说一次' }));
    const staffView = (await call('GET', `/api/credit/dividends/${d.id}`, villageAdmin)).json();
    assert.equal(staffView.status, 'objected');
    assert.deepEqual(staffView.objections.map((o: { reason: string }) => o.reason), ['我家义务巡河的分没算进去']);
    assert.ok(!JSON.stringify(staffView.objections).includes(hs[2].head.id), 'the objector is not named');
    // a village leader cannot decide; the township's can
    const villageLeader = await makeStaff(vb, 'leader', v);
    await refused(403, 'CREDIT_RECHECK_TOWNSHIP', () => call('POST', `/api/credit/dividends/${d.id}/decision`, villageLeader, { decision: 'overturn', reason: '重新核算' }));
    const township = await makeStaff(vb, 'leader', area.townships[1]);
    const up = await call('POST', `/api/credit/dividends/${d.id}/decision`, township, { decision: 'uphold', reason: '巡河积分已在当月核定，分红无误' });
    assert.equal(up.statusCode, 200, up.body);
    assert.equal(up.json().status, 'noticed');
    assert.equal(await vb.services.dividends.approveDue(new Date(Date.now() + 60 * 86_400_000)), 1);
    const paid = await call('POST', `/api/credit/dividends/${d.id}/paid`, villageAdmin);
    assert.equal(paid.statusCode, 200, paid.body);
    assert.equal(paid.json().status, 'paid');
    await refused(409, 'CREDIT_NOT_PAYABLE', () => call('POST', `/api/credit/dividends/${d.id}/paid`, villageAdmin));
    const file = (await call('GET', `/api/credit/dividends/${d.id}/file`, villageAdmin)).rawPayload;
    assert.equal(sha(file), d.fileSha256, 'the accountant\'s file recomputes to the hash taken at entry');
    const rows = await readXlsxRows(file);
    assert.deepEqual(rows.at(-1)!.slice(1), ['合计', '', 333, '1000.00']);
    const mine = (await call('GET', '/api/me/credit', hs[1].members[1])).json();
    assert.deepEqual(mine.dividends.map((x: { payoutYuan: string; status: string }) => [x.payoutYuan, x.status]), [['600.60', 'paid']]);
  });

  it('bad dividends: a pool not a whole number of fen (400), a period not ended (422), another village (403), not a village (422), twice (409) — nothing written', async () => {
    const v = area.villages[2];
    const h = await makeHousehold(vb, { village: v });
    await awardPoints(vb, h.head.id, 10, last.mid);
    const villageAdmin = await makeStaff(vb, 'admin', v);
    const body = { regionCode: v, title: '年度分红', periodFrom: last.firstDay, periodTo: last.lastDay, poolYuan: '100.005' };
    await refused(400, 'CREDIT_POOL_NOT_FEN', () => call('POST', '/api/credit/dividends', villageAdmin, body));
    await refused(400, 'CREDIT_POOL_NOT_FEN', () => call('POST', '/api/credit/dividends', villageAdmin, { ...body, poolYuan: 0.001 }));
    await refused(400, 'CREDIT_POOL_NOT_FEN', () => call('POST', '/api/credit/dividends', villageAdmin, { ...body, poolYuan: '-5' }));
    const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    await refused(422, 'CREDIT_PERIOD_INVALID', () => call('POST', '/api/credit/dividends', villageAdmin, { ...body, poolYuan: '100', periodTo: tomorrow }));
    await refused(422, 'CREDIT_PERIOD_INVALID', () => call('POST', '/api/credit/dividends', villageAdmin, { ...body, poolYuan: '100', periodFrom: last.lastDay, periodTo: last.firstDay }));
    await refused(422, 'CREDIT_PERIOD_INVALID', () => call('POST', '/api/credit/dividends', villageAdmin, { ...body, poolYuan: '100', periodTo: '2026-02-30' }));
    await refused(403, 'FORBIDDEN', () => call('POST', '/api/credit/dividends', villageAdmin, { ...body, poolYuan: '100', regionCode: area.villages[3] }));
    await refused(422, 'CREDIT_NOT_VILLAGE', () => call('POST', '/api/credit/dividends', admin, { ...body, poolYuan: '100', regionCode: area.townships[1] }));
    await refused(422, 'CREDIT_NO_POINTS', () => call('POST', '/api/credit/dividends', villageAdmin, { ...body, poolYuan: '100', periodFrom: '2020-01-01', periodTo: '2020-12-31' }));
    assert.equal((await call('POST', '/api/credit/dividends', villageAdmin, { ...body, poolYuan: 100 })).statusCode, 201);
    await refused(409, 'CREDIT_DIVIDEND_EXISTS', () => call('POST', '/api/credit/dividends', villageAdmin, { ...body, poolYuan: '100' }));
  });
});
