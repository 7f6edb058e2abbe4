/**
 * Exports (issue 18, item 5): the queue as CSV/XLSX and GeoJSON holds what the caller's page shows —
 * their scope only, the page's filters, words in the asked language — and no reporter; a CSV cell a
 * spreadsheet would run as a formula is defused; every export is in the audit log; bad input is a 400.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'drizzle-orm';
import { readXlsxRows } from '../src/platform/xlsx.ts';
import { csvCell } from '../src/platform/table-export.ts';
import { makeCase } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff } from './helpers/factories.ts';

const parseCsv = (body: Buffer) => {
  const text = body.toString('utf8');
  assert.equal(text.charCodeAt(0), 0xfeff, 'a byte-order mark for Excel');
  return text.slice(1).trimEnd().split('\r\n');
};

describeOnDatabases('case exports', ({ vb }) => {
  it('the queue as CSV, XLSX and GeoJSON: the caller\'s township only, filters applied, Chinese words, no reporter', async () => {
    const area = await makeArea(vb);
    const town = await makeStaff(vb, 'operator', area.townships[0]);
    const grid = await makeStaff(vb, 'grid_worker', area.grids[0]);
    const other = await makeStaff(vb, 'grid_worker', area.grids[4]); // a village of the other township
    const mine = await makeCase(vb, grid, { at: area.gridPoints[0], title: '=HYPERLINK("http://x","点我")', categoryCode: '0201' });
    await makeCase(vb, grid, { at: area.gridPoints[1], title: '路灯不亮', categoryCode: '0201' });
    await makeCase(vb, other, { at: area.gridPoints[4], title: '别的乡镇的事件', categoryCode: '0201' });

    const csv = await vb.app.inject({ url: '/api/cases/export/csv', headers: town.auth });
    assert.equal(csv.statusCode, 200, csv.body);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /filename\*=UTF-8''/);
    const lines = parseCsv(csv.rawPayload);
    assert.match(lines[0], /^编号,标题,类别,状态,层级,来源/);
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.equal(csv.headers['x-export-rows'], '2');
    assert.ok(!lines.some((l) => l.includes('别的乡镇')), 'another township\'s case is not in the file');
    const formula = lines.find((l) => l.includes('HYPERLINK'))!;
    assert.ok(formula.includes(`"'=HYPERLINK(""http://x"",""点我"")"`), formula);
    assert.ok(formula.includes('上报') || formula.includes('待受理') || formula.includes('已立案'), 'the state in words');
    assert.ok(!lines.join('').includes(grid.id), 'no reporter id');

    const en = await vb.app.inject({ url: '/api/cases/export/csv?lang=en', headers: town.auth });
    assert.match(parseCsv(en.rawPayload)[0], /^No\.,Title,Category,State,Level,Source/);

    const filtered = await vb.app.inject({ url: `/api/cases/export/xlsx?state=CLOSED`, headers: town.auth });
    assert.equal(filtered.statusCode, 200);
    const rows = await readXlsxRows(filtered.rawPayload);
    assert.match(String(rows[0][0]), /共 0 条/);
    const all = await readXlsxRows((await vb.app.inject({ url: '/api/cases/export/xlsx', headers: town.auth })).rawPayload);
    assert.equal(all[1][0], '编号');
    assert.equal(all.length, 4, 'heading, columns, two cases');
    assert.ok(all.some((r) => r[0] === mine.no && r[1] === '=HYPERLINK("http://x","点我")'), 'XLSX keeps the text as text');

    const geo = await vb.app.inject({ url: '/api/cases/export.geojson', headers: town.auth });
    assert.equal(geo.statusCode, 200, geo.body);
    assert.match(String(geo.headers['content-type']), /application\/geo\+json/);
    const fc = geo.json();
    assert.equal(fc.type, 'FeatureCollection');
    assert.equal(fc.features.length, 2);
    const f = fc.features.find((x: { id: string }) => x.id === mine.no);
    assert.deepEqual(f.geometry.coordinates, [mine.lon, mine.lat]);
    assert.equal(f.properties.reporterId, undefined);

    const audit = await vb.platform.database.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE actor_id = ${town.id} AND action = 'cases.exported'`);
    assert.equal(audit[0].n, 5, 'each of the five exports');
  });

  it('the KPI table as CSV with group names; another area, a resident and bad input are refused and nothing is logged', async () => {
    const area = await makeArea(vb);
    const leader = await makeStaff(vb, 'leader', area.townships[0]);
    const grid = await makeStaff(vb, 'grid_worker', area.grids[0]);
    await makeCase(vb, grid, { at: area.gridPoints[0], categoryCode: '0201' });
    const from = encodeURIComponent(new Date(Date.now() - 86400_000).toISOString());
    const to = encodeURIComponent(new Date(Date.now() + 86400_000).toISOString());
    const kpis = await vb.app.inject({ url: `/api/kpis/export/csv?region=${area.townships[0]}&from=${from}&to=${to}&groupBy=village`, headers: leader.auth });
    assert.equal(kpis.statusCode, 200, kpis.body);
    const lines = parseCsv(kpis.rawPayload);
    assert.match(lines[0], /^分组,受理,到期,办结/);
    const names = await vb.services.regions.names([area.villages[0]]);
    assert.ok(lines.some((l) => l.startsWith(`${names[area.villages[0]]},1,`)), lines.join('\n'));

    const before = await vb.platform.database.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'cases.exported'`);
    const resident = await makeResident(vb, area.villages[0]);
    const refused = [
      await vb.app.inject({ url: `/api/kpis/export/csv?region=${area.townships[1]}&from=${from}&to=${to}`, headers: leader.auth }),
      await vb.app.inject({ url: '/api/cases/export/csv', headers: resident.auth }),
      await vb.app.inject({ url: '/api/cases/export.geojson', headers: resident.auth }),
      await vb.app.inject({ url: '/api/cases/export/pdf', headers: leader.auth }),
      await vb.app.inject({ url: '/api/cases/export/csv?state=OPENISH', headers: leader.auth }),
      await vb.app.inject({ url: `/api/kpis/export/xlsx?region=${area.townships[0]}&from=${to}&to=${from}`, headers: leader.auth }),
      await vb.app.inject({ url: '/api/cases/export/csv' }),
    ];
    assert.deepEqual(refused.map((r) => r.statusCode), [403, 403, 403, 400, 400, 400, 401]);
    for (const r of refused) assert.ok(r.json().error.code, r.body);
    const after = await vb.platform.database.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'cases.exported'`);
    assert.equal(after[0].n, before[0].n, 'a refused export is not logged as taken');
  });

  it('a CSV cell: quotes, commas, new lines and formula starts', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('他说"好"'), '"他说""好"""');
    assert.equal(csvCell('+8613800000001'), "'+8613800000001");
    assert.equal(csvCell('-1'), "'-1");
    assert.equal(csvCell(-1), '-1');
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('第一行\n第二行'), '"第一行\n第二行"');
    assert.equal(csvCell(null), '');
  });
});
