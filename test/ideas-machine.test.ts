/**
 * The idea state machine (src/ideas/idea-machine.ts), property-based: random sequences of supports,
 * the clock passing the support deadline, answers and progress steps. Invariants after every step: an
 * answered idea has a reason (and a merge its target), progress never goes down and only an adopted
 * idea moves, done ⇔ 100 %, an idea in review has an answer due, and once the deadline is swept no idea
 * is left without a way to its public outcome (collecting is over, only an answer can end review).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { hasOutcome, newIdea, step, type IdeaEvent, type IdeaModel } from '../src/ideas/idea-machine.ts';

const DAY = 86_400_000;
const event = (deadline: number): fc.Arbitrary<IdeaEvent> => fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: deadline + 5 * DAY }).map((at) => ({ type: 'support' as const, at })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: deadline + 5 * DAY }).map((at) => ({ type: 'deadline' as const, at })) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('answer' as const), at: fc.constant(0), outcome: fc.constantFrom('adopted' as const, 'not_adopted' as const, 'merged' as const), reason: fc.constantFrom('', '  ', '已纳入村年度计划', '与另一条建议相同'), mergedInto: fc.constantFrom(null, 'other') }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 100 }).map((percent) => ({ type: 'progress' as const, at: 0, percent })) },
);

it('an idea always moves lawfully and ends with a public outcome', () => {
  const deadline = 30 * DAY;
  fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.array(event(deadline), { maxLength: 40 }), (threshold, events) => {
    let idea: IdeaModel = newIdea(threshold, deadline);
    for (const e of events) {
      const before = idea;
      const r = step(idea, e);
      if (!r.ok) {
        // a refused step changes nothing, and a support refused is one out of time or on an answered idea
        if (e.type === 'support') assert.ok(e.at >= idea.supportDeadline || hasOutcome(idea));
        continue;
      }
      idea = r.idea;
      assert.ok(idea.progress >= before.progress, 'progress never goes down');
      if (idea.progress !== before.progress) assert.ok(before.state === 'adopted');
      assert.equal(idea.state === 'done', idea.progress === 100);
      if (hasOutcome(idea)) assert.ok(idea.reason && idea.reason.trim().length > 0, 'every outcome has a reason');
      if (idea.state === 'merged') assert.ok(idea.mergedInto);
      if (idea.state === 'under_review') assert.ok(idea.answerDue !== null, 'review has an answer due');
      if (idea.reachedThreshold) assert.ok(idea.supports >= idea.threshold);
      if (e.type === 'support') assert.equal(idea.supports, before.supports + 1);
    }
    // the sweep at the deadline: whatever was still collecting goes to review, which only an answer ends
    const swept = step(idea, { type: 'deadline', at: deadline });
    const after = swept.ok ? swept.idea : idea;
    assert.notEqual(after.state, 'collecting');
    if (!hasOutcome(after)) {
      const answered = step(after, { type: 'answer', at: deadline, outcome: 'not_adopted', reason: '经村民代表会议评估，暂不具备条件' });
      assert.ok(answered.ok && hasOutcome(answered.idea), 'an idea in review can always be answered');
    }
  }), { numRuns: 500 });
});

it('the threshold moves an idea to review before the deadline only', () => {
  const i = newIdea(2, 10 * DAY);
  const one = step(i, { type: 'support', at: DAY });
  assert.ok(one.ok && one.idea.state === 'collecting');
  const two = step(one.idea, { type: 'support', at: 2 * DAY });
  assert.ok(two.ok && two.idea.state === 'under_review' && two.idea.reachedThreshold);
  assert.deepEqual(step(one.idea, { type: 'support', at: 10 * DAY }), { ok: false, refusal: 'SUPPORT_CLOSED' });
});
