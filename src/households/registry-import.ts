/**
 * Importing a village's households (CSV or XLSX, one row per person; import.ts reads and checks it).
 * All or nothing: the whole file is checked — rows, one head per 户号 with a phone (the household's
 * account), grids of the village, duplicates — before anything is written. Duplicates by the rules the
 * operator keeps on (same ID number by its lookup hash; same name + phone; same name + birth date from the
 * ID number), within the file and against people on record, are answered (409, with both sides) and
 * nothing is imported, until the operator confirms the rows named are different people (`separate`).
 * Then: accounts for the people with phones (the people module's bulk insert, one transaction), and the
 * households, members, person records and their history in one transaction.
 */
import crypto from 'node:crypto';
import { assertCan, scopeOfRegionCode, type Actor, type Role } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { AppError, conflict } from '../platform/errors.ts';
import type { UsersService } from '../people/index.ts';
import { households, householdMembers } from './households.schema.ts';
import type { RegionNames } from './households.service.ts';
import { csvCells, readRoster, xlsxCells, type RosterRow } from './import.ts';
import type { DuplicateEntry, ImportResult } from './registry.contract.ts';
import * as reg from './registry.repository.ts';
import type { HouseholdRegistry } from './registry.service.ts';

export type DuplicateRule = DuplicateEntry['rule'];
export const DUPLICATE_RULES: DuplicateRule[] = ['idNumber', 'namePhone', 'nameBirth'];

export interface ImportInput {
  regionCode: string;
  format: 'csv' | 'xlsx';
  /** CSV text, or the XLSX file in base64 */
  data: string;
  rules?: DuplicateRule[];
  /** rows the operator confirms are different people from what they resemble */
  separate?: number[];
}

const bad = (row: number, column: string, problemZh: string, problem: string) =>
  new AppError('HOUSEHOLD_IMPORT_INVALID', 400, `Row ${row}, column ${column}: ${problem}`, { row, column, field: column, problemZh, problem });

