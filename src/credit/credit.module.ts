/** The credit module (issue 19 items 2–3): the bank credit-loan quota (信用贷) with its signed monthly extract, and the village's points dividend (积分分红). */
import { HouseholdRoster } from '../households/index.ts';
import { defineModule } from '../platform/module.ts';
import { EarnedQueries } from '../points/index.ts';
import { CREDIT_ERRORS } from './credit.errors.ts';
import { CREDIT_PERMISSIONS } from './credit.permissions.ts';
import { creditRoutes } from './credit.routes.ts';
import { CreditService } from './credit.service.ts';
import { dividendsRoutes } from './dividends.routes.ts';
import { DividendsService } from './dividends.service.ts';
import { ExtractsService } from './extracts.service.ts';
import { loadSigner, type Signer } from './signing.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    credit: CreditService;
    creditExtracts: ExtractsService;
    dividends: DividendsService;
  }
}

/** Dividend lists whose 公示 ended without an open objection are approved for payout. */
export const CREDIT_APPROVAL_JOB = 'credit.approve_dividends';

export const creditModule = defineModule({
  name: 'credit',
  permissions: CREDIT_PERMISSIONS,
  errors: CREDIT_ERRORS,
  needs: ['regions', 'people', 'cases', 'households', 'points'],
  build: ({ platform, use }) => {
    const households = use('households');
    const users = use('users');
    const regions = use('regions');
    const cases = use('cases');
    const rules = use('pointsRules');
    const credit = new CreditService(platform, {
      roster: new HouseholdRoster(platform),
      earned: new EarnedQueries(platform),
      householdOf: (id) => households.householdOf(id),
      labelsOf: (ids) => households.labelsOf(ids),
      namesOf: (ids) => users.namesOf(ids),
      regionNames: (codes) => regions.names(codes),
    });
    // the key is read on first use: a server that never signs never makes one
    let signer: Signer | undefined;
    const creditExtracts = new ExtractsService(platform, credit, () => (signer ??= loadSigner(platform.config.dataDir)));
    // the village's 公示 period (points settings, working days by the cases' calendar), as for points claims
    const dividends = new DividendsService(platform, credit, {
      noticeDays: async (village) => (await rules.inForce(village)).settings.noticeDays,
      addWorkingDays: (start, n) => cases.businessCalendar.addWorkingDays(start, n),
    });
    return { credit, creditExtracts, dividends };
  },
  jobs: ({ dividends }, { platform }) => {
    platform.scheduler.every(CREDIT_APPROVAL_JOB, { intervalMs: 60_000 }, () => dividends.approveDue());
  },
  routes: async (app, { credit, creditExtracts, dividends }) => {
    await app.register(creditRoutes, { credit, extracts: creditExtracts });
    await app.register(dividendsRoutes, { dividends });
  },
});
