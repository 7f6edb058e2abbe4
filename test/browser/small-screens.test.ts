/**
 * The console on a 1366×768 laptop and on a 360×740 phone (issue 15 item 5): the main screens of an
 * administrator, a command room and a villager never scroll sideways (document scrollWidth ≤ the window),
 * with screenshots in test-results/small-*.png for a person to look at. And the three moments of a list:
 * a slow first load shows a skeleton or the table's spinner (never an empty table that reads as "no data"),
 * an empty answer says what it means and what to do, a failed one says why with a retry that works.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Page, Route } from 'playwright-core';
import { residentPage, SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 360, height: 740 };
const ADMIN_PAGES = ['', 'cases', 'users', 'organisations', 'regions', 'households', 'points', 'settings', 'reservoirs', 'cameras'];
const ROOM_PAGES = ['', 'cases', 'reservoirs', 'cameras'];

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(400);
}

/** Opens each page and collects those wider than the window (with the width they take). */
async function overflowing(page: Page, site: DemoSite, label: string, pages: string[]): Promise<string[]> {
  const wide: string[] = [];
  const inner = page.viewportSize()!.width;
  for (const p of pages) {
    await page.goto(`${site.base}/app/${p}`);
    await settle(page);
    const doc = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: path.join(SHOTS, `small-${label}-${p || 'home'}.png`) });
    if (doc > inner) wide.push(`${p || 'home'}: ${doc} > ${inner}`);
  }
  return wide;
}

const isCaseList = (url: URL) => url.pathname === '/api/cases';

describe('small screens and the moments of a list', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
    // a case in 沟溪乡's queue (the demo starts with none): the queue has a row to wait for
    const db = site.vb.platform.db;
    const row = async (q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows[0];
    const worker = await site.vb.services.users.actorOf((await row(sql`SELECT id FROM users WHERE username = 'yudong.grid'`)).id as string);
    const at = await row(sql`SELECT center_lon, center_lat FROM regions WHERE name = '余东村第1网格'`);
    await site.vb.services.cases.report(worker, { title: '路灯不亮', categoryCode: '0201', lon: at.center_lon as number, lat: at.center_lat as number, source: 'grid_worker' });
  });
  after(async () => {
    await site?.close();
  });

  for (const [size, viewport, context] of [['laptop', LAPTOP, {}], ['phone', PHONE, { isMobile: true, hasTouch: true }]] as const) {
    it(`the administrator's and the command room's main screens fit a ${viewport.width}×${viewport.height} ${size}`, async () => {
      const failures: string[] = [];
      for (const [username, pages] of [['admin', ADMIN_PAGES], ['gouxi.operator', ROOM_PAGES]] as const) {
        const page = await staffPage(site, username, viewport, context);
        failures.push(...(await overflowing(page, site, `${size}-${username}`, pages)).map((f) => `${username} ${f}`));
        await page.close();
      }
      assert.deepEqual(failures, [], `pages wider than ${viewport.width} px`);
    });
  }

  it('a villager\'s pages fit a 360×740 phone', async () => {
    const page = await residentPage(site, '13800000001');
    await page.setViewportSize(PHONE);
    const failures = await overflowing(page, site, 'phone-resident', ['', 'points', 'household', 'report']);
    assert.deepEqual(failures, []);
    await page.close();
  });

  it('the case queue: a skeleton while the first answer is slow, then the cases; a sentence and a clear button for an empty filtered answer', async () => {
    const page = await staffPage(site, 'gouxi.operator', LAPTOP);
    let release: () => void = () => {};
    const held = new Promise<void>((r) => { release = r; });
    await page.route(isCaseList, async (route: Route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${site.base}/app/cases`);
    const queue = page.getByTestId('case-queue');
    await queue.locator('.ant-skeleton, .ant-spin-spinning').first().waitFor();
    assert.equal(await queue.getByText('暂无数据').count(), 0, 'no "no data" while loading');
    assert.equal(await page.getByTestId('empty-hint').count(), 0, 'no empty sentence while loading');
    await page.screenshot({ path: path.join(SHOTS, 'small-loading-queue.png') });
    release();
    await queue.locator('tbody tr.ant-table-row').first().waitFor();
    assert.equal(await queue.locator('.ant-skeleton').count(), 0);
    await page.unroute(isCaseList);

    // an empty answer with a filter on: say so, and offer to clear the filter (which asks again without it)
    await page.route(isCaseList, (route: Route) => route.fulfill({ json: { items: [] } }));
    await page.getByTestId('only-overdue').click();
    await page.getByTestId('empty-hint').filter({ hasText: '没有符合条件的事件，试试清除筛选' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'small-empty-queue.png') });
    await page.unroute(isCaseList);
    const cleared = page.waitForRequest((r) => isCaseList(new URL(r.url())) && !new URL(r.url()).searchParams.has('overdue'));
    await page.getByTestId('clear-filters').click();
    await cleared;
    await queue.locator('tbody tr.ant-table-row').first().waitFor();
    assert.equal(await page.locator('.ant-switch-checked').count(), 0, 'the overdue filter is off again');
    await page.close();
  });

  it('the grid worker\'s tasks and the villager\'s reports say what an empty list means', async () => {
    const worker = await staffPage(site, 'yudong.grid', PHONE, { isMobile: true, hasTouch: true });
    await worker.route(isCaseList, (route: Route) => route.fulfill({ json: { items: [] } }));
    await worker.goto(`${site.base}/app/tasks`);
    await worker.getByTestId('empty-hint').filter({ hasText: '没有待办事件，辛苦了' }).waitFor();
    await worker.screenshot({ path: path.join(SHOTS, 'small-empty-tasks.png') });
    await worker.close();

    const villager = await residentPage(site, '13800000001');
    await villager.route(isCaseList, (route: Route) => route.fulfill({ json: { items: [] } }));
    await villager.reload();
    await villager.getByTestId('empty-hint').filter({ hasText: '您还没有上报过问题。看到身边的问题，点「随手拍」' }).waitFor();
    await villager.close();
  });

  it('a failed first load says why in Chinese and its retry loads the list', async () => {
    const page = await staffPage(site, 'admin', LAPTOP);
    const isUsers = (url: URL) => url.pathname === '/api/users';
    await page.route(isUsers, (route: Route) => route.fulfill({ status: 503, json: { code: 'SOMETHING_UNKNOWN', message: 'Service Unavailable' } }));
    await page.goto(`${site.base}/app/users`);
    const failed = page.getByTestId('users-table').getByTestId('load-failed');
    await failed.waitFor();
    const words = (await failed.textContent()) ?? '';
    assert.match(words, /[\u4e00-\u9fff]/, `Chinese words: ${words}`);
    assert.doesNotMatch(words, /Service Unavailable/);
    await page.unroute(isUsers);
    await page.getByTestId('retry').click();
    await page.getByTestId('users-table').locator('tbody tr.ant-table-row').first().waitFor();
    await page.close();
  });
});
