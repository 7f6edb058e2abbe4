/**
 * 积分超市 in Chromium, the issue's story: 余大伯 orders rice with points on his phone, the shopkeeper
 * 余金花 (yudong.shop) enters the order's code on her phone and confirms; his points and the rice's stock
 * move, his household's earned points (what the credit-loan quota reads) do not. Then the console's
 * 积分超市 (沟溪乡's operator): items with their stock and the month's statement. Screenshots at 390 px
 * and 1440×900 in test-results/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { givePoints } from '../builders/shop.ts';
import { type DemoSite, openMore, residentPage, SHOTS, staffPage, startDemoSite } from './helpers.ts';

describe('points shop in Chromium', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  it('a villager orders rice on the phone, the shopkeeper confirms; stock and balance move, the quota\'s earned points do not', async () => {
    const [uncle] = await site.vb.platform.database.raw<{ id: string }>('SELECT id FROM users WHERE phone = $1', ['13800000001']);
    await givePoints(site.vb, [uncle.id], 600);
    const before = await site.vb.services.myPoints.householdTotals(uncle.id);
    const rice = (await site.vb.services.shopCatalogue.list(await site.vb.services.users.actorOf((await site.vb.platform.database.raw<{ id: string }>('SELECT id FROM users WHERE username = $1', ['admin']))[0].id), '330802')).items.find((i) => i.name === '大米')!;

    const page = await residentPage(site, '13800000001');
    await openMore(page, 'shop');
    await page.getByTestId('shop-items').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=shop-item] img')].every((i) => (i as HTMLImageElement).naturalWidth > 0));
    await page.screenshot({ path: path.join(SHOTS, 'shop-catalogue-390.png'), fullPage: true });
    await page.getByTestId('shop-item').filter({ hasText: '大米' }).getByTestId('shop-order').click();
    await page.locator('.shop-confirm').click();
    const code = page.getByTestId('shop-order-code');
    await code.waitFor();
    const token = (await code.getAttribute('data-token'))!;
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'shop-order-code-390.png') });
    await page.close();

    const keeper = await staffPage(site, 'yudong.shop', { width: 390, height: 844 });
    // the order's QR code is a URL of the counter page: her phone's camera app opens it there
    await keeper.goto(`${site.base}/app/shop-counter/order/${token}`);
    await keeper.getByTestId('shop-counter-order').getByText('大米 × 1').waitFor();
    await keeper.screenshot({ path: path.join(SHOTS, 'shop-counter-390.png'), fullPage: true });
    await keeper.getByTestId('shop-redeem').click();
    await keeper.getByTestId('shop-counter-order').getByText('已领取').waitFor();
    await keeper.close();

    const after = await site.vb.services.myPoints.householdTotals(uncle.id);
    assert.equal(after!.spendable, before!.spendable - rice.price, 'the points are spent');
    assert.equal(after!.earnedThisYear, before!.earnedThisYear, 'the household\'s earned points — the loan quota\'s figure — are unchanged');
    const riceAfter = (await site.vb.services.shop.itemViews([{ ...(await (await import('../../src/shop/shop.repository.ts')).item(site.vb.platform.db, rice.id))! }]))[0];
    assert.equal(riceAfter.stock.onShelf, rice.stock.onShelf - 1, 'one bag left the shelf');
  });

  it('at the counter: the shopkeeper enters 孔奶奶\'s household card, exchanges a towel for her and confirms', async () => {
    const [kong] = await site.vb.platform.database.raw<{ id: string; card_token: string }>("SELECT h.id, h.card_token FROM households h WHERE h.name = '孔家'", []);
    const members = await site.vb.services.households.membersOf(kong.id);
    await givePoints(site.vb, [members[1].userId], 100);
    // 孔家 lives in 紫荆社区: 余东村's shopkeeper does not serve it
    const keeper = await staffPage(site, 'yudong.shop', { width: 390, height: 844 });
    await keeper.goto(`${site.base}/app/shop-counter`);
    await keeper.getByTestId('shop-code-input').fill(`${site.base}/app/households/card/${kong.card_token}`);
    await keeper.getByTestId('shop-lookup').click();
    await keeper.getByText('户卡无效').waitFor();
    // 余家's card in 余东村
    const [yu] = await site.vb.platform.database.raw<{ card_token: string }>("SELECT card_token FROM households WHERE name = '余家' AND address = '余东村 上余 12号'", []);
    await keeper.getByTestId('shop-code-input').fill(`${site.base}/app/households/card/${yu.card_token}`);
    await keeper.getByTestId('shop-lookup').click();
    const hh = keeper.getByTestId('shop-counter-household');
    await hh.getByText('余东村村民 余*伯').waitFor();
    await keeper.screenshot({ path: path.join(SHOTS, 'shop-counter-card-390.png'), fullPage: true });
    await hh.locator('.ant-list-item').filter({ hasText: '毛巾' }).getByRole('button').click();
    await keeper.getByTestId('shop-counter-order').getByText('柜台代兑').waitFor();
    await keeper.getByTestId('shop-redeem').click();
    await keeper.getByTestId('shop-counter-order').getByText('已领取').waitFor();
    await keeper.close();
  });

  it('积分超市 in the console: items with photos and stock, the month\'s statement', async () => {
    const page = await staffPage(site, 'gouxi.operator', { width: 1440, height: 900 });
    await page.goto(`${site.base}/app/shop-admin`);
    const table = page.getByTestId('shop-items-table');
    await table.getByText('食用油').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=shop-items-table] img')].every((i) => (i as HTMLImageElement).naturalWidth > 0));
    await page.screenshot({ path: path.join(SHOTS, 'shop-admin-1440.png') });
    await page.getByRole('tab', { name: '月度对账' }).click();
    await page.getByTestId('shop-statement').getByText('大米').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'shop-statement-1440.png') });
    assert.ok((await page.getByTestId('shop-statement').innerText()).includes('月末库存'));
    await page.close();
  });
});
