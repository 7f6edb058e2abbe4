/**
 * The community/street console (党建工作台) for staff who read an area's party work: the 12-month 走亲
 * trend, the branches and members with this month's figures, the tasks with their visits, and the
 * year-end 先锋考评 sheet of a branch. Reads only (the sheet's download is audited); names are masked in
 * every list, in full only in the sheet a branch grades its members by.
 */
import { assertCan, can, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { iso, isoOrNull } from '../platform/contract.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { maskName } from '../platform/privacy.ts';
import { renderXlsx } from '../platform/xlsx.ts';
import type { UsersService } from '../people/index.ts';
import { appraisalSheet } from './appraisal-sheet.ts';
import * as repo from './console.repository.ts';
import { recompute } from './member-index.repository.ts';
import type { BranchSummaries, MemberFiguresPage, TaskOverview, VisitTrend } from './partywork.contract.ts';
import type { BranchKind, MemberStatus } from './partywork.schema.ts';
import { periodNamed, periodOf, type Period } from './periods.ts';
import type { RegionNames, RegisterService } from './register.service.ts';
import { findBranch } from './register.repository.ts';
import type { TasksService } from './tasks.service.ts';
import { tasksIn } from './work.repository.ts';

/** The members a search by name looks through at most (a township has hundreds; a county's search narrows by place first). */
const SEARCH_CAP = 20_000;
/** The first year a sheet can be asked for: the platform keeps no party work from before. */
export const FIRST_APPRAISAL_YEAR = 2020;

const branchMissing = () => notFound('PARTY_BRANCH_NOT_FOUND', 'No such branch');

/** The 12 months ending with the one `now` falls in, oldest first. */
export function lastTwelveMonths(now: Date): Period[] {
  const months: Period[] = [periodOf('month', now)];
  while (months.length < 12) months.unshift(periodOf('month', new Date(months[0].from.getTime() - 1)));
  return months;
}

export class PartyConsoleService {
  constructor(
    private p: Platform,
    private register: RegisterService,
    private tasks: TasksService,
    private users: UsersService,
    private regions: RegionNames,
  ) {}

  /** The caller's scopes as LIKE patterns, and the place asked (which must be theirs: another area's is a 403). */
  private area(actor: Actor, region?: string): { patterns: string[]; region?: string } {
    assertCan(actor, 'partywork.read', region);
    return { patterns: scopesFor(actor, 'partywork.read').map((s) => `${s}%`), region: region ? scopeOfRegionCode(region) : undefined };
  }

  /** Visits logged and valued per month over the last 12 months (China's time), the current month last. */
  async trend(actor: Actor, q: { region?: string }, now = new Date()): Promise<VisitTrend> {
    const { patterns, region } = this.area(actor, q.region);
    const months = lastTwelveMonths(now);
    const rows = await repo.visitTrend(this.p.db, patterns, region, { from: months[0].from, to: months[11].to });
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    return {
      region: q.region ?? null,
      months: months.map((m) => {
        const r = byMonth.get(m.start.slice(0, 7));
        return { month: m.start.slice(0, 7), from: iso(m.from), to: iso(m.to), logged: r?.logged ?? 0, valued: r?.valued ?? 0, rejected: r?.rejected ?? 0, pending: r?.pending ?? 0, members: r?.members ?? 0 };
      }),
    };
  }

  async branches(actor: Actor, q: { region?: string }, now = new Date()): Promise<BranchSummaries> {
    const { patterns, region } = this.area(actor, q.region);
    const month = periodOf('month', now);
    const rows = await repo.branchSummaries(this.p.db, patterns, region, month);
    const names = await this.regions.names([...new Set(rows.map((r) => r.regionCode))]);
    return {
      month: month.start.slice(0, 7),
      items: rows.map((r) => ({ ...r, kind: r.kind as BranchKind, regionName: names[r.regionCode] ?? r.regionCode, averageIndex: r.averageIndex === null ? null : Math.round(r.averageIndex * 10) / 10 })),
    };
  }

  /** The area's members (names masked) with this month's figures; `q` searches the full names. */
  async members(actor: Actor, q: { region?: string; branchId?: string; status?: MemberStatus; q?: string; limit?: number; offset?: number }, now = new Date()): Promise<MemberFiguresPage> {
    const { patterns, region } = this.area(actor, q.region);
    const month = periodOf('month', now);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const offset = Math.max(q.offset ?? 0, 0);
    const filter: Omit<repo.MemberFilter, 'limit' | 'offset'> = { region, branchId: q.branchId, status: q.status };
    const text = q.q?.trim();
    if (text) {
      // names live with the people module: the area's ids, their names, the ones that match
      const ids = await repo.memberIds(this.p.db, patterns, filter, SEARCH_CAP);
      const names = await this.users.namesOf(ids);
      filter.userIds = ids.filter((id) => (names[id] ?? '').includes(text));
    }
    const { rows, total } = await repo.memberFigures(this.p.db, patterns, { ...filter, limit, offset }, month);
    const names = await this.users.namesOf(rows.map((r) => r.userId));
    return {
      month: month.start.slice(0, 7), total, limit, offset,
      items: rows.map((r) => ({
        ...this.register.presentMember({ ...r }, false, names),
        visits: r.visits, valued: r.valued, lastVisitAt: isoOrNull(r.lastVisitAt), index: r.index,
      })),
    };
  }

  /** The area's tasks by state and a page of them (per member or household) with their visits. */
  async taskOverview(actor: Actor, q: { region?: string; state?: string; memberId?: string; householdId?: string; limit?: number; offset?: number }): Promise<TaskOverview> {
    const { patterns, region } = this.area(actor, q.region);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const offset = Math.max(q.offset ?? 0, 0);
    const [counts, page] = await Promise.all([
      repo.taskCounts(this.p.db, patterns, region),
      tasksIn(this.p.db, patterns, { region, state: q.state, memberId: q.memberId, householdId: q.householdId, limit, offset }),
    ]);
    const [views, visits] = await Promise.all([this.tasks.present(page.rows), repo.taskVisits(this.p.db, page.rows.map((r) => r.id))]);
    return {
      counts: { open: counts.open ?? 0, claimed: counts.claimed ?? 0, active: counts.active ?? 0, closed: counts.closed ?? 0 },
      total: page.total, limit, offset,
      items: views.map((v) => ({
        ...v, memberName: maskName(v.memberName), householdLabel: maskLabel(v.householdLabel),
        visits: visits[v.id]?.visits ?? 0, valued: visits[v.id]?.valued ?? 0, lastVisitAt: isoOrNull(visits[v.id]?.lastVisitAt ?? null),
      })),
    };
  }

  /**
   * The branch's 先锋考评 sheet for a year (staff of its area; another area's branch answers as missing):
   * the year's index rows missing for a member are computed first (as the roll job does for the current
   * periods), so every member who had a formula that year has one. The download is audited.
   */
  async appraisal(actor: Actor, branchId: string, year: number | undefined, now = new Date()): Promise<{ file: Buffer; year: number; branchName: string; rows: number }> {
    const branch = await findBranch(this.p.db, branchId);
    if (!branch || !can(actor, 'partywork.read', branch.regionCode)) throw branchMissing();
    const current = Number(periodOf('year', now).start.slice(0, 4));
    const y = year ?? current;
    if (y < FIRST_APPRAISAL_YEAR || y > current) {
      throw new AppError('PARTY_YEAR_INVALID', 400, `The year must be between ${FIRST_APPRAISAL_YEAR} and ${current}`, { field: 'year', min: FIRST_APPRAISAL_YEAR, max: current });
    }
    const period = periodNamed('year', `${y}-01-01`)!;
    const ids = (await repo.appraisalRows(this.p.db, branch.id, period)).filter((r) => r.index === null).map((r) => r.userId);
    if (ids.length) await recompute(this.p.db, [period], { userIds: ids }, { missingOnly: true });
    const rows = await repo.appraisalRows(this.p.db, branch.id, period);
    const [names, regionNames] = await Promise.all([this.users.namesOf(rows.map((r) => r.userId)), this.regions.names([branch.regionCode])]);
    const sheet = appraisalSheet({ name: branch.name, regionName: regionNames[branch.regionCode] ?? branch.regionCode }, y, rows.map((r) => ({ ...r, name: personName(names[r.userId]) })));
    const file = await renderXlsx([sheet]);
    await this.p.tx((tx) => writeAudit(tx, {
      actorId: actor.id, action: 'partywork.appraisal_exported', entity: 'party_branch', entityId: branch.id, regionCode: branch.regionCode, details: { year: y, rows: rows.length },
    }));
    return { file, year: y, branchName: branch.name, rows: rows.length };
  }
}

/** The person's name without the label a display name may carry ('余东村党员 余仁洪' → 余仁洪), as maskName reads it. */
function personName(display: string | undefined): string {
  const text = (display ?? '').trim();
  return text.slice(text.lastIndexOf(' ') + 1);
}

/** A household's label (`name · address`) with the name masked, as in every list. */
function maskLabel(label: string | null): string | null {
  if (!label) return label;
  const cut = label.indexOf(' · ');
  return cut < 0 ? maskName(label) : `${maskName(label.slice(0, cut))}${label.slice(cut)}`;
}
