/**
 * Credit points (信用积分, DOMAIN.md §5; issue 16): the ledger's service. Other modules (the earning
 * rules, the shop — later slices) and the tests move points through `apply`; people read their own
 * account; staff read the accounts of their area; an administrator corrects a transfer by reversing it
 * with a reason. Accounts belong to a person for now; households (户) come in a later slice.
 */
import { assertCan, can, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import { emitEvent } from '../platform/events.ts';
import { maskName } from '../platform/privacy.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { UsersService } from '../people/index.ts';
import { availableOf, balanceOf, SPENDABLE_LEDGERS, type Balances, type FailureCode, type Ledger, type Transfer, type TransferInput, type TransferResult } from './ledger.ts';
import { POINTS_ERRORS } from './points.errors.ts';
import { PointsRepository, type AccountRow } from './points.repository.ts';

/** A refusal of the ledger as an HTTP error: its code, with the status the catalogue lists first. */
export class LedgerRefusal extends AppError {
  constructor(f: { code: FailureCode; message: string; details?: Record<string, unknown> }) {
    super(f.code, [POINTS_ERRORS[f.code].status].flat()[0], f.message, f.details);
  }
}

/** The first day of the year (Asia/Shanghai) that `now` falls in: "earned this year" starts there. */
export function yearStart(now: Date): Date {
  const year = new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
  return new Date(Date.UTC(year, 0, 1) - 8 * 3_600_000);
}

export interface CorrectionInput {
  /** The client's id for the correction (UUIDv7): a retry with the same id and fields is answered the same. */
  id: string;
  reversesId: string;
  /** Points to take back; all that is left of the transfer when left out. */
  amount?: number;
  reason: string;
}

export class PointsService {
  readonly repo: PointsRepository;

  constructor(
    private p: Platform,
    private users: UsersService,
  ) {
    this.repo = new PointsRepository(p);
  }

  /** Apply a batch of transfers (trusted callers: the earning rules, the shop, the tests). */
  apply(inputs: readonly TransferInput[], now?: Date): Promise<TransferResult[]> {
    return this.repo.apply(inputs, { now });
  }

  /**
   * Run `work` in one transaction with the ledger (`ledger(inputs, now)` applies a batch in it): for a
   * module whose own change and its points must commit together (a reviewed visit log and its award).
   * The whole of it may run again on a race the ledger retries, so `work` must be safe to repeat.
   */
  within<T>(work: (tx: Db, ledger: (inputs: readonly TransferInput[], now: Date) => Promise<TransferResult[]>) => Promise<T>): Promise<T> {
    return this.repo.within(work);
  }

  /** A person's account in a ledger, opened on first use in their home region. */
  async accountOf(userId: string, ledger: Ledger = 'resident'): Promise<AccountRow> {
    const known = await this.repo.personAccount(userId, ledger);
    if (known) return known;
    const user = await this.users.view(userId);
    return this.repo.openPersonAccount(userId, ledger, user.homeRegionCode);
  }

  /** A ledger's system account: `issuance` pays awards, `shop` receives what is spent. */
  systemAccount(ledger: Ledger, name: 'issuance' | 'shop' | 'expired'): Promise<AccountRow> {
    return this.repo.openSystemAccount(ledger, name);
  }

  /**
   * An account held by a thing rather than a person — a shop item's stock, a household's goods received
   * (ledger `shop_stock`) — opened on first use, never overdrawn. For the shop module (src/shop/).
   */
  async holderAccount(holderId: string, ledger: Ledger, regionCode: string): Promise<AccountRow> {
    return (await this.repo.personAccount(holderId, ledger)) ?? this.repo.openPersonAccount(holderId, ledger, regionCode);
  }

  /** Accounts with their totals, by id (the shop reads its items' stock in one query). */
  accountsByIds(ids: string[]): Promise<AccountRow[]> {
    return this.repo.accountsByIds(ids);
  }

  /** What each person can spend now in a ledger (0 without an account): the shop picks who pays at the counter. */
  async availableOf(userIds: string[], ledger: Ledger = 'resident'): Promise<Record<string, number>> {
    const rows = await Promise.all(userIds.map((id) => this.repo.personAccount(id, ledger)));
    return Object.fromEntries(userIds.map((id, i) => [id, rows[i] ? availableOf(rows[i]!) : 0]));
  }

  /** Release the pending transfers whose timeout has run out (the scheduler's job). */
  expireDue(now?: Date): Promise<number> {
    return this.repo.expireDue(now);
  }

  /** An account with its balances and a page of history: its holder, staff of its area, administrators (system accounts). */
  async account(actor: Actor, id: string, page: { limit?: number; offset?: number } = {}) {
    const row = await this.repo.account(id);
    if (!row || !this.mayRead(actor, row)) throw notFound('POINTS_ACCOUNT_NOT_FOUND', 'No such points account');
    return this.describe(row, page);
  }

  /**
   * The people's accounts of a village or township (staff with points.read there), largest balance
   * first, names masked as in every list; one account in full is `account`.
   */
  async accountsIn(actor: Actor, q: { regionCode: string; ledger?: Ledger; limit?: number; offset?: number }) {
    assertCan(actor, 'points.read', q.regionCode);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const offset = Math.max(q.offset ?? 0, 0);
    const { items, total } = await this.repo.personAccountsIn(q.regionCode, q.ledger ?? 'resident', { limit, offset });
    const names = await this.users.namesOf(items.map((a) => a.holderId!));
    return {
      total, limit, offset,
      items: items.map((a) => ({ id: a.id, ledger: a.ledger, regionCode: a.regionCode, name: maskName(names[a.holderId!]), balance: balanceOf(a), available: availableOf(a), pendingIn: a.creditsPending })),
    };
  }

  /**
   * Correct a posted transfer by reversing it (all of it, or `amount`) with a reason: a new transfer,
   * never an edit. The administrator of the person's area; audited in the same transaction.
   */
  async correct(actor: Actor, input: CorrectionInput) {
    const original = await this.repo.transfer(input.reversesId);
    const accounts = original ? await this.repo.accountsByIds([original.debitAccountId, original.creditAccountId]) : [];
    const people = accounts.filter((a) => a.holderId);
    const person = people[0];
    const hidden = () => notFound('POINTS_TRANSFER_NOT_FOUND', 'No such points transfer', { field: 'reversesId' });
    if (!original) throw hidden();
    // the administrator of every person the transfer touches; a transfer between system accounts (they
    // have no area) is the district's: an administrator of points at district level or wider
    if (people.some((p) => !p.regionCode)) throw hidden();
    for (const p of people) assertCan(actor, 'points.adjust', p.regionCode!, hidden);
    if (people.length === 0 && !districtWide(actor)) throw hidden();
    const reason = input.reason.trim();
    // left out: what is left of it — or, for a retry of this correction, what it took then (so the retry
    // compares equal); a concurrent correction taking some first makes the ledger refuse, naming what is left
    const amount = input.amount ?? (await this.repo.transfer(input.id))?.amount ?? Math.max(1, original.amount - (await this.repo.reversedOf(original.id)));
    const [result] = await this.repo.apply([{
      id: input.id, kind: 'single', ledger: original.ledger, debitAccountId: original.creditAccountId, creditAccountId: original.debitAccountId,
      amount, code: 'correction', reversesId: original.id, reason, metadata: { by: actor.id },
    }], {
      also: async (tx, [r]) => {
        if (!r.ok || r.existed) return;
        await writeAudit(tx, { actorId: actor.id, action: 'points.correct', entity: 'points_transfer', entityId: r.id, regionCode: person?.regionCode ?? null, details: { reversesId: original.id, amount: r.transfer.amount, reason } });
        await emitEvent(tx, 'points.corrected', {
          transferId: r.id, reversesId: original.id, ledger: original.ledger, amount: r.transfer.amount,
          holderIds: people.map((p) => p.holderId!), at: new Date(r.transfer.createdAt).toISOString(),
        });
      },
    });
    if (!result.ok) throw new LedgerRefusal(result);
    return { existed: result.existed, transfer: this.transferView(result.transfer), balances: result.balances };
  }

  private mayRead(actor: Actor, row: AccountRow): boolean {
    if (row.holderId) return row.holderId === actor.id || (row.regionCode !== null && can(actor, 'points.read', row.regionCode));
    return districtWide(actor);
  }

  private async describe(row: AccountRow, page: { limit?: number; offset?: number }) {
    const now = new Date();
    const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
    const offset = Math.max(page.offset ?? 0, 0);
    const [history, earnedThisYear] = await Promise.all([this.repo.history(row.id, { limit, offset }), this.repo.earnedIn(row.id, yearStart(now), now)]);
    const others = await this.repo.accountsByIds([...new Set(history.items.map((t) => (t.debitAccountId === row.id ? t.creditAccountId : t.debitAccountId)))]);
    const names = await this.users.namesOf(others.filter((o) => o.holderId).map((o) => o.holderId!));
    const label = new Map(others.map((o) => [o.id, o.holderId ? names[o.holderId] ?? null : o.name]));
    return {
      account: {
        id: row.id, ledger: row.ledger, holderId: row.holderId, name: row.name, regionCode: row.regionCode,
        spendable: SPENDABLE_LEDGERS.includes(row.ledger as Ledger) && row.holderId !== null,
        debitsMustNotExceedCredits: row.debitsMustNotExceedCredits,
        balance: balanceOf(row), available: availableOf(row), pendingIn: row.creditsPending, pendingOut: row.debitsPending,
        totals: totalsOf(row), earnedThisYear,
      },
      history: {
        total: history.total, limit, offset,
        items: history.items.map((t) => {
          const out = t.debitAccountId === row.id;
          const mine = out ? t.balancesAfter.debit : t.balancesAfter.credit;
          return { ...this.transferView(t), direction: out ? 'out' as const : 'in' as const, change: t.kind === 'void' || t.kind === 'pending' ? 0 : out ? -t.amount : t.amount, balanceAfter: balanceOf(mine), counterparty: label.get(out ? t.creditAccountId : t.debitAccountId) ?? null };
        }),
      },
    };
  }

  transferView(t: Transfer) {
    return {
      id: t.id, kind: t.kind, ledger: t.ledger, debitAccountId: t.debitAccountId, creditAccountId: t.creditAccountId, amount: t.amount, code: t.code,
      status: t.status, pendingId: t.pendingId, reversesId: t.reversesId, reason: t.reason, ruleId: t.ruleId, ruleVersion: t.ruleVersion,
      businessKey: t.businessKey, eventTime: t.eventTime, createdAt: t.createdAt, expiresAt: t.expiresAt,
    };
  }
}

/**
 * System accounts (issuance, the shop's stock …) have no area: their history names people all over the
 * district, so only an administrator of points at district level or wider reads or corrects them.
 */
const districtWide = (actor: Actor) => scopesFor(actor, 'points.adjust').some((s) => s.length <= 6);

const totalsOf = (a: Balances): Balances => ({ debitsPosted: a.debitsPosted, creditsPosted: a.creditsPosted, debitsPending: a.debitsPending, creditsPending: a.creditsPending });
