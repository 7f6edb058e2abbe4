/**
 * The 联户/联楼/联事 task's life, as a pure function: open → claimed (a member claims it) → active (the
 * grid worker accepts the member) → closed. The grid worker may decline a claim (back to open, the
 * member cleared) and close the task from any state but closed; the member may give back a task they
 * claimed or hold (back to open). Nothing leaves closed. The service applies the answer under a
 * version check; test/partywork-machine.test.ts checks the invariants as a property.
 */
export const TASK_STATES = ['open', 'claimed', 'active', 'closed'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const TASK_ACTIONS = ['claim', 'accept', 'decline', 'release', 'close'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Who acts: the grid worker of the task's area, a party member, or the task's own member. */
export type TaskRole = 'grid_worker' | 'member';

export interface TaskSnapshot {
  state: TaskState;
  memberId: string | null;
}

export type Transition =
  | { ok: true; next: TaskSnapshot }
  | { ok: false; code: 'PARTY_TASK_STATE' | 'PARTY_TASK_NOT_YOURS' | 'PARTY_TASK_ROLE'; message: string };

/** Which role may take an action, and from which states. */
const TABLE: Record<TaskAction, { role: TaskRole; from: readonly TaskState[] }> = {
  claim: { role: 'member', from: ['open'] },
  accept: { role: 'grid_worker', from: ['claimed'] },
  decline: { role: 'grid_worker', from: ['claimed'] },
  release: { role: 'member', from: ['claimed', 'active'] },
  close: { role: 'grid_worker', from: ['open', 'claimed', 'active'] },
};

export function transition(task: TaskSnapshot, action: TaskAction, by: { role: TaskRole; userId: string }): Transition {
  const rule = TABLE[action];
  if (by.role !== rule.role) return { ok: false, code: 'PARTY_TASK_ROLE', message: `Only a ${rule.role === 'member' ? 'party member' : 'grid worker'} may ${action} a task` };
  if (!rule.from.includes(task.state)) return { ok: false, code: 'PARTY_TASK_STATE', message: `A task that is ${task.state} cannot take "${action}"` };
  if (action === 'release' && task.memberId !== by.userId) return { ok: false, code: 'PARTY_TASK_NOT_YOURS', message: 'Only the member holding the task may give it back' };
  switch (action) {
    case 'claim': return { ok: true, next: { state: 'claimed', memberId: by.userId } };
    case 'accept': return { ok: true, next: { state: 'active', memberId: task.memberId } };
    case 'decline': case 'release': return { ok: true, next: { state: 'open', memberId: null } };
    // a closed task keeps who held it, so its logs and the member's record still name them
    case 'close': return { ok: true, next: { state: 'closed', memberId: task.memberId } };
  }
}
