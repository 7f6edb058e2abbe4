import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ACTIONS, allowedActions, coSettled, decide, decideSteps, evolve, FINAL_STATES, INITIAL, LEVELS, Refusal, replay, STATES, TRANSITIONS,
  type CaseState, type Command, type Entry, type Who,
} from './case-machine.ts';

const operator: Who = { id: 'op', roles: new Set(['operator', 'shift_lead', 'dispatcher']), orgIds: new Set() };
const worker: Who = { id: 'gw', roles: new Set(['grid_worker']), orgIds: new Set(['org-clean']) };
const reporter: Who = { id: 'villager', roles: new Set(['resident']), orgIds: new Set() };
const stranger: Who = { id: 'x', roles: new Set(['handler']), orgIds: new Set(['org-other']) };
const system: Who = { id: 'system', roles: new Set(), orgIds: new Set(), system: true };
/** A co-handler: a member of the environment office (联办). */
const partner: Who = { id: 'env-1', roles: new Set(['handler']), orgIds: new Set(['org-env']) };

const INITIAL_REGISTERED: CaseState = { ...INITIAL, state: 'REGISTERED' };

function run(s: CaseState, steps: [Command, Who][]): { state: CaseState; entries: Entry[] } {
  const entries: Entry[] = [];
  for (const [cmd, who] of steps) {
    const e = decide(s, cmd, who);
    entries.push(e);
    s = evolve(s, e);
  }
  return { state: s, entries };
}

