import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  areasOverlap, bd09ToWgs84, gcj02ToWgs84, geometryProblems, pointInGeometry, toWgs84, wgs84ToBd09, wgs84ToGcj02,
  type PolygonGeom,
} from './geo.ts';

const square = (x: number, y: number, s: number): PolygonGeom => ({
  type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]],
});

describe('coordinate systems', () => {
  it('GCJ-02 offsets a Quzhou point by a few hundred metres and converts back within 1 cm', () => {
    const [lon, lat] = [118.87, 28.97];
    const g = wgs84ToGcj02(lon, lat);
    const shiftM = Math.hypot((g[0] - lon) * 97_000, (g[1] - lat) * 111_000);
    assert.ok(shiftM > 100 && shiftM < 1000, `shift ${shiftM} m`);
    const back = gcj02ToWgs84(...g);
    assert.ok(Math.abs(back[0] - lon) < 1e-7 && Math.abs(back[1] - lat) < 1e-7);
  });

  it('round-trips any point in China through GCJ-02 and BD-09 (property)', () => {
    fc.assert(fc.property(fc.double({ min: 98, max: 134, noNaN: true }), fc.double({ min: 18, max: 53, noNaN: true }), (lon, lat) => {
      const g = gcj02ToWgs84(...wgs84ToGcj02(lon, lat));
      const b = bd09ToWgs84(...wgs84ToBd09(lon, lat));
      return Math.abs(g[0] - lon) < 1e-6 && Math.abs(g[1] - lat) < 1e-6 && Math.abs(b[0] - lon) < 1e-6 && Math.abs(b[1] - lat) < 1e-6;
    }));
  });

  it('leaves points outside China unchanged and WGS-84 input as is', () => {
    assert.deepEqual(wgs84ToGcj02(2.35, 48.85), [2.35, 48.85]);
    assert.deepEqual(toWgs84(118.8, 29, 'wgs84'), [118.8, 29]);
  });
});

describe('polygons', () => {
  it('point in polygon, with holes', () => {
    const withHole: PolygonGeom = { type: 'Polygon', coordinates: [square(0, 0, 10).coordinates[0], square(4, 4, 2).coordinates[0]] };
    assert.ok(pointInGeometry(1, 1, withHole));
    assert.ok(!pointInGeometry(5, 5, withHole));
    assert.ok(!pointInGeometry(11, 5, withHole));
  });

  it('validates geometry and names the problem', () => {
    assert.deepEqual(geometryProblems(square(0, 0, 1)), []);
    assert.match(geometryProblems({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })[0], /not closed/);
    assert.match(geometryProblems({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })[0], /at least 4/);
    assert.match(geometryProblems({ type: 'Point', coordinates: [0, 0] })[0], /Polygon or MultiPolygon/);
    assert.match(geometryProblems({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] }).join(), /intersects itself/);
    assert.match(geometryProblems({ type: 'Polygon', coordinates: [[[0, 0], [200, 0], [1, 1], [0, 0]]] }).join(), /out of range/);
    assert.match(geometryProblems({ type: 'Polygon', coordinates: [[[0, 0], ['a', 0], [1, 1], [0, 0]]] }).join(), /not \[lon, lat\]/);
  });

  it('neighbours sharing an edge do not overlap; crossing, nested and identical areas do', () => {
    assert.ok(!areasOverlap(square(0, 0, 1), square(1, 0, 1)));
    assert.ok(!areasOverlap(square(0, 0, 1), square(1, 1, 1)));
    assert.ok(areasOverlap(square(0, 0, 1), square(0.5, 0.5, 1)));
    assert.ok(areasOverlap(square(0, 0, 3), square(1, 1, 1)));
    assert.ok(areasOverlap(square(0, 0, 1), square(0, 0, 1)));
  });
});
