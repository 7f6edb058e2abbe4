/**
 * The party-work module's events: what the indices and rankings (a later slice) will read, emitted in
 * the transaction of the change.
 */
export interface PartyworkEvents {
  'partywork.task_changed': { taskId: string; state: string; memberId: string | null; householdId: string | null; regionCode: string };
  'partywork.visit_logged': { logId: string; taskId: string; memberId: string; householdId: string | null; visitedAt: string; flags: string[]; needs: string[] };
  'partywork.log_case_opened': { logId: string; caseId: string; memberId: string; openedBy: string };
  'partywork.visit_reviewed': { logId: string; memberId: string; decision: 'valued' | 'rejected'; points: number; transferId: string | null; visitedAt: string };
}
