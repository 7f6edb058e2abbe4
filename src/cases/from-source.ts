/**
 * Cases opened by a source — an alarm episode, a camera episode, an inspection item — in one
 * transaction keyed by (source, source reference). Before this, a reservoir alarm opened its case in four
 * commits (report, register, dispatch, link): a crash between them left a case nobody was dispatched to,
 * or one its alarm did not know, and the next rise opened a second. Here the case, its report/submit/
 * register/dispatch timeline and events, and the source's own link (`link`, run on the same transaction)
 * commit together or not at all; the unique index `cases_source_ref_uq` makes a retry (or a second
 * process) find the case instead of opening another.
 *
 * Transitions go through the same pure machine (`decide`) and effects (`effectsOf`) as `CasesService.act`,
 * as the system. Everything inside the transaction uses the transaction only: on PGlite a query on the
 * pool would wait for the transaction it is part of.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { badRequest } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import type { RegionsService } from '../regions/index.ts';
import { effectsOf, EVENT_OF } from './case-actions.ts';
import { casePayload } from './case.events.ts';
import { machineStateOf } from './case-state.ts';
import { decide, OPEN_STATES, type CaseLevel, type Command, type Entry, type Who } from './case-machine.ts';
import type { CaseRow } from './cases.repository.ts';
import { caseCategories, cases, caseTimeline } from './cases.schema.ts';
import type { CasesService } from './cases.service.ts';
import type { Route, RoutePlace, RoutePreference } from './routing.ts';
import type { CaseSource } from './sources.ts';

export interface SourceCaseInput {
  source: CaseSource;
  /** The source's own identity of what opened the case, e.g. `alarm-episode:<id>`, `camera-episode:<id>`. */
  sourceRef: string;
  title: string;
  description: string;
  categoryCode: string;
  severity: 'normal' | 'urgent';
  lon: number;
  lat: number;
  media?: string[];
  /** A person who reported it (an inspector); null for devices. */
  reporterId?: string | null;
  /**
   * Where the case is placed: from `place(lon, lat)` called before the caller's transaction (it reads
   * the regions), or a region of the caller's choosing (a township's supervising case). Default: located
   * here, which needs no caller transaction.
   */
  place?: Place;
  /** Registered (立案) by the system at once, at this level (default village). */
  register?: { level?: CaseLevel } | null;
  /** …and dispatched (派遣) at once; needs `register`. */
  dispatch?: { assigneeId?: string; assignedOrgId?: string } | null;
  /** The source's own link to the new case, on the same transaction. */
  link?: (tx: Db, c: CaseRow) => Promise<void>;
}

export interface Place {
  regionCode: string;
  villageCode: string;
  lon?: number;
  lat?: number;
}

export interface SourceCaseResult {
  case: CaseRow;
  /** False when the (source, source reference) already had its case: nothing was written. */
  created: boolean;
}

const SYSTEM: Who = { id: 'system', roles: new Set(), orgIds: new Set(), system: true };

export class SourceCases {
  constructor(
    private p: Platform,
    readonly cases: CasesService,
    private regions: RegionsService,
  ) {}

  /**
   * Where a case of this category at this place goes (routing.ts), for `dispatch`: call it before the
   * caller's transaction, like `place`.
   */
  route(categoryCode: string, place: RoutePlace, prefer: RoutePreference = {}): Promise<Route | null> {
    return this.cases.routing.route(categoryCode, place, prefer);
  }

  /** The case of a (source, source reference), if one was opened. */
  async find(source: CaseSource, sourceRef: string, tx: Db = this.p.db): Promise<CaseRow | undefined> {
    const [row] = await tx.select().from(cases).where(and(eq(cases.source, source), eq(cases.sourceRef, sourceRef)));
    return row;
  }

  /**
   * Open the case of a (source, source reference) once: report, register and dispatch as asked, and the
   * source's link, in one transaction — the caller's `tx` when given (so the source's own change commits
   * with it), else a new one. A second call returns the first case (`created: false`).
   */
  async open(input: SourceCaseInput, tx?: Db): Promise<SourceCaseResult> {
    if (!input.sourceRef) throw badRequest('VALIDATION_FAILED', 'sourceRef is required', { field: 'sourceRef' });
    if (input.dispatch && !input.register) throw badRequest('VALIDATION_FAILED', 'a source case is registered before it is dispatched', { field: 'dispatch' });
    // outside the transaction: the place and the photos
    if (tx && !input.place) throw new Error('a source case opened in the caller\'s transaction needs its place (SourceCases.place) looked up before it');
    const place = input.place ?? (await this.place(input.lon, input.lat));
    if (input.media?.length) {
      if (tx) throw new Error('photos are checked before the caller\'s transaction');
      const found = await this.p.media.existing(this.p.db, input.media);
      const missing = input.media.find((m) => !found.has(m));
      if (missing) throw badRequest('MEDIA_NOT_FOUND', `Photo ${missing} was not uploaded`, { field: 'media' });
    }
    const result = tx ? await this.write(tx, input, place) : await this.p.tx((t) => this.write(t, input, place));
    if (result.created) this.p.log.info({ caseId: result.case.id, no: result.case.no, source: input.source, sourceRef: input.sourceRef }, 'case opened by its source');
    return result;
  }

