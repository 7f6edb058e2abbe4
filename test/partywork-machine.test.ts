/**
 * The 联户 task's state machine (task-machine.ts) as a property: for any sequence of actions by any of
 * a few people in either role, every accepted move follows the table, a refused move changes nothing,
 * a member is named exactly while the task is claimed or active (or kept on a closed one), closed is
 * final, and a task only becomes active from claimed, by a grid worker, keeping the claimant.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { TASK_ACTIONS, transition, type TaskSnapshot } from '../src/partywork/task-machine.ts';

const step = fc.record({
  action: fc.constantFrom(...TASK_ACTIONS),
  role: fc.constantFrom('grid_worker' as const, 'member' as const),
  userId: fc.constantFrom('m1', 'm2', 'g1'),
});

it('the task machine keeps its invariants over any sequence of moves', () => {
  fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
    let task: TaskSnapshot = { state: 'open', memberId: null };
    for (const s of steps) {
      const before = task;
      const r = transition(task, s.action, { role: s.role, userId: s.userId });
      if (!r.ok) continue; // refused: `task` stays as it was
      task = r.next;
      assert.notEqual(before.state, 'closed', 'nothing leaves closed');
      if (task.state === 'open') assert.equal(task.memberId, null);
      if (task.state === 'claimed' || task.state === 'active') assert.ok(task.memberId);
      if (task.state === 'active' && before.state !== 'active') {
        assert.equal(before.state, 'claimed');
        assert.equal(s.role, 'grid_worker');
        assert.equal(task.memberId, before.memberId, 'accepting keeps the claimant');
      }
      if (s.action === 'claim') assert.equal(task.memberId, s.userId);
      if (s.action === 'release') assert.equal(before.memberId, s.userId, 'only the holder gives a task back');
      if (s.role === 'member') assert.ok(['claim', 'release'].includes(s.action));
    }
  }), { numRuns: 2000 });
});

it('each refusal names why', () => {
  assert.deepEqual(transition({ state: 'closed', memberId: 'm1' }, 'claim', { role: 'member', userId: 'm2' }), { ok: false, code: 'PARTY_TASK_STATE', message: 'A task that is closed cannot take "claim"' });
  assert.equal((transition({ state: 'claimed', memberId: 'm1' }, 'accept', { role: 'member', userId: 'm1' }) as { code: string }).code, 'PARTY_TASK_ROLE');
  assert.equal((transition({ state: 'active', memberId: 'm1' }, 'release', { role: 'member', userId: 'm2' }) as { code: string }).code, 'PARTY_TASK_NOT_YOURS');
});
