/**
 * Lateness survives escalation and return (issue 11, fault 14): over random histories of signing,
 * returning, escalating and feeding back at random times, a case is closed on time exactly when it
 * never missed a signing or handling deadline at any level, and `lateLevel` is the level of the first miss.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BusinessCalendar } from './calendar.ts';
import { effectsOf } from './case-actions.ts';
import { LEVELS, type ActionName, type CaseLevel, type CaseStateName } from './case-machine.ts';
import type { CaseRow, CategoryRow } from './cases.repository.ts';

const category = { code: '0201', limitValue: 60, limitUnit: 'minutes', urgentLimitValue: 30, urgentLimitUnit: 'minutes', signLimitValue: 20, signLimitUnit: 'minutes' } as CategoryRow;
const calendar = new BusinessCalendar();

type Step = { wait: number; choice: number };

describe('case effects: lateness', () => {
  it('closed on time ⇔ no deadline was ever missed, whatever the escalations and returns in between', () => {
    fc.assert(fc.property(fc.array(fc.record({ wait: fc.integer({ min: 0, max: 90 }), choice: fc.integer({ min: 0, max: 1 }) }), { minLength: 1, maxLength: 14 }), (steps: Step[]) => {
      let now = Date.UTC(2026, 10, 2, 0, 0);
      let row = {
        state: 'REGISTERED', level: 'village', severity: 'normal', deadline: null, signDeadline: null, fixedDeadline: null, feedbackAt: null,
        lateAt: null, lateLevel: null, requestedUntil: null, suspendedAt: null, registeredAt: new Date(now), coHandlers: [], reworkCount: 0,
        reopenCount: 0, extensionCount: 0, supervision: 0, overdueAt: null,
      } as unknown as CaseRow;
      let firstMiss: CaseLevel | null = null;
      const apply = (action: ActionName, to: CaseStateName, level = row.level as CaseLevel) => {
        const u = effectsOf(row, { action, from: row.state as CaseStateName, to, level, actorId: 'x', data: { assigneeId: 'gw' } }, new Date(now), { category, calendar, input: {} });
        row = { ...row, ...u } as CaseRow;
      };
      const missed = (at: Date | null, when: number) => at !== null && at.getTime() < when;
      for (const { wait, choice } of steps) {
        now += wait * 60_000;
        const up = LEVELS[Math.min(LEVELS.indexOf(row.level as CaseLevel) + 1, LEVELS.length - 1)];
        switch (row.state) {
          case 'REGISTERED': apply('dispatch', 'DISPATCHED'); break;
          case 'DISPATCHED':
            if (choice === 0) { apply('sign', 'PROCESSING'); break; }
            if (missed(row.signDeadline, now)) firstMiss ??= row.level as CaseLevel;
            if (row.level === 'city') apply('return', 'REGISTERED'); else apply('escalate', 'REGISTERED', up);
            break;
          case 'PROCESSING':
            if (choice === 0 || row.level === 'city') { apply('feedback', 'VERIFYING'); break; }
            if (missed(row.deadline, now)) firstMiss ??= row.level as CaseLevel;
            apply('escalate', 'REGISTERED', up);
            break;
        }
        if (row.state === 'VERIFYING') break;
      }
      if (row.state !== 'VERIFYING') return;
      if (missed(row.deadline, row.feedbackAt!.getTime())) firstMiss ??= row.level as CaseLevel;
      now += 60_000;
      apply('close', 'CLOSED');
      assert.equal(row.closedOnTime, firstMiss === null);
      assert.equal(row.lateLevel, firstMiss);
    }), { numRuns: 500 });
  });
});
