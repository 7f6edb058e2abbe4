/**
 * The case workflow: report, act (every transition through the pure machine), read within scope.
 * Each transition runs in one transaction: lock the row (FOR UPDATE: concurrent actions on one case
 * serialise, exactly one wins), decide, update, append the timeline row, emit the domain event.
 */
import { assertCan, staffIn, staffScopes, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { badRequest, conflict, forbidden, isUniqueViolation, notFound } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import { Lru } from '../platform/lru.ts';
import type { UsersService } from '../people/index.ts';
import type { Crs, RegionsService } from '../regions/index.ts';
import { BusinessCalendar } from './calendar.ts';
import { effectsOf, EVENT_OF, limitOf } from './case-actions.ts';
import { casePayload, type CaseEventWrite } from './case.events.ts';
import {
  allowedActions, decideSteps, LEVELS, Refusal, type ActionName, type CaseLevel, type Command, type Who,
} from './case-machine.ts';
import * as repo from './cases.repository.ts';
import { CasesAdmin, CONFIG_CHANGED } from './admin.ts';
import { CaseQueries } from './cases.queries.ts';
import { meToo, nearbyOpenCases, type NearbyCase } from './followers.ts';
import { presentCase, presentTimeline, type CaseReader } from './case-views.ts';
import type { CaseDetail, CaseView, Category } from './cases.contract.ts';
import { GroupCommit } from '../platform/group-commit.ts';
import { absorbInto, checkActionTargets } from './action-targets.ts';
import { applySteps } from './apply-steps.ts';
import { machineStateOf } from './case-state.ts';
import { dispatchTargets, resolveTarget } from './dispatch-targets.ts';
import { CaseRouting } from './routing.ts';
import { PUBLIC_SOURCES, SOURCES, STAFF_SOURCES, type CaseSource } from './sources.ts';

export { PUBLIC_SOURCES, SOURCES, STAFF_SOURCES, type CaseSource };

export interface ReportInput {
  title: string;
  description?: string;
  categoryCode?: string | null;
  severity?: 'normal' | 'urgent';
  lon: number;
  lat: number;
  crs?: Crs;
  source: CaseSource;
  media?: string[];
  clientKey?: string | null;
}

/** An action request from the API: the machine's command plus service-level fields. */
export type ActionInput = Command & { categoryCode?: string; severity?: 'normal' | 'urgent'; deadline?: string; until?: string };

const COMMAND_ROOM = new Set(['operator', 'shift_lead', 'dispatcher']);
/** The highest case level a membership of this scope length may act on. */
const LEVEL_OF_SCOPE = (scope: string): number => (scope.length >= 12 ? 0 : scope.length >= 9 ? 1 : scope.length >= 6 ? 2 : 3);

const caseNotFound = () => notFound('CASE_NOT_FOUND', 'No such case');

export class CasesService {
  private calendar = new BusinessCalendar();

  constructor(
    private p: Platform,
    private regions: RegionsService,
    private users: UsersService,
  ) {
    const reload = async () => {
      await this.loadCategories();
      await this.loadCalendar();
    };
    this.admin = new CasesAdmin(p, reload);
    this.queries = new CaseQueries(p);
    this.routing = new CaseRouting(users, () => this.categories(true));
    this.batcher = new GroupCommit((batch) => repo.insertReports(p.database, batch), { parallel: 2, maxWeight: 64, retrySingly: true });
    // edits made through another server process
    p.events.subscribeEverywhere(CONFIG_CHANGED, reload);
  }

  /** Categories, time limits and calendar overrides, edited by administrators. */
  readonly admin: CasesAdmin;
  /** Where a case goes by its category (the one routing rule; routing.ts). */
  readonly routing: CaseRouting;

  /** Reload administrator calendar overrides (call after changing them). */
  async loadCalendar(): Promise<void> {
    this.calendar = new BusinessCalendar(undefined, await repo.loadOverrides(this.p.db));
  }

  get businessCalendar(): BusinessCalendar {
    return this.calendar;
  }

  /** Active categories; with includeInactive (administrators) the retired ones too. */
  categories(includeInactive = false): Promise<Category[]> {
    return repo.listCategories(this.p.db, includeInactive);
  }

  /** The machine's view of who is acting on this case. */
  whoFor(actor: Actor, c: repo.CaseRow): Who {
    const roles = new Set<string>();
    const orgIds = new Set<string>();
    for (const m of actor.memberships) {
      if (!c.regionCode.startsWith(m.scope)) continue;
      if (m.organisationId) orgIds.add(m.organisationId);
      // a command room acts on cases up to its own level; above it, the case belongs to the next level
      if (COMMAND_ROOM.has(m.role) && LEVEL_OF_SCOPE(m.scope) < LEVELS.indexOf(c.level as CaseLevel)) continue;
      roles.add(m.role);
    }
    return { id: actor.id, roles, orgIds };
  }

  /** Can the actor see this case at all? Staff with cases.read in scope, or its reporter. */
  private visible(actor: Actor, c: repo.CaseRow): boolean {
    return c.reporterId === actor.id || staffIn(actor, c.regionCode);
  }

  /**
   * Take a report: validate, place it, store the case with its timeline and event. `inTx` lets a
   * channel (Open311) store its own record of the report in the same transaction.
   */
  async report(actor: Actor | null, input: ReportInput, opts: { companion?: repo.Companion; at?: Date } = {}): Promise<repo.CaseRow> {
    const title = input.title?.trim();
    if (!title) throw badRequest('VALIDATION_FAILED', 'title is required', { field: 'title' });
    let category: repo.CategoryRow | undefined;
    if (input.categoryCode) {
      category = await this.category(input.categoryCode);
      if (!category) throw badRequest('CATEGORY_UNKNOWN', `Unknown category ${input.categoryCode}`, { field: 'categoryCode' });
      if (!category.sources.includes(input.source)) {
        throw badRequest('CATEGORY_SOURCE_NOT_ALLOWED', `Category ${category.code} cannot be raised by ${input.source}`, { field: 'source' });
      }
    }
    if (input.media?.length) await this.checkMedia(input.media);
    if (actor && input.clientKey) {
      const existing = await repo.findByClientKey(this.p.db, actor.id, input.clientKey);
      if (existing) return existing; // a retried submission
    }
    const placed = await this.regions.locate(input.lon, input.lat, input.crs ?? 'wgs84'); // 422 outside every grid
    try {
      // one statement: the case, its timeline rows, its event (and a channel's companion row)
      const values: repo.NewReport = {
        title, description: input.description ?? '', categoryCode: category?.code ?? null, severity: input.severity ?? 'normal',
        source: input.source, regionCode: placed.gridCode ?? placed.villageCode!, villageCode: placed.villageCode!, lon: placed.lon, lat: placed.lat,
        reporterId: actor?.id ?? null, media: input.media ?? [], clientKey: input.clientKey ?? null,
      };
      // reports arriving together share one statement (group commit); a channel's companion row goes alone
      // `at`: history written after the fact (the demo's year), reported then; alone, as a companion goes
      const row = opts.companion || opts.at ? (await repo.insertReports(this.p.database, [values], opts.companion, opts.at))[0] : await this.batcher.add(values);
      this.p.events.kick();
      this.rows.set(row.id, row);
      this.p.log.info({ caseId: row.id, no: row.no, actorId: actor?.id }, 'case reported');
      return row;
    } catch (err) {
      if (isUniqueViolation(err) && actor && input.clientKey) return (await repo.findByClientKey(this.p.db, actor.id, input.clientKey))!;
      throw err;
    }
  }

  /**
   * Apply one action. Throws 404 (not visible), 409 (not in this state), 403 (not yours), 400 (bad input).
   * Optimistic: read, decide, then write in one statement guarded by the row's version. When another
   * transition won the race, read again and decide again — the loser of two concurrent signatures then
   * gets 409 because the case is no longer waiting for one.
   */
  async act(actor: Actor | null, caseId: string, input: ActionInput, opts: { system?: boolean; at?: Date } = {}): Promise<repo.CaseRow> {
    const prepared = await this.prepare(input);
    let checked = false;
    for (let attempt = 0; ; attempt++) {
      // the row this process last wrote or read, if any: a stale one loses at the version guard (or is
      // re-read before a refusal), so a busy case costs one statement per transition
      const cached = attempt === 0 ? this.rows.get(caseId) : undefined;
      const row = cached ?? (await this.fetch(caseId));
      if (!row || (actor && !this.visible(actor, row))) {
        if (cached) continue; // never refuse on a cached row: decide again on a fresh one
        throw caseNotFound();
      }
      const who: Who = opts.system || !actor ? { id: 'system', roles: new Set(), orgIds: new Set(), system: true } : this.whoFor(actor, row);
      // "this grid's worker" (target: { gridWorkerOf: 'case' }) becomes her id; 422 when the grid has none
      const cmd = await resolveTarget(this.users, row, input);
      let steps;
      try {
        // one entry per action, two for 立案并派遣 (register_dispatch: register, then dispatch)
        steps = decideSteps(machineStateOf(row), cmd as Command, who);
      } catch (err) {
        if (!(err instanceof Refusal)) throw err;
        if (cached) continue;
        const details = { allowed: this.withoutAnswer(row, err.allowed), state: row.state };
        if (err.kind === 'not_allowed_in_state') throw conflict('TRANSITION_NOT_ALLOWED', err.message, details);
        if (err.kind === 'forbidden') throw forbidden(err.message, details);
        throw badRequest('VALIDATION_FAILED', err.message, { ...details, field: /^(\w+)/.exec(err.message)?.[1] });
      }
      if (!checked) {
        await checkActionTargets(this.p.db, this.users, row, cmd);
        checked = true;
      }
      const category = await this.category((prepared.categoryCode as string | undefined) ?? row.categoryCode);
      if ((input.action === 'register' || input.action === 'register_dispatch') && !category) throw badRequest('CATEGORY_REQUIRED', 'Registering a case needs its category', { field: 'categoryCode' });
      // the short path (answer → closed) is for questions, which the command room handles itself
      if (input.action === 'answer' && category?.leadKind !== 'command_room') throw badRequest('NOT_A_QUESTION', 'Only questions (咨询) are answered directly; dispatch other cases', { field: 'action' });
      // `at`: history written after the fact (the demo's year); the clocks run from then, not now
      const now = opts.at ?? new Date();
      let after = row;
      const writes: repo.TransitionWrite[] = [];
      for (const entry of steps) {
        const update = effectsOf(after, entry, now, { category, calendar: this.calendar, input: prepared });
        after = { ...after, ...update } as repo.CaseRow;
        const t = { from: entry.from, to: entry.to, action: entry.action, actorId: entry.actorId };
        const events: CaseEventWrite[] = [{ type: EVENT_OF[entry.action], payload: casePayload(after, t) }];
        if (entry.action === 'rate' && entry.to === 'REGISTERED') events.push({ type: 'case.reopened', payload: casePayload(after, { ...t, from: 'CLOSED' }) });
        const note = (input as { reason?: string }).reason ?? (input as { note?: string }).note ?? (input as { comment?: string }).comment ?? null;
        writes.push({
          id: row.id, version: row.version, set: update, regionCode: row.regionCode, events, at: opts.at,
          timeline: { actorId: entry.actorId, action: entry.action, fromState: entry.from, toState: entry.to, level: entry.level, note, media: (input as { media?: string[] }).media ?? [], data: entry.data },
        });
      }
      const [write] = writes;
      let applied: boolean;
      if (input.action === 'merge') {
        this.rows.delete(row.id);
        this.rows.delete(input.into);
        // the only transition that touches two cases: one transaction
        applied = await this.p.tx(async (tx: Db) => {
          const locked = await repo.findCase(tx, row.id, true);
          if (!locked || locked.version !== row.version) return false; // changed meanwhile: decide again
          await absorbInto(tx, row, input.into);
          await repo.updateCase(tx, row.id, write.set);
          await repo.appendTimeline(tx, { caseId: row.id, ...write.timeline });
          for (const e of write.events) await emitEvent(tx, e.type, e.payload, { regionCode: row.regionCode, aggregateId: row.id });
          return true;
        });
      } else if (writes.length > 1) {
        applied = await applySteps(this.p, writes);
        this.p.events.kick();
      } else {
        applied = await repo.applyTransition(this.p.database, write);
        this.p.events.kick();
      }
      if (applied) {
        this.p.log.info({ caseId, action: input.action, actorId: actor?.id ?? 'system', state: after.state }, 'case transition');
        const written = { ...after, version: row.version + 1, updatedAt: opts.at ?? new Date() };
        if (input.action !== 'merge') this.rows.set(caseId, written);
        return written;
      }
      if (cached) continue; // the cached row was stale: read and decide again
      if (attempt >= 5) throw conflict('CASE_BUSY', 'The case is changing too fast; try again', {});
    }
  }

  private knownMedia = new Lru<string, true>(50_000);
  /** Reports arriving together share one statement (a failed batch is retried report by report). */
  private batcher: GroupCommit<repo.NewReport, repo.CaseRow>;

  /** Recently written or read case rows (see act). */
  private rows = new Lru<string, repo.CaseRow>(20_000);

  private async fetch(id: string): Promise<repo.CaseRow | undefined> {
    const row = await repo.findCaseFast(this.p.database, id);
    if (row) this.rows.set(id, row);
    return row;
  }

  /** Categories are read on every transition: kept in memory, reloaded by loadCategories(). */
  private categoryCache = new Map<string, repo.CategoryRow>();

  async loadCategories(): Promise<void> {
    this.categoryCache = new Map((await repo.listCategories(this.p.db)).map((c) => [c.code, c]));
  }

  private async category(code: string | null | undefined): Promise<repo.CategoryRow | undefined> {
    if (!code) return undefined;
    if (!this.categoryCache.has(code)) await this.loadCategories();
    return this.categoryCache.get(code);
  }

  /** Validate and convert service-level fields before taking the lock. */
  private async prepare(input: ActionInput): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = { ...input };
    if (input.categoryCode && !(await this.category(input.categoryCode))) {
      throw badRequest('CATEGORY_UNKNOWN', `Unknown category ${input.categoryCode}`, { field: 'categoryCode' });
    }
    for (const field of ['deadline', 'until'] as const) {
      const v = input[field];
      if (v === undefined) continue;
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw badRequest('VALIDATION_FAILED', `${field} is not a date`, { field });
      if (d.getTime() <= Date.now()) throw badRequest('DEADLINE_IN_PAST', `${field} must be in the future`, { field });
      out[field] = d;
    }
    if (input.action === 'request_extension' && !input.until) throw badRequest('VALIDATION_FAILED', 'until is required', { field: 'until' });
    const media = (input as { media?: string[] }).media;
    if (media?.length) {
      await this.checkMedia(media);
    }
    return out;
  }

  /** Every photo was uploaded (stored media never change: ids seen once are remembered). */
  private async checkMedia(media: string[]): Promise<void> {
    const unknown = media.filter((id) => !this.knownMedia.get(id));
    if (unknown.length === 0) return;
    const found = await this.p.media.existing(this.p.db, unknown);
    for (const id of found) this.knownMedia.set(id, true);
    const missing = unknown.find((id) => !found.has(id));
    if (missing) throw badRequest('MEDIA_NOT_FOUND', `Photo ${missing} was not uploaded`, { field: 'media' });
  }

  /** `answer` is offered for questions only (the machine does not know categories). */
  private withoutAnswer(row: repo.CaseRow, actions: ActionName[]): ActionName[] {
    const question = row.categoryCode ? this.categoryCache.get(row.categoryCode)?.leadKind === 'command_room' : false;
    return question ? actions : actions.filter((a) => a !== 'answer');
  }

  /** Which view of the case this reader gets: staff in scope all of it, its reporter theirs, a follower the public one. */
  viewOf(actor: Actor, row: repo.CaseRow): CaseReader {
    return staffIn(actor, row.regionCode) ? 'staff' : row.reporterId === actor.id ? 'reporter' : 'public';
  }

  /** A case row as the actor may see it (what act and list answer). */
  present(actor: Actor, row: repo.CaseRow): CaseView {
    return presentCase(row, this.viewOf(actor, row));
  }

  async get(actor: Actor, id: string): Promise<CaseDetail> {
    const row = await repo.findCase(this.p.db, id);
    if (!row || !(this.visible(actor, row) || (await repo.isFollower(this.p.db, id, actor.id)))) throw caseNotFound();
    const view = this.viewOf(actor, row);
    const timeline = presentTimeline(await repo.timelineOf(this.p.db, id), view, actor.id);
    // names of the lead, co-handlers and the people on the timeline, for staff only (residents never see staff members' names)
    const ids = [row.assigneeId, row.assignedOrgId, ...row.coHandlers.flatMap((h) => [h.orgId, h.userId]), ...timeline.map((t) => t.actorId)].filter((x): x is string => !!x);
    const names = view === 'staff' ? await this.users.namesOf(ids) : {};
    const actions = view === 'public' ? [] : this.withoutAnswer(row, allowedActions(machineStateOf(row), this.whoFor(actor, row)));
    return { ...presentCase(row, view), view, allowedActions: actions, timeline, names };
  }

  async list(actor: Actor, f: Omit<repo.CaseFilter, 'scopes' | 'reporterId' | 'assignedTo'> & { mine?: boolean }): Promise<CaseView[]> {
    const scopes = staffScopes(actor);
    const assignedTo = f.mine ? { userId: actor.id, orgIds: actor.memberships.map((m) => m.organisationId).filter((o): o is string => !!o) } : undefined;
    // a person's own reports and the ones they follow come in the same list: each as they may see it
    return (await repo.listCases(this.p.db, { ...f, scopes, reporterId: actor.id, assignedTo })).map((row) => this.present(actor, row));
  }

  /** Whom the command room may send the case to, the suggested one first (see dispatch-targets.ts). */
  dispatchTargets(actor: Actor, caseId: string, categoryCode?: string) {
    return dispatchTargets(this.p, this, this.users, actor, caseId, categoryCode);
  }

  /** The read side that needs no case state (counts, KPIs, labels, the public timeline): cases.queries.ts. */
  readonly queries: CaseQueries;
  summary: CaseQueries['summary'] = (actor, regionCode) => this.queries.summary(actor, regionCode);
  kpis: CaseQueries['kpis'] = (actor, q) => this.queries.kpis(actor, q);
  labelsOf: CaseQueries['labelsOf'] = (ids) => this.queries.labelsOf(ids);
  followedIds: CaseQueries['followedIds'] = (userId) => this.queries.followedIds(userId);
  reportedBy: CaseQueries['reportedBy'] = (ids, scope, limit) => this.queries.reportedBy(ids, scope, limit);
  publicTimeline: CaseQueries['publicTimeline'] = (caseId) => this.queries.publicTimeline(caseId);

  /**
   * Cases of the given categories that may be published (Open311): only from channels that allow it,
   * never questions (咨询, answered by the command room). The caller masks their free text.
   */
  async listPublic(f: Omit<repo.PublicFilter, 'sources'>) {
    if (this.categoryCache.size === 0) await this.loadCategories();
    const publishable = f.categoryCodes.filter((code) => this.categoryCache.get(code)?.leadKind !== 'command_room');
    if (publishable.length === 0) return [];
    return repo.listPublic(this.p.db, { ...f, categoryCodes: publishable, sources: PUBLIC_SOURCES });
  }

  /** Open cases of the category near a point, offered as possible duplicates while reporting. */
  async nearby(actor: Actor, q: { lon: number; lat: number; crs?: Crs; categoryCode: string }): Promise<NearbyCase[]> {
    assertCan(actor, 'cases.report');
    const category = await this.category(q.categoryCode);
    if (!category) throw badRequest('CATEGORY_UNKNOWN', `Unknown category ${q.categoryCode}`, { field: 'category' });
    return nearbyOpenCases(this.p, category, q.lon, q.lat, q.crs);
  }

  /**
   * "Me too": join an open case instead of reporting it again — only from where the problem is (the
   * position of the report in progress, within the category's duplicate radius) and for its category.
   */
  async meToo(actor: Actor, caseId: string, at: { lon: number; lat: number; crs?: Crs; categoryCode: string }) {
    assertCan(actor, 'cases.report');
    const category = await this.category(at.categoryCode);
    if (!category) throw badRequest('CATEGORY_UNKNOWN', `Unknown category ${at.categoryCode}`, { field: 'categoryCode' });
    const r = await meToo(this.p, actor, caseId, { ...at, category });
    this.rows.delete(caseId);
    return r;
  }

  /** When the case can be expected to be handled: its deadline, or the category's time limit from the report. */
  expectedBy(row: repo.CaseRow): Date | null {
    if (row.deadline) return row.deadline;
    const category = row.categoryCode ? this.categoryCache.get(row.categoryCode) : undefined;
    return category ? this.calendar.deadline(new Date(row.registeredAt ?? row.reportedAt), limitOf(category, row.severity)) : null;
  }

}
