/**
 * The points VOPR's own model of the claims (points-vopr-claims.ts drives it): what each claims call
 * must answer and what it does to a claim, written apart from src/points/claims-model.ts so that a
 * mistake there shows as a disagreement here. It knows the village's scoring group (quorum 3 of 5),
 * the caps per household (Asia/Shanghai day, month, year, counted from the period's start by the deed's
 * time, rejected and voided claims not counted) and the life reviewing → noticed ⇄ objected → posted |
 * voided | rejected.
 */
import type { Ledger } from '../../src/points/index.ts';

export interface ModelRule {
  id: string; key: string; version: number; ledger: Ledger; amount: number; trigger: string;
  capDay: number | null; capMonth: number | null; capYear: number | null; skipReview: boolean; publicNotice: boolean;
}

export type Status = 'reviewing' | 'rejected' | 'noticed' | 'objected' | 'posted' | 'voided';

export interface ModelClaim {
  id: string;
  businessKey: string;
  rule: ModelRule;
  beneficiaryId: string;
  householdId: string | null;
  filedBy: string | null;
  amount: number;
  source: string;
  sourceId: string | null;
  status: Status;
  eventTime: number;
  pendingId: string | null;
  postedId: string | null;
  postedAmount: number | null;
  noticeUntil: number | null;
  votes: Map<string, 'approve' | 'reject'>;
  objectors: Set<string>;
}

export const QUORUM = 3;
export const SCORERS = 5;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Where the Asia/Shanghai day, month and year of `t` start (no daylight saving there: UTC+8 all year). */
export function periodsOf(t: number): { day: number; month: number; year: number } {
  const local = new Date(t + 8 * HOUR);
  return {
    day: Math.floor((t + 8 * HOUR) / DAY) * DAY - 8 * HOUR,
    month: Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - 8 * HOUR,
    year: Date.UTC(local.getUTCFullYear(), 0, 1) - 8 * HOUR,
  };
}

export class ClaimsModel {
  readonly claims = new Map<string, ModelClaim>();
  /** In the order taken (the workload picks among the newest). */
  readonly list: ModelClaim[] = [];
  private byUnit = new Map<string, ModelClaim[]>();

  static unitOf(c: { householdId: string | null; beneficiaryId: string }) { return c.householdId ?? c.beneficiaryId; }

  add(c: ModelClaim) {
    this.claims.set(c.id, c);
    this.list.push(c);
    const k = `${c.rule.key}|${ClaimsModel.unitOf(c)}`;
    (this.byUnit.get(k) ?? this.byUnit.set(k, []).get(k)!).push(c);
  }

  /** How many more points of the rule the unit may claim for a deed at `at` (Infinity without caps). */
  room(rule: ModelRule, unit: string, at: number): number {
    const p = periodsOf(at);
    const used = { day: 0, month: 0, year: 0 };
    for (const c of this.byUnit.get(`${rule.key}|${unit}`) ?? []) {
      if (c.status === 'rejected' || c.status === 'voided' || c.eventTime < p.year) continue;
      const a = Math.abs(c.amount);
      used.year += a;
      if (c.eventTime >= p.month) used.month += a;
      if (c.eventTime >= p.day) used.day += a;
    }
    const left = (cap: number | null, u: number) => (cap === null ? Infinity : cap - u);
    return Math.min(left(rule.capDay, used.day), left(rule.capMonth, used.month), left(rule.capYear, used.year));
  }

  /** The status a new claim (or automatic award) enters with. */
  static entry(rule: ModelRule): Status {
    if (!rule.skipReview) return 'reviewing';
    return rule.publicNotice ? 'noticed' : 'posted';
  }

  /** A vote on `c`'s counts (not applied): the answer's status or refusal. */
  static vote(c: { status: Status; votes: Map<string, string> }, reviewer: string, decision: 'approve' | 'reject'): { ok: true; status: Status } | { ok: false; code: string } {
    if (c.status !== 'reviewing') return { ok: false, code: 'POINTS_CLAIM_NOT_REVIEWING' };
    if (c.votes.has(reviewer)) return { ok: false, code: 'POINTS_ALREADY_VOTED' };
    const all = [...c.votes.values(), decision];
    const approvals = all.filter((d) => d === 'approve').length;
    const rejections = all.length - approvals;
    if (approvals >= QUORUM) return { ok: true, status: 'noticed' };
    // rejected once approval can no longer reach the quorum
    if (rejections > SCORERS - QUORUM) return { ok: true, status: 'rejected' };
    return { ok: true, status: 'reviewing' };
  }

  /** An objection at `now`: on notice and before its end, else refused. */
  static object(c: ModelClaim, now: number): { ok: true; status: Status } | { ok: false; code: string } {
    if ((c.status !== 'noticed' && c.status !== 'objected') || c.noticeUntil === null || now >= c.noticeUntil) return { ok: false, code: 'POINTS_NOTICE_CLOSED' };
    return { ok: true, status: 'objected' };
  }

  /** The claims the posting job must post at `now`. */
  due(now: number): ModelClaim[] {
    return this.list.filter((c) => c.status === 'noticed' && c.noticeUntil !== null && c.noticeUntil <= now);
  }
}

/** A claim's `eventTime` must lie within 31 days before the call (5 minutes ahead at most); a retry of the same claim is answered first. */
export function eventTimeRefused(input: { eventTime?: string }, now: number): boolean {
  if (!input.eventTime) return false;
  const t = new Date(input.eventTime).getTime();
  return t > now + 5 * 60_000 || t < now - 31 * DAY;
}

/** Every order of `n` items (n ≤ 4 here): concurrent calls are checked against each serial order. */
export function permutations(n: number): number[][] {
  if (n <= 1) return [[...Array(n).keys()]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}
