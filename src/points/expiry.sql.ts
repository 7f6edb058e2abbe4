/**
 * The expiry's writer: one statement expires a chunk of accounts' lots of a cycle — locks the accounts
 * (ascending id, as every ledger batch does) and the ledger's `expired` account, computes what is left
 * of each (expiry-model.ts `dueOf`, from each account's own transfers by the account indexes), inserts
 * the `expiry` transfers with their business keys and the balances after them, and moves the totals.
 *
 * Why not the ledger's `applyBatch` like every other writer: a million lots at the end of a year is the
 * ledger's one bulk job, and the general path costs a round trip of every row through Node (≈ 2,500
 * lots/s measured); here nothing leaves the database (bench: `--only=expiry`). It keeps the ledger's
 * rules all the same — double entry in one ledger (the sink is credited the chunk's sum in the same
 * statement), no balance below zero (the amount is capped by what the locked account can spend, and
 * the check constraint says so too), a business key per (account, cycle) that the unique index holds
 * (ON CONFLICT DO NOTHING: a transfer not inserted moves no total), and an id derived from the account
 * and the key (the same as `expiryTransferId`: in the accounts' order, so a chunk's ids sit together in
 * the index). The expiry test checks the totals against the model and Σ debits = Σ credits.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import type { Ledger } from './ledger.ts';

export interface ExpiryChunk {
  ledger: Ledger; sinkId: string; cycle: number; yearEnd: Date; moment: Date; now: Date;
  after: string; limit: number; paused: readonly string[];
}

/** Expire one chunk (accounts after `after` in id order); the last account looked at, and what expired. */
export async function expireChunk(db: Db, c: ExpiryChunk): Promise<{ last: string | null; lots: number; points: number }> {
  const key = sql`'expiry:' || acc.id::text || ':' || ${String(c.cycle)}`;
  const paused = c.paused.length ? sql`AND acc.holder_id NOT IN (${sql.join(c.paused.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
  // the planner would update the chunk's accounts by hashing the whole accounts table (a million rows per chunk
  // in a big district) instead of ten thousand key lookups: this transaction only, no hash or merge joins.
  // (JIT, which took half of each chunk's time, is off for every connection: platform/db/index.ts)
  await db.execute(sql`SET LOCAL enable_hashjoin = off`);
  await db.execute(sql`SET LOCAL enable_mergejoin = off`);
  const r = (await db.execute(sql`
    WITH acc AS (
      SELECT a.id, a.holder_id, a.credits_posted AS cp, a.debits_posted AS dp, a.credits_pending AS cq, a.debits_pending AS dq FROM points_accounts a
      WHERE a.ledger = ${c.ledger} AND a.holder_id IS NOT NULL AND a.credits_posted > a.debits_posted AND a.id > ${c.after}::uuid
      ORDER BY a.id LIMIT ${c.limit} FOR UPDATE
    ), lots AS (
      SELECT acc.*, ${key} AS key, LEAST(cr.s - dr.spent - dr.expired, acc.cp - acc.dp - acc.dq) AS amount
      FROM acc
      CROSS JOIN LATERAL (SELECT coalesce(sum(t.amount), 0) AS s FROM points_transfers t
        WHERE t.credit_account_id = acc.id AND t.kind IN ('single', 'post') AND t.created_at < ${c.yearEnd.toISOString()}::timestamptz) cr
      CROSS JOIN LATERAL (SELECT
          coalesce(sum(t.amount) FILTER (WHERE t.code <> 'expiry' AND t.created_at < ${c.moment.toISOString()}::timestamptz), 0) AS spent,
          coalesce(sum(t.amount) FILTER (WHERE t.code = 'expiry' AND (t.metadata->>'cycle')::int < ${c.cycle}), 0) AS expired,
          count(*) FILTER (WHERE t.business_key = ${key}) AS done
        FROM points_transfers t WHERE t.debit_account_id = acc.id AND t.kind IN ('single', 'post')) dr
      WHERE dr.done = 0 ${paused}
    ), due AS (
      SELECT lots.*, encode(sha256(convert_to(key, 'UTF8')), 'hex') AS h, sum(amount) OVER (ORDER BY id) AS running FROM lots WHERE amount > 0
    ), sink AS (
      SELECT credits_posted AS cp, debits_posted AS dp, credits_pending AS cq, debits_pending AS dq FROM points_accounts WHERE id = ${c.sinkId}::uuid FOR UPDATE
    ), ins AS (
      INSERT INTO points_transfers (id, kind, ledger, debit_account_id, credit_account_id, amount, code, status, business_key, reason, event_time, metadata, created_at, balances_after)
      SELECT (substr(due.id::text, 1, 13) || '-8' || substr(h, 14, 3) || '-' || to_hex((('x' || substr(h, 17, 1))::bit(4)::int & 3) | 8) || substr(h, 18, 3) || '-' || substr(h, 21, 12))::uuid,
        'single', ${c.ledger}, due.id, ${c.sinkId}::uuid, due.amount, 'expiry', 'posted', due.key, ${`${c.cycle}年所得积分到期`}, ${c.moment.toISOString()}::timestamptz,
        jsonb_build_object('cycle', ${c.cycle}::int), ${c.now.toISOString()}::timestamptz,
        jsonb_build_object(
          'debit', jsonb_build_object('debitsPosted', due.dp + due.amount, 'creditsPosted', due.cp, 'debitsPending', due.dq, 'creditsPending', due.cq),
          'credit', jsonb_build_object('debitsPosted', sink.dp, 'creditsPosted', sink.cp + due.running, 'debitsPending', sink.dq, 'creditsPending', sink.cq))
      FROM due, sink
      ON CONFLICT DO NOTHING
      RETURNING debit_account_id, amount
    ), upd AS (
      UPDATE points_accounts a SET debits_posted = a.debits_posted + ins.amount FROM ins WHERE a.id = ins.debit_account_id RETURNING a.id
    ), credited AS (
      UPDATE points_accounts SET credits_posted = credits_posted + (SELECT coalesce(sum(amount), 0) FROM ins) WHERE id = ${c.sinkId}::uuid RETURNING id
    )
    SELECT (SELECT max(id::text) FROM acc) AS last, (SELECT count(*) FROM upd)::int AS lots, (SELECT coalesce(sum(amount), 0) FROM ins)::text AS points, (SELECT count(*) FROM credited)::int AS credited`)) as unknown as { rows: { last: string | null; lots: number; points: string }[] };
  const row = r.rows[0];
  return { last: row.last, lots: Number(row.lots), points: Number(row.points) };
}
