/**
 * The points VOPR's invariants, checked in SQL on the database itself (not through the code under
 * test): per ledger Σ debits = Σ credits, posted and pending; no spendable account below zero or
 * overdrawn by its holds; every pending transfer resolved at most once and as its status says; every
 * account's totals equal to the sums recomputed from the transfers; no transfer reversed beyond its
 * amount. Each returns how many checks it made; a failure throws, naming what broke.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../src/platform/db/index.ts';

export async function checkInvariants(database: Database, why: string, now?: number): Promise<number> {
  let checks = 0;
  const sums = await database.raw<{ ledger: string; d: string; c: string; dq: string; cq: string }>(
    'SELECT ledger, sum(debits_posted) AS d, sum(credits_posted) AS c, sum(debits_pending) AS dq, sum(credits_pending) AS cq FROM points_accounts GROUP BY ledger', []);
  for (const s of sums) {
    assert.equal(s.d, s.c, `${s.ledger}: Σ debits posted = Σ credits posted, ${why}`);
    assert.equal(s.dq, s.cq, `${s.ledger}: Σ debits pending = Σ credits pending, ${why}`);
    checks += 2;
  }
  const overdrawn = await database.raw<{ id: string }>(
    'SELECT id FROM points_accounts WHERE debits_must_not_exceed_credits AND (credits_posted < debits_posted OR debits_posted + debits_pending > credits_posted)', []);
  assert.deepEqual(overdrawn, [], `no spendable account below zero or overdrawn by its holds, ${why}`);
  checks++;
  // a pending: still pending or expired → no post/void names it; posted/voided → exactly one post/void, of that kind
  const resolutions = await database.raw<{ id: string; status: string; n: number; kinds: string | null; expired_early: boolean }>(`
    SELECT p.id, p.status, count(r.id)::int AS n, string_agg(r.kind, ',') AS kinds,
           (p.status = 'expired' AND (p.expires_at IS NULL OR ($1::bigint IS NOT NULL AND p.expires_at > to_timestamp($1::bigint / 1000.0)))) AS expired_early
      FROM points_transfers p LEFT JOIN points_transfers r ON r.pending_id = p.id
     WHERE p.kind = 'pending' GROUP BY p.id, p.status`, [now ?? null]);
  for (const r of resolutions) {
    const expected = r.status === 'posted' ? [1, 'post'] : r.status === 'voided' ? [1, 'void'] : [0, null];
    assert.deepEqual([r.n, r.kinds], expected, `pending ${r.id} (${r.status}) resolved once and as its status says, ${why}`);
    assert.equal(r.expired_early, false, `pending ${r.id} expired only once its timeout ran out, ${why}`);
  }
  checks += resolutions.length * 2;
  const orphans = await database.raw<{ id: string }>(`
    SELECT r.id FROM points_transfers r WHERE r.pending_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM points_transfers p WHERE p.id = r.pending_id AND p.kind = 'pending')`, []);
  assert.deepEqual(orphans, [], `every post and void names a pending transfer, ${why}`);
  checks++;
  // the totals the ledger keeps = the sums of the transfers: posted by singles and posts, pending by holds still pending
  const drift = await database.raw<{ id: string }>(`
    WITH moves AS (
      SELECT debit_account_id AS a, amount AS dp, 0::bigint AS cp, 0::bigint AS dq, 0::bigint AS cq FROM points_transfers WHERE kind IN ('single', 'post')
      UNION ALL SELECT credit_account_id, 0, amount, 0, 0 FROM points_transfers WHERE kind IN ('single', 'post')
      UNION ALL SELECT debit_account_id, 0, 0, amount, 0 FROM points_transfers WHERE kind = 'pending' AND status = 'pending'
      UNION ALL SELECT credit_account_id, 0, 0, 0, amount FROM points_transfers WHERE kind = 'pending' AND status = 'pending'),
    sums AS (SELECT a, sum(dp) AS dp, sum(cp) AS cp, sum(dq) AS dq, sum(cq) AS cq FROM moves GROUP BY a)
    SELECT x.id FROM points_accounts x LEFT JOIN sums s ON s.a = x.id
     WHERE (x.debits_posted, x.credits_posted, x.debits_pending, x.credits_pending) IS DISTINCT FROM
           (coalesce(s.dp, 0), coalesce(s.cp, 0), coalesce(s.dq, 0), coalesce(s.cq, 0))`, []);
  assert.deepEqual(drift, [], `every account's totals are the sums of its transfers, ${why}`);
  checks++;
  const overReversed = await database.raw<{ id: string }>(`
    SELECT o.id FROM points_transfers o JOIN points_transfers c ON c.reverses_id = o.id
     GROUP BY o.id, o.amount HAVING sum(c.amount) > o.amount`, []);
  assert.deepEqual(overReversed, [], `no transfer reversed beyond its amount, ${why}`);
  checks++;
  return checks;
}
