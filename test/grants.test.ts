/**
 * Need-to-know grants (issue 14, item 4): a permission no role implies, granted by an administrator to a
 * person or an organisation in a region. A tiny module here declares one (as households and petitions
 * will) and guards a route with it.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { assertCan, definePermissions, requireActor } from '../src/platform/access.ts';
import { defineModule } from '../src/platform/module.ts';
import { MODULES } from '../src/modules.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff, type Area, type TestUser } from './helpers/factories.ts';

const LEDGER_PERMISSIONS = definePermissions({
  'ledger.read': { zh: '查看台账', en: 'Read the ledger', roles: ['handler', 'operator'], needToKnow: true },
});

declare module '../src/platform/access.ts' {
  interface Permissions extends Record<keyof typeof LEDGER_PERMISSIONS, true> {}
}

const ledgerModule = defineModule({
  name: 'ledger',
  permissions: LEDGER_PERMISSIONS,
  build: () => ({}),
  routes: async (app) => {
    app.get('/api/ledger/:region', { config: { access: 'authenticated' } }, async (req) => {
      const region = (req.params as { region: string }).region;
      assertCan(requireActor(req.actor), 'ledger.read', region);
      return { region, entries: 3 };
    });
  },
});

describeOnDatabases('need-to-know grants', { modules: [...MODULES, ledgerModule] }, ({ vb, kind }) => {
  let area: Area;
  let admin: TestUser;
  before(async () => {
    area = await makeArea(vb);
    admin = await makeStaff(vb, 'admin', area.district);
  });

  const grant = (body: Record<string, unknown>, who = admin) => vb.app.inject({ method: 'POST', url: '/api/grants', headers: who.auth, payload: body });
  const read = (who: TestUser, region: string) => vb.app.inject({ url: `/api/ledger/${region}`, headers: who.auth });
  const relogin = async (u: TestUser) => ({ ...u, auth: { authorization: `Bearer ${(await vb.services.auth.loginWithPassword(u.username, u.password)).token}` } });
  const count = async () => Number(((await vb.platform.db.execute(sql`SELECT count(*)::int AS n FROM access_grants`)) as unknown as { rows: { n: number }[] }).rows[0].n);

  it('a role alone does not give it; a grant to the person does, in its region only, until revoked', async () => {
    const township = area.townships[0];
    let handler = await makeStaff(vb, 'handler', township);
    assert.equal((await read(handler, area.villages[0])).statusCode, 403);
    const g = await grant({ permission: 'ledger.read', userId: handler.id, regionCode: area.villages[0], reason: '入户走访需要' });
    assert.equal(g.statusCode, 201, g.body);
    assert.equal(g.json().holder.kind, 'user');
    assert.deepEqual(g.json().permissionName, { zh: '查看台账', en: 'Read the ledger' });
    handler = await relogin(handler); // a new session; a live one sees the change within the session cache's 5 s
    assert.equal((await read(handler, area.villages[0])).statusCode, 200);
    assert.equal((await read(handler, area.villages[1])).statusCode, 403, 'the next village is not in the grant');
    const me = (await vb.app.inject({ url: '/api/me', headers: handler.auth })).json();
    assert.ok(me.permissions.includes('ledger.read'));
    assert.deepEqual(me.scopes['ledger.read'], [area.villages[0]]);

    const revoked = await vb.app.inject({ method: 'POST', url: `/api/grants/${g.json().id}/revoke`, headers: admin.auth, payload: { reason: '走访结束' } });
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.ok(revoked.json().revokedAt);
    handler = await relogin(handler);
    assert.equal((await read(handler, area.villages[0])).statusCode, 403);
    // the list shows live grants, and with includeRevoked the revoked one; both steps are in the audit log
    const listed = await vb.app.inject({ url: '/api/grants', headers: admin.auth });
    assert.equal(listed.statusCode, 200, listed.body);
    const live = listed.json().items;
    assert.equal(live.some((x: { id: string }) => x.id === g.json().id), false);
    const all = (await vb.app.inject({ url: '/api/grants?includeRevoked=true', headers: admin.auth })).json().items;
    assert.equal(all.some((x: { id: string }) => x.id === g.json().id), true);
    const audit = (await vb.platform.db.execute(sql`SELECT action FROM audit_log WHERE entity_id = ${g.json().id} ORDER BY at`)) as unknown as { rows: { action: string }[] };
    assert.deepEqual(audit.rows.map((r) => r.action), ['grant.created', 'grant.revoked']);
  });

  it('a grant to an organisation reaches its members whose role may hold it, not the others', async () => {
    const org = await vb.services.users.createOrganisation(null, { name: `调解委员会-${kind}`, kind: 'mediation', regionCode: area.townships[1] });
    const member = await makeStaff(vb, 'operator', area.townships[1], { organisationId: org.id });
    const gridMember = await makeStaff(vb, 'grid_worker', area.villages[2], { organisationId: org.id });
    const outsider = await makeStaff(vb, 'operator', area.townships[1]);
    const g = await grant({ permission: 'ledger.read', organisationId: org.id, regionCode: area.townships[1], reason: '调解案件需要' });
    assert.equal(g.statusCode, 201, g.body);
    assert.equal((await read(member, area.villages[2])).statusCode, 200);
    assert.equal((await read(gridMember, area.villages[2])).statusCode, 403, 'a grid worker may not be granted it');
    assert.equal((await read(outsider, area.villages[2])).statusCode, 403);
    assert.equal((await read(member, area.villages[0])).statusCode, 403, 'outside the organisation\'s township');
  });

  it('bad grants are refused with a clear 4xx and nothing is written', async () => {
    const handler = await makeStaff(vb, 'handler', area.townships[0]);
    const gridWorker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const villageAdmin = await makeStaff(vb, 'admin', area.villages[0]);
    const before = await count();
    const cases: [Record<string, unknown>, number, string, TestUser?][] = [
      [{ permission: 'nothing.here', userId: handler.id, regionCode: area.villages[0], reason: '测试' }, 400, 'PERMISSION_UNKNOWN'],
      [{ permission: 'cases.read', userId: handler.id, regionCode: area.villages[0], reason: '测试' }, 400, 'GRANT_NOT_NEEDED'],
      [{ permission: 'ledger.read', regionCode: area.villages[0], reason: '测试' }, 400, 'GRANT_HOLDER'],
      [{ permission: 'ledger.read', userId: handler.id, organisationId: handler.id, regionCode: area.villages[0], reason: '测试' }, 400, 'GRANT_HOLDER'],
      [{ permission: 'ledger.read', userId: gridWorker.id, regionCode: area.villages[0], reason: '测试' }, 400, 'GRANT_NOT_ELIGIBLE'],
      [{ permission: 'ledger.read', userId: handler.id, regionCode: area.villages[2], reason: '测试' }, 400, 'GRANT_NOT_ELIGIBLE'], // outside the handler's township
      [{ permission: 'ledger.read', userId: '00000000-0000-4000-8000-000000000000', regionCode: area.villages[0], reason: '测试' }, 400, 'USER_NOT_FOUND'],
      [{ permission: 'ledger.read', userId: handler.id, regionCode: '999999999999', reason: '测试' }, 403, 'FORBIDDEN'],
      [{ permission: 'ledger.read', userId: handler.id, regionCode: area.villages[0], reason: ' ' }, 400, 'VALIDATION_FAILED'],
      [{ permission: 'ledger.read', userId: handler.id, regionCode: area.villages[0] }, 400, 'VALIDATION_FAILED'],
      [{ permission: 'ledger.read', userId: handler.id, regionCode: area.townships[0], reason: '测试' }, 403, 'FORBIDDEN', villageAdmin], // beyond the admin's village
      [{ permission: 'ledger.read', userId: handler.id, regionCode: area.villages[0], reason: '测试' }, 403, 'FORBIDDEN', handler], // not an administrator
    ];
    for (const [body, status, code, who] of cases) {
      const r = await grant(body, who);
      assert.equal(r.statusCode, status, `${JSON.stringify(body)}: ${r.body}`);
      assert.equal(r.json().error.code, code, r.body);
    }
    assert.equal(await count(), before);
    // the same grant twice: the second is a conflict
    assert.equal((await grant({ permission: 'ledger.read', userId: handler.id, regionCode: area.villages[1], reason: '测试' })).statusCode, 201);
    const twice = await grant({ permission: 'ledger.read', userId: handler.id, regionCode: area.villages[1], reason: '测试' });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error.code, 'GRANT_EXISTS');
    assert.equal(await count(), before + 1);
    const unknown = await vb.app.inject({ method: 'POST', url: '/api/grants/00000000-0000-4000-8000-000000000000/revoke', headers: admin.auth, payload: {} });
    assert.equal(unknown.statusCode, 404);
  });
});
