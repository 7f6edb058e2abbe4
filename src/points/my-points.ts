/**
 * 我的积分: the caller's own account in a ledger — a villager's (resident) or a grid worker's (grid_worker,
 * paid by 满意 ratings of the cases they handled) — with its balance, earned this year, and the history
 * in plain reasons: each line names the case it came from, through the claim behind it. A villager's
 * points also roll up to the household (户), summed in one query for the whole household.
 */
import type { Actor } from '../platform/access.ts';
import type { HouseholdLookup } from './claims-model.ts';
import type { MyLedger } from './points.contract.ts';
import type { ClaimsRepository } from './claims.repository.ts';
import type { PointsService } from './points.service.ts';
import { yearStart } from './points.service.ts';

/** The cases module's trusted lookup of case numbers and titles (the points module reacts to cases, never reads their table). */
export interface CaseLabels {
  labelsOf(ids: string[]): Promise<{ id: string; no: string; title: string }[]>;
}

const SOURCES = new Set(['claim', 'case.closed', 'case.rated'] as const);
type Source = 'claim' | 'case.closed' | 'case.rated';

export class MyPointsQueries {
  constructor(
    private points: PointsService,
    private claims: ClaimsRepository,
    private households: HouseholdLookup,
    private cases: CaseLabels,
  ) {}

  async mine(actor: Actor, q: { ledger?: MyLedger; limit?: number; offset?: number } = {}) {
    const ledger = q.ledger ?? 'resident';
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const offset = Math.max(q.offset ?? 0, 0);
    const [row, household] = await Promise.all([this.points.repo.personAccount(actor.id, ledger), ledger === 'resident' ? this.householdTotals(actor.id) : null]);
    // nothing earned yet: no account is opened by reading
    if (!row) return { ledger, account: null, spendable: 0, pending: 0, earnedThisYear: 0, household, history: { items: [], total: 0, limit, offset } };
    const { account, history } = await this.points.account(actor, row.id, { limit, offset });
    return {
      ledger, account, spendable: account.available, pending: account.pendingIn, earnedThisYear: account.earnedThisYear, household,
      history: { ...history, items: await this.withCases(actor.id, history.items) },
    };
  }

  /**
   * A person's points roll up to their household (户, the unit villages score and the shop and the bank
   * read): the members' resident accounts summed — spendable now and earned this year.
   */
  async householdTotals(userId: string, now = new Date()): Promise<{ id: string; members: number; spendable: number; earnedThisYear: number } | null> {
    const h = await this.households.householdOf(userId);
    if (!h) return null;
    const { spendable, earned } = await this.claims.householdTotals(h.memberIds, yearStart(now), now);
    return { id: h.id, members: h.memberIds.length, spendable, earnedThisYear: earned };
  }

  /** Each line with what it came from: the claim behind its hold or payment, and that claim's case. */
  private async withCases<T extends { id: string; pendingId: string | null }>(userId: string, items: T[]) {
    const ids = [...new Set(items.flatMap((h) => [h.id, ...(h.pendingId ? [h.pendingId] : [])]))];
    const claims = await this.claims.claimsOfTransfers(userId, ids);
    const claimOf = new Map(claims.flatMap((c) => [c.pendingTransferId, c.postedTransferId].filter((x): x is string => !!x).map((id) => [id, c] as const)));
    const labels = new Map((await this.cases.labelsOf([...new Set(claims.map((c) => c.sourceId).filter((x): x is string => !!x))])).map((c) => [c.id, c]));
    return items.map((h) => {
      const c = claimOf.get(h.id) ?? (h.pendingId ? claimOf.get(h.pendingId) : undefined);
      return { ...h, source: c && SOURCES.has(c.source as Source) ? (c.source as Source) : null, case: (c?.sourceId && labels.get(c.sourceId)) || null };
    });
  }
}