describe('case state machine', () => {
  it('runs the burning-grass loop: report → register → dispatch → sign → feedback → close → rate', () => {
    const start = { ...INITIAL, reporterId: 'villager' };
    const { state, entries } = run(start, [
      [{ action: 'submit' }, system],
      [{ action: 'register' }, operator],
      [{ action: 'dispatch', assigneeId: 'gw' }, operator],
      [{ action: 'sign' }, worker],
      [{ action: 'feedback', note: 'fire out, ashes cleared', media: ['m1'] }, worker],
      [{ action: 'close' }, operator],
      [{ action: 'rate', rating: 'satisfied' }, reporter],
    ]);
    assert.equal(state.state, 'RATED');
    assert.deepEqual(entries.map((e) => e.to), ['PENDING_ACCEPT', 'REGISTERED', 'DISPATCHED', 'PROCESSING', 'VERIFYING', 'CLOSED', 'RATED']);
    assert.deepEqual(replay(entries, start), state);
  });

  it('refuses with the allowed actions named', () => {
    const s: CaseState = { ...INITIAL, state: 'DISPATCHED', assigneeId: 'gw' };
    try {
      decide(s, { action: 'close' }, operator);
      assert.fail();
    } catch (e) {
      assert.ok(e instanceof Refusal && e.kind === 'not_allowed_in_state');
      assert.deepEqual(e.allowed, ['escalate']);
    }
    assert.throws(() => decide(s, { action: 'sign' }, stranger), (e: unknown) => e instanceof Refusal && e.kind === 'forbidden');
    assert.deepEqual(allowedActions(s, worker), ['sign', 'return', 'escalate']);
  });

  it('requires photos for feedback and self-handling, reasons for returns', () => {
    const processing: CaseState = { ...INITIAL, state: 'PROCESSING', assigneeId: 'gw' };
    assert.throws(() => decide(processing, { action: 'feedback', note: 'done', media: [] }, worker), /at least one photo/);
    const dispatched: CaseState = { ...INITIAL, state: 'DISPATCHED', assigneeId: 'gw' };
    assert.throws(() => decide(dispatched, { action: 'return', reason: '' }, worker), /reason is required/);
  });

  it('an unhappy rating reopens the case for 重办; escalation climbs and stops at the city', () => {
    const closed: CaseState = { ...INITIAL, state: 'CLOSED', reporterId: 'villager' };
    const e = decide(closed, { action: 'rate', rating: 'unsatisfied', comment: '还在烧' }, reporter);
    const s = evolve(closed, e);
    assert.equal(s.state, 'REGISTERED');
    assert.equal(s.reopenCount, 1);
    let c: CaseState = { ...INITIAL, state: 'REGISTERED' };
    for (const level of ['township', 'district', 'city']) {
      c = evolve(c, decide(c, { action: 'escalate', reason: '村里解决不了' }, operator));
      assert.equal(c.level, level);
    }
    assert.throws(() => decide(c, { action: 'escalate', reason: 'again' }, operator), /city level/);
  });

  it('joint handling: the lead\'s feedback waits for the co-handlers; the last one (or a waiver) completes it', () => {
    const start = { ...INITIAL, reporterId: 'villager' };
    const { state, entries } = run(start, [
      [{ action: 'submit' }, system],
      [{ action: 'register' }, operator],
      [{ action: 'dispatch', assigneeId: 'gw', coHandlers: [{ orgId: 'org-env' }, { orgId: 'org-law' }] }, operator],
      [{ action: 'co_sign' }, partner],
      [{ action: 'sign' }, worker],
      [{ action: 'feedback', note: 'grass fire out', media: ['m1'] }, worker],
    ]);
    assert.equal(state.state, 'PROCESSING', 'waiting for the co-handlers');
    assert.ok(state.leadDone);
    assert.deepEqual(allowedActions(state, worker), ['escalate'], 'the lead cannot feed back twice');
    assert.deepEqual(allowedActions(state, partner), ['co_feedback']);
    assert.throws(() => decide(state, { action: 'co_feedback', note: 'done' }, stranger), (e: unknown) => e instanceof Refusal && e.kind === 'forbidden');
    assert.throws(() => decide(state, { action: 'waive_co_handler', target: 'org-env-x', reason: 'not needed' }, operator), /target/);
    const s1 = evolve(state, decide(state, { action: 'co_feedback', note: 'soil checked' }, partner));
    assert.equal(s1.state, 'PROCESSING');
    const waived = decide(s1, { action: 'waive_co_handler', target: 'org-law', reason: '无需执法' }, operator);
    assert.equal(waived.to, 'VERIFYING');
    const done = evolve(s1, waived);
    assert.deepEqual(done.coHandlers.map((h) => h.status), ['done', 'waived']);
    assert.equal(done.leadDone, false);
    assert.deepEqual(replay([...entries, decide(state, { action: 'co_feedback', note: 'soil checked' }, partner), waived], start), done);
    // co-handlers that finish before the lead: the lead's feedback goes straight to VERIFYING
    const early = run(start, [
      [{ action: 'submit' }, system], [{ action: 'register' }, operator],
      [{ action: 'dispatch', assignedOrgId: 'org-clean', coHandlers: [{ orgId: 'org-env' }] }, operator],
      [{ action: 'co_sign' }, partner], [{ action: 'co_feedback', note: 'ok' }, partner],
      [{ action: 'sign' }, worker], [{ action: 'feedback', note: 'cleared', media: ['m'] }, worker],
    ]);
    assert.equal(early.state.state, 'VERIFYING');
    assert.throws(() => decide(INITIAL_REGISTERED, { action: 'dispatch', assigneeId: 'gw', coHandlers: [{ userId: 'gw' }] }, operator), /not the lead/);
  });

  // ---- properties over random action sequences
  const whoArb = fc.constantFrom(operator, worker, reporter, stranger, system, partner);
  const cmdArb: fc.Arbitrary<Command> = fc.oneof(
    fc.constantFrom<Command>(
      { action: 'submit' }, { action: 'register' }, { action: 'sign' }, { action: 'approve_extension' }, { action: 'resume' },
      { action: 'close' }, { action: 'archive' },
      { action: 'reject', reason: 'duplicate' }, { action: 'return', reason: 'not ours' }, { action: 'deny_extension', reason: 'no' },
      { action: 'suspend', reason: 'waiting for the owner' }, { action: 'rework', reason: 'still dirty' },
      { action: 'escalate', reason: 'cannot solve' }, { action: 'request_extension', reason: 'need parts' },
      { action: 'merge', into: 'other-case' },
      { action: 'feedback', note: 'done', media: ['m'] }, { action: 'feedback', note: 'done', media: [] },
      { action: 'self_handle', note: 'fixed on the spot', media: ['m'] },
      { action: 'dispatch', assigneeId: 'gw' }, { action: 'dispatch', assignedOrgId: 'org-clean' }, { action: 'dispatch' },
      { action: 'dispatch', assigneeId: 'gw', coHandlers: [{ orgId: 'org-env' }] },
      { action: 'dispatch', assignedOrgId: 'org-clean', coHandlers: [{ orgId: 'org-env' }, { userId: 'someone' }] },
      { action: 'co_sign' }, { action: 'co_feedback', note: 'our part is done' }, { action: 'answer', note: '在村口文创店可以买到' },
      { action: 'waive_co_handler', target: 'someone', reason: 'not needed' }, { action: 'waive_co_handler', target: 'org-env', reason: 'not needed' },
      { action: 'register_dispatch', assigneeId: 'gw' }, { action: 'register_dispatch', assignedOrgId: 'org-clean', coHandlers: [{ orgId: 'org-env' }] },
      { action: 'register_dispatch' }, { action: 'register_dispatch', assigneeId: 'gw', coHandlers: [{ userId: 'gw' }] },
    ),
    fc.constantFrom(...(['satisfied', 'basically_satisfied', 'unsatisfied'] as const)).map((rating): Command => ({ action: 'rate', rating })),
  );

  it('random sequences never reach an illegal state; the timeline replays to the state (property)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(cmdArb, whoArb), { maxLength: 60 }), (steps) => {
      let s: CaseState = { ...INITIAL, reporterId: 'villager' };
      const entries: Entry[] = [];
      for (const [cmd, who] of steps) {
        let decided: Entry[];
        try {
          decided = decideSteps(s, cmd, who);
        } catch (err) {
          if (!(err instanceof Refusal)) throw err;
          continue;
        }
        // every accepted step follows the transition table (rate may reopen; joint handling may wait or complete)
        const expected = TRANSITIONS[s.state][cmd.action];
        const e = decided[decided.length - 1];
        const joint = ['feedback', 'co_feedback', 'waive_co_handler'].includes(cmd.action) && ['PROCESSING', 'VERIFYING'].includes(e.to);
        assert.ok(expected === e.to || joint || (cmd.action === 'rate' && e.to === 'REGISTERED'), `${s.state} --${cmd.action}--> ${e.to}`);
        // 立案并派遣 is exactly a register entry then a dispatch entry; every other command one entry
        assert.deepEqual(decided.map((d) => d.action), cmd.action === 'register_dispatch' ? ['register', 'dispatch'] : [cmd.action]);
        entries.push(...decided);
        s = decided.reduce(evolve, s);
        assert.ok(STATES.includes(s.state));
        assert.ok(LEVELS.includes(s.level));
        if (s.state === 'DISPATCHED') assert.ok(s.assigneeId || s.assignedOrgId, 'a dispatched case has an owner');
        if (s.state === 'VERIFYING' && e.action !== 'self_handle') assert.ok(s.coHandlers.every(coSettled), 'verification waits for every co-handler');
        if (s.leadDone) assert.equal(s.state === 'PROCESSING' || s.state === 'SUSPENDED', true);
        if (FINAL_STATES.includes(s.state)) assert.deepEqual(allowedActions(s, operator), []);
      }
      assert.deepEqual(replay(entries, { ...INITIAL, reporterId: 'villager' }), s);
    }), { numRuns: 500 });
  });

  it('register_dispatch is register then dispatch, or refused as a whole with nothing appended (property)', () => {
    const targetArb = fc.record({
      assigneeId: fc.option(fc.constantFrom('gw', 'someone'), { nil: undefined }),
      assignedOrgId: fc.option(fc.constantFrom('org-clean', 'org-env'), { nil: undefined }),
      coHandlers: fc.option(fc.array(fc.record({ orgId: fc.constantFrom('org-env', 'org-law', 'org-clean') }), { maxLength: 3 }), { nil: undefined }),
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.constantFrom(...STATES), fc.constantFrom(...LEVELS), targetArb, whoArb, (state, level, target, who) => {
      const s: CaseState = { ...INITIAL, state, level, reporterId: 'villager' };
      const cmd = { action: 'register_dispatch', ...target } as Command;
      let together: Entry[] | Refusal;
      try {
        together = decideSteps(s, cmd, who);
      } catch (err) {
        if (!(err instanceof Refusal)) throw err;
        together = err;
      }
      // the same two commands sent one after the other
      let apart: Entry[] | Refusal;
      try {
        const r = decide(s, { action: 'register' }, who);
        apart = [r, decide(evolve(s, r), { action: 'dispatch', ...target } as Command, who)];
      } catch (err) {
        if (!(err instanceof Refusal)) throw err;
        apart = err;
      }
      if (together instanceof Refusal) {
        // refused together when either step would be refused alone (or the actor may register but not dispatch)
        assert.ok(apart instanceof Refusal || !['operator', 'shift_lead'].some((r) => who.roles.has(r)), `${state} ${JSON.stringify(target)} ${who.id}`);
        return;
      }
      assert.ok(!(apart instanceof Refusal), 'accepted together only when each step is accepted alone');
      assert.deepEqual(together.map((e) => [e.action, e.from, e.to, e.level]), [['register', 'PENDING_ACCEPT', 'REGISTERED', level], ['dispatch', 'REGISTERED', 'DISPATCHED', level]]);
      // as stored (jsonb drops undefined fields)
      assert.deepEqual(JSON.parse(JSON.stringify(together.map((e) => e.data))), JSON.parse(JSON.stringify(apart.map((e) => e.data))));
      const after = together.reduce(evolve, s);
      assert.equal(after.state, 'DISPATCHED');
      assert.ok(after.assigneeId || after.assignedOrgId);
    }), { numRuns: 1000 });
    assert.deepEqual(allowedActions({ ...INITIAL, state: 'PENDING_ACCEPT' }, operator).slice(0, 2), ['register', 'register_dispatch']);
    assert.ok(!allowedActions({ ...INITIAL, state: 'PENDING_ACCEPT' }, system).includes('register_dispatch'), 'devices\' cases are opened by SourceCases, not by this action');
    assert.throws(() => decide(INITIAL, { action: 'register_dispatch', assigneeId: 'gw' }, operator), /decideSteps/);
  });

  it('closed and final cases change only by rating, reopening or archiving (property)', () => {
    fc.assert(fc.property(fc.constantFrom<CaseState['state']>('CLOSED', 'RATED', 'ARCHIVED', 'REJECTED', 'MERGED'), cmdArb, whoArb, (state, cmd, who) => {
      const s: CaseState = { ...INITIAL, state, reporterId: 'villager' };
      try {
        return decideSteps(s, cmd, who).every((e) => ['rate', 'archive'].includes(e.action));
      } catch (err) {
        return err instanceof Refusal;
      }
    }), { numRuns: 1000 });
  });

  it('every action appears in the transition table somewhere', () => {
    const used = new Set(Object.values(TRANSITIONS).flatMap((t) => Object.keys(t)));
    for (const a of ACTIONS) assert.ok(used.has(a), a);
  });
});
