/**
 * The case (事件) state machine — pure, no IO. `decide(state, command, who)` checks that the action is
 * allowed in this state for this actor and returns the timeline entry to append (or a refusal that names
 * the allowed actions); `evolve(state, entry)` applies an entry. The current state of a case is always
 * `timeline.reduce(evolve, initial)`: the timeline is the source of truth, the row a cached fold.
 *
 * States follow GB/T 30428 and 12345-hotline practice (DOMAIN.md §2). FEEDBACK and SELF_HANDLED are
 * recorded as actions; the state that waits after them is VERIFYING. An unhappy rating reopens the case
 * (重办) straight to REGISTERED at its level, counted in reopenCount.
 */

export const STATES = [
  'REPORTED', 'PENDING_ACCEPT', 'REJECTED', 'REGISTERED', 'DISPATCHED', 'PROCESSING',
  'EXTENSION_REQUESTED', 'SUSPENDED', 'VERIFYING', 'CLOSED', 'RATED', 'ARCHIVED', 'MERGED',
] as const;
export type CaseStateName = (typeof STATES)[number];

export const LEVELS = ['village', 'township', 'district', 'city'] as const;
export type CaseLevel = (typeof LEVELS)[number];

export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

export const OPEN_STATES: readonly CaseStateName[] = ['REPORTED', 'PENDING_ACCEPT', 'REGISTERED', 'DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED', 'SUSPENDED', 'VERIFYING'];
export const FINAL_STATES: readonly CaseStateName[] = ['REJECTED', 'ARCHIVED', 'MERGED'];

/**
 * Joint handling (联办): besides the lead (assignee or organisation) a dispatch may name co-handlers.
 * Each signs and feeds back on its own; the command room may waive one that is not needed after all.
 * The case goes to VERIFYING when the lead's feedback is in and every co-handler is done or waived.
 */
export const CO_STATUSES = ['pending', 'signed', 'done', 'waived'] as const;
export type CoStatus = (typeof CO_STATUSES)[number];
export interface CoHandler {
  orgId: string | null;
  userId: string | null;
  status: CoStatus;
}
export const coSettled = (h: CoHandler) => h.status === 'done' || h.status === 'waived';

/** What the machine needs to know about a case. */
export interface CaseState {
  state: CaseStateName;
  level: CaseLevel;
  assigneeId: string | null;
  assignedOrgId: string | null;
  reporterId: string | null;
  reworkCount: number;
  reopenCount: number;
  extensionCount: number;
  rating: Rating | null;
  mergedInto: string | null;
  coHandlers: CoHandler[];
  /** The lead has fed back while co-handlers are still at work (the case waits in PROCESSING). */
  leadDone: boolean;
}

export const INITIAL: CaseState = {
  state: 'REPORTED', level: 'village', assigneeId: null, assignedOrgId: null, reporterId: null,
  reworkCount: 0, reopenCount: 0, extensionCount: 0, rating: null, mergedInto: null, coHandlers: [], leadDone: false,
};

export type Command =
  | { action: 'submit' }
  | { action: 'register'; level?: CaseLevel }
  | { action: 'reject'; reason: string }
  | { action: 'self_handle'; note: string; media: string[] }
  | { action: 'dispatch'; assigneeId?: string | null; assignedOrgId?: string | null; coHandlers?: { orgId?: string | null; userId?: string | null }[] }
  /** 立案并派遣: register and dispatch in one step (two timeline entries, see decideSteps). */
  | { action: 'register_dispatch'; assigneeId?: string | null; assignedOrgId?: string | null; coHandlers?: { orgId?: string | null; userId?: string | null }[] }
  | { action: 'sign' }
  | { action: 'answer'; note: string }
  | { action: 'co_sign' }
  | { action: 'co_feedback'; note: string; media?: string[] }
  | { action: 'waive_co_handler'; target: string; reason: string }
  | { action: 'return'; reason: string }
  | { action: 'feedback'; note: string; media: string[] }
  | { action: 'request_extension'; reason: string }
  | { action: 'approve_extension' }
  | { action: 'deny_extension'; reason: string }
  | { action: 'suspend'; reason: string }
  | { action: 'resume' }
  | { action: 'close'; note?: string }
  | { action: 'rework'; reason: string }
  | { action: 'rate'; rating: Rating; comment?: string }
  | { action: 'archive' }
  | { action: 'escalate'; reason: string }
  | { action: 'merge'; into: string };

