/**
 * Open311 GeoReport v2 (DOMAIN.md §6): categories offered to the `open311` source are the services; a
 * request is an ordinary case (source open311) with a token and the client's contact details kept
 * aside. What an Open311 client sees of a case is public: no person's name or phone, the location
 * rounded to about 100 m, the timeline as actions and times only.
 */
import crypto from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { assertCan, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { iso, isoOrNull } from '../platform/contract.ts';
import type { NewOpen311Key, Open311Key } from './open311.contract.ts';
import type { Db } from '../platform/db/index.ts';
import { AppError, badRequest, notFound } from '../platform/errors.ts';
import { maskPersonalText } from '../platform/privacy.ts';
import type { CaseRow, CasesService, CategoryRow } from '../cases/index.ts';
import { OPEN_STATES } from '../cases/index.ts';
import type { UsersService } from '../people/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { isoCst, Open311Error } from './open311.format.ts';
import { open311Keys } from './open311.schema.ts';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const CLOSED_STATES = ['CLOSED', 'RATED', 'ARCHIVED', 'REJECTED', 'MERGED'];
const STATUS_NOTES: Record<string, string> = {
  REPORTED: '已收到', PENDING_ACCEPT: '已收到，等待受理', REGISTERED: '已受理，等待派遣', DISPATCHED: '已派遣，等待处置人员签收',
  PROCESSING: '处置中', EXTENSION_REQUESTED: '处置中（申请延期）', SUSPENDED: '暂缓办理', VERIFYING: '已处置，等待核查',
  CLOSED: '已办结', RATED: '已办结，已评价', ARCHIVED: '已办结归档', REJECTED: '不予受理', MERGED: '与其他上报合并处理',
};
const SEVERITY = { code: 'severity', values: [{ key: 'normal', name: '一般' }, { key: 'urgent', name: '紧急' }] };
/** Public coordinates: three decimals, about 100 m. */
const coarse = (v: number) => Math.round(v * 1000) / 1000;
const MAX_ROWS = 1000;

export interface RequestQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
  updated_after?: string;
  lat?: string;
  long?: string;
  radius?: string;
  page?: string;
  page_size?: string;
  extensions?: string;
}

