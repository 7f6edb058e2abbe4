/**
 * The tab's live stream after a refusal (a server restarting, a proxy's 502): it asks again after 1 s,
 * then 2, 4 … never more than 30 s apart, each delay spread by a random half so the tabs of a whole
 * township do not all come back in the same millisecond.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { retryDelay } from '../web/src/shared/live.ts';

describe('live stream retry delays', () => {
  it('double from 1 s to at most 30 s, each between half and all of its step', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
      const step = Math.min(30_000, 1_000 * 2 ** n);
      const d = retryDelay(n, r);
      return d >= step / 2 && d <= step;
    }));
    assert.equal(retryDelay(0, 1), 1_000);
    assert.equal(retryDelay(3, 1), 8_000);
    assert.equal(retryDelay(10, 1), 30_000);
    assert.equal(retryDelay(10, 0), 15_000);
  });
});
