/**
 * Issue 17's area indices in Chromium: the district leader opens 党建工作台's 排行 and switches to the boards of
 * 网格, 物业 and 机关党组织 — the demo's 下沉 organisations with their services and problems solved, how
 * the score is counted in plain words — on the console (1440×900) and a 390-px phone (no sideways
 * scroll). Screens are shot into test-results/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

const CONSOLE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('party work: the grid, property and organisation indices beside the members\', in Chromium', () => {
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
    await page.screenshot({ path: path.join(SHOTS, `partywork-indices-${name}.png`), fullPage: true });
  };

  it('the leader reads the three boards with their breakdowns, on the console and the phone', async () => {
    for (const [viewport, label] of [[CONSOLE, '1440'], [PHONE, '390']] as const) {
      const leader = await staffPage(site, 'leader', viewport);
      // the 党建工作台's 排行 tab
      await leader.goto(`${site.base}/app/party-rankings`);
      await leader.getByTestId('pwc-page').waitFor();
      await leader.getByTestId('pwc-tabs').getByRole('tab', { name: '排行' }).click();
      await leader.getByTestId('pw-rankings-page').waitFor();
      const board = leader.getByTestId('pw-rank-board');
      await board.getByText('机关', { exact: true }).click();
      // this year: the demo's services (a month may have just begun)
      await leader.getByTestId('pw-rank-period').getByText('本年').click();
      await leader.getByTestId('pw-area-ranking').getByText('机关党组织小区服务力').waitFor();
      const org = leader.getByTestId('pw-area-item').filter({ hasText: '柯城区卫健局机关党支部' });
      await org.waitFor();
      assert.match(await org.innerText(), /服务 \d+ 次 · 解决问题 \d+ 件 · 服务 \d+ 户/);
      assert.match(await org.innerText(), /紫荆社区/);
      assert.match(await leader.getByTestId('pw-area-formula').innerText(), /怎么算（第 1 版）：每服务一次 1 分，每解决一个问题 5 分/);
      assert.ok(await leader.getByTestId('pw-area-item').filter({ hasText: '柯城区农业农村局机关党支部' }).count() === 1);
      if (viewport === PHONE) assert.ok(await leader.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, 'no sideways scroll');
      await shot(leader, `organisation-${label}`);
      for (const [word, title] of [['网格', '网格服务力'], ['物业', '物业服务力']] as const) {
        await board.getByText(word, { exact: true }).click();
        await leader.getByTestId('pw-area-ranking').getByText(title).waitFor();
        assert.match(await leader.getByTestId('pw-area-formula').innerText(), /居民评价占 60%，按时办好占 40%/);
        await shot(leader, `${word === '网格' ? 'grid' : 'property'}-${label}`);
      }
      await leader.close();
    }
  });
});
