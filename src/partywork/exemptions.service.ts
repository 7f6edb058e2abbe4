/**
 * Exemptions (免于联户走访): a member who is ill, elderly or working away is exempted by their branch
 * (the decision's date and reason, recorded by the administrator of the area) and counts as exempted
 * only once a staff user of the township or street above approves it — a village cannot exempt its own
 * members by itself (柯城's 审核 above the branch; Decidim's time tracker: nothing counts before an admin
 * verifies it). An approved exemption in force leaves the member out of the targets and the inactivity
 * rule and shows 免 beside their index (the index's formula is untouched).
 */
import { assertCan, rolePermissions, scopesFor, scopeOfRegionCode, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { iso, isoOrNull } from '../platform/contract.ts';
import { AppError, conflict, isUniqueViolation, notFound } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import { maskName } from '../platform/privacy.ts';
import { BusinessCalendar } from '../cases/index.ts';
import type { UsersService } from '../people/index.ts';
import type { ExemptionList, ExemptionView } from './duties.contract.ts';
import * as repo from './duties.repository.ts';
import { findMember } from './register.repository.ts';

const missing = () => notFound('PARTY_EXEMPTION_NOT_FOUND', 'No such exemption');
const memberMissing = () => notFound('PARTY_MEMBER_NOT_FOUND', 'No such party member');
/** Village and community codes have 12 digits of scope: an approver's scope is shorter (a township, a street, above). */
const VILLAGE_SCOPE = 12;

/** Is the exemption approved and in force on the local day of `at`? */
export function inForce(e: { status: string; decidedOn: string; until: string | null }, at: Date): boolean {
  const day = BusinessCalendar.localDate(at);
  return e.status === 'approved' && e.decidedOn <= day && (e.until === null || e.until >= day);
}

/** May the actor approve for this region: the permission held above the village (never at the village itself). */
export function approvesAbove(actor: Actor, regionCode: string): boolean {
  const above = (scope: string) => scope.length < VILLAGE_SCOPE && regionCode.startsWith(scope);
  return actor.memberships.some((m) => rolePermissions(m.role).includes('partywork.exempt_approve') && above(m.scope))
    || (actor.grants ?? []).some((g) => g.permission === 'partywork.exempt_approve' && above(g.scope));
}

export class ExemptionsService {
  constructor(private p: Platform, private users: UsersService) {}

  /** Record the branch's decision (the administrator of the member's area); it waits for approval above. */
  async record(actor: Actor, userId: string, input: { reason: string; decidedOn: string; until?: string | null }, now = new Date()): Promise<ExemptionView> {
    const member = await findMember(this.p.db, userId);
    if (!member) throw memberMissing();
    assertCan(actor, 'partywork.manage', member.regionCode, memberMissing);
    const until = input.until ?? null;
    if (input.decidedOn > BusinessCalendar.localDate(now) || (until !== null && until < input.decidedOn)) {
      throw new AppError('PARTY_EXEMPTION_DATES', 422, 'The decision cannot be dated in the future, nor end before it', { field: until !== null && until < input.decidedOn ? 'until' : 'decidedOn' });
    }
    try {
      const row = await this.p.tx(async (tx) => {
        const e = await repo.insertExemption(tx, {
          userId, branchId: member.branchId, regionCode: member.regionCode, reason: input.reason.trim(), decidedOn: input.decidedOn, until, recordedBy: actor.id, recordedAt: now,
        });
        await writeAudit(tx, { actorId: actor.id, action: 'partywork.exemption_recorded', entity: 'party_exemption', entityId: e.id, regionCode: e.regionCode, details: { userId, decidedOn: e.decidedOn, until } });
        return e;
      });
      return (await this.present([row], now))[0];
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('PARTY_EXEMPTION_PENDING', 'This member has an exemption waiting for approval', { field: 'userId' });
      throw err;
    }
  }

  /** Approve or reject (a staff user of the township or street above; the village's own administrator: 403). */
  async decide(actor: Actor, id: string, input: { decision: 'approved' | 'rejected'; note?: string }, now = new Date()): Promise<ExemptionView> {
    const e = await repo.findExemption(this.p.db, id);
    if (!e) throw missing();
    assertCan(actor, 'partywork.exempt_approve', e.regionCode, missing);
    if (!approvesAbove(actor, e.regionCode) || e.recordedBy === actor.id) {
      throw new AppError('PARTY_EXEMPTION_LEVEL', 403, 'An exemption is approved by the township or street above', { regionCode: e.regionCode });
    }
    if (e.status !== 'pending') throw conflict('PARTY_EXEMPTION_DECIDED', 'This exemption has already been decided', { status: e.status });
    const row = await this.p.tx(async (tx) => {
      const done = await repo.decideExemption(tx, id, { status: input.decision, decidedBy: actor.id, decidedAt: now, decisionNote: input.note?.trim() || null });
      if (!done) throw conflict('PARTY_EXEMPTION_DECIDED', 'This exemption has already been decided', {});
      await writeAudit(tx, { actorId: actor.id, action: 'partywork.exemption_decided', entity: 'party_exemption', entityId: id, regionCode: done.regionCode, details: { decision: input.decision } });
      // the member's index rows are recomputed (their presentation carries 免)
      await emitEvent(tx, 'partywork.members_changed', { userIds: [done.userId] }, { regionCode: done.regionCode, aggregateId: done.userId });
      return done;
    });
    return (await this.present([row], now))[0];
  }

  /** The area's exemptions (staff), newest first; `status=pending` is the approver's queue. */
  async list(actor: Actor, q: { region?: string; status?: string; userId?: string }, now = new Date()): Promise<ExemptionList> {
    assertCan(actor, 'partywork.read');
    const rows = await repo.exemptionsIn(this.p.db, scopesFor(actor, 'partywork.read').map((s) => `${s}%`), { ...q, region: q.region ? scopeOfRegionCode(q.region) : undefined });
    return { items: await this.present(rows, now) };
  }

  /** The member's latest exemption (trusted: their own page). */
  async latestOf(userId: string, now = new Date()): Promise<ExemptionView | null> {
    const rows = await repo.exemptionsIn(this.p.db, null, { userId });
    const current = rows.find((r) => inForce(r, now)) ?? rows[0];
    return current ? (await this.present([current], now, true))[0] : null;
  }

  /** Staff see the member's name masked (郭*民), as in the register's lists; the member their own in full. */
  private async present(rows: repo.ExemptionRow[], now: Date, full = false): Promise<ExemptionView[]> {
    const names = await this.users.namesOf(rows.map((r) => r.userId));
    return rows.map((r) => ({
      id: r.id, userId: r.userId, memberName: full ? names[r.userId] ?? '' : maskName(names[r.userId] ?? '') ?? '', branchId: r.branchId, regionCode: r.regionCode, reason: r.reason, decidedOn: r.decidedOn, until: r.until,
      status: r.status as ExemptionView['status'], recordedBy: r.recordedBy, recordedAt: iso(r.recordedAt), decidedBy: r.decidedBy, decidedAt: isoOrNull(r.decidedAt),
      decisionNote: r.decisionNote, inForce: inForce(r, now),
    }));
  }
}
