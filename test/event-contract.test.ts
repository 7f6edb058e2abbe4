/**
 * The event contract (issue 14 #2): every `case.*` event carries the same payload whichever path wrote
 * it — the service's transitions (JavaScript, casePayload), a report through the group-committed
 * reports path (SQL in insertReports), the clock sweeper (SQL), a source opening and noting its case
 * (from-source.ts) and "me too" (followers.ts). Consumers (notify, cameras, the residents' live stream)
 * read these fields without casts, so a field missing from one path (the sweeper's `case.escalated`
 * once lacked reporterId, assigneeId, severity and source) would be a silent bug.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { sweepOnce } from '../src/cases/index.ts';
import { cases as casesTable } from '../src/cases/cases.schema.ts';
import { makeCase } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff } from './helpers/factories.ts';

/** CasePayload (src/cases/case.events.ts), spelled out: the contract the consumers rely on. */
const BASE = ['caseId', 'no', 'title', 'categoryCode', 'severity', 'source', 'regionCode', 'villageCode', 'level', 'supervision',
  'reporterId', 'assigneeId', 'assignedOrgId', 'deadline', 'reportedAt', 'rating', 'closedAt', 'ratedAt', 'state', 'from', 'action', 'actorId'].sort();

/** The events that carry more than the common payload, and what. */
const EXTRA: Record<string, string[]> = { 'case.me_too': ['reportCount', 'userId'], 'case.noted': ['note'], 'case.severity_raised': ['note'] };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describeOnDatabases('event contract: every case.* payload, every path', ({ vb, kind }) => {
  it('the service, the reports path, the sweeper, a source and "me too" write the same fields', async () => {
    const area = await makeArea(vb);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const gw = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const resident = await makeResident(vb, area.villages[0]);
    const other = await makeResident(vb, area.villages[0]);
    const opActor = await vb.services.users.actorOf(op.id);
    const gwActor = await vb.services.users.actorOf(gw.id);
    const [lon, lat] = area.gridPoints[0];
    const ids: string[] = [];

    // the reports path (group commit, insertReports' SQL), then transitions in JavaScript, one of them a manual escalation
    const manual = await makeCase(vb, resident, { at: [lon, lat], title: '路灯不亮', categoryCode: '0201', source: 'resident' });
    ids.push(manual.id);
    await vb.services.cases.act(opActor, manual.id, { action: 'register' });
    await vb.services.cases.act(opActor, manual.id, { action: 'escalate', reason: '村里协调不了' });

    // "me too" on a resident's case
    const shared = await makeCase(vb, resident, { at: [lon, lat], title: '垃圾堆在路口', categoryCode: '0102', source: 'resident' });
    ids.push(shared.id);
    const joined = await vb.app.inject({ method: 'POST', url: `/api/cases/${shared.id}/me-too`, headers: other.auth, payload: { lon, lat, categoryCode: '0102' } });
    assert.equal(joined.statusCode, 200, joined.body);

    // the sweeper: an unsigned auto-escalating case climbs (case.escalated), an ordinary late one gets 催办 then 督办
    const burning = await makeCase(vb, gw, { at: [lon, lat], title: '焚烧秸秆', categoryCode: '0107', source: 'grid_worker' });
    const late = await makeCase(vb, gw, { at: [lon, lat], title: '占道经营', categoryCode: '0201', source: 'grid_worker' });
    ids.push(burning.id, late.id);
    for (const c of [burning, late]) {
      await vb.services.cases.act(opActor, c.id, { action: 'register' });
      await vb.services.cases.act(opActor, c.id, { action: 'dispatch', assigneeId: gw.id });
    }
    await vb.services.cases.act(gwActor, late.id, { action: 'sign' });
    await vb.platform.db.update(casesTable).set({ signDeadline: sql`now() - interval '1 minute'` }).where(eq(casesTable.id, burning.id));
    await vb.platform.db.update(casesTable).set({ deadline: sql`now() - interval '1 minute'` }).where(eq(casesTable.id, late.id));
    const swept = await sweepOnce(vb.platform);
    assert.ok(swept.escalated >= 1 && swept.urged >= 1, JSON.stringify(swept));
    await vb.platform.db.update(casesTable).set({ overdueAt: sql`now() - interval '25 hours'` }).where(eq(casesTable.id, late.id));
    assert.ok((await sweepOnce(vb.platform)).supervised >= 1);

    // a source opens its case (report, register, dispatch in TypeScript) and notes on it
    const opened = await vb.services.sourceCases.open({
      source: 'sensor', sourceRef: `contract:${kind}`, title: '测试水库水位重大告警', description: '水位 114.4 m', categoryCode: '1202', severity: 'urgent',
      lon, lat, register: {}, dispatch: { assigneeId: gw.id },
    });
    ids.push(opened.case.id);
    await vb.platform.tx((tx) => vb.services.sourceCases.note(tx, opened.case.id, { action: 'alarm_grouped', note: '同一水库又一告警', event: 'case.noted' }));
    await vb.platform.tx((tx) => vb.services.sourceCases.note(tx, opened.case.id, { action: 'alarm_worse', note: '水位继续上涨', set: { severity: 'urgent' }, event: 'case.severity_raised' }));

    const rows = await vb.platform.database.raw<{ type: string; payload: Record<string, unknown> }>(
      "SELECT type, payload FROM outbox_events WHERE type LIKE 'case.%' AND aggregate_id = ANY($1::text[]) ORDER BY id", [ids]);
    const types = new Set(rows.map((r) => r.type));
    // every path ran: both writers of case.reported and of case.escalated, and the rest
    for (const t of ['case.reported', 'case.registered', 'case.dispatched', 'case.signed', 'case.escalated', 'case.overdue', 'case.supervised',
      'case.me_too', 'case.noted', 'case.severity_raised']) assert.ok(types.has(t), `${t} was written`);
    const actions = (t: string) => new Set(rows.filter((r) => r.type === t).map((r) => r.payload.action));
    assert.deepEqual(actions('case.escalated'), new Set(['escalate']), 'escalations by hand and by the sweeper');
    assert.equal(rows.filter((r) => r.type === 'case.escalated').length, 2);
    assert.equal(rows.filter((r) => r.type === 'case.reported').length, 5, 'four through the reports path, one from the source');

    // the contract: each type's key set is the common payload plus its own extras, on every row
    const jsonType = (v: unknown) => (v === null ? 'null' : typeof v);
    const typeOf = new Map<string, Set<string>>();
    for (const r of rows) {
      const keys = Object.keys(r.payload).sort();
      assert.deepEqual(keys, [...BASE, ...(EXTRA[r.type] ?? [])].sort(), `${r.type} (${r.payload.action}) carries the case payload`);
      for (const k of ['deadline', 'reportedAt']) if (r.payload[k] !== null) assert.match(String(r.payload[k]), ISO, `${r.type}.${k} is ISO 8601 UTC`);
      for (const k of BASE) {
        const t = jsonType(r.payload[k]);
        if (t === 'null') continue;
        const seen = typeOf.get(k) ?? new Set();
        seen.add(t);
        typeOf.set(k, seen);
      }
    }
    for (const [k, seen] of typeOf) assert.equal(seen.size, 1, `${k} has one JSON type on every path (${[...seen].join(', ')})`);
    // the drift the contract exists for: the sweeper's escalation names the reporter, the severity and the source
    const byHand = rows.find((r) => r.type === 'case.escalated' && r.payload.caseId === manual.id)!;
    const bySweeper = rows.find((r) => r.type === 'case.escalated' && r.payload.caseId === burning.id)!;
    assert.equal(byHand.payload.reporterId, resident.id);
    assert.equal(bySweeper.payload.reporterId, gw.id);
    assert.deepEqual([bySweeper.payload.severity, bySweeper.payload.source, bySweeper.payload.actorId], [burning.severity, 'grid_worker', null]);
  });
});
