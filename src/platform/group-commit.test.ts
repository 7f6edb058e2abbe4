import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from './group-commit.ts';

describe('GroupCommit', () => {
  it('writes a lone item at once and groups what queues meanwhile, answering each in order', async () => {
    const batches: number[][] = [];
    const g = new GroupCommit<number, number>(async (b) => {
      batches.push(b);
      await new Promise((r) => setTimeout(r, 5));
      return b.map((x) => x * 10);
    }, { parallel: 1, maxWeight: 3 });
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map((x) => g.add(x)));
    assert.deepEqual(answers, [10, 20, 30, 40, 50, 60]);
    assert.deepEqual(batches, [[1], [2, 3, 4], [5, 6]]);
  });

  it('retries a failed batch item by item so only the bad one fails', async () => {
    const g = new GroupCommit<number, number>(async (b) => {
      if (b.includes(13)) throw new Error('unlucky');
      return b;
    }, { parallel: 1, retrySingly: true });
    const results = await Promise.allSettled([1, 13, 2].map((x) => g.add(x)));
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  });
});