export async function importRoster(deps: { p: Platform; users: UsersService; regions: RegionNames; registry: HouseholdRegistry }, actor: Actor | null, input: ImportInput): Promise<ImportResult> {
  const { p, users, regions, registry } = deps;
  const village = input.regionCode;
  if (scopeOfRegionCode(village).length !== 12 || !(await regions.exists(village))) {
    throw new AppError('HOUSEHOLD_REGION_INVALID', 422, 'A household belongs to a village or community', { field: 'regionCode' });
  }
  if (actor) assertCan(actor, 'households.manage', village);
  const cells = input.format === 'csv' ? csvCells(input.data) : await xlsxCells(Buffer.from(input.data, 'base64'));
  const rows = readRoster(cells);

  // households by 户号, each with one head who has a phone; grids of this village
  const groups = new Map<string, RosterRow[]>();
  for (const r of rows) groups.set(r.householdNo, [...(groups.get(r.householdNo) ?? []), r]);
  const gridCodes = new Map<string, string>();
  for (const [, g] of groups) {
    const heads = g.filter((r) => r.relation === 'head');
    if (heads.length !== 1) throw bad((heads[1] ?? g[0]).row, '与户主关系', `户号 ${g[0].householdNo} 须有且只有一个户主`, `household ${g[0].householdNo} needs exactly one 户主`);
    if (!heads[0].phone) throw bad(heads[0].row, '手机', '户主须有手机号（户的账号）', 'the head needs a phone (the household\'s account)');
    for (const r of g) {
      if (!r.grid) continue;
      const code = r.grid.length === 15 ? r.grid : `${village}${r.grid.padStart(3, '0')}`;
      if (!code.startsWith(village) || !(gridCodes.has(r.grid) || (await regions.exists(code)))) throw bad(r.row, '网格', '不是本村的网格', 'not a grid of this village');
      gridCodes.set(r.grid, code);
    }
  }

  // duplicates: within the file, and against people on record
  const rules = new Set(input.rules ?? DUPLICATE_RULES);
  const vault = registry.vault();
  const hashes = rows.map((r) => (r.idNumber ? vault.hash(r.idNumber) : null));
  const duplicates: DuplicateEntry[] = [];
  const seen = new Map<string, number>();
  const inFile = (rule: DuplicateRule, key: string | null, r: RosterRow) => {
    if (!rules.has(rule) || !key) return;
    const k = `${rule}:${key}`;
    const first = seen.get(k);
    if (first !== undefined) duplicates.push({ rule, row: r.row, name: r.name, otherRow: first, existing: null });
    else seen.set(k, r.row);
  };
  rows.forEach((r, i) => {
    inFile('idNumber', hashes[i], r);
    inFile('namePhone', r.phone ? `${r.name}|${r.phone}` : null, r);
    inFile('nameBirth', r.birthDate ? `${r.name}|${r.birthDate}` : null, r);
  });
  if (rules.has('idNumber')) {
    const onRecord = new Map((await reg.peopleByIdHash(p.db, hashes.filter((h): h is string => !!h))).map((x) => [x.id_hash, x]));
    rows.forEach((r, i) => {
      const x = hashes[i] ? onRecord.get(hashes[i]!) : undefined;
      if (x) duplicates.push({ rule: 'idNumber', row: r.row, name: r.name, otherRow: null, existing: `${x.household_name} · ${x.address} · ${x.name}` });
    });
  }
  if (rules.has('namePhone') || rules.has('nameBirth')) {
    const byName = new Map<string, Awaited<ReturnType<typeof reg.peopleOfVillage>>>();
    for (const x of await reg.peopleOfVillage(p.db, village)) byName.set(x.name, [...(byName.get(x.name) ?? []), x]);
    for (const r of rows) {
      for (const x of byName.get(r.name) ?? []) {
        const label = `${x.household_name} · ${x.address} · ${x.name}`;
        if (rules.has('namePhone') && r.phone && x.phone_cipher && vault.open(x.phone_cipher) === r.phone) duplicates.push({ rule: 'namePhone', row: r.row, name: r.name, otherRow: null, existing: label });
        else if (rules.has('nameBirth') && r.birthDate && x.birth_date === r.birthDate) duplicates.push({ rule: 'nameBirth', row: r.row, name: r.name, otherRow: null, existing: label });
      }
    }
  }
  const separate = new Set(input.separate ?? []);
  const open = duplicates.filter((d) => !separate.has(d.row));
  if (open.length) throw conflict('HOUSEHOLD_IMPORT_DUPLICATES', `${open.length} rows look like duplicates; nothing was imported`, { duplicates: open });

  // accounts: an existing one of this village not yet in a household is linked; a new one made for the rest
  const phones = [...new Set(rows.filter((r) => r.phone).map((r) => r.phone!))];
  const existing = await users.peopleByPhone(phones);
  const members = new Set((await p.database.raw<{ user_id: string }>('SELECT user_id::text FROM household_members WHERE user_id = ANY($1::uuid[])', [Object.values(existing).map((e) => e.id)])).map((m) => m.user_id));
  const linkable = (phone: string) => { const e = existing[phone]; return e && !e.disabled && !members.has(e.id) && (e.homeRegionCode ?? '').startsWith(village) ? e.id : null; };
  for (const [, g] of groups) {
    const head = g.find((r) => r.relation === 'head')!;
    const e = existing[head.phone!];
    if (e && !linkable(head.phone!)) throw bad(head.row, '手机', '此手机号的账号已属于另一户或另一个村', 'this phone\'s account belongs to another household or village');
  }
  const fresh = phones.filter((ph) => !existing[ph]);
  const firstOf = new Map(rows.filter((r) => r.phone).reverse().map((r) => [r.phone!, r]));
  const made = await users.createResidents(actor?.id ?? null, fresh.map((ph) => ({ displayName: firstOf.get(ph)!.name, phone: ph, homeRegionCode: gridCodes.get(firstOf.get(ph)!.grid ?? '') ?? village, roles: ['resident'] as Role[] })));
  const accountOf = (phone: string | null) => (phone ? made[phone] ?? linkable(phone) : null);

  let people = 0;
  await p.tx(async (tx) => {
    const list = [...groups.values()];
    const heads = list.map((g) => g.find((r) => r.relation === 'head')!);
    const inserted: { id: string }[] = [];
    for (let i = 0; i < list.length; i += 500) {
      inserted.push(...await tx.insert(households).values(list.slice(i, i + 500).map((g, j) => {
        const head = heads[i + j];
        return {
          regionCode: village, name: `${[...head.name][0]}家`, address: head.address, headUserId: accountOf(head.phone)!,
          gridCode: head.grid ? gridCodes.get(head.grid)! : null, tags: [...new Set(g.flatMap((r) => r.tags))], cardToken: crypto.randomBytes(18).toString('base64url'),
        };
      })).returning({ id: households.id }));
    }
    const memberRows: (typeof householdMembers.$inferInsert)[] = [];
    const personRows: reg.NewPerson[] = [];
    const used = new Set<string>();
    list.forEach((g, i) => {
      for (const r of g) {
        let userId = accountOf(r.phone);
        // two people of the file sharing a phone (a grandchild on grandma's): the account is the first's
        if (userId && used.has(userId)) userId = null;
        if (userId) { used.add(userId); memberRows.push({ householdId: inserted[i].id, userId, relation: r.relation }); }
        personRows.push({ householdId: inserted[i].id, userId, name: r.name, relation: r.relation, roles: r.relation === 'head' ? ['contact'] : [], ...registry.seal(r.idNumber, r.phone) });
      }
    });
    for (let i = 0; i < memberRows.length; i += 1000) await tx.insert(householdMembers).values(memberRows.slice(i, i + 1000));
    await reg.insertPeople(tx, personRows);
    await reg.appendHistory(tx, list.map((g, i) => ({ householdId: inserted[i].id, actorId: actor?.id ?? null, change: 'imported', newValue: `${g.length} 人` })));
    await writeAudit(tx, { actorId: actor?.id ?? null, action: 'households.imported', entity: 'household', entityId: null, regionCode: village, details: { households: list.length, people: personRows.length, separate: [...separate] } });
    people = personRows.length;
  });
  return { imported: true, households: groups.size, people, accounts: Object.keys(made).length, duplicates: duplicates.filter((d) => separate.has(d.row)) };
}
