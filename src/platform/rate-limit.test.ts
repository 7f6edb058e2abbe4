import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows the limit per window, then refuses with the time to wait, then allows again', () => {
    const r = new RateLimiter(3, 60_000);
    const t0 = 1_000_000;
    assert.deepEqual([1, 2, 3].map(() => r.take('a', t0).ok), [true, true, true]);
    const refused = r.take('a', t0 + 10_000);
    assert.equal(refused.ok, false);
    assert.equal(refused.retryAfterSeconds, 50);
    assert.equal(r.take('b', t0 + 10_000).ok, true, 'keys are counted apart');
    assert.equal(r.take('a', t0 + 60_000).ok, true, 'a new window');
    assert.throws(() => { for (let i = 0; i < 5; i++) r.check('c', 'reports'); }, /Too many reports/);
  });
});
