/**
 * Households (户, issue 16 item 2): who lives with whom, the head, and the printable card. Two faces:
 * - trusted queries for other modules (no actor): `householdOf`, `membersOf`, `sameHousehold`,
 *   `byCardToken` — points roll a person's points up to the household and keep a reviewer off an award
 *   to their own household with them;
 * - people: members read their own household; a granted reader (households.read, need-to-know) reads
 *   the area's, names masked in lists, a full record audited as a reveal; the administrator
 *   (households.manage) creates and changes households and reissues cards; a grid worker or the
 *   village office (households.proxy) scans a card — every scan audited in the read's transaction.
 * `actor: null` is the system (the demo's seed), as for users.createUser.
 */
import crypto from 'node:crypto';
import { assertCan, can, scopeOfRegionCode, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
// names in lists and scans are masked as everywhere (郭渭民 → 郭*民, a place label kept)
import { maskName } from '../platform/privacy.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { iso } from '../platform/contract.ts';
import { AppError, conflict, isUniqueViolation, notFound } from '../platform/errors.ts';
import type { UsersService } from '../people/index.ts';
import { renderCard } from './card.ts';
import type { CardScan, HouseholdPage, HouseholdView, MyHousehold } from './households.contract.ts';
import * as repo from './households.repository.ts';
import { scopeSql, seenAs, seesAny } from './need-to-know.ts';
import * as reg from './registry.repository.ts';
import { RELATION_ZH, type Relation } from './households.schema.ts';

/** What households needs of the regions module (its service satisfies it). */
export interface RegionNames {
  exists(code: string): Promise<boolean>;
  names(codes: string[]): Promise<Record<string, string>>;
}

/** A household as other modules see it. */
export interface HouseholdRef {
  id: string;
  regionCode: string;
  headUserId: string;
  memberIds: string[];
}

export interface NewHousehold {
  regionCode: string;
  name: string;
  address: string;
  headUserId: string;
  members?: { userId: string; relation: Relation }[];
}

/** 18 random bytes: 144 bits, 24 URL-safe characters — not guessable, short enough for a small QR code. */
const newCardToken = () => crypto.randomBytes(18).toString('base64url');

const missing = () => notFound('HOUSEHOLD_NOT_FOUND', 'No such household');
const personMissing = (field: string) => notFound('HOUSEHOLD_PERSON_NOT_FOUND', 'No such person', { field });

export class HouseholdsService {
  constructor(
    private p: Platform,
    private users: UsersService,
    private regions: RegionNames,
  ) {}

  // ——— trusted queries for other modules ———

  async householdOf(userId: string): Promise<HouseholdRef | null> {
    const row = await repo.findByMember(this.p.db, userId);
    return row ? this.ref(row) : null;
  }

  /** A household by its id (the party-work tasks name households), or null. */
  async householdById(id: string): Promise<HouseholdRef | null> {
    const row = await repo.findById(this.p.db, id);
    return row ? this.ref(row) : null;
  }

  async membersOf(householdId: string): Promise<{ userId: string; relation: Relation }[]> {
    return (await repo.membersOf(this.p.db, householdId)).map((m) => ({ userId: m.userId, relation: m.relation as Relation }));
  }

  sameHousehold(a: string, b: string): Promise<boolean> {
    return repo.sameHousehold(this.p.db, a, b);
  }

  /** Labels of households for staff reports ("郭家 · 余东村 上余 12号"): ids that are not households are left out. */
  async labelsOf(ids: string[]): Promise<Record<string, string>> {
    return Object.fromEntries((await repo.namesOf(this.p.db, ids)).map((h) => [h.id, `${h.name} · ${h.address}`]));
  }

  /** The household of a live card; null for an unknown or replaced token. */
  async byCardToken(token: string): Promise<HouseholdRef | null> {
    const row = token.length <= 64 ? await repo.findByToken(this.p.db, token) : undefined;
    return row ? this.ref(row) : null;
  }

  // ——— people ———

  /** My household (members in full: they are my own family) with my card's token and URL; null when I belong to none. */
  async mine(actor: Actor, origin: string): Promise<MyHousehold> {
    const row = await repo.findByMember(this.p.db, actor.id);
    if (!row) return { household: null };
    return { household: { ...(await this.present(row, true)), cardToken: row.cardToken, cardUrl: cardUrl(origin, row.cardToken) } };
  }

  /** My household's printable card. */
  async myCard(actor: Actor, origin: string): Promise<string> {
    const row = await repo.findByMember(this.p.db, actor.id);
    if (!row) throw missing();
    return this.card(row, origin);
  }

  /** Any household's card, for its village's administrator to print. */
  async printCard(actor: Actor, id: string, origin: string): Promise<string> {
    return this.card(await this.managed(actor, id), origin);
  }

  /** A page of the area's households (granted readers), names masked; `region` narrows it to a village or township. */
  async list(actor: Actor, q: { region?: string; limit?: number; offset?: number }): Promise<HouseholdPage> {
    // need-to-know: a grant of households.read, or a grid worker's own grid
    if (!seesAny(actor)) assertCan(actor, 'households.read');
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const offset = Math.max(q.offset ?? 0, 0);
    const { rows, total } = await repo.list(this.p.db, scopeSql(actor), { region: q.region ? scopeOfRegionCode(q.region) : undefined, limit, offset });
    const [names, places] = await Promise.all([this.users.namesOf(rows.map((r) => r.head_user_id)), this.regions.names(rows.flatMap((r) => (r.grid_code ? [r.region_code, r.grid_code] : [r.region_code])))]);
    return {
      total, limit, offset,
      items: rows.map((r) => ({
        id: r.id, regionCode: r.region_code, regionName: places[r.region_code] ?? r.region_code, name: r.name, address: r.address,
        headName: maskName(names[r.head_user_id]) ?? '', memberCount: Number(r.member_count), updatedAt: iso(r.updated_at),
        tags: r.tags ?? [], gridName: r.grid_code ? places[r.grid_code] ?? r.grid_code : null,
      })),
    };
  }

  /** One household in full (granted reader in its area): a reveal of personal data, audited. */
  async get(actor: Actor, id: string): Promise<HouseholdView> {
    const row = await repo.findById(this.p.db, id);
    // need-to-know: anyone else is told it does not exist
    if (!row || !seenAs(actor, row)) throw missing();
    await writeAudit(this.p.db, { actorId: actor.id, action: 'households.reveal', entity: 'household', entityId: row.id, regionCode: row.regionCode });
    return this.present(row, true);
  }

  async create(actor: Actor | null, input: NewHousehold): Promise<HouseholdView> {
    const regionCode = input.regionCode;
    // a village or community (12 digits, its own scope), not a township nor a grid
    if (scopeOfRegionCode(regionCode).length !== 12 || !(await this.regions.exists(regionCode))) {
      throw new AppError('HOUSEHOLD_REGION_INVALID', 422, 'A household belongs to a village or community', { field: 'regionCode' });
    }
    if (actor) assertCan(actor, 'households.manage', regionCode);
    const members = input.members ?? [];
    const ids = [input.headUserId, ...members.map((m) => m.userId)];
    const twice = ids.find((x, i) => ids.indexOf(x) !== i);
    if (twice) throw conflict('HOUSEHOLD_ALREADY_MEMBER', 'A person is named twice', { field: 'members', userId: twice });
    for (const m of members) if (m.relation === 'head') throw relationInvalid('members');
    await this.person(actor, regionCode, input.headUserId, 'headUserId');
    for (const m of members) await this.person(actor, regionCode, m.userId, 'members');
    // names read before the transaction (PGlite has one connection: no read outside a running transaction)
    const names = await this.users.namesOf(ids);
    const row = await this.write(async (tx) => {
      const h = await repo.insertHousehold(tx, { regionCode, name: input.name.trim(), address: input.address.trim(), headUserId: input.headUserId, cardToken: newCardToken() });
      await repo.insertMember(tx, { householdId: h.id, userId: input.headUserId, relation: 'head' });
      for (const m of members) await repo.insertMember(tx, { householdId: h.id, userId: m.userId, relation: m.relation });
      await reg.insertPeople(tx, [{ userId: input.headUserId, relation: 'head' as Relation, roles: ['contact' as const] }, ...members.map((m) => ({ ...m, roles: [] }))]
        .map((m) => ({ householdId: h.id, userId: m.userId, name: names[m.userId] ?? '', relation: m.relation, roles: m.roles })));
      await reg.appendHistory(tx, [{ householdId: h.id, actorId: actor?.id ?? null, change: 'created', newValue: `${h.name} · ${h.address} · ${ids.length} 人` }]);
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'households.created', entity: 'household', entityId: h.id, regionCode, details: { members: ids.length } });
      return h;
    });
    return this.present(row, this.reveals(actor, row));
  }

  async addMember(actor: Actor | null, id: string, input: { userId: string; relation: Relation }): Promise<HouseholdView> {
    const row = await this.managed(actor, id);
    if (input.relation === 'head') throw relationInvalid('relation');
    await this.person(actor, row.regionCode, input.userId, 'userId', row.id);
    const name = (await this.users.namesOf([input.userId]))[input.userId] ?? '';
    const after = await this.write(async (tx) => {
      await repo.lock(tx, row.id);
      await repo.insertMember(tx, { householdId: row.id, userId: input.userId, relation: input.relation });
      await reg.insertPeople(tx, [{ householdId: row.id, userId: input.userId, name, relation: input.relation }]);
      await reg.appendHistory(tx, [{ householdId: row.id, actorId: actor?.id ?? null, change: 'member_added', newValue: `${maskName(name)}（${RELATION_ZH[input.relation]}）` }]);
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'households.member_added', entity: 'household', entityId: row.id, regionCode: row.regionCode, details: { userId: input.userId, relation: input.relation } });
      return repo.update(tx, row.id, {});
    });
    return this.present(after, this.reveals(actor, after));
  }

  /** Remove a member; removing the head needs the new head (one of the other members) named. */
  async removeMember(actor: Actor, id: string, userId: string, input: { newHeadUserId?: string } = {}): Promise<HouseholdView> {
    const row = await this.managed(actor, id);
    const names = await this.users.namesOf([userId, ...(input.newHeadUserId ? [input.newHeadUserId] : [])]);
    const after = await this.p.tx(async (tx) => {
      const h = (await repo.lock(tx, row.id))!;
      const members = await repo.membersOf(tx, h.id);
      if (!members.some((m) => m.userId === userId)) throw conflict('HOUSEHOLD_NOT_MEMBER', 'Not a member of this household', { field: 'userId' });
      let head = h.headUserId;
      if (userId === h.headUserId) {
        if (!input.newHeadUserId) throw conflict('HOUSEHOLD_HEAD_REMOVAL', 'Name a new head before removing the head', { field: 'newHeadUserId' });
        if (input.newHeadUserId === userId || !members.some((m) => m.userId === input.newHeadUserId)) {
          throw conflict('HOUSEHOLD_HEAD_NOT_MEMBER', 'The new head must be another member', { field: 'newHeadUserId' });
        }
        head = input.newHeadUserId;
      }
      await repo.deleteMember(tx, h.id, userId);
      await reg.deletePersonOfUser(tx, h.id, userId);
      if (head !== h.headUserId) {
        await repo.setRelation(tx, h.id, head, 'head');
        await reg.setPersonRelation(tx, h.id, head, 'head');
      }
      await reg.appendHistory(tx, [
        { householdId: h.id, actorId: actor.id, change: 'member_removed', oldValue: maskName(names[userId]) },
        ...(head !== h.headUserId ? [{ householdId: h.id, actorId: actor.id, change: 'head_changed', oldValue: maskName(names[userId]), newValue: maskName(names[head]) }] : []),
      ]);
      await writeAudit(tx, { actorId: actor.id, action: 'households.member_removed', entity: 'household', entityId: h.id, regionCode: h.regionCode, details: { userId, newHeadUserId: head !== h.headUserId ? head : null } });
      return repo.update(tx, h.id, { headUserId: head });
    });
    return this.present(after, this.reveals(actor, after));
  }

  /** Make a member the head; the former head keeps a relation (`formerHeadRelation`, default other). Naming the head again changes nothing. */
  async setHead(actor: Actor, id: string, input: { userId: string; formerHeadRelation?: Relation }): Promise<HouseholdView> {
    const row = await this.managed(actor, id);
    if (input.formerHeadRelation === 'head') throw relationInvalid('formerHeadRelation');
    const names = await this.users.namesOf([row.headUserId, input.userId]);
    const after = await this.p.tx(async (tx) => {
      const h = (await repo.lock(tx, row.id))!;
      if (h.headUserId === input.userId) return h;
      const members = await repo.membersOf(tx, h.id);
      if (!members.some((m) => m.userId === input.userId)) throw conflict('HOUSEHOLD_HEAD_NOT_MEMBER', 'The head must be a member', { field: 'userId' });
      // the former head first: one head per household holds in the database at every statement
      await repo.setRelation(tx, h.id, h.headUserId, input.formerHeadRelation ?? 'other');
      await repo.setRelation(tx, h.id, input.userId, 'head');
      await reg.setPersonRelation(tx, h.id, h.headUserId, input.formerHeadRelation ?? 'other');
      await reg.setPersonRelation(tx, h.id, input.userId, 'head');
      await reg.appendHistory(tx, [{ householdId: h.id, actorId: actor.id, change: 'head_changed', oldValue: maskName(names[h.headUserId]), newValue: maskName(names[input.userId]) }]);
      await writeAudit(tx, { actorId: actor.id, action: 'households.head_changed', entity: 'household', entityId: h.id, regionCode: h.regionCode, details: { from: h.headUserId, to: input.userId } });
      return repo.update(tx, h.id, { headUserId: input.userId });
    });
    return this.present(after, this.reveals(actor, after));
  }

  /** A lost card: a new token, the old one refused from now on; audited with the reason. */
  async rotateCard(actor: Actor, id: string, reason: string): Promise<HouseholdView> {
    const row = await this.managed(actor, id);
    const after = await this.p.tx(async (tx) => {
      await repo.lock(tx, row.id);
      await reg.appendHistory(tx, [{ householdId: row.id, actorId: actor.id, change: 'card_rotated', newValue: reason.trim() }]);
      await writeAudit(tx, { actorId: actor.id, action: 'households.card_rotated', entity: 'household', entityId: row.id, regionCode: row.regionCode, details: { reason: reason.trim() } });
      return repo.update(tx, row.id, { cardToken: newCardToken(), cardIssuedAt: new Date() });
    });
    return this.present(after, this.reveals(actor, after));
  }

  /**
   * A scan of a household card (households.proxy in the household's area): what the grid worker or
   * shopkeeper needs to act for it, names masked. The audit row is written in the transaction that
   * reads the household; a refused scan (unknown, replaced, another area's card) is audited too, and
   * answers 404 either way.
   */
  async scan(actor: Actor, token: string): Promise<CardScan> {
    const seen = await this.p.tx(async (tx) => {
      const row = token.length <= 64 ? await repo.findByToken(tx, token) : undefined;
      if (!row || !can(actor, 'households.proxy', row.regionCode)) {
        await writeAudit(tx, { actorId: actor.id, action: 'households.card_scan_refused', entity: 'household', entityId: null, details: { reason: row ? 'scope' : 'unknown' } });
        return null;
      }
      const members = await repo.membersOf(tx, row.id);
      await writeAudit(tx, { actorId: actor.id, action: 'households.card_scan', entity: 'household', entityId: row.id, regionCode: row.regionCode, details: { members: members.length } });
      return { row, members };
    });
    if (!seen) throw notFound('HOUSEHOLD_CARD_NOT_FOUND', 'No household card with this token in your area');
    const { row, members } = seen;
    const [names, places] = await Promise.all([this.users.namesOf(members.map((m) => m.userId)), this.regions.names([row.regionCode])]);
    return {
      id: row.id, regionCode: row.regionCode, regionName: places[row.regionCode] ?? row.regionCode, name: row.name, headUserId: row.headUserId,
      members: members.map((m) => ({ userId: m.userId, name: maskName(names[m.userId]) ?? '', relation: m.relation as Relation })),
    };
  }

  // ——— helpers ———

  private ref(row: repo.HouseholdRow): Promise<HouseholdRef> {
    return repo.membersOf(this.p.db, row.id).then((ms) => ({ id: row.id, regionCode: row.regionCode, headUserId: row.headUserId, memberIds: ms.map((m) => m.userId) }));
  }

  /** A household the actor manages (another area's answers as missing). */
  private async managed(actor: Actor | null, id: string): Promise<repo.HouseholdRow> {
    const row = await repo.findById(this.p.db, id);
    if (!row) throw missing();
    if (actor) assertCan(actor, 'households.manage', row.regionCode, missing);
    return row;
  }

  /** Does a management answer show names in full? Only to a granted reader of the area (or the system). */
  private reveals(actor: Actor | null, row: repo.HouseholdRow): boolean {
    return !actor || can(actor, 'households.read', row.regionCode);
  }

  /**
   * A person who may join a household of `regionCode`: a live account the actor's area covers (else:
   * not found, without saying whether it exists), living in that village.
   */
  private async person(actor: Actor | null, regionCode: string, userId: string, field: string, householdId?: string): Promise<void> {
    const u = await this.users.view(userId).catch(() => null);
    if (!u || u.disabled || !u.homeRegionCode) throw personMissing(field);
    if (actor && !can(actor, 'households.manage', u.homeRegionCode)) throw personMissing(field);
    if (!u.homeRegionCode.startsWith(scopeOfRegionCode(regionCode))) {
      throw new AppError('HOUSEHOLD_PERSON_ELSEWHERE', 422, 'The person does not live in the household\'s village', { field, userId });
    }
    const other = await repo.findByMember(this.p.db, userId);
    if (other && other.id === householdId) throw conflict('HOUSEHOLD_ALREADY_MEMBER', 'Already a member of this household', { field, userId });
    if (other) throw memberConflict(field, userId);
  }

  /** A write whose member rows may meet a concurrent one: the key on user_id answers 409, nothing written. */
  private async write<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    try {
      return await this.p.tx(fn);
    } catch (err) {
      if (isUniqueViolation(err)) throw memberConflict('userId');
      throw err;
    }
  }

  private async present(row: repo.HouseholdRow, full: boolean): Promise<HouseholdView> {
    const members = await repo.membersOf(this.p.db, row.id);
    const [names, places] = await Promise.all([this.users.namesOf(members.map((m) => m.userId)), this.regions.names([row.regionCode])]);
    return {
      id: row.id, regionCode: row.regionCode, regionName: places[row.regionCode] ?? row.regionCode, name: row.name, address: row.address, headUserId: row.headUserId,
      members: members.map((m) => ({ userId: m.userId, name: full ? names[m.userId] ?? '' : maskName(names[m.userId]) ?? '', relation: m.relation as Relation, joinedAt: iso(m.joinedAt) })),
      cardIssuedAt: iso(row.cardIssuedAt), createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt),
    };
  }

  private async card(row: repo.HouseholdRow, origin: string): Promise<string> {
    const [names, places] = await Promise.all([this.users.namesOf([row.headUserId]), this.regions.names([row.regionCode])]);
    return renderCard({ village: places[row.regionCode] ?? row.regionCode, household: row.name, address: row.address, head: names[row.headUserId] ?? '', url: cardUrl(origin, row.cardToken) });
  }
}

/** What a card's QR code carries: the web app's address for a scan (a staff phone's camera opens it). */
export const cardUrl = (origin: string, token: string) => `${origin.replace(/\/$/, '')}/app/households/card/${encodeURIComponent(token)}`;

const relationInvalid = (field: string) => new AppError('HOUSEHOLD_RELATION_INVALID', 422, 'Not a valid relation to the head', { field });
const memberConflict = (field: string, userId?: string) =>
  conflict('HOUSEHOLD_MEMBER_ELSEWHERE', 'This person already belongs to a household', { field, ...(userId ? { userId } : {}) });
