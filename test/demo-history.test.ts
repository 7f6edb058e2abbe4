/**
 * The demo's history (issue 12 item 13): generated through the services from a seed, the same
 * district twice; KPIs over the period non-empty and plausible; every case's timeline replays to its
 * row; the village-life job adds readings and a report. A shorter history than the first start's year
 * (half a year, a fifth of the case rates) keeps the test quick; the code path is the same.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { computeKpis } from '../src/cases/kpis.ts';
import { evolve, INITIAL, type Entry } from '../src/cases/case-machine.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { loadConfig, SETTINGS_DOC } from '../src/platform/config.ts';
import { VillageLife } from '../src/demo/village-life.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { dbKinds } from './helpers/db.ts';

const NOW = new Date('2026-11-20T04:00:00Z');
const OPTIONS = { now: NOW, days: 180, scale: 0.2, seed: 42 };
const DISTRICT = '330802000000';

async function counts(vb: TestApp) {
  const [r] = await vb.platform.database.raw<Record<string, number>>(`
    SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_timeline)::int AS timeline,
           (SELECT count(*) FROM cases WHERE state IN ('CLOSED', 'RATED'))::int AS closed,
           (SELECT count(*) FROM cases WHERE rating = 'unsatisfied')::int AS unsatisfied,
           (SELECT count(*) FROM sensor_readings)::int AS readings, (SELECT count(*) FROM users)::int AS users`, []);
  return r;
}

for (const kind of dbKinds()) {
  describe(`demo history [${kind}]`, () => {
    let vb: TestApp;
    let again: TestApp;
    before(async () => {
      vb = await createTestApp(kind);
      await seedDemo(vb.platform, vb.services, { history: OPTIONS });
    });
    after(async () => {
      await vb?.destroy();
      await again?.destroy();
    });

    it('gives the same district from the same seed', async () => {
      again = await createTestApp(kind);
      await seedDemo(again.platform, again.services, { history: OPTIONS });
      const a = await counts(vb);
      const b = await counts(again);
      assert.deepEqual(a, b);
      assert.ok(a.cases > 100, `${a.cases} cases`);
      assert.ok(a.readings > 180 * 24 * 25, `${a.readings} readings`);
      const sources = await vb.platform.database.raw<{ source: string }>('SELECT DISTINCT source FROM cases', []);
      for (const s of ['resident', 'grid_worker', 'hotline', 'camera', 'tourist']) assert.ok(sources.some((x) => x.source === s), `a case from ${s}`);
      // nothing happened after "now", and no history event waits to be delivered (nobody is told of old news)
      const [late] = await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM case_timeline WHERE at > $1', [NOW.toISOString()]);
      assert.equal(late.n, 0);
      const [undelivered] = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM outbox_events WHERE delivered_at IS NULL AND type LIKE 'case.%'", []);
      assert.equal(undelivered.n, 0);
    });

    it('has plausible KPIs over the period: on time 70–99 %, some escalated, some 不满意', async () => {
      const [k] = await computeKpis(vb.platform.db, { scope: '330802', from: new Date(NOW.getTime() - 180 * 86_400_000), to: NOW, groupBy: 'none' });
      assert.ok(k.received > 100 && k.due > 50, JSON.stringify(k));
      assert.ok(k.onTimeRate! >= 70 && k.onTimeRate! <= 99, `on-time rate ${k.onTimeRate}`);
      assert.ok(k.ratings > 10 && k.satisfaction! > 70 && k.satisfaction! < 100, `satisfaction ${k.satisfaction}`);
      const [e] = await vb.platform.database.raw<{ escalated: number; district: number; unsatisfied: number }>(`
        SELECT count(*) FILTER (WHERE level <> 'village')::int AS escalated, count(*) FILTER (WHERE level = 'district')::int AS district,
               (SELECT count(*) FROM case_timeline WHERE action = 'rate' AND data->>'rating' = 'unsatisfied')::int AS unsatisfied FROM cases`, []);
      assert.ok(e.escalated > 0 && e.district > 0, JSON.stringify(e));
      assert.ok(e.unsatisfied > 0, 'someone was unhappy');
      const [times] = await vb.platform.database.raw<{ bad: number }>(
        'SELECT count(*)::int AS bad FROM cases WHERE reported_at > registered_at OR registered_at > closed_at OR reported_at > $1', [NOW.toISOString()]);
      assert.equal(times.bad, 0, 'times in order');
    });

    it('replays every case timeline to its state and level', async () => {
      const rows = await vb.platform.database.raw<{ case_id: string; action: string; from_state: string | null; to_state: string; level: string; actor_id: string | null; data: Record<string, unknown> }>(
        'SELECT case_id, action, from_state, to_state, level, actor_id, data FROM case_timeline ORDER BY id', []);
      const folded = new Map<string, typeof INITIAL>();
      for (const r of rows) {
        const e = { action: r.action, from: r.from_state, to: r.to_state, level: r.level, actorId: r.actor_id, data: r.data } as Entry;
        folded.set(r.case_id, evolve(folded.get(r.case_id) ?? INITIAL, e));
      }
      const cases = await vb.platform.database.raw<{ id: string; state: string; level: string }>('SELECT id, state, level FROM cases', []);
      assert.ok(cases.length > 0);
      for (const c of cases) {
        const s = folded.get(c.id)!;
        assert.equal(s.state, c.state, c.id);
        assert.equal(s.level, c.level, c.id);
      }
    });

    it('keeps the district moving: village life adds readings, heartbeats and a report', async () => {
      const before = await counts(vb);
      const life = new VillageLife(vb.platform, vb.services, { intervalMs: 50, reportsPerHour: 3_600_000 / 50, detectionsPerHour: 0, seed: 7 });
      for (let i = 0; i < 3; i++) await life.tick();
      await life.stop();
      const now = await counts(vb);
      assert.ok(now.readings >= before.readings + 3 * 25, `${now.readings - before.readings} new readings`);
      assert.ok(now.cases >= before.cases + 1, 'a report');
      const [cams] = await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM cameras WHERE last_heartbeat_at IS NOT NULL', []);
      assert.ok(cams.n >= 17, 'every demo camera beat');
    });
  });
}

describe('demo settings', () => {
  it('village life is on in development, off with DEMO_LIFE=false and always off in production; history can be turned off', () => {
    assert.equal(loadConfig({}).demoLife, true);
    assert.equal(loadConfig({}).demoHistory, true);
    assert.equal(loadConfig({ DEMO_LIFE: 'false' }).demoLife, false);
    assert.equal(loadConfig({ NODE_ENV: 'production', DEMO_LIFE: 'true' }).demoLife, false);
    assert.equal(loadConfig({ DEMO_HISTORY: 'false' }).demoHistory, false);
    for (const name of ['DEMO_LIFE', 'DEMO_HISTORY']) assert.ok(SETTINGS_DOC.some(([n]) => n === name), `${name} is documented`);
  });
});
