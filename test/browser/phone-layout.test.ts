/**
 * Staff and residents on a 360-px phone (issue 12 §3): the menu is a drawer that closes when an item is
 * picked, and no page of any phone role's menu scrolls sideways (document scrollWidth ≤ 360); the
 * reservoir chart fits the screen; the header keeps the user's name and the bell on screen.
 * Screenshots go to test-results/phone-*.png for a person to look at.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { residentPage, SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

const PHONE = { width: 360, height: 780 };
const PHONE_ROLES = [
  ['yudong.grid', 'grid worker'], ['mapeng.grid', 'grid worker (with a reservoir)'], ['gouxi.enforce', 'handler'], ['fushan.enforce', 'handler'],
  ['water.officer', 'handler (water bureau)'], ['cleaner', 'cleaner'], ['fushan.cleaner', 'cleaner'], ['yudong.party', 'party member'],
] as const;

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(400);
}

async function widths(page: Page) {
  return page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, inner: innerWidth }));
}

describe('phone layout at 360 px', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  for (const [username, role] of PHONE_ROLES) {
    it(`${username} (${role}): a drawer that closes on pick, and no page wider than the phone`, async () => {
      const page = await staffPage(site, username, PHONE, { isMobile: true, hasTouch: true });
      const failures: string[] = [];
      const measure = async (label: string) => {
        await settle(page);
        const w = await widths(page);
        await page.screenshot({ path: path.join(SHOTS, `phone-${username}-${label}.png`) });
        if (w.doc > PHONE.width) failures.push(`${label}: scrollWidth ${w.doc}`);
      };
      await measure('home');
      // the header: the name is on screen (shortened, not cut by the edge), the bell too
      const name = await page.getByTestId('user-name').boundingBox();
      assert.ok(name && name.x + name.width <= PHONE.width, `the name ends inside the screen: ${JSON.stringify(name)}`);
      const bell = await page.getByTestId('bell').boundingBox();
      assert.ok(bell && bell.x + bell.width <= PHONE.width);
      await page.getByTestId('nav-open').click();
      const drawer = page.locator('.ant-drawer-section');
      await drawer.waitFor();
      const labels = await drawer.getByRole('menuitem').allTextContents();
      assert.ok(labels.length >= 2, `a menu: ${labels.join(', ')}`);
      // labels are on one line, not one character per line
      for (const item of await drawer.getByRole('menuitem').all()) {
        const box = await item.boundingBox();
        assert.ok(box && box.height < 60, `a one-line menu item: ${await item.textContent()} (${box?.height} px)`);
      }
      await page.waitForTimeout(400); // the drawer's slide-in
      await page.screenshot({ path: path.join(SHOTS, `phone-${username}-menu.png`) });
      for (const [i, label] of labels.entries()) {
        if (i > 0) await page.getByTestId('nav-open').click();
        await drawer.getByRole('menuitem', { name: label, exact: true }).click();
        await drawer.waitFor({ state: 'hidden' }); // picking an item closes the drawer
        await measure(String(i));
      }
      assert.deepEqual(failures, [], `pages wider than ${PHONE.width} px for ${username}`);
      await page.close();
    });
  }

  it('the reservoir chart fits a phone, on 麻蓬村\'s grid worker\'s 水库监测', async () => {
    const page = await staffPage(site, 'mapeng.grid', PHONE, { isMobile: true, hasTouch: true });
    await page.goto(`${site.base}/app/reservoirs`);
    const chart = page.getByTestId('level-chart');
    await chart.locator('canvas').waitFor();
    await settle(page);
    const box = await chart.locator('canvas').boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `chart inside the screen: ${JSON.stringify(box)}`);
    assert.ok((await widths(page)).doc <= PHONE.width);
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'phone-reservoir-chart.png') });
    await page.close();
  });

  // 13500000003: 郭渭民, a villager who is a party member — the most tabs in the bottom bar (six)
  for (const [phone, who] of [['13800000001', 'resident'], ['13900000002', 'tourist'], ['13500000003', 'party member']] as const) {
    it(`the ${who}'s pages fit 360 px`, async () => {
      const page = await residentPage(site, phone);
      await page.setViewportSize(PHONE);
      const failures: string[] = [];
      // the bottom bar's words are whole, not cut to "随…"
      const cut = await page.getByTestId('resident-nav').locator('.ant-segmented-item-label').evaluateAll((els) =>
        els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent));
      assert.deepEqual(cut, [], 'bottom-bar labels cut');
      // a tourist has no household: 更多 holds only the village guide (逛村子), never 我的户, the shop or the loan quota
      const tabs = [['我的', 'home'], ['随手拍', 'report'], ['咨询', 'ask'], ['更多', 'more']] as const;
      for (const [tab, label] of tabs) {
        await page.getByTestId('resident-nav').getByText(tab, { exact: true }).click();
        await settle(page);
        const w = await widths(page);
        await page.screenshot({ path: path.join(SHOTS, `phone-${who}-${label}.png`) });
        if (w.doc > PHONE.width) failures.push(`${label}: ${w.doc}`);
      }
      assert.deepEqual(failures, []);
      // 更多 is open (the last tab): my household and the loan quota are there for villagers
      const more = await page.locator('[data-testid^="more-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
      if (who !== 'tourist') assert.ok(more.includes('more-household') && more.includes('more-credit') && more.includes('more-places'), more.join());
      else assert.deepEqual(more, ['more-places'], 'a tourist\'s 更多: the village guide only');
      await page.close();
    });
  }
});
