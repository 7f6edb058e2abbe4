import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'drizzle-orm';
import { makeCase } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff } from './helpers/factories.ts';

describeOnDatabases('case KPIs', ({ vb }) => {
  it('replays the seed\'s "两难" figures: 119 cases held at the district, 105 closed on time = 88.2 %', async () => {
    const area = await makeArea(vb);
    const leader = await makeStaff(vb, 'leader', area.district);
    // 119 district-level cases due in March: 105 closed by their deadline, 9 closed late, 5 still open,
    // plus 3 suspended (缓办) cases that must not count
    const monthStart = '2026-03-01T00:00:00+08:00';
    await vb.platform.db.execute(sql`
        INSERT INTO cases (no, title, category_code, state, level, source, region_code, village_code, lon, lat,
                           reported_at, signed_at, deadline, feedback_at, closed_at, closed_on_time, rework_count)
        SELECT 'K' || ${area.district.slice(0, 6)} || lpad(i::text, 6, '0'), '两难问题 ' || i, '1301',
               CASE WHEN i <= 114 THEN 'CLOSED' WHEN i <= 119 THEN 'PROCESSING' ELSE 'SUSPENDED' END, 'district', 'hotline',
               ${area.grids[0]}, ${area.villages[0]}, 110, 30,
               ${monthStart}::timestamptz + make_interval(hours => i), ${monthStart}::timestamptz + make_interval(hours => i + 1),
               ${monthStart}::timestamptz + make_interval(days => 5, hours => i),
               CASE WHEN i <= 105 THEN ${monthStart}::timestamptz + make_interval(days => 4, hours => i)
                    WHEN i <= 114 THEN ${monthStart}::timestamptz + make_interval(days => 6, hours => i) END,
               CASE WHEN i <= 105 THEN ${monthStart}::timestamptz + make_interval(days => 4, hours => i + 2)
                    WHEN i <= 114 THEN ${monthStart}::timestamptz + make_interval(days => 6, hours => i + 2) END,
               CASE WHEN i <= 105 THEN true WHEN i <= 114 THEN false END,
               CASE WHEN i <= 10 THEN 1 ELSE 0 END
          FROM generate_series(1, 122) AS i`);
    const res = await vb.app.inject({ url: `/api/kpis?region=${area.district}&from=2026-03-01T00:00:00%2B08:00&to=2026-04-01T00:00:00%2B08:00&groupBy=level`, headers: leader.auth });
    assert.equal(res.statusCode, 200, res.body);
    const district = res.json().items.find((r: { group: string }) => r.group === 'district');
    assert.equal(district.due, 119, 'suspended cases are out of the denominator');
    assert.equal(district.closedOnTime, 105);
    assert.equal(district.onTimeRate, 88.2);
    assert.equal(district.closed, 114);
    assert.equal(district.closeRate, 95.8);
    assert.equal(district.overdueOpen, 5);
    assert.equal(district.received, 122);
    assert.deepEqual(district.bySource, { hotline: 122 });
    // 105 handled in 4 d 2 h, 9 in 6 d 2 h: P90 is the common value, the late ones pull the mean up
    assert.equal(district.p90HandlingMinutes, 5880);
    // 10 of the 114 closed cases were sent back once: 10 reworks of 124 feedbacks
    assert.equal(district.reworks, 10);
    assert.equal(district.reworkRate, 8.1);
    assert.equal(district.meanHandlingMinutes, Math.round(((105 * 5880 + 9 * 8760) / 114) * 10) / 10);
  });

  it('measures the first response to a question from real transitions; other regions are refused', async () => {
    const area = await makeArea(vb);
    const op = await vb.services.users.actorOf((await makeStaff(vb, 'operator', area.townships[0])).id);
    const gw = await vb.services.users.actorOf((await makeStaff(vb, 'grid_worker', area.villages[0])).id);
    const [lon, lat] = area.gridPoints[0];
    const q = await makeCase(vb, gw, { at: [lon, lat], title: '哪里可以买到点钻画？', categoryCode: '1501', source: 'hotline' });
    await vb.services.cases.act(op, q.id, { action: 'register' });
    const from = new Date(Date.now() - 3600_000);
    const to = new Date(Date.now() + 3600_000);
    const [k] = await vb.services.cases.kpis(op, { regionCode: area.townships[0], from, to, groupBy: 'none' });
    assert.equal(k.received, 1);
    assert.ok(k.firstResponseMinutes !== null && k.firstResponseMinutes < 1, 'answered within a minute');
    const outsider = await makeStaff(vb, 'leader', area.townships[1]);
    const denied = await vb.app.inject({ url: `/api/kpis?region=${area.townships[0]}&from=${from.toISOString()}&to=${to.toISOString()}`, headers: outsider.auth });
    assert.equal(denied.statusCode, 403);
  });
});
