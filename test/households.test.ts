/**
 * Households (issue 16, item 2): a household with members and a head, the printable card and its
 * scans, through the HTTP API on PGlite and PostgreSQL. Every refusal is shown with its code and with
 * nothing written (row counts of the module's tables and the audit log before and after).
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { decodeQR } from 'qr/decode.js';
import sharp from 'sharp';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeHousehold, makeNamedResident, makeStaff, type Area, type TestUser } from './builders/index.ts';

describeOnDatabases('households', ({ vb }) => {
  let area: Area;
  let village: string;
  let admin: TestUser;
  before(async () => {
    area = await makeArea(vb);
    village = area.villages[0];
    admin = await makeStaff(vb, 'admin', area.townships[0]);
  });

  const call = (method: 'GET' | 'POST', url: string, who: { auth: Record<string, string> }, payload?: object) =>
    vb.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });
  const counts = async () => {
    const [r] = await vb.platform.database.raw<{ h: number; m: number; a: number }>(
      'SELECT (SELECT count(*)::int FROM households) AS h, (SELECT count(*)::int FROM household_members) AS m, (SELECT count(*)::int FROM audit_log) AS a', []);
    return r;
  };
  /** Refused with this status and code, and nothing written. */
  const refused = async (status: number, code: string, send: () => Promise<{ statusCode: number; body: string; json(): { error: { code: string } } }>) => {
    const before = await counts();
    const res = await send();
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().error.code, code);
    assert.deepEqual(await counts(), before, 'nothing written');
  };
  const grantRead = async (who: TestUser, regionCode: string): Promise<TestUser> => {
    const district = await makeStaff(vb, 'admin', area.district);
    const g = await call('POST', '/api/grants', district, { permission: 'households.read', userId: who.id, regionCode, reason: '积分评议需要核对农户' });
    assert.equal(g.statusCode, 201, g.body);
    const { token } = await vb.services.auth.loginWithPassword(who.username, who.password);
    return { ...who, token, auth: { authorization: `Bearer ${token}` } };
  };

  it('an administrator creates a household; each member sees it in full with the card token', async () => {
    const head = await makeNamedResident(vb, village, '郭渭民');
    const wife = await makeNamedResident(vb, village, '孔秀英');
    const res = await call('POST', '/api/households', admin, { regionCode: village, name: '郭家', address: '余东村 上余 12号', headUserId: head.id, members: [{ userId: wife.id, relation: 'spouse' }] });
    assert.equal(res.statusCode, 201, res.body);
    const h = res.json();
    assert.equal(h.headUserId, head.id);
    // the administrator holds no read grant: the answer masks names
    assert.deepEqual(h.members.map((m: { name: string; relation: string }) => [m.name, m.relation]), [['郭*民', 'head'], ['孔*英', 'spouse']]);
    const mine = (await call('GET', '/api/me/household', wife)).json().household;
    assert.equal(mine.id, h.id);
    assert.deepEqual(mine.members.map((m: { name: string }) => m.name), ['郭渭民', '孔秀英']);
    assert.match(mine.cardToken, /^[A-Za-z0-9_-]{24}$/);
    assert.ok(mine.cardUrl.endsWith(`/app/households/card/${mine.cardToken}`));
    assert.deepEqual(await vb.services.households.householdOf(wife.id), { id: h.id, regionCode: village, headUserId: head.id, memberIds: [head.id, wife.id] });
    assert.equal(await vb.services.households.sameHousehold(head.id, wife.id), true);
    assert.equal((await vb.services.households.byCardToken(mine.cardToken))?.id, h.id);
    assert.deepEqual((await vb.services.households.membersOf(h.id)).map((m) => m.relation), ['head', 'spouse']);
    // someone in no household
    const alone = await makeNamedResident(vb, village, '余大伯');
    assert.deepEqual((await call('GET', '/api/me/household', alone)).json(), { household: null });
    assert.equal((await call('GET', '/api/me/household/card.svg', alone)).statusCode, 404);
    assert.equal(await vb.services.households.sameHousehold(head.id, alone.id), false);
  });

  it('a person belongs to one household: a second one is 409 and writes nothing', async () => {
    const a = await makeHousehold(vb, { village });
    const b = await makeHousehold(vb, { village });
    await refused(409, 'HOUSEHOLD_MEMBER_ELSEWHERE', () => call('POST', `/api/households/${b.household.id}/members`, admin, { userId: a.members[1].id, relation: 'child' }));
    await refused(409, 'HOUSEHOLD_ALREADY_MEMBER', () => call('POST', `/api/households/${a.household.id}/members`, admin, { userId: a.members[1].id, relation: 'child' }));
    const fresh = await makeNamedResident(vb, village, '徐建国');
    // a new household naming a taken person: nothing of it is written, the fresh head included
    await refused(409, 'HOUSEHOLD_MEMBER_ELSEWHERE', () => call('POST', '/api/households', admin, { regionCode: village, name: '徐家', address: '余东村 下余 3号', headUserId: fresh.id, members: [{ userId: a.head.id, relation: 'parent' }] }));
    await refused(409, 'HOUSEHOLD_ALREADY_MEMBER', () => call('POST', '/api/households', admin, { regionCode: village, name: '徐家', address: '余东村 下余 3号', headUserId: fresh.id, members: [{ userId: fresh.id, relation: 'child' }] }));
    // two administrators adding one person to two households at once: exactly one succeeds
    const [x, y] = await Promise.all([
      call('POST', `/api/households/${a.household.id}/members`, admin, { userId: fresh.id, relation: 'other' }),
      call('POST', `/api/households/${b.household.id}/members`, admin, { userId: fresh.id, relation: 'other' }),
    ]);
    assert.deepEqual([x.statusCode, y.statusCode].sort(), [200, 409], `${x.body} ${y.body}`);
  });

  it('the head: removing them needs a new head; a non-member cannot be head; naming the head again changes nothing', async () => {
    const { household, head, members } = await makeHousehold(vb, { village, size: 3 });
    const outsider = await makeNamedResident(vb, village, '方子涵');
    await refused(409, 'HOUSEHOLD_HEAD_REMOVAL', () => call('POST', `/api/households/${household.id}/members/${head.id}/remove`, admin, {}));
    await refused(409, 'HOUSEHOLD_HEAD_NOT_MEMBER', () => call('POST', `/api/households/${household.id}/members/${head.id}/remove`, admin, { newHeadUserId: outsider.id }));
    await refused(409, 'HOUSEHOLD_HEAD_NOT_MEMBER', () => call('POST', `/api/households/${household.id}/head`, admin, { userId: outsider.id }));
    await refused(409, 'HOUSEHOLD_NOT_MEMBER', () => call('POST', `/api/households/${household.id}/members/${outsider.id}/remove`, admin, {}));
    await refused(422, 'HOUSEHOLD_RELATION_INVALID', () => call('POST', `/api/households/${household.id}/members`, admin, { userId: outsider.id, relation: 'head' }));
    await refused(422, 'HOUSEHOLD_RELATION_INVALID', () => call('POST', `/api/households/${household.id}/head`, admin, { userId: members[1].id, formerHeadRelation: 'head' }));
    const same = await counts();
    assert.equal((await call('POST', `/api/households/${household.id}/head`, admin, { userId: head.id })).statusCode, 200);
    assert.deepEqual(await counts(), same, 'naming the head again writes nothing');

    const moved = await call('POST', `/api/households/${household.id}/head`, admin, { userId: members[1].id, formerHeadRelation: 'spouse' });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().headUserId, members[1].id);
    const byId = (ms: { userId: string; relation: string }[]) => Object.fromEntries(ms.map((m) => [m.userId, m.relation]));
    assert.equal(moved.json().members[0].userId, members[1].id, 'the head first');
    assert.deepEqual(byId(moved.json().members), { [members[1].id]: 'head', [head.id]: 'spouse', [members[2].id]: 'child' });
    const removed = await call('POST', `/api/households/${household.id}/members/${members[1].id}/remove`, admin, { newHeadUserId: members[2].id });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(removed.json().headUserId, members[2].id);
    assert.equal(removed.json().members.length, 2);
    assert.equal(await vb.services.households.householdOf(members[1].id), null);
  });

  it('people: unknown (404), living in another village (422), outside the administrator\'s area (404); regions that are not a village (422)', async () => {
    const { household } = await makeHousehold(vb, { village });
    await refused(404, 'HOUSEHOLD_PERSON_NOT_FOUND', () => call('POST', `/api/households/${household.id}/members`, admin, { userId: '00000000-0000-4000-8000-000000000000', relation: 'child' }));
    const neighbour = await makeNamedResident(vb, area.villages[1], '余建国');
    await refused(422, 'HOUSEHOLD_PERSON_ELSEWHERE', () => call('POST', `/api/households/${household.id}/members`, admin, { userId: neighbour.id, relation: 'child' }));
    const far = await makeNamedResident(vb, area.villages[2], '孔小燕'); // the other township: not this administrator's
    await refused(404, 'HOUSEHOLD_PERSON_NOT_FOUND', () => call('POST', `/api/households/${household.id}/members`, admin, { userId: far.id, relation: 'child' }));
    const head = await makeNamedResident(vb, village, '余子涵');
    await refused(422, 'HOUSEHOLD_REGION_INVALID', () => call('POST', '/api/households', admin, { regionCode: area.townships[0], name: '余家', address: '某处', headUserId: head.id }));
    await refused(422, 'HOUSEHOLD_REGION_INVALID', () => call('POST', '/api/households', admin, { regionCode: area.grids[0], name: '余家', address: '某处', headUserId: head.id }));
    await refused(403, 'FORBIDDEN', () => call('POST', '/api/households', admin, { regionCode: area.villages[2], name: '孔家', address: '某处', headUserId: far.id }));
    await refused(400, 'VALIDATION_FAILED', () => call('POST', '/api/households', admin, { regionCode: village, name: ' ', address: '某处', headUserId: head.id }));
    // another township's household is missing for this administrator
    const elsewhere = await makeHousehold(vb, { village: area.villages[2] });
    await refused(404, 'HOUSEHOLD_NOT_FOUND', () => call('POST', `/api/households/${elsewhere.household.id}/card/rotate`, admin, { reason: '遗失' }));
    assert.equal((await call('GET', `/api/households/${elsewhere.household.id}/card.svg`, admin)).statusCode, 404);
  });

  it('the list needs a grant (403 without), stays in the grant\'s area, masks names; one household in full is an audited reveal', async () => {
    const mine = await makeHousehold(vb, { village: area.villages[1], name: '郭家', size: 2 });
    const other = await makeHousehold(vb, { village: area.villages[3], size: 2 });
    let reader = await makeStaff(vb, 'operator', area.townships[0]);
    assert.equal((await call('GET', '/api/households', reader)).statusCode, 403, 'a role alone does not give households.read');
    assert.equal((await call('GET', `/api/households/${mine.household.id}`, reader)).statusCode, 404, 'need-to-know: without it the household does not exist (issue 20)');
    reader = await grantRead(reader, area.villages[1]);
    const list = await call('GET', '/api/households?limit=50', reader);
    assert.equal(list.statusCode, 200, list.body);
    const ids = list.json().items.map((i: { id: string }) => i.id);
    assert.ok(ids.includes(mine.household.id));
    assert.ok(!ids.includes(other.household.id), 'outside the grant');
    const row = list.json().items.find((i: { id: string }) => i.id === mine.household.id);
    assert.equal(row.headName, `${mine.head.name[0]}*${mine.head.name.slice(-1)}`);
    assert.equal(row.memberCount, 2);
    assert.doesNotMatch(list.body, new RegExp(mine.head.name), 'no full name in the list');
    assert.deepEqual((await call('GET', `/api/households?region=${area.villages[3]}`, reader)).json().items, []);
    assert.equal((await call('GET', `/api/households/${other.household.id}`, reader)).statusCode, 404, 'another area answers as missing');

    const one = await call('GET', `/api/households/${mine.household.id}`, reader);
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().members[0].name, mine.head.name);
    const [audit] = await vb.platform.database.raw<{ actor_id: string; region_code: string }>(
      "SELECT actor_id, region_code FROM audit_log WHERE action = 'households.reveal' AND entity_id = $1", [mine.household.id]);
    assert.deepEqual(audit, { actor_id: reader.id, region_code: area.villages[1] });
  });

  it('a card scan by the grid worker is audited; a rotated token, a wrong one and another village\'s card are 404', async () => {
    const { household, head } = await makeHousehold(vb, { village, size: 3 });
    const grid = await makeStaff(vb, 'grid_worker', village);
    const otherGrid = await makeStaff(vb, 'grid_worker', area.villages[1]);
    const token = (await call('GET', '/api/me/household', head)).json().household.cardToken;
    const audits = async (action: string) => (await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND actor_id = $2', [action, grid.id]))[0].n;

    const scan = await call('GET', `/api/households/by-card/${token}`, grid);
    assert.equal(scan.statusCode, 200, scan.body);
    assert.equal(scan.json().id, household.id);
    assert.equal(scan.json().members.length, 3);
    assert.equal(scan.json().members[0].name, `${head.name[0]}*${head.name.slice(-1)}`);
    const [row] = await vb.platform.database.raw<{ actor_id: string; entity_id: string; region_code: string }>(
      "SELECT actor_id, entity_id, region_code FROM audit_log WHERE action = 'households.card_scan' AND actor_id = $1", [grid.id]);
    assert.deepEqual(row, { actor_id: grid.id, entity_id: household.id, region_code: village });
    await call('GET', `/api/households/by-card/${token}`, grid);
    assert.equal(await audits('households.card_scan'), 2, 'every scan');

    const other = await call('GET', `/api/households/by-card/${token}`, otherGrid);
    assert.equal(other.statusCode, 404);
    assert.equal(other.json().error.code, 'HOUSEHOLD_CARD_NOT_FOUND');
    const wrong = await call('GET', '/api/households/by-card/not-a-real-card-token', grid);
    assert.equal(wrong.json().error.code, 'HOUSEHOLD_CARD_NOT_FOUND');
    assert.equal(await audits('households.card_scan_refused'), 1);
    assert.equal((await call('GET', `/api/households/by-card/${token}`, head)).statusCode, 403, 'a resident cannot scan');

    const rotated = await call('POST', `/api/households/${household.id}/card/rotate`, admin, { reason: '户卡遗失' });
    assert.equal(rotated.statusCode, 200, rotated.body);
    const fresh = (await call('GET', '/api/me/household', head)).json().household.cardToken;
    assert.notEqual(fresh, token);
    assert.equal((await call('GET', `/api/households/by-card/${token}`, grid)).statusCode, 404, 'the old card is refused');
    assert.equal(await vb.services.households.byCardToken(token), null);
    assert.equal((await call('GET', `/api/households/by-card/${fresh}`, grid)).statusCode, 200);
    const [rot] = await vb.platform.database.raw<{ actor_id: string; details: { reason: string } }>("SELECT actor_id, details FROM audit_log WHERE action = 'households.card_rotated' AND entity_id = $1", [household.id]);
    assert.equal(rot.actor_id, admin.id);
    assert.equal(rot.details.reason, '户卡遗失');
  });

  it('the printable card is well-formed SVG whose QR code (rasterised) reads the card URL with the token', async () => {
    const { household, head } = await makeHousehold(vb, { village, name: '郭家', address: '余东村 上余 12号' });
    const mine = (await call('GET', '/api/me/household', head)).json().household;
    const res = await call('GET', '/api/me/household/card.svg', head);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^image\/svg\+xml/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const svg = res.body;
    assertWellFormed(svg);
    for (const text of ['郭家', '余东村 上余 12号', `户主：${head.name}`, '凭此卡可由网格员或村积分超市代为操作']) assert.ok(svg.includes(text), text);
    assert.equal(await readQr(svg), mine.cardUrl);
    assert.ok(mine.cardUrl.includes(mine.cardToken));
    // the administrator prints the same card
    const printed = await call('GET', `/api/households/${household.id}/card.svg`, admin);
    assert.equal(printed.statusCode, 200);
    assert.equal(await readQr(printed.body), mine.cardUrl);
  });
});

