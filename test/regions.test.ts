import assert from 'node:assert/strict';
import { it } from 'node:test';
import { wgs84ToBd09, wgs84ToGcj02 } from '../src/regions/index.ts';
import type { TestApp } from './helpers/app.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { areaFeatures, makeArea, makeStaff } from './helpers/factories.ts';

const countRegions = async (vb: TestApp) => vb.services.regions.count();

describeOnDatabases('regions and grids', ({ vb }) => {
  it('imports a GeoJSON hierarchy through the API and places points in village and grid', async () => {
    const area = await makeArea(vb);
    const admin = await makeStaff(vb, 'admin', area.district);
    const { features } = areaFeatures(900);
    const res = await vb.app.inject({ method: 'POST', url: '/api/regions/import', headers: admin.auth, payload: { type: 'FeatureCollection', features: features.filter((f) => String(f.properties.code).startsWith('36')) } });
    // the admin of one district may not import another district
    assert.equal(res.statusCode, 403);
    const [lon, lat] = area.gridPoints[5];
    const placed = await vb.app.inject({ method: 'POST', url: '/api/regions/locate', payload: { lon, lat } });
    assert.equal(placed.statusCode, 200);
    assert.equal(placed.json().gridCode, area.grids[5]);
    assert.equal(placed.json().villageCode, area.villages[2]);
    assert.equal(placed.json().townshipCode, area.townships[1]);
    assert.ok(placed.json().names[area.villages[2]]);
  });

  it('accepts GCJ-02 and BD-09 input and converts it to WGS-84 before placing', async () => {
    const area = await makeArea(vb);
    const [lon, lat] = area.gridPoints[0];
    for (const [crs, conv] of [['gcj02', wgs84ToGcj02], ['bd09', wgs84ToBd09]] as const) {
      const [x, y] = conv(lon, lat);
      const r = await vb.app.inject({ method: 'POST', url: '/api/regions/locate', payload: { lon: x, lat: y, crs } });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().gridCode, area.grids[0]);
      assert.ok(Math.abs(r.json().lon - lon) < 1e-6);
    }
  });

  it('answers a point outside every grid with 422 and coordinates outside China with 400', async () => {
    const out = await vb.app.inject({ method: 'POST', url: '/api/regions/locate', payload: { lon: 121.47, lat: 31.23 } });
    assert.equal(out.statusCode, 422);
    assert.equal(out.json().error.code, 'POINT_OUTSIDE_GRIDS');
    const far = await vb.app.inject({ method: 'POST', url: '/api/regions/locate', payload: { lon: 2.35, lat: 48.85 } });
    assert.equal(far.statusCode, 400);
    assert.equal(far.json().error.code, 'COORDINATES_OUT_OF_RANGE');
    const typed = await vb.app.inject({ method: 'POST', url: '/api/regions/locate', payload: { lon: 'east', lat: 30 } });
    assert.equal(typed.statusCode, 400);
    assert.equal(typed.json().error.code, 'VALIDATION_FAILED');
    assert.equal(typed.json().error.details.field, 'lon');
  });

  it('rejects a polygon that does not close, naming the feature, and writes nothing', async () => {
    const area = await makeArea(vb);
    const admin = await makeStaff(vb, 'admin', area.district);
    const before = await countRegions(vb);
    const village = area.villages[0];
    const features = [
      { type: 'Feature', properties: { code: `${village}009`, name: 'good grid' }, geometry: { type: 'Polygon', coordinates: [[[110, 30], [110.01, 30], [110.01, 30.01], [110, 30.01], [110, 30]]] } },
      { type: 'Feature', properties: { code: `${village}010`, name: 'open grid' }, geometry: { type: 'Polygon', coordinates: [[[110, 30], [110.01, 30], [110.01, 30.01], [110, 30.01]]] } },
    ];
    const res = await vb.app.inject({ method: 'POST', url: '/api/regions/import', headers: admin.auth, payload: { type: 'FeatureCollection', features } });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.error.code, 'IMPORT_REJECTED');
    assert.equal(body.error.details.errors[0].id, `${village}010`);
    assert.match(body.error.details.errors[0].problems.join(), /not closed/);
    assert.equal(await countRegions(vb), before, 'nothing written');
  });

  it('rejects unknown parents and malformed codes; reports overlaps and gaps', async () => {
    const area = await makeArea(vb);
    const admin = await makeStaff(vb, 'admin', area.district);
    const orphan = await vb.app.inject({
      method: 'POST', url: '/api/regions/import', headers: admin.auth,
      payload: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: `${area.district.slice(0, 6)}301201`, name: 'x' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }] },
    });
    assert.equal(orphan.statusCode, 400);
    assert.match(orphan.json().error.details.errors[0].problems.join(), /parent .* does not exist/);
    const badCode = await vb.app.inject({
      method: 'POST', url: '/api/regions/import', headers: admin.auth,
      payload: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '12345', name: 'x' }, geometry: null }] },
    });
    assert.equal(badCode.statusCode, 400);
    assert.match(badCode.json().error.details.errors[0].problems.join(), /12, 15 or 18 digits/);

    // a third grid laid over the first two of village 0: overlaps both, and a dry run writes nothing
    const [lon0, lat0] = area.origin;
    const overlapping = { type: 'Feature', properties: { code: `${area.villages[0]}003`, name: 'overlap' }, geometry: { type: 'Polygon', coordinates: [[[lon0 + 0.02, lat0 + 0.02], [lon0 + 0.08, lat0 + 0.02], [lon0 + 0.08, lat0 + 0.08], [lon0 + 0.02, lat0 + 0.08], [lon0 + 0.02, lat0 + 0.02]]] } };
    const dry = await vb.app.inject({ method: 'POST', url: '/api/regions/import?dryRun=true', headers: admin.auth, payload: { type: 'FeatureCollection', features: [overlapping] } });
    assert.equal(dry.statusCode, 200);
    assert.equal(dry.json().dryRun, true);
    assert.deepEqual(dry.json().overlaps.map((o: { a: string; b: string }) => [o.a, o.b].sort()).sort(), [[area.grids[0], `${area.villages[0]}003`], [area.grids[1], `${area.villages[0]}003`]]);
    assert.equal(await vb.services.regions.exists(`${area.villages[0]}003`), false);

    // re-import village 3's grids with one missing half: a gap in the village is reported
    const shrunk = { type: 'Feature', properties: { code: area.grids[7], name: 'half' }, geometry: { type: 'Polygon', coordinates: [[[lon0 + 0.15, lat0 + 0.1], [lon0 + 0.175, lat0 + 0.1], [lon0 + 0.175, lat0 + 0.2], [lon0 + 0.15, lat0 + 0.2], [lon0 + 0.15, lat0 + 0.1]]] } };
    const gap = await vb.app.inject({ method: 'POST', url: '/api/regions/import', headers: admin.auth, payload: { type: 'FeatureCollection', features: [shrunk] } });
    assert.equal(gap.statusCode, 200, gap.body);
    assert.equal(gap.json().updated, 1);
    assert.equal(gap.json().gaps[0].parentCode, area.villages[3]);
    assert.equal(gap.json().gaps[0].coveredPct, 75);
  });

  it('shows a grid worker only their own village; another village is 404, not 403', async () => {
    const area = await makeArea(vb);
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const tree = await vb.app.inject({ url: '/api/regions/tree', headers: worker.auth });
    assert.equal(tree.statusCode, 200);
    const codes = tree.json().items.map((r: { code: string }) => r.code);
    assert.ok(codes.includes(area.villages[0]) && codes.includes(area.grids[0]) && codes.includes(area.grids[1]));
    assert.ok(codes.includes(area.townships[0]) && codes.includes(area.district), 'the path to their village is shown');
    assert.ok(!codes.includes(area.villages[1]) && !codes.includes(area.grids[2]) && !codes.includes(area.townships[1]));
    const own = await vb.app.inject({ url: `/api/regions/${area.villages[0]}/children`, headers: worker.auth });
    assert.equal(own.json().features.length, 2);
    const other = await vb.app.inject({ url: `/api/regions/${area.villages[1]}`, headers: worker.auth });
    assert.equal(other.statusCode, 404);
    const district = await vb.app.inject({ url: `/api/regions/${area.district}/children`, headers: worker.auth });
    assert.deepEqual(district.json().features.map((f: { id: string }) => f.id), [area.townships[0]], 'only the branch leading to their village');
    const anon = await vb.app.inject({ url: '/api/regions/tree' });
    assert.equal(anon.statusCode, 401);
    const unknown = await vb.app.inject({ url: '/api/regions/999999000000', headers: worker.auth });
    assert.equal(unknown.statusCode, 404);
    const malformed = await vb.app.inject({ url: '/api/regions/12ab', headers: worker.auth });
    assert.equal(malformed.statusCode, 400);
  });

  it('a township operator sees the whole township and nothing of the next one', async () => {
    const area = await makeArea(vb);
    const op = await makeStaff(vb, 'operator', area.townships[1]);
    const codes = (await vb.app.inject({ url: '/api/regions/tree?deepest=village', headers: op.auth })).json().items.map((r: { code: string }) => r.code);
    assert.ok(codes.includes(area.villages[2]) && codes.includes(area.villages[3]));
    assert.ok(!codes.includes(area.villages[0]) && !codes.includes(area.grids[4]), 'deepest=village leaves grids out');
  });
});
