import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseTelemetry } from './telemetry.ts';

const NOW = Date.parse('2026-07-01T08:00:00Z');

describe('ThingsBoard telemetry bodies', () => {
  it('reads the three shapes', () => {
    assert.deepEqual(parseTelemetry({ level: 112.4, rain: '3.5' }, NOW).readings, [{ key: 'level', ts: NOW, value: 112.4 }, { key: 'rain', ts: NOW, value: 3.5 }]);
    assert.deepEqual(parseTelemetry({ ts: NOW - 60_000, values: { level: 112.3 } }, NOW).readings, [{ key: 'level', ts: NOW - 60_000, value: 112.3 }]);
    const arr = parseTelemetry([{ ts: NOW - 120_000, values: { level: 112.1 } }, { ts: NOW - 60_000, values: { level: 112.2, alarm: true } }], NOW);
    assert.equal(arr.readings.length, 3);
    assert.deepEqual(arr.problems, []);
  });

  it('names what it refuses and keeps the rest', () => {
    const r = parseTelemetry({ level: 'high', rain: 2, 'bad key': 1, nested: { a: 1 } }, NOW);
    assert.deepEqual(r.readings, [{ key: 'rain', ts: NOW, value: 2 }]);
    assert.deepEqual(r.problems, ['body: level is not a number', 'body: "bad key" is not a telemetry key', 'body: nested is not a number']);
    assert.match(parseTelemetry({ ts: NOW + 3 * 86_400_000, values: { level: 1 } }, NOW).problems[0], /too far/);
    assert.match(parseTelemetry({ ts: 'soon', values: { level: 1 } }, NOW).problems[0], /milliseconds/);
    assert.match(parseTelemetry(42, NOW).problems[0], /not an object/);
    assert.match(parseTelemetry([], NOW).problems[0], /empty/);
  });

  it('never throws and takes only finite numbers (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (body) => {
      const r = parseTelemetry(body, NOW);
      return r.readings.every((x) => Number.isFinite(x.value) && Number.isFinite(x.ts));
    }), { numRuns: 2000 });
  });
});
