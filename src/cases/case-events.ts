/**
 * The payload of every `case.*` domain event, defined once. Transitions taken in JavaScript use
 * `casePayload`; the set-based writers (new reports, the clock sweeper) build the same object in SQL
 * with `casePayloadSql`. Both come from one field list, so a field (the resident's `reporterId`, which
 * their live page filters on) cannot be missing from one kind of event.
 */
import type { CaseRow } from './cases.repository.ts';

/** Payload key → case column (and whether it is a timestamp, sent as ISO 8601 UTC). */
const FIELDS: readonly (readonly [key: keyof CaseRow & string, column: string, time?: true])[] = [
  ['no', 'no'], ['title', 'title'], ['categoryCode', 'category_code'], ['severity', 'severity'], ['source', 'source'],
  ['regionCode', 'region_code'], ['villageCode', 'village_code'], ['level', 'level'], ['supervision', 'supervision'],
  ['reporterId', 'reporter_id'], ['assigneeId', 'assignee_id'], ['assignedOrgId', 'assigned_org_id'],
  ['deadline', 'deadline', true], ['reportedAt', 'reported_at', true],
];

export interface CaseTransition {
  from: string | null;
  to: string;
  action: string;
  actorId: string | null;
}

export type CaseEventPayload = Record<string, unknown> & { caseId: string; state: string; reporterId: string | null };

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date).toISOString());

export function casePayload(c: CaseRow, t: CaseTransition): CaseEventPayload {
  const out: Record<string, unknown> = { caseId: c.id };
  for (const [key, , time] of FIELDS) out[key] = time ? iso(c[key]) : (c[key] ?? null);
  return { ...out, state: t.to, from: t.from, action: t.action, actorId: t.actorId } as unknown as CaseEventPayload;
}

/**
 * The same object as a SQL expression over a row alias that has the case's columns. The transition
 * parts are SQL expressions written by the caller (constants or columns, never user input).
 */
export function casePayloadSql(alias: string, t: { from: string; to: string; action: string; actorId: string }): string {
  const time = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const parts = [`'caseId', ${alias}.id`, ...FIELDS.map(([key, column, isTime]) => `'${key}', ${isTime ? time(`${alias}.${column}`) : `${alias}.${column}`}`),
    `'state', ${t.to}`, `'from', ${t.from}`, `'action', ${t.action}`, `'actorId', ${t.actorId}`];
  return `jsonb_build_object(${parts.join(', ')})`;
}
