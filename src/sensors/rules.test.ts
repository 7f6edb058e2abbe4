import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_RULES, floodLimitAt, RuleEngine, type DeviceRules } from './rules.ts';

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
    assert.match(d[0].reason, /rising/);
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
