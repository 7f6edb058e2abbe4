/**
 * Issue 19's rankings and expiry on screen, in Chromium: the district administrator opens 积分管理 →
 * 排行榜与红黑榜 for 余东村's last month (红榜, 黑榜, totals, the plain note that a ranking is no quota),
 * recomputes the published list against the ledger, and turns on "totals only"; 余大伯 sees on his phone
 * how many points expire and on which day. Shot at 1440×900 and at 390 px; no phone page scrolls sideways.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { seedRankingsAndExpiry } from '../../src/demo/history/points-rankings.ts';
import { previousPeriod, uuidv7 } from '../../src/points/index.ts';
import { makeNamedResident } from '../builders/index.ts';
import { residentPage, SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

const CONSOLE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('points: rankings, 红黑榜 and expiry, in Chromium', () => {
  let site: DemoSite;
  const shot = async (page: Page, name: string) => {
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `points-${name}.png`), fullPage: true });
  };
  const fitsPhone = async (page: Page, label: string) => {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 390, `${label}: the page is ${w} px wide on a 390 px phone`);
  };

  before(async () => {
    site = await startDemoSite();
    const vb = site.vb;
    const one = async (q: ReturnType<typeof sql>) => ((await vb.platform.db.execute(q)) as unknown as { rows: Record<string, string>[] }).rows[0];
    const yudong = (await one(sql`SELECT code FROM regions WHERE name = '余东村'`)).code;
    // last month in 余东村: a few villagers earn, one loses points for a pile of rubbish
    const last = previousPeriod('month', new Date());
    const at = (d: number) => new Date(last.from.getTime() + d * 86_400_000);
    const points = vb.services.points;
    const issuance = (await points.systemAccount('resident', 'issuance')).id;
    const people: [string, number][] = [['余建国', 45], ['郑秀英', 32], ['徐志强', 18], ['毛桂兰', 9], ['方金水', 12]];
    for (const [name, amount] of people) {
      // the first two live in 余东村第1网格 (their home region), the others in the village
      const r = await makeNamedResident(vb, name === '余建国' || name === '郑秀英' ? `${yudong}001` : yudong, name);
      const acc = (await points.accountOf(r.id)).id;
      const [ok] = await points.apply([{ id: uuidv7(), ledger: 'resident', debitAccountId: issuance, creditAccountId: acc, amount, code: 'award', reason: '垃圾分类' }], at(name === '方金水' ? -5 : 3)); // 方金水's the month before
      assert.ok(ok.ok);
      if (name === '方金水') {
        const [d] = await points.apply([{ id: uuidv7(), ledger: 'resident', debitAccountId: acc, creditAccountId: issuance, amount: 10, code: 'deduction', reason: '乱堆乱放' }], at(20));
        assert.ok(d.ok, JSON.stringify(d));
      }
    }
    const admin = (await one(sql`SELECT id FROM users WHERE username = 'admin'`)).id;
    const resident = (await one(sql`SELECT id FROM users WHERE phone = '13800000001'`)).id;
    const r = await seedRankingsAndExpiry(vb.platform, vb.services, new Map([['余东村', yudong]]), new Map([['admin', admin], ['13800000001', resident]]), Date.now());
    assert.ok(r.listId && r.expiring === 30, JSON.stringify(r));
  });
  after(async () => {
    await site?.close();
  });

  const openRankings = async (page: Page) => {
    await page.goto(`${site.base}/app/points/rankings`);
    await page.getByTestId('points-village').click();
    await page.keyboard.type('余东');
    await page.locator('.ant-select-dropdown .ant-select-item-option:visible', { hasText: '余东村' }).click();
    await page.getByTestId('rank-table').getByText('余*国').waitFor({ timeout: 10_000 }).catch(async (e) => { await shot(page, 'debug-rankings'); throw e; });
  };

  it('the administrator reads last month\'s 红黑榜 of 余东村, recomputes the published list, and can show totals only', async () => {
    const page = await staffPage(site, 'admin', CONSOLE);
    await openRankings(page);
    assert.match(await page.getByTestId('board-red').innerText(), /余\*国[\s\S]*45[\s\S]*郑\*英[\s\S]*32/);
    assert.match(await page.getByTestId('board-black').innerText(), /方\*水[\s\S]*-10/);
    assert.match(await page.getByTestId('rank-note').innerText(), /不是任务指标/);
    await page.getByTestId('rank-verify').first().click();
    assert.equal(await page.getByTestId('rank-verified').first().innerText(), '与积分账本一致');
    await shot(page, 'rankings-console');
    await page.getByTestId('rank-switch').click();
    await page.getByTestId('aggregates-only').waitFor();
    assert.equal(await page.getByTestId('rank-table').count(), 0);
    await shot(page, 'rankings-totals-only');
    await page.getByTestId('rank-switch').click();
    await page.getByTestId('rank-table').waitFor();
    // the village's totals are by grid, by name; a grid's ranking has the people who live in it
    assert.match(await page.getByText('分村（网格）汇总').locator('xpath=ancestor::div[contains(@class,"ant-table-wrapper")]').innerText(), /余东村第1网格[\s\S]*未分网格|未分网格[\s\S]*余东村第1网格/);
    await page.locator('.ant-segmented-item', { hasText: '网格' }).first().click();
    await page.getByTestId('rank-grid').waitFor();
    await page.getByTestId('rank-table').getByText('郑*英').waitFor();
    const table = await page.getByTestId('rank-table').innerText();
    assert.ok(table.includes('余*国') && !table.includes('徐*强'), table);
    await shot(page, 'rankings-grid');
    await page.close();
  });

  it('on a 390 px phone the rankings read down the page', async () => {
    const page = await staffPage(site, 'admin', PHONE);
    await openRankings(page);
    await fitsPhone(page, 'rankings');
    await shot(page, 'rankings-phone');
    await page.close();
  });

  it('余大伯 sees on 我的积分 how many points expire and on which day', async () => {
    const page = await residentPage(site, '13800000001');
    await page.getByTestId('resident-nav').getByText('积分', { exact: true }).click();
    const hint = page.getByTestId('expiring-hint');
    await hint.waitFor();
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    assert.match(await hint.innerText(), new RegExp(`有 30 分将于 ${year}年12月31日 到期`));
    await fitsPhone(page, 'my points');
    await shot(page, 'expiring-phone');
    await page.close();
  });
});
