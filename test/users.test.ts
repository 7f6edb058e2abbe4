import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'drizzle-orm';
import { auditLog } from '../src/platform/db/platform.schema.ts';
import { users } from '../src/people/people.schema.ts';
import type { TestApp } from './helpers/app.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makePhone, makeStaff } from './helpers/factories.ts';

const countUsers = async (vb: TestApp) => (await vb.platform.db.select({ n: sql<number>`count(*)::int` }).from(users))[0].n;

describeOnDatabases('users and organisations', ({ vb }) => {
  it('an admin creates a grid worker in a village; the audit log records it with the phone masked', async () => {
    const area = await makeArea(vb);
    const admin = await makeStaff(vb, 'admin', area.district);
    const phone = makePhone();
    const res = await vb.app.inject({
      method: 'POST', url: '/api/users', headers: admin.auth,
      payload: { username: `gw-${phone.slice(-6)}x`, displayName: '网格员 张三', password: 'secret-pass-1', phone, kind: 'staff', memberships: [{ role: 'grid_worker', regionCode: area.villages[1] }] },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().phone, `${phone.slice(0, 3)}****${phone.slice(-4)}`);
    const audit = await vb.platform.db.select().from(auditLog).where(sql`${auditLog.entityId} = ${res.json().id}`);
    assert.equal(audit[0].action, 'user.created');
    assert.ok(!JSON.stringify(audit[0].details).includes(phone), 'no clear phone in the audit log');
    const login = await vb.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `gw-${phone.slice(-6)}x`, password: 'secret-pass-1' } });
    assert.equal(login.statusCode, 200);
  });

  it('lists only users of the caller\'s region, phones masked', async () => {
    const area = await makeArea(vb);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const inside = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const outside = await makeStaff(vb, 'grid_worker', area.villages[2]);
    const phone = makePhone();
    await vb.services.users.createUser(null, { displayName: '村民', phone, kind: 'resident', homeRegionCode: area.villages[1], memberships: [{ role: 'resident', regionCode: area.villages[1] }] });
    const list = await vb.app.inject({ url: '/api/users?limit=500', headers: op.auth });
    assert.equal(list.statusCode, 200);
    const ids = list.json().items.map((u: { id: string }) => u.id);
    assert.ok(ids.includes(inside.id) && ids.includes(op.id));
    assert.ok(!ids.includes(outside.id));
    assert.ok(!list.body.includes(phone), 'phones are masked in lists');
    const worker = await vb.app.inject({ url: '/api/users', headers: inside.auth });
    assert.equal(worker.statusCode, 403, 'grid workers cannot list users');
  });

  it('duplicate user name or phone is 409 naming the field; nothing half-written', async () => {
    const area = await makeArea(vb);
    const admin = await makeStaff(vb, 'admin', area.district);
    const phone = makePhone();
    const body = { username: `dup-${phone}`, displayName: 'A', password: 'secret-pass-1', kind: 'staff', phone, memberships: [{ role: 'operator', regionCode: area.townships[0] }] };
    assert.equal((await vb.app.inject({ method: 'POST', url: '/api/users', headers: admin.auth, payload: body })).statusCode, 201);
    const before = await countUsers(vb);
    const sameName = await vb.app.inject({ method: 'POST', url: '/api/users', headers: admin.auth, payload: { ...body, phone: makePhone() } });
    assert.equal(sameName.statusCode, 409);
    assert.equal(sameName.json().error.details.field, 'username');
    const samePhone = await vb.app.inject({ method: 'POST', url: '/api/users', headers: admin.auth, payload: { ...body, username: `other-${phone}` } });
    assert.equal(samePhone.statusCode, 409);
    assert.equal(samePhone.json().error.details.field, 'phone');
    assert.equal(await countUsers(vb), before);
  });

  it('unknown region, unknown role, wrong type, extra field: 400 naming the field', async () => {
    const area = await makeArea(vb);
    const admin = await makeStaff(vb, 'admin', area.district);
    const base = { username: `bad-${makePhone()}`, displayName: 'B', password: 'secret-pass-1', kind: 'staff' };
    const before = await countUsers(vb);
    const cases: [unknown, string][] = [
      [{ ...base, memberships: [{ role: 'operator', regionCode: `${area.district.slice(0, 6)}399000` }] }, 'memberships.0.regionCode'],
      [{ ...base, memberships: [{ role: 'wizard', regionCode: area.district }] }, 'memberships.0.role'],
      [{ ...base, displayName: 42 }, 'displayName'],
      [{ ...base, isAdmin: true }, 'isAdmin'],
      [{ ...base, password: 'short' }, 'password'],
      [{ ...base, username: undefined }, 'username'],
    ];
    for (const [payload, field] of cases) {
      const r = await vb.app.inject({ method: 'POST', url: '/api/users', headers: admin.auth, payload: payload as object });
      assert.equal(r.statusCode, 400, `${field}: ${r.body}`);
      assert.equal(r.json().error.details.field, field, r.body);
    }
    assert.equal(await countUsers(vb), before);
  });

  it('an admin of one township cannot create users or organisations in another', async () => {
    const area = await makeArea(vb);
    const townAdmin = await makeStaff(vb, 'admin', area.townships[0]);
    const r = await vb.app.inject({
      method: 'POST', url: '/api/users', headers: townAdmin.auth,
      payload: { username: `x-${makePhone()}`, displayName: 'X', password: 'secret-pass-1', kind: 'staff', memberships: [{ role: 'operator', regionCode: area.townships[1] }] },
    });
    assert.equal(r.statusCode, 403);
    const o = await vb.app.inject({ method: 'POST', url: '/api/organisations', headers: townAdmin.auth, payload: { name: '执法队', kind: 'enforcement', regionCode: area.townships[1] } });
    assert.equal(o.statusCode, 403);
    const ok = await vb.app.inject({ method: 'POST', url: '/api/organisations', headers: townAdmin.auth, payload: { name: '执法队', kind: 'enforcement', regionCode: area.townships[0] } });
    assert.equal(ok.statusCode, 201);
    const dup = await vb.app.inject({ method: 'POST', url: '/api/organisations', headers: townAdmin.auth, payload: { name: '执法队', kind: 'enforcement', regionCode: area.townships[0] } });
    assert.equal(dup.statusCode, 409);
    const list = await vb.app.inject({ url: '/api/organisations', headers: townAdmin.auth });
    assert.deepEqual(list.json().items.map((x: { regionCode: string }) => x.regionCode), [area.townships[0]]);
  });
});
