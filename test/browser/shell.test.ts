/**
 * The web shell in a real Chromium: log-in per role, navigation per role, the region map.
 * Screenshots go to test-results/ for a person to look at.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { smsOutbox } from '../../src/people/people.schema.ts';
import type { TestApp } from '../helpers/app.ts';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('web shell in Chromium', () => {
  let site: DemoSite;
  let vb: TestApp;
  let browser: Browser;
  let base: string;

  before(async () => {
    site = await startDemoSite();
    ({ vb, browser, base } = site);
  });
  after(async () => {
    await site?.close();
  });

  it('an admin logs in, opens the region map and drills into 沟溪乡', async () => {
    const login = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await login.goto(base);
    await login.screenshot({ path: path.join(SHOTS, 'login.png') });
    await login.close();
    const page = await staffPage(site, 'admin', { width: 1400, height: 860 });
    assert.equal(await page.getByTestId('user-name').textContent(), '柯城区系统管理员');
    await page.getByRole('menuitem', { name: '区划与网格' }).click();
    await page.waitForURL(/\/app\/regions$/);
    await page.getByTestId('region-title').getByText('柯城区 · 区/县').waitFor();
    const map = page.getByTestId('region-map');
    await map.locator('path.leaflet-interactive').nth(15).waitFor();
    assert.equal(await map.locator('path.leaflet-interactive').count(), 16, 'the 16 townships of the demo district');
    await page.screenshot({ path: path.join(SHOTS, 'regions-district.png') });
    await page.getByTestId('region-tree').getByText('沟溪乡', { exact: true }).click();
    await page.getByTestId('region-title').getByText('沟溪乡 · 乡镇/街道').waitFor();
    await map.getByText('余东村').waitFor();
    assert.equal(await map.locator('path.leaflet-interactive').count(), 4);
    await page.screenshot({ path: path.join(SHOTS, 'regions-gouxi.png') });
    // clicking a village on the map opens it
    await map.locator('.leaflet-tooltip', { hasText: '余东村' }).click({ force: true }).catch(() => {});
    await page.close();
  });

  it('a console tab keeps one live stream, however many parts of the page listen (issue 15)', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // count the EventSources the page holds open
    await page.addInitScript(() => {
      const Native = window.EventSource;
      let open = 0;
      (window as unknown as { liveStreams: () => number }).liveStreams = () => open;
      window.EventSource = class extends Native {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          open++;
        }
        override close() {
          if (this.readyState !== Native.CLOSED) open--;
          super.close();
        }
      };
    });
    await page.goto(base);
    await page.getByTestId('username').fill('district.operator');
    await page.getByTestId('password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor();
    const streams = () => page.evaluate(() => (window as unknown as { liveStreams: () => number }).liveStreams());
    for (const item of ['事件中心', '水库监测', '智能摄像头', '事件中心']) {
      await page.getByRole('menuitem', { name: item }).click();
      await page.waitForTimeout(500); // the page's parts subscribe as they mount
      assert.equal(await streams(), 1, `one stream on ${item} (the bell, the page and its drawer share it)`);
    }
    await page.close();
  });

  it('a session that ends under an open page asks for the log-in there, and comes back to the same screen (issue 15)', async () => {
    const page = await staffPage(site, 'gouxi.operator', { width: 1400, height: 860 });
    await page.getByRole('menuitem', { name: '事件中心' }).click();
    await page.waitForURL(/\/app\/cases$/);
    // the session ends: logged out in another tab of the same browser (the server forgets it at once;
    // deleting the row alone would be honoured only after the 5-second session cache)
    assert.equal((await page.context().request.post(`${base}/api/auth/logout`)).status(), 200);
    // the next call answers 401: the click's, or one the open page makes by itself first (then the menu
    // is gone before the click lands, and the user was still on 事件中心)
    const click = page.getByRole('menuitem', { name: '组织机构' }).click({ timeout: 10_000 }).then(() => true, () => false);
    await page.getByTestId('username').waitFor();
    const where = (await click) ? 'organisations' : 'cases';
    assert.match(page.url(), new RegExp(`/app/${where}$`), 'the address stays');
    await page.getByTestId('username').fill('gouxi.operator');
    await page.getByTestId('password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor();
    assert.match(page.url(), new RegExp(`/app/${where}$`), 'back where the user was');
    await page.getByRole('menuitem', { name: where === 'cases' ? '事件中心' : '组织机构' }).and(page.locator('.ant-menu-item-selected')).waitFor();
    await page.close();
  });

  it('a grid worker of 余东村 sees only their village and has no user admin', async () => {
    const page = await staffPage(site, 'yudong.grid', { width: 1200, height: 800 });
    await page.getByTestId('home-card').getByText('余东村').first().waitFor();
    assert.equal(await page.getByRole('menuitem', { name: '用户管理' }).count(), 0);
    await page.getByRole('menuitem', { name: '区划与网格' }).click();
    await page.getByTestId('region-title').getByText('余东村 · 村/社区').waitFor();
    const tree = page.getByTestId('region-tree');
    assert.equal(await tree.getByText('沟溪村', { exact: true }).count(), 0, 'no neighbouring village');
    assert.equal(await tree.getByText('石梁镇', { exact: true }).count(), 0, 'no other township');
    await page.screenshot({ path: path.join(SHOTS, 'regions-grid-worker.png') });
    const other = await page.evaluate(async () => (await fetch('/api/regions/330802201202')).status);
    assert.equal(other, 404, 'another village stays invisible');
    await page.close();
  });

  it('a villager logs in with phone and code; the language switches to English', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 780 }, isMobile: true });
    await page.goto(base);
    await page.getByRole('tab', { name: '村民 / 游客登录' }).click();
    await page.getByTestId('phone').fill('13800000001');
    await page.getByTestId('get-code').click();
    await page.getByText('验证码已发送').waitFor();
    const [sms] = await vb.platform.db.select().from(smsOutbox).where(eq(smsOutbox.phone, '13800000001')).orderBy(desc(smsOutbox.createdAt)).limit(1);
    await page.getByTestId('code').fill(/(\d{6})/.exec(sms.text)![1]);
    await page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' })).last().click();
    await page.getByTestId('home-card').waitFor();
    assert.match((await page.getByTestId('home-card').textContent())!, /余东村村民/);
    await page.getByTestId('home-card').getByText('余东村', { exact: true }).waitFor(); // the village's name, not its code
    await page.screenshot({ path: path.join(SHOTS, 'resident-home.png') });
    await page.getByTestId('lang-switch').click();
    await page.getByText('Village Brain · Village app').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'resident-home-en.png') });
    await page.getByTestId('lang-switch').click();
    await page.close();
  });

  it('the users page lists the district\'s people with phones masked', async () => {
    const page = await staffPage(site, 'admin', { width: 1300, height: 800 });
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    const table = page.getByTestId('users-table');
    await table.getByText('138****0001').waitFor();
    assert.equal(await table.getByText('13800000001').count(), 0);
    await page.screenshot({ path: path.join(SHOTS, 'users.png') });
    await page.getByTestId('logout').click();
    await page.getByTestId('login-submit').waitFor();
    await page.close();
  });

  it('a wrong password shows the error on the log-in page', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.getByTestId('username').fill('admin');
    await page.getByTestId('password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await page.close();
  });
});
