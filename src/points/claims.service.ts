/**
 * Claims and automatic awards through review, 公示, objection and 复核 to the ledger (issue 16 item 3–4;
 * the life is drawn in claims-model.ts). Each step is one transaction: the claim's row lock, then the
 * ledger's account locks (PointsRepository.within), then the claim's new state — so the points held,
 * posted or released and the claim never disagree, and a step repeated (a retried request, an event
 * delivered twice) finds the claim moved on and changes nothing.
 */
import { can, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { AppError, badRequest, conflict, notFound } from '../platform/errors.ts';
import type { BusinessCalendar } from '../cases/index.ts';
import type { UsersService } from '../people/index.ts';
import { availableOf, isUuid, type Ledger, type TransferInput, type TransferResult } from './ledger.ts';
import { caseRuleFor, checkCaps, rulesInForce, stepClaim, type ClaimCommand, type ClaimStatus, type CaseEvidence, type HouseholdLookup, type RuleTrigger } from './claims-model.ts';
import { pointsClaims } from './claims.schema.ts';
import { ClaimsRepository, type ClaimRow, type RuleRow, type Settings } from './claims.repository.ts';
import type { PointsService } from './points.service.ts';
import { LedgerRefusal } from './points.service.ts';
import { uuidv7 } from './uuidv7.ts';

export type { HouseholdLookup } from './claims-model.ts';

type NewClaim = typeof pointsClaims.$inferInsert & { id: string; eventTime: Date };
type Ledgerer = (inputs: readonly TransferInput[], now: Date) => Promise<TransferResult[]>;

export interface ClaimInput {
  /** The client's id (UUIDv7): a retried claim is answered with the first. */
  id: string;
  ruleKey: string;
  /** Someone else's claim, filed for them by a grid worker (households without a phone). */
  beneficiaryId?: string;
  note?: string;
  photos?: string[];
  /** A closed case of the village as evidence (rules that need one; it pays once per rule). */
  caseId?: string;
  lat?: number;
  lon?: number;
  /** When the deed was done (defaults to now; at most 31 days back). */
  eventTime?: string;
}

/** The village of a region code (12 digits), or null above village level. */
export const villageOf = (code: string | null | undefined) => (code && code.length >= 12 ? code.slice(0, 12) : null);

const MAX_BACKDATE_MS = 31 * 86_400_000;
const CLOSED_STATES = new Set(['CLOSED', 'RATED', 'ARCHIVED']);
const REFUSALS = {
  POINTS_CLAIM_NOT_REVIEWING: () => conflict('POINTS_CLAIM_NOT_REVIEWING', 'This claim is no longer being reviewed'),
  POINTS_NOTICE_CLOSED: () => conflict('POINTS_NOTICE_CLOSED', 'The public notice is over: no objection can be made now'),
  POINTS_CLAIM_NOT_OBJECTED: () => conflict('POINTS_CLAIM_NOT_OBJECTED', 'No objection is waiting for a decision'),
  POINTS_CLAIM_NOT_DUE: () => conflict('POINTS_CLAIM_NOT_DUE', 'The public notice has not ended yet'),
};
const claimNotFound = () => notFound('POINTS_CLAIM_NOT_FOUND', 'No such points claim');

export class ClaimsService {
  readonly repo: ClaimsRepository;

  constructor(
    private p: Platform,
    private points: PointsService,
    private users: UsersService,
    private households: HouseholdLookup,
    private calendar: () => BusinessCalendar,
    private cases: CaseEvidence = { caseIn: async () => null },
  ) {
    this.repo = new ClaimsRepository(p);
  }

  /** The rules in force at a place (newest version of each key, the most specific region's). */
  async rulesInForceAt(placeCode: string): Promise<RuleRow[]> {
    return rulesInForce(await this.repo.rulesAt(placeCode), placeCode);
  }

  /** A villager's claim (or a grid worker's for them): checked against the rule, its evidence and caps. */
  async claim(actor: Actor, input: ClaimInput, now = new Date()) {
    const beneficiaryId = input.beneficiaryId ?? actor.id;
    // a retry (the phone resends after a lost answer, maybe days later) gets the first claim, whatever
    // changed since — the rule's version, the clock, the evidence's case
    const first = isUuid(input.id) ? await this.repo.claim(input.id) : undefined;
    if (first && first.filedBy === actor.id && first.beneficiaryId === beneficiaryId && first.ruleKey === input.ruleKey && first.sourceId === (input.caseId ?? null)) {
      return { claim: first, created: false };
    }
    const person = beneficiaryId === actor.id ? { homeRegionCode: actor.homeRegionCode } : await this.users.view(beneficiaryId).catch(() => null);
    if (!person) throw notFound('USER_NOT_FOUND', 'No such person', { field: 'beneficiaryId' });
    if (beneficiaryId !== actor.id && !(person.homeRegionCode && can(actor, 'points.claim_for', person.homeRegionCode))) {
      throw new AppError('POINTS_CLAIM_FOR_FORBIDDEN', 403, 'You may not claim points for someone else');
    }
    const village = villageOf(person.homeRegionCode);
    if (!village) throw new AppError('POINTS_NO_VILLAGE', 422, 'The person has no village');
    const rule = (await this.rulesInForceAt(village)).find((r) => r.key === input.ruleKey);
    if (!rule) throw notFound('POINTS_RULE_NOT_FOUND', 'No such points rule in force here', { field: 'ruleKey' });
    if (rule.trigger !== 'claim') throw new AppError('POINTS_RULE_NOT_CLAIMABLE', 422, 'The system awards this item', { field: 'ruleKey' });
    const photos = [...new Set(input.photos ?? [])];
    if (rule.needsPhoto && !photos.length) throw new AppError('POINTS_EVIDENCE_MISSING', 422, 'This item needs a photo', { field: 'photos' });
    if (rule.needsGps && (input.lat === undefined || input.lon === undefined)) throw new AppError('POINTS_EVIDENCE_MISSING', 422, 'This item needs a location', { field: 'lat' });
    if (rule.needsCase && !input.caseId) throw new AppError('POINTS_EVIDENCE_MISSING', 422, 'This item needs a closed case as evidence', { field: 'caseId' });
    if (input.caseId) {
      const c = await this.cases.caseIn(actor, input.caseId);
      if (!c || c.villageCode !== village || !CLOSED_STATES.has(c.state)) {
        throw new AppError('POINTS_CASE_EVIDENCE_INVALID', 422, 'The case is not a closed case of the village that you can see', { field: 'caseId' });
      }
    }
    const known = await this.p.media.existing(this.p.db, photos);
    const missing = photos.find((m) => !known.has(m));
    if (missing) throw badRequest('MEDIA_NOT_FOUND', `Photo ${missing} was not uploaded`, { field: 'photos' });
    const eventTime = input.eventTime ? new Date(input.eventTime) : now;
    if (eventTime.getTime() > now.getTime() + 5 * 60_000 || eventTime.getTime() < now.getTime() - MAX_BACKDATE_MS) {
      throw badRequest('VALIDATION_FAILED', 'eventTime must be within the last 31 days', { field: 'eventTime' });
    }
    const household = await this.households.householdOf(beneficiaryId);
    const row = {
      id: input.id, regionCode: village, ruleId: rule.id, ruleKey: rule.key, ruleVersion: rule.version, ledger: rule.ledger,
      beneficiaryId, householdId: household?.id ?? null, filedBy: actor.id, amount: rule.amount, source: 'claim', sourceId: input.caseId ?? null,
      // a case pays once per rule, whoever claims it; otherwise the claim's own id
      businessKey: input.caseId ? `claim-case:${rule.key}:${input.caseId}` : `claim:${input.id}`, note: input.note?.trim() || null, photos, lat: input.lat ?? null, lon: input.lon ?? null,
      status: 'reviewing', eventTime,
    };
    const out = await this.create(row, rule, now, { audit: actor.id !== beneficiaryId ? actor.id : null });
    if (!out.created && out.claim.id !== input.id && input.caseId) throw conflict('POINTS_BUSINESS_KEY_EXISTS', 'Points were already claimed for this case', { field: 'caseId' });
    const same = out.claim.id === input.id && out.claim.beneficiaryId === beneficiaryId && out.claim.ruleKey === rule.key && out.claim.filedBy === actor.id && out.claim.sourceId === (input.caseId ?? null);
    if (!out.created && !same) {
      throw conflict('POINTS_CLAIM_EXISTS', 'This claim id is taken by a different claim', { field: 'id' });
    }
    return out;
  }

  /**
   * An automatic award from a case event: a closed report pays its reporter, a 满意 rating the
   * handling grid worker. Idempotent on (source, case, rule): an event delivered twice, or a case
   * closed again after a reopening, pays once. Over the cap, the claim is kept as refused (shown, not paid).
   */
  async awardForCase(e: { trigger: Exclude<RuleTrigger, 'claim'>; caseId: string; villageCode: string; categoryCode: string | null; beneficiaryId: string; at?: string | null }, now = new Date()) {
    // the deed's time (closing, rating) for caps and the notice: an event delivered late (after an outage,
    // or the demo's year written in one go) is not put on notice as if it had just happened
    const at = e.at ? new Date(Math.min(new Date(e.at).getTime(), now.getTime())) : now;
    const rule = caseRuleFor(await this.rulesInForceAt(e.villageCode), e.trigger, e.categoryCode);
    if (!rule || rule.amount <= 0) return null;
    const household = rule.ledger === 'resident' ? await this.households.householdOf(e.beneficiaryId) : null;
    const row = {
      id: uuidv7(now.getTime()), regionCode: e.villageCode, ruleId: rule.id, ruleKey: rule.key, ruleVersion: rule.version, ledger: rule.ledger,
      beneficiaryId: e.beneficiaryId, householdId: household?.id ?? null, filedBy: null, amount: rule.amount, source: e.trigger, sourceId: e.caseId,
      businessKey: `${e.trigger}:${e.caseId}:${rule.key}`, note: null, photos: [], lat: null, lon: null, status: 'reviewing', eventTime: at,
    };
    return this.create(row, { ...rule, skipReview: true }, now, { refuseOverCap: false, noticeFrom: at });
  }

  private async create(row: NewClaim, rule: RuleRow, now: Date, opts: { audit?: string | null; refuseOverCap?: boolean; noticeFrom?: Date } = {}) {
    const accounts = await this.accountsFor(row.beneficiaryId, rule.ledger as Ledger);
    const settings = await this.repo.settingsAt(row.regionCode);
    return this.points.repo.within(async (tx, ledger) => {
      await this.repo.lockCap(tx, rule.key, row.householdId ?? row.beneficiaryId);
      // a retried claim or a repeated event: the first answer, even if the cap has filled since
      // (by id too: a retry that names another case has another key, and is not the same claim)
      const existing = (await this.repo.claimByKey(tx, row.businessKey)) ?? (await this.repo.claim(row.id, tx));
      if (existing) return { claim: existing, created: false };
      const used = await this.repo.capUse(tx, rule.key, { householdId: row.householdId ?? null, beneficiaryId: row.beneficiaryId }, row.eventTime);
      const cap = checkCaps(rule, used, rule.amount);
      if (!cap.ok && opts.refuseOverCap !== false) {
        throw conflict('POINTS_CAP_REACHED', `Over the cap of ${cap.cap} points a ${cap.period} for this item: ${cap.left} left`, { field: 'ruleKey', period: cap.period, cap: cap.cap, used: cap.used, left: cap.left });
      }
      const inserted = await this.repo.insertClaim(tx, cap.ok ? row : { ...row, status: 'rejected', decisionReason: `cap:${cap.period}` });
      if (!inserted.created || !cap.ok) return inserted;
      if (opts.audit) await writeAudit(tx, { actorId: opts.audit, action: 'points.claim_for', entity: 'points_claim', entityId: row.id, regionCode: row.regionCode, details: { beneficiaryId: row.beneficiaryId, rule: rule.key } });
      if (!rule.skipReview) return inserted;
      return { claim: await this.enterNotice(tx, ledger, inserted.claim, rule.publicNotice, settings, accounts, now, opts.noticeFrom), created: true };
    });
  }

  /** The person's account of the ledger and the ledger's issuance account, opened if need be (idempotent, outside the step's transaction). */
  private async accountsFor(userId: string, ledger: Ledger) {
    const [person, issuance] = await Promise.all([this.points.accountOf(userId, ledger), this.points.systemAccount(ledger, 'issuance')]);
    return { person: person.id, issuance: issuance.id };
  }

  /**
   * Approved (or automatic): hold the points in the ledger and put the award on the 公示 board for the
   * village's notice period in working days — or, for a rule without 公示, pay at once. A deduction holds
   * what the balance allows (points never go below zero); nothing held when there is nothing to take.
   */
  private async enterNotice(tx: Db, ledger: Ledgerer, claim: ClaimRow, publicNotice: boolean, settings: Settings, acc: { person: string; issuance: string }, now: Date, noticeFrom = now): Promise<ClaimRow> {
    const deduction = claim.amount < 0;
    let amount = Math.abs(claim.amount);
    if (deduction) {
      const [row] = await this.points.repo.accountsByIds([acc.person], tx);
      amount = Math.min(amount, row ? availableOf(row) : 0);
    }
    const base = {
      ledger: claim.ledger as Ledger, debitAccountId: deduction ? acc.person : acc.issuance, creditAccountId: deduction ? acc.issuance : acc.person,
      amount, code: deduction ? 'deduction' as const : 'award' as const, ruleId: claim.ruleKey, ruleVersion: claim.ruleVersion, businessKey: claim.businessKey,
      eventTime: claim.eventTime.toISOString(), metadata: { claimId: claim.id, source: claim.source },
    };
    if (!publicNotice) {
      const id = amount > 0 ? await this.transfer(ledger, { ...base, id: uuidv7(now.getTime()), kind: 'single' }, now) : null;
      return this.repo.updateClaim(tx, claim.id, { status: 'posted', postedTransferId: id, postedAmount: deduction ? -amount : amount, noticeFrom: now, noticeUntil: now });
    }
    const id = amount > 0 ? await this.transfer(ledger, { ...base, id: uuidv7(now.getTime()), kind: 'pending', timeoutSeconds: 0 }, now) : null;
    const until = this.calendar().addWorkingDays(noticeFrom, settings.noticeDays);
    return this.repo.updateClaim(tx, claim.id, { status: 'noticed', pendingTransferId: id, noticeFrom, noticeUntil: until });
  }

  private async transfer(ledger: Ledgerer, input: TransferInput, now: Date): Promise<string> {
    const [r] = await ledger([input], now);
    if (!r.ok) throw new LedgerRefusal(r);
    return r.id;
  }

  /** A scoring-group member's vote: approve, or reject with a reason. Not on their own household's claim. */
  async vote(actor: Actor, claimId: string, input: { decision: 'approve' | 'reject'; reason?: string }, now = new Date()) {
    const claim = await this.repo.claim(claimId);
    if (!claim) throw claimNotFound();
    const scorers = await this.repo.scorers(claim.regionCode);
    if (!scorers.includes(actor.id)) throw new AppError('POINTS_NOT_SCORER', 403, 'Only members of the village scoring group review claims');
    await this.refuseOwnHousehold(actor.id, claim);
    const reason = input.reason?.trim() || null;
    if (input.decision === 'reject' && !reason) throw badRequest('VALIDATION_FAILED', 'A rejection needs a reason', { field: 'reason' });
    const rule = await this.repo.rule(claim.ruleId);
    const accounts = await this.accountsFor(claim.beneficiaryId, claim.ledger as Ledger);
    const settings = await this.repo.settingsAt(claim.regionCode);
    return this.points.repo.within(async (tx, ledger) => {
      const locked = (await this.repo.claimForUpdate(tx, claimId))!;
      if (locked.status !== 'reviewing') throw conflict('POINTS_CLAIM_NOT_REVIEWING', 'This claim is no longer being reviewed');
      if (!(await this.repo.insertVote(tx, { claimId, reviewerId: actor.id, decision: input.decision, reason }))) {
        throw conflict('POINTS_ALREADY_VOTED', 'You have already reviewed this claim');
      }
      const votes = await this.repo.votes([claimId], tx);
      const step = this.step(locked, {
        kind: 'vote', decision: input.decision, quorum: settings.quorum, groupSize: scorers.length,
        approvals: votes.filter((v) => v.decision === 'approve').length, rejections: votes.filter((v) => v.decision === 'reject').length,
      });
      if (step.to === 'noticed') return this.enterNotice(tx, ledger, locked, rule?.publicNotice ?? true, settings, accounts, now);
      if (step.to === 'rejected') {
        const reasons = votes.filter((v) => v.decision === 'reject').map((v) => v.reason).filter(Boolean).join('；');
        return this.repo.updateClaim(tx, claimId, { status: 'rejected', decisionReason: reasons || null });
      }
      return locked;
    });
  }

  /** 异议: a resident of the village objects while the award is on notice; the township then decides (复核). */
  async object(actor: Actor, claimId: string, reason: string, now = new Date()) {
    const claim = await this.repo.claim(claimId);
    if (!claim) throw claimNotFound();
    if (!actor.homeRegionCode?.startsWith(claim.regionCode)) throw new AppError('POINTS_NOT_VILLAGER', 403, 'Only residents of the village may object');
    await this.refuseOwnHousehold(actor.id, claim);
    const settings = await this.repo.settingsAt(claim.regionCode);
    return this.p.tx(async (tx) => {
      const locked = (await this.repo.claimForUpdate(tx, claimId))!;
      this.step(locked, { kind: 'object', now, noticeUntil: locked.noticeUntil ?? now });
      // the same person objecting again adds nothing (a retried request)
      await this.repo.insertObjection(tx, { id: uuidv7(now.getTime()), claimId, objectorId: actor.id, reason: reason.trim() });
      if (locked.status === 'objected') return locked;
      return this.repo.updateClaim(tx, claimId, { status: 'objected', recheckDue: this.calendar().addWorkingDays(now, settings.recheckDays) });
    });
  }

  /** 复核: the township upholds the award (it goes back on notice until its period ends) or overturns it (the points are released). */
  async recheck(actor: Actor, claimId: string, input: { decision: 'uphold' | 'overturn'; reason: string }, now = new Date()) {
    const claim = await this.repo.claim(claimId);
    if (!claim) throw claimNotFound();
    const township = scopesFor(actor, 'points.recheck').some((s) => s.length <= 9 && claim.regionCode.startsWith(s));
    if (!township) throw new AppError('POINTS_RECHECK_TOWNSHIP', 403, 'Objections are decided by the township');
    return this.points.repo.within(async (tx, ledger) => {
      const locked = (await this.repo.claimForUpdate(tx, claimId))!;
      const step = this.step(locked, { kind: 'recheck', decision: input.decision });
      if (step.ledger === 'void' && locked.pendingTransferId) await this.transfer(ledger, { id: uuidv7(now.getTime()), kind: 'void', pendingId: locked.pendingTransferId, reason: input.reason }, now);
      await writeAudit(tx, { actorId: actor.id, action: `points.recheck_${input.decision}`, entity: 'points_claim', entityId: claimId, regionCode: claim.regionCode, details: { reason: input.reason } });
      return this.repo.updateClaim(tx, claimId, { status: step.to, decisionReason: input.reason.trim(), decidedBy: actor.id });
    });
  }

  /** Post the awards whose notice ended without an open objection (the scheduler's job); how many posted. */
  async postDue(now = new Date()): Promise<number> {
    let posted = 0;
    for (const id of await this.repo.dueForPosting(now)) {
      const done = await this.points.repo.within(async (tx, ledger) => {
        const locked = (await this.repo.claimForUpdate(tx, id))!;
        const step = stepClaim(locked.status as ClaimStatus, { kind: 'notice_over', now, noticeUntil: locked.noticeUntil ?? now });
        if (!step.ok) return false; // decided meanwhile (an objection came in)
        const pending = locked.pendingTransferId ? await this.points.repo.transfer(locked.pendingTransferId, tx) : undefined;
        const postId = pending ? await this.transfer(ledger, { id: uuidv7(now.getTime()), kind: 'post', pendingId: pending.id }, now) : null;
        const amount = (pending?.amount ?? 0) * Math.sign(locked.amount);
        await this.repo.updateClaim(tx, id, { status: 'posted', postedTransferId: postId, postedAmount: amount });
        return true;
      });
      if (done) posted++;
    }
    return posted;
  }

  /** A claim's next state, or the refusal as an HTTP error. */
  private step(claim: ClaimRow, cmd: ClaimCommand) {
    const s = stepClaim(claim.status as ClaimStatus, cmd);
    if (!s.ok) throw REFUSALS[s.code]();
    return s;
  }

  /** 人情分: nobody reviews or objects to an award of their own household (or their own). */
  private async refuseOwnHousehold(userId: string, claim: ClaimRow): Promise<void> {
    if (userId === claim.beneficiaryId) throw new AppError('POINTS_OWN_HOUSEHOLD', 403, 'Not on your own household\'s points');
    if (!claim.householdId) return;
    const mine = await this.households.householdOf(userId);
    if (mine?.id === claim.householdId) throw new AppError('POINTS_OWN_HOUSEHOLD', 403, 'Not on your own household\'s points');
  }
}
