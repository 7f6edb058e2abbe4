/**
 * Open311 GeoReport v2: every resource in JSON (validated against the open311 project's JSON Schemas,
 * test/fixtures/open311-schemas) and XML (parsed and compared field by field with the JSON), the
 * standard's filters and errors, and what must never leak (contact details, exact locations).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff, type Area } from './helpers/factories.ts';

const SCHEMAS = path.join(import.meta.dirname, 'fixtures', 'open311-schemas');
const ajv = new Ajv({ allErrors: true, strict: false });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
for (const f of ['service.json', 'services.json', 'service-definition.json', 'request.json', 'requests.json']) {
  ajv.addSchema({ ...JSON.parse(fs.readFileSync(path.join(SCHEMAS, f), 'utf8')), $id: f });
}
function valid(schema: string, body: unknown) {
  const ok = ajv.validate(schema, body);
  assert.ok(ok, `${schema}: ${ajv.errorsText()}`);
}

const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'attribute', 'value', 'entry', 'endpoint', 'format'].includes(name) });
const ISO_TZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** XML values are text: compare with the JSON's values as text (null ↔ empty element). */
function sameFields(fromXml: Record<string, unknown>, fromJson: Record<string, unknown>, fields: string[]) {
  for (const f of fields) {
    const j = fromJson[f];
    const x = fromXml[f];
    assert.equal(x === undefined || x === '' ? null : String(x), j === null || j === undefined ? null : String(j), `field ${f}`);
  }
}

const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible',
  'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'lat', 'long'];

