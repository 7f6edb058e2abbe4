/**
 * The ledger in the database: a batch of transfers in ONE transaction, decided by the pure core
 * (ledger.ts) against the rows it touches, locked.
 *
 * Locking: (1) read, unlocked, the transfers the batch names and the holders of its business keys
 * (a transfer's accounts and fields never change; only a pending's status does, once); (2) lock every
 * account touched with SELECT … FOR UPDATE in ascending id order — one order for every batch, so two
 * batches never wait on each other in a cycle; (3) read again under the locks only what may have
 * changed: a pending's status and the sums reversed (every change of theirs happens under the same
 * account locks, so — READ COMMITTED: a statement sees what committed before it — they are current), and
 * a pending or original named but not found in (1); (4) decide and write, in one statement. A new
 * transfer with one id (or business key) as another written meanwhile is refused by the unique index,
 * and the batch is run again, where it finds the first. A transaction takes five round trips (BEGIN,
 * read, lock, write, COMMIT), only the last two under the locks: the issuance and shop accounts are in
 * every award and spend, so the time they stay locked bounds the ledger's rate — which is why `apply`
 * group-commits the batches of concurrent callers into one transaction (see `grouped`).
 */
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { isUniqueViolation } from '../platform/errors.ts';
import { GroupCommit } from '../platform/group-commit.ts';
import {
  applyBatch, expirePending, isUuid, referencesOf, type Account, type BatchOutcome, type Ledger, type LedgerView, type Transfer, type TransferCode,
  type TransferInput, type TransferKind, type TransferResult, type TransferStatus,
} from './ledger.ts';
import { pointsAccounts, pointsTransfers } from './points.schema.ts';
import { uuidv7 } from './uuidv7.ts';

export type AccountRow = typeof pointsAccounts.$inferSelect;
type TransferRow = typeof pointsTransfers.$inferSelect;

export const toAccount = (r: AccountRow): Account => ({
  id: r.id, ledger: r.ledger as Ledger, debitsMustNotExceedCredits: r.debitsMustNotExceedCredits,
  debitsPosted: r.debitsPosted, creditsPosted: r.creditsPosted, debitsPending: r.debitsPending, creditsPending: r.creditsPending,
});

export const toTransfer = (r: TransferRow): Transfer => ({
  ...r, kind: r.kind as TransferKind, ledger: r.ledger as Ledger, code: r.code as TransferCode, status: r.status as TransferStatus,
  expiresAt: r.expiresAt?.toISOString() ?? null, eventTime: r.eventTime.toISOString(), createdAt: r.createdAt.toISOString(),
});

const fromTransfer = (t: Transfer): typeof pointsTransfers.$inferInsert => ({
  ...t, expiresAt: t.expiresAt ? new Date(t.expiresAt) : null, eventTime: new Date(t.eventTime), createdAt: new Date(t.createdAt),
});

/** How many times a batch is run again after a unique index refused a concurrent twin (or a transfer it names appeared meanwhile). */
const RETRIES = 3;

/** Group-commit transactions in flight: the next one reads while the first holds the hot accounts. */
const GROUP_PARALLEL = 2;

/**
 * A transfer the batch names was written between the unlocked read of (1) and the read under the locks
 * of (3) — a pending created just then — so its accounts are not locked: the batch runs again.
 */
class UnlockedAccounts extends Error {}

export class PointsRepository {
  constructor(private p: Platform) {}

  /**
   * Apply a batch in one transaction; a result per transfer with the balances after it. `also` runs in
   * the same transaction once the batch is written (an audit row), seeing the results.
   */
  async apply(inputs: readonly TransferInput[], opts: { now?: Date; also?: (tx: Db, results: TransferResult[]) => Promise<void> } = {}): Promise<TransferResult[]> {
    if (!opts.also) return this.grouped.add({ inputs, now: opts.now });
    return this.within(async (tx, ledger) => {
      const results = await ledger(inputs, opts.now ?? new Date());
      await opts.also?.(tx, results);
      return results;
    });
  }

