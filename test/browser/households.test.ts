/**
 * Households in Chromium: 余大伯 opens 我的户 on the phone (members in full, the card shown and opened),
 * the district administrator (granted households.read in the demo) opens 农户 — masked names in the list,
 * one household in full, its card, a lost card replaced — and a grid worker's scan of the new card.
 * Screenshots at 1440×900 and 390 px wide in test-results/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type DemoSite, openMore, residentPage, SHOTS, staffPage, startDemoSite } from './helpers.ts';

describe('households in Chromium', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  it('我的户 on the phone: my family in full and the household card to open or print', async () => {
    const page = await residentPage(site, '13800000001');
    await openMore(page, 'household');
    const mine = page.getByTestId('my-household');
    await mine.waitFor();
    const members = await page.getByTestId('household-members').innerText();
    for (const name of ['余东村村民 余大伯', '余东村村民 毛秀英', '余东村村民 余小雨', '户主', '配偶', '孙辈']) assert.ok(members.includes(name), name);
    await page.waitForFunction(() => ((document.querySelector('[data-testid=household-card-img]') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
    await page.screenshot({ path: path.join(SHOTS, 'household-mine-390.png'), fullPage: true });
    const [card] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('household-card-open').click()]);
    await card.waitForLoadState();
    assert.match(await card.content(), /凭此卡可由网格员或村积分超市代为操作/);
    await page.close();
  });

  it('农户 in the console: masked list, one household in full, print and replace its card; a scan of the new card', async () => {
    const page = await staffPage(site, 'admin', { width: 1440, height: 900 });
    await page.getByTestId('nav').getByText('农户').click();
    const table = page.getByTestId('households-table');
    await table.getByText('郭*民').waitFor();
    assert.equal(await table.getByText('郭渭民').count(), 0, 'no full name in the list');
    await page.screenshot({ path: path.join(SHOTS, 'households-1440.png') });
    await table.getByText('郭*民').click();
    const drawer = page.getByTestId('household-drawer-members');
    await drawer.getByText('郭渭民').waitFor();
    assert.deepEqual((await drawer.locator('.ant-list-item').allInnerTexts()).map((x) => x.split('\n')[0]), ['郭渭民', '汪美兰', '郭晓东'], 'as a 户口簿 lists them');
    await page.waitForTimeout(400); // the drawer's slide-in
    await page.screenshot({ path: path.join(SHOTS, 'household-open-1440.png') });
    const [card] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('household-print').click()]);
    await card.waitForLoadState();
    assert.match(await card.content(), /学苑新村 3幢 201/);
    await card.close();

    const id = page.url().split('/').pop()!;
    const before = (await site.vb.platform.database.raw<{ card_token: string }>('SELECT card_token FROM households WHERE id = $1', [id]))[0].card_token;
    await page.getByTestId('household-rotate').click();
    await page.getByTestId('rotate-reason').fill('户卡遗失');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已补发新卡，旧卡已失效').waitFor();
    const afterToken = (await site.vb.platform.database.raw<{ card_token: string }>('SELECT card_token FROM households WHERE id = $1', [id]))[0].card_token;
    assert.notEqual(afterToken, before);

    // the same page on a phone's width
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${site.base}/app/households`);
    await page.getByTestId('households-table').getByText('郭*民').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'households-390.png'), fullPage: true });
    await page.close();

    // 紫荆社区's grid worker (the demo's, with party work's 联户 tasks there) scans the card
    const grid = await staffPage(site, 'zijing.grid', { width: 1440, height: 900 });
    await grid.goto(`${site.base}/app/households/card/${afterToken}`);
    await grid.getByTestId('card-scan').getByText('郭*民').waitFor();
    await grid.screenshot({ path: path.join(SHOTS, 'household-scan-1440.png') });
    await grid.goto(`${site.base}/app/households/card/${before}`);
    await grid.getByTestId('card-scan-error').waitFor();
    await grid.close();
  });
});