describeOnDatabases('Open311 GeoReport v2', ({ vb }) => {
  let area: Area;
  let key: string;
  before(async () => {
    area = await makeArea(vb);
    key = (await vb.services.open311.addKey(null, '测试客户端')).key;
  });

  const get = (url: string) => vb.app.inject({ url: `/open311/v2/${url}` });
  const post = (file: string, form: Record<string, string>) =>
    vb.app.inject({ method: 'POST', url: `/open311/v2/${file}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
  const caseCount = async () => Number(((await vb.platform.db.execute(sql`SELECT count(*)::int AS n FROM cases`)) as unknown as { rows: { n: number }[] }).rows[0].n);
  const errorOf = (body: string) => xml.parse(body).errors.error[0];

  it('discovery, services and service definitions in JSON and XML', async () => {
    const disc = await get('discovery.json');
    assert.equal(disc.statusCode, 200);
    assert.equal(disc.json().endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.equal(xml.parse((await get('discovery.xml')).body).discovery.endpoints.endpoint[0].formats.format.length, 2);

    const services = await get('services.json');
    assert.match(services.headers['content-type'] as string, /application\/json/);
    valid('services.json', services.json());
    const codes = services.json().map((s: { service_code: string }) => s.service_code);
    assert.deepEqual(codes, ['0102', '0107', '0108', '0201', '1501'], 'the categories offered to open311');
    const sx = await get('services.xml');
    assert.match(sx.headers['content-type'] as string, /text\/xml/);
    const xs = xml.parse(sx.body).services.service;
    assert.equal(xs.length, codes.length);
    xs.forEach((s: Record<string, unknown>, i: number) => sameFields(s, services.json()[i], ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']));

    const def = await get('services/0107.json');
    valid('service-definition.json', def.json());
    assert.equal(def.json().attributes[0].code, 'severity');
    const dx = xml.parse((await get('services/0107.xml')).body).service_definition;
    assert.equal(dx.service_code, '0107');
    assert.deepEqual(dx.attributes.attribute[0].values.value.map((v: { key: string }) => v.key), ['normal', 'urgent']);
    const missing = await get('services/0101.xml');
    assert.equal(missing.statusCode, 404, 'a category not offered to open311');
    assert.equal(errorOf(missing.body).code, '404');
    assert.equal((await get('services/0101.json')).json()[0].code, 404);
    assert.equal((await get('services.yaml')).statusCode, 400);
  });

  it('bad requests get the standard error list and store nothing', async () => {
    const [lon, lat] = area.gridPoints[0];
    const ok = { service_code: '0107', lat: String(lat), long: String(lon), description: '有人在田边焚烧草皮' };
    const before = await caseCount();
    const cases: [Record<string, string>, number, RegExp][] = [
      [ok, 403, /api_key is required/],
      [{ ...ok, api_key: 'o311_wrong' }, 403, /api_key is not valid/],
      [{ ...ok, api_key: key, service_code: '9999' }, 400, /service_code 9999 not found/],
      [{ ...ok, api_key: key, service_code: '' }, 400, /service_code is required/],
      [{ api_key: key, service_code: '0107', address_string: '余东村' }, 400, /lat and long are required/],
      [{ ...ok, api_key: key, lat: 'north' }, 400, /must be numbers/],
      [{ ...ok, api_key: key, lat: '31.23', long: '121.47' }, 400, /outside the area/],
      [{ ...ok, api_key: key, lat: '51.5', long: '-0.12' }, 400, /not a location in China/],
      [{ ...ok, api_key: key, 'attribute[severity]': 'panic' }, 400, /severity/],
    ];
    for (const [form, status, message] of cases) {
      const r = await post('requests.json', form);
      assert.equal(r.statusCode, status, `${JSON.stringify(form)} → ${r.body}`);
      const [e] = r.json();
      assert.equal(e.code, status);
      assert.match(e.description, message);
    }
    const asXml = await post('requests.xml', { ...ok, api_key: 'o311_wrong' });
    assert.equal(asXml.statusCode, 403);
    assert.match(errorOf(asXml.body).description, /api_key/);
    const badJson = await vb.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/json' }, payload: '{"service_code": ' });
    assert.equal(badJson.statusCode, 400);
    assert.match(badJson.json()[0].description, /could not be read/);
    assert.equal(await caseCount(), before, 'nothing stored');
  });

  it('a client creates a request and reads it back by token and id, in JSON and XML; private data stays private', async () => {
    const [lon, lat] = area.gridPoints[2];
    const created = await post('requests.json', {
      api_key: key, service_code: '0102', lat: String(lat), long: String(lon), description: '村口垃圾堆放多日无人清理',
      email: 'reporter@example.com', phone: '13712345678', first_name: '张', last_name: '三', account_id: 'acc-7', 'attribute[severity]': 'urgent',
    });
    assert.equal(created.statusCode, 200, created.body);
    const [c] = created.json();
    assert.match(c.service_request_id, /^\d{8}-\d{6}$/);
    assert.match(c.token, /^[0-9a-f]{24}$/);
    assert.equal(c.account_id, 'acc-7');
    const tok = await get(`tokens/${c.token}.json`);
    assert.deepEqual(tok.json(), [{ service_request_id: c.service_request_id, token: c.token }]);
    assert.equal(xml.parse((await get(`tokens/${c.token}.xml`)).body).service_requests.request[0].service_request_id, c.service_request_id);
    assert.equal((await get('tokens/ffffffffffffffffffffffff.json')).statusCode, 404);

    const one = await get(`requests/${c.service_request_id}.json`);
    valid('requests.json', one.json());
    const r = one.json()[0];
    assert.equal(r.status, 'open');
    assert.equal(r.service_code, '0102');
    assert.equal(r.service_name, '暴露垃圾');
    assert.match(r.requested_datetime, ISO_TZ);
    assert.match(r.expected_datetime, ISO_TZ);
    assert.match(r.agency_responsible, /综合指挥室$/);
    assert.ok(r.address.includes('测试村'));
    assert.equal(r.lat, Math.round(lat * 1000) / 1000, 'location rounded to about 100 m');
    for (const secret of ['reporter@example.com', '13712345678', '张', 'acc-7']) assert.ok(!one.body.includes(secret), `${secret} must not leak`);
    const rx = xml.parse((await get(`requests/${c.service_request_id}.xml`)).body).service_requests.request[0];
    sameFields(rx, r, REQUEST_FIELDS);
    assert.equal((await get('requests/20000101-999999.json')).statusCode, 404);

    // the case is an ordinary case: the command room sees it, handles it, and Open311 follows
    const row = (await vb.platform.db.execute(sql`SELECT id, source, severity FROM cases WHERE no = ${c.service_request_id}`) as unknown as { rows: { id: string; source: string; severity: string }[] }).rows[0];
    assert.equal(row.source, 'open311');
    assert.equal(row.severity, 'urgent');
    const op = await vb.services.users.actorOf((await makeStaff(vb, 'operator', area.townships[0])).id);
    await vb.services.cases.act(op, row.id, { action: 'reject', reason: '重复上报，已有人处理' });
    const closed = (await get(`requests/${c.service_request_id}.json?extensions=true`)).json()[0];
    assert.equal(closed.status, 'closed');
    assert.equal(closed.status_notes, '不予受理');
    assert.equal(closed.extended_attributes.state, 'REJECTED');
    assert.deepEqual(closed.extended_attributes.timeline.map((t: { action: string }) => t.action), ['report', 'submit', 'reject']);
    assert.ok(!JSON.stringify(closed).includes('重复上报'), 'staff notes are not public');
    assert.ok(closed.extended_attributes.timeline.every((t: { at: string }) => ISO_TZ.test(t.at)));
  });

  it('GET requests: default window, filters, paging, radius, updated_after', async () => {
    const [lon, lat] = area.gridPoints[4];
    const mk = async (code: string, description: string) => (await post('requests.json', { api_key: key, service_code: code, lat: String(lat), long: String(lon), description })).json()[0].service_request_id as string;
    const a = await mk('0108', '垃圾桶满了');
    const b = await mk('0201', '电线杆上小广告');
    const c = await mk('0108', '又一个垃圾桶满了');
    // an old request, outside the default 90 days
    await vb.platform.db.execute(sql`UPDATE cases SET reported_at = now() - interval '120 days' WHERE no = ${c}`);

    const all = await get('requests.json');
    valid('requests.json', all.json());
    const ids = all.json().map((r: { service_request_id: string }) => r.service_request_id);
    assert.ok(ids.includes(a) && ids.includes(b) && !ids.includes(c), 'last 90 days by default');
    const byCode = (await get('requests.json?service_code=0108')).json().map((r: { service_request_id: string }) => r.service_request_id);
    assert.ok(byCode.includes(a) && !byCode.includes(b));
    const byId = (await get(`requests.json?service_request_id=${c},${b}`)).json().map((r: { service_request_id: string }) => r.service_request_id).sort();
    assert.deepEqual(byId, [b, c].sort(), 'ids ignore the date window');
    const old = (await get(`requests.json?start_date=${encodeURIComponent(new Date(Date.now() - 200 * 86_400_000).toISOString())}&end_date=${encodeURIComponent(new Date(Date.now() - 100 * 86_400_000).toISOString())}`)).json();
    assert.deepEqual(old.map((r: { service_request_id: string }) => r.service_request_id).filter((x: string) => [a, b, c].includes(x)), [c]);
    assert.ok((await get('requests.json?status=closed')).json().every((r: { status: string }) => r.status === 'closed'));
    assert.ok((await get('requests.json?status=open')).json().some((r: { service_request_id: string }) => r.service_request_id === a));
    const near = (await get(`requests.json?lat=${lat}&long=${lon}&radius=200`)).json().map((r: { service_request_id: string }) => r.service_request_id);
    assert.ok(near.includes(a) && near.includes(b));
    const far = (await get(`requests.json?lat=${lat + 0.05}&long=${lon}&radius=200`)).json().map((r: { service_request_id: string }) => r.service_request_id);
    assert.ok(!far.includes(a), '5 km away');
    const page1 = (await get('requests.json?page_size=1&page=1')).json();
    const page2 = (await get('requests.json?page_size=1&page=2')).json();
    assert.equal(page1.length, 1);
    assert.notEqual(page1[0].service_request_id, page2[0].service_request_id);
    const later = (await get(`requests.json?updated_after=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json();
    assert.deepEqual(later, []);
    const listXml = xml.parse((await get('requests.xml?service_code=0201')).body).service_requests.request;
    const listJson = (await get('requests.json?service_code=0201')).json();
    assert.equal(listXml.length, listJson.length);
    listXml.forEach((x: Record<string, unknown>, i: number) => sameFields(x, listJson[i], REQUEST_FIELDS));
    for (const bad of ['status=pending', 'start_date=yesterday', 'service_code=9999', 'radius=10', 'lat=30', 'page_size=5000']) {
      const r = await get(`requests.json?${bad}`);
      assert.equal(r.statusCode, 400, `${bad} → ${r.body.slice(0, 200)}`);
      assert.equal(r.json()[0].code, 400);
    }
  });

  it('publishes only what the channel allows: not a resident\'s app report, never a question; phone and ID numbers masked', async () => {
    const [lon, lat] = area.gridPoints[6];
    const resident = await makeResident(vb, area.villages[3]);
    const inApp = await vb.app.inject({ method: 'POST', url: '/api/cases', headers: resident.auth, payload: { title: '垃圾没人清', description: '我家门口垃圾，电话13912345678', categoryCode: '0102', lon, lat } });
    assert.equal(inApp.statusCode, 201, inApp.body);
    const question = (await post('requests.json', { api_key: key, service_code: '1501', lat: String(lat), long: String(lon), description: '请问低保怎么申请？我的身份证号330802199001011234' })).json()[0];
    const filed = (await post('requests.json', { api_key: key, service_code: '0102', lat: String(lat), long: String(lon), description: '路口垃圾堆，有事打 139-1234-5678 或 0570-8123456，身份证 33080219900101123X' })).json()[0];
    const listed = (await get(`requests.json?lat=${lat}&long=${lon}&radius=500`)).json();
    const nos = listed.map((r: { service_request_id: string }) => r.service_request_id);
    assert.ok(!nos.includes(inApp.json().no), 'a resident\'s app report is not published');
    assert.ok(!nos.includes(question.service_request_id), 'questions are never published');
    assert.equal((await get(`requests/${inApp.json().no}.json`)).statusCode, 404);
    assert.equal((await get(`requests/${question.service_request_id}.json`)).statusCode, 404);
    const mine = listed.find((r: { service_request_id: string }) => r.service_request_id === filed.service_request_id);
    assert.ok(mine, 'an Open311 request is public');
    assert.equal(mine.description, '路口垃圾堆，有事打 139****5678 或 0570-***3456，身份证 330802********123X');
    const body = (await get('requests.json')).body + (await get('requests.xml')).body;
    for (const secret of ['13912345678', '1234-5678', '8123456', '330802199001011234', '33080219900101123X', '低保']) assert.ok(!body.includes(secret), `${secret} must not be published`);
  });

  it('contact fields are bounded and checked; an oversized body is 413 in the standard\'s error list; nothing stored', async () => {
    const [lon, lat] = area.gridPoints[6];
    const ok = { api_key: key, service_code: '0102', lat: String(lat), long: String(lon), description: '垃圾' };
    const before = await caseCount();
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...ok, first_name: '张'.repeat(101) }, /first_name is longer than 100/],
      [{ ...ok, last_name: 'x'.repeat(5000) }, /last_name/],
      [{ ...ok, email: 'not-an-email' }, /email/],
      [{ ...ok, email: `${'a'.repeat(250)}@x.cn` }, /email/],
      [{ ...ok, phone: '13712345678; DROP' }, /phone/],
      [{ ...ok, account_id: 'a'.repeat(101) }, /account_id/],
      [{ ...ok, media_url: 'javascript:alert(1)' }, /media_url/],
    ];
    for (const [form, message] of cases) {
      const r = await post('requests.json', form);
      assert.equal(r.statusCode, 400, r.body);
      assert.match(r.json()[0].description, message);
    }
    const huge = await vb.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `description=${'x'.repeat(vb.config.bodyLimitBytes + 10)}` });
    assert.equal(huge.statusCode, 413);
    assert.equal(errorOf(huge.body).code, '413');
    assert.equal(await caseCount(), before, 'nothing stored');
    // a public route of ours (an anonymous one elsewhere answers 401 before its body is read)
    const own = await vb.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'x'.repeat(vb.config.bodyLimitBytes + 10) }) });
    assert.equal(own.statusCode, 413);
    assert.equal(own.json().error.code, 'BODY_TOO_LARGE', 'our own routes: our error model');
    assert.equal((await post('requests.json', { ...ok, first_name: '张', last_name: '三', email: 'z@example.cn', phone: '+86 137-1234-5678' })).statusCode, 200);
  });

  it('administrators manage keys; a revoked key stops working', async () => {
    const admin = await makeStaff(vb, 'admin', area.district);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    assert.equal((await vb.app.inject({ method: 'POST', url: '/api/open311/keys', headers: op.auth, payload: { name: 'x' } })).statusCode, 403);
    const made = await vb.app.inject({ method: 'POST', url: '/api/open311/keys', headers: admin.auth, payload: { name: '12345 热线系统' } });
    assert.equal(made.statusCode, 201, made.body);
    const { id, key: k } = made.json();
    const listed = (await vb.app.inject({ url: '/api/open311/keys', headers: admin.auth })).json().items;
    assert.ok(listed.some((x: { id: string; key?: string }) => x.id === id && x.key === undefined), 'listed without the key');
    const [lon, lat] = area.gridPoints[0];
    const form = { api_key: k, service_code: '1501', lat: String(lat), long: String(lon), description: '请问村里哪里可以买到点钻画？' };
    assert.equal((await post('requests.json', form)).statusCode, 200);
    assert.equal((await vb.app.inject({ method: 'DELETE', url: `/api/open311/keys/${id}`, headers: admin.auth })).statusCode, 200);
    assert.equal((await post('requests.json', form)).statusCode, 403);
  });
});
