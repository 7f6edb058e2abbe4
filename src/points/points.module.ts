/** The points module: the credit-points ledger (信用积分, issue 16), earning rules, claims through review, 公示, objection and 复核. */
import { defineModule } from '../platform/module.ts';
import { ClaimsQueries } from './claims.queries.ts';
import { claimsRoutes } from './claims.routes.ts';
import type { CaseEvidence } from './claims-model.ts';
import { ClaimsService, type HouseholdLookup } from './claims.service.ts';
import { ExpiryService } from './expiry.service.ts';
import { MyPointsQueries } from './my-points.ts';
import { POINTS_ERRORS } from './points.errors.ts';
import { POINTS_PERMISSIONS } from './points.permissions.ts';
import { pointsRoutes } from './points.routes.ts';
import { rankingsRoutes } from './rankings.routes.ts';
import { RankingsService } from './rankings.service.ts';
import { PointsService } from './points.service.ts';
import { RulesService } from './rules.service.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    points: PointsService;
    pointsClaims: ClaimsService;
    pointsRules: RulesService;
    pointsQueries: ClaimsQueries;
    myPoints: MyPointsQueries;
    pointsExpiry: ExpiryService;
    pointsRankings: RankingsService;
  }
}

/** Pending transfers past their timeout are released (a shop reservation). */
export const POINTS_EXPIRY_JOB = 'points.expire_pending';
/** Awards whose 公示 ended without an open objection are posted. */
export const POINTS_POSTING_JOB = 'points.post_noticed';
/** Points earned in year Y expire at the end of Y+1 (FIFO), and people are told 30 days before. */
export const POINTS_LOT_EXPIRY_JOB = 'points.expire_lots';
/** The rankings' rollup of the open week, month and year. */
export const POINTS_RANK_ROLLUP_JOB = 'points.rank_rollup';

/** Sources whose reporter is a villager or visitor the village thanks with points (not staff, not a machine). */
const PAID_SOURCES = new Set(['resident', 'tourist', 'open311']);

export const pointsModule = defineModule({
  name: 'points',
  permissions: POINTS_PERMISSIONS,
  errors: POINTS_ERRORS,
  needs: ['people', 'cases', 'households'],
  build: ({ platform, use }) => {
    const users = use('users');
    const cases = use('cases');
    // a person's points roll up to their household (户), the scoring unit; nobody reviews their own household's
    const households: HouseholdLookup = use('households');
    const points = new PointsService(platform, users);
    // a claim may name a closed case as evidence: the filer must be able to see it (the cases module decides)
    const evidence: CaseEvidence = { caseIn: (actor, id) => cases.get(actor, id).then((c) => ({ villageCode: c.villageCode, state: c.state }), () => null) };
    const pointsClaims = new ClaimsService(platform, points, users, households, () => cases.businessCalendar, evidence);
    const pointsRules = new RulesService(platform, pointsClaims.repo, users);
    platform.media.registerOwner('points', (id) => pointsClaims.repo.photoReaders(id));
    // a history line names the case that paid it (a grid worker's 满意, a villager's report closed)
    // a household's page: need-to-know is the household registry's (its 404 for anyone else)
    const myPoints = new MyPointsQueries(points, pointsClaims.repo, households, { labelsOf: (ids) => cases.labelsOf(ids) }, use('householdRegistry'), users);
    const pointsExpiry = new ExpiryService(platform, points, households, { keepYears: platform.config.pointsKeepYears });
    // a list's 公示 runs the place's notice period in working days, as an award's
    const notice = { until: async (code: string, from: Date) => cases.businessCalendar.addWorkingDays(from, (await pointsClaims.repo.settingsAt(code)).noticeDays) };
    const pointsRankings = new RankingsService(platform, users, households, notice);
    return { points, pointsClaims, pointsRules, pointsQueries: new ClaimsQueries(pointsClaims.repo, users, households), myPoints, pointsExpiry, pointsRankings };
  },
  on: {
    // a report verified and closed pays its reporter (once per case and rule, however often it closes)
    'case.closed': async ({ payload: c }, { pointsClaims }) => {
      if (!c.reporterId || !PAID_SOURCES.has(c.source)) return;
      await pointsClaims.awardForCase({ trigger: 'case.closed', caseId: c.caseId, villageCode: c.villageCode, categoryCode: c.categoryCode, beneficiaryId: c.reporterId, at: c.closedAt });
    },
    // 满意 pays the grid worker who handled it; 不满意 costs nothing here (the rankings show it)
    'case.rated': async ({ payload: c }, { pointsClaims }) => {
      if (c.rating !== 'satisfied' || !c.assigneeId) return;
      await pointsClaims.awardForCase({ trigger: 'case.rated', caseId: c.caseId, villageCode: c.villageCode, categoryCode: c.categoryCode, beneficiaryId: c.assigneeId, at: c.ratedAt });
    },
  },
  jobs: ({ points, pointsClaims, pointsExpiry, pointsRankings }, { platform }) => {
    platform.scheduler.every(POINTS_EXPIRY_JOB, { intervalMs: 60_000 }, () => points.expireDue());
    platform.scheduler.every(POINTS_POSTING_JOB, { intervalMs: 60_000 }, () => pointsClaims.postDue());
    // daily, ten past midnight (Shanghai): the first run after New Year expires the cycle; safe twice or late
    platform.scheduler.every(POINTS_LOT_EXPIRY_JOB, { cron: '10 0 * * *' }, () => pointsExpiry.tick());
    platform.scheduler.every(POINTS_RANK_ROLLUP_JOB, { intervalMs: 600_000 }, () => pointsRankings.refreshOpen());
  },
  routes: async (app, { points, pointsClaims, pointsRules, pointsQueries, myPoints, pointsExpiry, pointsRankings }) => {
    await app.register(pointsRoutes, { points, myPoints });
    await app.register(rankingsRoutes, { rankings: pointsRankings, expiry: pointsExpiry });
    await app.register(claimsRoutes, { rules: pointsRules, claims: pointsClaims, queries: pointsQueries });
  },
});