/** Longest accepted value of each submitter field (GeoReport v2 gives none; these fit any real one). */
const FIELD_MAX: Record<string, number> = {
  first_name: 100, last_name: 100, email: 254, phone: 32, account_id: 100, device_id: 100, media_url: 2000,
  address_string: 500, address_id: 100, service_code: 10, lat: 40, long: 40, 'attribute[severity]': 16, api_key: 200, jurisdiction_id: 100,
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{2,30}$/;

/** The submitter's contact fields: bounded, and an email or phone that is one. */
function checkContact(form: Record<string, string | undefined>): void {
  for (const [field, max] of Object.entries(FIELD_MAX)) {
    const v = form[field];
    if (v !== undefined && v.length > max) throw new Open311Error(400, `${field} is longer than ${max} characters`);
  }
  if (form.email && !EMAIL.test(form.email)) throw new Open311Error(400, 'email is not an email address');
  if (form.phone && !PHONE.test(form.phone)) throw new Open311Error(400, 'phone is not a phone number');
  if (form.media_url && !/^https?:\/\/\S+$/.test(form.media_url)) throw new Open311Error(400, 'media_url must be an http(s) URL');
}

export class Open311Service {
  constructor(
    private p: Platform,
    private cases: CasesService,
    private regions: RegionsService,
    private users: UsersService,
  ) {}

  // ---- keys

  /** A new API key for a client; the key itself is returned once and only its hash is stored. */
  async addKey(actor: Actor | null, name: string): Promise<NewOpen311Key> {
    if (actor) assertCan(actor, 'open311.keys');
    const clean = name.trim();
    if (!clean) throw badRequest('VALIDATION_FAILED', 'name is required', { field: 'name' });
    const key = `o311_${crypto.randomBytes(24).toString('base64url')}`;
    const row = await this.p.tx(async (tx: Db) => {
      const [r] = await tx.insert(open311Keys).values({ name: clean, keyHash: sha256(key), createdBy: actor?.id ?? null }).returning();
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'open311.key_added', entity: 'open311_key', entityId: r.id, details: { name: clean } });
      return r;
    });
    return { id: row.id, name: row.name, key };
  }

  async listKeys(actor: Actor): Promise<Open311Key[]> {
    assertCan(actor, 'open311.keys');
    const rows = await this.p.db.select({ id: open311Keys.id, name: open311Keys.name, createdAt: open311Keys.createdAt, revokedAt: open311Keys.revokedAt }).from(open311Keys).orderBy(open311Keys.createdAt);
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: iso(r.createdAt), revokedAt: isoOrNull(r.revokedAt) }));
  }

  async revokeKey(actor: Actor, id: string): Promise<void> {
    assertCan(actor, 'open311.keys');
    await this.p.tx(async (tx: Db) => {
      const [r] = await tx.update(open311Keys).set({ revokedAt: new Date() }).where(and(eq(open311Keys.id, id), isNull(open311Keys.revokedAt))).returning();
      if (!r) throw notFound('OPEN311_KEY_NOT_FOUND', 'No such active key');
      await writeAudit(tx, { actorId: actor.id, action: 'open311.key_revoked', entity: 'open311_key', entityId: id });
    });
  }

  private async keyId(apiKey: string | undefined): Promise<string> {
    if (!apiKey) throw new Open311Error(403, 'api_key is required');
    const [k] = await this.p.db.select({ id: open311Keys.id }).from(open311Keys).where(and(eq(open311Keys.keyHash, sha256(apiKey)), isNull(open311Keys.revokedAt)));
    if (!k) throw new Open311Error(403, 'api_key is not valid');
    return k.id;
  }

  // ---- services

  private async offered(): Promise<CategoryRow[]> {
    return (await this.cases.categories()).filter((k) => k.sources.includes('open311'));
  }

  async services() {
    return (await this.offered()).map((k) => ({
      service_code: k.code, service_name: k.name, description: `${k.name} (${k.nameEn})`, metadata: true, type: 'realtime' as const,
      keywords: k.nameEn.toLowerCase(), group: k.code.slice(0, 2),
    }));
  }

  async definition(code: string) {
    if (!(await this.offered()).some((k) => k.code === code)) throw new Open311Error(404, `service_code ${code} not found`);
    return {
      service_code: code,
      attributes: [{
        variable: true, code: SEVERITY.code, datatype: 'singlevaluelist' as const, required: false, datatype_description: 'normal 或 urgent',
        order: 1, description: '紧急程度（紧急的事件时限更短）', values: SEVERITY.values,
      }],
    };
  }

  // ---- requests

  async create(form: Record<string, string | undefined>, ip = '') {
    const keyId = await this.keyId(form.api_key);
    try {
      // per IP, and per phone when the client passes the submitter's (an app serves many people on one key)
      this.p.limits.check({ ip, person: form.phone ? `phone:${form.phone.replace(/\D/g, '')}` : null });
    } catch {
      throw new Open311Error(429, 'Too many requests; slow down');
    }
    checkContact(form);
    const code = form.service_code;
    if (!code) throw new Open311Error(400, 'service_code is required');
    const category = (await this.offered()).find((k) => k.code === code);
    if (!category) throw new Open311Error(400, `service_code ${code} not found`);
    if (form.lat === undefined || form.long === undefined || form.lat === '' || form.long === '') {
      throw new Open311Error(400, 'lat and long are required (addresses cannot be placed on the grid map)');
    }
    const lat = Number(form.lat);
    const lon = Number(form.long);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw new Open311Error(400, 'lat and long must be numbers');
    const description = (form.description ?? '').trim();
    if (description.length > 4000) throw new Open311Error(400, 'description is longer than 4000 characters');
    const severity = form['attribute[severity]'] ?? 'normal';
    if (severity !== 'normal' && severity !== 'urgent') throw new Open311Error(400, 'attribute[severity] must be normal or urgent');
    const token = crypto.randomBytes(12).toString('hex');
    let row: CaseRow;
    try {
      row = await this.cases.report(null, {
        title: description ? description.slice(0, 40) : category.name, description, categoryCode: code, severity, lon, lat, source: 'open311',
      }, {
        // stored with the case in one statement: never a case without its token
        companion: {
          table: 'open311_requests', caseIdColumn: 'case_id',
          values: {
            token, key_id: keyId, account_id: form.account_id ?? null, device_id: form.device_id ?? null, email: form.email ?? null,
            phone: form.phone ?? null, name: [form.first_name, form.last_name].filter(Boolean).join(' ') || null, media_url: form.media_url ?? null,
          },
        },
      });
    } catch (err) {
      if (err instanceof AppError && (err.code === 'COORDINATES_OUT_OF_RANGE' || err.code === 'POINT_OUTSIDE_GRIDS')) {
        throw new Open311Error(400, err.code === 'POINT_OUTSIDE_GRIDS' ? 'The location is outside the area this service covers' : 'lat/long is not a location in China');
      }
      throw err;
    }
    return [{ service_request_id: row.no, token, service_notice: `时限：${this.limitText(category, severity)}`, account_id: form.account_id ?? null }];
  }

  private limitText(k: CategoryRow, severity: string) {
    const [v, u] = severity === 'urgent' ? [k.urgentLimitValue, k.urgentLimitUnit] : [k.limitValue, k.limitUnit];
    return `${v} ${({ minutes: '分钟', hours: '小时', working_hours: '工作小时', working_days: '工作日' } as Record<string, string>)[u] ?? u}`;
  }

  async token(token: string) {
    const [o] = await this.p.database.raw<{ case_id: string }>('SELECT case_id FROM open311_requests WHERE token = $1', [token]);
    const [r] = o ? await this.cases.labelsOf([o.case_id]) : [];
    if (!r) throw new Open311Error(404, `token ${token} not found`);
    return [{ service_request_id: r.no, token }];
  }

  async list(q: RequestQuery) {
    const offered = (await this.offered()).map((k) => k.code);
    const date = (v: string | undefined, field: string) => {
      if (v === undefined || v === '') return undefined;
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw new Open311Error(400, `${field} is not an ISO 8601 date`);
      return d;
    };
    const num = (v: string | undefined, field: string, min: number, max: number) => {
      if (v === undefined || v === '') return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) throw new Open311Error(400, `${field} must be a number from ${min} to ${max}`);
      return n;
    };
    const ids = q.service_request_id?.split(',').map((s) => s.trim()).filter(Boolean);
    const codes = q.service_code?.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = codes?.find((c) => !offered.includes(c));
    if (unknown) throw new Open311Error(400, `service_code ${unknown} not found`);
    const statuses = q.status?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open or closed');
    const states = statuses && statuses.length === 1 ? (statuses[0] === 'open' ? OPEN_STATES : CLOSED_STATES) : undefined;
    let from = date(q.start_date, 'start_date');
    const to = date(q.end_date, 'end_date');
    // the standard's default window: the last 90 days
    if (!ids && !from && !to) from = new Date(Date.now() - 90 * 86_400_000);
    const lat = num(q.lat, 'lat', -90, 90);
    const lon = num(q.long, 'long', -180, 180);
    const radius = num(q.radius, 'radius', 1, 50_000);
    if ((lat === undefined) !== (lon === undefined)) throw new Open311Error(400, 'lat and long go together');
    if (radius !== undefined && lat === undefined) throw new Open311Error(400, 'radius needs lat and long');
    const pageSize = num(q.page_size, 'page_size', 1, MAX_ROWS) ?? MAX_ROWS;
    const page = num(q.page, 'page', 1, 1_000_000) ?? 1;
    const rows = await this.cases.listPublic({
      categoryCodes: codes ?? offered, nos: ids, states, from: ids ? undefined : from, to: ids ? undefined : to,
      updatedAfter: date(q.updated_after, 'updated_after'),
      near: lat !== undefined && lon !== undefined ? { lat, lon, radiusM: radius ?? 1000 } : undefined,
      limit: Math.floor(pageSize), offset: (Math.floor(page) - 1) * Math.floor(pageSize),
    });
    return this.present(rows, q.extensions === 'true');
  }

  async one(id: string, extensions: boolean) {
    const offered = (await this.offered()).map((k) => k.code);
    const rows = await this.cases.listPublic({ categoryCodes: offered, nos: [id], limit: 1, offset: 0 });
    if (rows.length === 0) throw new Open311Error(404, `service_request_id ${id} not found`);
    return this.present(rows, extensions);
  }

  /** Cases as public GeoReport requests. */
  private async present(rows: CaseRow[], extensions: boolean) {
    const categories = new Map((await this.cases.categories(true)).map((k) => [k.code, k]));
    const villageCodes = [...new Set(rows.map((r) => r.villageCode))];
    const regionCodes = [...new Set(villageCodes.flatMap((v) => [v, `${v.slice(0, 9)}000`, `${v.slice(0, 6)}000000`]))];
    const names = await this.regions.names(regionCodes);
    const orgNames = await this.users.namesOf(rows.map((r) => r.assignedOrgId).filter((x): x is string => !!x));
    return Promise.all(rows.map(async (r) => {
      const v = r.villageCode;
      const [village, township, district] = [names[v], names[`${v.slice(0, 9)}000`], names[`${v.slice(0, 6)}000000`]];
      const agency = r.assignedOrgId ? orgNames[r.assignedOrgId] ?? null
        : r.assigneeId ? `${village ?? ''}网格员`
        : r.level === 'district' || r.level === 'city' ? `${r.level === 'city' ? '' : district ?? ''}${r.level === 'city' ? '市' : ''}社会治理指挥中心`
        : `${township ?? ''}综合指挥室`;
      const open = !CLOSED_STATES.includes(r.state);
      const expected = open ? this.cases.expectedBy(r) : null;
      const overdue = open && expected !== null && new Date(expected).getTime() < Date.now();
      const base = {
        service_request_id: r.no,
        status: open ? 'open' : 'closed',
        status_notes: `${STATUS_NOTES[r.state] ?? r.state}${overdue ? '（已超期）' : ''}`,
        service_name: categories.get(r.categoryCode ?? '')?.name ?? null,
        service_code: r.categoryCode ?? '',
        // residents type phone and ID numbers into descriptions: masked in anything published
        description: maskPersonalText(r.description || r.title),
        agency_responsible: agency,
        service_notice: null,
        requested_datetime: isoCst(r.reportedAt)!,
        updated_datetime: isoCst(r.closedAt ?? r.updatedAt),
        expected_datetime: isoCst(expected),
        address: [village, township, district].filter(Boolean).join(', ') || null,
        address_id: null,
        zipcode: null,
        lat: coarse(r.lat),
        long: coarse(r.lon),
        media_url: null,
      };
      if (!extensions) return base;
      return {
        ...base,
        extended_attributes: {
          state: r.state, level: r.level, overdue, me_too: r.reportCount - 1, reopened: r.reopenCount,
          timeline: (await this.cases.publicTimeline(r.id)).map((t) => ({ action: t.action, state: t.state, level: t.level, at: isoCst(t.at) })),
        },
      };
    }));
  }
}
