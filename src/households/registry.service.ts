/**
 * The household registry (一户一档, issue 20 item 1): a household's record — people with roles, ID
 * numbers sealed and phones masked, tags, grid and address point, its change history — for those with
 * need-to-know (need-to-know.ts); every opening and every reveal of an ID number or phone is audited, and
 * the household reads who looked (谁看过我家的信息). The roster import is in registry-import.ts.
 */
import { can, assertCan, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { iso } from '../platform/contract.ts';
import type { Db } from '../platform/db/index.ts';
import { AppError, badRequest, notFound } from '../platform/errors.ts';
import { maskIdNumber, maskName, maskPhone, normalisePhone } from '../platform/privacy.ts';
import type { UsersService } from '../people/index.ts';
import type { RegionNames } from './households.service.ts';
import * as repo from './households.repository.ts';
import { PERSON_ROLES, RELATION_ZH, type PersonRole, type Relation } from './households.schema.ts';
import { idVault, loadIdKey, normaliseIdNumber, birthDateOf, type IdVault } from './id-numbers.ts';
import { seenAs, type SeenAs } from './need-to-know.ts';
import { importRoster, type ImportInput } from './registry-import.ts';
import type { HistoryEntry, HouseholdRecord, ImportResult, RegistryPerson, Revealed, RevealList } from './registry.contract.ts';
import * as reg from './registry.repository.ts';

const missing = () => notFound('HOUSEHOLD_NOT_FOUND', 'No such household');

export interface NewPersonInput {
  name: string;
  relation: Relation;
  idNumber?: string;
  phone?: string;
  roles?: PersonRole[];
}

/** A household as another module's page part sees it: its village (scope) and the user ids of its members. */
export interface SeenHousehold {
  id: string;
  regionCode: string;
  gridCode: string | null;
  memberIds: string[];
}

export class HouseholdRegistry {
  private sealedWith: IdVault | null = null;

  constructor(
    private p: Platform,
    private users: UsersService,
    private regions: RegionNames,
  ) {}

  /** The vault (key read once, on first use: a server that never touches ID numbers never needs it). */
  vault(): IdVault {
    if (!this.sealedWith) {
      try {
        this.sealedWith = idVault(loadIdKey(this.p.config.dataDir, this.p.config.idNumberKey));
      } catch (e) {
        this.p.log.error({ err: e }, 'households: the ID number key cannot be read');
        throw new AppError('HOUSEHOLD_ID_KEY_MISSING', 503, 'The ID number key is not available');
      }
    }
    return this.sealedWith;
  }

  /** The sealed columns of a person's ID number and phone (already checked). */
  seal(idNumber: string | null, phone: string | null): Pick<reg.NewPerson, 'idCipher' | 'idHash' | 'idMasked' | 'birthDate' | 'phoneCipher' | 'phoneMasked'> {
    const v = idNumber || phone ? this.vault() : null;
    return {
      idCipher: idNumber ? v!.seal(idNumber) : null, idHash: idNumber ? v!.hash(idNumber) : null, idMasked: idNumber ? maskIdNumber(idNumber) : null,
      birthDate: idNumber ? birthDateOf(idNumber) : null, phoneCipher: phone ? v!.seal(phone) : null, phoneMasked: phone ? maskPhone(phone) : null,
    };
  }

  /** A household the actor has need-to-know of, else 404 (whether or not it exists). */
  private async seen(actor: Actor, id: string, db: Db = this.p.db): Promise<{ row: repo.HouseholdRow; as: SeenAs }> {
    const row = await repo.findById(db, id);
    const as = row ? seenAs(actor, row) : null;
    if (!row || !as) throw missing();
    return { row, as };
  }

  /**
   * The household's members (account holders) for an actor with need-to-know, else 404 — the same rule
   * and answer as the record's: what other modules' parts of the household page (its points, the cases
   * its people reported) ask before they read anything of the household.
   */
  async seenMembers(actor: Actor, id: string): Promise<SeenHousehold> {
    const { row } = await this.seen(actor, id);
    const members = await repo.membersOf(this.p.db, row.id);
    return { id: row.id, regionCode: row.regionCode, gridCode: row.gridCode, memberIds: members.map((m) => m.userId) };
  }

  /** The household's page: opening it is audited (a reveal of who lives there), in the read's transaction. */
  async record(actor: Actor, id: string): Promise<HouseholdRecord> {
    const { row, as, people, history } = await this.p.tx(async (tx) => {
      const s = await this.seen(actor, id, tx);
      const [people, history] = [await reg.peopleOf(tx, s.row.id), await reg.historyOf(tx, s.row.id)];
      await writeAudit(tx, { actorId: actor.id, action: 'households.reveal', entity: 'household', entityId: s.row.id, regionCode: s.row.regionCode, details: { as: s.as } });
      return { ...s, people, history };
    });
    const codes = [row.regionCode, ...(row.gridCode ? [row.gridCode] : [])];
    const [places, actors] = await Promise.all([this.regions.names(codes), this.users.namesOf(history.map((h) => h.actorId).filter((x): x is string => !!x))]);
    return {
      id: row.id, regionCode: row.regionCode, regionName: places[row.regionCode] ?? row.regionCode, gridCode: row.gridCode, gridName: row.gridCode ? places[row.gridCode] ?? row.gridCode : null,
      name: row.name, address: row.address, lon: row.lon, lat: row.lat, tags: row.tags, headUserId: row.headUserId,
      people: people.map(presentPerson), history: history.map((h) => presentHistory(h, actors)), seenAs: as,
      manage: can(actor, 'households.manage', row.regionCode), cardIssuedAt: iso(row.cardIssuedAt), createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt),
    };
  }

  /** One person's ID number or phone in full: audited (who, whose, which field) before it is answered. */
  async reveal(actor: Actor, id: string, personId: string, field: 'idNumber' | 'phone'): Promise<Revealed> {
    const sealed = await this.p.tx(async (tx) => {
      const { row } = await this.seen(actor, id, tx);
      const person = await reg.personById(tx, row.id, personId);
      if (!person) throw notFound('HOUSEHOLD_PERSON_NOT_FOUND', 'No such person in this household', { field: 'personId' });
      const value = field === 'idNumber' ? person.idCipher : person.phoneCipher;
      if (!value) throw notFound('HOUSEHOLD_PERSON_NOT_FOUND', 'Nothing on record to reveal', { field });
      await writeAudit(tx, { actorId: actor.id, action: 'households.reveal_field', entity: 'household', entityId: row.id, regionCode: row.regionCode, details: { personId: person.id, field } });
      return value;
    });
    return { field, value: this.vault().open(sealed) };
  }

  /** Who opened the household, revealed whose ID number or phone, or scanned its card (need-to-know). */
  async reveals(actor: Actor, id: string): Promise<RevealList> {
    const { row } = await this.seen(actor, id);
    return this.revealList(row.id);
  }

  /** 谁看过我家的信息: the same list for a member of the household. */
  async myReveals(actor: Actor): Promise<RevealList> {
    const row = await repo.findByMember(this.p.db, actor.id);
    return row ? this.revealList(row.id) : { items: [] };
  }

  private async revealList(householdId: string): Promise<RevealList> {
    const [rows, people] = await Promise.all([reg.revealsOf(this.p.db, householdId), reg.peopleOf(this.p.db, householdId)]);
    const names = await this.users.namesOf(rows.map((r) => r.actor_id).filter((x): x is string => !!x));
    const personName = new Map(people.map((p) => [p.id, p.name]));
    return {
      items: rows.map((r) => ({
        at: iso(r.at), who: (r.actor_id && names[r.actor_id]) || '系统',
        what: r.action === 'households.card_scan' ? 'cardScan' as const : r.action === 'households.reveal' ? 'record' as const : (r.details.field === 'phone' ? 'phone' as const : 'idNumber' as const),
        personName: typeof r.details.personId === 'string' ? personName.get(r.details.personId) ?? null : null,
      })),
    };
  }

  /** A person on record without an account (a child, an elder without a phone): checked ID number, sealed. */
  async addPerson(actor: Actor | null, id: string, input: NewPersonInput): Promise<HouseholdRecord | null> {
    const row = await this.managed(actor, id);
    if (input.relation === 'head') throw new AppError('HOUSEHOLD_RELATION_INVALID', 422, 'Not a valid relation to the head', { field: 'relation' });
    const idNumber = input.idNumber ? normaliseIdNumber(input.idNumber) : null;
    if (input.idNumber && !idNumber) throw badRequest('ID_NUMBER_INVALID', 'Not a valid ID number (length, birth date or check digit)', { field: 'idNumber' });
    const phone = input.phone ? normalisePhone(input.phone) : null;
    if (input.phone && !phone) throw badRequest('PHONE_INVALID', 'Not a mainland mobile number', { field: 'phone' });
    const sealed = this.seal(idNumber, phone);
    await this.p.tx(async (tx) => {
      await repo.lock(tx, row.id);
      await reg.insertPeople(tx, [{ householdId: row.id, name: input.name.trim(), relation: input.relation, roles: input.roles ?? [], ...sealed }]);
      await reg.appendHistory(tx, [{ householdId: row.id, actorId: actor?.id ?? null, change: 'person_added', newValue: `${maskName(input.name.trim())}（${RELATION_ZH[input.relation]}）${sealed.idMasked ? ` ${sealed.idMasked}` : ''}` }]);
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'households.person_added', entity: 'household', entityId: row.id, regionCode: row.regionCode, details: { relation: input.relation } });
      await repo.update(tx, row.id, {});
    });
    return actor ? this.record(actor, row.id) : null;
  }

  /** A person's roles (contact, proxy). */
  async setRoles(actor: Actor, id: string, personId: string, roles: PersonRole[]): Promise<HouseholdRecord> {
    const row = await this.managed(actor, id);
    const clean = PERSON_ROLES.filter((r) => roles.includes(r));
    await this.p.tx(async (tx) => {
      await repo.lock(tx, row.id);
      const person = await reg.personById(tx, row.id, personId);
      if (!person) throw notFound('HOUSEHOLD_PERSON_NOT_FOUND', 'No such person in this household', { field: 'personId' });
      if (person.roles.join() === clean.join()) return;
      await reg.setPersonRoles(tx, person.id, clean);
      await reg.appendHistory(tx, [{ householdId: row.id, actorId: actor.id, change: 'roles', oldValue: `${maskName(person.name)}: ${person.roles.join('、') || '—'}`, newValue: `${maskName(person.name)}: ${clean.join('、') || '—'}` }]);
      await repo.update(tx, row.id, {});
    });
    return this.record(actor, row.id);
  }

  /** Tags (低保, 独居老人 …) and the address, grid and point: each change a history row (old → new). */
  async update(actor: Actor, id: string, input: { tags?: string[]; address?: string; gridCode?: string | null; lon?: number; lat?: number }): Promise<HouseholdRecord> {
    const row = await this.managed(actor, id);
    if (input.gridCode && (!input.gridCode.startsWith(row.regionCode) || !(await this.regions.exists(input.gridCode)))) {
      throw new AppError('HOUSEHOLD_REGION_INVALID', 422, 'The grid is not one of the household\'s village', { field: 'gridCode' });
    }
    // the grids by name in the history (read before the transaction: PGlite has one connection)
    const gridNames = await this.regions.names([row.gridCode, input.gridCode].filter((c): c is string => !!c));
    const gridLabel = (c: string | null) => (c ? gridNames[c] ?? c : null);
    await this.p.tx(async (tx) => {
      const h = (await repo.lock(tx, row.id))!;
      const changes: reg.NewHistory[] = [];
      const tags = input.tags ? [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))] : h.tags;
      if (tags.join() !== h.tags.join()) changes.push({ householdId: h.id, actorId: actor.id, change: 'tags', oldValue: h.tags.join('、'), newValue: tags.join('、') });
      const address = input.address?.trim() ?? h.address;
      if (address !== h.address) changes.push({ householdId: h.id, actorId: actor.id, change: 'address', oldValue: h.address, newValue: address });
      const gridCode = input.gridCode === undefined ? h.gridCode : input.gridCode;
      if (gridCode !== h.gridCode) changes.push({ householdId: h.id, actorId: actor.id, change: 'grid', oldValue: gridLabel(h.gridCode), newValue: gridLabel(gridCode) });
      const [lon, lat] = [input.lon ?? h.lon, input.lat ?? h.lat];
      if (lon !== h.lon || lat !== h.lat) changes.push({ householdId: h.id, actorId: actor.id, change: 'point', oldValue: h.lon === null ? null : `${h.lon},${h.lat}`, newValue: `${lon},${lat}` });
      if (!changes.length) return;
      await reg.appendHistory(tx, changes);
      await repo.updatePlace(tx, h.id, { tags, address, gridCode, lon, lat });
      await writeAudit(tx, { actorId: actor.id, action: 'households.updated', entity: 'household', entityId: h.id, regionCode: h.regionCode, details: { changes: changes.map((c) => c.change) } });
    });
    return this.record(actor, row.id);
  }

  /** The roster import (registry-import.ts): all or nothing, duplicates answered until confirmed separate. */
  importRoster(actor: Actor | null, input: ImportInput): Promise<ImportResult> {
    return importRoster({ p: this.p, users: this.users, regions: this.regions, registry: this }, actor, input);
  }

  private async managed(actor: Actor | null, id: string): Promise<repo.HouseholdRow> {
    const row = await repo.findById(this.p.db, id);
    if (!row) throw missing();
    if (actor) assertCan(actor, 'households.manage', row.regionCode, missing);
    return row;
  }
}

function presentPerson(p: reg.PersonRow): RegistryPerson {
  return {
    id: p.id, userId: p.userId, name: p.name, relation: p.relation as Relation, roles: p.roles as PersonRole[],
    idNumber: p.idMasked, birthYear: p.birthDate ? Number(p.birthDate.slice(0, 4)) : null, phone: p.phoneMasked,
  };
}

function presentHistory(h: reg.HistoryRow, actors: Record<string, string>): HistoryEntry {
  return { at: iso(h.at), actorName: (h.actorId && actors[h.actorId]) || '系统', change: h.change, oldValue: h.oldValue, newValue: h.newValue };
}
