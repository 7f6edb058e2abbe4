/**
 * The claims' invariants after the points VOPR, in SQL on the database itself: each claim's status
 * agrees with its transfers (a posted claim has exactly one posted award; a rejected or overturned one
 * none posted; one on notice or under 复核 a hold still pending; every hold resolved once), every
 * transfer a claim made names it, and no household took more of an item than its caps allow in any
 * Asia/Shanghai day, month or year. Then every claim is compared with the workload's model, and every
 * claim, case event, vote, decided 复核 and the posting job are sent again: nothing may change.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../src/platform/db/index.ts';
import type { ClaimsWorld } from './points-vopr-claims.ts';
import type { ClaimAnswer, ClaimCall, Executor } from './points-vopr-executor.ts';

interface Row {
  id: string; status: string; amount: number; posted_amount: number | null; business_key: string; pid: string | null;
  pk: string | null; ps: string | null; pa: number | null; pkey: string | null; posts: number; voids: number;
  qk: string | null; qs: string | null; qa: number | null; qp: string | null; keyed: number;
}

/** Each claim against its transfers, and the caps; how many checks. */
export async function checkClaims(database: Database, why: string): Promise<number> {
  const rows = await database.raw<Row>(`
    SELECT c.id, c.status, c.amount, c.posted_amount, c.business_key, c.pending_transfer_id AS pid,
           p.kind AS pk, p.status AS ps, p.amount::int AS pa, p.business_key AS pkey,
           (SELECT count(*)::int FROM points_transfers r WHERE r.pending_id = c.pending_transfer_id AND r.kind = 'post') AS posts,
           (SELECT count(*)::int FROM points_transfers r WHERE r.pending_id = c.pending_transfer_id AND r.kind = 'void') AS voids,
           q.kind AS qk, q.status AS qs, q.amount::int AS qa, q.pending_id AS qp,
           (SELECT count(*)::int FROM points_transfers t WHERE t.business_key = c.business_key) AS keyed
      FROM points_claims c
      LEFT JOIN points_transfers p ON p.id = c.pending_transfer_id
      LEFT JOIN points_transfers q ON q.id = c.posted_transfer_id`, []);
  for (const r of rows) {
    const says = `claim ${r.id} (${r.status}): ${JSON.stringify(r)}, ${why}`;
    const award = Math.abs(r.amount);
    switch (r.status) {
      case 'reviewing':
      case 'rejected':
        assert.deepEqual([r.pk, r.qk, r.keyed], [null, null, 0], `no points held or paid, ${says}`);
        break;
      case 'noticed':
      case 'objected':
        assert.deepEqual([r.pk, r.ps, r.pa, r.pkey, r.posts, r.voids, r.qk, r.keyed], ['pending', 'pending', award, r.business_key, 0, 0, null, 1], `its points held, unresolved, ${says}`);
        break;
      case 'voided':
        assert.deepEqual([r.pk, r.ps, r.posts, r.voids, r.qk, r.keyed], ['pending', 'voided', 0, 1, null, 1], `its hold voided once, nothing posted, ${says}`);
        break;
      case 'posted':
        if (r.pk) assert.deepEqual([r.ps, r.pa, r.posts, r.voids, r.qk, r.qs, r.qp, r.qa, r.posted_amount], ['posted', award, 1, 0, 'post', 'posted', r.pid, award, award], `its hold posted once, ${says}`);
        else assert.deepEqual([r.qk, r.qs, r.qa, r.posted_amount, r.keyed], ['single', 'posted', award, award, 1], `paid at once, ${says}`);
        break;
      default:
        assert.fail(`an unknown status, ${says}`);
    }
  }
  // every transfer a claim made carries the claim's business key, and the claim names it
  const strays = await database.raw<{ id: string }>(`
    SELECT t.id FROM points_transfers t LEFT JOIN points_claims c ON c.id::text = t.metadata->>'claimId'
     WHERE t.metadata->>'claimId' IS NOT NULL AND (c.id IS NULL OR t.business_key IS DISTINCT FROM c.business_key
           OR (t.id IS DISTINCT FROM c.pending_transfer_id AND t.id IS DISTINCT FROM c.posted_transfer_id))`, []);
  assert.deepEqual(strays, [], `every claim's transfer belongs to its claim, ${why}`);
  // caps: per item and household (or person without one), in every Asia/Shanghai period
  const over = await database.raw<{ rule_key: string; unit: string; period: string; at: string; points: number; cap: number }>(`
    WITH c AS (
      SELECT c.rule_key, coalesce(c.household_id::text, c.beneficiary_id::text) AS unit, abs(c.amount) AS a,
             c.event_time AT TIME ZONE 'Asia/Shanghai' AS lt, r.cap_day, r.cap_month, r.cap_year
        FROM points_claims c JOIN points_rules r ON r.id = c.rule_id WHERE c.status NOT IN ('rejected', 'voided'))
    SELECT rule_key, unit, 'day' AS period, date_trunc('day', lt)::text AS at, sum(a)::int AS points, max(cap_day) AS cap FROM c WHERE cap_day IS NOT NULL GROUP BY 1, 2, 4 HAVING sum(a) > max(cap_day)
    UNION ALL
    SELECT rule_key, unit, 'month', date_trunc('month', lt)::text, sum(a)::int, max(cap_month) FROM c WHERE cap_month IS NOT NULL GROUP BY 1, 2, 4 HAVING sum(a) > max(cap_month)
    UNION ALL
    SELECT rule_key, unit, 'year', date_trunc('year', lt)::text, sum(a)::int, max(cap_year) FROM c WHERE cap_year IS NOT NULL GROUP BY 1, 2, 4 HAVING sum(a) > max(cap_year)`, []);
  assert.deepEqual(over, [], `no household over an item's cap, ${why}`);
  return rows.length + 2;
}