export type ActionName = Command['action'];
export const ACTIONS: ActionName[] = [
  'submit', 'register', 'reject', 'self_handle', 'dispatch', 'sign', 'return', 'feedback', 'request_extension',
  'approve_extension', 'deny_extension', 'suspend', 'resume', 'close', 'rework', 'rate', 'archive', 'escalate', 'merge',
  'co_sign', 'co_feedback', 'waive_co_handler', 'answer', 'register_dispatch',
];

/** Who is acting, as far as the machine is concerned (the service fills it from roles and scopes). */
export interface Who {
  id: string;
  /** Roles the actor holds in a scope that covers the case's region (and, for levels, the case's level). */
  roles: Set<string>;
  /** Organisations the actor belongs to (for handlers of an organisation). */
  orgIds: Set<string>;
  system?: boolean;
}

/** One appended timeline entry. */
export interface Entry {
  action: ActionName;
  from: CaseStateName;
  to: CaseStateName;
  level: CaseLevel;
  actorId: string | null;
  data: Record<string, unknown>;
}

export class Refusal extends Error {
  constructor(
    readonly kind: 'not_allowed_in_state' | 'forbidden' | 'invalid',
    message: string,
    readonly allowed: ActionName[],
  ) {
    super(message);
  }
}

const COMMAND_ROOM = ['operator', 'shift_lead', 'dispatcher'];
const LEADS = ['shift_lead'];

/** Co-handlers' actions keep the state, except the last one after the lead's feedback (→ VERIFYING: see decide). */
const JOINT = (s: CaseStateName): Partial<Record<ActionName, CaseStateName>> => ({ co_sign: s, co_feedback: s, waive_co_handler: s });

/** Actions possible in each state (before asking who may do them); feedback waits in PROCESSING while co-handlers work. */
export const TRANSITIONS: Record<CaseStateName, Partial<Record<ActionName, CaseStateName>>> = {
  REPORTED: { submit: 'PENDING_ACCEPT' },
  PENDING_ACCEPT: { register: 'REGISTERED', register_dispatch: 'DISPATCHED', reject: 'REJECTED', self_handle: 'VERIFYING', merge: 'MERGED', answer: 'CLOSED' },
  REGISTERED: { dispatch: 'DISPATCHED', escalate: 'REGISTERED', merge: 'MERGED', reject: 'REJECTED', answer: 'CLOSED' },
  DISPATCHED: { sign: 'PROCESSING', return: 'REGISTERED', escalate: 'REGISTERED', ...JOINT('DISPATCHED') },
  PROCESSING: { feedback: 'VERIFYING', request_extension: 'EXTENSION_REQUESTED', suspend: 'SUSPENDED', escalate: 'REGISTERED', ...JOINT('PROCESSING') },
  EXTENSION_REQUESTED: { approve_extension: 'PROCESSING', deny_extension: 'PROCESSING', feedback: 'VERIFYING', ...JOINT('EXTENSION_REQUESTED') },
  SUSPENDED: { resume: 'PROCESSING' },
  VERIFYING: { close: 'CLOSED', rework: 'PROCESSING' },
  CLOSED: { rate: 'RATED', archive: 'ARCHIVED' },
  RATED: { archive: 'ARCHIVED' },
  ARCHIVED: {},
  REJECTED: {},
  MERGED: {},
};

const isHandler = (s: CaseState, who: Who) =>
  (s.assigneeId !== null && s.assigneeId === who.id) || (s.assignedOrgId !== null && who.orgIds.has(s.assignedOrgId));

const isCoHandler = (h: CoHandler, who: Who) => (h.userId !== null && h.userId === who.id) || (h.orgId !== null && who.orgIds.has(h.orgId));
/** The co-handler entry this actor acts for in the given status (-1: none). */
const coIndex = (s: CaseState, who: Who, status: CoStatus) => s.coHandlers.findIndex((h) => h.status === status && isCoHandler(h, who));
const coTarget = (s: CaseState, target: string) => s.coHandlers.findIndex((h) => !coSettled(h) && (h.orgId === target || h.userId === target));

