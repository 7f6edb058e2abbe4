/**
 * The party-work module's events, emitted in the transaction of the change; the member index
 * (member-index.service.ts) keeps its read model on `visit_reviewed` and `members_changed`.
 */
export interface PartyworkEvents {
  /** profiles registered, changed or imported: the member index recomputes their open periods */
  'partywork.members_changed': { userIds: string[] };
  'partywork.task_changed': { taskId: string; state: string; memberId: string | null; householdId: string | null; regionCode: string };
  'partywork.visit_logged': { logId: string; taskId: string; memberId: string; householdId: string | null; visitedAt: string; flags: string[]; needs: string[] };
  'partywork.log_case_opened': { logId: string; caseId: string; memberId: string; openedBy: string };
  'partywork.visit_reviewed': { logId: string; memberId: string; decision: 'valued' | 'rejected'; points: number; transferId: string | null; visitedAt: string };
}
