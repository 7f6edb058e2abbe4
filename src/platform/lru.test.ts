import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lru } from './lru.ts';

describe('Lru', () => {
  it('forgets the least recently used entry beyond its size', () => {
    const c = new Lru<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    assert.equal(c.get('a'), 1); // a is now the most recent
    c.set('c', 3);
    assert.equal(c.get('b'), undefined);
    assert.equal(c.get('a'), 1);
    assert.equal(c.get('c'), 3);
    assert.equal(c.size, 2);
  });

  it('expires entries after their time to live', async () => {
    const c = new Lru<string, number>(10, 20);
    c.set('a', 1);
    assert.equal(c.get('a'), 1);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(c.get('a'), undefined);
    assert.equal(c.size, 0);
  });
});
