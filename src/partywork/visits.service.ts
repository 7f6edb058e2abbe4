/**
 * Visit logs (走亲打卡) and their review. A member logs a visit for a task they hold, with the phone's
 * own id (a queued log synced twice is stored once), the visit's time, GPS and accuracy, an optional
 * photo, a note and the needs found. The geofence flags, never drops; a second log of one task within
 * the minimum gap is refused (against farming). The grid worker of the log's grid reviews it once:
 * 真实有价值 pays the region's points per log to the member's party service account — in the review's
 * transaction, through the points ledger — unless the member already scored the week's cap for that
 * household (then it is valued with 0 points, and says why); or rejects it with a reason.
 */
import { assertCan, can, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { iso, isoOrNull } from '../platform/contract.ts';
import { AppError, badRequest, conflict, notFound } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import { LedgerRefusal, uuidv7, type PointsService } from '../points/index.ts';
import type { UsersService } from '../people/index.ts';
import type { LoggedVisit, LogPage, LogView, SettingsView } from './partywork.contract.ts';
import type { Need } from './partywork.schema.ts';
import type { RegisterService } from './register.service.ts';
import { notMember } from './tasks.service.ts';
import { award, geofence, weekStart, type VisitFlag, type VisitSettings } from './visit-rules.ts';
import * as repo from './work.repository.ts';

export interface VisitInput {
  /** the phone's id for the log (a UUID made when it was written) */
  id: string;
  taskId: string;
  visitedAt: string;
  lat: number;
  lon: number;
  accuracyM: number;
  photoId?: string;
  note: string;
  needs?: Need[];
}

/** The party service points' ledger (points' LEDGERS): never spendable, read by the indices. */
const LEDGER = 'party_service' as const;
/** How far back a queued log may be synced. */
const MAX_AGE_MS = 30 * 86_400_000;
/** A phone's clock may run a little ahead. */
const CLOCK_SKEW_MS = 5 * 60_000;

const logMissing = () => notFound('PARTY_LOG_NOT_FOUND', 'No such visit log');

export class VisitsService {
  constructor(
    private p: Platform,
    private register: RegisterService,
    private points: PointsService,
    private users: UsersService,
  ) {}

  async log(actor: Actor, input: VisitInput, now = new Date()): Promise<LoggedVisit> {
    if (!(await this.register.memberOf(actor.id))) throw notMember();
    const again = await this.repeated(actor, input);
    if (again) return again;
    const task = await repo.findTask(this.p.db, input.taskId);
    // a task the member does not hold (another's, another area's, none) is refused alike
    if (!task || task.memberId !== actor.id) throw new AppError('PARTY_LOG_NOT_YOUR_TASK', 403, 'You can log visits only for the tasks you hold', { field: 'taskId' });
    const visitedAt = new Date(input.visitedAt);
    if (!(visitedAt.getTime() <= now.getTime() + CLOCK_SKEW_MS && visitedAt.getTime() >= now.getTime() - MAX_AGE_MS)) {
      throw new AppError('PARTY_VISIT_TIME_INVALID', 422, 'The visit time cannot be in the future nor more than 30 days ago', { field: 'visitedAt' });
    }
    // a log queued while the task was active may arrive after it closed: its time decides
    const activeThen = task.state === 'active' || (task.state === 'closed' && task.acceptedAt !== null && task.closedAt !== null && visitedAt >= task.acceptedAt && visitedAt <= task.closedAt);
    if (!activeThen) throw conflict('PARTY_TASK_NOT_ACTIVE', 'The task is not active', { field: 'taskId', state: task.state });
    if (input.photoId && !(await this.p.media.existing(this.p.db, [input.photoId])).has(input.photoId)) {
      throw badRequest('MEDIA_NOT_FOUND', 'The photo was not uploaded', { field: 'photoId' });
    }
    const settings = await repo.settingsFor(this.p.db, task.regionCode);
    const place = task.lat !== null && task.lon !== null ? { lat: task.lat, lon: task.lon } : null;
    const fence = geofence(place, { lat: input.lat, lon: input.lon, accuracyM: input.accuracyM }, settings.geofenceM);
    const stored = await this.p.tx(async (tx) => {
      await repo.lockKey(tx, `partywork.gap:${actor.id}:${task.id}`);
      // a sync of the same log that got the lock first: answered as a repeat, not as a visit too soon
      if (await repo.findLog(tx, input.id)) return null;
      const near = settings.minGapMinutes > 0 ? await repo.nearestLog(tx, actor.id, task.id, visitedAt, settings.minGapMinutes) : undefined;
      if (near) {
        const nextAt = new Date(near.visitedAt.getTime() + settings.minGapMinutes * 60_000).toISOString();
        throw conflict('PARTY_VISIT_TOO_SOON', `Too soon after the visit at ${near.visitedAt.toISOString()}`, { field: 'visitedAt', nextAt, minGapMinutes: settings.minGapMinutes });
      }
      const row = await repo.insertLog(tx, {
        id: input.id, taskId: task.id, memberId: actor.id, householdId: task.householdId, regionCode: task.regionCode, visitedAt, receivedAt: now,
        lat: input.lat, lon: input.lon, accuracyM: input.accuracyM, distanceM: fence.distanceM, flags: fence.flags, photoId: input.photoId ?? null,
        note: input.note.trim(), needs: [...new Set(input.needs ?? [])],
      });
      if (!row) return null; // the same id, stored by a sync that raced this one
      await emitEvent(tx, 'partywork.visit_logged', { logId: row.id, taskId: task.id, memberId: actor.id, householdId: task.householdId, visitedAt: iso(visitedAt), flags: fence.flags, needs: row.needs }, { regionCode: task.regionCode, aggregateId: row.id });
      return row;
    });
    if (!stored) return (await this.repeated(actor, input))!;
    return { existed: false, log: (await this.present([stored]))[0] };
  }

  /** A log whose id is stored already: the same log again (answered as it was), or another's id (409). */
  private async repeated(actor: Actor, input: VisitInput): Promise<LoggedVisit | null> {
    const known = await repo.findLog(this.p.db, input.id);
    if (!known) return null;
    if (known.memberId !== actor.id || known.taskId !== input.taskId) throw conflict('PARTY_LOG_ID_TAKEN', 'This log id is taken by a different log', { field: 'id' });
    return { existed: true, log: (await this.present([known]))[0] };
  }

  /**
   * Review a log once: the grid worker of its grid (anyone else 403, a second review 409). The log's
   * row lock, the cap's count and the ledger's transfer are one transaction, so two reviews of one log,
   * or of two logs of one week, cannot both pay.
   */
  async review(actor: Actor, id: string, input: { decision: 'valued' | 'rejected'; reason?: string }, now = new Date()): Promise<LogView> {
    const log = await repo.findLog(this.p.db, id);
    if (!log) throw logMissing();
    if (!can(actor, 'partywork.review', log.regionCode) || log.memberId === actor.id) {
      throw new AppError('PARTY_NOT_GRID_WORKER', 403, 'Only a grid worker of the log\'s grid may review it', { regionCode: log.regionCode });
    }
    const reason = input.reason?.trim() || null;
    if (input.decision === 'rejected' && !reason) throw new AppError('PARTY_REASON_REQUIRED', 422, 'Give a reason', { field: 'reason' });
    if (log.status !== 'pending') throw conflict('PARTY_LOG_REVIEWED', 'This visit log has already been reviewed', { status: log.status });
    const settings = await repo.settingsFor(this.p.db, log.regionCode);
    // accounts are opened outside the transaction (idempotent), as the points claims do
    const accounts = input.decision === 'valued'
      ? { person: (await this.points.accountOf(log.memberId, LEDGER)).id, issuance: (await this.points.systemAccount(LEDGER, 'issuance')).id }
      : null;
    const reviewed = await this.points.within(async (tx, ledger) => {
      const current = (await repo.findLog(tx, id, { lock: true }))!;
      if (current.status !== 'pending') throw conflict('PARTY_LOG_REVIEWED', 'This visit log has already been reviewed', { status: current.status });
      let paid = { points: 0, note: null as string | null, transferId: null as string | null };
      if (accounts) {
        const from = weekStart(current.visitedAt);
        await repo.lockKey(tx, `partywork.cap:${current.memberId}:${current.householdId ?? current.taskId}:${from.toISOString()}`);
        const scored = await repo.scoredIn(tx, current, from, new Date(from.getTime() + 7 * 86_400_000));
        const due = award(settings, scored);
        paid = { points: due.points, note: due.note, transferId: null };
        if (due.points > 0) {
          const [r] = await ledger([{
            id: uuidv7(now.getTime()), kind: 'single', ledger: LEDGER, debitAccountId: accounts.issuance, creditAccountId: accounts.person, amount: due.points, code: 'award',
            businessKey: `partywork.visit:${current.id}`, reason: '走亲打卡（真实有价值）', eventTime: iso(current.visitedAt), metadata: { logId: current.id, taskId: current.taskId, reviewer: actor.id },
          }], now);
          if (!r.ok) throw new LedgerRefusal(r);
          paid.transferId = r.id;
        }
      }
      const row = await repo.updateLog(tx, id, {
        status: input.decision, reviewedBy: actor.id, reviewedAt: now, rejectReason: input.decision === 'rejected' ? reason : null,
        points: accounts ? paid.points : null, pointsNote: paid.note, transferId: paid.transferId,
      });
      await writeAudit(tx, { actorId: actor.id, action: 'partywork.visit_reviewed', entity: 'party_visit_log', entityId: id, regionCode: row.regionCode, details: { decision: input.decision, points: paid.points, reason } });
      await emitEvent(tx, 'partywork.visit_reviewed', { logId: id, memberId: row.memberId, decision: input.decision, points: paid.points, transferId: paid.transferId, visitedAt: iso(row.visitedAt) }, { regionCode: row.regionCode, aggregateId: id });
      return row;
    });
    return (await this.present([reviewed]))[0];
  }

  /** The area's logs (staff): `status=pending` is the review queue, oldest first. */
  async list(actor: Actor, q: Partial<repo.LogFilter>): Promise<LogPage> {
    assertCan(actor, 'partywork.read');
    return this.page(scopesFor(actor, 'partywork.read').map((s) => `${s}%`), { ...q, region: q.region ? scopeOfRegionCode(q.region) : undefined });
  }

  /** My own logs and their review. */
  async mine(actor: Actor, q: Partial<repo.LogFilter>): Promise<LogPage> {
    if (!(await this.register.memberOf(actor.id))) throw notMember();
    return this.page(null, { ...q, memberId: actor.id, region: undefined });
  }

  async settings(actor: Actor, regionCode: string): Promise<SettingsView> {
    assertCan(actor, 'partywork.read', regionCode);
    return { regionCode, ...(await repo.settingsFor(this.p.db, regionCode)) };
  }

  async putSettings(actor: Actor, regionCode: string, s: VisitSettings): Promise<SettingsView> {
    assertCan(actor, 'partywork.manage', regionCode);
    await this.p.tx(async (tx) => {
      await repo.putSettings(tx, regionCode, s, actor.id);
      await writeAudit(tx, { actorId: actor.id, action: 'partywork.settings_changed', entity: 'party_settings', entityId: null, regionCode, details: { ...s } });
    });
    return { regionCode, ...(await repo.settingsFor(this.p.db, regionCode)) };
  }

  private async page(patterns: string[] | null, q: Partial<repo.LogFilter>): Promise<LogPage> {
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const offset = Math.max(q.offset ?? 0, 0);
    const { rows, total } = await repo.logsIn(this.p.db, patterns, { ...q, limit, offset });
    return { total, limit, offset, items: await this.present(rows) };
  }

  /** Logs as the API shows them (member names from people). */
  async present(rows: repo.LogRow[]): Promise<LogView[]> {
    const names = await this.users.namesOf([...new Set(rows.map((r) => r.memberId))]);
    return rows.map((r) => ({
      id: r.id, taskId: r.taskId, memberId: r.memberId, memberName: names[r.memberId] ?? '', householdId: r.householdId, regionCode: r.regionCode,
      visitedAt: iso(r.visitedAt), receivedAt: iso(r.receivedAt), lat: r.lat, lon: r.lon, accuracyM: r.accuracyM, distanceM: r.distanceM,
      flags: r.flags as VisitFlag[], photoId: r.photoId, note: r.note, needs: r.needs as Need[], status: r.status as LogView['status'],
      reviewedBy: r.reviewedBy, reviewedAt: isoOrNull(r.reviewedAt), rejectReason: r.rejectReason, points: r.points,
      pointsNote: capNote(r.pointsNote), transferId: r.transferId, caseId: r.caseId,
    }));
  }
}

/** Why a valued log scored 0, in both languages (stored as `cap:<n>`). */
function capNote(note: string | null): { zh: string; en: string } | null {
  const cap = note?.match(/^cap:(\d+)$/);
  if (!cap) return note ? { zh: note, en: note } : null;
  return { zh: `本周该户已计满 ${cap[1]} 次积分，本次记录有效但不计分`, en: `This week's ${cap[1]} scoring visits to this household are reached: the log counts, with no points` };
}
