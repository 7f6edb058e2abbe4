/**
 * The demo district on the real 柯城区 outline (issue 12 item 8): the synthetic townships, villages and grids
 * are cut to the outline and still tile it; the base map serves them to any signed-in user.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoRegionFeatures, seedDemo } from '../src/demo/seed-demo.ts';
import { DISTRICT_OUTLINE } from '../src/demo/outline-fit.ts';
import { geometryProblems } from '../src/regions/geo.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeResident } from './helpers/factories.ts';

type P = [number, number];
const area = (r: P[]) => {
  let a = 0;
  for (let i = 0; i + 1 < r.length; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return Math.abs(a / 2);
};
const ringOf = (g: unknown) => (g as { coordinates: P[][] }).coordinates[0];

describe('demo geometry on the real outline', () => {
  const { features } = demoRegionFeatures();
  const byCode = new Map(features.map((f) => [f.properties.code as string, f]));
  const areaOf = (code: string) => area(ringOf(byCode.get(code)!.geometry));

  it('the district is the real outline (≈ 609 km²) and every polygon is valid', () => {
    const district = byCode.get('330802000000')!;
    assert.deepEqual(ringOf(district.geometry), DISTRICT_OUTLINE);
    const km2 = areaOf('330802000000') * 111.32 * 111.32 * Math.cos((29 * Math.PI) / 180);
    assert.ok(km2 > 600 && km2 < 620, `${km2} km²`);
    for (const f of features) if (f.geometry) assert.deepEqual(geometryProblems(f.geometry), [], f.properties.code as string);
  });

  it('townships tile the district, villages their township, grids their village; none is a sliver', () => {
    const total = areaOf('330802000000');
    const townships = features.filter((f) => /^330802\d{3}000$/.test(f.properties.code as string) && f.properties.code !== '330802000000');
    assert.equal(townships.length, 16);
    const sum = (fs: typeof features) => fs.reduce((s, f) => s + area(ringOf(f.geometry)), 0);
    assert.ok(Math.abs(sum(townships) / total - 1) < 1e-4, `townships cover ${sum(townships) / total}`);
    for (const t of townships) {
      const tCode = t.properties.code as string;
      const villages = features.filter((f) => (f.properties.code as string).length === 12 && tCode.startsWith((f.properties.code as string).slice(0, 9)) && f !== t);
      assert.equal(villages.length, 4, tCode);
      assert.ok(Math.abs(sum(villages) / areaOf(tCode) - 1) < 1e-4, `${tCode} villages cover ${sum(villages) / areaOf(tCode)}`);
      assert.ok(areaOf(tCode) / total > 0.02, `${t.properties.name} is ${(100 * areaOf(tCode) / total).toFixed(1)} % of the district`);
      for (const v of villages) {
        const vCode = v.properties.code as string;
        const grids = features.filter((f) => (f.properties.code as string).length === 15 && (f.properties.code as string).startsWith(vCode));
        assert.ok(grids.length >= 2, vCode);
        assert.ok(Math.abs(sum(grids) / areaOf(vCode) - 1) < 1e-4, `${vCode} grids cover ${sum(grids) / areaOf(vCode)}`);
        assert.ok(areaOf(vCode) / total > 0.001, `${v.properties.name} is a sliver`);
      }
    }
  });
});

describeOnDatabases('the base map\'s regions', ({ vb }) => {
  it('the demo imports without overlaps or gaps; any signed-in user gets the townships and villages with boundaries; a village centre locates in that village', async () => {
    const { features } = demoRegionFeatures();
    const report = await vb.services.regions.importGeoJson(null, { type: 'FeatureCollection', features }, { dryRun: true });
    assert.deepEqual([report.overlaps.length, report.gaps.length], [0, 0], JSON.stringify(report.overlaps.slice(0, 3)));
    await seedDemo(vb.platform, vb.services);
    await vb.services.regions.rebuildIndex();

    assert.equal((await vb.app.inject({ method: 'GET', url: '/api/map/regions' })).statusCode, 401);
    const tourist = await makeResident(vb, null, 'tourist');
    const res = await vb.app.inject({ method: 'GET', url: '/api/map/regions', headers: tourist.auth });
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as { code: string; level: string; name: string; centerLon: number; centerLat: number; geometry: { type: string } | null }[];
    assert.deepEqual(['district', 'township', 'village'].map((l) => items.filter((i) => i.level === l).length), [1, 16, 64]);
    assert.ok(items.every((i) => i.geometry?.type === 'Polygon'));
    const yudong = items.find((i) => i.name === '余东村')!;
    const placed = await vb.app.inject({ method: 'POST', url: '/api/regions/locate', payload: { lon: yudong.centerLon, lat: yudong.centerLat } });
    assert.equal(placed.json().villageCode, yudong.code);
  });
});
