import assert from 'node:assert/strict';
import { it } from 'node:test';
import { makeCase } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff } from './helpers/factories.ts';

describeOnDatabases('categories and calendar administration', ({ vb, kind }) => {
  it('an admin changes a time limit and the next signature uses it; others may not', async () => {
    const area = await makeArea(vb);
    const admin = await makeStaff(vb, 'admin', area.district);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const denied = await vb.app.inject({ method: 'PATCH', url: '/api/case-categories/1401', headers: op.auth, payload: { limitValue: 2 } });
    assert.equal(denied.statusCode, 403);
    const r = await vb.app.inject({ method: 'PATCH', url: '/api/case-categories/1401', headers: admin.auth, payload: { limitValue: 90, limitUnit: 'minutes' } });
    assert.equal(r.statusCode, 200, r.body);
    const gw = await vb.services.users.actorOf((await makeStaff(vb, 'grid_worker', area.villages[0])).id);
    const c = await makeCase(vb, gw, { at: area.gridPoints[0], title: '景区拉客', categoryCode: '1401', source: 'grid_worker', dispatch: { by: op, to: gw } });
    const signed = await vb.services.cases.act(gw, c.id, { action: 'sign' });
    assert.ok(Math.abs(new Date(signed.deadline!).getTime() - (Date.now() + 90 * 60_000)) < 60_000, 'the new 90-minute limit');
  });

  it('bad units, unknown categories and sources are refused naming the field; duplicates are 409', async () => {
    const area = await makeArea(vb);
    const admin = await makeStaff(vb, 'admin', area.district);
    const unit = await vb.app.inject({ method: 'PATCH', url: '/api/case-categories/0102', headers: admin.auth, payload: { limitUnit: 'fortnights' } });
    assert.equal(unit.statusCode, 400);
    assert.equal(unit.json().error.details.field, 'limitUnit');
    const missing = await vb.app.inject({ method: 'PATCH', url: '/api/case-categories/9999', headers: admin.auth, payload: { duplicateRadiusM: 30 } });
    assert.equal(missing.statusCode, 404);
    const body = { name: '河道漂浮物', nameEn: 'Floating debris', leadKind: 'cleaning', limitValue: 1, limitUnit: 'working_days', urgentLimitValue: 4, urgentLimitUnit: 'working_hours', sources: ['camera', 'grid_worker'] };
    assert.equal((await vb.app.inject({ method: 'POST', url: '/api/case-categories/0110', headers: admin.auth, payload: body })).statusCode, 201);
    assert.equal((await vb.app.inject({ method: 'POST', url: '/api/case-categories/0110', headers: admin.auth, payload: body })).statusCode, 409);
    const src = await vb.app.inject({ method: 'POST', url: '/api/case-categories/0111', headers: admin.auth, payload: { ...body, sources: ['pigeon'] } });
    assert.equal(src.statusCode, 400);
    const list = (await vb.app.inject({ url: '/api/case-categories' })).json().items.map((k: { code: string }) => k.code);
    assert.ok(list.includes('0110') && !list.includes('0111'));
  });

  it('a calendar override (flood-season duty on a Saturday) changes working-day deadlines', async () => {
    const area = await makeArea(vb);
    const admin = await makeStaff(vb, 'admin', area.district);
    const cal = () => vb.services.cases.businessCalendar;
    assert.equal(cal().isWorkingDay('2027-07-03'), false, 'a Saturday');
    const set = await vb.app.inject({ method: 'PUT', url: '/api/calendar/overrides/2027-07-03', headers: admin.auth, payload: { working: true, note: '防汛值班' } });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(cal().isWorkingDay('2027-07-03'), true);
    const bad = await vb.app.inject({ method: 'PUT', url: '/api/calendar/overrides/2027-13-40', headers: admin.auth, payload: { working: true } });
    assert.equal(bad.statusCode, 400);
    // not a calendar date (Date would roll it over to 2 March); 2028-02-29 is one
    const feb30 = await vb.app.inject({ method: 'PUT', url: '/api/calendar/overrides/2031-02-30', headers: admin.auth, payload: { working: true } });
    assert.equal(feb30.statusCode, 400, feb30.body);
    assert.equal(feb30.json().error.details.field, 'date');
    await assert.rejects(vb.services.cases.admin.setOverride(await vb.services.users.actorOf(admin.id), '2031-02-30', true, null), /YYYY-MM-DD/);
    assert.ok(!(await vb.services.cases.admin.listOverrides()).some((o) => o.date.startsWith('2031-0')), 'nothing stored');
    assert.equal((await vb.app.inject({ method: 'PUT', url: '/api/calendar/overrides/2028-02-29', headers: admin.auth, payload: { working: false } })).statusCode, 200);
    await vb.app.inject({ method: 'DELETE', url: '/api/calendar/overrides/2028-02-29', headers: admin.auth });
    assert.equal((await vb.app.inject({ method: 'DELETE', url: '/api/calendar/overrides/2027-07-03', headers: admin.auth })).statusCode, 200);
    assert.equal(cal().isWorkingDay('2027-07-03'), false);
  });

  it('vendor event codes: list, map, remap and remove; bad categories and other roles refused', async () => {
    const area = await makeArea(vb);
    const admin = await makeStaff(vb, 'admin', area.district);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const seeded = (await vb.app.inject({ url: '/api/vendor-codes', headers: op.auth })).json().items;
    assert.ok(seeded.some((v: { vendor: string; eventCode: string; categoryCode: string }) => v.vendor === 'dahua' && v.eventCode === '895'), 'seeded Dahua codes');
    const url = '/api/vendor-codes/Hikvision/fishing';
    assert.equal((await vb.app.inject({ method: 'PUT', url, headers: op.auth, payload: { categoryCode: '1203' } })).statusCode, 403);
    const bad = await vb.app.inject({ method: 'PUT', url, headers: admin.auth, payload: { categoryCode: '9999' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details.field, 'categoryCode');
    const set = await vb.app.inject({ method: 'PUT', url, headers: admin.auth, payload: { categoryCode: '1203', description: '水库边垂钓' } });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().vendor, 'hikvision');
    await vb.app.inject({ method: 'PUT', url, headers: admin.auth, payload: { categoryCode: '0107' } });
    const after = (await vb.app.inject({ url: '/api/vendor-codes', headers: op.auth })).json().items.filter((v: { vendor: string; eventCode: string }) => v.vendor === 'hikvision' && v.eventCode === 'fishing');
    assert.deepEqual(after.map((v: { categoryCode: string }) => v.categoryCode), ['0107'], 'remapped, not duplicated');
    assert.equal((await vb.app.inject({ method: 'DELETE', url, headers: admin.auth })).statusCode, 200);
    assert.equal((await vb.app.inject({ method: 'DELETE', url, headers: admin.auth })).statusCode, 404);
  });

  if (kind === 'postgres') {
    it('another server process on the same database picks up an edit without a restart', async () => {
      const { buildApp } = await import('../src/app.ts');
      const { openDatabase } = await import('../src/platform/db/index.ts');
      const { createLogger } = await import('../src/platform/logger.ts');
      const { testConfig } = await import('./helpers/app.ts');
      const database = await openDatabase({ databaseUrl: vb.testDb.url!, pgliteDir: null });
      const second = await buildApp(testConfig(), { database, logger: createLogger('silent', { pretty: false }) });
      try {
        const area = await makeArea(vb);
        const admin = await makeStaff(vb, 'admin', area.district);
        const radius = async () => (await second.services.cases.categories()).find((k) => k.code === '0102')!.duplicateRadiusM;
        const cached = async () => {
          // the second process's in-memory copy, as a transition would see it
          await (second.services.cases as unknown as { category(c: string): Promise<unknown> }).category('0102');
          return ((second.services.cases as unknown as { categoryCache: Map<string, { duplicateRadiusM: number }> }).categoryCache.get('0102'))!.duplicateRadiusM;
        };
        const before = await cached();
        const r = await vb.app.inject({ method: 'PATCH', url: '/api/case-categories/0102', headers: admin.auth, payload: { duplicateRadiusM: before + 7 } });
        assert.equal(r.statusCode, 200, r.body);
        assert.equal(await radius(), before + 7, 'in the database');
        const deadline = Date.now() + 10_000;
        while ((await cached()) !== before + 7 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
        assert.equal(await cached(), before + 7, 'the other process reloaded its categories');
      } finally {
        await second.close();
      }
    });
  }
});
