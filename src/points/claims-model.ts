/**
 * Earning rules and the life of a claim, pure (no I/O): which rule version applies where, how much of a
 * cap is left, and what a review vote, an objection or a 复核 decision does to a claim. The repository
 * and the service (claims.service.ts) load, lock and write; test/points-claims-model.test.ts checks the
 * machine with fast-check.
 *
 * The life of a claim (village 积分制 as practised: 申报 → 评分小组审核 → 公示 → 异议 → 复核 → 入账):
 *   reviewing ──quorum approves──▶ noticed ──notice ends──▶ posted
 *       │                          │  ▲
 *       └─too many rejects─▶ rejected   objection ▼  │ upheld
 *                                   objected ──overturned──▶ voided
 * An automatic award (a closed case, a 满意 rating) starts at `noticed` (or posts at once when its rule
 * has no 公示). While noticed or objected, a pending transfer holds the points in the ledger.
 */
import type { Actor } from '../platform/access.ts';

export const CLAIM_STATUSES = ['reviewing', 'rejected', 'noticed', 'objected', 'posted', 'voided'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const RULE_TRIGGERS = ['claim', 'case.closed', 'case.rated'] as const;
export type RuleTrigger = (typeof RULE_TRIGGERS)[number];
export const RULE_LEDGERS = ['resident', 'grid_worker'] as const;
export type RuleLedger = (typeof RULE_LEDGERS)[number];

/** The household a person belongs to (the households module answers; points roll up to it). */
export interface HouseholdLookup {
  householdOf(userId: string): Promise<{ id: string; memberIds: string[] } | null>;
  /** Labels for staff reports, by household id. */
  labelsOf?(ids: string[]): Promise<Record<string, string>>;
}

/** A case named as a claim's evidence, as the filer may see it (the cases module answers). */
export interface CaseEvidence {
  caseIn(actor: Actor, caseId: string): Promise<{ villageCode: string; state: string } | null>;
}

export interface RuleVersion {
  id: string;
  regionCode: string;
  key: string;
  version: number;
  active: boolean;
  trigger: string;
  categoryCode: string | null;
  amount: number;
  capDay: number | null;
  capMonth: number | null;
  capYear: number | null;
}

/**
 * The rule in force for a place: the newest version of each key, from the most specific region whose
 * code the place's starts with (a village's own rule over its township's over the district's). A key
 * whose newest version there is inactive is switched off for that place, not inherited from above.
 */
export function rulesInForce<R extends RuleVersion>(all: readonly R[], placeCode: string): R[] {
  const newest = new Map<string, R>(); // region|key → newest version
  for (const r of all) {
    if (!placeCode.startsWith(r.regionCode)) continue;
    const k = `${r.regionCode}|${r.key}`;
    const cur = newest.get(k);
    if (!cur || r.version > cur.version) newest.set(k, r);
  }
  const byKey = new Map<string, R>();
  for (const r of newest.values()) {
    const cur = byKey.get(r.key);
    if (!cur || r.regionCode.length > cur.regionCode.length) byKey.set(r.key, r);
  }
  return [...byKey.values()].filter((r) => r.active).sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * The case rule for a case event: the most specific region's first (a village's own "report closed"
 * rule wins over the district-wide rule of a category), and within a region the case's category's
 * rule over the rule for any category.
 */
export function caseRuleFor<R extends RuleVersion>(inForce: readonly R[], trigger: RuleTrigger, categoryCode: string | null): R | undefined {
  return inForce
    .filter((r) => r.trigger === trigger && (r.categoryCode === null || r.categoryCode === categoryCode))
    .sort((a, b) => b.regionCode.length - a.regionCode.length || Number(b.categoryCode !== null) - Number(a.categoryCode !== null))[0];
}

const OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai

export type CapPeriod = 'day' | 'month' | 'year';

/** Where the day, month and year (Asia/Shanghai) containing `t` start: caps count claims from there. */
export function periodStarts(t: Date): Record<CapPeriod, Date> {
  const local = new Date(t.getTime() + OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  return {
    day: new Date(Date.UTC(y, m, d) - OFFSET_MS),
    month: new Date(Date.UTC(y, m, 1) - OFFSET_MS),
    year: new Date(Date.UTC(y, 0, 1) - OFFSET_MS),
  };
}

/** Points of a rule already claimed (not rejected or voided) by the household in each period. */
export type CapUse = Record<CapPeriod, number>;

export type CapVerdict = { ok: true } | { ok: false; period: CapPeriod; cap: number; used: number; left: number };

/**
 * Whether `amount` more of the rule fits its caps (on the absolute points: a deduction's cap limits
 * how much can be taken in a period too). The tightest refusing period is named, with what is left.
 */
export function checkCaps(rule: Pick<RuleVersion, 'capDay' | 'capMonth' | 'capYear'>, used: CapUse, amount: number): CapVerdict {
  const caps: [CapPeriod, number | null][] = [['day', rule.capDay], ['month', rule.capMonth], ['year', rule.capYear]];
  for (const [period, cap] of caps) {
    if (cap === null) continue;
    if (used[period] + Math.abs(amount) > cap) return { ok: false, period, cap, used: used[period], left: Math.max(0, cap - used[period]) };
  }
  return { ok: true };
}

export type ClaimCommand =
  | { kind: 'vote'; decision: 'approve' | 'reject'; approvals: number; rejections: number; groupSize: number; quorum: number }
  | { kind: 'object'; now: Date; noticeUntil: Date }
  | { kind: 'recheck'; decision: 'uphold' | 'overturn' }
  | { kind: 'notice_over'; now: Date; noticeUntil: Date };

export type ClaimStep =
  | { ok: true; to: ClaimStatus; ledger: 'none' | 'hold' | 'post' | 'void' }
  | { ok: false; code: 'POINTS_CLAIM_NOT_REVIEWING' | 'POINTS_NOTICE_CLOSED' | 'POINTS_CLAIM_NOT_OBJECTED' | 'POINTS_CLAIM_NOT_DUE' };

/**
 * What a command does to a claim in `status`. Votes are counted with this one included (`approvals`
 * and `rejections` after it). A quorum of approvals puts the award on notice (the ledger holds the
 * points); once approval can no longer reach the quorum, the claim is rejected. A quorum larger than
 * the group is read as the whole group.
 */
export function stepClaim(status: ClaimStatus, cmd: ClaimCommand): ClaimStep {
  switch (cmd.kind) {
    case 'vote': {
      if (status !== 'reviewing') return { ok: false, code: 'POINTS_CLAIM_NOT_REVIEWING' };
      const need = Math.max(1, Math.min(cmd.quorum, cmd.groupSize));
      if (cmd.approvals >= need) return { ok: true, to: 'noticed', ledger: 'hold' };
      if (cmd.rejections > Math.max(cmd.groupSize, need) - need) return { ok: true, to: 'rejected', ledger: 'none' };
      return { ok: true, to: 'reviewing', ledger: 'none' };
    }
    case 'object':
      if ((status !== 'noticed' && status !== 'objected') || cmd.now.getTime() >= cmd.noticeUntil.getTime()) return { ok: false, code: 'POINTS_NOTICE_CLOSED' };
      return { ok: true, to: 'objected', ledger: 'none' };
    case 'recheck':
      if (status !== 'objected') return { ok: false, code: 'POINTS_CLAIM_NOT_OBJECTED' };
      return cmd.decision === 'uphold' ? { ok: true, to: 'noticed', ledger: 'none' } : { ok: true, to: 'voided', ledger: 'void' };
    case 'notice_over':
      if (status !== 'noticed' || cmd.now.getTime() < cmd.noticeUntil.getTime()) return { ok: false, code: 'POINTS_CLAIM_NOT_DUE' };
      return { ok: true, to: 'posted', ledger: 'post' };
  }
}

/** The median of the households' monthly earnings, and who earned more than `factor` times it (人情分 alerts). */
export function velocityAlerts<T extends { householdId: string; earned: number }>(rows: readonly T[], factor = 3): { median: number; alerts: T[] } {
  const sorted = rows.map((r) => r.earned).sort((a, b) => a - b);
  if (!sorted.length) return { median: 0, alerts: [] };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, alerts: median > 0 ? rows.filter((r) => r.earned > factor * median) : [] };
}
