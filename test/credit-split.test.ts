/**
 * The dividend's money, pure: yuan → fen refuses what is not a whole fen, and the largest-remainder
 * split always sums to the pool to the fen (fast-check), each share within a fen of its exact part,
 * whatever the order of the households. 大崇村: ¥165,130 over 417 households and 668,819 points.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fenToYuan, renderDividend, sha256Hex, splitPool, yuanToFen } from '../src/credit/index.ts';

describe('credit money', () => {
  it('yuan → fen: at most two decimals, never rounded', () => {
    assert.equal(yuanToFen('165130'), 16_513_000);
    assert.equal(yuanToFen('165130.5'), 16_513_050);
    assert.equal(yuanToFen('0.01'), 1);
    assert.equal(yuanToFen('12.300'), 1230);
    assert.equal(yuanToFen(165130.25), 16_513_025);
    for (const bad of ['100.005', '1e5', '-3', '', ' ', '1.2.3', 'abc', '0x10']) assert.equal(yuanToFen(bad), null, bad);
    assert.equal(yuanToFen(0.001), null);
    assert.equal(yuanToFen(Number.NaN), null);
    assert.equal(fenToYuan(16_513_000), '165130.00');
    assert.equal(fenToYuan(7), '0.07');
  });

  it('Σ payouts = the pool to the fen; each share within a fen of pool × p / P; order does not matter', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 1_000_000_000_00 }),
      fc.array(fc.record({ id: fc.uuid(), points: fc.integer({ min: -50, max: 1_000_000 }) }), { minLength: 1, maxLength: 60 }),
      (pool, raw) => {
        const units = [...new Map(raw.map((u) => [u.id, u])).values()];
        const total = units.reduce((s, u) => s + Math.max(0, u.points), 0);
        const shares = splitPool(pool, units);
        const sum = shares.reduce((s, x) => s + x.fen, 0);
        if (total === 0) return sum === 0;
        assert.equal(sum, pool);
        for (const s of shares) {
          const exact = (pool * Math.max(0, s.points)) / total;
          assert.ok(s.fen >= Math.floor(exact) - 1e-6 && s.fen <= Math.ceil(exact) + 1e-6, `${s.fen} vs ${exact}`);
          if (s.points <= 0) assert.equal(s.fen, 0);
        }
        assert.deepEqual(splitPool(pool, [...units].reverse()), shares);
        return true;
      },
    ), { numRuns: 300 });
  });

  it('大崇村: ¥165,130 over 417 households and 668,819 points sums to 165,130.00; the same inputs give the same file hash', async () => {
    // 417 households, points spread as a village's are (a few active households, many small), summing to 668,819
    const points: number[] = [];
    let seed = 7;
    for (let i = 0; i < 417; i++) { seed = (seed * 48271) % 2_147_483_647; points.push(200 + (seed % 2800)); }
    const diff = 668_819 - points.reduce((s, p) => s + p, 0);
    points[0] += diff;
    assert.ok(points[0] > 0);
    const units = points.map((p, i) => ({ id: `h${String(i).padStart(4, '0')}`, points: p }));
    assert.equal(units.reduce((s, u) => s + u.points, 0), 668_819);
    const shares = splitPool(yuanToFen('165130')!, units);
    const sum = shares.reduce((s, x) => s + x.fen, 0);
    assert.equal(fenToYuan(sum), '165130.00');
    const meta = { village: '大崇村', title: '2023年度积分分红', periodFrom: '2023-01-01', periodTo: '2023-12-31', poolFen: 16_513_000, totalPoints: 668_819 };
    const rows = shares.map((s) => ({ label: `第${s.id.slice(1)}户`, head: '', points: s.points, fen: s.fen }));
    const a = await renderDividend(meta, rows);
    const b = await renderDividend(meta, [...rows].reverse());
    assert.equal(sha256Hex(a), sha256Hex(b));
    // about ¥0.25 a point, as reported
    assert.equal((165_130 / 668_819).toFixed(2), '0.25');
  });
});
