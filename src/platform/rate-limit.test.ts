import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff, RateLimiter } from './rate-limit.ts';

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

describe('Backoff', () => {
  it('free attempts, then locks doubling up to the cap; a refused attempt is not counted; success clears', () => {
    const b = new Backoff(3, 1000, 8000);
    const t0 = 5_000_000;
    assert.deepEqual([0, 1, 2].map((i) => b.attempt(['a'], t0 + i).ok), [true, true, true]);
    assert.equal(b.attempt(['a'], t0 + 3).ok, true, 'the 4th starts, and locks the key after it');
    assert.deepEqual(b.attempt(['a'], t0 + 4), { ok: false, retryAfterSeconds: 1 });
    assert.equal(b.attempt(['a'], t0 + 1003).ok, true);
    assert.equal(b.waitSeconds('a', t0 + 1004), 2, 'doubled');
    assert.equal(b.attempt(['a'], t0 + 3003).ok, true);
    assert.equal(b.waitSeconds('a', t0 + 3004), 4);
    for (let t = t0 + 7003, i = 0; i < 5; i++) { assert.equal(b.attempt(['a'], t).ok, true); t += b.waitSeconds('a', t) * 1000; }
    assert.ok(b.waitSeconds('a', t0 + 60_000) <= 8, 'capped');
    b.succeeded('a');
    assert.equal(b.waitSeconds('a', t0 + 60_000), 0);
  });

  it('several keys: refused when any is locked; forgive takes one attempt back', () => {
    const b = new Backoff(1, 10_000, 60_000);
    const t0 = 9_000_000;
    assert.ok(b.attempt(['acct:x', 'ip:1'], t0).ok);
    b.forgive('ip:1');
    assert.ok(b.attempt(['acct:y', 'ip:1'], t0).ok, 'the forgiven attempt did not count');
    assert.ok(b.attempt(['acct:y', 'ip:2'], t0).ok, 'second for acct:y: allowed, then locked');
    assert.deepEqual(b.attempt(['acct:y', 'ip:3'], t0 + 1), { ok: false, retryAfterSeconds: 10 });
    assert.ok(b.attempt(['acct:z', 'ip:3'], t0 + 1).ok, 'ip:3 was not counted by the refused attempt');
    assert.equal(b.attempt(['acct:q'], t0 + 3_600_000 * 2).ok, true);
    assert.ok(b.attempt(['acct:y'], t0 + 3_600_000 * 2).ok, 'forgotten after an hour without attempts');
  });
});
