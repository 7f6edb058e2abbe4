/**
 * The cases module's domain events: their types and payloads, defined once. Every `case.*` event
 * carries `CasePayload` (the case as it is after the transition, plus the transition); the few with
 * more say so below. Transitions taken in JavaScript build it with `casePayload`; the set-based writers
 * (new reports in insertReports, the clock sweeper) build the same object in SQL with
 * `casePayloadSql`. Both come from one field list, which the compiler checks against the interface,
 * so a field (the resident's `reporterId`, which their live page filters on) cannot be missing from
 * one kind of event. test/event-contract.test.ts checks the stored payloads of every path.
 */
import type { CaseRow } from './cases.repository.ts';

/** What every `case.*` event carries. Ids are uuids; times ISO 8601 UTC. */
export interface CasePayload {
  caseId: string;
  no: string;
  title: string;
  categoryCode: string | null;
  severity: string;
  source: string;
  regionCode: string;
  villageCode: string;
  level: string;
  supervision: number;
  reporterId: string | null;
  assigneeId: string | null;
  assignedOrgId: string | null;
  deadline: string | null;
  reportedAt: string | null;
  /** The resident's rating once given (satisfied | basically_satisfied | unsatisfied): the points module pays 满意. */
  rating: string | null;
  /** When it was closed and rated (an award counts from then, even if its event is delivered late). */
  closedAt: string | null;
  ratedAt: string | null;
  /** The state after the transition. */
  state: string;
  from: string | null;
  action: string;
  /** Who acted; null for the system (sweeper, a source). */
  actorId: string | null;
}

/**
 * What a resident's live stream is told of an event on their case (the presenter: followers.ts
 * personalFilter): enough to show "your report 20261129-000042 is being handled" — no staff ids, no
 * notes. Optional: an event of another kind about a followed case carries no number or state.
 */
export type ResidentCaseUpdate = Partial<Pick<CasePayload, 'no' | 'state' | 'action'>> & { caseId: string | null };

/** A case event that carries a note a source wrote (an alarm joining, a condition worsening). */
export type CaseNotePayload = CasePayload & { note: string };

/** Events named by the case machine's actions (case-actions.ts EVENT_OF). */
export type CaseTransitionEvent =
  | 'case.reported' | 'case.registered' | 'case.rejected' | 'case.self_handled' | 'case.dispatched' | 'case.signed'
  | 'case.returned' | 'case.feedback_given' | 'case.extension_requested' | 'case.extension_approved'
  | 'case.extension_denied' | 'case.suspended' | 'case.resumed' | 'case.closed' | 'case.rework_ordered' | 'case.rated'
  | 'case.archived' | 'case.escalated' | 'case.merged' | 'case.answered' | 'case.co_signed' | 'case.co_feedback_given'
  | 'case.co_handler_waived'
  // the sweeper's, and a rating that reopens a case
  | 'case.overdue' | 'case.supervised' | 'case.reopened';

export const CONFIG_CHANGED = 'cases.config_changed';

export type CaseEvents = { [K in CaseTransitionEvent]: CasePayload } & {
  /** A resident joined the case ("me too"): who, and the new count. */
  'case.me_too': CasePayload & { userId: string; reportCount: number };
  'case.noted': CaseNotePayload;
  'case.severity_raised': CaseNotePayload;
  /** Categories, calendar or other case configuration changed: every process reloads. */
  [CONFIG_CHANGED]: { what: string; key: string };
};

/** A case event the transition writers store (type and payload together). */
export interface CaseEventWrite {
  type: CaseTransitionEvent;
  payload: CasePayload;
}

/** Payload key → case column (and whether it is a timestamp, sent as ISO 8601 UTC). */
const FIELDS = [
  ['no', 'no'], ['title', 'title'], ['categoryCode', 'category_code'], ['severity', 'severity'], ['source', 'source'],
  ['regionCode', 'region_code'], ['villageCode', 'village_code'], ['level', 'level'], ['supervision', 'supervision'],
  ['reporterId', 'reporter_id'], ['assigneeId', 'assignee_id'], ['assignedOrgId', 'assigned_org_id'],
  ['deadline', 'deadline', true], ['reportedAt', 'reported_at', true], ['rating', 'rating'], ['closedAt', 'closed_at', true], ['ratedAt', 'rated_at', true],
] as const satisfies readonly (readonly [key: keyof CasePayload & keyof CaseRow, column: string, time?: true])[];

// the compiler's check that the field list covers the interface: a key added to CasePayload without
// a column here (or the reverse) fails typecheck here
type Listed = (typeof FIELDS)[number][0] | 'caseId' | 'state' | 'from' | 'action' | 'actorId';
const _covered: [Exclude<keyof CasePayload, Listed>, Exclude<Listed, keyof CasePayload>] extends [never, never] ? true : never = true;
void _covered;

export interface CaseTransition {
  from: string | null;
  to: string;
  action: string;
  actorId: string | null;
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date).toISOString());

export function casePayload(c: CaseRow, t: CaseTransition): CasePayload {
  const out: Record<string, unknown> = { caseId: c.id };
  for (const [key, , time] of FIELDS as readonly (readonly [keyof CaseRow & string, string, true?])[]) out[key] = time ? iso(c[key]) : (c[key] ?? null);
  return { ...out, state: t.to, from: t.from, action: t.action, actorId: t.actorId } as unknown as CasePayload;
}

/**
 * The same object as a SQL expression over a row alias that has the case's columns. The transition
 * parts are SQL expressions written by the caller (constants or columns, never user input).
 */
export function casePayloadSql(alias: string, t: { from: string; to: string; action: string; actorId: string }): string {
  const time = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const fields = FIELDS as readonly (readonly [string, string, true?])[];
  const parts = [`'caseId', ${alias}.id`, ...fields.map(([key, column, isTime]) => `'${key}', ${isTime ? time(`${alias}.${column}`) : `${alias}.${column}`}`),
    `'state', ${t.to}`, `'from', ${t.from}`, `'action', ${t.action}`, `'actorId', ${t.actorId}`];
  return `jsonb_build_object(${parts.join(', ')})`;
}
