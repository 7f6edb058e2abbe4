/**
 * Two clocks on the visits (issue 17): a log waiting for review more than 3 working days (the business
 * calendar's, holidays and 调休 included) escalates to its community — marked once, its staff told in
 * the app — and shows 「已超过3个工作日」 in the grid worker's queue; a member not exempted with no visit
 * log for 30 days puts a reminder before their branch secretary (需要关心的党员), at most once per 30 days
 * (the Community Health Toolkit's supervisor tasks on inactivity). Both are jobs that take the time
 * they run at, so a test runs them at a chosen moment; reruns write nothing new.
 */
import { assertCan, coveringRegionCodes, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { iso, isoOrNull } from '../platform/contract.ts';
import { notFound } from '../platform/errors.ts';
import { emitEvent, NOTIFICATION_REQUESTED } from '../platform/events.ts';
import { maskName } from '../platform/privacy.ts';
import type { BusinessCalendar } from '../cases/index.ts';
import type { UsersService } from '../people/index.ts';
import type { DutyView, OverdueReviews } from './duties.contract.ts';
import * as repo from './duties.repository.ts';

/** Working days a grid worker has to review a log (issue 17: 审核 within 3 working days). */
export const REVIEW_WORKING_DAYS = 3;
/** Days without a visit log before the secretary is asked to look after a member, and between two asks. */
export const INACTIVE_DAYS = 30;
const DAY_MS = 86_400_000;
/** Staff of a community who hear of its overdue reviews (the grid workers are the ones late; handlers serve cases). */
const COMMUNITY_ROLES = ['admin', 'leader', 'shift_lead', 'operator', 'dispatcher'] as const;

export class DutiesService {
  constructor(private p: Platform, private users: UsersService, private calendar: () => BusinessCalendar) {}

  /** When a log that arrived at `receivedAt` is overdue: the end of the 3rd working day after its arrival day. */
  reviewDue(receivedAt: Date): Date {
    return this.calendar().addWorkingDays(receivedAt, REVIEW_WORKING_DAYS);
  }

  /**
   * The job: every pending log past its due time is escalated once, and the staff of its community (the
   * nearest level above that has any) are told in the app, one message per community per run.
   */
  async escalateReviews(at = new Date()): Promise<{ escalated: number; told: number }> {
    // 3 working days are at least 3 calendar days: older arrivals are the only candidates
    const candidates = await repo.unescalatedPending(this.p.db, new Date(at.getTime() - REVIEW_WORKING_DAYS * DAY_MS));
    const due = candidates.map((c) => ({ ...c, dueAt: this.reviewDue(new Date(c.received_at)) })).filter((c) => c.dueAt < at);
    const byCommunity = new Map<string, typeof due>();
    for (const c of due) {
      const community = c.region_code.slice(0, 12);
      byCommunity.set(community, [...(byCommunity.get(community) ?? []), c]);
    }
    let escalated = 0;
    let told = 0;
    for (const [community, logs] of byCommunity) {
      const staff = await this.communityStaff(community);
      await this.p.tx(async (tx) => {
        const fresh: string[] = [];
        for (const l of logs) {
          if (await repo.markEscalated(tx, { logId: l.id, regionCode: l.region_code, communityCode: community, dueAt: l.dueAt, at, notified: staff.length })) fresh.push(l.id);
        }
        escalated += fresh.length;
        if (fresh.length && staff.length) {
          told += staff.length;
          await emitEvent(tx, NOTIFICATION_REQUESTED, {
            recipients: staff, title: `${fresh.length} 条党员走访记录超过 ${REVIEW_WORKING_DAYS} 个工作日未审核`,
            body: `网格员尚未审核的走访记录已超过 ${REVIEW_WORKING_DAYS} 个工作日，请督促审核。`, link: '/app/partywork/grid', sms: false,
          }, { regionCode: community, aggregateId: fresh[0] });
        }
      });
    }
    return { escalated, told };
  }

  /** The staff to tell for a community: its own, else those of the nearest level above that has any. */
  private async communityStaff(community: string): Promise<string[]> {
    for (const code of coveringRegionCodes(community)) {
      const found = new Set<string>();
      for (const role of COMMUNITY_ROLES) for (const c of await this.users.contacts({ role, regionCodes: [code] })) found.add(c.id);
      if (found.size) return [...found];
    }
    return [];
  }

  /** The area's pending logs past their 3 working days (the grid worker's mark; the community's list). */
  async overdue(actor: Actor, q: { region?: string }, at = new Date()): Promise<OverdueReviews> {
    assertCan(actor, 'partywork.read');
    const rows = await repo.pendingSince(this.p.db, scopesFor(actor, 'partywork.read').map((s) => `${s}%`), q.region ? scopeOfRegionCode(q.region) : undefined,
      new Date(at.getTime() - REVIEW_WORKING_DAYS * DAY_MS));
    const late = rows.map((r) => ({ r, dueAt: r.due_at ? new Date(r.due_at) : this.reviewDue(new Date(r.received_at)) })).filter((x) => x.dueAt < at);
    const names = await this.users.namesOf(late.map((x) => x.r.member_id));
    return {
      workingDays: REVIEW_WORKING_DAYS,
      items: late.map(({ r, dueAt }) => ({
        logId: r.id, memberId: r.member_id, memberName: maskName(names[r.member_id] ?? '') ?? '', regionCode: r.region_code,
        visitedAt: iso(new Date(r.visited_at)), receivedAt: iso(new Date(r.received_at)), dueAt: iso(dueAt), escalatedAt: isoOrNull(r.escalated_at ? new Date(r.escalated_at) : null),
      })),
    };
  }

  /**
   * The job: a reminder to the branch secretary for each member not exempted with no visit log in the
   * last 30 days and no reminder in them either; the secretary is told in the app.
   */
  async remindInactive(at = new Date()): Promise<{ created: number }> {
    const since = new Date(at.getTime() - INACTIVE_DAYS * DAY_MS);
    const members = await repo.inactiveMembers(this.p.db, since, at);
    const windowNo = Math.floor(at.getTime() / (INACTIVE_DAYS * DAY_MS));
    let created = 0;
    const names = await this.users.namesOf(members.map((m) => m.user_id));
    for (const m of members) {
      await this.p.tx(async (tx) => {
        const id = await repo.insertDuty(tx, { ...m, windowNo, at });
        if (!id) return;
        created++;
        if (m.secretary_id) {
          await emitEvent(tx, NOTIFICATION_REQUESTED, {
            recipients: [m.secretary_id], title: `请关心党员 ${names[m.user_id] ?? ''}`,
            body: `${names[m.user_id] ?? '一位党员'} 已 ${INACTIVE_DAYS} 天没有走访记录，请了解情况、关心帮助。`, link: '/app/partywork', sms: false,
          }, { regionCode: m.region_code, aggregateId: id });
        }
      });
    }
    return { created };
  }

  /** The reminders a secretary holds (their member page). */
  async careOf(secretaryId: string): Promise<DutyView[]> {
    return this.presentDuties(await repo.openDuties(this.p.db, { secretaryId }), true);
  }

  /** The area's open reminders (staff: the branches whose secretary is missing or slow). */
  async list(actor: Actor): Promise<{ items: DutyView[] }> {
    assertCan(actor, 'partywork.read');
    return { items: await this.presentDuties(await repo.openDuties(this.p.db, { patterns: scopesFor(actor, 'partywork.read').map((s) => `${s}%`) }), false) };
  }

  /** The secretary has looked after the member (another's reminder, or none: 404). */
  async done(actor: Actor, id: string, at = new Date()): Promise<DutyView> {
    const row = await this.p.tx((tx) => repo.closeDuty(tx, id, actor.id, at));
    if (!row) throw notFound('PARTY_DUTY_NOT_FOUND', 'No such reminder');
    return (await this.presentDuties([row], true))[0];
  }

  private async presentDuties(rows: repo.DutyRow[], full: boolean): Promise<DutyView[]> {
    const names = await this.users.namesOf(rows.map((r) => r.member_id));
    return rows.map((r) => ({
      id: r.id, memberId: r.member_id, memberName: full ? names[r.member_id] ?? '' : maskName(names[r.member_id] ?? '') ?? '', branchId: r.branch_id, regionCode: r.region_code,
      lastVisitAt: isoOrNull(r.last_visit_at ? new Date(r.last_visit_at) : null), createdAt: iso(new Date(r.created_at)), doneAt: isoOrNull(r.done_at ? new Date(r.done_at) : null),
    }));
  }
}