/** Render the SVG (librsvg through sharp) and decode the QR code in the picture. */
async function readQr(svg: string): Promise<string> {
  const { data, info } = await sharp(Buffer.from(svg), { density: 200 }).flatten({ background: '#fff' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return decodeQR({ width: info.width, height: info.height, data: new Uint8Array(data) }, { format: 'RGBA' });
}

/** Every tag closes in order, attributes are quoted, no stray `<` or `&`: what an XML parser needs. */
function assertWellFormed(svg: string): void {
  const body = svg.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(last, m.index);
    assert.doesNotMatch(between, /<|&(?!amp;|lt;|gt;|quot;)/, `stray markup before ${m[0].slice(0, 40)}`);
    last = tag.lastIndex;
    if (m[4]) continue;
    if (m[1]) assert.equal(stack.pop(), m[2], `</${m[2]}> closes another tag`);
    else stack.push(m[2]);
  }
  assert.equal(body.slice(last).trim(), '');
  assert.deepEqual(stack, []);
  assert.ok(body.startsWith('<svg'));
}

describeOnDatabases('households in the demo', ({ vb }) => {
  it('the demo seeds the seeds\' families through the service, and readers with the grant', async () => {
    const { seedDemo } = await import('../src/demo/seed-demo.ts');
    await seedDemo(vb.platform, vb.services, { history: false });
    const rows = await vb.platform.database.raw<{ name: string; address: string; n: number }>(
      'SELECT h.name, h.address, (SELECT count(*)::int FROM household_members m WHERE m.household_id = h.id) AS n FROM households h', []);
    const families = rows.filter((r) => !/^余东村 (上余 (18|25|31)号|下余 (3|11)号|画家街|后山)/.test(r.address));
    assert.deepEqual(families.map((r) => [r.name, r.address, r.n]).sort(), [['余家', '余东村 上余 12号', 3], ['孔家', '紫荆社区 学苑新村 5幢 102', 2], ['郭家', '紫荆社区 学苑新村 3幢 201', 3]].sort());
    // and 余东村's registry (src/demo/household-registry.ts): ten households imported, each placed in a grid of the village
    const registry = await vb.platform.database.raw<{ n: number; placed: number; tagged: number; people: number }>(
      "SELECT count(*)::int AS n, count(grid_code)::int AS placed, count(*) FILTER (WHERE '独居老人' = ANY(tags))::int AS tagged, (SELECT count(*)::int FROM household_people p JOIN households x ON x.id = p.household_id WHERE x.address LIKE '余东村 %' AND x.address <> '余东村 上余 12号') AS people FROM households WHERE address LIKE '余东村 %' AND address <> '余东村 上余 12号'", []);
    assert.deepEqual(registry[0], { n: 10, placed: 10, tagged: 3, people: 26 });
    const [reveal] = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM audit_log a JOIN users u ON u.id::text = a.actor_id::text WHERE a.action = 'households.reveal_field' AND u.username = 'yudong.grid'", []);
    assert.equal(reveal.n, 1, 'the grid worker\'s reveal is in the audit');
    const [uncle] = await vb.platform.database.raw<{ id: string }>("SELECT id FROM users WHERE phone = '13800000001'", []);
    const mine = await vb.services.households.householdOf(uncle.id);
    assert.equal(mine?.headUserId, uncle.id);
    const grants = await vb.platform.database.raw<{ username: string }>(
      "SELECT u.username FROM access_grants g JOIN users u ON u.id = g.user_id WHERE g.permission = 'households.read' ORDER BY 1", []);
    // and the grid workers who pick households for party work's 联户 tasks (src/demo/partywork.ts)
    assert.deepEqual(grants.map((g) => g.username), ['admin', 'gouxi.operator', 'yudong.grid', 'zijing.grid']);
  });
});