/** Every claim in the database is the model's, field by field. */
export async function compareClaims(database: Database, world: ClaimsWorld, why: string): Promise<number> {
  const rows = await database.raw<{ id: string; business_key: string; rule_key: string; ledger: string; beneficiary_id: string; household_id: string | null; filed_by: string | null; amount: number; source: string; source_id: string | null; status: string; pending_transfer_id: string | null; posted_transfer_id: string | null; posted_amount: number | null; event_time: Date | string; notice_until: Date | string | null }>(
    'SELECT id, business_key, rule_key, ledger, beneficiary_id, household_id, filed_by, amount, source, source_id, status, pending_transfer_id, posted_transfer_id, posted_amount, event_time, notice_until FROM points_claims', []);
  assert.equal(rows.length, world.model.claims.size, `as many claims as the model, ${why}`);
  const ms = (t: Date | string | null) => (t === null ? null : new Date(t).getTime());
  for (const r of rows) {
    const m = world.model.claims.get(r.id);
    assert.ok(m, `claim ${r.id} is in the model, ${why}`);
    assert.deepEqual(
      [r.business_key, r.rule_key, r.ledger, r.beneficiary_id, r.household_id, r.filed_by, r.amount, r.source, r.source_id, r.status, r.pending_transfer_id, r.posted_transfer_id, r.posted_amount, ms(r.event_time), ms(r.notice_until)],
      [m.businessKey, m.rule.key, m.rule.ledger, m.beneficiaryId, m.householdId, m.filedBy, m.amount, m.source, m.sourceId, m.status, m.pendingId, m.postedId, m.postedAmount, m.eventTime, m.noticeUntil],
      `claim ${r.id} as the model has it, ${why}`);
  }
  const votes = await database.raw<{ n: number }>('SELECT count(*)::int AS n FROM points_claim_votes', []);
  assert.equal(votes[0].n, world.model.list.reduce((n, c) => n + c.votes.size, 0), `as many votes as the model, ${why}`);
  return rows.length + 2;
}

/**
 * Send every claim and case event again (each answers its first claim), every vote again (refused:
 * voted already, or no longer reviewing), every decided claim's 复核 again (refused) and the posting
 * job: no claim, vote, objection, transfer or balance may change.
 */
export async function replayClaims(database: Database, world: ClaimsWorld, executor: Executor, now: number, why: string): Promise<number> {
  const snapshot = async () => ({
    claims: await database.raw('SELECT id, status, pending_transfer_id, posted_transfer_id, posted_amount, decision_reason, notice_until FROM points_claims ORDER BY id', []),
    votes: await database.raw('SELECT claim_id, reviewer_id, decision FROM points_claim_votes ORDER BY 1, 2', []),
    objections: await database.raw('SELECT count(*)::int AS n FROM points_objections', []),
    transfers: await database.raw('SELECT count(*)::int AS n FROM points_transfers', []),
    accounts: await database.raw("SELECT id, concat_ws(',', debits_posted, credits_posted, debits_pending, credits_pending) AS t FROM points_accounts ORDER BY id", []),
  });
  const before = await snapshot();
  const calls: { call: ClaimCall; expected: ClaimAnswer }[] = world.replays.map(({ call, id }) => ({ call, expected: world.again(call, id, now) }));
  for (const c of world.model.list) {
    for (const [reviewer, decision] of c.votes) {
      const call: ClaimCall = { fn: 'vote', actorId: reviewer, claimId: c.id, decision, ...(decision === 'reject' ? { reason: '重复提交' } : {}) };
      calls.push({ call, expected: { ok: false, code: c.status === 'reviewing' ? 'POINTS_ALREADY_VOTED' : 'POINTS_CLAIM_NOT_REVIEWING' } });
    }
  }
  const leader = world.leaderId;
  for (const c of world.model.list) {
    if (c.status === 'voided' || (c.status === 'noticed' && c.objectors.size)) calls.push({ call: { fn: 'recheck', actorId: leader, claimId: c.id, decision: 'overturn', reason: '重复提交' }, expected: { ok: false, code: 'POINTS_CLAIM_NOT_OBJECTED' } });
  }
  calls.push({ call: { fn: 'postDue' }, expected: { ok: true, posted: 0 } });
  // a few at once (a client's retries arriving together); each must answer as if alone
  for (let i = 0; i < calls.length; i += 4) {
    const chunk = calls.slice(i, i + 4);
    const got = await executor.claims(chunk.map((c) => c.call), now);
    chunk.forEach((c, k) => assert.deepEqual(got[k], c.expected, `replayed ${JSON.stringify(c.call)}, ${why}`));
  }
  assert.deepEqual(await snapshot(), before, `the replay changed no claim, vote, objection, transfer or balance, ${why}`);
  return calls.length + 1;
}
