/**
 * The register (党员名册): branches, including 兼合式 residential ones, and people's party profiles.
 * A member is a person of the people module with a profile here; the administrator of the area keeps
 * the register (one at a time, or a roster CSV written all or nothing with row-level problems); staff
 * of the area read it, names masked in lists. `memberOf` is the trusted query of the rest of the module.
 */
import { assertCan, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { iso } from '../platform/contract.ts';
import { AppError, conflict, isUniqueViolation, notFound } from '../platform/errors.ts';
import { maskName } from '../platform/privacy.ts';
import { emitEvent } from '../platform/events.ts';
import type { UsersService } from '../people/index.ts';
import type { BranchView, ImportResult, MemberPage, MemberView } from './partywork.contract.ts';
import type { BranchKind, MemberStatus, Post } from './partywork.schema.ts';
import * as repo from './register.repository.ts';
import { readRoster, type RowProblem } from './roster-csv.ts';

/** What the register needs of the regions module (its service satisfies it). */
export interface RegionNames {
  exists(code: string): Promise<boolean>;
  names(codes: string[]): Promise<Record<string, string>>;
}

export interface ProfileInput {
  branchId: string;
  status: MemberStatus;
  reported?: boolean;
  identityShown?: boolean;
  posts?: Post[];
  relationElsewhere?: string | null;
}

/** Rows of one roster import at most: a township's members (沟溪乡 has 708) with room to spare. */
export const MAX_IMPORT_ROWS = 5000;

const branchMissing = () => notFound('PARTY_BRANCH_NOT_FOUND', 'No such branch', { field: 'branchId' });
const memberMissing = () => notFound('PARTY_MEMBER_NOT_FOUND', 'No such party member');

export class RegisterService {
  constructor(
    private p: Platform,
    private users: UsersService,
    private regions: RegionNames,
  ) {}

  /** A person's profile (trusted: the tasks and logs ask whether the caller is a member, and of which area). */
  memberOf(userId: string): Promise<repo.MemberListRow | undefined> {
    return repo.findMember(this.p.db, userId);
  }

  async createBranch(actor: Actor | null, input: { regionCode: string; name: string; kind: BranchKind }): Promise<BranchView> {
    // a township, village, community or grid of the tree: 9 digits of scope or more
    if (scopeOfRegionCode(input.regionCode).length < 9 || !(await this.regions.exists(input.regionCode))) {
      throw new AppError('PARTY_REGION_INVALID', 422, 'A branch belongs to an existing township, village or community', { field: 'regionCode' });
    }
    if (actor) assertCan(actor, 'partywork.manage', input.regionCode);
    try {
      const row = await this.p.tx(async (tx) => {
        const b = await repo.insertBranch(tx, { regionCode: input.regionCode, name: input.name.trim(), kind: input.kind });
        await writeAudit(tx, { actorId: actor?.id ?? null, action: 'partywork.branch_created', entity: 'party_branch', entityId: b.id, regionCode: b.regionCode, details: { name: b.name, kind: b.kind } });
        return b;
      });
      return this.presentBranch({ ...row, memberCount: 0 });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('PARTY_BRANCH_EXISTS', 'A branch of this name exists in this place', { field: 'name' });
      throw err;
    }
  }

  async branches(actor: Actor, q: { region?: string }): Promise<{ items: BranchView[] }> {
    assertCan(actor, 'partywork.read');
    const rows = await repo.branchesIn(this.p.db, scopesFor(actor, 'partywork.read').map((s) => `${s}%`), q.region ? scopeOfRegionCode(q.region) : undefined);
    const names = await this.regions.names([...new Set(rows.map((r) => r.regionCode))]);
    return { items: rows.map((r) => this.presentBranch(r, names)) };
  }

  /** Register a person as a member of a branch (the administrator of the branch's area). */
  async register(actor: Actor | null, input: ProfileInput & { userId: string }): Promise<MemberView> {
    const branch = await this.managedBranch(actor, input.branchId);
    const person = await this.users.view(input.userId).catch(() => null);
    if (!person || person.disabled) throw notFound('PARTY_PERSON_NOT_FOUND', 'No such person', { field: 'userId' });
    try {
      await this.p.tx(async (tx) => {
        await repo.insertMember(tx, { userId: input.userId, ...this.profile(input, branch) });
        await writeAudit(tx, { actorId: actor?.id ?? null, action: 'partywork.member_registered', entity: 'party_member', entityId: input.userId, regionCode: branch.regionCode, details: { branchId: branch.id } });
        await emitEvent(tx, 'partywork.members_changed', { userIds: [input.userId] }, { regionCode: branch.regionCode, aggregateId: input.userId });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('PARTY_MEMBER_EXISTS', 'Already registered', { field: 'userId' });
      throw err;
    }
    return this.full((await repo.findMember(this.p.db, input.userId))!);
  }

  /** Change a profile: another branch, status, flags, posts (the administrator of the old and the new branch's areas). */
  async update(actor: Actor, userId: string, patch: Partial<ProfileInput>): Promise<MemberView> {
    const row = await repo.findMember(this.p.db, userId);
    if (!row) throw memberMissing();
    assertCan(actor, 'partywork.manage', row.regionCode, memberMissing);
    const branch = patch.branchId ? await this.managedBranch(actor, patch.branchId) : { id: row.branchId, regionCode: row.regionCode };
    const next = this.profile({
      branchId: branch.id, status: patch.status ?? (row.status as MemberStatus), reported: patch.reported ?? row.reported, identityShown: patch.identityShown ?? row.identityShown,
      posts: patch.posts ?? (row.posts as Post[]), relationElsewhere: patch.relationElsewhere === undefined ? row.relationElsewhere : patch.relationElsewhere,
    }, branch);
    await this.p.tx(async (tx) => {
      await repo.updateMember(tx, userId, next);
      await writeAudit(tx, { actorId: actor.id, action: 'partywork.member_updated', entity: 'party_member', entityId: userId, regionCode: branch.regionCode, details: { ...patch } });
      await emitEvent(tx, 'partywork.members_changed', { userIds: [userId] }, { regionCode: branch.regionCode, aggregateId: userId });
    });
    return this.full((await repo.findMember(this.p.db, userId))!);
  }

  /** One member in full (staff of the area; another area's answers as missing). */
  async get(actor: Actor, userId: string): Promise<MemberView> {
    const row = await repo.findMember(this.p.db, userId);
    if (!row) throw memberMissing();
    assertCan(actor, 'partywork.read', row.regionCode, memberMissing);
    return this.full(row);
  }

  async list(actor: Actor, q: { region?: string; branchId?: string; limit?: number; offset?: number }): Promise<MemberPage> {
    assertCan(actor, 'partywork.read');
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const offset = Math.max(q.offset ?? 0, 0);
    const { rows, total } = await repo.membersIn(this.p.db, scopesFor(actor, 'partywork.read').map((s) => `${s}%`), { region: q.region ? scopeOfRegionCode(q.region) : undefined, branchId: q.branchId, limit, offset });
    const names = await this.users.namesOf(rows.map((r) => r.userId));
    return { total, limit, offset, items: rows.map((r) => this.presentMember(r, false, names)) };
  }

  /**
   * A roster CSV for the branches under `regionCode`: every row checked (format, branch by name, the
   * person by phone — made a resident with the 党员 role when unknown), then all rows written in one
   * transaction, or none with every problem by row (PARTY_IMPORT_INVALID). Importing again updates.
   */
  async importRoster(actor: Actor | null, input: { regionCode: string; csv: string; dryRun?: boolean }): Promise<ImportResult> {
    const scope = scopeOfRegionCode(input.regionCode);
    if (actor) assertCan(actor, 'partywork.manage', input.regionCode);
    const { rows, problems } = readRoster(input.csv, MAX_IMPORT_ROWS);
    const branches = await repo.branchesByName(this.p.db, scope);
    const branchOf = new Map<string, repo.BranchRow | null>();
    for (const b of branches) branchOf.set(b.name, branchOf.has(b.name) ? null : b); // a name used twice under the scope is ambiguous
    const people = await this.users.peopleByPhone(rows.map((r) => r.phone));
    for (const r of rows) {
      const b = branchOf.get(r.branch);
      if (b === undefined) problems.push(rowProblem(r.row, 'branch', 'BRANCH_UNKNOWN', `该地没有名为「${r.branch}」的支部`, `No branch named ${r.branch} here`));
      else if (b === null) problems.push(rowProblem(r.row, 'branch', 'BRANCH_AMBIGUOUS', `有多个名为「${r.branch}」的支部，请在村或社区一级导入`, `Several branches are named ${r.branch}: import at village level`));
      const person = people[r.phone];
      if (person?.disabled) problems.push(rowProblem(r.row, 'phone', 'PERSON_DISABLED', '该手机号的账号已停用', 'The account with this phone is disabled'));
    }
    if (problems.length) {
      problems.sort((a, b) => a.row - b.row);
      throw new AppError('PARTY_IMPORT_INVALID', 422, `${problems.length} rows of the file are not valid; nothing was imported`, { count: problems.length, rows: problems.slice(0, 200) });
    }
    const withoutRole = rows.filter((r) => people[r.phone] && !people[r.phone].roles.some((m) => m.role === 'party_member')).map((r) => r.row);
    const missing = rows.filter((r) => !people[r.phone]);
    if (input.dryRun) return { dryRun: true, rows: rows.length, created: 0, updated: 0, peopleCreated: missing.length, withoutRole };
    // unknown people first, through the people module in one transaction of its own (a failed import
    // leaves accounts behind, which the next import finds by phone)
    const ids: Record<string, string> = Object.fromEntries(Object.entries(people).map(([phone, p]) => [phone, p.id]));
    Object.assign(ids, await this.users.createResidents(actor?.id ?? null, missing.map((r) => {
      const home = branchOf.get(r.branch)!.regionCode;
      // a village's or community's member is its resident too; a township's 机关 member only a party member there
      return { displayName: r.name, phone: r.phone, homeRegionCode: home, roles: scopeOfRegionCode(home).length >= 12 ? ['party_member' as const, 'resident' as const] : ['party_member' as const] };
    })));
    const profiles = rows.map((r) => ({ userId: ids[r.phone], ...this.profile({ ...r, branchId: branchOf.get(r.branch)!.id }, branchOf.get(r.branch)!) }));
    const counts = await this.p.tx(async (tx) => {
      const c = await repo.upsertMembers(tx, profiles);
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'partywork.roster_imported', entity: 'party_member', entityId: null, regionCode: input.regionCode, details: { rows: rows.length, ...c, peopleCreated: missing.length } });
      await emitEvent(tx, 'partywork.members_changed', { userIds: profiles.map((m) => m.userId) }, { regionCode: input.regionCode, aggregateId: null });
      return c;
    });
    return { dryRun: false, rows: rows.length, ...counts, peopleCreated: missing.length, withoutRole };
  }

  /**
   * Date when the members of branches joined the register (trusted: a register carried over from paper or
   * an older system, as the demo's year of history): the 30-day inactivity rule and the monthly summaries
   * count a member from this day.
   */
  async setRegisteredAt(branchIds: string[], at: Date): Promise<void> {
    if (branchIds.length) await repo.setRegisteredAt(this.p.db, branchIds, at);
  }

  /** A member with their name in full (their own view, one record for staff of the area). */
  async full(row: repo.MemberListRow): Promise<MemberView> {
    return this.presentMember(row, true, await this.users.namesOf([row.userId]));
  }

  // ——— helpers ———

  private profile(input: ProfileInput, branch: { id: string; regionCode: string }) {
    return {
      branchId: branch.id, regionCode: branch.regionCode, status: input.status, reported: input.reported ?? false, identityShown: input.identityShown ?? false,
      posts: [...new Set(input.posts ?? [])], relationElsewhere: input.relationElsewhere?.trim() || null,
    };
  }

  private async managedBranch(actor: Actor | null, id: string): Promise<repo.BranchRow> {
    const b = await repo.findBranch(this.p.db, id);
    if (!b) throw branchMissing();
    if (actor) assertCan(actor, 'partywork.manage', b.regionCode, branchMissing);
    return b;
  }

  private presentBranch(r: repo.BranchRow & { memberCount: number }, names: Record<string, string> = {}): BranchView {
    return { id: r.id, regionCode: r.regionCode, regionName: names[r.regionCode] ?? r.regionCode, name: r.name, kind: r.kind as BranchKind, memberCount: r.memberCount, createdAt: iso(r.createdAt) };
  }

  presentMember(r: repo.MemberListRow, full: boolean, names?: Record<string, string>): MemberView {
    const name = names?.[r.userId] ?? '';
    return {
      userId: r.userId, name: full ? name : maskName(name) ?? '', branchId: r.branchId, branchName: r.branchName, regionCode: r.regionCode,
      status: r.status as MemberStatus, reported: r.reported, identityShown: r.identityShown, posts: r.posts as Post[], relationElsewhere: r.relationElsewhere,
      exempt: r.exempt, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
    };
  }
}

const rowProblem = (row: number, field: string, code: string, zh: string, en: string): RowProblem => ({ row, field, code, zh, en });