  /** Where a point falls (grid and village); 422 outside every grid. Not on a transaction: call it before. */
  async place(lon: number, lat: number): Promise<Place> {
    const placed = await this.regions.locate(lon, lat, 'wgs84'); // 422 outside every grid
    return { regionCode: placed.gridCode ?? placed.villageCode!, villageCode: placed.villageCode!, lon: placed.lon, lat: placed.lat };
  }

  private async write(tx: Db, input: SourceCaseInput, place: Place): Promise<SourceCaseResult> {
    const existing = await this.find(input.source, input.sourceRef, tx);
    if (existing) return { case: existing, created: false };
    const [category] = await tx.select().from(caseCategories).where(eq(caseCategories.code, input.categoryCode));
    if (!category) throw badRequest('CATEGORY_UNKNOWN', `Unknown category ${input.categoryCode}`, { field: 'categoryCode' });
    if (!category.sources.includes(input.source)) {
      throw badRequest('CATEGORY_SOURCE_NOT_ALLOWED', `Category ${category.code} cannot be raised by ${input.source}`, { field: 'source' });
    }
    const media = input.media ?? [];
    const [inserted] = await tx.insert(cases).values({
      // the serial as insertReports makes it: six digits, more once the sequence passes 999,999
      no: sql`to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || (SELECT CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END FROM nextval('case_no_seq') AS n)`,
      title: input.title.slice(0, 200), description: input.description, categoryCode: category.code, severity: input.severity, state: 'PENDING_ACCEPT',
      source: input.source, sourceRef: input.sourceRef, regionCode: place.regionCode, villageCode: place.villageCode,
      lon: place.lon ?? input.lon, lat: place.lat ?? input.lat, reporterId: input.reporterId ?? null, media,
    }).onConflictDoNothing({ target: [cases.source, cases.sourceRef] }).returning();
    if (!inserted) {
      // another transaction opened it meanwhile (it waited for that one to commit)
      return { case: (await this.find(input.source, input.sourceRef, tx))!, created: false };
    }
    let row: CaseRow = inserted;
    await tx.insert(caseTimeline).values([
      { caseId: row.id, actorId: row.reporterId, action: 'report', fromState: null, toState: 'REPORTED', level: row.level, media, data: { source: row.source, sourceRef: input.sourceRef } },
      { caseId: row.id, actorId: null, action: 'submit', fromState: 'REPORTED', toState: 'PENDING_ACCEPT', level: row.level, data: {} },
    ]);
    await emitEvent(tx, 'case.reported', casePayload(row, { from: null, to: row.state, action: 'report', actorId: row.reporterId }), { regionCode: row.regionCode, aggregateId: row.id });
    const steps: Command[] = [];
    if (input.register) steps.push({ action: 'register', ...(input.register.level ? { level: input.register.level } : {}) });
    if (input.dispatch) steps.push({ action: 'dispatch', ...input.dispatch });
    let version = 0;
    for (const cmd of steps) {
      const entry = decide(machineStateOf(row), cmd, SYSTEM);
      const update = effectsOf(row, entry, new Date(), { category, calendar: this.cases.businessCalendar, input: { categoryCode: category.code, severity: input.severity } });
      row = { ...row, ...update } as CaseRow;
      version++;
      await this.append(tx, row, entry);
    }
    if (version > 0) {
      const { id: _id, no: _no, ...rest } = row;
      [row] = await tx.update(cases).set({ ...rest, version }).where(eq(cases.id, row.id)).returning();
    }
    await input.link?.(tx, row);
    return { case: row, created: true };
  }

  private async append(tx: Db, row: CaseRow, entry: Entry): Promise<void> {
    await tx.insert(caseTimeline).values({
      caseId: row.id, actorId: null, action: entry.action, fromState: entry.from, toState: entry.to, level: entry.level, data: { ...entry.data, system: true },
    });
    await emitEvent(tx, EVENT_OF[entry.action], casePayload(row, { from: entry.from, to: row.state, action: entry.action, actorId: null }), { regionCode: row.regionCode, aggregateId: row.id });
  }

  /**
   * Something the source says about its open case, on the case's timeline (the case keeps its state and
   * level): an alarm joining the case, the condition getting worse (`set` raises the title and severity).
   * Returns the case as written, or null when it is no longer open (nothing written).
   */
  async note(tx: Db, caseId: string, n: { action: string; note: string; data?: Record<string, unknown>; set?: { title?: string; severity?: 'normal' | 'urgent' }; event?: 'case.noted' | 'case.severity_raised' }): Promise<CaseRow | null> {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!row || !OPEN_STATES.includes(row.state as never)) return null;
    // the row's version moves on, so a transition decided on the old row is decided again
    const [after] = await tx.update(cases).set({ ...(n.set ?? {}), version: sql`${cases.version} + 1`, updatedAt: sql`now()` }).where(eq(cases.id, caseId)).returning();
    // replayed by the machine like any entry: same state and level (see evolve)
    await tx.insert(caseTimeline).values({ caseId, actorId: null, action: n.action, fromState: row.state, toState: row.state, level: row.level, note: n.note, data: { ...(n.data ?? {}), system: true } });
    if (n.event) await emitEvent(tx, n.event, { ...casePayload(after, { from: row.state, to: after.state, action: n.action, actorId: null }), note: n.note }, { regionCode: row.regionCode, aggregateId: caseId });
    return after;
  }
}