  /**
   * Group commit (TigerBeetle batches the same way): batches that arrive while one is being written go
   * together in the next transaction, so the hot accounts every award and spend passes (issuance, shop)
   * are locked, written and flushed once for many callers instead of once each. A lone batch goes at
   * once. Each caller's batch keeps its own answers and its own chains: the batches run in arrival order
   * in one transaction, one `applyIn` per run of batches with the same clock, and a batch that ends
   * inside a linked chain ends its run (it fails alone, POINTS_LINKED_OPEN, as it would on its own). A
   * transaction that fails is run again batch by batch, so an error reaches only its own caller.
   */
  private grouped = new GroupCommit<{ inputs: readonly TransferInput[]; now?: Date }, TransferResult[]>((batch) => this.within(async (_tx, ledger) => {
    const answers: TransferResult[][] = [];
    for (let i = 0; i < batch.length;) {
      let j = i + 1;
      const at = batch[i].now?.getTime();
      while (j < batch.length && batch[j].now?.getTime() === at && !batch[j - 1].inputs.at(-1)?.linked) j++;
      const run = batch.slice(i, j);
      const results = await ledger(run.flatMap((b) => b.inputs), batch[i].now ?? new Date());
      let k = 0;
      for (const b of run) answers.push(results.slice(k, (k += b.inputs.length)));
      i = j;
    }
    return answers;
  }), { parallel: GROUP_PARALLEL, maxWeight: 500, weight: (b) => Math.max(1, b.inputs.length), retrySingly: true });

