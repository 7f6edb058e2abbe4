/**
 * 免于走访 in the 党建工作台 (issue 17), in Chromium on the demo: the district's administrator records the
 * branch's decision for 周德胜 (学苑新村兼合式党支部) on his row at 1440×900; the district leader — the
 * level above — approves it in the 免于走访 tab on a 390-px phone; his row then says 免 and offers no
 * second request. Shots in test-results/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

const CONSOLE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('party work: 免于走访 recorded on the console and approved above, in Chromium', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  const shot = async (page: Page, name: string) => {
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `partywork-exemptions-${name}.png`), fullPage: true });
  };
  const tab = (page: Page, name: string) => page.getByTestId('pwc-tabs').getByRole('tab', { name }).click();
  const zhou = (page: Page) => page.getByTestId('pwc-member').filter({ hasText: '周*胜' });

  it('the administrator records the branch\'s decision; the leader above approves it; the member is 免', async () => {
    const admin = await staffPage(site, 'admin', CONSOLE);
    await admin.goto(`${site.base}/app/party-rankings`);
    await admin.getByTestId('pwc-page').waitFor();
    await zhou(admin).getByTestId('pwx-exempt').click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByText('周*胜 免于走访').waitFor();
    await dialog.getByTestId('pwx-reason').fill('年老体弱，腿脚不便');
    await shot(admin, 'record-1440');
    await dialog.getByTestId('pwx-send').click();
    await admin.getByText('已登记，等乡镇（街道）审批').waitFor();
    await tab(admin, '免于走访');
    const item = admin.getByTestId('pwx-item').filter({ hasText: '年老体弱' });
    await item.getByText('待审批').waitFor();
    await admin.close();

    const leader = await staffPage(site, 'leader', PHONE);
    await leader.goto(`${site.base}/app/party-rankings`);
    await leader.getByTestId('pwc-page').waitFor();
    await tab(leader, '免于走访');
    const pending = leader.getByTestId('pwx-item').filter({ hasText: '年老体弱' });
    await pending.getByText('待审批').waitFor();
    assert.ok(await leader.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, 'no sideways scroll on the phone');
    await shot(leader, 'approve-390');
    await pending.getByTestId('pwx-approve').click();
    await leader.getByTestId('pwx-item').filter({ hasText: '年老体弱' }).getByText('已批准').waitFor();
    await tab(leader, '党员');
    await zhou(leader).getByText('免', { exact: true }).waitFor();
    // the leader reads; only the village's administrator records
    assert.equal(await leader.getByTestId('pwx-exempt').count(), 0);
    await leader.close();
  });
});
