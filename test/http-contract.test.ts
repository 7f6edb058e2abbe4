/**
 * The HTTP contract (issue 14, item 8): every route that answers JSON declares its success schema (each
 * module's `<module>.contract.ts`), read here from the OpenAPI document the schemas make; and answers
 * are presented objects, not rows — the report answer leaves out the reporter's idempotency key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { dbKinds } from './helpers/db.ts';
import { makeArea, makeResident, makeStaff } from './helpers/factories.ts';

/** Routes whose success answer is not a JSON body, with why. */
const NOT_JSON: Record<string, string> = {
  'GET /api/media/{id}': 'photo bytes',
  'GET /api/media/{id}/thumb': 'thumbnail bytes',
  'GET /api/events/stream': 'Server-Sent Events (the client event map, src/client-events.ts)',
  'GET /api/cases/my-events': 'Server-Sent Events (the client event map, src/client-events.ts)',
  'GET /api/screen/{region}/stream': 'Server-Sent Events (the screen\'s frames, src/dashboard/dashboard.contract.ts)',
  'GET /api/kiosk/screen/{region}/stream': 'Server-Sent Events (the screen\'s frames, src/dashboard/dashboard.contract.ts)',
  'GET /api/me/household/card.svg': 'the printable household card (SVG)',
  'GET /api/households/{id}/card.svg': 'the printable household card (SVG)',
  'GET /api/shop/items/{id}/photo': 'a shop item\'s photo (JPEG thumbnail)',
  'GET /api/shop/statement.xlsx': 'the monthly shop statement (XLSX)',
  'GET /api/credit/extracts/{id}/file': 'the bank extract (XLSX, the signed bytes)', 'GET /api/credit/bank/extracts/{month}/file': 'the bank extract (XLSX, the signed bytes)', 'GET /api/credit/dividends/{id}/file': 'the dividend pay list (XLSX)',
  'GET /api/bulletins/{id}/files/{format}': 'a bulletin\'s archived PDF or Excel file',
  'GET /api/places/public/{id}/photos/{n}': 'a place\'s photo (image bytes)',
  'GET /api/places/public/villages/{code}/cover': 'a village\'s cover picture (image bytes)',
  'GET /api/cases/export/{format}': 'the case queue as CSV or XLSX', 'GET /api/kpis/export/{format}': 'the KPI table as CSV or XLSX',
  'GET /api/partywork/branches/{id}/appraisal.xlsx': 'a branch\'s year-end 先锋考评 sheet (XLSX)',
};

for (const kind of dbKinds()) {
  describe(`HTTP contract [${kind}]`, () => {
    let vb: TestApp;
    before(async () => {
      vb = await createTestApp(kind);
    });
    after(async () => {
      await vb.destroy();
    });

    it('every JSON route of the OpenAPI document declares a success (2xx) schema', async () => {
      const doc = (await vb.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
      const missing: string[] = [];
      let routes = 0;
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          const key = `${method.toUpperCase()} ${path}`;
          routes++;
          const success = Object.keys(op.responses ?? {}).some((code) => code.startsWith('2'));
          if (!success && !NOT_JSON[key]) missing.push(key);
          if (success && NOT_JSON[key]) missing.push(`${key} (listed as not JSON: drop it from NOT_JSON)`);
        }
      }
      assert.ok(routes > 60, `the document has ${routes} routes`);
      assert.deepEqual(missing, [], 'routes without a success schema');
    });

    it('a report answers the presented case: ISO times, no idempotency key, no staff-only columns for a resident', async () => {
      const area = await makeArea(vb);
      const villager = await makeResident(vb, area.villages[0]);
      const [lon, lat] = area.gridPoints[0];
      const res = await vb.app.inject({ method: 'POST', url: '/api/cases', headers: villager.auth, payload: { title: '路灯不亮', categoryCode: '0107', lon, lat, clientKey: 'contract-test-0001' } });
      assert.equal(res.statusCode, 201, res.body);
      const c = res.json() as Record<string, unknown>;
      assert.equal(c.clientKey, undefined, 'the client key is the reporter\'s retry token, not part of the case');
      for (const staffOnly of ['version', 'sourceRef', 'lateAt', 'extensionCount']) assert.equal(c[staffOnly], undefined, staffOnly);
      assert.match(String(c.reportedAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

      const operator = await makeStaff(vb, 'operator', area.townships[0]);
      const seen = (await vb.app.inject({ url: `/api/cases/${String(c.id)}`, headers: operator.auth })).json() as Record<string, unknown>;
      assert.equal(seen.clientKey, undefined);
      assert.equal(typeof seen.version, 'number', 'staff see the version');
    });
  });
}
