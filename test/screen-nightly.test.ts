/** The wall's nightly reload time (web/src/features/screen/nightly.ts): always the next 04:00–04:10 in Shanghai, within a day. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { untilNightlyReload } from '../web/src/features/screen/nightly.ts';

it('whatever the time, the reload comes within a day and ten minutes, at 04:00–04:10 Shanghai time', () => {
  fc.assert(fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (now, jitter) => {
    const ms = untilNightlyReload(now, jitter);
    assert.ok(ms > 0 && ms <= 86_400_000 + 600_000, `${ms}`);
    const at = new Date(now + ms + 8 * 3_600_000);
    assert.equal(at.getUTCHours(), 4);
    assert.ok(at.getUTCMinutes() < 10);
    // and not a day late: the 04:00 just before it is after now
    assert.ok(now + ms - Math.floor(jitter * 600_000) - 86_400_000 < now);
  }));
  // at 03:59:59 Shanghai it is a second away (no jitter); at 04:00 exactly, tomorrow
  assert.equal(untilNightlyReload(Date.UTC(2026, 11, 6, 19, 59, 59), 0), 1000);
  assert.equal(untilNightlyReload(Date.UTC(2026, 11, 6, 20, 0, 0), 0), 86_400_000);
});