/** May `who` perform `action` on a case in state `s`? (The state has already been checked.) */
function permitted(action: ActionName, s: CaseState, who: Who): boolean {
  // the system routes what devices report (an alarm's case is registered and dispatched automatically),
  // and closes a camera's case when the handler's photo is in and the camera no longer sees the problem
  if (who.system) return ['submit', 'escalate', 'archive', 'register', 'dispatch', 'close'].includes(action);
  const any = (roles: string[]) => roles.some((r) => who.roles.has(r));
  switch (action) {
    case 'submit': return false;
    case 'register': case 'reject': case 'merge': case 'register_dispatch': return any(['operator', 'shift_lead']);
    case 'self_handle': return any(['grid_worker']);
    case 'dispatch': case 'answer': return any(COMMAND_ROOM);
    case 'sign': case 'return': return isHandler(s, who);
    case 'feedback': case 'request_extension': return isHandler(s, who) && !s.leadDone;
    case 'co_sign': return coIndex(s, who, 'pending') >= 0;
    case 'co_feedback': return coIndex(s, who, 'signed') >= 0;
    case 'waive_co_handler': return any(COMMAND_ROOM) && s.coHandlers.some((h) => !coSettled(h));
    case 'approve_extension': case 'deny_extension': case 'suspend': case 'resume': return any(LEADS);
    case 'close': case 'rework': return any(['operator', 'shift_lead']);
    case 'rate': return s.reporterId !== null && s.reporterId === who.id;
    case 'archive': return any(LEADS);
    case 'escalate': return any(COMMAND_ROOM) || (s.state !== 'REGISTERED' && isHandler(s, who));
  }
}

function validate(cmd: Command, s: CaseState): string | null {
  const text = (v: unknown, field: string, min = 2) => (typeof v === 'string' && v.trim().length >= min ? null : `${field} is required`);
  switch (cmd.action) {
    case 'reject': case 'return': case 'deny_extension': case 'suspend': case 'rework': case 'request_extension':
      return text(cmd.reason, 'reason');
    case 'waive_co_handler':
      return text(cmd.reason, 'reason') ?? (coTarget(s, cmd.target) < 0 ? 'target: not a co-handler still at work' : null);
    case 'co_feedback': case 'answer':
      return text(cmd.note, 'note');
    case 'escalate':
      return s.level === 'city' ? 'the case is already at the city level' : text(cmd.reason, 'reason');
    case 'self_handle': case 'feedback':
      return text(cmd.note, 'note') ?? (cmd.media.length === 0 ? 'media: at least one photo is required' : null);
    case 'dispatch': {
      if (!cmd.assigneeId && !cmd.assignedOrgId) return 'assigneeId or assignedOrgId is required';
      const keys = (cmd.coHandlers ?? []).map((h) => h.orgId ?? h.userId);
      if (keys.some((k) => !k)) return 'coHandlers: each needs orgId or userId';
      if (new Set(keys).size !== keys.length || keys.includes(cmd.assigneeId ?? undefined) || keys.includes(cmd.assignedOrgId ?? undefined)) {
        return 'coHandlers: each co-handler once, and not the lead';
      }
      return null;
    }
    case 'merge':
      return cmd.into ? null : 'into is required';
    default:
      return null;
  }
}

/** The actions this actor may take now (for the UI and for refusals). */
export function allowedActions(s: CaseState, who: Who): ActionName[] {
  return (Object.keys(TRANSITIONS[s.state]) as ActionName[]).filter((a) => permitted(a, s, who));
}

export function decide(s: CaseState, cmd: Command, who: Who): Entry {
  if (cmd.action === 'register_dispatch') throw new Error('register_dispatch appends two entries: decide it with decideSteps');
  const to = TRANSITIONS[s.state][cmd.action];
  const allowed = allowedActions(s, who);
  if (!to) throw new Refusal('not_allowed_in_state', `"${cmd.action}" is not possible in state ${s.state}`, allowed);
  if (!permitted(cmd.action, s, who)) throw new Refusal('forbidden', `You may not "${cmd.action}" this case`, allowed);
  const problem = validate(cmd, s);
  if (problem) throw new Refusal('invalid', problem, allowed);
  const { action, ...rest } = cmd;
  const data: Record<string, unknown> = rest;
  let level = s.level;
  if (action === 'escalate') level = LEVELS[LEVELS.indexOf(s.level) + 1];
  if (action === 'register' && cmd.level) level = cmd.level;
  let target = to;
  // an unhappy rating reopens the case for 重办
  if (cmd.action === 'rate' && cmd.rating === 'unsatisfied') target = 'REGISTERED';
  // joint handling: the lead's feedback waits for co-handlers still at work; the last of them completes it
  if (cmd.action === 'feedback' && s.coHandlers.some((h) => !coSettled(h))) target = 'PROCESSING';
  if (cmd.action === 'co_sign' || cmd.action === 'co_feedback' || cmd.action === 'waive_co_handler') {
    const i = cmd.action === 'waive_co_handler' ? coTarget(s, cmd.target) : coIndex(s, who, cmd.action === 'co_sign' ? 'pending' : 'signed');
    data.handler = i;
    if (cmd.action !== 'co_sign' && s.leadDone && s.coHandlers.every((h, j) => j === i || coSettled(h))) target = 'VERIFYING';
  }
  return { action, from: s.state, to: target, level, actorId: who.system ? null : who.id, data };
}

