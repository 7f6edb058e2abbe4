/**
 * No English in the Chinese UI (issue 15, item 3): the main screens of the console and of the villagers'
 * phone page, rendered in Chromium in Chinese, show no English words — every visible text node is scanned
 * (names of standards and products such as Open311, AI, QR and units are allowed; identifiers shown as
 * such — a user name, a rule's key — are marked `translate="no"`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { residentPage, staffPage, startDemoSite, type DemoSite, openMore } from './helpers.ts';

/** Words that are the same in a Chinese UI: standards, products, units, the language switch. */
const ALLOWED = new Set(['Open311', 'English', 'echarts', 'cities', 'china', 'MAP_TILE_URL', 'Leaflet', 'OpenStreetMap', 'api', 'key', 'token', 'AI', 'QR', 'GPS', 'SMS', 'MQTT', 'HTTP', 'mm', 'km', 'P90', 'Excel', 'CSV', 'PDF']); // file formats by their names, as Chinese offices say them (导出Excel)

async function englishOn(page: Page): Promise<string[]> {
  return page.evaluate((allowed) => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      // identifiers shown as such (a user name, a rule's key) are marked translate="no", as HTML says
      if (!el || el.closest('script,style,[aria-hidden="true"],[translate="no"],.leaflet-control-attribution')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      for (const w of (n.textContent ?? '').match(/[A-Za-z][A-Za-z0-9_]{2,}/g) ?? []) if (!allowed.includes(w)) found.push(`${w} in "${(n.textContent ?? '').trim().slice(0, 60)}"`);
    }
    return found;
  }, [...ALLOWED]);
}

describe('the Chinese UI shows no English', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  it('the console\'s main screens', async () => {
    const page = await staffPage(site, 'admin', { width: 1440, height: 900 });
    const seen: string[] = [];
    for (const item of ['首页', '事件中心', '水库监测', '智能摄像头', '区划与网格', '用户管理', '组织机构', '积分管理', '事件配置']) {
      await page.getByRole('menuitem', { name: item }).click();
      await page.waitForTimeout(1500);
      seen.push(...(await englishOn(page)).map((x) => `${item}: ${x}`));
    }
    assert.deepEqual(seen, []);
    await page.close();
  });

  it('a villager\'s phone page', async () => {
    const page = await residentPage(site, '13800000001');
    const seen: string[] = [];
    for (const tab of ['我的', '随手拍', '咨询', '积分', '更多']) {
      await page.getByTestId('resident-nav').getByText(tab, { exact: true }).click();
      await page.waitForTimeout(1500);
      seen.push(...(await englishOn(page)).map((x) => `${tab}: ${x}`));
    }
    for (const more of ['household', 'shop', 'credit']) {
      await openMore(page, more);
      await page.waitForTimeout(1500);
      seen.push(...(await englishOn(page)).map((x) => `更多 ${more}: ${x}`));
    }
    assert.deepEqual(seen, []);
    await page.close();
  });
});
