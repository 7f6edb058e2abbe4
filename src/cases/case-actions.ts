/**
 * What a transition changes on the case row besides state and level: clocks (签收 starts the time
 * limit), deadlines, owners, counters. Pure: given the row, the entry and the time, returns the update.
 */
import type { CaseTransitionEvent } from './case.events.ts';
import type { BusinessCalendar, LimitUnit, TimeLimit } from './calendar.ts';
import { coHandlersAfter, type Entry } from './case-machine.ts';
import type { CaseRow, CategoryRow } from './cases.repository.ts';

export function limitOf(category: CategoryRow, severity: string): TimeLimit {
  return severity === 'urgent'
    ? { value: category.urgentLimitValue, unit: category.urgentLimitUnit as LimitUnit }
    : { value: category.limitValue, unit: category.limitUnit as LimitUnit };
}

export function signLimitOf(category: CategoryRow): TimeLimit {
  return { value: category.signLimitValue, unit: category.signLimitUnit as LimitUnit };
}

export type CaseUpdate = Partial<CaseRow>;

/**
 * If the case has missed its signing or handling deadline by `at`, when and at which level it first
 * did (kept from an earlier level if it was late there already); empty when it is not late.
 */
export function lateness(row: CaseRow, at: Date): Pick<CaseUpdate, 'lateAt' | 'lateLevel'> {
  if (row.lateAt) return {};
  const missed = row.state === 'DISPATCHED' ? row.signDeadline : row.deadline;
  if (!missed || new Date(missed).getTime() >= at.getTime()) return {};
  return { lateAt: new Date(missed), lateLevel: row.level };
}

export function effectsOf(
  row: CaseRow,
  e: Entry,
  now: Date,
  ctx: { category: CategoryRow | undefined; calendar: BusinessCalendar; input: Record<string, unknown> },
): CaseUpdate {
  const u: CaseUpdate = { state: e.to, level: e.level };
  const { category, calendar, input } = ctx;
  switch (e.action) {
    case 'register':
      u.registeredAt = now;
      if (input.categoryCode) u.categoryCode = input.categoryCode as string;
      if (input.severity) u.severity = input.severity as string;
      // the command room may fix the deadline at 立案; the handler's clock then ends there
      if (input.deadline) u.fixedDeadline = input.deadline as Date;
      break;
    case 'self_handle':
      u.feedbackAt = now;
      break;
    case 'dispatch':
      u.assigneeId = (e.data.assigneeId as string | undefined) ?? null;
      u.assignedOrgId = (e.data.assignedOrgId as string | undefined) ?? null;
      u.coHandlers = ((e.data.coHandlers as { orgId?: string | null; userId?: string | null }[] | undefined) ?? [])
        .map((h) => ({ orgId: h.orgId ?? null, userId: h.userId ?? null, status: 'pending' as const }));
      u.feedbackAt = null;
      u.dispatchedAt = now;
      u.signDeadline = category ? calendar.deadline(now, signLimitOf(category)) : null;
      u.deadline = null;
      break;
    case 'sign':
      u.signedAt = now;
      u.signDeadline = null;
      // the clock starts at 签收; a deadline the command room set at registration wins (never one sent by the handler)
      u.deadline = row.fixedDeadline ?? (category ? calendar.deadline(now, limitOf(category, row.severity)) : null);
      break;
    case 'co_sign':
    case 'co_feedback':
    case 'waive_co_handler': {
      const i = e.data.handler as number;
      const stamp = e.action === 'co_sign' ? { signedAt: now.toISOString() } : { doneAt: now.toISOString(), note: (e.data.note ?? e.data.reason) as string };
      u.coHandlers = coHandlersAfter(row.coHandlers, e.action, i).map((h, j) => (j === i ? { ...h, ...stamp } : h));
      // the last co-handler completes a joint case: its handling ends now
      if (e.to === 'VERIFYING') u.feedbackAt = now;
      break;
    }
    case 'return':
    case 'escalate':
      // the deadline goes, the lateness stays: a case late at this level counts as late wherever it ends
      Object.assign(u, lateness(row, now));
      // the next level's time limit runs from its own signing
      if (e.action === 'escalate') u.fixedDeadline = null;
      u.coHandlers = [];
      u.assigneeId = null;
      u.assignedOrgId = null;
      u.signDeadline = null;
      u.deadline = null;
      u.supervision = 0;
      break;
    case 'feedback':
      u.feedbackAt = now;
      break;
    case 'request_extension':
      u.requestedUntil = input.until as Date;
      break;
    case 'approve_extension':
      u.deadline = row.requestedUntil;
      u.requestedUntil = null;
      u.extensionCount = row.extensionCount + 1;
      u.supervision = 0;
      u.overdueAt = null;
      // the command room gave more time at this level: lateness here is forgiven (not a lower level's)
      if (row.lateLevel === row.level) Object.assign(u, { lateAt: null, lateLevel: null });
      break;
    case 'deny_extension':
      u.requestedUntil = null;
      break;
    case 'suspend':
      u.suspendedAt = now;
      break;
    case 'resume':
      // 缓办: the time spent suspended does not count against the handler
      if (row.deadline && row.suspendedAt) u.deadline = new Date(row.deadline.getTime() + (now.getTime() - row.suspendedAt.getTime()));
      u.suspendedAt = null;
      break;
    case 'rework':
      u.reworkCount = row.reworkCount + 1;
      u.feedbackAt = null;
      break;
    case 'answer':
      // a question (咨询) answered by the command room: handled and closed in one step
      u.registeredAt = row.registeredAt ?? now;
      u.feedbackAt = now;
      u.closedAt = now;
      Object.assign(u, lateness(row, now));
      u.closedOnTime = !(u.lateAt ?? row.lateAt);
      break;
    case 'close':
      u.closedAt = now;
      // on time: the handler's feedback (or the closing itself, without one) came by the deadline,
      // and the case never missed one at a lower level before it was escalated
      Object.assign(u, lateness(row, row.feedbackAt ?? now));
      u.closedOnTime = !(u.lateAt ?? row.lateAt);
      break;
    case 'rate':
      u.rating = e.data.rating as string;
      u.ratedAt = now;
      if (e.to === 'REGISTERED') {
        u.reopenCount = row.reopenCount + 1;
        u.assigneeId = null;
        u.assignedOrgId = null;
        u.coHandlers = [];
        u.deadline = null;
        u.fixedDeadline = null;
        u.closedAt = null;
        u.closedOnTime = null;
      }
      break;
    case 'merge':
      u.mergedInto = e.data.into as string;
      break;
  }
  return u;
}

/** Domain event name of an action (past tense). */
export const EVENT_OF: Record<Entry['action'], CaseTransitionEvent> = {
  submit: 'case.reported', register: 'case.registered', reject: 'case.rejected', self_handle: 'case.self_handled',
  dispatch: 'case.dispatched', sign: 'case.signed', return: 'case.returned', feedback: 'case.feedback_given',
  request_extension: 'case.extension_requested', approve_extension: 'case.extension_approved',
  deny_extension: 'case.extension_denied', suspend: 'case.suspended', resume: 'case.resumed', close: 'case.closed',
  rework: 'case.rework_ordered', rate: 'case.rated', archive: 'case.archived', escalate: 'case.escalated', merge: 'case.merged',
  answer: 'case.answered',
  // never an entry's action: 立案并派遣 appends a register and a dispatch entry, each with its own event
  register_dispatch: 'case.dispatched', co_sign: 'case.co_signed', co_feedback: 'case.co_feedback_given', waive_co_handler: 'case.co_handler_waived',
};
