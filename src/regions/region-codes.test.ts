import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { coveringRegionCodes, scopeOfRegionCode } from '../platform/access.ts';
import { ancestorCodes, parseRegionCode, RegionCodeError, withinScope } from './region-codes.ts';

const isValid = (c: string) => {
  try {
    parseRegionCode(c);
    return true;
  } catch {
    return false;
  }
};

describe('region codes', () => {
  it('parses each level with scope, parent and kind', () => {
    assert.deepEqual(parseRegionCode('330000000000'), { code: '330000000000', level: 'province', scope: '33', parentCode: null, kind: null });
    assert.equal(parseRegionCode('330800000000').level, 'city');
    assert.deepEqual(parseRegionCode('330802000000'), { code: '330802000000', level: 'district', scope: '330802', parentCode: '330800000000', kind: null });
    assert.deepEqual(parseRegionCode('330802001000'), { code: '330802001000', level: 'township', scope: '330802001', parentCode: '330802000000', kind: 'subdistrict' });
    assert.equal(parseRegionCode('330802102000').kind, 'town');
    assert.equal(parseRegionCode('330802201000').kind, 'township');
    assert.deepEqual(parseRegionCode('330802201201'), { code: '330802201201', level: 'village', scope: '330802201201', parentCode: '330802201000', kind: 'village' });
    assert.equal(parseRegionCode('330802001003').kind, 'community');
    assert.deepEqual(parseRegionCode('330802201201002'), { code: '330802201201002', level: 'grid', scope: '330802201201002', parentCode: '330802201201', kind: null });
    assert.equal(parseRegionCode('330802201201002005').level, 'microgrid');
    assert.equal(parseRegionCode('330802201201002005').parentCode, '330802201201002');
  });

  it('rejects malformed codes with a reason', () => {
    for (const bad of ['', '33080200000', '3308020000001', '33080200000a', '000000000000', '330000100000', '330802000000001', '330802201201000', '330802201201001000']) {
      assert.throws(() => parseRegionCode(bad), RegionCodeError, bad);
    }
  });

  it('lists ancestors nearest first', () => {
    assert.deepEqual(ancestorCodes('330802201201002'), ['330802201201', '330802201000', '330802000000', '330800000000', '330000000000']);
    assert.deepEqual(ancestorCodes('330000000000'), []);
  });

  it('the access module\'s scope rule agrees with the full parser at every level', () => {
    for (const code of ['330000000000', '330800000000', '330802000000', '330802001000', '330802201201', '330802201201002', '330802201201002005', '110101001001']) {
      assert.equal(scopeOfRegionCode(code), parseRegionCode(code).scope, code);
    }
  });

  it('scope prefix decides containment', () => {
    assert.ok(withinScope('330802201201002', '330802'));
    assert.ok(withinScope('330802201201', '330802201201'));
    assert.ok(!withinScope('330802201202', '330802201201'));
    assert.ok(!withinScope('330803000000', '330802'));
  });

  it('covering codes (for scope filters in SQL) are exactly the codes whose scope prefixes the code', () => {
    assert.deepEqual(coveringRegionCodes('330802201201002'), ['330802201201002', '330802201201', '330802201000', '330802000000', '330800000000', '330000000000']);
    // any two valid codes: X covers C (the old JavaScript filter) ⇔ X is among C's covering codes (the SQL filter)
    const part = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
    const code = fc.tuple(fc.integer({ min: 11, max: 12 }).map(String), part(2, 2), part(2, 2), part(3, 202), part(3, 202), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 2 }))
      .map(([p, c, d, t, v, depth, g]) => {
        const twelve = [p, c, d, t, v].join('');
        const base = isValid(twelve) ? twelve : `${p}0000000000`;
        return depth === 0 || parseRegionCode(base).level !== 'village' ? base : depth === 1 ? `${base}00${g}` : `${base}00${g}00${g}`;
      });
    fc.assert(fc.property(code, code, (x, c) => c.startsWith(scopeOfRegionCode(x)) === coveringRegionCodes(c).includes(x)), { numRuns: 2000 });
  });
});
