import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EpisodeTracker, type Detection, type EpisodeEvent, type Policy } from './episodes.ts';

const POLICY: Policy = { minConfidence: 0.6, triggerAfterSeconds: 10, triggerAfterCount: 30, silenceSeconds: 30, cooldownSeconds: 300 };
const T0 = Date.parse('2026-06-20T08:00:00Z');
const det = (s: number, over: Partial<Detection> = {}): Detection => ({ cameraId: 'cam1', channel: 1, category: '0501', region: '1', ts: T0 + s * 1000, confidence: 0.9, ...over });
const run = (t: EpisodeTracker, ds: Detection[]) => {
  const out: EpisodeEvent[] = [];
  for (const d of ds) t.add(d, out);
  return out;
};
const kinds = (es: EpisodeEvent[]) => es.map((e) => e.kind);

describe('camera episodes', () => {
  it('a vendor for two minutes at one detection a second: one episode, triggered after 10 s, closed after the silence', () => {
    const t = new EpisodeTracker(() => POLICY);
    const es = run(t, Array.from({ length: 120 }, (_, i) => det(i)));
    assert.deepEqual(kinds(es), ['opened', 'triggered']);
    assert.equal(es[1].ts, T0 + 10_000);
    assert.deepEqual(kinds(t.sweep(T0 + 149_000)), [], 'not yet silent for more than 30 s');
    const closed = t.sweep(T0 + 150_000);
    assert.deepEqual(closed.map((e) => e.kind === 'closed' && [e.count, e.triggered]), [[120, true]]);
  });

  it('a burst of thousands of identical detections is one episode', () => {
    const t = new EpisodeTracker(() => POLICY);
    const es = run(t, Array.from({ length: 5000 }, (_, i) => det(i / 100)));
    assert.deepEqual(kinds(es), ['opened', 'triggered']);
    assert.equal(es[1].kind === 'triggered' && es[1].count, 30, 'M detections trigger before N seconds');
  });

  it('weak detections never open an episode; gaps shorter than the silence do not split it; late ones change nothing', () => {
    const t = new EpisodeTracker(() => POLICY);
    const weak = run(t, Array.from({ length: 50 }, (_, i) => det(i, { confidence: 0.4 })));
    assert.deepEqual(weak, []);
    const flapping = [0, 1, 2, 25, 26, 50, 51, 52].map((s) => det(100 + s));
    const es = run(t, flapping);
    assert.deepEqual(kinds(es), ['opened', 'triggered'], 'one episode across gaps of 23 and 24 s');
    assert.deepEqual(run(t, [det(90)]), [], 'an older detection');
  });

  it('the same key again after the silence is a new episode, but its trigger within the cool-down is suppressed', () => {
    const t = new EpisodeTracker(() => POLICY);
    const es = run(t, [...Array.from({ length: 15 }, (_, i) => det(i)), ...Array.from({ length: 15 }, (_, i) => det(100 + i)), ...Array.from({ length: 15 }, (_, i) => det(400 + i))]);
    assert.deepEqual(kinds(es), ['opened', 'triggered', 'closed', 'opened', 'suppressed', 'closed', 'opened', 'triggered']);
  });

  it('keys are separate: another channel, category or region is another episode', () => {
    const t = new EpisodeTracker(() => POLICY);
    const es = run(t, [det(0), det(0, { channel: 2 }), det(0, { category: '0108' }), det(0, { region: '2' }), det(1)]);
    assert.equal(es.filter((e) => e.kind === 'opened').length, 4);
    assert.equal(t.openCount, 4);
  });

  it('recorded-style streams (bursts, gaps, flapping, noise): triggered episodes are exactly the expected ones (property)', () => {
    // a stream of conditions: each lasts `len` seconds, detections every second with some missing (up to
    // five 5-second holes, so never 30 s in a row), separated from the next by `gap` seconds of silence; weak detections sprinkled in
    const cond = fc.record({ len: fc.integer({ min: 1, max: 200 }), gap: fc.integer({ min: 31, max: 900 }), holes: fc.array(fc.integer({ min: 0, max: 199 }), { maxLength: 5 }), weak: fc.boolean() });
    fc.assert(fc.property(fc.array(cond, { minLength: 1, maxLength: 30 }), (conds) => {
      const t = new EpisodeTracker(() => POLICY);
      const ds: Detection[] = [];
      let s = 0;
      let expectedTriggers = 0;
      let lastTrigger = -Infinity;
      for (const c of conds) {
        const times: number[] = [];
        for (let i = 0; i < c.len; i++) if (i === 0 || i === c.len - 1 || !c.holes.some((h) => i >= h && i < h + 5)) times.push(s + i);
        for (const x of times) {
          ds.push(det(x));
          if (c.weak) ds.push(det(x + 0.5, { confidence: 0.3 }));
        }
        // the reference: triggered at the 30th detection or 10 s after the first, if the episode gets there
        const at = Math.min(times[29] ?? Infinity, times.find((x) => x - times[0] >= 10) ?? Infinity);
        if (at !== Infinity) {
          if (at - lastTrigger >= 300) {
            expectedTriggers++;
            lastTrigger = at;
          }
        }
        s += c.len - 1 + c.gap;
      }
      const es = run(t, ds);
      es.push(...t.sweep(T0 + (s + 1000) * 1000));
      assert.equal(es.filter((e) => e.kind === 'triggered').length, expectedTriggers);
      assert.equal(es.filter((e) => e.kind === 'opened').length, conds.length, 'one episode per condition');
      assert.equal(es.filter((e) => e.kind === 'closed').length, conds.length);
    }), { numRuns: 300 });
  });
});
