/** The pure rules of party work: the roster CSV reader and the visit rules (distance, geofence, week, cap). */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { parseCsv, readRoster } from '../src/partywork/roster-csv.ts';
import { award, DEFAULT_VISIT_SETTINGS, distanceM, geofence, weekStart } from '../src/partywork/visit-rules.ts';

it('reads CSV with quotes, doubled quotes, CRLF and a BOM', () => {
  assert.deepEqual(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n\n1,\n'), [['a', 'b'], ['x, y', 'say "hi"'], ['1', '']]);
});

it('reads a roster in Chinese, and names each bad row and field', () => {
  const { rows, problems } = readRoster('姓名,手机号,支部,状态,报到,亮身份,职务\n郭渭民,13700000001,一支部,退休,是,是,业委会委员、支部委员\n孔,13700000001,一支部,在职,否,否,\n', 10);
  assert.equal(rows[0].status, 'retired');
  assert.deepEqual(rows[0].posts, ['owners_committee', 'branch_committee']);
  assert.deepEqual(problems.map((p) => [p.row, p.code]), [[3, 'PHONE_TWICE']]);
  assert.deepEqual(readRoster('name,phone\n', 10).problems.map((p) => p.code), ['COLUMN_MISSING', 'COLUMN_MISSING']);
});

it('flags a visit outside the geofence or without a point, never refuses it', () => {
  const door = { lat: 29.0, lon: 118.9 };
  assert.deepEqual(geofence(door, { lat: 29.0005, lon: 118.9, accuracyM: 10 }, 100).flags, []);
  assert.deepEqual(geofence(door, { lat: 29.002, lon: 118.9, accuracyM: 10 }, 100).flags, ['outside_geofence']);
  assert.deepEqual(geofence(null, { lat: 29, lon: 118.9, accuracyM: 400 }, 100), { distanceM: null, flags: ['no_household_point', 'low_accuracy'] });
  fc.assert(fc.property(fc.double({ min: -80, max: 80, noNaN: true }), fc.double({ min: -179, max: 179, noNaN: true }), fc.double({ min: 0, max: 0.01, noNaN: true }), (lat, lon, d) => {
    const a = { lat, lon };
    const b = { lat: lat + d, lon };
    assert.ok(Math.abs(distanceM(a, b) - distanceM(b, a)) < 1e-6);
    assert.ok(Math.abs(distanceM(a, b) - d * 111_195) < 2);
  }));
});

it('weeks start on Monday 00:00 in Shanghai, and the cap pays nothing past it', () => {
  // Monday 2026-12-07 00:30 +08:00 is Sunday 16:30 UTC
  assert.equal(weekStart(new Date('2026-12-06T16:30:00Z')).toISOString(), '2026-12-06T16:00:00.000Z');
  assert.equal(weekStart(new Date('2026-12-06T15:59:00Z')).toISOString(), '2026-11-29T16:00:00.000Z');
  fc.assert(fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }), (t) => {
    const w = weekStart(t);
    assert.ok(w.getTime() <= t.getTime() && t.getTime() - w.getTime() < 7 * 86_400_000);
    assert.equal(new Date(w.getTime() + 8 * 3_600_000).getUTCDay(), 1);
  }));
  assert.deepEqual(award(DEFAULT_VISIT_SETTINGS, 1), { points: 3, note: null });
  assert.deepEqual(award(DEFAULT_VISIT_SETTINGS, 2), { points: 0, note: 'cap:2' });
});
