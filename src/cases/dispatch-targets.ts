/**
 * Whom the command room can send a case to, and whom it most likely should (立案并派遣, issue 12.4).
 * Before this the dispatch dialog listed every organisation in reach — the command room itself
 * included — with no default, and "this grid's worker" had to be found by name.
 *
 * The default follows the one routing rule (routing.ts): a grid worker's category goes to the grid
 * worker of the case's grid (or, without one there, of its village); any other kind to the nearest
 * organisation of that kind covering the case; a question (command_room) is answered, not dispatched.
 * The command room is never a target: it is who dispatches.
 */
import { coveringRegionCodes, staffIn, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { AppError, badRequest, forbidden, notFound } from '../platform/errors.ts';
import type { CaseRow, CategoryRow } from './cases.repository.ts';
import * as repo from './cases.repository.ts';
import type { ActionInput, CasesService } from './cases.service.ts';
import type { UsersService } from '../people/index.ts';

/** What the client adds to the action body to send the case there. */
export type TargetFields = { target: { gridWorkerOf: 'case' } } | { assigneeId: string } | { assignedOrgId: string };

export interface DispatchOption {
  /** Stable key of the option: `grid` (this grid's worker), `user:<id>` or `org:<id>`. */
  key: string;
  kind: 'grid_worker' | 'person' | 'organisation';
  id: string;
  /** The person's or organisation's name. */
  label: string;
  /** The person's role, or the organisation's kind. */
  role: string;
  /** The lead of the category (the default's kind). */
  lead: boolean;
  send: TargetFields;
}

export interface DispatchTargets {
  categoryCode: string | null;
  leadKind: string | null;
  /** Key of the suggested option, null when there is none (see reason). */
  default: string | null;
  /** Why there is no default: CATEGORY_REQUIRED, QUESTION (answer it), NO_GRID_WORKER, NO_LEAD_ORGANISATION. */
  reason: string | null;
  options: DispatchOption[];
}

const COMMAND_ROOM_ROLES = ['operator', 'shift_lead', 'dispatcher'];

/** 422: "this grid's worker" asked for where the grid (and its village) has none. */
export const noGridWorker = (regionCode: string) =>
  new AppError('GRID_HAS_NO_WORKER', 422, 'This grid has no grid worker: choose a person or organisation', { field: 'target', regionCode });

/**
 * An action body naming `target: { gridWorkerOf: 'case' }` with the grid worker's id put in instead
 * (422 GRID_HAS_NO_WORKER without one); other bodies unchanged. A target and an explicit assignee
 * together are a 400: which one was meant?
 */
export async function resolveTarget(users: UsersService, row: CaseRow, input: ActionInput): Promise<ActionInput> {
  if (input.action !== 'dispatch' && input.action !== 'register_dispatch') return input;
  const { target, ...rest } = input as typeof input & { target?: { gridWorkerOf?: string } };
  if (!target) return input;
  if (rest.assigneeId || rest.assignedOrgId) throw badRequest('VALIDATION_FAILED', 'target: give a target or an assignee, not both', { field: 'target' });
  const worker = await users.gridWorkerOf([row.regionCode, row.villageCode]);
  if (!worker) throw noGridWorker(row.regionCode);
  return { ...rest, assigneeId: worker.id } as ActionInput;
}

/** The targets of a case for the command room: the default first, then the category's lead kind, then the rest. */
export async function dispatchTargets(p: Platform, cases: CasesService, users: UsersService, actor: Actor, caseId: string, categoryCode?: string): Promise<DispatchTargets> {
  const row = await repo.findCase(p.db, caseId);
  if (!row || !staffIn(actor, row.regionCode)) throw notFound('CASE_NOT_FOUND', 'No such case');
  const who = cases.whoFor(actor, row);
  if (!COMMAND_ROOM_ROLES.some((r) => who.roles.has(r))) throw forbidden('Only the command room dispatches this case');
  const code = categoryCode ?? row.categoryCode;
  let category: CategoryRow | undefined;
  if (code) {
    category = (await cases.categories(true)).find((c) => c.code === code);
    if (!category) throw badRequest('CATEGORY_UNKNOWN', `Unknown category ${code}`, { field: 'category' });
  }
  const lead = category?.leadKind ?? null;
  const covering = coveringRegionCodes(row.regionCode);
  const [worker, people, orgs] = await Promise.all([
    users.gridWorkerOf([row.regionCode, row.villageCode]),
    // grid workers and handlers whose area covers the case (as the dispatch check wants: users.worksIn)
    p.database.raw<{ id: string; name: string; role: string }>(`
      SELECT DISTINCT ON (u.id) u.id::text AS id, u.display_name AS name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.role IN ('grid_worker', 'handler') AND m.region_code = ANY($1::text[]) AND NOT u.disabled
       ORDER BY u.id, array_position($1::text[], m.region_code::text)`, [covering]),
    // organisations serving the case's area, nearest first; never a command room
    p.database.raw<{ id: string; name: string; kind: string }>(`
      SELECT id::text AS id, name, kind FROM organisations
       WHERE kind <> 'command_room' AND region_code = ANY($1::text[])
       ORDER BY array_position($1::text[], region_code::text), name, id`, [covering]),
  ]);
  const options: DispatchOption[] = [];
  if (worker) options.push({ key: 'grid', kind: 'grid_worker', id: worker.id, label: worker.name, role: 'grid_worker', lead: lead === 'grid_worker', send: { target: { gridWorkerOf: 'case' } } });
  const leadOrgs = orgs.filter((o) => o.kind === lead);
  for (const o of [...leadOrgs, ...orgs.filter((o) => o.kind !== lead)]) {
    options.push({ key: `org:${o.id}`, kind: 'organisation', id: o.id, label: o.name, role: o.kind, lead: o.kind === lead, send: { assignedOrgId: o.id } });
  }
  for (const u of people.sort((a, b) => a.name.localeCompare(b.name, 'zh'))) {
    if (u.id === worker?.id) continue;
    options.push({ key: `user:${u.id}`, kind: 'person', id: u.id, label: u.name, role: u.role, lead: false, send: { assigneeId: u.id } });
  }
  let def: string | null = null;
  let reason: string | null = null;
  if (!category) reason = 'CATEGORY_REQUIRED';
  else if (lead === 'command_room') reason = 'QUESTION';
  else if (lead === 'grid_worker') [def, reason] = worker ? ['grid', null] : [null, 'NO_GRID_WORKER'];
  else [def, reason] = leadOrgs[0] ? [`org:${leadOrgs[0].id}`, null] : [null, 'NO_LEAD_ORGANISATION'];
  return { categoryCode: category?.code ?? null, leadKind: lead, default: def, reason, options };
}
