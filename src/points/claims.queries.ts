/**
 * What people read of claims, presented for who reads them: the villager's own claims, the scoring
 * group's queue and the staff's lists (full names: they decide about them), the village's 公示 board
 * (names masked, objectors never named), and the report the village budget reads (points liability,
 * and the 人情分 alert: households earning more than three times the village median in a month).
 */
import { can, scopesFor, type Actor } from '../platform/access.ts';
import { maskName } from '../platform/privacy.ts';
import { notFound } from '../platform/errors.ts';
import type { UsersService } from '../people/index.ts';
import { periodStarts, velocityAlerts, type ClaimStatus, type HouseholdLookup, type RuleLedger } from './claims-model.ts';
import type { ClaimRow, ClaimsRepository, VoteRow } from './claims.repository.ts';
import { villageOf } from './claims.service.ts';

type Viewer = 'staff' | 'scorer' | 'owner' | 'public';
const Page = (p: { limit?: number; offset?: number }) => ({ limit: Math.min(Math.max(p.limit ?? 50, 1), 200), offset: Math.max(p.offset ?? 0, 0) });

export class ClaimsQueries {
  constructor(
    private repo: ClaimsRepository,
    private users: UsersService,
    private households?: HouseholdLookup,
  ) {}

  /** The caller's own claims (also those a grid worker filed for them). */
  async mine(actor: Actor, page: { limit?: number; offset?: number } = {}) {
    const p = Page(page);
    const { items, total } = await this.repo.listClaims({ scopes: [''], beneficiaryId: actor.id, ...p });
    return { items: await this.present(items, actor, () => 'owner'), total, ...p };
  }

  /** The villages whose scoring group the caller sits on. */
  scoringVillages(actor: Actor): Promise<string[]> {
    return this.repo.scoringVillagesOf(actor.id);
  }

  /** The review queue and lists: the villages where the caller sits on the scoring group, and staff's area. */
  async list(actor: Actor, q: { status?: ClaimStatus[]; regionCode?: string; limit?: number; offset?: number }) {
    const p = Page(q);
    const staff = scopesFor(actor, 'points.read');
    const scoring = await this.repo.scoringVillagesOf(actor.id);
    let scopes = [...staff, ...scoring];
    if (q.regionCode) scopes = scopes.filter((s) => q.regionCode!.startsWith(s) || s.startsWith(q.regionCode!)).map((s) => (s.length >= q.regionCode!.length ? s : q.regionCode!));
    const { items, total } = await this.repo.listClaims({ scopes, statuses: q.status, ...p });
    return { items: await this.present(items, actor, (c) => this.viewerOf(actor, c, scoring)), total, ...p };
  }

  async one(actor: Actor, id: string) {
    const claim = await this.repo.claim(id);
    const scoring = claim ? await this.repo.scoringVillagesOf(actor.id) : [];
    const viewer = claim ? this.viewerOf(actor, claim, scoring) : null;
    if (!claim || !viewer || viewer === 'public') throw notFound('POINTS_CLAIM_NOT_FOUND', 'No such points claim');
    const [view] = await this.present([claim], actor, () => viewer);
    return view;
  }

  /** The 公示 board of a village: awards on notice and under 复核, and those decided in the last 30 days. */
  async board(actor: Actor, regionCode?: string) {
    const village = villageOf(regionCode ?? actor.homeRegionCode);
    if (!village) return { regionCode: null, items: [] };
    const mayRead = actor.homeRegionCode?.startsWith(village) || can(actor, 'points.read', village);
    if (!mayRead) return { regionCode: village, items: [] };
    const { items } = await this.repo.listClaims({ scopes: [village], statuses: ['noticed', 'objected', 'posted', 'voided'], limit: 200, offset: 0 });
    const since = Date.now() - 30 * 86_400_000;
    const shown = items.filter((c) => c.status === 'noticed' || c.status === 'objected' || (c.noticeFrom && c.updatedAt.getTime() >= since && c.noticeFrom.getTime() !== c.noticeUntil?.getTime()));
    return { regionCode: village, items: await this.present(shown, actor, () => 'public') };
  }

