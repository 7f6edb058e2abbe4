/**
 * The party-work module (党建, issue 17): the register of members and branches, 联户/联楼/联事 tasks,
 * visit logs (走亲打卡) and their review into party service points, a log's case in one tap, the
 * party-member index (党员服务力) and its rankings, and the area indices (网格服务力, 物业服务力,
 * 机关党组织小区服务力) with the register of the organisations that 下沉 to a community.
 */
import { defineModule } from '../platform/module.ts';
import { areaIndexRoutes } from './area-index.routes.ts';
import { AreaIndexService } from './area-index.service.ts';
import { PARTYWORK_ERRORS } from './partywork.errors.ts';
import { PARTYWORK_PERMISSIONS } from './partywork.permissions.ts';
import { partyworkRoutes } from './partywork.routes.ts';
import { LogCasesService } from './log-case.service.ts';
import { memberIndexRoutes } from './member-index.routes.ts';
import { MemberIndexService } from './member-index.service.ts';
import { RegisterService } from './register.service.ts';
import { TasksService } from './tasks.service.ts';
import { VisitsService } from './visits.service.ts';
import { photoReaders } from './work.repository.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    partyRegister: RegisterService;
    partyTasks: TasksService;
    partyVisits: VisitsService;
    partyLogCases: LogCasesService;
    partyIndex: MemberIndexService;
    partyAreaIndex: AreaIndexService;
  }
}

/** Fills the member index's rows of the periods just begun. */
export const PARTY_INDEX_ROLL_JOB = 'partywork.index_roll';
/** Recomputes the area indices' open periods everywhere (a drift repaired, a new week's rows). */
export const PARTY_AREA_INDEX_ROLL_JOB = 'partywork.area_index_roll';

export const partyworkModule = defineModule({
  name: 'partywork',
  permissions: PARTYWORK_PERMISSIONS,
  errors: PARTYWORK_ERRORS,
  needs: ['regions', 'people', 'cases', 'households', 'points'],
  build: ({ platform, use }) => {
    const users = use('users');
    const partyRegister = new RegisterService(platform, users, use('regions'));
    const partyTasks = new TasksService(platform, partyRegister, use('households'), users);
    const partyVisits = new VisitsService(platform, partyRegister, use('points'), users);
    // a visit's photo: staff of the log's area and its member
    platform.media.registerOwner('partywork', (id) => photoReaders(platform.db, id));
    // a log opens a case through the cases module's command for sources (one tap, once)
    const partyLogCases = new LogCasesService(platform, use('sourceCases'), partyVisits);
    const partyIndex = new MemberIndexService(platform, partyRegister, users);
    const partyAreaIndex = new AreaIndexService(platform, users, use('regions'));
    return { partyRegister, partyTasks, partyVisits, partyLogCases, partyIndex, partyAreaIndex };
  },
  // the member index's read model follows its inputs (delivered at least once: a recompute is idempotent)
  on: {
    'partywork.visit_reviewed': ({ payload }, { partyIndex }) => partyIndex.onReviewed(payload.logId),
    'partywork.members_changed': ({ payload }, { partyIndex }) => partyIndex.recomputeMembers(payload.userIds),
    // the grid and property indices follow the case data: a closing, a rating, a reopening by an unhappy rating
    'case.closed': ({ payload }, { partyAreaIndex }) => partyAreaIndex.onCaseEvent(payload),
    'case.rated': ({ payload }, { partyAreaIndex }) => partyAreaIndex.onCaseEvent(payload),
    'case.reopened': ({ payload }, { partyAreaIndex }) => partyAreaIndex.onCaseEvent(payload),
  },
  // a new week, month or year: rows for the members nothing happened to yet, so rankings list everyone
  jobs: ({ partyIndex, partyAreaIndex }, { platform }) => {
    platform.scheduler.every(PARTY_INDEX_ROLL_JOB, { intervalMs: 15 * 60_000 }, () => partyIndex.roll());
    platform.scheduler.every(PARTY_AREA_INDEX_ROLL_JOB, { intervalMs: 15 * 60_000 }, () => partyAreaIndex.roll());
  },
  routes: async (app, { partyRegister, partyTasks, partyVisits, partyLogCases, partyIndex, partyAreaIndex }) => {
    await app.register(partyworkRoutes, { register: partyRegister, tasks: partyTasks, visits: partyVisits, logCases: partyLogCases });
    await app.register(memberIndexRoutes, { index: partyIndex });
    await app.register(areaIndexRoutes, { areas: partyAreaIndex });
  },
});
