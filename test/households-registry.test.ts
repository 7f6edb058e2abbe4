/**
 * The household registry (issue 20 item 1, 一户一档) on PGlite and PostgreSQL: need-to-know (the grid's
 * worker sees, another grid's worker and staff without a grant are told 404, a grant opens it), ID
 * numbers checked (GB 11643) and sealed at rest, reveals audited and listed to the household, the change
 * history, and the roster import (good; one bad row → nothing; duplicates → reported, nothing, then
 * confirmed separate).
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { checkDigit, normaliseIdNumber } from '../src/households/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeHousehold, makeStaff, type Area, type TestUser } from './builders/index.ts';

/** A synthetic ID number with a valid check digit: region, birth date, serial. */
export const idNumber = (region: string, birth: string, serial: number) => {
  const first = `${region}${birth}${String(serial).padStart(3, '0')}`;
  return first + checkDigit(first);
};

it('GB 11643: the check digit, the birth date, the form', () => {
  assert.equal(checkDigit('11010519491231002'), 'X');
  assert.equal(normaliseIdNumber('11010519491231002x'), '11010519491231002X');
  assert.equal(normaliseIdNumber('110105194912310021'), null, 'wrong check digit');
  assert.equal(normaliseIdNumber(idNumber('330802', '19490230', 1)), null, 'no 30 February');
  assert.equal(normaliseIdNumber('33080219490101001'), null, '17 characters');
});

