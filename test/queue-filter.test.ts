/**
 * The live queue applies one case at a time (web/src/features/cases/queue-filter.ts): property-based,
 * any sequence of case changes applied as events gives the queue the server would list from scratch —
 * the same filter (states, levels, overdue), the same order (newest reported first, then id), the same cap.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyToQueue, fitsQueue, type QueueFilter } from '../web/src/features/cases/queue-filter.ts';
import type { CaseRow } from '../web/src/features/cases/caseUtil.ts';

const NOW = Date.UTC(2026, 11, 7, 3);
const STATES = ['REGISTERED', 'DISPATCHED', 'PROCESSING', 'VERIFYING', 'CLOSED'];
const LEVELS = ['village', 'township', 'district'];

const caseArb = (id: string) => fc.record({
  state: fc.constantFrom(...STATES), level: fc.constantFrom(...LEVELS), reported: fc.integer({ min: 0, max: 50 }),
  deadline: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }), late: fc.boolean(),
}).map((r) => ({
  id, state: r.state, level: r.level, reportedAt: new Date(NOW - r.reported * 60_000).toISOString(),
  deadline: r.deadline === null ? null : new Date(NOW + r.deadline * 3_600_000).toISOString(), signDeadline: null, lateAt: r.late ? new Date(NOW - 86_400_000).toISOString() : null,
}) as unknown as CaseRow);

const filterArb: fc.Arbitrary<QueueFilter> = fc.record({ states: fc.subarray(STATES), levels: fc.subarray(LEVELS), overdue: fc.boolean() });
const ids = Array.from({ length: 8 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);

describe('the live queue, one event at a time', () => {
  it('equals the list computed from scratch after any sequence of changes', () => {
    fc.assert(fc.property(filterArb,
      fc.array(fc.nat(ids.length - 1).chain((k) => fc.tuple(fc.constant(k), fc.option(caseArb(ids[k]), { nil: null }))), { maxLength: 40 }), fc.integer({ min: 2, max: 8 }),
      (f, events, limit) => {
        const truth = new Map<string, CaseRow>();
        let queue: CaseRow[] = [];
        let cut = false; // once more cases fitted than the cap, one fell off the end and a removal cannot bring it back
        for (const [k, c] of events) {
          if (c) truth.set(ids[k], c);
          else truth.delete(ids[k]); // gone from the user's sight (404)
          queue = applyToQueue(queue, ids[k], c, f, NOW, limit);
          if ([...truth.values()].filter((x) => fitsQueue(x, f, NOW)).length > limit) cut = true;
        }
        const fresh = [...truth.values()].filter((c) => fitsQueue(c, f, NOW))
          .sort((a, b) => (a.reportedAt === b.reportedAt ? (a.id < b.id ? 1 : -1) : a.reportedAt < b.reportedAt ? 1 : -1));
        // the queue holds the newest `limit` of what fits, as long as nothing fell off the end and came back
        const kept = queue.map((c) => c.id);
        assert.deepEqual(kept, fresh.map((c) => c.id).filter((id) => kept.includes(id)), 'in the server\'s order');
        assert.ok(kept.length <= limit);
        if (!cut) assert.deepEqual(kept, fresh.map((c) => c.id), 'everything that fits, when nothing was cut');
      }), { numRuns: 500 });
  });
});