/**
 * The entries one command appends: one, except 立案并派遣 (register_dispatch), which is the command
 * room's register followed by its dispatch — decided one after the other on the evolving state, so
 * each is checked exactly as if sent alone, and refused as a whole if either would be.
 */
export function decideSteps(s: CaseState, cmd: Command, who: Who): Entry[] {
  if (cmd.action !== 'register_dispatch') return [decide(s, cmd, who)];
  const allowed = allowedActions(s, who);
  if (!TRANSITIONS[s.state].register_dispatch) throw new Refusal('not_allowed_in_state', `"register_dispatch" is not possible in state ${s.state}`, allowed);
  if (!permitted('register_dispatch', s, who)) throw new Refusal('forbidden', 'You may not "register_dispatch" this case', allowed);
  // the dispatch's own fields go to its entry; the rest (the service's category, severity, deadline) to the register entry
  const { action: _a, assigneeId, assignedOrgId, coHandlers, ...registerFields } = cmd;
  const dispatch: Command = { action: 'dispatch', ...(assigneeId ? { assigneeId } : {}), ...(assignedOrgId ? { assignedOrgId } : {}), ...(coHandlers ? { coHandlers } : {}) };
  const problem = validate(dispatch, s);
  if (problem) throw new Refusal('invalid', problem, allowed);
  const registered = decide(s, { ...registerFields, action: 'register' }, who);
  return [registered, decide(evolve(s, registered), dispatch, who)];
}

/** The co-handler list after a co-handler action (index in data.handler). */
export function coHandlersAfter(list: CoHandler[], action: ActionName, index: number): CoHandler[] {
  const status: CoStatus = action === 'co_sign' ? 'signed' : action === 'co_feedback' ? 'done' : 'waived';
  return list.map((h, i) => (i === index ? { ...h, status } : h));
}

export function evolve(s: CaseState, e: Entry): CaseState {
  const n: CaseState = { ...s, state: e.to, level: e.level };
  const d = e.data as Record<string, unknown>;
  if (e.to === 'VERIFYING') n.leadDone = false;
  switch (e.action) {
    case 'dispatch':
      n.assigneeId = (d.assigneeId as string | null | undefined) ?? null;
      n.assignedOrgId = (d.assignedOrgId as string | null | undefined) ?? null;
      n.coHandlers = ((d.coHandlers as { orgId?: string | null; userId?: string | null }[] | undefined) ?? [])
        .map((h) => ({ orgId: h.orgId ?? null, userId: h.userId ?? null, status: 'pending' as const }));
      n.leadDone = false;
      break;
    case 'feedback':
      n.leadDone = e.to === 'PROCESSING';
      break;
    case 'co_sign': case 'co_feedback': case 'waive_co_handler':
      n.coHandlers = coHandlersAfter(s.coHandlers, e.action, d.handler as number);
      break;
    case 'return':
    case 'escalate':
      n.assigneeId = null;
      n.assignedOrgId = null;
      n.coHandlers = [];
      n.leadDone = false;
      break;
    case 'rework':
      n.reworkCount = s.reworkCount + 1;
      break;
    case 'approve_extension':
      n.extensionCount = s.extensionCount + 1;
      break;
    case 'rate':
      n.rating = d.rating as Rating;
      if (d.rating === 'unsatisfied') {
        n.reopenCount = s.reopenCount + 1;
        n.assigneeId = null;
        n.assignedOrgId = null;
        n.coHandlers = [];
      }
      break;
    case 'merge':
      n.mergedInto = d.into as string;
      break;
  }
  return n;
}

export function replay(entries: Entry[], start: CaseState = INITIAL): CaseState {
  return entries.reduce(evolve, start);
}
