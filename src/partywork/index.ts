/** Party work (党建): the public surface other modules import. */
export { RegisterService, MAX_IMPORT_ROWS, type ProfileInput } from './register.service.ts';
export { TasksService, type NewTaskInput } from './tasks.service.ts';
export { VisitsService, type VisitInput } from './visits.service.ts';
export { transition, TASK_ACTIONS, TASK_STATES, type TaskAction, type TaskState } from './task-machine.ts';
export { DEFAULT_VISIT_SETTINGS, type VisitSettings } from './visit-rules.ts';
export { BRANCH_KINDS, MEMBER_STATUSES, NEEDS, POSTS, TASK_KINDS } from './partywork.schema.ts';
export { PartySummaryQueries, visitDimensionsPage, type PartyCounts, type VisitDimensions } from './summary.queries.ts';
export { MemberIndexService } from './member-index.service.ts';
export { AreaIndexService } from './area-index.service.ts';
export { AREA_KINDS, DEFAULT_AREA_FORMULAS, type AreaKind } from './area-formula.ts';
