/** Users, organisations and memberships, with region-scoped permission checks. */
import {
  assertCan, coveringRegionCodes, effectiveGrants, isRole, scopeOfRegionCode, scopesFor, type Actor, type Role, type StoredGrant,
} from '../platform/access.ts';
import { iso } from '../platform/contract.ts';
import type { Organisation, UserView } from './people.contract.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { badRequest, conflict, isUniqueViolation, notFound } from '../platform/errors.ts';
import { maskPhone, normalisePhone } from '../platform/privacy.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { Lru } from '../platform/lru.ts';
import * as repo from './people.repository.ts';
import { memberships, organisations, users } from './people.schema.ts';

export const ORGANISATION_KINDS = [
  'command_room', 'enforcement', 'water_bureau', 'cleaning', 'property', 'bank',
  'department', 'village_committee', 'mediation', 'market_regulation',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface NewUser {
  username?: string | null;
  displayName: string;
  phone?: string | null;
  password?: string | null;
  kind: 'staff' | 'resident' | 'tourist';
  homeRegionCode?: string | null;
  memberships?: { role: string; regionCode: string; organisationId?: string | null }[];
}

/** An organisation as the API shows it. */
export const presentOrganisation = (o: { id: string; name: string; kind: string; regionCode: string; createdAt: Date | string }): Organisation =>
  ({ id: o.id, name: o.name, kind: o.kind, regionCode: o.regionCode, createdAt: iso(o.createdAt) });

export type { UserView } from './people.contract.ts';

export interface RegionLookup {
  exists(code: string): Promise<boolean>;
  names(codes: string[]): Promise<Record<string, string>>;
}


export function actorFromRows(
  id: string, kind: string, displayName: string, homeRegionCode: string | null,
  ms: { role: string | null; regionCode: string | null; organisationId: string | null }[],
  grants: readonly StoredGrant[] = [],
): Actor {
  const memberships = ms
    .filter((m): m is { role: Role; regionCode: string; organisationId: string | null } => !!m.role && isRole(m.role) && !!m.regionCode)
    .map((m) => ({ role: m.role, regionCode: m.regionCode, scope: scopeOfRegionCode(m.regionCode), organisationId: m.organisationId }));
  // a tourist (or a resident not yet placed in a village) may still report and ask anywhere: the role
  // holds only media.upload and cases.report, so an everywhere-scope gives nothing else away
  if ((kind === 'tourist' || kind === 'resident') && !memberships.some((m) => m.role === kind)) {
    memberships.push({ role: kind, regionCode: homeRegionCode ?? '000000000000', scope: '', organisationId: null });
  }
  const effective = grants.length ? effectiveGrants(memberships, grants) : [];
  return { id, kind: kind as Actor['kind'], displayName, homeRegionCode, memberships, ...(effective.length ? { grants: effective } : {}) };
}

export class UsersService {
  constructor(
    private p: Platform,
    /** Injected by the app so people does not import regions. */
    private regions: RegionLookup,
  ) {}

  private regionExists(code: string): Promise<boolean> {
    return this.regions.exists(code);
  }

  /** Names of the regions an actor belongs to (their own area, readable by every role). */
  async ownRegionNames(actor: Actor): Promise<Record<string, string>> {
    const codes = [...new Set([...actor.memberships.map((m) => m.regionCode), ...(actor.homeRegionCode ? [actor.homeRegionCode] : [])])];
    return this.regions.names(codes);
  }

  async actorOf(userId: string): Promise<Actor> {
    const user = await repo.findUserById(this.p.db, userId);
    if (!user) throw notFound('USER_NOT_FOUND', 'No such user');
    const ms = await repo.membershipsOf(this.p.db, userId);
    return actorFromRows(user.id, user.kind, user.displayName, user.homeRegionCode, ms, await repo.grantsOfUser(this.p.db, userId));
  }

  /** Create a user with memberships. `actor` null = the CLI or the seed (trusted). */
  async createUser(actor: Actor | null, input: NewUser): Promise<UserView> {
    const displayName = input.displayName?.trim();
    if (!displayName) throw badRequest('VALIDATION_FAILED', 'displayName is required', { field: 'displayName' });
    const username = input.username?.trim() || null;
    if (username && !/^[A-Za-z0-9._-]{3,64}$/.test(username)) {
      throw badRequest('VALIDATION_FAILED', 'username: 3–64 letters, digits, dot, dash or underscore', { field: 'username' });
    }
    let phone: string | null = null;
    if (input.phone) {
      phone = normalisePhone(input.phone);
      if (!phone) throw badRequest('PHONE_INVALID', 'Not a mainland mobile number', { field: 'phone' });
    }
    if (input.kind === 'staff') {
      if (!username) throw badRequest('VALIDATION_FAILED', 'Staff need a username', { field: 'username' });
      const pp = input.password ? passwordProblem(input.password) : 'is required for staff';
      if (pp) throw badRequest('VALIDATION_FAILED', `password ${pp}`, { field: 'password' });
    } else if (!phone) {
      throw badRequest('VALIDATION_FAILED', 'Residents and tourists need a phone number', { field: 'phone' });
    }
    const ms = input.memberships ?? [];
    for (const [i, m] of ms.entries()) {
      if (!isRole(m.role)) throw badRequest('ROLE_UNKNOWN', `Unknown role "${m.role}"`, { field: `memberships.${i}.role` });
      if (!(await this.regionExists(m.regionCode))) {
        throw badRequest('REGION_NOT_FOUND', `Unknown region code ${m.regionCode}`, { field: `memberships.${i}.regionCode` });
      }
      if (m.organisationId && !(await repo.findOrganisation(this.p.db, m.organisationId))) {
        throw badRequest('ORGANISATION_NOT_FOUND', 'Unknown organisation', { field: `memberships.${i}.organisationId` });
      }
      if (actor) assertCan(actor, 'users.write', m.regionCode);
    }
    if (input.homeRegionCode && !(await this.regionExists(input.homeRegionCode))) {
      throw badRequest('REGION_NOT_FOUND', `Unknown region code ${input.homeRegionCode}`, { field: 'homeRegionCode' });
    }
    if (actor && ms.length === 0) assertCan(actor, 'users.write', input.homeRegionCode ?? undefined);
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    try {
      const id = await this.p.tx(async (tx: Db) => {
        const [u] = await tx
          .insert(users)
          .values({ username, displayName, phone, passwordHash, kind: input.kind, homeRegionCode: input.homeRegionCode ?? null })
          .returning({ id: users.id });
        if (ms.length) {
          await tx.insert(memberships).values(ms.map((m) => ({ userId: u.id, role: m.role, regionCode: m.regionCode, organisationId: m.organisationId ?? null })));
        }
        await writeAudit(tx, {
          actorId: actor?.id ?? null, action: 'user.created', entity: 'user', entityId: u.id,
          regionCode: ms[0]?.regionCode ?? input.homeRegionCode ?? null,
          details: { username, phone: maskPhone(phone), roles: ms.map((m) => `${m.role}@${m.regionCode}`) },
        });
        return u.id;
      });
      this.p.log.info({ actorId: actor?.id ?? 'cli', userId: id }, 'user created');
      return this.view(id);
    } catch (err) {
      if (isUniqueViolation(err)) {
        const byName = username ? await repo.findUserByUsername(this.p.db, username) : undefined;
        const field = byName ? 'username' : 'phone';
        throw conflict('USER_EXISTS', `A user with this ${field} already exists`, { field });
      }
      throw err;
    }
  }

  /**
   * Residents made in bulk (trusted callers: a roster import of hundreds of people, where createUser's
   * round trips per person cost seconds): phones checked and normalised, roles and regions checked once
   * per distinct value, then one transaction — users, memberships, one audit row. A phone that exists
   * already (or arrives twice) makes no second account: its existing id is answered. Ids by the phone as given.
   */
  async createResidents(actorId: string | null, people: { displayName: string; phone: string; homeRegionCode: string; roles: Role[] }[]): Promise<Record<string, string>> {
    if (people.length === 0) return {};
    const normal = people.map((p, i) => {
      const phone = normalisePhone(p.phone);
      if (!phone) throw badRequest('PHONE_INVALID', 'Not a mainland mobile number', { field: `people.${i}.phone` });
      if (!p.displayName.trim()) throw badRequest('VALIDATION_FAILED', 'displayName is required', { field: `people.${i}.displayName` });
      return { ...p, phone, given: p.phone };
    });
    for (const code of new Set(normal.map((p) => p.homeRegionCode))) {
      if (!(await this.regionExists(code))) throw badRequest('REGION_NOT_FOUND', `Unknown region code ${code}`, { field: 'homeRegionCode' });
    }
    const ids = await this.p.tx(async (tx: Db) => {
      const made: { id: string; phone: string | null }[] = [];
      // 1,000 rows a statement keeps the parameters (6 a row) well under PostgreSQL's 65,535
      for (let i = 0; i < normal.length; i += 1000) {
        made.push(...await tx.insert(users).values(normal.slice(i, i + 1000).map((p) => ({ displayName: p.displayName.trim(), phone: p.phone, kind: 'resident' as const, homeRegionCode: p.homeRegionCode })))
          .onConflictDoNothing({ target: users.phone }).returning({ id: users.id, phone: users.phone }));
      }
      const byPhone = new Map(made.map((u) => [u.phone!, u.id]));
      const rows = normal.filter((p) => byPhone.has(p.phone)).flatMap((p) => p.roles.map((role) => ({ userId: byPhone.get(p.phone)!, role, regionCode: p.homeRegionCode })));
      for (let i = 0; i < rows.length; i += 1000) await tx.insert(memberships).values(rows.slice(i, i + 1000)).onConflictDoNothing();
      await writeAudit(tx, { actorId, action: 'user.bulk_created', entity: 'user', entityId: null, regionCode: normal[0].homeRegionCode, details: { count: made.length } });
      return byPhone;
    });
    const known = await this.peopleByPhone(normal.filter((p) => !ids.has(p.phone)).map((p) => p.phone));
    return Object.fromEntries(normal.map((p) => [p.given, ids.get(p.phone) ?? known[p.phone]?.id]).filter(([, id]) => id)) as Record<string, string>;
  }

  async view(userId: string): Promise<UserView> {
    const u = await repo.findUserById(this.p.db, userId);
    if (!u) throw notFound('USER_NOT_FOUND', 'No such user');
    const actor = await this.actorOf(userId);
    return {
      id: u.id, username: u.username, displayName: u.displayName, phone: maskPhone(u.phone), kind: u.kind,
      homeRegionCode: u.homeRegionCode, disabled: u.disabled, memberships: actor.memberships,
    };
  }

  /** Users the actor may see (a membership or home in one of their scopes); phones masked. */
  async listUsers(actor: Actor, opts: { q?: string; limit?: number; offset?: number } = {}) {
    const scopes = scopesFor(actor, 'users.read');
    if (scopes.length === 0) assertCan(actor, 'users.read');
    const rows = await repo.listUsersInScopes(this.p.db, scopes, { q: opts.q, limit: opts.limit ?? 50, offset: opts.offset ?? 0 });
    const ms = await repo.membershipsOfUsers(this.p.db, rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id, username: r.username, displayName: r.displayName, phone: maskPhone(r.phone), kind: r.kind,
      homeRegionCode: r.homeRegionCode, disabled: r.disabled,
      memberships: actorFromRows(r.id, r.kind, r.displayName, r.homeRegionCode, ms.filter((m) => m.userId === r.id)).memberships,
    }));
  }

  async createOrganisation(actor: Actor | null, input: { name: string; kind: string; regionCode: string }) {
    if (!(ORGANISATION_KINDS as readonly string[]).includes(input.kind)) {
      throw badRequest('VALIDATION_FAILED', `kind must be one of ${ORGANISATION_KINDS.join(', ')}`, { field: 'kind' });
    }
    if (!(await this.regionExists(input.regionCode))) throw badRequest('REGION_NOT_FOUND', `Unknown region code ${input.regionCode}`, { field: 'regionCode' });
    if (actor) assertCan(actor, 'orgs.write', input.regionCode);
    try {
      return await this.p.tx(async (tx: Db) => {
        const [o] = await tx.insert(organisations).values(input).returning();
        await writeAudit(tx, { actorId: actor?.id ?? null, action: 'organisation.created', entity: 'organisation', entityId: o.id, regionCode: o.regionCode, details: { name: o.name } });
        return presentOrganisation(o);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('ORGANISATION_EXISTS', 'An organisation with this name exists in the region', { field: 'name' });
      throw err;
    }
  }

  /**
   * The grid worker serving a place: the first of the codes (the case's grid, then its village — the
   * demo's grid workers serve a whole village) that has one.
   */
  async gridWorkerOf(codes: string[]): Promise<{ id: string; name: string } | null> {
    const [r] = await this.p.database.raw<{ id: string; name: string }>(`
      SELECT u.id::text AS id, u.display_name AS name FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.role = 'grid_worker' AND m.region_code = ANY($1::text[]) AND NOT u.disabled
       ORDER BY array_position($1::text[], m.region_code::text), u.created_at, u.id LIMIT 1`, [[...new Set(codes)]]);
    return r ?? null;
  }

  /**
   * The organisation of a kind that serves a region: the one whose region is the region itself or its
   * nearest ancestor (a village's cleaning company before the district's).
   */
  async organisationFor(kind: string, regionCode: string): Promise<string | null> {
    // the covering codes come nearest first, so their position orders the organisations
    const [row] = await this.p.database.raw<{ id: string }>(
      'SELECT id FROM organisations WHERE kind = $1 AND region_code = ANY($2::text[]) ORDER BY array_position($2::text[], region_code::text), created_at, id LIMIT 1',
      [kind, coveringRegionCodes(regionCode)]);
    return row?.id ?? null;
  }

  /**
   * People by phone (trusted callers: a roster import matching its rows to accounts), one statement:
   * id, name, home, whether disabled, and the regions where they hold each role. Phones as stored.
   */
  async peopleByPhone(phones: string[]): Promise<Record<string, { id: string; name: string; homeRegionCode: string | null; disabled: boolean; roles: { role: string; regionCode: string }[] }>> {
    if (phones.length === 0) return {};
    const rows = await this.p.database.raw<{ id: string; name: string; phone: string; home_region_code: string | null; disabled: boolean; roles: { role: string; regionCode: string }[] | string | null }>(`
      SELECT u.id::text AS id, u.display_name AS name, u.phone, u.home_region_code, u.disabled,
             (SELECT coalesce(json_agg(json_build_object('role', m.role, 'regionCode', m.region_code)), '[]'::json) FROM memberships m WHERE m.user_id = u.id) AS roles
        FROM users u WHERE u.phone = ANY($1::text[])`, [phones]);
    return Object.fromEntries(rows.map((r) => [r.phone, {
      id: r.id, name: r.name, homeRegionCode: r.home_region_code, disabled: r.disabled,
      roles: (typeof r.roles === 'string' ? JSON.parse(r.roles) : r.roles) ?? [],
    }]));
  }

  /** Phones of people by id (for SMS; never logged, never put in events). */
  async phonesOf(ids: string[]): Promise<Record<string, string>> {
    if (ids.length === 0) return {};
    const rows = await this.p.database.raw<{ id: string; phone: string | null }>('SELECT id, phone FROM users WHERE id = ANY($1::uuid[]) AND NOT disabled', [ids]);
    return Object.fromEntries(rows.filter((r) => r.phone).map((r) => [r.id, r.phone!]));
  }

  /** People to tell (id, name, phone): members of an organisation, or holders of a role at one of the regions. */
  async contacts(q: { organisationId?: string; role?: string; regionCodes?: string[] }): Promise<{ id: string; name: string; phone: string | null }[]> {
    return this.p.database.raw<{ id: string; name: string; phone: string | null }>(`
      SELECT DISTINCT u.id, u.display_name AS name, u.phone FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE NOT u.disabled AND ($1::uuid IS NULL OR m.organisation_id = $1) AND ($2::text IS NULL OR m.role = $2) AND ($3::text[] IS NULL OR m.region_code = ANY($3::text[]))`,
    [q.organisationId ?? null, q.role ?? null, q.regionCodes ?? null]);
  }

  private staffRegions = new Lru<string, { role: string; region_code: string }[]>(10_000, 5_000);

  /** Does this person hold a staff role whose scope covers the region? (One lean query: dispatch path.) */
  async worksIn(userId: string, regionCode: string): Promise<boolean> {
    // cached for a few seconds per process, like sessions (auth.service.ts)
    let rows = this.staffRegions.get(userId);
    if (!rows) {
      rows = await this.p.database.raw<{ role: string; region_code: string }>(
        'SELECT role, region_code FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.user_id = $1 AND NOT u.disabled', [userId]);
      this.staffRegions.set(userId, rows);
    }
    return rows.some((m) => m.role !== 'resident' && m.role !== 'tourist' && regionCode.startsWith(scopeOfRegionCode(m.region_code)));
  }

  /** Display names of people and organisations by id (for staff views of a case). */
  async namesOf(ids: string[]): Promise<Record<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return {};
    const rows = await this.p.database.raw<{ id: string; name: string }>(
      'SELECT id::text, display_name AS name FROM users WHERE id = ANY($1::uuid[]) UNION ALL SELECT id::text, name FROM organisations WHERE id = ANY($1::uuid[])', [unique]);
    return Object.fromEntries(rows.map((r) => [r.id, r.name]));
  }

  async getOrganisation(id: string) {
    return (await repo.findOrganisation(this.p.db, id)) ?? null;
  }

  async listOrganisations(actor: Actor) {
    const scopes = scopesFor(actor, 'orgs.read');
    if (scopes.length === 0) assertCan(actor, 'orgs.read');
    return (await repo.listOrganisations(this.p.db, scopes)).map(presentOrganisation);
  }
}
