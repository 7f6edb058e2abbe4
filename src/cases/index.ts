/** Public surface of the cases module. */
export { CasesService, SOURCES, type ReportInput, type ActionInput, type CaseSource } from './cases.service.ts';
export { casesRoutes } from './cases.routes.ts';
export { BusinessCalendar, type TimeLimit, type LimitUnit } from './calendar.ts';
export { STATES, LEVELS, OPEN_STATES, RATINGS, type CaseStateName, type CaseLevel, type Rating } from './case-machine.ts';
export { CASE_SWEEP_JOB, caseSweepJob, sweepOnce, type SweepOptions, type SweepResult } from './sweeper.ts';
export { computeKpis, type KpiRow, type KpiGroup } from './kpis.ts';
export { casesAdminRoutes } from './admin.routes.ts';
export type { CaseRow, CategoryRow, TimelineRow, PublicFilter } from './cases.repository.ts';
export { CONFIG_CHANGED } from './admin.ts';
export { caseMediaReaders } from './media-owners.ts';
export { casePayload } from './case.events.ts';
export { SourceCases, type SourceCaseInput, type SourceCaseResult, type Place } from './from-source.ts';
export { caseFacts, type CaseFacts } from './case-facts.ts';
export { caseDimensionsPage, screenCases, type CaseDimensions, type ScreenCase, type ScreenCases } from './screen-feed.ts';
export type { CasePayload } from './case.events.ts';
export { overdueCasesAt, type OverdueCase } from './bulletin-feed.ts';
export { ReportedCase, ReportedCases } from './cases.contract.ts';
export { handlingStats, closedCaseIds, caseRegionOf, type HandlingStatsRow } from './handling-stats.ts';
