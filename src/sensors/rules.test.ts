import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_RULES, floodLimitAt, KIND_RULES, RuleEngine, type DeviceRules } from './rules.ts';

const LEVEL: DeviceRules = { kind: 'water_level', minValue: 0, maxValue: 2000, levels: { floodLimit: 111.5, design: 114.2, check: 115 }, config: DEFAULT_RULES };
const T0 = Date.parse('2026-06-20T00:00:00Z');
const series = (values: number[], stepMin = 5, key = 'level') => values.map((value, i) => ({ key, ts: T0 + i * stepMin * 60_000, value }));

describe('reservoir rules', () => {
  it('a storm: warning, then major, then down and cleared with hysteresis', () => {
    const e = new RuleEngine();
    // rising 0.4 m/h (below the critical rate) to 114.4, then falling 0.6 m/h
    const up = Array.from({ length: 18 }, (_, i) => Math.round((111.0 + i * 0.2) * 100) / 100);
    const down = [114.1, 113.8, 113.5, 113.2, 112.9, 112.6, 112.3, 112.0, 111.7, 111.45, 111.35, 111.3];
    const d = e.evaluate('dev', LEVEL, series([...up, ...down], 30));
    assert.deepEqual(d.map((x) => `${x.action}:${x.severity}`), ['raise:warning', 'raise:major', 'raise:warning', 'clear:null']);
    assert.equal(d[0].value, 111.8, 'two readings in a row at the flood limit');
    assert.equal(d[1].value, 114.4, 'two readings in a row at the design flood level');
    assert.equal(d[3].value, 111.3, 'cleared below 111.5 − 0.1, held for two readings');
  });

  it('a single odd value is re-measured, not alarmed; a confirmed jump is', () => {
    const e = new RuleEngine();
    assert.deepEqual(e.evaluate('dev', LEVEL, series([110, 110.1, 118, 110.1, 110.2])), []);
    const rise = new RuleEngine().evaluate('dev', { ...LEVEL, config: { ...DEFAULT_RULES, inARow: 1 } }, series([110, 115.2, 115.3]));
    assert.deepEqual(rise.map((x) => x.severity), ['critical']);
  });

  it('rising fast above the flood limit is critical at once', () => {
    const d = new RuleEngine().evaluate('dev', LEVEL, series([111.0, 111.4, 111.8, 112.2], 10));
    assert.deepEqual(d.map((x) => x.severity), ['critical']);
    assert.match(d[0].reason, /每小时上涨/);
  });

  it('the rise rate is a regression over the window: single noisy steps, or a burst seconds apart, are not a rise', () => {
    // a gauge jittering ±0.35 m a minute above 汛限: each step is 21 m/h, the trend is nothing
    const jitter = Array.from({ length: 60 }, (_, i) => 111.9 + (i % 2 ? 0.35 : 0));
    const noisy = new RuleEngine().evaluate('dev', LEVEL, series(jitter, 1));
    assert.deepEqual(noisy.map((x) => x.severity), ['warning'], 'a warning (above 汛限), never critical');
    // the same rise as the storm above, sent seconds apart: too short a span to say anything per hour
    const burst = new RuleEngine().evaluate('dev', LEVEL, [111.0, 111.4, 111.8, 112.2, 112.6].map((value, i) => ({ key: 'level', ts: T0 + i * 1000, value })));
    assert.deepEqual(burst.map((x) => x.severity), ['warning']);
    // a steady rise of 0.6 m/h above 汛限 is critical; with a longer configured window it waits for more readings
    const steady = series(Array.from({ length: 8 }, (_, i) => 111.6 + i * 0.05), 5);
    assert.deepEqual(new RuleEngine().evaluate('dev', LEVEL, steady).map((x) => x.severity), ['warning', 'critical'], 'critical once a quarter of an hour shows the trend');
    const longer = { ...LEVEL, config: { ...DEFAULT_RULES, riseWindowMin: 120 } };
    assert.deepEqual(new RuleEngine().evaluate('dev', longer, steady).map((x) => x.severity), ['warning']);
  });

  it('out of range is a sensor fault of its own; readings are judged in time order; old ones are skipped', () => {
    const e = new RuleEngine();
    const d = e.evaluate('dev', LEVEL, [...series([110, -5, 110.1]).reverse()]);
    assert.deepEqual(d.map((x) => `${x.type}:${x.action}`), ['sensor_fault:raise', 'sensor_fault:clear']);
    assert.deepEqual(e.evaluate('dev', LEVEL, series([200])), [], 'older than what was judged');
  });

  it('rain over the window warns and clears', () => {
    const e = new RuleEngine();
    const rain: DeviceRules = { kind: 'rainfall', minValue: 0, maxValue: 500, levels: { floodLimit: null, design: null, check: null }, config: DEFAULT_RULES };
    const d = e.evaluate('rain', rain, [...series(Array(12).fill(3), 5, 'rain'), ...series([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 5, 'rain').map((x) => ({ ...x, ts: x.ts + 3_600_000 }))]);
    assert.deepEqual(d.map((x) => `${x.action}:${x.severity}`), ['raise:warning', 'clear:null']);
  });

  it('the flood limit follows the season', () => {
    const periods = [{ from: '04-15', to: '07-15', level: 111.5 }, { from: '07-16', to: '10-15', level: 111.8 }];
    assert.equal(floodLimitAt(periods, 112, Date.parse('2026-06-01T00:00:00Z')), 111.5);
    assert.equal(floodLimitAt(periods, 112, Date.parse('2026-08-01T00:00:00Z')), 111.8);
    assert.equal(floodLimitAt(periods, 112, Date.parse('2026-12-01T00:00:00Z')), 112);
  });

  it('"lasts N minutes": a level must hold for the minutes as well as the readings, raising and clearing', () => {
    const rules = { ...LEVEL, config: { ...DEFAULT_RULES, inARow: 2, holdMinutes: 30, riseCriticalPerH: null } };
    // every 10 minutes: two readings over 汛限 are not yet 30 minutes; the fourth is
    const d = new RuleEngine().evaluate('dev', rules, series([111, 111.6, 111.6, 111.6, 111.6, 111.2, 111.2, 111.2, 111.2], 10));
    assert.deepEqual(d.map((x) => `${x.action}@${(x.ts - T0) / 60_000}`), ['raise@40', 'clear@80']);
    // a dip in the middle restarts the clock
    const e = new RuleEngine().evaluate('dev', rules, series([111.6, 111.6, 111.6, 111.0, 111.6, 111.6, 111.6, 111.6], 10));
    assert.deepEqual(e.map((x) => (x.ts - T0) / 60_000), [70]);
  });

  it('other kinds: absolute thresholds (displacement) tier like levels', () => {
    const disp: DeviceRules = { kind: 'displacement', minValue: -1000, maxValue: 1000, levels: { floodLimit: null, design: null, check: null }, config: KIND_RULES.displacement };
    const d = new RuleEngine().evaluate('dev', disp, series([5, 8, 12, 16, 21, 22, 26, 30, 34, 38, 41, 42], 60, 'value'));
    assert.deepEqual(d.filter((x) => x.type === 'threshold').map((x) => `${x.action}:${x.severity}@${x.value}`), ['raise:warning@22', 'raise:major@42']);
    assert.match(d[0].reason, /阈值 20/);
  });

  it('seepage: a confirmed sudden change is an alarm; a single spike is re-measured away', () => {
    const seep: DeviceRules = { kind: 'seepage_pressure', minValue: 0, maxValue: 2000, levels: { floodLimit: null, design: null, check: null }, config: { ...KIND_RULES.seepage_pressure, bandSigma: null } };
    const spike = new RuleEngine().evaluate('dev', seep, series([300, 301, 900, 302, 303], 10, 'value'));
    assert.deepEqual(spike, [], 'a 600 kPa spike that the next reading does not confirm');
    const step = new RuleEngine().evaluate('dev', seep, series([300, 301, 302, 380, 381, 382, 382], 10, 'value'));
    assert.deepEqual(step.map((x) => `${x.type}:${x.action}@${x.value}`), ['sudden_change:raise@380', 'sudden_change:clear@381']);
  });

  it('the statistical band is learnt from the device\'s own history: noise is quiet, a drift out of it alarms', () => {
    const seep: DeviceRules = { kind: 'seepage_flow', minValue: 0, maxValue: 1000, levels: { floodLimit: null, design: null, check: null }, config: { ...KIND_RULES.seepage_flow, suddenChange: null, jump: null } };
    // a daily cycle ±2 around 50, then a slow climb of 1 a reading
    const normal = Array.from({ length: 200 }, (_, i) => 50 + 2 * Math.sin(i / 10));
    const e = new RuleEngine();
    assert.deepEqual(e.evaluate('dev', seep, series(normal, 10, 'value')), []);
    const climb = Array.from({ length: 20 }, (_, i) => 52 + i);
    const d = e.evaluate('dev', seep, series(climb, 10, 'value').map((x) => ({ ...x, ts: x.ts + 200 * 600_000 })));
    assert.deepEqual(d.map((x) => `${x.type}:${x.action}`), ['out_of_band:raise']);
    assert.ok(d[0].value <= 58, `raised early in the climb (at ${d[0].value})`);
    // back to normal: cleared after inARow readings inside
    const back = e.evaluate('dev', seep, series([50, 50.5, 51], 10, 'value').map((x) => ({ ...x, ts: x.ts + 300 * 600_000 })));
    assert.deepEqual(back.map((x) => `${x.type}:${x.action}`), ['out_of_band:clear']);
    // a new level that lasts becomes the new normal
    const shifted = e.evaluate('dev', seep, series(Array(40).fill(80), 10, 'value').map((x) => ({ ...x, ts: x.ts + 400 * 600_000 })));
    assert.deepEqual(shifted.map((x) => `${x.type}:${x.action}`), ['out_of_band:raise', 'out_of_band:clear']);
    assert.match(shifted[1].reason, /新的水平/);
  });

  it('a new engine seeded with the open alarms (a restart) clears them when the water falls', () => {
    const e = new RuleEngine();
    e.seed('dev', [{ type: 'water_level', severity: 'major' }]);
    assert.ok(e.knows('dev'));
    const d = e.evaluate('dev', LEVEL, series([113.5, 113.0, 112.0, 111.2, 111.1], 30));
    assert.deepEqual(d.map((x) => `${x.action}:${x.severity}`), ['raise:warning', 'clear:null'], 'down from major, then cleared');
    // the water already below the flood limit when the process starts: only the seeded engine clears
    const low = series([111.2, 111.1, 111.0], 30);
    const seeded = new RuleEngine();
    seeded.seed('dev', [{ type: 'water_level', severity: 'major' }]);
    assert.deepEqual(seeded.evaluate('dev', LEVEL, low).map((x) => x.action), ['clear']);
    assert.deepEqual(new RuleEngine().evaluate('dev', LEVEL, low), [], 'unseeded, the major alarm would stay open for ever');
  });

  it('never clears what is not raised and never raises what is raised at that severity (property)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 100, max: 120, noNaN: true }), { maxLength: 80 }), (values) => {
      const d = new RuleEngine().evaluate('dev', LEVEL, series(values));
      let active: string | null = null;
      for (const x of d.filter((y) => y.type === 'water_level')) {
        if (x.action === 'clear') assert.notEqual(active, null);
        else assert.notEqual(x.severity, active);
        active = x.action === 'clear' ? null : x.severity;
      }
    }), { numRuns: 500 });
  });
});
