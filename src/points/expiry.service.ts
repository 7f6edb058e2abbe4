/**
 * Expiry of points (issue 19 item 4): points earned in year Y expire at the end of Y + keepYears, FIFO
 * (expiry-model.ts says why the sums below are the FIFO lots). The lots are computed from the ledger,
 * not materialised: the ledger is the only record of what was earned and spent, so there is nothing to
 * keep in step with it, a correction or a late post is seen at once, and a rerun recomputes the same.
 *
 * The expiry itself is a ledger transfer (code `expiry`, the person → the ledger's `expired` account)
 * with the business key `expiry:<account>:<cycle>` and an id derived from it, so a rerun, a second
 * process or a clock that jumped finds the cycle done and writes nothing. Cycles are done oldest first;
 * an account whose household has an objection open (a claim in 复核) waits until it is decided. "Earned"
 * (loans, dividends, rankings) counts awards and deductions only, so an expiry never lowers it.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Platform } from '../platform/context.ts';
import { emitEvent, NOTIFICATION_REQUESTED } from '../platform/events.ts';
import type { HouseholdLookup } from './claims-model.ts';
import { cyclesDue, dueOf, expiryMoment, nextCycle, yearOf, yearStartOf } from './expiry-model.ts';
import { SPENDABLE_LEDGERS, type Ledger } from './ledger.ts';
import { expireChunk } from './expiry.sql.ts';
import type { PointsService } from './points.service.ts';

/** How long before the expiry a person is told (in-app and SMS). */
export const NOTICE_DAYS = 30;
const DAY = 86_400_000;