  /** Points liability (spendable points outstanding × ¥ per point) and the month's 人情分 alerts of a village. */
  async report(actor: Actor, villageCode: string, month?: string) {
    if (!can(actor, 'points.read', villageCode) || villageCode.length !== 12) throw notFound('REGION_NOT_FOUND', 'No such village in your area');
    const settings = await this.repo.settingsAt(villageCode);
    const at = month ? new Date(`${month}-15T00:00:00+08:00`) : new Date();
    const from = periodStarts(at).month;
    const to = periodStarts(new Date(from.getTime() + 40 * 86_400_000)).month;
    const [liability, earned] = await Promise.all([this.repo.liability(villageCode), this.repo.earnedByHousehold(villageCode, from, to)]);
    const { median, alerts } = velocityAlerts(earned);
    // an alert's unit is a household, or a person who belongs to none
    const ids = alerts.map((a) => a.householdId);
    const names = { ...(await this.users.namesOf(ids)), ...((await this.households?.labelsOf?.(ids)) ?? {}) };
    return {
      regionCode: villageCode, month: new Date(from.getTime() + 8 * 3_600_000).toISOString().slice(0, 7), yuanPerPoint: settings.yuanPerPoint,
      liability: { accounts: liability.accounts, points: liability.points, yuan: Math.round(liability.points * settings.yuanPerPoint * 100) / 100 },
      median, households: earned.length,
      alerts: alerts.map((a) => ({ householdId: a.householdId, label: names[a.householdId] ?? null, earned: a.earned, claims: a.claims, timesMedian: median ? Math.round((a.earned / median) * 10) / 10 : null })),
    };
  }

  private viewerOf(actor: Actor, c: ClaimRow, scoringVillages: string[]): Viewer {
    if (can(actor, 'points.read', c.regionCode)) return 'staff';
    if (scoringVillages.includes(c.regionCode)) return 'scorer';
    if (c.beneficiaryId === actor.id || c.filedBy === actor.id) return 'owner';
    return 'public';
  }

  private async present(rows: ClaimRow[], actor: Actor, viewerOf: (c: ClaimRow) => Viewer) {
    const ids = rows.map((r) => r.id);
    const [votes, objections] = await Promise.all([this.repo.votes(ids), this.repo.objections(ids)]);
    const rules = await this.repo.rulesByIds([...new Set(rows.map((r) => r.ruleId))]);
    const people = [...new Set([...rows.flatMap((r) => [r.beneficiaryId, r.filedBy]), ...votes.map((v) => v.reviewerId)].filter((x): x is string => !!x))];
    const names = await this.users.namesOf(people);
    const ruleOf = new Map(rules.map((r) => [r.id, r]));
    return rows.map((c) => {
      const viewer = viewerOf(c);
      const full = viewer === 'staff' || viewer === 'scorer' || viewer === 'owner';
      const mine = votes.filter((v) => v.claimId === c.id);
      const objs = objections.filter((o) => o.claimId === c.id);
      const rule = ruleOf.get(c.ruleId);
      return {
        id: c.id, regionCode: c.regionCode, status: c.status as ClaimStatus, source: c.source, sourceId: viewer === 'public' ? null : c.sourceId,
        rule: { key: c.ruleKey, version: c.ruleVersion, nameZh: rule?.nameZh ?? c.ruleKey, nameEn: rule?.nameEn ?? c.ruleKey, ledger: c.ledger as RuleLedger },
        amount: c.amount, postedAmount: c.postedAmount,
        beneficiary: { id: full ? c.beneficiaryId : null, name: full ? names[c.beneficiaryId] ?? null : maskName(names[c.beneficiaryId]) },
        householdId: viewer === 'public' ? null : c.householdId,
        byProxy: c.filedBy !== null && c.filedBy !== c.beneficiaryId,
        note: c.note, photos: full ? c.photos : [], photoCount: c.photos.length, hasLocation: c.lat !== null,
        lat: full ? c.lat : null, lon: full ? c.lon : null,
        eventTime: c.eventTime.toISOString(), createdAt: c.createdAt.toISOString(),
        noticeFrom: c.noticeFrom?.toISOString() ?? null, noticeUntil: c.noticeUntil?.toISOString() ?? null, recheckDue: c.recheckDue?.toISOString() ?? null,
        decisionReason: c.decisionReason,
        votes: viewer === 'staff' || viewer === 'scorer' ? mine.map((v: VoteRow) => ({ reviewer: names[v.reviewerId] ?? null, decision: v.decision as 'approve' | 'reject', reason: v.reason, at: v.createdAt.toISOString() })) : [],
        approvals: mine.filter((v) => v.decision === 'approve').length, rejections: mine.filter((v) => v.decision === 'reject').length,
        myVote: (mine.find((v) => v.reviewerId === actor.id)?.decision ?? null) as 'approve' | 'reject' | null,
        objectionCount: objs.length,
        // the reasons go to those who decide; nobody is told who objected
        objections: viewer === 'staff' ? objs.map((o) => ({ reason: o.reason, at: o.createdAt.toISOString() })) : [],
        iObjected: objs.some((o) => o.objectorId === actor.id),
      };
    });
  }
}
