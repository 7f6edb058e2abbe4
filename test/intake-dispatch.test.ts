/**
 * 立案并派遣 (issue 12.4): one step registers and dispatches, with the default target computed from
 * the category's lead kind and the case's grid; "this grid's worker" without knowing her name; the
 * command room never a target; every bad input a clear 4xx with nothing written.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { OrganisationKind } from '../src/people/index.ts';
import { makeOrganisation } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff, type Area } from './helpers/factories.ts';

interface Targets {
  default: string | null;
  reason: string | null;
  leadKind: string | null;
  options: { key: string; kind: string; id: string; label: string; role: string; lead: boolean; send: Record<string, unknown> }[];
}

describeOnDatabases('intake: register and dispatch in one step', ({ vb }) => {
  async function setup() {
    const area: Area = await makeArea(vb);
    const org = (name: string, kind: OrganisationKind, regionCode: string) => makeOrganisation(vb, { kind, regionCode, name: `${name}${area.district}` });
    const room = await org('指挥室', 'command_room', area.townships[0]);
    const cleaning = await org('保洁公司', 'cleaning', area.townships[0]);
    const districtCleaning = await org('区保洁公司', 'cleaning', area.district);
    const enforcement = await org('执法中队', 'enforcement', area.townships[0]);
    const operator = await makeStaff(vb, 'operator', area.townships[0], { organisationId: room.id });
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const villager = await makeResident(vb, area.villages[0]);
    return { area, room, cleaning, districtCleaning, enforcement, operator, worker, villager };
  }

  /** A resident's report in grid i (grids 0–1 are in villages[0], which has a grid worker; 2–3 in villages[1], which has none). */
  async function report(villager: { auth: Record<string, string> }, area: Area, categoryCode: string, grid = 0) {
    const [lon, lat] = area.gridPoints[grid];
    const r = await vb.app.inject({ method: 'POST', url: '/api/cases', headers: villager.auth, payload: { title: '村口有问题', categoryCode, lon, lat } });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as { id: string; no: string };
  }
  const targets = (id: string, auth: Record<string, string>, category?: string) =>
    vb.app.inject({ url: `/api/cases/${id}/dispatch-targets${category ? `?category=${category}` : ''}`, headers: auth });
  const act = (id: string, auth: Record<string, string>, payload: Record<string, unknown>) =>
    vb.app.inject({ method: 'POST', url: `/api/cases/${id}/actions`, headers: auth, payload });
  /** What a refused request must leave untouched: the row's version and state, the timeline, the events. */
  async function footprint(id: string) {
    const [row] = (await vb.platform.db.execute(sql`SELECT version, state, assignee_id, assigned_org_id, category_code FROM cases WHERE id = ${id}`) as unknown as { rows: unknown[] }).rows;
    const [tl] = (await vb.platform.db.execute(sql`SELECT count(*)::int AS n FROM case_timeline WHERE case_id = ${id}`) as unknown as { rows: unknown[] }).rows;
    const [ev] = (await vb.platform.db.execute(sql`SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = ${id}`) as unknown as { rows: unknown[] }).rows;
    return { row, tl, ev };
  }

  it('the default target follows the category\'s lead kind: the grid worker, the nearest organisation, none for a question', async () => {
    const { area, room, cleaning, enforcement, operator, worker, villager } = await setup();
    const burning = await report(villager, area, '0107');
    const t1 = (await targets(burning.id, operator.auth)).json() as Targets;
    assert.equal(t1.leadKind, 'grid_worker');
    assert.equal(t1.default, 'grid');
    assert.deepEqual(t1.options[0], { key: 'grid', kind: 'grid_worker', id: worker.id, label: (await vb.services.users.namesOf([worker.id]))[worker.id], role: 'grid_worker', lead: true, send: { target: { gridWorkerOf: 'case' } } });
    assert.ok(!t1.options.some((o) => o.id === room.id || o.role === 'command_room'), 'the command room is never offered');
    assert.equal(t1.options.filter((o) => o.id === worker.id).length, 1, 'the grid worker once');

    const garbage = await report(villager, area, '0102');
    const t2 = (await targets(garbage.id, operator.auth)).json() as Targets;
    assert.equal(t2.default, `org:${cleaning.id}`, 'the township\'s cleaning company before the district\'s');
    assert.equal(t2.options[0].key, 'grid', 'the grid worker stays first in the list');
    assert.equal(t2.options[1].key, `org:${cleaning.id}`);
    assert.ok(t2.options.every((o) => o.role !== 'command_room'));
    // the category chosen while registering
    const t3 = (await targets(garbage.id, operator.auth, '0101')).json() as Targets;
    assert.equal(t3.default, `org:${enforcement.id}`);
    const t4 = (await targets(garbage.id, operator.auth, '1501')).json() as Targets;
    assert.equal(t4.default, null);
    assert.equal(t4.reason, 'QUESTION');
    // a category whose lead kind has no organisation here
    const t5 = (await targets(garbage.id, operator.auth, '1201')).json() as Targets;
    assert.equal(t5.default, null);
    assert.equal(t5.reason, 'NO_LEAD_ORGANISATION');
  });

  it('a grid worker of the grid itself comes before the village\'s; a grid without one has no default', async () => {
    const { area, operator, worker, villager } = await setup();
    const own = await makeStaff(vb, 'grid_worker', area.grids[1]);
    const inGrid1 = await report(villager, area, '0107', 1);
    const t = (await targets(inGrid1.id, operator.auth)).json() as Targets;
    assert.equal(t.options[0].id, own.id);
    assert.ok(t.options.some((o) => o.id === worker.id && o.kind === 'person'), 'the village\'s grid worker is still offered');
    const inGrid0 = await report(villager, area, '0107', 0);
    assert.equal(((await targets(inGrid0.id, operator.auth)).json() as Targets).options[0].id, worker.id, 'grid 1\'s worker does not serve grid 0');
    const elsewhere = await report(villager, area, '0107', 2);
    const none = (await targets(elsewhere.id, operator.auth)).json() as Targets;
    assert.equal(none.default, null);
    assert.equal(none.reason, 'NO_GRID_WORKER');
    assert.ok(!none.options.some((o) => o.kind === 'grid_worker'));
  });

  it('registers and dispatches to "this grid\'s worker" in one step: two timeline entries, both events, her task', async () => {
    const { area, operator, worker, villager } = await setup();
    const c = await report(villager, area, '0102');
    const r = await act(c.id, operator.auth, { action: 'register_dispatch', categoryCode: '0107', severity: 'urgent', target: { gridWorkerOf: 'case' } });
    assert.equal(r.statusCode, 200, r.body);
    const done = r.json();
    assert.equal(done.state, 'DISPATCHED');
    assert.equal(done.assigneeId, worker.id);
    assert.equal(done.categoryCode, '0107');
    assert.equal(done.severity, 'urgent');
    assert.ok(done.registeredAt && done.dispatchedAt && done.signDeadline);
    const full = (await vb.app.inject({ url: `/api/cases/${c.id}`, headers: operator.auth })).json();
    assert.deepEqual(full.timeline.map((t: { action: string }) => t.action), ['report', 'submit', 'register', 'dispatch']);
    assert.deepEqual(full.timeline.slice(2).map((t: { fromState: string; toState: string; actorId: string }) => [t.fromState, t.toState, t.actorId]),
      [['PENDING_ACCEPT', 'REGISTERED', operator.id], ['REGISTERED', 'DISPATCHED', operator.id]]);
    assert.equal(full.timeline[3].data.assigneeId, worker.id, 'the dispatch entry names her');
    const types = (await vb.platform.db.execute(sql`SELECT type FROM outbox_events WHERE aggregate_id = ${c.id} ORDER BY id`) as unknown as { rows: { type: string }[] }).rows.map((x) => x.type);
    assert.deepEqual(types, ['case.reported', 'case.registered', 'case.dispatched']);
    const mine = (await vb.app.inject({ url: '/api/cases?mine=true', headers: worker.auth })).json();
    assert.ok(mine.items.some((x: { id: string }) => x.id === c.id), 'in the grid worker\'s tasks');
    assert.deepEqual((await vb.app.inject({ url: `/api/cases/${c.id}`, headers: worker.auth })).json().allowedActions, ['sign', 'return', 'escalate']);
    // the resident reads plain steps, not the two staff actions
    const seen = (await vb.app.inject({ url: `/api/cases/${c.id}`, headers: villager.auth })).json();
    assert.equal(seen.state, 'DISPATCHED');
  });

  it('registers and dispatches to the default organisation; a plain dispatch takes "this grid\'s worker" too', async () => {
    const { area, cleaning, operator, worker, villager } = await setup();
    const c = await report(villager, area, '0102');
    const t = (await targets(c.id, operator.auth)).json() as Targets;
    const chosen = t.options.find((o) => o.key === t.default)!;
    const r = await act(c.id, operator.auth, { action: 'register_dispatch', ...chosen.send });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().assignedOrgId, cleaning.id);
    const d = await report(villager, area, '0107');
    assert.equal((await act(d.id, operator.auth, { action: 'register' })).statusCode, 200);
    const sent = await act(d.id, operator.auth, { action: 'dispatch', target: { gridWorkerOf: 'case' } });
    assert.equal(sent.statusCode, 200, sent.body);
    assert.equal(sent.json().assigneeId, worker.id);
  });

  it('two operators at once: one registers and dispatches, the other gets 409; one register and one dispatch entry', async () => {
    const { area, operator, room, villager } = await setup();
    const second = await makeStaff(vb, 'shift_lead', area.townships[0], { organisationId: room.id });
    const c = await report(villager, area, '0107');
    const results = await Promise.all([operator, second].map((who) => act(c.id, who.auth, { action: 'register_dispatch', target: { gridWorkerOf: 'case' } })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409], results.map((r) => r.body).join('\n'));
    const steps = (await vb.platform.db.execute(sql`SELECT action FROM case_timeline WHERE case_id = ${c.id} ORDER BY id`) as unknown as { rows: { action: string }[] }).rows.map((r) => r.action);
    assert.deepEqual(steps, ['report', 'submit', 'register', 'dispatch']);
  });

  it('bad inputs are a clear 4xx and write nothing', async () => {
    const { area, room, operator, worker, villager } = await setup();
    const c = await report(villager, area, '0107');
    const noWorker = await report(villager, area, '0107', 2);
    const outsider = await makeStaff(vb, 'grid_worker', area.villages[2]);
    const otherRoom = await makeStaff(vb, 'operator', area.townships[1]);
    const cases: [string, { id: string }, Record<string, string>, Record<string, unknown>, number, string][] = [
      ['the grid has no worker', noWorker, operator.auth, { action: 'register_dispatch', target: { gridWorkerOf: 'case' } }, 422, 'GRID_HAS_NO_WORKER'],
      ['the command room as the target', c, operator.auth, { action: 'register_dispatch', assignedOrgId: room.id }, 400, 'DISPATCH_TO_COMMAND_ROOM'],
      ['the command room as a co-handler', c, operator.auth, { action: 'register_dispatch', target: { gridWorkerOf: 'case' }, coHandlers: [{ orgId: room.id }] }, 400, 'DISPATCH_TO_COMMAND_ROOM'],
      ['no target', c, operator.auth, { action: 'register_dispatch' }, 400, 'VALIDATION_FAILED'],
      ['a target and an assignee', c, operator.auth, { action: 'register_dispatch', target: { gridWorkerOf: 'case' }, assigneeId: worker.id }, 400, 'VALIDATION_FAILED'],
      ['an unknown target', c, operator.auth, { action: 'register_dispatch', target: { gridWorkerOf: 'village' } }, 400, 'VALIDATION_FAILED'],
      ['a field of another action', c, operator.auth, { action: 'register_dispatch', target: { gridWorkerOf: 'case' }, level: 'township' }, 400, 'VALIDATION_FAILED'],
      ['an unknown category', c, operator.auth, { action: 'register_dispatch', categoryCode: '9999', target: { gridWorkerOf: 'case' } }, 400, 'CATEGORY_UNKNOWN'],
      ['a deadline in the past', c, operator.auth, { action: 'register_dispatch', deadline: '2020-01-01T00:00:00Z', target: { gridWorkerOf: 'case' } }, 400, 'DEADLINE_IN_PAST'],
      ['a person from another village', c, operator.auth, { action: 'register_dispatch', assigneeId: outsider.id }, 400, 'ASSIGNEE_NOT_IN_REGION'],
      ['by a grid worker', c, worker.auth, { action: 'register_dispatch', target: { gridWorkerOf: 'case' } }, 403, 'FORBIDDEN'],
      ['by another township\'s command room', c, otherRoom.auth, { action: 'register_dispatch', target: { gridWorkerOf: 'case' } }, 404, 'CASE_NOT_FOUND'],
    ];
    for (const [what, target, auth, body, status, code] of cases) {
      const before = await footprint(target.id);
      const r = await act(target.id, auth, body);
      assert.equal(r.statusCode, status, `${what}: ${r.body}`);
      assert.equal(r.json().error.code, code, what);
      assert.deepEqual(await footprint(target.id), before, `${what}: nothing written`);
    }
    // a case without a category cannot be registered
    const [lon, lat] = area.gridPoints[0];
    const bare = (await vb.app.inject({ method: 'POST', url: '/api/cases', headers: villager.auth, payload: { title: '有点问题', lon, lat } })).json();
    const before = await footprint(bare.id);
    const r = await act(bare.id, operator.auth, { action: 'register_dispatch', target: { gridWorkerOf: 'case' } });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().error.code, 'CATEGORY_REQUIRED');
    assert.deepEqual(await footprint(bare.id), before);
    assert.equal(((await targets(bare.id, operator.auth)).json() as Targets).reason, 'CATEGORY_REQUIRED');
    // once registered, the one step is no longer possible (409 naming what is)
    assert.equal((await act(c.id, operator.auth, { action: 'register' })).statusCode, 200);
    const late = await act(c.id, operator.auth, { action: 'register_dispatch', target: { gridWorkerOf: 'case' } });
    assert.equal(late.statusCode, 409);
    assert.ok(late.json().error.details.allowed.includes('dispatch'));
    // the plain dispatch refuses the command room too
    const toRoom = await act(c.id, operator.auth, { action: 'dispatch', assignedOrgId: room.id });
    assert.equal(toRoom.statusCode, 400);
    assert.equal(toRoom.json().error.code, 'DISPATCH_TO_COMMAND_ROOM');
  });

  it('dispatch targets: the command room only (403 for others in the area, 404 outside it, 400 for an unknown category)', async () => {
    const { area, operator, worker, villager } = await setup();
    const c = await report(villager, area, '0107');
    assert.equal((await targets(c.id, worker.auth)).statusCode, 403);
    assert.equal((await targets(c.id, villager.auth)).statusCode, 403, 'residents lack cases.read');
    const otherRoom = await makeStaff(vb, 'operator', area.townships[1]);
    assert.equal((await targets(c.id, otherRoom.auth)).statusCode, 404);
    const bad = await targets(c.id, operator.auth, '9999');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'CATEGORY_UNKNOWN');
    assert.equal((await targets(c.id, operator.auth, 'x')).statusCode, 400);
    assert.equal((await vb.app.inject({ url: `/api/cases/${c.id}/dispatch-targets?extra=1`, headers: operator.auth })).statusCode, 400);
    assert.equal((await vb.app.inject({ url: `/api/cases/${c.id}/dispatch-targets` })).statusCode, 401);
  });
});