/** A UUID (version 8, RFC 9562's "custom") derived from a business key: the same key, the same transfer id. */
export function keyedUuid(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * An expiry transfer's id: its account id's first 48 bits (an account's UUIDv7 time), then `keyedUuid`'s
 * bits of the business key. The expiry walks the accounts in id order, so a chunk's ten thousand new ids
 * land side by side in the transfers' primary key instead of on ten thousand random pages of it — the
 * random pages were most of a million-lot expiry's writes (docs/benchmarks.md). Still one id per
 * (account, cycle); a rerun is held by the business key's unique index all the same. expiry.sql.ts
 * computes the same in SQL.
 */
export const expiryTransferId = (accountId: string, cycle: number) => `${accountId.slice(0, 13)}${keyedUuid(`expiry:${accountId}:${cycle}`).slice(13)}`;

export interface ExpiryOptions {
  /** Points earned in year Y expire at the end of Y + keepYears (default 1). */
  keepYears?: number;
  /** Accounts per transaction (each one ledger batch). */
  chunk?: number;
}

interface Row { id: string; ledger: string; holder_id: string; available: string; credits: string; debits: string; expired: string }

export class ExpiryService {
  readonly keepYears: number;
  private chunk: number;

  constructor(private p: Platform, private points: PointsService, private households: HouseholdLookup, opts: ExpiryOptions = {}) {
    this.keepYears = opts.keepYears ?? 1;
    this.chunk = opts.chunk ?? 10_000;
  }

  /**
   * The scheduled job: expire every cycle whose moment has passed, then send the notices that are due.
   * Safe to run twice or late (after a clock jump the missed cycles are done in order, once).
   */
  async tick(now = new Date()): Promise<{ expired: number; points: number; noticed: number }> {
    const done = await this.expireDue(now);
    const noticed = await this.noticeDue(now);
    return { ...done, noticed };
  }

  /** Expire what is left of each due cycle; how many lots (account × cycle) and points. */
  async expireDue(now = new Date()): Promise<{ expired: number; points: number }> {
    const first = await this.firstYear();
    if (first === null) return { expired: 0, points: 0 };
    const paused = await this.paused();
    let expired = 0;
    let points = 0;
    for (const cycle of cyclesDue(first, now, this.keepYears)) {
      const moment = expiryMoment(cycle, this.keepYears);
      for (const ledger of SPENDABLE_LEDGERS) {
        const sinkId = (await this.points.systemAccount(ledger, 'expired')).id;
        // one statement per chunk, each its own transaction: a crash loses at most a chunk, which the next run does
        for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
          const done = await this.p.tx((tx) => expireChunk(tx, { ledger, sinkId, cycle, yearEnd: yearStartOf(cycle + 1), moment, now, after, limit: this.chunk, paused: [...paused] }));
          expired += done.lots;
          points += done.points;
          if (!done.last) break;
          after = done.last;
        }
      }
    }
    if (expired) this.p.log.info({ expired, points }, 'points expired');
    return { expired, points };
  }

  /**
   * Tell each person 30 days before what will expire (what is left now of the cycle due next), once per
   * account and cycle: the rows are inserted ON CONFLICT DO NOTHING and only those inserted are told.
   */
  async noticeDue(now = new Date()): Promise<number> {
    const cycle = nextCycle(now, this.keepYears);
    const moment = expiryMoment(cycle, this.keepYears);
    if (moment.getTime() - now.getTime() > NOTICE_DAYS * DAY) return 0;
    let told = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = await this.lots(cycle, now, after, { skipNoticed: true });
      if (!rows.length) break;
      after = rows.at(-1)!.id;
      const due = rows.map((r) => ({ r, amount: dueOf(sums(r)) })).filter((x) => x.amount > 0);
      if (!due.length) continue;
      told += await this.p.tx(async (tx) => {
        const values = sql.join(due.map((x) => sql`(${x.r.id}::uuid, ${cycle}::int, ${x.amount}::bigint, ${moment.toISOString()}::timestamptz)`), sql`, `);
        const made = (await tx.execute(sql`INSERT INTO points_expiry_notices (account_id, cycle, amount, expires_at) VALUES ${values} ON CONFLICT DO NOTHING RETURNING account_id`)) as unknown as { rows: { account_id: string }[] };
        const inserted = new Set(made.rows.map((m) => m.account_id));
        const day = localDay(new Date(moment.getTime() - 1));
        for (const x of due) {
          if (!inserted.has(x.r.id)) continue;
          const what = x.r.ledger === 'grid_worker' ? '服务积分' : '积分';
          await emitEvent(tx, NOTIFICATION_REQUESTED, {
            recipients: [x.r.holder_id], sms: true, always: true, title: `您有${x.amount}${what}将于${day}到期`,
            body: `您${cycle}年获得的${what}还剩${x.amount}分未使用，将于${day} 24:00 到期清零。可以到积分超市兑换，或问村里的网格员。`,
          });
        }
        return inserted.size;
      });
    }
    return told;
  }

  /** 我的积分: what of the caller's points expires next, and when (nothing: amount 0). */
  async upcoming(userId: string, ledger: Ledger = 'resident', now = new Date()) {
    const cycle = nextCycle(now, this.keepYears);
    const expiresAt = expiryMoment(cycle, this.keepYears);
    const account = await this.points.repo.personAccount(userId, ledger);
    const empty = { cycle, expiresAt: expiresAt.toISOString(), lastDay: localDay(new Date(expiresAt.getTime() - 1)), amount: 0, paused: false, keepYears: this.keepYears };
    if (!account) return empty;
    const [row] = await this.lots(cycle, now, null, { only: account.id });
    const paused = (await this.paused()).has(userId);
    return { ...empty, amount: row ? dueOf(sums(row)) : 0, paused };
  }

  /**
   * The sums of a cycle's lots for a page of accounts (by id, after `after`), each by its index
   * (credits and debits by account and time): credits up to the end of the cycle's year, debits before
   * `until` (the expiry moment, or now for a notice) other than expiries, and the expiries of earlier cycles.
   */
  private async lots(cycle: number, until: Date, after: string | null, o: { skipDone?: boolean; skipNoticed?: boolean; only?: string }): Promise<Row[]> {
    const yearEnd = yearStartOf(cycle + 1).toISOString();
    const ledgers = sql.join(SPENDABLE_LEDGERS.map((l) => sql`${l}`), sql`, `);
    const r = await this.p.database.query<Row>(sql`
      SELECT a.id, a.ledger, a.holder_id, (a.credits_posted - a.debits_posted - a.debits_pending)::text AS available,
        (SELECT coalesce(sum(t.amount), 0) FROM points_transfers t WHERE t.credit_account_id = a.id AND t.kind IN ('single', 'post') AND t.created_at < ${yearEnd}::timestamptz)::text AS credits,
        (SELECT coalesce(sum(t.amount), 0) FROM points_transfers t WHERE t.debit_account_id = a.id AND t.kind IN ('single', 'post') AND t.code <> 'expiry' AND t.created_at < ${until.toISOString()}::timestamptz)::text AS debits,
        (SELECT coalesce(sum(t.amount), 0) FROM points_transfers t WHERE t.debit_account_id = a.id AND t.code = 'expiry' AND (t.metadata->>'cycle')::int < ${cycle})::text AS expired
      FROM points_accounts a
      WHERE a.ledger IN (${ledgers}) AND a.holder_id IS NOT NULL AND a.credits_posted > a.debits_posted
        ${o.only ? sql`AND a.id = ${o.only}::uuid` : sql`AND a.id > ${after}::uuid`}
        ${o.skipDone ? sql`AND NOT EXISTS (SELECT 1 FROM points_transfers d WHERE d.business_key = 'expiry:' || a.id::text || ':' || ${String(cycle)})` : sql``}
        ${o.skipNoticed ? sql`AND NOT EXISTS (SELECT 1 FROM points_expiry_notices n WHERE n.account_id = a.id AND n.cycle = ${cycle})` : sql``}
      ORDER BY a.id LIMIT ${this.chunk}`);
    return r;
  }

  /** The year of the oldest credit to a person's spendable account; null when nothing was ever earned. */
  private async firstYear(): Promise<number | null> {
    const [r] = await this.p.database.query<{ t: string | null }>(sql`SELECT min(created_at)::text AS t FROM points_transfers WHERE ledger IN ('resident', 'grid_worker') AND code = 'award'`);
    return r?.t ? yearOf(new Date(r.t)) : null;
  }

  /** People whose expiry waits: an objection is open (复核) on a claim of theirs or of their household. */
  private async paused(): Promise<Set<string>> {
    const rows = await this.p.database.query<{ beneficiary_id: string }>(sql`SELECT DISTINCT beneficiary_id FROM points_claims WHERE status = 'objected'`);
    const out = new Set<string>();
    for (const { beneficiary_id: id } of rows) {
      out.add(id);
      for (const m of (await this.households.householdOf(id))?.memberIds ?? []) out.add(m);
    }
    return out;
  }
}

const sums = (r: Row) => ({ creditsUpTo: Number(r.credits), debitsBefore: Number(r.debits), expiredBefore: Number(r.expired), available: Number(r.available) });

/** A day in Shanghai as 2026年12月31日. */
export function localDay(t: Date): string {
  const d = new Date(t.getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
