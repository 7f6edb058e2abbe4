/**
 * 事件配置 in Chromium: the district administrator changes a time limit, maps a camera event code and
 * marks a flood-season Saturday as a working day and creates an Open311 client key; the server has
 * each change, and an operator does not see the page at all.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { TestApp } from '../helpers/app.ts';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('case settings in Chromium', () => {
  let site: DemoSite;
  let vb: TestApp;

  before(async () => {
    site = await startDemoSite();
    vb = site.vb;
  });
  after(async () => {
    await site?.close();
  });

  const rows = async <T,>(q: ReturnType<typeof sql>) => ((await vb.platform.db.execute(q)) as unknown as { rows: T[] }).rows;

  it('an administrator edits a time limit, a vendor code and the calendar', async () => {
    const page = await staffPage(site, 'admin');
    await page.getByRole('menuitem', { name: '事件配置' }).click();
    await page.getByTestId('category-table').waitFor();
    await page.getByTestId('edit-1401').click();
    const limit = page.getByTestId('limit-value');
    await limit.fill('3');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    await page.getByTestId('category-table').locator('tr', { hasText: '1401' }).getByText('3 工作').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'settings-categories.png') });
    const [k] = await rows<{ limit_value: number }>(sql`SELECT limit_value FROM case_categories WHERE code = '1401'`);
    assert.equal(k.limit_value, 3);
    assert.equal((await vb.services.cases.categories()).find((c) => c.code === '1401')!.limitValue, 3, 'the running server uses it');

    await page.getByRole('tab', { name: '设备事件编码' }).click();
    const vendor = page.getByTestId('vendor-form');
    await vendor.locator('.ant-select').first().click();
    await page.locator('.ant-select-dropdown .ant-select-item-option:visible', { hasText: 'hikvision' }).click();
    await vendor.getByPlaceholder('事件编码').fill('personAtWater');
    await vendor.locator('.ant-select').nth(1).click();
    await page.keyboard.type('1203');
    await page.keyboard.press('Enter');
    await page.getByTestId('vendor-save').click();
    await page.getByTestId('vendor-table').getByText('personAtWater').waitFor();
    const [v] = await rows<{ category_code: string }>(sql`SELECT category_code FROM vendor_event_codes WHERE vendor = 'hikvision' AND event_code = 'personAtWater'`);
    assert.equal(v.category_code, '1203');

    await page.getByRole('tab', { name: '工作日历' }).click();
    await page.getByTestId('calendar-date').click();
    await page.keyboard.type('2027-07-03');
    await page.keyboard.press('Enter');
    await page.getByTestId('calendar-working').click();
    await page.getByTestId('calendar-note').fill('防汛值班');
    await page.getByTestId('calendar-save').click();
    await page.getByTestId('calendar-table').getByText('防汛值班').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'settings-calendar.png') });
    assert.equal(vb.services.cases.businessCalendar.isWorkingDay('2027-07-03'), true);

    // an Open311 client key: shown once, then it works against the Open311 server
    await page.getByRole('tab', { name: 'Open311 密钥' }).click();
    await page.getByTestId('key-name').fill('12345 热线');
    await page.getByTestId('key-add').click();
    const key = (await page.getByTestId('key-value').textContent())!.trim();
    assert.match(key, /^o311_/);
    await page.getByTestId('key-table').getByText('12345 热线').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'settings-open311.png') });
    const bad = await fetch(`${site.base}/open311/v2/requests.json`, { method: 'POST', body: new URLSearchParams({ api_key: key, service_code: '9999', lat: '29', long: '118.9' }) });
    assert.equal(bad.status, 400, 'the key is accepted (the request fails on its service code, not on the key)');

    const operator = await staffPage(site, 'gouxi.operator');
    assert.equal(await operator.getByRole('menuitem', { name: '事件配置' }).count(), 0, 'operators do not configure');
  });

  it('an administrator gives 杨家源水库 its own water-level rules, as a new version the running server uses', async () => {
    const page = await staffPage(site, 'admin');
    await page.getByRole('menuitem', { name: '事件配置' }).click();
    await page.getByRole('tab', { name: '告警规则' }).click();
    await page.getByTestId('rules-form').waitFor();
    await page.getByTestId('rules-asset').click();
    await page.locator('.ant-select-item-option', { hasText: '杨家源水库' }).click();
    await page.getByTestId('rule-inARow').fill('3');
    await page.getByTestId('rule-holdMinutes').fill('20');
    await page.getByTestId('rule-note').fill('汛期：连续三次且持续 20 分钟');
    await page.getByTestId('rules-save').click();
    await page.getByTestId('rules-history').getByText('v1').waitFor();
    await page.getByTestId('rules-history').getByText('汛期：连续三次且持续 20 分钟').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'settings-alarm-rules.png') });
    const [asset] = await rows<{ id: string }>(sql`SELECT id FROM assets WHERE name = '杨家源水库'`);
    const [device] = await rows<{ id: string }>(sql`SELECT id FROM devices WHERE asset_id = ${asset.id} AND kind = 'water_level'`);
    const eff = vb.services.alarms.rules.effective({ id: device.id, assetId: asset.id, kind: 'water_level' });
    assert.deepEqual([eff.config.inARow, eff.config.holdMinutes, eff.versions], [3, 20, 'asset v1']);
    assert.equal(eff.config.riseCriticalPerH, 0.5, 'fields left as they were keep their values');
    await page.close();
  });

  it('an administrator changes what street-vending cameras do (a longer grace period); the running server uses it', async () => {
    const page = await staffPage(site, 'admin');
    await page.getByRole('menuitem', { name: '事件配置' }).click();
    await page.getByRole('tab', { name: '摄像头策略' }).click();
    await page.getByTestId('policy-edit-0501').click();
    await page.getByTestId('policy-graceSeconds').fill('180');
    await page.getByTestId('policy-save').click();
    await page.getByTestId('camera-policies').locator('tr', { hasText: '0501' }).getByText('已调整').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'settings-camera-policies.png') });
    assert.equal(vb.services.cameraPolicies.of('0501').graceSeconds, 180);
    assert.equal(vb.services.cameraPolicies.of('0501').action, 'warn_then_case', 'the rest as it was');
    await page.close();
  });
});
