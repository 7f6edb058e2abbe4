import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { numeric, parseTelemetry } from './telemetry.ts';

const NOW = Date.parse('2026-07-01T08:00:00Z');

describe('ThingsBoard telemetry bodies', () => {
  it('reads the three shapes', () => {
    assert.deepEqual(parseTelemetry({ level: 112.4, rain: '3.5' }, NOW).readings, [{ key: 'level', ts: NOW, value: 112.4, data: null, stamped: 0 }, { key: 'rain', ts: NOW, value: 3.5, data: null, stamped: 0 }]);
    assert.deepEqual(parseTelemetry({ ts: NOW - 60_000, values: { level: 112.3 } }, NOW).readings, [{ key: 'level', ts: NOW - 60_000, value: 112.3, data: null, stamped: null }]);
    const arr = parseTelemetry([{ ts: NOW - 120_000, values: { level: 112.1 } }, { ts: NOW - 60_000, values: { level: 112.2, alarm: true } }], NOW);
    assert.equal(arr.readings.length, 3);
    assert.deepEqual(arr.problems, []);
  });

  it('keeps text, booleans and JSON as ThingsBoard does (issue 11 #12); the rules get the numbers only', () => {
    const r = parseTelemetry({ status: 'ok', door: true, cfg: { a: [1, 'x'] }, level: 101 }, NOW);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.readings.map((x) => [x.key, x.value, x.data]), [['status', null, 'ok'], ['door', 1, null], ['cfg', null, { a: [1, 'x'] }], ['level', 101, null]]);
    assert.deepEqual(numeric(r.readings), [{ key: 'door', ts: NOW, value: 1 }, { key: 'level', ts: NOW, value: 101 }]);
  });

  it('items without ts are told apart (each its own stamp index); items with ts are not stamped', () => {
    const r = parseTelemetry([{ level: 1 }, { level: 2 }, { ts: NOW - 1000, values: { level: 3 } }], NOW);
    assert.deepEqual(r.readings.map((x) => x.stamped), [0, 1, null]);
  });

  it('names what it refuses and keeps the rest', () => {
    const r = parseTelemetry({ level: 'a\u0000b', rain: 2, 'bad key': 1, gone: null, big: 'x'.repeat(5000), half: '\ud800' }, NOW);
    assert.deepEqual(r.readings, [{ key: 'rain', ts: NOW, value: 2, data: null, stamped: 0 }]);
    assert.deepEqual(r.problems, ['body: level contains a NUL character or half a surrogate pair', 'body: "bad key" is not a telemetry key', 'body: gone has no value',
      'body: big is longer than 4096 characters', 'body: half contains a NUL character or half a surrogate pair']);
    assert.match(parseTelemetry({ ts: NOW + 3 * 86_400_000, values: { level: 1 } }, NOW).problems[0], /too far/);
    assert.match(parseTelemetry({ ts: 'soon', values: { level: 1 } }, NOW).problems[0], /milliseconds/);
    assert.match(parseTelemetry(42, NOW).problems[0], /not an object/);
    assert.match(parseTelemetry([], NOW).problems[0], /empty/);
  });

  it('never throws; a reading is a finite number or storable data (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (body) => {
      const r = parseTelemetry(body, NOW);
      return r.readings.every((x) => (x.value === null ? x.data !== null : Number.isFinite(x.value)) && Number.isFinite(x.ts));
    }), { numRuns: 2000 });
  });
});
