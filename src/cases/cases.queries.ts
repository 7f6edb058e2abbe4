/**
 * The cases module's read side that needs none of the service's state (its caches, calendar, batcher):
 * the workbench's counts, KPIs, case labels for other modules, followed cases, the public timeline.
 * CasesService exposes them under the same names (cases.service.ts).
 */
import { assertCan, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { badRequest } from '../platform/errors.ts';
import { iso } from '../platform/contract.ts';
import type { KpiRow, ReportedCase } from './cases.contract.ts';
import * as repo from './cases.repository.ts';
import { computeKpis, type KpiGroup } from './kpis.ts';
import { caseSummary, type CaseSummary } from './summary.ts';

export class CaseQueries {
  constructor(private p: Platform) {}

  /** Today's counts and the 14-day trend of the actor's area, or of one region in it (the workbench). */
  async summary(actor: Actor, regionCode?: string): Promise<CaseSummary> {
    if (regionCode) assertCan(actor, 'cases.read', regionCode);
    return caseSummary(this.p.db, regionCode ? [scopeOfRegionCode(regionCode)] : scopesFor(actor, 'cases.read'));
  }

  /** KPIs of a region the actor may read (cases.read there). */
  async kpis(actor: Actor, q: { regionCode: string; from: Date; to: Date; groupBy: KpiGroup }): Promise<KpiRow[]> {
    assertCan(actor, 'cases.read', q.regionCode);
    if (q.to.getTime() <= q.from.getTime()) throw badRequest('VALIDATION_FAILED', 'to must be after from', { field: 'to' });
    return computeKpis(this.p.db, { scope: scopeOfRegionCode(q.regionCode), from: q.from, to: q.to, groupBy: q.groupBy });
  }

  /** Trusted (no actor): number and title of cases, for the points history of the people a case paid. */
  labelsOf(ids: string[]): Promise<{ id: string; no: string; title: string }[]> {
    return repo.caseLabels(this.p.db, ids);
  }

  /**
   * Trusted (no actor; the caller decided who may see them): cases these people reported in an area (a
   * village code or its prefix), newest first — a household's page lists its members' reports.
   */
  async reportedBy(reporterIds: string[], scope: string, limit = 20): Promise<ReportedCase[]> {
    const rows = await repo.reportedBy(this.p.database, reporterIds, scope, Math.min(Math.max(limit, 1), 100));
    return rows.map((r) => ({
      id: r.id, no: r.no, title: r.title, categoryCode: r.category_code, categoryName: r.category_name, categoryNameEn: r.category_name_en,
      state: r.state, reportedAt: iso(r.reported_at), rating: r.rating,
    }));
  }

  /** Cases the person follows ("me too"). */
  followedIds(userId: string): Promise<string[]> {
    return repo.followedIds(this.p.db, userId);
  }

  /** The timeline as the public may see it: what happened and when, without people or notes. */
  async publicTimeline(caseId: string) {
    return (await repo.timelineOf(this.p.db, caseId)).map((t) => ({ action: t.action, state: t.toState, level: t.level, at: t.at }));
  }
}
