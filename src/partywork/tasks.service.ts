/**
 * 联户/联楼/联事 tasks: a grid worker publishes one for a place of their grid (a household, a building,
 * an issue) with the expected gap between visits; a party member of the area claims it; the grid worker
 * accepts (or declines) the member; either side ends it (task-machine.ts decides every move, the
 * version column makes a concurrent move a 409). Events and audit rows go with each change.
 */
import { assertCan, can, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { iso, isoOrNull } from '../platform/contract.ts';
import { AppError, conflict, notFound } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import type { HouseholdsService } from '../households/index.ts';
import type { UsersService } from '../people/index.ts';
import type { MyPartyWork, TaskPage, TaskView } from './partywork.contract.ts';
import type { TaskKind } from './partywork.schema.ts';
import type { RegisterService } from './register.service.ts';
import { transition, type TaskAction, type TaskState } from './task-machine.ts';
import * as repo from './work.repository.ts';

export interface NewTaskInput {
  kind: TaskKind;
  householdId?: string;
  subject?: string;
  note?: string;
  frequencyDays: number;
  /** the grid (or village) of the task; a 联户 task defaults to its household's village */
  regionCode?: string;
  lat?: number;
  lon?: number;
}

/** What tasks need of the households module: trusted queries (its service satisfies it). */
export type HouseholdQueries = Pick<HouseholdsService, 'householdById' | 'labelsOf'>;

export const taskMissing = () => notFound('PARTY_TASK_NOT_FOUND', 'No such task');
export const notMember = () => new AppError('PARTY_NOT_MEMBER', 403, 'Not registered as a party member');

export class TasksService {
  constructor(
    private p: Platform,
    private register: RegisterService,
    private households: HouseholdQueries,
    private users: UsersService,
  ) {}

  /** `now`: the demo's history publishes on its own clock (as the visits' `log` and `review` take one). */
  async publish(actor: Actor, input: NewTaskInput, now = new Date()): Promise<TaskView> {
    if ((input.kind === 'household') !== (input.householdId !== undefined)) {
      throw new AppError('PARTY_TASK_INVALID', 422, 'A 联户 task names one household; others none', { field: 'householdId' });
    }
    let regionCode = input.regionCode;
    let subject = input.subject?.trim();
    if (input.householdId) {
      const h = await this.households.householdById(input.householdId);
      // a household outside the publisher's area answers as missing
      if (!h || !can(actor, 'partywork.tasks', regionCode ?? h.regionCode)) throw notFound('PARTY_HOUSEHOLD_NOT_FOUND', 'No such household', { field: 'householdId' });
      if (regionCode && !regionCode.startsWith(scopeOfRegionCode(h.regionCode))) {
        throw new AppError('PARTY_TASK_REGION_INVALID', 422, 'The task\'s place must hold the household', { field: 'regionCode' });
      }
      regionCode ??= h.regionCode;
      subject ||= (await this.households.labelsOf([h.id]))[h.id];
    }
    if (!regionCode || !subject) throw new AppError('PARTY_TASK_INVALID', 422, 'A building or issue task names its place and subject', { field: regionCode ? 'subject' : 'regionCode' });
    assertCan(actor, 'partywork.tasks', regionCode);
    const row = await this.p.tx(async (tx) => {
      const t = await repo.insertTask(tx, {
        regionCode, kind: input.kind, householdId: input.householdId ?? null, subject, note: input.note?.trim() || null, frequencyDays: input.frequencyDays,
        lat: input.lat ?? null, lon: input.lon ?? null, publishedBy: actor.id, createdAt: now, updatedAt: now,
      });
      await this.changed(tx, actor, t, 'publish');
      return t;
    });
    return (await this.present([row]))[0];
  }

  /** Claim, accept, decline, release or close (the machine says who may, from where). */
  async act(actor: Actor, id: string, action: TaskAction, reason?: string, now = new Date()): Promise<TaskView> {
    const task = await repo.findTask(this.p.db, id);
    if (!task) throw taskMissing();
    const asMember = action === 'claim' || action === 'release';
    if (asMember) {
      const me = await this.register.memberOf(actor.id);
      if (!me) throw notMember();
      // a member serves the tasks of their branch's area; another area's task answers as missing
      if (!task.regionCode.startsWith(scopeOfRegionCode(me.regionCode)) && task.memberId !== actor.id) throw taskMissing();
    } else {
      assertCan(actor, 'partywork.tasks', task.regionCode, taskMissing);
    }
    if ((action === 'decline' || action === 'close') && !reason?.trim()) throw new AppError('PARTY_REASON_REQUIRED', 422, 'Give a reason', { field: 'reason' });
    const move = transition({ state: task.state as TaskState, memberId: task.memberId }, action, { role: asMember ? 'member' : 'grid_worker', userId: actor.id });
    if (!move.ok) {
      if (move.code === 'PARTY_TASK_STATE') throw conflict('PARTY_TASK_STATE', move.message, { state: task.state });
      if (move.code === 'PARTY_TASK_NOT_YOURS') throw new AppError('PARTY_TASK_NOT_YOURS', 403, move.message);
      throw new AppError('PARTY_TASK_ROLE', 403, move.message);
    }
    const row = await this.p.tx(async (tx) => {
      const t = await repo.moveTask(tx, task.id, task.version, now, {
        state: move.next.state, memberId: move.next.memberId,
        ...(action === 'claim' ? { claimedAt: now } : {}),
        ...(action === 'accept' ? { acceptedAt: now, acceptedBy: actor.id } : {}),
        ...(action === 'decline' || action === 'release' ? { claimedAt: null, acceptedAt: null, acceptedBy: null } : {}),
        ...(action === 'close' ? { closedAt: now, closedBy: actor.id } : {}),
        ...(reason?.trim() ? { reason: reason.trim() } : {}),
      });
      if (!t) throw conflict('PARTY_TASK_CONFLICT', 'Someone changed the task just now');
      await this.changed(tx, actor, t, action);
      return t;
    });
    return (await this.present([row]))[0];
  }

  async get(actor: Actor, id: string): Promise<TaskView> {
    const task = await repo.findTask(this.p.db, id);
    if (!task) throw taskMissing();
    if (task.memberId !== actor.id) assertCan(actor, 'partywork.read', task.regionCode, taskMissing);
    return (await this.present([task]))[0];
  }

  async list(actor: Actor, q: Partial<repo.TaskFilter>): Promise<TaskPage> {
    assertCan(actor, 'partywork.read');
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const offset = Math.max(q.offset ?? 0, 0);
    const { rows, total } = await repo.tasksIn(this.p.db, scopesFor(actor, 'partywork.read').map((s) => `${s}%`), { ...q, region: q.region ? scopeOfRegionCode(q.region) : undefined, limit, offset });
    return { total, limit, offset, items: await this.present(rows) };
  }

  /** The member's phone page: my profile, the tasks I hold, the open tasks of my branch's area. */
  async mine(actor: Actor): Promise<MyPartyWork> {
    const me = await this.register.memberOf(actor.id);
    if (!me) throw notMember();
    const [held, open] = await Promise.all([
      repo.tasksOf(this.p.db, actor.id),
      repo.tasksIn(this.p.db, [`${scopeOfRegionCode(me.regionCode)}%`], { state: 'open', limit: 50, offset: 0 }),
    ]);
    return { member: await this.register.full(me), tasks: await this.present(held), openTasks: await this.present(open.rows) };
  }

  private async changed(tx: Db, actor: Actor, t: repo.TaskRow, action: TaskAction | 'publish') {
    await emitEvent(tx, 'partywork.task_changed', { taskId: t.id, state: t.state, memberId: t.memberId, householdId: t.householdId, regionCode: t.regionCode }, { regionCode: t.regionCode, aggregateId: t.id });
    await writeAudit(tx, { actorId: actor.id, action: `partywork.task_${action}`, entity: 'party_task', entityId: t.id, regionCode: t.regionCode, details: { state: t.state, memberId: t.memberId } });
  }

  async present(rows: repo.TaskRow[]): Promise<TaskView[]> {
    const [labels, names] = await Promise.all([
      this.households.labelsOf(rows.flatMap((r) => (r.householdId ? [r.householdId] : []))),
      this.users.namesOf(rows.flatMap((r) => (r.memberId ? [r.memberId] : []))),
    ]);
    return rows.map((r) => ({
      id: r.id, regionCode: r.regionCode, kind: r.kind as TaskKind, householdId: r.householdId, householdLabel: r.householdId ? labels[r.householdId] ?? null : null,
      subject: r.subject, note: r.note, frequencyDays: r.frequencyDays, point: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
      state: r.state as TaskState, publishedBy: r.publishedBy, memberId: r.memberId, memberName: r.memberId ? names[r.memberId] ?? null : null,
      claimedAt: isoOrNull(r.claimedAt), acceptedAt: isoOrNull(r.acceptedAt), closedAt: isoOrNull(r.closedAt), reason: r.reason,
      version: r.version, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
    }));
  }
}
