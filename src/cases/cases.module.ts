/** The cases module: the case workflow, escalation, deadlines, KPIs, and cases opened by sources. */
import { defineModule } from '../platform/module.ts';
import { CASES_ERRORS } from './cases.errors.ts';
import { CASES_PERMISSIONS } from './cases.permissions.ts';
import { casesAdminRoutes } from './admin.routes.ts';
import { CasesService } from './cases.service.ts';
import { casesRoutes } from './cases.routes.ts';
import { caseExportsRoutes } from './exports.routes.ts';
import { SourceCases } from './from-source.ts';
import { caseMediaReaders } from './media-owners.ts';
import { caseSweepJob } from './sweeper.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    cases: CasesService;
    /** Cases opened by alarms, cameras and inspections (one idempotent transaction each). */
    sourceCases: SourceCases;
  }
}

export const casesModule = defineModule({
  name: 'cases',
  permissions: CASES_PERMISSIONS,
  errors: CASES_ERRORS,
  needs: ['regions', 'people'],
  async build({ platform, use }) {
    const cases = new CasesService(platform, use('regions'), use('users'));
    // alarms, cameras and inspections open their cases through one transactional, idempotent path
    const sourceCases = new SourceCases(platform, cases, use('regions'));
    // who may read a stored photo: each module that keeps media ids answers for its own
    platform.media.registerOwner('cases', caseMediaReaders(platform.database));
    await cases.loadCalendar();
    await cases.loadCategories();
    return { cases, sourceCases };
  },
  jobs: (_own, { platform }) => caseSweepJob(platform), // escalation, urging, supervision and reminders on the clock
  async routes(app, { cases }, { platform, realtime, use }) {
    await app.register(casesRoutes, { cases, limits: platform.limits, realtime, regions: use('regions') });
    await app.register(casesAdminRoutes, { cases });
    await app.register(caseExportsRoutes, { cases, regions: use('regions'), users: use('users'), platform });
  },
});
