/**
 * Monthly summaries (我的月报; the Community Health Toolkit's monthly summaries): on the first working
 * day of a month a job writes, for every member and every branch, the month before's visits, logs valued,
 * points and index, beside the month before that. Written once: the unique key per subject and month
 * makes a rerun (or a late run, or two instances) write nothing new.
 */
import { assertCan, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { iso } from '../platform/contract.ts';
import { notFound } from '../platform/errors.ts';
import { BusinessCalendar } from '../cases/index.ts';
import type { SummaryList, SummaryView } from './duties.contract.ts';
import * as repo from './duties.repository.ts';
import { periodOf, type Period } from './periods.ts';
import { findBranch } from './register.repository.ts';

const DAY_MS = 86_400_000;
type Figures = { visits: number; valued: number; points: number; index: number };
const zero = (): Figures => ({ visits: 0, valued: 0, points: 0, index: 0 });

/** The month before the one a period names. */
const monthBefore = (p: Period): Period => periodOf('month', new Date(p.from.getTime() - 1));

export class SummariesService {
  constructor(private p: Platform, private calendar: () => BusinessCalendar) {}

  /** The first working day (local date) of the month `at` falls in. */
  firstWorkingDay(at: Date): string {
    const month = periodOf('month', at);
    for (let t = month.from.getTime(); t < month.to.getTime(); t += DAY_MS) {
      const day = BusinessCalendar.localDate(new Date(t));
      if (this.calendar().isWorkingDay(day)) return day;
    }
    return month.start;
  }

  /**
   * The job: from the first working day of a month on, the month before's summaries (none before it).
   * Answers the month summarised and how many rows were new.
   */
  async generate(at = new Date()): Promise<{ month: string | null; written: number }> {
    if (BusinessCalendar.localDate(at) < this.firstWorkingDay(at)) return { month: null, written: 0 };
    const month = monthBefore(periodOf('month', at));
    const prev = monthBefore(month);
    const endOf = new Date(month.to.getTime() - 1);
    const [cur, before] = await Promise.all([
      repo.monthFigures(this.p.db, month.from, month.to, month.start, endOf),
      repo.monthFigures(this.p.db, prev.from, prev.to, prev.start, new Date(prev.to.getTime() - 1)),
    ]);
    const prevOf = new Map(before.map((r) => [r.user_id, r]));
    const fig = (r: repo.MonthFigures | undefined): Figures => (r ? { visits: Number(r.visits), valued: Number(r.valued), points: Number(r.points), index: Number(r.index_total) } : zero());
    const list: repo.SummaryInsert[] = [];
    const branches = new Map<string, { regionCode: string; members: number; exempt: number; cur: Figures; prev: Figures }>();
    for (const r of cur) {
      const c = fig(r);
      const p = fig(prevOf.get(r.user_id));
      list.push({ kind: 'member', subjectId: r.user_id, branchId: r.branch_id, regionCode: r.region_code, month: month.start, members: 1, exempt: r.exempt ? 1 : 0, cur: c, prev: p });
      const b = branches.get(r.branch_id) ?? { regionCode: r.region_code, members: 0, exempt: 0, cur: zero(), prev: zero() };
      b.members++;
      if (r.exempt) b.exempt++;
      for (const k of ['visits', 'valued', 'points', 'index'] as const) {
        b.cur[k] += c[k];
        b.prev[k] += p[k];
      }
      branches.set(r.branch_id, b);
    }
    for (const [id, b] of branches) {
      // a branch's index is its members' average (rounded), as the rankings show branches
      const avg = (f: Figures): Figures => ({ ...f, index: Math.round(f.index / b.members) });
      list.push({ kind: 'branch', subjectId: id, branchId: id, regionCode: b.regionCode, month: month.start, members: b.members, exempt: b.exempt, cur: avg(b.cur), prev: avg(b.prev) });
    }
    const written = list.length ? await this.p.tx((tx) => repo.insertSummaries(tx, list, at)) : 0;
    return { month: month.start, written };
  }

  /** A member's own reports, newest first (trusted: their page). */
  async mine(userId: string): Promise<SummaryView[]> {
    return (await repo.summaries(this.p.db, { kind: 'member', subjectId: userId })).map(present);
  }

  /** A branch's reports and its members' (staff of the branch's area; another area's branch answers as missing). */
  async ofBranch(actor: Actor, branchId: string): Promise<SummaryList & { members: SummaryView[] }> {
    const b = await findBranch(this.p.db, branchId);
    const missing = () => notFound('PARTY_BRANCH_NOT_FOUND', 'No such branch');
    if (!b) throw missing();
    assertCan(actor, 'partywork.read', b.regionCode, missing);
    const [own, members] = await Promise.all([
      repo.summaries(this.p.db, { kind: 'branch', subjectId: branchId }),
      repo.summaries(this.p.db, { kind: 'member', branchId }),
    ]);
    return { items: own.map(present), members: members.map(present) };
  }
}

function present(r: repo.SummaryRow): SummaryView {
  return {
    kind: r.kind as SummaryView['kind'], subjectId: r.subject_id, branchId: r.branch_id, regionCode: r.region_code, month: String(r.month).slice(0, 10),
    members: Number(r.members), exempt: Number(r.exempt), visits: Number(r.visits), valued: Number(r.valued), points: Number(r.points), index: Number(r.index_total),
    previous: { visits: Number(r.prev_visits), valued: Number(r.prev_valued), points: Number(r.prev_points), index: Number(r.prev_index_total) }, createdAt: iso(new Date(r.created_at)),
  };
}
