/**
 * A "两难" case climbs in the browser: the 沟溪乡 command room escalates it from the village to the
 * township and on to the district; the district command centre finds it in its queue with the history
 * and takes it over, while the township no longer holds it.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import type { TestApp } from '../helpers/app.ts';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('escalation 村→镇→区 in Chromium', () => {
  let site: DemoSite;
  let vb: TestApp;

  before(async () => {
    site = await startDemoSite();
    vb = site.vb;
  });
  after(async () => {
    await site?.close();
  });

  /** A command-room user on the case queue. */
  async function staff(username: string): Promise<Page> {
    const page = await staffPage(site, username);
    await page.getByRole('menuitem', { name: '事件中心' }).click();
    await page.getByTestId('case-queue').waitFor();
    return page;
  }

  async function escalate(page: Page, reason: string) {
    await page.getByTestId('act-escalate').click();
    await page.locator('.ant-modal textarea').fill(reason);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
  }

  it('the township escalates twice; the district takes the case over with its history', async () => {
    const yudong = (await vb.platform.db.execute(sql`SELECT center_lon, center_lat FROM regions WHERE name = '余东村第2网格'`) as unknown as { rows: { center_lon: number; center_lat: number }[] }).rows[0];
    const [{ id: workerId }] = (await vb.platform.db.execute(sql`SELECT id FROM users WHERE username = 'yudong.grid'`) as unknown as { rows: { id: string }[] }).rows;
    const worker = await vb.services.users.actorOf(workerId);
    const c = await vb.services.cases.report(worker, { title: '邻里宅基地纠纷，村里多次调解未果', categoryCode: '1301', lon: yudong.center_lon, lat: yudong.center_lat, source: 'grid_worker' });

    const township = await staff('gouxi.operator');
    await township.getByTestId('case-queue').getByText(c.no).click();
    await township.getByTestId('act-register').click();
    await township.locator('.ant-modal-footer .ant-btn-primary').click();
    await township.getByTestId('case-state').getByText('已立案').waitFor();
    await escalate(township, '村级无法化解，报乡镇');
    await township.getByTestId('case-detail').getByText('乡镇级').waitFor();
    await escalate(township, '两难问题，报区里协调');
    await township.getByTestId('case-detail').getByText('区级').waitFor();
    assert.equal(await township.getByTestId('act-dispatch').count(), 0, 'the township no longer holds it');

    const district = await staff('district.operator');
    await district.locator('.ant-select').nth(1).click();
    await district.locator('.ant-select-item-option', { hasText: '区级' }).click();
    await district.keyboard.press('Escape');
    await district.getByTestId('case-queue').getByText(c.no).click();
    const timeline = district.getByTestId('case-timeline');
    await timeline.getByText('两难问题，报区里协调').waitFor();
    await timeline.getByText('村级无法化解，报乡镇').waitFor();
    await district.getByTestId('act-dispatch').waitFor();
    await district.screenshot({ path: path.join(SHOTS, 'escalated-district.png') });
    await Promise.all([township.close(), district.close()]);
  });
});
