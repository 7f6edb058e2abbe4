/**
 * 我的积分: the caller's own account in a ledger — a villager's (resident) or a grid worker's (grid_worker,
 * paid by 满意 ratings of the cases they handled) — with its balance, earned this year, and the history
 * in plain reasons: each line names the case it came from, through the claim behind it. A villager's
 * points also roll up to the household (户), summed in one query for the whole household — which is
 * also what the household's page shows staff with need-to-know (`ofHousehold`), with its latest lines.
 */
import type { Actor } from '../platform/access.ts';
import { iso } from '../platform/contract.ts';
import { maskName } from '../platform/privacy.ts';
import type { HouseholdLookup } from './claims-model.ts';
import type { HouseholdPoints, MyLedger } from './points.contract.ts';
import type { ClaimsRepository } from './claims.repository.ts';
import type { PointsService } from './points.service.ts';
import { yearStart } from './points.service.ts';

/** The cases module's trusted lookup of case numbers and titles (the points module reacts to cases, never reads their table). */
export interface CaseLabels {
  labelsOf(ids: string[]): Promise<{ id: string; no: string; title: string }[]>;
}

/**
 * The households module's need-to-know (its registry): the household's members for an actor who may
 * open its record, else the same 404 as the record — so the points part of the page leaks nothing more.
 */
export interface HouseholdAccess {
  seenMembers(actor: Actor, id: string): Promise<{ id: string; regionCode: string; memberIds: string[] }>;
}

/** Names of people (the people module), masked before they are shown. */
export interface PeopleNames {
  namesOf(ids: string[]): Promise<Record<string, string>>;
}

/** The household page's latest lines: a glance, the members' own pages hold the rest. */
const HOUSEHOLD_RECENT = 8;

const SOURCES = new Set(['claim', 'case.closed', 'case.rated'] as const);
type Source = 'claim' | 'case.closed' | 'case.rated';

export class MyPointsQueries {
  constructor(
    private points: PointsService,
    private claims: ClaimsRepository,
    private households: HouseholdLookup,
    private cases: CaseLabels,
    private access: HouseholdAccess,
    private people: PeopleNames,
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
      history: { ...history, items: await this.withCases([actor.id], history.items) },
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

  /**
   * A household's points for its page (staff with need-to-know, the households module decides): the
   * same rollup as `householdTotals`, and the members' latest lines with the case each came from.
   */
  async ofHousehold(actor: Actor, householdId: string, now = new Date()): Promise<HouseholdPoints> {
    const h = await this.access.seenMembers(actor, householdId);
    const [totals, recent, rules] = await Promise.all([
      this.claims.householdTotals(h.memberIds, yearStart(now), now),
      this.points.repo.recentOfHolders(h.memberIds, 'resident', HOUSEHOLD_RECENT),
      this.claims.rulesAt(h.regionCode),
    ]);
    // a line names its rule by key and version (the version it was paid under, else the key's latest)
    const ruleName = (key: string | null, version: number | null) => {
      const r = key ? rules.find((x) => x.key === key && x.version === version) ?? rules.findLast((x) => x.key === key) : undefined;
      return r ? { zh: r.nameZh, en: r.nameEn } : null;
    };
    const holderOf = new Map(recent.accounts.map((a) => [a.id, a.holderId!]));
    const [names, lines] = await Promise.all([
      this.people.namesOf([...new Set(holderOf.values())]),
      this.withCases(h.memberIds, recent.items.map((t) => ({ ...t, mine: holderOf.has(t.debitAccountId) ? t.debitAccountId : t.creditAccountId }))),
    ]);
    return {
      householdId: h.id, members: h.memberIds.length, balance: totals.balance, available: totals.spendable, earnedThisYear: totals.earned,
      recent: lines.map((t) => {
        const out = t.debitAccountId === t.mine;
        return {
          id: t.id, at: iso(t.createdAt), memberName: maskName(names[holderOf.get(t.mine)!]), direction: out ? 'out' as const : 'in' as const,
          change: t.kind === 'void' || t.kind === 'pending' ? 0 : out ? -t.amount : t.amount, amount: t.amount,
          kind: t.kind, code: t.code, status: t.status, ruleId: t.ruleId, reason: t.reason, ruleName: ruleName(t.ruleId, t.ruleVersion), source: t.source, case: t.case,
        };
      }),
    };
  }

  /** Each line with what it came from: the claim behind its hold or payment, and that claim's case. */
  private async withCases<T extends { id: string; pendingId: string | null }>(userIds: string[], items: T[]) {
    const ids = [...new Set(items.flatMap((h) => [h.id, ...(h.pendingId ? [h.pendingId] : [])]))];
    const claims = await this.claims.claimsOfTransfers(userIds, ids);
    const claimOf = new Map(claims.flatMap((c) => [c.pendingTransferId, c.postedTransferId].filter((x): x is string => !!x).map((id) => [id, c] as const)));
    const labels = new Map((await this.cases.labelsOf([...new Set(claims.map((c) => c.sourceId).filter((x): x is string => !!x))])).map((c) => [c.id, c]));
    return items.map((h) => {
      const c = claimOf.get(h.id) ?? (h.pendingId ? claimOf.get(h.pendingId) : undefined);
      return { ...h, source: c && SOURCES.has(c.source as Source) ? (c.source as Source) : null, case: (c?.sourceId && labels.get(c.sourceId)) || null };
    });
  }
}