  /**
   * Run `work` in one transaction in which `ledger` applies batches (the claims take their own row lock
   * first, then the ledger locks the accounts: one order everywhere). The whole of it runs again on the
   * races `apply` runs again on, so `work` must be safe to repeat (it is: nothing of a failed try stays).
   */
  async within<T>(work: (tx: Db, ledger: (inputs: readonly TransferInput[], now: Date) => Promise<TransferResult[]>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.p.tx((tx) => work(tx, (inputs, now) => this.applyIn(tx, inputs, now)));
      } catch (err) {
        if (!(isUniqueViolation(err) || err instanceof UnlockedAccounts) || attempt >= RETRIES) throw err;
      }
    }
  }

  private async applyIn(tx: Db, inputs: readonly TransferInput[], now: Date): Promise<TransferResult[]> {
    const refs = referencesOf(inputs);
    const transferIds = refs.transferIds.filter(isUuid);
    const reversesIds = [...new Set(inputs.map((t) => t.reversesId).filter(isUuid))];
    // (1) unlocked: the transfers the batch names (its own ids, pendings, originals) and the holders of
    // its business keys, in one statement
    const named = transferIds.length ? inArray(pointsTransfers.id, transferIds) : sql`false`;
    const read = transferIds.length || refs.businessKeys.length
      ? await tx.select({ t: pointsTransfers, named: sql<boolean>`${named}` }).from(pointsTransfers)
        .where(or(...(transferIds.length ? [named] : []), ...(refs.businessKeys.length ? [inArray(pointsTransfers.businessKey, refs.businessKeys)] : [])))
      : [];
    const transfers = new Map(read.filter((r) => r.named).map((r) => [r.t.id, r.t]));
    const keys = new Set(refs.businessKeys);
    const keyed = read.filter((r) => r.t.businessKey !== null && keys.has(r.t.businessKey)).map((r) => ({ id: r.t.id, key: r.t.businessKey! }));
    // (2) lock them in id order: the accounts named and those of the transfers found (fixed once written)
    const accountIds = [...new Set([...refs.accountIds.filter(isUuid), ...[...transfers.values()].flatMap((t) => [t.debitAccountId, t.creditAccountId])])].sort();
    const accounts = accountIds.length
      ? await tx.select().from(pointsAccounts).where(inArray(pointsAccounts.id, accountIds)).orderBy(asc(pointsAccounts.id)).for('update')
      : [];
    // (3) under the locks, again what may have changed since (1): a pending's status, a pending or an
    // original that was not there yet, the sums reversed. Not the batch's own ids nor its business keys:
    // a twin written meanwhile is refused by the unique index, and the batch runs again.
    const own = new Set(inputs.map((t) => t.id));
    const again = transferIds.filter((id) => (transfers.has(id) ? transfers.get(id)!.status === 'pending' : !own.has(id)));
    if (again.length) for (const t of await tx.select().from(pointsTransfers).where(inArray(pointsTransfers.id, again))) transfers.set(t.id, t);
    const reversed = reversesIds.length
      ? await tx.select({ id: pointsTransfers.reversesId, sum: sql<string>`sum(${pointsTransfers.amount})` }).from(pointsTransfers).where(inArray(pointsTransfers.reversesId, reversesIds)).groupBy(pointsTransfers.reversesId)
      : [];
    const locked = new Set(accounts.map((a) => a.id));
    if ([...transfers.values()].some((t) => !locked.has(t.debitAccountId) || !locked.has(t.creditAccountId))) throw new UnlockedAccounts();
    const view = this.view(accounts.map(toAccount), [...transfers.values()].map(toTransfer), keyed, reversed.map((r) => [r.id!, Number(r.sum)]));
    // (4) decide and write
    const outcome = applyBatch(view, inputs, now);
    await this.write(tx, outcome);
    return outcome.results;
  }

  private view(accounts: Account[], transfers: Transfer[], keys: { id: string; key: string }[], reversed: [string, number][]): LedgerView {
    const a = new Map(accounts.map((x) => [x.id, x]));
    const t = new Map(transfers.map((x) => [x.id, x]));
    const k = new Map(keys.map((x) => [x.key, x.id]));
    const r = new Map(reversed);
    return { account: (id) => a.get(id), transfer: (id) => t.get(id), businessKey: (key) => k.get(key), reversed: (id) => r.get(id) ?? 0 };
  }

  /**
   * Write an outcome in ONE statement (the new transfers, the pendings resolved, the accounts' totals as
   * data-modifying CTEs): every round trip here is time the account locks are held.
   */
  private async write(tx: Db, o: Pick<BatchOutcome, 'resolved' | 'accounts'> & { created?: Transfer[] }): Promise<void> {
    const parts: SQL[] = [];
    if (o.created?.length) parts.push(sql`ins AS (${tx.insert(pointsTransfers).values(o.created.map(fromTransfer)).getSQL()})`);
    if (o.resolved.length) {
      const rows = sql.join(o.resolved.map((r) => sql`(${r.id}::uuid, ${r.status}::varchar)`), sql`, `);
      parts.push(sql`res AS (UPDATE ${pointsTransfers} t SET status = v.s FROM (VALUES ${rows}) AS v(id, s) WHERE t.id = v.id AND t.status = 'pending' RETURNING t.id)`);
    }
    if (o.accounts.length) {
      const rows = sql.join(o.accounts.map((a) => sql`(${a.id}::uuid, ${a.debitsPosted}::bigint, ${a.creditsPosted}::bigint, ${a.debitsPending}::bigint, ${a.creditsPending}::bigint)`), sql`, `);
      parts.push(sql`acc AS (UPDATE ${pointsAccounts} a SET debits_posted = v.dp, credits_posted = v.cp, debits_pending = v.dq, credits_pending = v.cq
        FROM (VALUES ${rows}) AS v(id, dp, cp, dq, cq) WHERE a.id = v.id RETURNING a.id)`);
    }
    if (!parts.length) return;
    const r = (await tx.execute(sql`WITH ${sql.join(parts, sql`, `)} SELECT ${o.resolved.length ? sql`(SELECT count(*) FROM res)::int` : sql`0`} AS resolved`)) as unknown as { rows: { resolved: number }[] };
    // the account locks make this impossible; if it ever happens, nothing of the batch stays
    if (Number(r.rows[0].resolved) !== o.resolved.length) throw new Error(`a pending transfer of ${o.resolved.map((x) => x.id).join(', ')} was resolved by someone else`);
  }

  /** Expire the pending transfers whose timeout ran out (at most `limit`); how many expired. */
  async expireDue(now = new Date(), limit = 500): Promise<number> {
    const due = await this.p.db.select({ id: pointsTransfers.id, d: pointsTransfers.debitAccountId, c: pointsTransfers.creditAccountId }).from(pointsTransfers)
      .where(and(eq(pointsTransfers.status, 'pending'), sql`${pointsTransfers.expiresAt} <= ${now.toISOString()}::timestamptz`)).limit(limit);
    if (!due.length) return 0;
    return this.p.tx(async (tx) => {
      const accountIds = [...new Set(due.flatMap((x) => [x.d, x.c]))].sort();
      const accounts = await tx.select().from(pointsAccounts).where(inArray(pointsAccounts.id, accountIds)).orderBy(asc(pointsAccounts.id)).for('update');
      const pendings = await tx.select().from(pointsTransfers).where(inArray(pointsTransfers.id, due.map((x) => x.id)));
      const outcome = expirePending(this.view(accounts.map(toAccount), pendings.map(toTransfer), [], []), due.map((x) => x.id), now);
      await this.write(tx, outcome);
      return outcome.resolved.length;
    });
  }

  /** A person's account in a ledger, opened on first use. */
  async openPersonAccount(holderId: string, ledger: Ledger, regionCode: string | null): Promise<AccountRow> {
    await this.p.db.insert(pointsAccounts).values({ id: uuidv7(), ledger, holderId, regionCode, debitsMustNotExceedCredits: true }).onConflictDoNothing();
    const [row] = await this.p.db.select().from(pointsAccounts).where(and(eq(pointsAccounts.ledger, ledger), eq(pointsAccounts.holderId, holderId)));
    return row;
  }

  /** A ledger's system account (issuance may go below zero: it is what the village owes in points). */
  async openSystemAccount(ledger: Ledger, name: 'issuance' | 'shop' | 'expired'): Promise<AccountRow> {
    await this.p.db.insert(pointsAccounts).values({ id: uuidv7(), ledger, name, debitsMustNotExceedCredits: false }).onConflictDoNothing();
    const [row] = await this.p.db.select().from(pointsAccounts).where(and(eq(pointsAccounts.ledger, ledger), eq(pointsAccounts.name, name)));
    return row;
  }

  async account(id: string): Promise<AccountRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.p.db.select().from(pointsAccounts).where(eq(pointsAccounts.id, id));
    return row;
  }

  async personAccount(holderId: string, ledger: Ledger): Promise<AccountRow | undefined> {
    const [row] = await this.p.db.select().from(pointsAccounts).where(and(eq(pointsAccounts.ledger, ledger), eq(pointsAccounts.holderId, holderId)));
    return row;
  }

  async transfer(id: string, db: Db = this.p.db): Promise<Transfer | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await db.select().from(pointsTransfers).where(eq(pointsTransfers.id, id));
    return row ? toTransfer(row) : undefined;
  }

  /** How much of a transfer its corrections have taken back so far. */
  async reversedOf(id: string): Promise<number> {
    const [r] = await this.p.db.select({ sum: sql<string | null>`sum(${pointsTransfers.amount})` }).from(pointsTransfers).where(eq(pointsTransfers.reversesId, id));
    return Number(r?.sum ?? 0);
  }

  /** Balance (credits − debits posted) of an account as it stood at `at`: the posted transfers up to then. */
  async balanceAt(accountId: string, at: Date): Promise<number> {
    const [r] = await this.p.database.query<{ b: string | null }>(sql`
      SELECT sum(CASE WHEN credit_account_id = ${accountId} THEN amount ELSE -amount END) AS b FROM points_transfers
      WHERE (debit_account_id = ${accountId} OR credit_account_id = ${accountId}) AND kind IN ('single', 'post') AND created_at <= ${at.toISOString()}::timestamptz`);
    return Number(r?.b ?? 0);
  }

  /** Points earned in [from, to): awards less deductions, and the corrections of either (ledger.ts earnedIn, in SQL). */
  async earnedIn(accountId: string, from: Date, to: Date): Promise<number> {
    const [r] = await this.p.database.query<{ e: string | null }>(sql`
      SELECT sum(CASE
          WHEN t.code = 'award' AND t.credit_account_id = ${accountId} THEN t.amount
          WHEN t.code = 'deduction' AND t.debit_account_id = ${accountId} THEN -t.amount
          WHEN t.code = 'correction' AND o.code = 'award' AND t.debit_account_id = ${accountId} THEN -t.amount
          WHEN t.code = 'correction' AND o.code = 'deduction' AND t.credit_account_id = ${accountId} THEN t.amount
          ELSE 0 END) AS e
      FROM points_transfers t LEFT JOIN points_transfers o ON o.id = t.reverses_id
      WHERE t.kind IN ('single', 'post') AND t.created_at >= ${from.toISOString()}::timestamptz AND t.created_at < ${to.toISOString()}::timestamptz
        AND (t.debit_account_id = ${accountId} OR t.credit_account_id = ${accountId}) AND t.code IN ('award', 'deduction', 'correction')`);
    return Number(r?.e ?? 0);
  }

  /**
   * An account's history, newest first: what moved its posted balance and the holds still pending
   * (a pending transfer once resolved shows through its post or void).
   */
  async history(accountId: string, page: { limit: number; offset: number }) {
    const touches = or(eq(pointsTransfers.debitAccountId, accountId), eq(pointsTransfers.creditAccountId, accountId));
    const shown = and(touches, sql`(${pointsTransfers.kind} IN ('single', 'post', 'void') OR ${pointsTransfers.status} = 'pending')`);
    const [rows, [{ total }]] = await Promise.all([
      this.p.db.select().from(pointsTransfers).where(shown).orderBy(desc(pointsTransfers.createdAt), desc(pointsTransfers.id)).limit(page.limit).offset(page.offset),
      this.p.db.select({ total: sql<number>`count(*)::int` }).from(pointsTransfers).where(shown),
    ]);
    return { items: rows.map(toTransfer), total: Number(total) };
  }

  /**
   * The latest lines of several people's accounts of a ledger together (a household's members), newest
   * first, as a history shows them (posted, voided, or still on hold), with the accounts they touched.
   */
  async recentOfHolders(holderIds: string[], ledger: Ledger, limit: number): Promise<{ accounts: AccountRow[]; items: Transfer[] }> {
    if (!holderIds.length) return { accounts: [], items: [] };
    const accounts = await this.p.db.select().from(pointsAccounts).where(and(eq(pointsAccounts.ledger, ledger), inArray(pointsAccounts.holderId, holderIds)));
    if (!accounts.length) return { accounts, items: [] };
    const ids = accounts.map((a) => a.id);
    const shown = and(or(inArray(pointsTransfers.debitAccountId, ids), inArray(pointsTransfers.creditAccountId, ids)), sql`(${pointsTransfers.kind} IN ('single', 'post', 'void') OR ${pointsTransfers.status} = 'pending')`);
    const rows = await this.p.db.select().from(pointsTransfers).where(shown).orderBy(desc(pointsTransfers.createdAt), desc(pointsTransfers.id)).limit(limit);
    return { accounts, items: rows.map(toTransfer) };
  }

  /** People's accounts of a region (its code prefix), largest balance first: the console's list. */
  async personAccountsIn(regionCode: string, ledger: Ledger, page: { limit: number; offset: number }): Promise<{ items: AccountRow[]; total: number }> {
    const where = and(eq(pointsAccounts.ledger, ledger), sql`${pointsAccounts.holderId} IS NOT NULL`, sql`${pointsAccounts.regionCode} LIKE ${`${regionCode}%`}`);
    const [items, [{ total }]] = await Promise.all([
      this.p.db.select().from(pointsAccounts).where(where).orderBy(desc(sql`${pointsAccounts.creditsPosted} - ${pointsAccounts.debitsPosted}`), asc(pointsAccounts.id)).limit(page.limit).offset(page.offset),
      this.p.db.select({ total: sql<number>`count(*)::int` }).from(pointsAccounts).where(where),
    ]);
    return { items, total: Number(total) };
  }

  /** Names of accounts (a person's holder id, a system account's name) for a history's other side. */
  async accountsByIds(ids: string[], db: Db = this.p.db): Promise<AccountRow[]> {
    return ids.length ? db.select().from(pointsAccounts).where(inArray(pointsAccounts.id, ids)) : [];
  }
}
