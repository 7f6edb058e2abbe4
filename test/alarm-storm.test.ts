/**
 * Alarms a command room can live with (issues 12 and 13): an alarm flapping around its thresholds raises
 * its case's severity at most once per episode and never its level; a noisy gauge field walking around
 * 汛限 opens at most one case per gauge and episode, and past the township's hourly limit one supervising
 * case instead of a flood.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import fc from 'fast-check';
import { allYearLevels, makeDevice, makeReservoir } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff, type Area } from './helpers/factories.ts';

/** A small deterministic generator (mulberry32), so a failing replay can be run again. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describeOnDatabases('alarm storms', ({ vb, kind }) => {
  let area: Area;
  let n = 0;
  before(async () => {
    area = await makeArea(vb);
  });

  /** A reservoir with one water-level gauge in a village; readings go straight to the rules (as ingest hands them on). */
  const gauge = async (village: string, point: [number, number], levels: { flood: number; design: number; check: number }) => {
    const name = `测试水库${++n}-${kind}`;
    const asset = await makeReservoir(vb, { village, at: point, name, levels: allYearLevels(levels) });
    const d = await makeDevice(vb, asset);
    const device = { id: d.id, assetId: asset.id, kind: 'water_level', minValue: null, maxValue: null };
    return { asset, device, send: (ts: number, level: number) => vb.services.alarms.onReadings(device, [{ key: 'level', ts, value: level }]) };
  };
  const episodesOf = (assetId: string) => vb.platform.database.raw<{ id: string; case_id: string; severity: string; grouped: boolean; opened_at: Date; cleared_at: Date | null }>(
    'SELECT id, case_id, severity, grouped, opened_at, cleared_at FROM alarm_episodes WHERE asset_id = $1 ORDER BY opened_at', [assetId]);

  it('an alarm flapping major ↔ critical (and down and up again) raises its case once per episode, never its level; the grid worker keeps it', async () => {
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    let run = 0;
    // levels relative to the thresholds: below 汛限, warning, major, critical
    const TIER = [110.8, 111.8, 114.5, 115.3];
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 10, maxLength: 60 }), async (tiers) => {
      const g = await gauge(area.villages[0], area.gridPoints[0], { flood: 111.5, design: 114.2, check: 115 });
      // each run on its own days, so the township's hourly storm limit is not what is tested here
      const t0 = Date.now() - 400 * 86_400_000 + run++ * 3 * 86_400_000;
      for (const [i, t] of tiers.entries()) await g.send(t0 + i * 10 * 60_000, TIER[t]);
      const eps = await episodesOf(g.asset.id);
      const cases = await vb.platform.database.raw<{ id: string; level: string; state: string; assignee_id: string | null; title: string }>(
        "SELECT id, level, state, assignee_id, title FROM cases WHERE source = 'sensor' AND title LIKE $1", [`${g.asset.name}%`]);
      // one case per episode, each at the village level, with its grid worker
      assert.equal(cases.length, eps.length);
      assert.deepEqual(new Set(eps.map((e) => e.case_id)), new Set(cases.map((c) => c.id)));
      for (const c of cases) assert.deepEqual([c.level, c.state, c.assignee_id], ['village', 'DISPATCHED', worker.id]);
      // a later episode only after the earlier cleared and the re-raise window (120 min) passed
      for (let i = 1; i < eps.length; i++) {
        const prev = eps[i - 1];
        assert.ok(prev.cleared_at && new Date(eps[i].opened_at).getTime() - new Date(prev.cleared_at).getTime() > 120 * 60_000, 'a new episode only after the window');
      }
      const tl = await vb.platform.database.raw<{ case_id: string; action: string }>(
        "SELECT case_id, action FROM case_timeline WHERE case_id = ANY($1::uuid[]) AND action IN ('escalate', 'severity_raised')", [cases.map((c) => c.id)]);
      assert.equal(tl.filter((t) => t.action === 'escalate').length, 0, 'never escalated by an alarm');
      for (const c of cases) assert.ok(tl.filter((t) => t.case_id === c.id).length <= 1, 'severity raised at most once (major → critical)');
      for (const [i, e] of eps.entries()) {
        const c = cases.find((x) => x.id === e.case_id)!;
        assert.equal(c.title.endsWith('危急告警'), e.severity === 'critical', `episode ${i}: the title follows the highest severity`);
      }
    }), { numRuns: 12, seed: 20261129 });
  });

  it('200 noisy gauges walking around 汛限 for four hours (±0.35 m a minute): at most one case per gauge and episode; past the hourly limit one supervising case', async () => {
    const GAUGES = 200;
    const MINUTES = 240;
    await makeStaff(vb, 'grid_worker', area.villages[2]);
    const room = await makeStaff(vb, 'operator', area.townships[1]);
    const gauges = [];
    for (let i = 0; i < GAUGES; i++) gauges.push(await gauge(area.villages[2 + (i % 2)], area.gridPoints[4 + (i % 2) * 2 + (Math.floor(i / 2) % 2)], { flood: 100, design: 103, check: 104 }));
    const random = rng(13);
    const t0 = Date.now() - MINUTES * 60_000;
    const x = gauges.map(() => 0);
    for (let m = 0; m < MINUTES; m++) {
      for (const [i, g] of gauges.entries()) {
        // a bounded walk: ±0.35 m a minute around 汛限, reflected at ±1 m
        x[i] += [-0.35, 0, 0.35][Math.floor(random() * 3)];
        if (Math.abs(x[i]) > 1) x[i] = Math.sign(x[i]) * 2 - x[i];
        await g.send(t0 + m * 60_000, 100 + x[i]);
      }
    }
    const alarms = await vb.platform.database.raw<{ severity: string; n: number }>(
      "SELECT e.severity, count(*)::int AS n FROM alarm_events e JOIN alarms a ON a.id = e.alarm_id WHERE a.asset_id = ANY($1::uuid[]) AND e.action IN ('raised', 'severity') GROUP BY 1", [gauges.map((g) => g.asset.id)]);
    const eps = await vb.platform.database.raw<{ asset_id: string; case_id: string; grouped: boolean; opened_at: Date; cleared_at: Date | null }>(
      'SELECT asset_id, case_id, grouped, opened_at, cleared_at FROM alarm_episodes WHERE asset_id = ANY($1::uuid[]) ORDER BY asset_id, opened_at', [gauges.map((g) => g.asset.id)]);
    const cases = await vb.platform.database.raw<{ id: string; level: string; source_ref: string }>(
      "SELECT id, level, source_ref FROM cases WHERE id IN (SELECT case_id FROM alarm_episodes WHERE asset_id = ANY($1::uuid[]))", [gauges.map((g) => g.asset.id)]);
    const own = eps.filter((e) => !e.grouped);
    const storm = cases.filter((c) => c.source_ref.startsWith('alarm-storm:'));
    console.log(`noisy gauges [${kind}]: alarm changes ${JSON.stringify(alarms)}, episodes ${eps.length} (${own.length} with their own case), cases ${cases.length} (${storm.length} supervising)`);
    // at most one episode per gauge within any re-raise window, and each episode one case (its own or the township's)
    const byGauge = new Map<string, typeof eps>();
    for (const e of eps) byGauge.set(e.asset_id, [...(byGauge.get(e.asset_id) ?? []), e]);
    for (const list of byGauge.values()) {
      for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].cleared_at && new Date(list[i].opened_at).getTime() - new Date(list[i - 1].cleared_at!).getTime() > 120 * 60_000);
    }
    assert.equal(new Set(own.map((e) => e.case_id)).size, own.length, 'an own case per episode');
    assert.equal(cases.length, own.length + storm.length, 'no other case');
    assert.ok(cases.length <= GAUGES, `${cases.length} cases for ${GAUGES} gauges`);
    // the storm guard: at most 10 own cases a township within any hour (device time), the rest in one supervising case
    const opened = own.map((e) => new Date(e.opened_at).getTime()).sort((a, b) => a - b);
    for (let i = 10; i < opened.length; i++) assert.ok(opened[i] - opened[i - 10] >= 3_600_000, 'at most 10 own cases an hour in the township');
    if (eps.length > own.length) assert.equal(storm.length >= 1, true);
    assert.ok(cases.every((c) => c.level === (c.source_ref.startsWith('alarm-storm:') ? 'township' : 'village')), 'no case climbed a level');
    await vb.platform.events.flush();
    const told = await vb.platform.database.raw<{ n: number }>("SELECT count(*)::int AS n FROM user_notifications WHERE user_id = $1 AND title LIKE '【告警集中】%'", [room.id]);
    assert.equal(told[0].n, storm.length, 'the command room is told once per supervising case');
  });
});
