/**
 * The seed's storm on 杨家源水库 in Chromium: the demo's level gauge (its well-known token) reports a
 * rising level over MQTT to the embedded broker; 石梁镇's command room watches the reservoir turn from warning to major on the
 * monitoring page (chart with the characteristic levels), acknowledges the alarm, and 麻蓬村's grid
 * worker finds the urgent case among their tasks.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import { startEmbeddedBroker, type MqttHandle } from '../../src/devices/mqtt.ts';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('reservoir monitoring in Chromium', () => {
  let site: DemoSite;
  let broker: MqttHandle;
  before(async () => {
    site = await startDemoSite();
    broker = await startEmbeddedBroker([site.vb.services.ingest.mqttChannel()], site.vb.platform.log, 0, '127.0.0.1');
  });
  after(async () => {
    await broker?.close();
    await site?.close();
  });

  it('a storm raises a warning, then a major alarm with a case to 麻蓬村; the command room acknowledges it', async () => {
    // the gauge speaks MQTT to the embedded broker, its token as user name; QoS 1 is acknowledged once stored
    const gauge = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: 'demo-r01-water_level', reconnectPeriod: 0 });
    const send = async (ts: number, level: number) => {
      await gauge.publishAsync('v1/devices/me/telemetry', JSON.stringify({ ts, values: { level } }), { qos: 1 });
    };
    await fetch(`${site.base}/api/v1/demo-r01-rainfall/telemetry`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rain: 18.5 }) });
    const t0 = Date.now() - 16 * 3_600_000;
    // the level of 杨家源水库 climbs 0.2 m every half hour (outside the flood season its limit is the normal level, 112 m)
    const levels = Array.from({ length: 17 }, (_, i) => Math.round((111.0 + i * 0.2) * 10) / 10); // 111.0 … 114.2
    for (const [i, level] of levels.slice(0, 8).entries()) await send(t0 + i * 1_800_000, level);

    const page = await staffPage(site, 'shiliang.operator');
    await page.getByRole('menuitem', { name: '水库监测' }).click();
    await page.getByTestId('reservoir-table').getByText('杨家源水库').waitFor();
    await page.getByTestId('reservoir-table').locator('tr', { hasText: '杨家源水库' }).getByText('预警').waitFor();

    for (const [i, level] of [...levels.slice(8), 114.4].entries()) await send(t0 + (i + 8) * 1_800_000, level);
    // live: the page reloads on the alarm events
    await page.getByTestId('reservoir-table').locator('tr', { hasText: '杨家源水库' }).getByText('重大').waitFor({ timeout: 15_000 });
    await page.getByTestId('reservoir-table').locator('tr', { hasText: '杨家源水库' }).click();
    await page.getByTestId('level-chart').locator('canvas').waitFor();
    await page.getByTestId('alarm-list').getByText('已生成事件').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'reservoir-storm.png') });
    await page.getByTestId('alarm-ack').first().click();
    await page.getByTestId('alarm-list').getByText('已确认').waitFor();

    const worker = await staffPage(site, 'mapeng.grid', { width: 390, height: 844 });
    await worker.goto(`${site.base}/app/tasks`);
    await worker.getByTestId('task-item').filter({ hasText: '杨家源水库水位重大告警' }).waitFor();
    await worker.screenshot({ path: path.join(SHOTS, 'reservoir-case-grid-worker.png') });
    await gauge.endAsync();
  });

  it('an administrator adds a rain gauge to 杨家源水库 and gets its token once; it reports with it', async () => {
    const page = await staffPage(site, 'admin');
    await page.getByRole('menuitem', { name: '水库监测' }).click();
    await page.getByTestId('reservoir-table').locator('tr', { hasText: '杨家源水库' }).click();
    await page.getByTestId('device-add').click();
    await page.getByTestId('device-kind').click();
    await page.locator('.ant-select-item-option', { hasText: '雨量' }).click();
    await page.getByTestId('device-name').fill('杨家源水库 2 号雨量计');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const token = (await page.getByTestId('device-token').innerText()).trim();
    assert.match(token, /^[A-Za-z0-9_-]{20,}$/);
    await page.screenshot({ path: path.join(SHOTS, 'reservoir-device-token.png') });
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByTestId('devices-card').locator('tr', { hasText: '杨家源水库 2 号雨量计' }).getByText('雨量', { exact: true }).waitFor();
    const r = await fetch(`${site.base}/api/v1/${token}/telemetry`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rain": 2.5}' });
    assert.equal(r.status, 200);
  });
});
