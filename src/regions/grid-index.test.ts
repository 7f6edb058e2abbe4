import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { subdivideQuad, seededRandom } from '../demo/demo-data.ts';
import { pointInGeometry, type AreaGeom } from './geo.ts';
import { GridIndex, type IndexedArea } from './grid-index.ts';

function lattice(n: number, seed: number): IndexedArea[] {
  const rand = seededRandom(seed);
  const cells = subdivideQuad([[100, 31], [101, 31], [101, 30], [100, 30]], n, n, 0.5, rand);
  return cells.map((ring, i) => ({ code: `g${i}`, parentCode: `v${Math.floor(i / 4)}`, geometry: { type: 'Polygon', coordinates: [ring] } as AreaGeom }));
}

describe('grid index', () => {
  it('agrees with a brute-force scan on random points (property)', () => {
    const grids = lattice(20, 7);
    const index = new GridIndex({ villages: [], grids, microgrids: [] });
    fc.assert(fc.property(fc.double({ min: 99.9, max: 101.1, noNaN: true }), fc.double({ min: 29.9, max: 31.1, noNaN: true }), (lon, lat) => {
      const brute = grids.find((g) => pointInGeometry(lon, lat, g.geometry));
      return index.locate(lon, lat).gridCode === (brute?.code ?? null);
    }), { numRuns: 2000 });
  });

  it('agrees with brute force when sizes are skewed: one huge area with a hole among tiny ones (property)', () => {
    const sq = (x: number, y: number, w: number): [number, number][] => [[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]];
    const grids: IndexedArea[] = [
      { code: 'big', parentCode: 'v', geometry: { type: 'Polygon', coordinates: [sq(0, 0, 10), sq(4, 4, 2)] } },
      ...Array.from({ length: 400 }, (_, i) => ({ code: `s${i}`, parentCode: 'v', geometry: { type: 'Polygon', coordinates: [sq(10 + (i % 20) * 0.05, (Math.floor(i / 20)) * 0.05, 0.05)] } as AreaGeom })),
    ];
    const index = new GridIndex({ villages: [], grids, microgrids: [] });
    fc.assert(fc.property(fc.double({ min: -1, max: 12, noNaN: true }), fc.double({ min: -1, max: 11, noNaN: true }), (lon, lat) => {
      const brute = grids.find((g) => pointInGeometry(lon, lat, g.geometry));
      return index.locate(lon, lat).gridCode === (brute?.code ?? null);
    }), { numRuns: 3000 });
    assert.equal(index.locate(5, 5).gridCode, null, 'inside the hole');
    assert.equal(index.locate(1, 1).gridCode, 'big');
  });

  it('places a point inside the lattice in exactly one grid and returns its village', () => {
    const index = new GridIndex({ villages: [], grids: lattice(10, 3), microgrids: [] });
    const hit = index.locate(100.55, 30.45);
    assert.ok(hit.gridCode);
    assert.equal(hit.villageCode, `v${Math.floor(Number(hit.gridCode!.slice(1)) / 4)}`);
    assert.deepEqual(index.locate(99, 30.5), { villageCode: null, gridCode: null, microgridCode: null });
  });

  it('falls back to the village when no grid covers the point', () => {
    const village: IndexedArea = { code: 'V', parentCode: 'T', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] } };
    const index = new GridIndex({ villages: [village], grids: [], microgrids: [] });
    assert.deepEqual(index.locate(0.5, 0.5), { villageCode: 'V', gridCode: null, microgridCode: null });
  });
});
