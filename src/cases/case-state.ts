/** A case row as the pure case machine sees it (state, level, people, counters, co-handlers). */
import type { CaseLevel, CaseState } from './case-machine.ts';
import type { CaseRow } from './cases.repository.ts';

export function machineStateOf(row: CaseRow): CaseState {
  return {
    state: row.state as CaseState['state'], level: row.level as CaseLevel, assigneeId: row.assigneeId, assignedOrgId: row.assignedOrgId,
    reporterId: row.reporterId, reworkCount: row.reworkCount, reopenCount: row.reopenCount, extensionCount: row.extensionCount,
    rating: row.rating as CaseState['rating'], mergedInto: row.mergedInto,
    coHandlers: (row.coHandlers ?? []).map((h) => ({ orgId: h.orgId, userId: h.userId, status: h.status })),
    // the lead's feedback is in while co-handlers still work: the case waits in PROCESSING (or 缓办)
    leadDone: row.feedbackAt !== null && ['PROCESSING', 'EXTENSION_REQUESTED', 'SUSPENDED'].includes(row.state),
  };
}
