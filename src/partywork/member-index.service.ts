/**
 * The party-member index (党员服务力) and its rankings. A member's index in a period is
 *   base (报到, 亮身份) + static bonus (posts) + dynamic bonus (party service points of the logs reviewed
 *   真实有价值 in the period × the formula's weight) − deductions (十个不, decided in the period × weight),
 * under the formula version in force for the period (member-index.schema.ts). Nothing here is entered:
 * the read model is written from the register, the logs (whose points are the ledger's awards, paid in the
 * review's transaction at the review's time) and the deductions, on the events that change them — a
 * review, a register change — and for a whole scope when its formula gets a new version. A job fills
 * the rows of a new week, month or year for members nothing happened to yet.
 */
import { assertCan, can, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { iso } from '../platform/contract.ts';
import { badRequest, notFound } from '../platform/errors.ts';
import { maskName } from '../platform/privacy.ts';
import type { UsersService } from '../people/index.ts';
import type { FormulaView, IndexView, MemberIndexPage, Ranking } from './partywork.contract.ts';
import * as repo from './member-index.repository.ts';
import { partyDeductions, type MemberFormula } from './member-index.schema.ts';
import { periodNamed, periodOf, periodsAt, PERIOD_KINDS, type Period, type PeriodKind } from './periods.ts';
import type { RegisterService } from './register.service.ts';
import { findBranch } from './register.repository.ts';
import { findLog } from './work.repository.ts';

const memberMissing = () => notFound('PARTY_MEMBER_NOT_FOUND', 'No such party member');

export class MemberIndexService {
  constructor(
    private p: Platform,
    private register: RegisterService,
    private users: UsersService,
  ) {}

  // ——— keeping the read model ———

  /** Recompute the members' week, month and year that `at` falls in (a review, a register change). */
  async recomputeMembers(userIds: readonly string[], at = new Date()): Promise<void> {
    if (userIds.length === 0) return;
    await repo.recompute(this.p.db, periodsAt(at), { userIds });
  }

  /** A review's event: the member's periods of the review's time. Delivered at least once: recomputing is idempotent. */
  async onReviewed(logId: string): Promise<void> {
    const log = await findLog(this.p.db, logId);
    if (log?.reviewedAt) await this.recomputeMembers([log.memberId], log.reviewedAt);
  }

  /**
   * The ledger corrected party service points (`points.corrected`): recorded once, and the member's periods
   * of the correction's time recomputed — a correction counts when it was made, as the ledger's earned does.
   */
  async onCorrected(c: { transferId: string; reversesId: string; ledger: string; amount: number; holderIds: string[]; at: string }): Promise<void> {
    if (c.ledger !== 'party_service') return;
    const members = await this.p.tx((tx) => repo.recordCorrection(tx, { transferId: c.transferId, reversesId: c.reversesId, holderIds: c.holderIds, points: c.amount, at: c.at }));
    // a redelivery records nothing but recomputes anyway (idempotent): the first delivery may have stopped in between
    const who = members.length ? members : c.holderIds;
    await this.recomputeMembers(who, new Date(c.at));
  }

  /** Every member under a scope ('' all), in the periods `at` falls in (a new formula version); rows written. */
  async recomputeScope(scope: string, at = new Date(), kinds: readonly PeriodKind[] = PERIOD_KINDS): Promise<number> {
    return repo.recompute(this.p.db, kinds.map((k) => periodOf(k, at)), { scope });
  }

  /**
   * The job: rows of the current periods for members who have none yet (a week just began), a batch at a
   * time; the logs are read only when someone is missing. Rows written.
   */
  async roll(at = new Date(), batch = 5000): Promise<number> {
    const periods = periodsAt(at);
    let n = 0;
    for (;;) {
      const ids = await repo.missingMembers(this.p.db, periods, batch);
      if (ids.length === 0) return n;
      const wrote = await repo.recompute(this.p.db, periods, { userIds: ids }, { missingOnly: true });
      n += wrote;
      if (ids.length < batch || wrote === 0) return n;
    }
  }

  // ——— reading ———

  /** A member's index per period, newest first, with its breakdown: staff of their area, or the member. */
  async ofMember(actor: Actor, userId: string, kind: PeriodKind = 'month', limit = 12): Promise<MemberIndexPage> {
    const member = await this.register.memberOf(userId);
    if (!member) throw memberMissing();
    if (member.userId !== actor.id) assertCan(actor, 'partywork.read', member.regionCode, memberMissing);
    const rows = await repo.indexOf(this.p.db, userId, kind, Math.min(Math.max(limit, 1), 60));
    const formulas = new Map<string, FormulaView>();
    for (const r of rows) {
      const key = `${r.formula_version}:${r.region_code}`;
      if (!formulas.has(key)) formulas.set(key, this.formulaView(await repo.formulaFor(this.p.db, r.region_code, periodNamed(kind, dateOf(r.period_start))!.to)));
    }
    const names = await this.users.namesOf([userId]);
    return {
      userId, name: names[userId] ?? '', kind,
      items: rows.map((r) => ({ ...this.indexView(r), formula: formulas.get(`${r.formula_version}:${r.region_code}`)! })),
    };
  }

  /**
   * Members (or only branches, where the area's switch says so) by index in a period, for an area
   * (a region: street, community; or a branch) inside the caller's scope, in SQL. Another area's region
   * is a 403 as every scoped read of a place; another area's branch a missing one.
   */
  async rankings(actor: Actor, q: { region?: string; branchId?: string; period: PeriodKind; start?: string; limit?: number; offset?: number }): Promise<Ranking> {
    assertCan(actor, 'partywork.read');
    let region = q.region;
    if (q.branchId) {
      const branch = await findBranch(this.p.db, q.branchId);
      if (!branch || !can(actor, 'partywork.read', branch.regionCode)) throw notFound('PARTY_BRANCH_NOT_FOUND', 'No such branch', { field: 'branchId' });
      region = branch.regionCode;
    }
    if (region) assertCan(actor, 'partywork.read', region);
    const period = q.start ? periodNamed(q.period, q.start) : periodOf(q.period, new Date());
    if (!period) throw badRequest('VALIDATION_FAILED', `${q.start} is not the first day of a ${q.period}`, { field: 'start' });
    const filter: repo.RankingFilter = {
      patterns: scopesFor(actor, 'partywork.read').map((s) => `${s}%`), region: region && !q.branchId ? scopeOfRegionCode(region) : undefined, branchId: q.branchId,
      limit: Math.min(Math.max(q.limit ?? 50, 1), 200), offset: Math.max(q.offset ?? 0, 0),
    };
    // the switch of the area asked (its nearest covering row); members of places whose own switch is on are left out of any list
    const sw = region ? await repo.aggregatesOnly(this.p.db, region) : { aggregatesOnly: false, from: 'default' };
    const [members, branches] = await Promise.all([sw.aggregatesOnly ? Promise.resolve([]) : repo.rankMembers(this.p.db, period, filter), repo.rankBranches(this.p.db, period, filter)]);
    const names = await this.users.namesOf(members.map((m) => m.user_id));
    return {
      period: periodView(period), region: region ?? null, branchId: q.branchId ?? null, aggregatesOnly: sw.aggregatesOnly,
      total: members[0]?.n ?? 0, limit: filter.limit, offset: filter.offset,
      members: members.map((m) => ({ rank: Number(m.rank), name: maskName(names[m.user_id] ?? '') ?? '', ...this.indexView(m) })),
      branches: branches.map((b) => ({
        rank: Number(b.rank), branchId: b.branch_id, branchName: b.branch_name, regionCode: b.region_code, members: Number(b.members), total: Number(b.total),
        average: Number(b.average), valuedLogs: Number(b.valued_logs),
      })),
    };
  }

  // ——— changing the inputs ———

  /** The formula in force for a place now, and its scope's versions. */
  async formula(actor: Actor, regionCode: string): Promise<{ inForce: FormulaView; versions: FormulaView[] }> {
    assertCan(actor, 'partywork.read', regionCode);
    const inForce = await repo.formulaFor(this.p.db, regionCode, new Date(Date.now() + 1));
    return { inForce: this.formulaView(inForce), versions: (await repo.versionsOf(this.p.db, inForce.scope)).map((f) => this.formulaView(f)) };
  }

  /**
   * A new version of the formula for the members under a region (the administrator there): the open
   * periods take it at once (recomputed now), closed ones keep the version they had.
   */
  async putFormula(actor: Actor, regionCode: string, params: MemberFormula, note?: string): Promise<{ inForce: FormulaView; versions: FormulaView[]; recomputed: number }> {
    assertCan(actor, 'partywork.manage', regionCode);
    const scope = scopeOfRegionCode(regionCode);
    const now = new Date();
    const row = await this.p.tx(async (tx) => {
      const f = await repo.insertFormula(tx, scope, params, note?.trim() || null, actor.id, now);
      await writeAudit(tx, { actorId: actor.id, action: 'partywork.index_formula_changed', entity: 'party_index_formula', entityId: f.id, regionCode, details: { version: f.version, params: { ...params } } });
      return f;
    });
    const recomputed = await this.recomputeScope(scope, now);
    this.p.log.info({ scope, version: row.version, recomputed }, 'party member index formula changed');
    return { ...(await this.formula(actor, regionCode)), recomputed };
  }

  /** The switch of an area's rankings (the administrator there): only branch aggregates, or members too. */
  async putRankingSwitch(actor: Actor, regionCode: string, aggregatesOnly: boolean): Promise<{ regionCode: string; aggregatesOnly: boolean; from: string }> {
    assertCan(actor, 'partywork.manage', regionCode);
    await this.p.tx(async (tx) => {
      await repo.putAggregatesOnly(tx, regionCode, aggregatesOnly, actor.id);
      await writeAudit(tx, { actorId: actor.id, action: 'partywork.ranking_switch', entity: 'party_ranking_settings', entityId: null, regionCode, details: { aggregatesOnly } });
    });
    return { regionCode, ...(await repo.aggregatesOnly(this.p.db, regionCode)) };
  }

  /** A deduction decided by the member's branch (十个不), with its reason; the index subtracts it at once. */
  async deduct(actor: Actor, userId: string, input: { id: string; points: number; reason: string }): Promise<MemberIndexPage> {
    const member = await this.register.memberOf(userId);
    if (!member) throw memberMissing();
    assertCan(actor, 'partywork.manage', member.regionCode, memberMissing);
    const now = new Date();
    await this.p.tx(async (tx) => {
      const [row] = await tx.insert(partyDeductions).values({ id: input.id, memberId: userId, regionCode: member.regionCode, points: input.points, reason: input.reason.trim(), decidedBy: actor.id, decidedAt: now })
        .onConflictDoNothing().returning();
      // the same id again is the same decision (a retry): nothing more is written
      if (row) await writeAudit(tx, { actorId: actor.id, action: 'partywork.deduction', entity: 'party_member', entityId: userId, regionCode: member.regionCode, details: { id: input.id, points: input.points, reason: input.reason } });
    });
    await this.recomputeMembers([userId], now);
    return this.ofMember(actor, userId, 'month', 1);
  }

  private indexView(r: repo.IndexRow): Omit<IndexView, 'formula'> {
    return {
      userId: r.user_id, branchId: r.branch_id, branchName: r.branch_name, regionCode: r.region_code, period: r.period_kind as PeriodKind, periodStart: dateOf(r.period_start),
      base: Number(r.base), staticBonus: Number(r.static_bonus), servicePoints: Number(r.service_points), dynamicBonus: Number(r.dynamic_bonus),
      deductions: Number(r.deductions), total: Number(r.total), valuedLogs: Number(r.valued_logs), formulaVersion: Number(r.formula_version), computedAt: iso(new Date(r.computed_at)),
    };
  }

  private formulaView(f: repo.FormulaRow): FormulaView {
    return { id: f.id, scope: f.scope, version: f.version, params: f.params, note: f.note, createdAt: iso(new Date(f.createdAt)) };
  }
}

/** A date column as YYYY-MM-DD (PGlite may hand back a Date at local midnight of the server, pg a string). */
function dateOf(v: string | Date): string {
  if (typeof v === 'string') return v.slice(0, 10);
  return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
}

const periodView = (p: Period) => ({ kind: p.kind, start: p.start, from: iso(p.from), to: iso(p.to) });
