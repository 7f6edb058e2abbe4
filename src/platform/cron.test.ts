/**
 * The cron reader against an oracle of its own: expressions are generated together with the values
 * each field allows, and Shanghai wall-clock time is read through Intl (not the +8 h shift the reader
 * uses), so the property does not restate the implementation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { nextCronRun, parseCron } from './cron.ts';
import { nextRun } from './scheduler.ts';

interface Field {
  text: string;
  values: Set<number>;
  star: boolean;
}

const range = (lo: number, hi: number, step = 1) => {
  const out: number[] = [];
  for (let v = lo; v <= hi; v += step) out.push(v);
  return out;
};

/** One comma-free part of a field: a number, a range, or either with a step; or a star (with a step). */
function part(min: number, max: number): fc.Arbitrary<Field> {
  const n = fc.integer({ min, max });
  const step = fc.integer({ min: 1, max: Math.max(1, Math.ceil((max - min) / 2)) });
  return fc.oneof(
    n.map((v) => ({ text: `${v}`, values: new Set([v]), star: false })),
    fc.tuple(n, n).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]).map(([a, b]) => ({ text: `${a}-${b}`, values: new Set(range(a, b)), star: false })),
    fc.tuple(n, n, step).map(([a, b, s]) => [Math.min(a, b), Math.max(a, b), s]).map(([a, b, s]) => ({ text: `${a}-${b}/${s}`, values: new Set(range(a, b, s)), star: false })),
    fc.tuple(n, step).map(([a, s]) => ({ text: `${a}/${s}`, values: new Set(range(a, max, s)), star: false })),
  );
}

function field(min: number, max: number): fc.Arbitrary<Field> {
  return fc.oneof(
    { arbitrary: fc.constant({ text: '*', values: new Set(range(min, max)), star: true }), weight: 3 },
    { arbitrary: fc.integer({ min: 1, max: 7 }).map((s) => ({ text: `*/${s}`, values: new Set(range(min, max, s)), star: true })), weight: 1 },
    { arbitrary: fc.array(part(min, max), { minLength: 1, maxLength: 3 }).map((ps) => ({ text: ps.map((p) => p.text).join(','), values: new Set(ps.flatMap((p) => [...p.values])), star: false })), weight: 4 },
  );
}

const cronArb = fc.record({ minute: field(0, 59), hour: field(0, 23), dom: field(1, 31), month: field(1, 12), dow: field(0, 7) });
type Expr = { minute: Field; hour: Field; dom: Field; month: Field; dow: Field };
const text = (e: Expr) => [e.minute, e.hour, e.dom, e.month, e.dow].map((f) => f.text).join(' ');

const shanghai = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
});
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
function wallClock(t: number) {
  const p = Object.fromEntries(shanghai.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return { minute: +p.minute, hour: +p.hour, dom: +p.day, month: +p.month, dow: WEEKDAYS.indexOf(p.weekday) };
}

function dayOk(e: Expr, w: ReturnType<typeof wallClock>): boolean {
  const dow = e.dow.values.has(w.dow) || (w.dow === 0 && e.dow.values.has(7));
  const dom = e.dom.values.has(w.dom);
  if (!e.month.values.has(w.month)) return false;
  return e.dom.star || e.dow.star ? dom && dow : dom || dow;
}

const MIN = 60_000;

describe('cron (Asia/Shanghai)', () => {
  it('the next run is after now, on a whole minute, matches every field, and no earlier minute does', () => {
    fc.assert(
      fc.property(cronArb, fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }), (e, now) => {
        let spec;
        try {
          spec = parseCron(text(e));
        } catch (err) {
          fc.pre(!/never fires/.test((err as Error).message)); // an impossible date (31 April): refused, tested below
          throw err;
        }
        const next = nextCronRun(spec, now).getTime();
        assert.ok(next > now.getTime(), 'after now');
        assert.equal(next % MIN, 0, 'on a whole minute');
        const w = wallClock(next);
        assert.ok(dayOk(e, w) && e.hour.values.has(w.hour) && e.minute.values.has(w.minute), `${text(e)} matches ${new Date(next).toISOString()}`);
        // the earliest: walk every minute from now on, skipping whole hours and days that cannot match
        for (let t = Math.floor(now.getTime() / MIN) * MIN + MIN; t < next;) {
          const c = wallClock(t);
          if (!dayOk(e, c)) t += (24 * 60 - c.hour * 60 - c.minute) * MIN;
          else if (!e.hour.values.has(c.hour)) t += (60 - c.minute) * MIN;
          else {
            assert.ok(!e.minute.values.has(c.minute), `${text(e)} already matched ${new Date(t).toISOString()}`);
            t += MIN;
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads Shanghai time: 03:00 daily is 19:00 UTC the day before; weekday and day-of-month OR when both are set', () => {
    assert.equal(nextCronRun(parseCron('0 3 * * *'), new Date('2025-06-01T10:00:00Z')).toISOString(), '2025-06-01T19:00:00.000Z');
    assert.equal(nextCronRun(parseCron('0 3 * * *'), new Date('2025-06-01T19:00:00Z')).toISOString(), '2025-06-02T19:00:00.000Z');
    // 2025-06-01 is a Sunday (Shanghai): the 15th or a Monday, whichever comes first → Monday the 2nd
    assert.equal(nextCronRun(parseCron('30 8 15 * 1'), new Date('2025-06-01T00:00:00Z')).toISOString(), '2025-06-02T00:30:00.000Z');
    assert.equal(nextCronRun(parseCron('0 0 * * 7'), new Date('2025-06-02T00:00:00Z')).toISOString(), '2025-06-07T16:00:00.000Z');
  });

  it('refuses what it cannot read or what never fires', () => {
    for (const bad of ['* * * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '5-1 * * * *', '*/0 * * * *', 'a * * * *', '1,,2 * * * *', '0 0 30 2 *']) {
      assert.throws(() => parseCron(bad), Error, bad);
    }
    assert.doesNotThrow(() => parseCron('0 0 29 2 *'));
  });

  it('an interval\'s next tick is the interval after', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 86_400_000 }), fc.integer({ min: 0, max: 4e12 }), (ms, from) => {
      assert.equal(nextRun({ intervalMs: ms }, new Date(from)).getTime(), from + ms);
    }));
  });
});
