/**
 * 雨情 in the big screen's title bar (issue 18: "title bar with date, time and weather"): the area's rain
 * gauges summed over the last hour and the last 24 hours — the mean of the gauges that reported and the
 * wettest one; gauges of another area and rain older than a day do not count; an area without gauges
 * says so. Also: a gauge that sends its kind's name as the key (`{"water_level": …}`, `{"rainfall": …}`,
 * as the demo's village life did) shows its latest value on the monitoring page like one that sends the
 * documented key.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { makeDevice, makeReservoir } from './builders/index.ts';
import type { TestApp } from './helpers/app.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff } from './helpers/factories.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

async function send(vb: TestApp, token: string, ts: number, values: Record<string, number>) {
  const r = await vb.app.inject({ method: 'POST', url: `/api/v1/${token}/telemetry`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ ts, values }) });
  assert.equal(r.statusCode, 200, r.body);
}

describeOnDatabases('雨情 on the big screen', ({ vb }) => {
  it('sums each gauge\'s rain over the last hour and day, shows the mean and the wettest gauge, and counts only the area\'s gauges', async () => {
    const area = await makeArea(vb);
    const elsewhere = await makeArea(vb);
    const leader = await makeStaff(vb, 'leader', area.district);
    const now = Date.now();
    const upper = await makeReservoir(vb, { village: area.villages[0], at: area.gridPoints[0], name: `上游水库-${process.pid}-${now}` });
    const lower = await makeReservoir(vb, { village: area.villages[1], at: area.gridPoints[2], name: `下游水库-${process.pid}-${now}` });
    const far = await makeReservoir(vb, { village: elsewhere.villages[0], at: elsewhere.gridPoints[0] });
    const g1 = await makeDevice(vb, upper, { kind: 'rainfall' });
    const g2 = await makeDevice(vb, lower, { kind: 'rainfall' });
    const g3 = await makeDevice(vb, far, { kind: 'rainfall' });
    await send(vb, g1.token, now - 30 * MIN, { rain: 2 });
    await send(vb, g1.token, now - 5 * HOUR, { rain: 3 });
    await send(vb, g1.token, now - 30 * HOUR, { rain: 50 }); // yesterday's storm: not in the window
    await send(vb, g2.token, now - 10 * HOUR, { rainfall: 1 }); // the kind's name as the key
    await send(vb, g3.token, now - 10 * MIN, { rain: 99 }); // another district

    const view = (await vb.app.inject({ url: `/api/screen/${area.district}`, headers: leader.auth })).json();
    assert.equal(view.rain.intervalSec > 0, true);
    assert.deepEqual(view.rain.summary, {
      gauges: 2, reporting: 2,
      lastHour: { mean: 1, max: 2, wettest: upper.name },
      last24h: { mean: 3, max: 5, wettest: upper.name },
      newestReading: new Date(now - 30 * MIN).toISOString(),
    });
    const village = (await vb.app.inject({ url: `/api/screen/${area.villages[1]}`, headers: leader.auth })).json();
    assert.deepEqual(village.rain.summary.lastHour, { mean: 0, max: 0, wettest: null }, 'no rain in the last hour there');
    assert.deepEqual(village.rain.summary.last24h, { mean: 1, max: 1, wettest: lower.name });
    const dry = (await vb.app.inject({ url: `/api/screen/${area.villages[2]}`, headers: leader.auth })).json();
    assert.deepEqual(dry.rain.summary, { gauges: 0, reporting: 0, lastHour: { mean: null, max: null, wettest: null }, last24h: { mean: null, max: null, wettest: null }, newestReading: null });
  });

  it('a gauge silent for a day counts as not reporting, not as a dry one', async () => {
    const area = await makeArea(vb);
    const leader = await makeStaff(vb, 'leader', area.district);
    const r = await makeReservoir(vb, { village: area.villages[0], at: area.gridPoints[0] });
    const g = await makeDevice(vb, r, { kind: 'rainfall' });
    await send(vb, g.token, Date.now() - 26 * HOUR, { rain: 4 });
    const view = (await vb.app.inject({ url: `/api/screen/${area.district}`, headers: leader.auth })).json();
    assert.equal(view.rain.summary.gauges, 1);
    assert.equal(view.rain.summary.reporting, 0);
    assert.equal(view.rain.summary.last24h.max, null);
  });

  it('the monitoring page shows the latest value of a gauge that sends its kind\'s name as the key', async () => {
    const area = await makeArea(vb);
    const operator = await makeStaff(vb, 'operator', area.district);
    const r = await makeReservoir(vb, { village: area.villages[0], at: area.gridPoints[0] });
    const level = await makeDevice(vb, r);
    const rain = await makeDevice(vb, r, { kind: 'rainfall' });
    const now = Date.now();
    await send(vb, level.token, now - 2 * MIN, { level: 100.5 });
    await send(vb, level.token, now - MIN, { water_level: 101.25 }); // newer, under the other key
    await send(vb, rain.token, now - MIN, { rainfall: 0.4 });
    const items = (await vb.app.inject({ url: '/api/sensors/assets', headers: operator.auth })).json().items as { name: string; devices: { kind: string; value: number | null }[] }[];
    const mine = items.find((a) => a.name === r.name)!;
    assert.equal(mine.devices.find((d) => d.kind === 'water_level')?.value, 101.25);
    assert.equal(mine.devices.find((d) => d.kind === 'rainfall')?.value, 0.4);
  });
});
