/**
 * The three area indices beside the member index (柯城 邻礼通, issue 17): 网格服务力 per grid, 物业服务力 per
 * property company and village, 机关党组织小区服务力 per 下沉 organisation — each a versioned formula
 * (area-formula.ts) over counts that come from the case data (the cases module's handling stats: the
 * residents' ratings and the closings on time) or from the services the organisations logged. Nothing
 * here is entered: a period's rows of a kind under a scope are computed and replaced at once, on the
 * case events that change them (a closing, a rating, a reopening), on a new formula version (the open
 * periods), on a logged service, and by a job for the open periods everywhere.
 */
import { assertCan, can, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { iso } from '../platform/contract.ts';
import { AppError, badRequest, conflict, isUniqueViolation, notFound } from '../platform/errors.ts';
import { maskPhone } from '../platform/privacy.ts';
import { closedCaseIds, caseRegionOf, handlingStats, type CasePayload } from '../cases/index.ts';
import type { UsersService } from '../people/index.ts';
import {
  AREA_KINDS, organisationScore, ratingScore, weightsWhole, type AreaFormula, type AreaKind, type OrganisationFormula, type RatingFormula,
} from './area-formula.ts';
import * as repo from './area-index.repository.ts';
import type { AreaFormulaAnswer, AreaFormulaView, AreaRanking, OrgServiceLogged, OrgServicePage, OrgServiceView, ServiceOrgList, ServiceOrgView } from './partywork.contract.ts';
import { periodNamed, periodOf, periodsAt, type Period, type PeriodKind } from './periods.ts';
import type { RegionNames } from './register.service.ts';

const orgMissing = () => notFound('PARTY_SERVICE_ORG_NOT_FOUND', 'No such paired party organisation');
const DAY = 86_400_000;

export interface ServiceOrgInput { name: string; kind: 'machine' | 'enterprise' | 'other'; regionCode: string; contactName: string; contactPhone: string }
export interface OrgServiceInput { id: string; servedOn: string; what: string; households?: number; caseId?: string; solved?: boolean }

export class AreaIndexService {
  /** organisation id → kind (an organisation's kind does not change) */
  private orgKinds = new Map<string, string>();

  constructor(
    private p: Platform,
    private users: UsersService,
    private regions: RegionNames,
  ) {}

  // ——— keeping the read model ———

  /** Recompute a kind's rows under a scope ('' all) for these periods; rows written. */
  async recompute(kind: AreaKind, scope: string, periods: readonly Period[]): Promise<number> {
    const formulas = await repo.formulasOf(this.p.db, kind);
    let n = 0;
    for (const period of periods) {
      const rows = kind === 'organisation' ? await this.organisationRows(period, scope, formulas) : await this.ratingRows(kind, period, scope, formulas);
      n += await this.p.tx((tx) => repo.replacePeriod(tx, kind, period, scope, rows));
    }
    return n;
  }

  /** The week, month and year `at` falls in, for the kinds, under a scope. */
  async recomputeAt(kinds: readonly AreaKind[], scope: string, at: Date): Promise<number> {
    let n = 0;
    for (const k of kinds) n += await this.recompute(k, scope, periodsAt(at));
    return n;
  }

  /** The job: the open periods of every kind, everywhere (a drift repaired, a new week's rows). */
  roll(at = new Date()): Promise<number> {
    return this.recomputeAt(AREA_KINDS, '', at);
  }

  /**
   * A case closed, rated or reopened: the grid and property rows of its village in the periods of the
   * event's time, and the organisation rows of the services linked to it. Delivered at least once:
   * recomputing is idempotent.
   */
  async onCaseEvent(c: CasePayload): Promise<void> {
    const at = new Date((c.action === 'rate' ? c.ratedAt : c.closedAt) ?? Date.now());
    await this.recomputeAt(['grid', 'property'], c.villageCode, at);
    for (const s of await repo.servicesOfCase(this.p.db, c.caseId)) await this.recomputeAt(['organisation'], s.region_code, dayStart(s.served_on));
  }

  private async ratingRows(kind: 'grid' | 'property', period: Period, scope: string, formulas: repo.AreaFormulaRow[]): Promise<repo.AreaIndexRow[]> {
    const stats = await handlingStats(this.p.db, { scope, from: period.from, to: period.to });
    const wanted = kind === 'grid' ? stats.filter((s) => s.handler === 'grid') : await this.propertyOnly(stats.filter((s) => s.handler === 'organisation'));
    const names = kind === 'grid' ? await this.regions.names(wanted.map((s) => s.unit)) : await this.users.namesOf(wanted.map((s) => s.unit));
    const rows: repo.AreaIndexRow[] = [];
    for (const s of wanted) {
      const regionCode = kind === 'grid' ? s.unit : s.villageCode;
      const f = repo.inForce(formulas, regionCode, period.to);
      if (!f) continue;
      const v = ratingScore(f.params as RatingFormula, s);
      rows.push({
        kind, unitId: s.unit, regionCode, periodKind: period.kind, periodStart: period.start, unitName: names[s.unit] ?? s.unit, formulaId: f.id, formulaVersion: f.version,
        ratings: s.ratings, satisfied: s.satisfied, basicallySatisfied: s.basicallySatisfied, unsatisfied: s.unsatisfied, closed: s.closed, closedOnTime: s.closedOnTime,
        satisfactionPart: v.satisfactionPart, onTimePart: v.onTimePart, score: v.score,
      });
    }
    return rows;
  }

  private async propertyOnly<T extends { unit: string }>(rows: T[]): Promise<T[]> {
    for (const id of new Set(rows.map((r) => r.unit))) {
      if (!this.orgKinds.has(id)) this.orgKinds.set(id, (await this.users.getOrganisation(id))?.kind ?? 'unknown');
    }
    return rows.filter((r) => this.orgKinds.get(r.unit) === 'property');
  }

  private async organisationRows(period: Period, scope: string, formulas: repo.AreaFormulaRow[]): Promise<repo.AreaIndexRow[]> {
    const services = await repo.servicesIn(this.p.db, period, scope);
    const closed = await closedCaseIds(this.p.db, services.flatMap((s) => (s.case_id ? [s.case_id] : [])));
    const byOrg = new Map<string, { name: string; regionCode: string; services: number; solved: number; households: number }>();
    for (const s of services) {
      const o = byOrg.get(s.org_id) ?? { name: s.name, regionCode: s.region_code, services: 0, solved: 0, households: 0 };
      o.services += 1;
      o.households += s.households;
      if (s.solved || (s.case_id && closed.has(s.case_id))) o.solved += 1;
      byOrg.set(s.org_id, o);
    }
    const rows: repo.AreaIndexRow[] = [];
    for (const [orgId, o] of byOrg) {
      const f = repo.inForce(formulas, o.regionCode, period.to);
      if (!f) continue;
      rows.push({
        kind: 'organisation', unitId: orgId, regionCode: o.regionCode, periodKind: period.kind, periodStart: period.start, unitName: o.name, formulaId: f.id, formulaVersion: f.version,
        services: o.services, solved: o.solved, households: o.households, score: organisationScore(f.params as OrganisationFormula, o),
      });
    }
    return rows;
  }

  // ——— reading ———

  /** A kind's units by score in a period, for an area inside the caller's scope (another area's region: 403), with each breakdown. */
  async ranking(actor: Actor, q: { kind: AreaKind; region?: string; period: PeriodKind; start?: string; limit?: number; offset?: number }): Promise<AreaRanking> {
    assertCan(actor, 'partywork.read');
    if (q.region) assertCan(actor, 'partywork.read', q.region);
    const period = q.start ? periodNamed(q.period, q.start) : periodOf(q.period, new Date());
    if (!period) throw badRequest('VALIDATION_FAILED', `${q.start} is not the first day of a ${q.period}`, { field: 'start' });
    const patterns = scopesFor(actor, 'partywork.read').map((s) => `${s}%`);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const offset = Math.max(q.offset ?? 0, 0);
    const rows = await repo.rank(this.p.db, q.kind, period, { patterns, region: q.region ? scopeOfRegionCode(q.region) : undefined, limit, offset });
    const names = await this.regions.names([...new Set(rows.map((r) => r.region_code.slice(0, 12)))]);
    const formulas = await repo.formulasOf(this.p.db, q.kind);
    const here = q.region ?? scopesFor(actor, 'partywork.read')[0] ?? '';
    const pct = (a: number, b: number) => (b > 0 ? Math.round((1000 * a) / b) / 10 : null);
    return {
      kind: q.kind, region: q.region ?? null, period: { kind: period.kind, start: period.start, from: iso(period.from), to: iso(period.to) },
      formula: formulaView(repo.inForce(formulas, here, new Date(Date.now() + 1))!), total: rows[0]?.n ?? 0, limit, offset,
      items: rows.map((r) => ({
        rank: Number(r.rank), unitId: r.unit_id, unitName: r.unit_name, regionCode: r.region_code, regionName: names[r.region_code.slice(0, 12)] ?? '', formulaVersion: Number(r.formula_version),
        ratings: Number(r.ratings), satisfied: Number(r.satisfied), basicallySatisfied: Number(r.basically_satisfied), unsatisfied: Number(r.unsatisfied),
        closed: Number(r.closed), closedOnTime: Number(r.closed_on_time),
        satisfactionRate: pct(Number(r.satisfied) + Number(r.basically_satisfied), Number(r.ratings)), onTimeRate: pct(Number(r.closed_on_time), Number(r.closed)),
        services: Number(r.services), solved: Number(r.solved), households: Number(r.households),
        satisfactionPart: r.satisfaction_part === null ? null : Number(r.satisfaction_part), onTimePart: r.on_time_part === null ? null : Number(r.on_time_part),
        score: r.score === null ? null : Number(r.score), computedAt: iso(new Date(r.computed_at)),
      })),
    };
  }

  // ——— formulas ———

  async formula(actor: Actor, kind: AreaKind, regionCode: string): Promise<AreaFormulaAnswer> {
    assertCan(actor, 'partywork.read', regionCode);
    const formulas = await repo.formulasOf(this.p.db, kind);
    const now = repo.inForce(formulas, regionCode, new Date(Date.now() + 1))!;
    return { kind, inForce: formulaView(now), versions: formulas.filter((f) => f.scope === now.scope).map(formulaView) };
  }

  /** A new version for the units under a region (its administrator): the open periods take it at once, closed ones keep theirs. */
  async putFormula(actor: Actor, kind: AreaKind, regionCode: string, params: AreaFormula, note?: string): Promise<AreaFormulaAnswer> {
    assertCan(actor, 'partywork.manage', regionCode);
    const rating = 'satisfactionWeight' in params;
    if (rating !== (kind !== 'organisation')) throw badRequest('PARTY_FORMULA_KIND', 'The formula\'s parameters do not fit the index kind', { field: 'params' });
    if (rating && !weightsWhole(params)) throw new AppError('PARTY_FORMULA_WEIGHTS', 422, 'The satisfaction and on-time weights must add up to 1', { field: 'params' });
    const scope = scopeOfRegionCode(regionCode);
    const now = new Date();
    const row = await this.p.tx(async (tx) => {
      const f = await repo.insertFormula(tx, kind, scope, params, note?.trim() || null, actor.id, now);
      await writeAudit(tx, { actorId: actor.id, action: 'partywork.area_formula_changed', entity: 'party_area_formula', entityId: f.id, regionCode, details: { kind, version: f.version, params: { ...params } } });
      return f;
    });
    const recomputed = await this.recomputeAt([kind], scope, now);
    this.p.log.info({ kind, scope, version: row.version, recomputed }, 'party area index formula changed');
    return { ...(await this.formula(actor, kind, regionCode)), recomputed };
  }

  // ——— 下沉 organisations and their services ———

  /** Pair a machine or enterprise party organisation with a village or community (the administrator there). */
  async registerOrg(actor: Actor, input: ServiceOrgInput): Promise<ServiceOrgView> {
    assertCan(actor, 'partywork.manage', input.regionCode);
    if (input.regionCode.length !== 12 || scopeOfRegionCode(input.regionCode).length !== 12 || !(await this.regions.exists(input.regionCode))) {
      throw new AppError('PARTY_SERVICE_ORG_REGION', 422, 'The paired place must be an existing village or community', { field: 'regionCode' });
    }
    try {
      const row = await this.p.tx(async (tx) => {
        const o = await repo.insertServiceOrg(tx, { ...input, name: input.name.trim(), contactName: input.contactName.trim(), createdBy: actor.id });
        await writeAudit(tx, { actorId: actor.id, action: 'partywork.service_org_registered', entity: 'party_service_org', entityId: o.id, regionCode: o.regionCode, details: { name: o.name, kind: o.kind } });
        return o;
      });
      return (await this.orgViews(actor, [{ ...row, services: 0, lastServedOn: null }]))[0];
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('PARTY_SERVICE_ORG_EXISTS', 'An organisation of this name is already paired with this community', { field: 'name' });
      throw err;
    }
  }

  async listOrgs(actor: Actor, region?: string): Promise<ServiceOrgList> {
    assertCan(actor, 'partywork.read');
    if (region) assertCan(actor, 'partywork.read', region);
    const rows = await repo.listServiceOrgs(this.p.db, scopesFor(actor, 'partywork.read').map((s) => `${s}%`), region ? scopeOfRegionCode(region) : undefined);
    return { items: await this.orgViews(actor, rows) };
  }

  /** An organisation's services, newest first (staff of its community). */
  async services(actor: Actor, orgId: string, limit = 100): Promise<OrgServicePage> {
    const org = await repo.findServiceOrg(this.p.db, orgId);
    if (!org || !can(actor, 'partywork.read', org.regionCode)) throw orgMissing();
    const rows = await repo.servicesOf(this.p.db, orgId, Math.min(Math.max(limit, 1), 500));
    const closed = await closedCaseIds(this.p.db, rows.flatMap((r) => (r.caseId ? [r.caseId] : [])));
    const count = rows.length;
    return { org: (await this.orgViews(actor, [{ ...org, services: count, lastServedOn: rows[0] ? dateOf(rows[0].servedOn) : null }]))[0], items: rows.map((r) => serviceView(r, closed)) };
  }

  /**
   * A service the organisation did in its community, logged by the community's staff (partywork.tasks
   * there): the day (not in the future, within a year), what was done, households served, and the case it
   * solved (a case of the community) or a mark. The same id again is the same record (a retry). `at`:
   * when it is logged (the demo's history writes it after the fact).
   */
  async logService(actor: Actor, orgId: string, input: OrgServiceInput, at = new Date()): Promise<OrgServiceLogged> {
    const org = await repo.findServiceOrg(this.p.db, orgId);
    if (!org || !can(actor, 'partywork.read', org.regionCode)) throw orgMissing();
    assertCan(actor, 'partywork.tasks', org.regionCode);
    const day = dayStart(input.servedOn).getTime();
    if (Number.isNaN(day) || day > at.getTime() || day < at.getTime() - 366 * DAY) throw new AppError('PARTY_SERVICE_DATE_INVALID', 422, 'The service date cannot be in the future nor more than a year ago', { field: 'servedOn' });
    if (input.caseId) {
      const where = await caseRegionOf(this.p.db, input.caseId);
      if (!where || !where.startsWith(org.regionCode)) throw new AppError('PARTY_SERVICE_CASE_INVALID', 422, 'The linked case does not exist or is not in the paired community', { field: 'caseId' });
    }
    const values = { id: input.id, orgId, regionCode: org.regionCode, servedOn: input.servedOn, what: input.what.trim(), households: input.households ?? 0, caseId: input.caseId ?? null, solved: input.solved ?? false, loggedBy: actor.id, loggedAt: at };
    const { row, existed } = await this.p.tx(async (tx) => {
      const r = await repo.insertOrgService(tx, values);
      if (!r.existed) await writeAudit(tx, { actorId: actor.id, action: 'partywork.org_service_logged', entity: 'party_org_service', entityId: input.id, regionCode: org.regionCode, details: { orgId, servedOn: input.servedOn, caseId: values.caseId } });
      return r;
    });
    if (existed && (row.orgId !== orgId || dateOf(row.servedOn) !== input.servedOn || row.what !== values.what)) throw conflict('PARTY_SERVICE_ID_TAKEN', 'This service id is taken by a different record', { field: 'id' });
    if (!existed) await this.recomputeAt(['organisation'], org.regionCode, dayStart(input.servedOn));
    const closed = await closedCaseIds(this.p.db, row.caseId ? [row.caseId] : []);
    return { existed, service: serviceView(row, closed) };
  }

  private async orgViews(actor: Actor, rows: (repo.ServiceOrgRow & { services: number; lastServedOn: string | null })[]): Promise<ServiceOrgView[]> {
    const names = await this.regions.names([...new Set(rows.map((r) => r.regionCode))]);
    return rows.map((r) => ({
      id: r.id, name: r.name, kind: r.kind as ServiceOrgView['kind'], regionCode: r.regionCode, regionName: names[r.regionCode] ?? '', contactName: r.contactName,
      // the contact's phone in full for the area's administrators (who call them), masked for the rest
      contactPhone: (can(actor, 'partywork.manage', r.regionCode) ? r.contactPhone : maskPhone(r.contactPhone)) ?? '',
      services: r.services, lastServedOn: r.lastServedOn, createdAt: iso(new Date(r.createdAt)),
    }));
  }
}

function formulaView(f: repo.AreaFormulaRow): AreaFormulaView {
  return { id: f.id, kind: f.kind as AreaKind, scope: f.scope, version: f.version, params: { ...f.params }, note: f.note, createdAt: iso(new Date(f.createdAt)) };
}

function serviceView(r: repo.OrgServiceRow, closed: Set<string>): OrgServiceView {
  const caseClosed = !!r.caseId && closed.has(r.caseId);
  return {
    id: r.id, orgId: r.orgId, servedOn: dateOf(r.servedOn), what: r.what, households: r.households, caseId: r.caseId, solved: r.solved, caseClosed,
    countsAsSolved: r.solved || caseClosed, loggedAt: iso(new Date(r.loggedAt)),
  };
}

/** A day (YYYY-MM-DD) at its start in Shanghai. */
const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);

/** A date column as YYYY-MM-DD (PGlite may hand back a Date at local midnight of the server, pg a string). */
function dateOf(v: string | Date): string {
  if (typeof v === 'string') return v.slice(0, 10);
  return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
}