describeOnDatabases('household registry', ({ vb }) => {
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
  const counts = async () => (await vb.platform.database.raw<{ h: number; p: number; m: number; hist: number; u: number }>(
    'SELECT (SELECT count(*)::int FROM households) AS h, (SELECT count(*)::int FROM household_people) AS p, (SELECT count(*)::int FROM household_members) AS m, (SELECT count(*)::int FROM household_history) AS hist, (SELECT count(*)::int FROM users) AS u', []))[0];
  const inGrid = async (grid: string) => {
    const made = await makeHousehold(vb, { village, size: 2 });
    const res = await call('POST', `/api/households/${made.household.id}/update`, admin, { gridCode: grid, tags: ['独居老人'], lon: area.gridPoints[area.grids.indexOf(grid)][0], lat: area.gridPoints[area.grids.indexOf(grid)][1] });
    assert.equal(res.statusCode, 200, res.body);
    return made;
  };

  it('need-to-know: the grid worker of the grid sees it (audited), another grid\'s worker and staff without a grant get 404, a grant opens it', async () => {
    const { household } = await inGrid(area.grids[0]);
    const mine = await makeStaff(vb, 'grid_worker', area.grids[0]);
    const other = await makeStaff(vb, 'grid_worker', area.grids[1]);
    const operator = await makeStaff(vb, 'operator', area.townships[0]);
    const seen = await call('GET', `/api/households/${household.id}/record`, mine);
    assert.equal(seen.statusCode, 200, seen.body);
    assert.equal(seen.json().seenAs, 'grid');
    assert.deepEqual(seen.json().tags, ['独居老人']);
    const [audit] = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'households.reveal' AND actor_id = $1 AND entity_id = $2", [mine.id, household.id]);
    assert.equal(audit.n, 1, 'the opening is audited');
    assert.ok((await call('GET', '/api/households', mine)).json().items.some((h: { id: string }) => h.id === household.id), 'in the grid worker\'s list');
    for (const who of [other, operator]) {
      for (const url of [`/api/households/${household.id}/record`, `/api/households/${household.id}`, `/api/households/${household.id}/reveals`]) {
        const res = await call('GET', url, who);
        assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
        assert.equal(res.json().error.code, 'HOUSEHOLD_NOT_FOUND');
      }
    }
    assert.ok(!(await call('GET', '/api/households', other)).json().items.some((h: { id: string }) => h.id === household.id), 'not in another grid\'s list');
    const district = await makeStaff(vb, 'admin', area.district);
    assert.equal((await call('POST', '/api/grants', district, { permission: 'households.read', userId: operator.id, regionCode: village, reason: '低保复核' })).statusCode, 201);
    const { token } = await vb.services.auth.loginWithPassword(operator.username, operator.password);
    const granted = await call('GET', `/api/households/${household.id}/record`, { auth: { authorization: `Bearer ${token}` } });
    assert.equal(granted.statusCode, 200, granted.body);
    assert.equal(granted.json().seenAs, 'grant');
  });

  it('an ID number with a bad check digit is 400 naming the field, nothing written; a good one is sealed, masked, revealed with an audit the household reads', async () => {
    const { household, head } = await inGrid(area.grids[0]);
    const grid = await makeStaff(vb, 'grid_worker', area.grids[0]);
    const good = idNumber('330802', '19480312', 21);
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const before = await counts();
    const res = await call('POST', `/api/households/${household.id}/people`, admin, { name: '余老太', relation: 'parent', idNumber: wrong });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, 'ID_NUMBER_INVALID');
    assert.equal(res.json().error.details.field, 'idNumber');
    assert.deepEqual(await counts(), before, 'nothing written');

    const ok = await call('POST', `/api/households/${household.id}/people`, admin, { name: '余老太', relation: 'parent', idNumber: good, phone: '13812345678', roles: ['proxy'] });
    assert.equal(ok.statusCode, 200, ok.body);
    const person = ok.json().people.find((p: { name: string }) => p.name === '余老太');
    assert.equal(person.idNumber, `330802********${good.slice(-4)}`);
    assert.equal(person.phone, '138****5678');
    assert.equal(person.birthYear, 1948);
    assert.deepEqual(person.roles, ['proxy']);
    assert.ok(ok.json().history.some((h: { change: string; newValue: string }) => h.change === 'person_added' && !h.newValue.includes(good)), 'history masks the number');
    // at rest: no plain ID number or phone anywhere in the table
    const stored = await vb.platform.database.raw<{ row: string }>('SELECT row_to_json(p)::text AS row FROM household_people p', []);
    assert.ok(stored.every((r) => !r.row.includes(good) && !r.row.includes('13812345678')), 'the table holds no plain ID number');
    const history = await vb.platform.database.raw<{ row: string }>('SELECT row_to_json(h)::text AS row FROM household_history h', []);
    assert.ok(history.every((r) => !r.row.includes(good)));

    const shown = await call('POST', `/api/households/${household.id}/people/${person.id}/reveal`, grid, { field: 'idNumber' });
    assert.equal(shown.statusCode, 200, shown.body);
    assert.equal(shown.json().value, good);
    const [audit] = await vb.platform.database.raw<{ details: { personId: string; field: string } }>("SELECT details FROM audit_log WHERE action = 'households.reveal_field' AND actor_id = $1", [grid.id]);
    assert.deepEqual(audit.details, { personId: person.id, field: 'idNumber' });
    const other = await makeStaff(vb, 'grid_worker', area.grids[1]);
    assert.equal((await call('POST', `/api/households/${household.id}/people/${person.id}/reveal`, other, { field: 'idNumber' })).statusCode, 404);
    // the household reads who looked
    const mine = await call('GET', '/api/me/household/reveals', head);
    assert.equal(mine.statusCode, 200, mine.body);
    const item = mine.json().items.find((i: { what: string }) => i.what === 'idNumber');
    assert.ok(item.who.length > 0);
    assert.equal(item.personName, '余老太');
    assert.ok(mine.json().items.some((i: { what: string }) => i.what === 'record'));
  });

  const roster = (rows: string[][]) => [['户号', '姓名', '与户主关系', '身份证号', '手机', '网格', '地址', '标签'], ...rows].map((r) => r.join(',')).join('\n');
  const importing = (rows: string[][], extra: object = {}) => call('POST', '/api/households/import', admin, { regionCode: area.villages[1], format: 'csv', data: roster(rows), ...extra });

  it('import: a good file makes households, accounts and sealed records; one bad row imports nothing and names the row', async () => {
    const g = area.grids[2].slice(-3);
    const rows = [
      ['1', '毛建华', '户主', idNumber('330802', '19650405', 11), '13911110001', g, '下余 1号', '党员户、民宿经营户'],
      ['1', '周美琴', '配偶', idNumber('330802', '19670811', 22), '', g, '下余 1号', ''],
      ['1', '毛小军', '子', idNumber('330802', '19930120', 31), '13911110002', g, '下余 1号', ''],
      ['2', '徐阿婆', '户主', idNumber('330802', '19380709', 42), '13911110003', g, '下余 2号', '独居老人'],
    ];
    const before = await counts();
    const bad = await importing([...rows, ['3', '方大明', '户主', idNumber('330802', '19700101', 51).slice(0, 17) + 'X', '13911110004', g, '下余 3号', '']].map((r) => (r[1] === '方大明' && r[3].endsWith('X') && normaliseIdNumber(r[3]) ? [...r.slice(0, 3), '330802197001010000', ...r.slice(4)] : r)));
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().error.code, 'ID_NUMBER_INVALID');
    assert.equal(bad.json().error.details.row, 6, 'the header is row 1');
    assert.deepEqual(await counts(), before, 'nothing imported');
    const noHeadPhone = await importing([...rows, ['3', '方大明', '户主', '', '', g, '下余 3号', '']]);
    assert.equal(noHeadPhone.statusCode, 400);
    assert.deepEqual([noHeadPhone.json().error.code, noHeadPhone.json().error.details.row, noHeadPhone.json().error.details.column], ['HOUSEHOLD_IMPORT_INVALID', 6, '手机']);
    assert.deepEqual(await counts(), before, 'nothing imported');

    const ok = await importing(rows);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { imported: true, households: 2, people: 4, accounts: 3, duplicates: [] });
    const after = await counts();
    assert.deepEqual([after.h - before.h, after.p - before.p, after.m - before.m, after.u - before.u], [2, 4, 3, 3]);
    const [h] = await vb.platform.database.raw<{ id: string; grid_code: string; tags: string[] }>("SELECT id, grid_code, tags FROM households WHERE address = '下余 1号'", []);
    assert.equal(h.grid_code, area.grids[2]);
    assert.deepEqual(h.tags, ['党员户', '民宿经营户']);
  });

  it('import: duplicates (same ID number, same name + phone, same name + birth date) are answered with both rows and nothing is imported until confirmed separate', async () => {
    const twin = idNumber('330802', '19800101', 71);
    const rows = [
      ['7', '孔德明', '户主', twin, '13911120001', '', '后溪 7号', ''],
      ['7', '孔德明', '子', twin, '', '', '后溪 7号', ''],
      ['8', '王秀兰', '户主', idNumber('330802', '19520303', 82), '13911120002', '', '后溪 8号', ''],
      ['8', '王秀兰', '母', idNumber('330802', '19520303', 93), '', '', '后溪 8号', ''],
    ];
    const before = await counts();
    const res = await importing(rows);
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().error.code, 'HOUSEHOLD_IMPORT_DUPLICATES');
    const dups = res.json().error.details.duplicates as { rule: string; row: number; otherRow: number }[];
    assert.deepEqual(dups.map((d) => [d.rule, d.row, d.otherRow]).sort(), [['idNumber', 3, 2], ['nameBirth', 3, 2], ['nameBirth', 5, 4]].sort());
    assert.deepEqual(await counts(), before, 'nothing imported');
    // a rule turned off is not applied; confirming only some rows still imports nothing
    const fewer = await importing(rows, { rules: ['namePhone'] });
    assert.equal(fewer.statusCode, 200, fewer.body);
    // against the record: the same ID number again is a duplicate of the person on record
    const again = await importing([['9', '孔德明', '户主', twin, '13911120009', '', '后溪 9号', '']]);
    assert.equal(again.statusCode, 409);
    assert.match(again.json().error.details.duplicates[0].existing, /后溪 7号/);
    const confirmed = await importing([['9', '孔德明', '户主', twin, '13911120009', '', '后溪 9号', '']], { separate: [2] });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.ok(confirmed.json().duplicates.length >= 1 && confirmed.json().duplicates.every((d: { row: number }) => d.row === 2), 'the confirmed duplicates are named in the answer');
  });

  it('the change history: tags, address, head; append-only in the database', async () => {
    const { household, members } = await makeHousehold(vb, { village, size: 2 });
    await call('POST', `/api/households/${household.id}/update`, admin, { tags: ['低保'], address: '上余 99号' });
    await call('POST', `/api/households/${household.id}/head`, admin, { userId: members[1].id, formerHeadRelation: 'spouse' });
    const grant = await makeStaff(vb, 'grid_worker', village);
    const rec = (await call('GET', `/api/households/${household.id}/record`, grant)).json();
    assert.deepEqual(rec.history.map((h: { change: string }) => h.change).sort(), ['address', 'created', 'head_changed', 'tags'].sort());
    assert.equal(rec.people[0].userId, members[1].id, 'the new head first');
    assert.equal(rec.history.find((h: { change: string }) => h.change === 'address').oldValue, household.address);
    await assert.rejects(vb.platform.database.raw("UPDATE household_history SET new_value = 'x'", []), /append-only/);
  });
});
