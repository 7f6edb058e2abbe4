/**
 * Credit in Chromium: 余大伯 opens 贷款 (my quota and my dividend) on the phone — his household's quota from points earned,
 * the tiers of 余东村, the bank he consented to (withdraw and consent again), last year's paid dividend —
 * and the district administrator opens 信用贷与分红: 余东村's paid dividend with its shares, the signed
 * extract for 柯城农商银行, the consents and the tiers. Screenshots at 1440×900 and 390 px in test-results/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type DemoSite, openMore, residentPage, SHOTS, staffPage, startDemoSite } from './helpers.ts';

describe('credit in Chromium', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  it('贷款 on the phone: my quota, the bank I let see my points, my dividend', async () => {
    const page = await residentPage(site, '13800000001');
    await openMore(page, 'credit');
    await page.getByTestId('my-credit').waitFor();
    assert.match(await page.getByTestId('credit-quota').innerText(), /¥\d{2,3},000/);
    assert.match(await page.getByTestId('credit-not-lowered').innerText(), /兑换商品不会减少贷款额度/);
    assert.match(await page.getByTestId('my-dividends').innerText(), /年度积分分红[\s\S]*已发放[\s\S]*我家分到 ¥\d/);
    await page.screenshot({ path: path.join(SHOTS, 'credit-mine-390.png'), fullPage: true });
    // withdraw the consent, then give it again
    await page.getByTestId('withdraw-kecheng-rcb').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('consent-kecheng-rcb').waitFor();
    await page.getByTestId('consent-kecheng-rcb').click();
    await page.getByTestId('withdraw-kecheng-rcb').waitFor();
    await page.close();
  });

  it('信用贷与分红 in the console: a paid dividend with its shares, the signed extract, consents and tiers', async () => {
    const page = await staffPage(site, 'admin', { width: 1440, height: 900 });
    await page.getByTestId('nav').getByText('信用贷与分红').click();
    await page.getByTestId('credit-admin').waitFor();
    await page.getByTestId('credit-village').click();
    await page.keyboard.type('余东村');
    await page.keyboard.press('Enter');
    const table = page.getByTestId('dividends-table');
    await table.getByText('年度积分分红').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'credit-dividends-1440.png') });
    await table.getByText('年度积分分红').click();
    await page.getByTestId('dividend-shares').waitFor();
    assert.match(await page.getByTestId('dividend-sum').innerText(), /合计 ¥[\d,]+\.\d\d，等于分红总额/);
    await page.waitForTimeout(400); // the drawer's slide-in
    await page.screenshot({ path: path.join(SHOTS, 'credit-dividend-open-1440.png') });
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: '银行月度清单' }).click();
    await page.getByTestId('extracts-table').getByText('柯城农商银行').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'credit-extracts-1440.png') });
    await page.getByRole('tab', { name: '授权记录' }).click();
    await page.getByTestId('consents-table').getByText('余家').first().waitFor();
    await page.getByRole('tab', { name: '额度档位' }).click();
    await page.getByTestId('tiers-table').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'credit-tiers-1440.png') });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${site.base}/app/credit/extracts`);
    await page.getByTestId('extracts-table').getByText('柯城农商银行').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'credit-extracts-390.png'), fullPage: true });
    await page.close();
  });
});
