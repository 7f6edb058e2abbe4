import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RuleBacklog } from './rule-backlog.ts';

const gate = () => {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
};
const settled = async (p: Promise<unknown>) => Promise.race([p.then(() => true), new Promise((r) => setTimeout(() => r(false), 10))]);

it('the rules backlog answers at once while under its limit, then only as rules finish', async () => {
  const b = new RuleBacklog(2);
  const runs = [gate(), gate(), gate()];
  assert.equal(await settled(b.add(runs[0].p)), true);
  assert.equal(await settled(b.add(runs[1].p)), true);
  const third = b.add(runs[2].p);
  assert.equal(await settled(third), false, 'over the limit: the acknowledgement waits');
  assert.equal(b.pending, 3);
  runs[0].open();
  assert.equal(await settled(third), true, 'one finished: room again');
  const drained = b.drained();
  assert.equal(await settled(drained), false);
  runs[1].open();
  runs[2].open();
  assert.equal(await settled(drained), true);
  assert.deepEqual([b.pending, b.judged, b.peak], [0, 3, 3]);
});

it('a failed rule run counts as done (its readings are stored; the failure is logged by the ingest)', async () => {
  const b = new RuleBacklog(1);
  const bad = Promise.reject(new Error('x'));
  await b.add(bad);
  await b.drained();
  assert.equal(b.pending, 0);
});
