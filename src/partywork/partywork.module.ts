/**
 * The party-work module (党建, issue 17): the register of members and branches, 联户/联楼/联事 tasks,
 * visit logs (走亲打卡) and their review into party service points, a log's case in one tap, the
 * party-member index (党员服务力) and its rankings, the area indices (网格服务力, 物业服务力,
 * 机关党组织小区服务力) with the register of the organisations that 下沉 to a community, the duties
 * (exemptions, review escalation, targets, reminders to secretaries, monthly summaries) and the
 * community/street console (党建工作台) with the 先锋考评 sheet.
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
import { partyConsoleRoutes } from './console.routes.ts';
import { PartyConsoleService } from './console.service.ts';
import { dutiesRoutes } from './duties.routes.ts';
import { DutiesService } from './duties.service.ts';
import { ExemptionsService } from './exemptions.service.ts';
import { SummariesService } from './summaries.service.ts';
import { TargetsService } from './targets.service.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    partyRegister: RegisterService;
    partyTasks: TasksService;
    partyVisits: VisitsService;
    partyLogCases: LogCasesService;
    partyIndex: MemberIndexService;
    partyConsole: PartyConsoleService;
    partyExemptions: ExemptionsService;
    partyDuties: DutiesService;
    partyTargets: TargetsService;
    partySummaries: SummariesService;
    partyAreaIndex: AreaIndexService;
  }
}

/** Fills the member index's rows of the periods just begun. */
export const PARTY_INDEX_ROLL_JOB = 'partywork.index_roll';
/** Recomputes the area indices' open periods everywhere (a drift repaired, a new week's rows). */
export const PARTY_AREA_INDEX_ROLL_JOB = 'partywork.area_index_roll';

/** Escalates the reviews left more than 3 working days to the community (duties.service.ts). */
export const PARTY_REVIEW_ESCALATION_JOB = 'partywork.review_escalation';
/** Reminds branch secretaries of members with no visit for 30 days, daily. */
export const PARTY_INACTIVITY_JOB = 'partywork.inactivity';
/** Writes last month's summaries from the first working day of a month on (a later run writes nothing new). */
export const PARTY_MONTHLY_SUMMARY_JOB = 'partywork.monthly_summary';

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
    // the community/street console reads the register, the tasks and the logs together
    const partyConsole = new PartyConsoleService(platform, partyRegister, partyTasks, users, use('regions'));
    // the duties: exemptions, the review clock (the cases module's business calendar), targets, reminders, monthly summaries
    const cases = use('cases');
    const partyExemptions = new ExemptionsService(platform, users);
    const partyDuties = new DutiesService(platform, users, () => cases.businessCalendar);
    const partyTargets = new TargetsService(platform, users, use('regions'));
    const partySummaries = new SummariesService(platform, () => cases.businessCalendar);
    // the grid, property and organisation indices (网格/物业/机关党组织小区服务力) from case data and logged services
    const partyAreaIndex = new AreaIndexService(platform, users, use('regions'));
    return { partyRegister, partyTasks, partyVisits, partyLogCases, partyIndex, partyConsole, partyExemptions, partyDuties, partyTargets, partySummaries, partyAreaIndex };
  },
  // the member index's read model follows its inputs (delivered at least once: a recompute is idempotent)
  on: {
    'partywork.visit_reviewed': ({ payload }, { partyIndex }) => partyIndex.onReviewed(payload.logId),
    'partywork.members_changed': ({ payload }, { partyIndex }) => partyIndex.recomputeMembers(payload.userIds),
    // an administrator corrected a member's party service points: the index follows the ledger
    'points.corrected': ({ payload }, { partyIndex }) => partyIndex.onCorrected(payload),
    // the grid and property indices follow the case data: a closing, a rating, a reopening by an unhappy rating
    'case.closed': ({ payload }, { partyAreaIndex }) => partyAreaIndex.onCaseEvent(payload),
    'case.rated': ({ payload }, { partyAreaIndex }) => partyAreaIndex.onCaseEvent(payload),
    'case.reopened': ({ payload }, { partyAreaIndex }) => partyAreaIndex.onCaseEvent(payload),
  },
  // a new week, month or year: rows for the members nothing happened to yet, so rankings list everyone
  jobs: ({ partyIndex, partyAreaIndex, partyDuties, partySummaries }, { platform }) => {
    platform.scheduler.every(PARTY_INDEX_ROLL_JOB, { intervalMs: 15 * 60_000 }, () => partyIndex.roll());
    platform.scheduler.every(PARTY_AREA_INDEX_ROLL_JOB, { intervalMs: 15 * 60_000 }, () => partyAreaIndex.roll());
    // each takes the time it runs at and is idempotent: a rerun, a late run or a second instance writes nothing new
    platform.scheduler.every(PARTY_REVIEW_ESCALATION_JOB, { intervalMs: 15 * 60_000 }, () => partyDuties.escalateReviews());
    platform.scheduler.every(PARTY_INACTIVITY_JOB, { cron: '20 8 * * *' }, () => partyDuties.remindInactive());
    platform.scheduler.every(PARTY_MONTHLY_SUMMARY_JOB, { cron: '30 1 * * *' }, () => partySummaries.generate());
  },
  routes: async (app, { partyRegister, partyTasks, partyVisits, partyLogCases, partyIndex, partyConsole, partyExemptions, partyDuties, partyTargets, partySummaries, partyAreaIndex }) => {
    // before the register's routes: /members/figures, /tasks/overview and /branches/summary are not ids
    await app.register(partyConsoleRoutes, { console: partyConsole });
    await app.register(partyworkRoutes, { register: partyRegister, tasks: partyTasks, visits: partyVisits, logCases: partyLogCases });
    await app.register(memberIndexRoutes, { index: partyIndex });
    await app.register(dutiesRoutes, { register: partyRegister, exemptions: partyExemptions, duties: partyDuties, targets: partyTargets, summaries: partySummaries });
    await app.register(areaIndexRoutes, { areas: partyAreaIndex });
  },
});
