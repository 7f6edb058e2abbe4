/**
 * The 党建工作台 (issue 17's community/street console) in Chromium, on the demo: 余东村's party member
 * 余仁洪 has three months of visits (written through the services on their own clocks, reviewed by the
 * grid worker 余丽 a day later). The district leader opens the console at 1440×900 and on a 390-px
 * phone: the 12-month trend chart draws, the members' names are masked, the 支部 tab lists 余东村党支部 and
 * 紫荆社区's 兼合式 branch, the 先锋考评 sheet downloads and opens, the tasks and the rankings show. 沟溪乡's
 * leader sees 余东村 and not 紫荆社区. Every tab is shot into test-results/.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { readXlsxRows } from '../../src/platform/xlsx.ts';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

const CONSOLE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const DAY = 86_400_000;

describe('party work: the 党建工作台 (trend, members, branches, 先锋考评 sheet, tasks, rankings), in Chromium', () => {
  let site: DemoSite;
  let logged = 0;

  before(async () => {
    site = await startDemoSite();
    const { vb } = site;
    const id = async (username: string) => (await vb.platform.db.execute(sql`SELECT id FROM users WHERE username = ${username}`) as unknown as { rows: { id: string }[] }).rows[0].id;
    const [c] = (await vb.platform.db.execute(sql`SELECT code, center_lat AS lat, center_lon AS lon FROM regions WHERE name = '余东村'`) as unknown as { rows: { code: string; lat: number; lon: number }[] }).rows;
    const door = { lat: Number(c.lat), lon: Number(c.lon) + 0.0004 };
    const grid = await vb.services.users.actorOf(await id('yudong.grid'));
    const member = await vb.services.users.actorOf(await id('yudong.party'));
    // a 联事 task of 余东村 accepted 95 days ago, a visit every 6 days since, reviewed the next day (every fourth sent back)
    const start = Date.now() - 95 * DAY;
    const task = await vb.services.partyTasks.publish(grid, { kind: 'issue', regionCode: c.code, subject: '村道护栏巡看', frequencyDays: 7, ...door }, new Date(start));
    await vb.services.partyTasks.act(member, task.id, 'claim', undefined, new Date(start + 3_600_000));
    await vb.services.partyTasks.act(grid, task.id, 'accept', undefined, new Date(start + 2 * 3_600_000));
    for (let k = 0, t = start + DAY; t < Date.now() - 3_600_000; k++, t += 6 * DAY) {
      const logId = randomUUID();
      await vb.services.partyVisits.log(member, { id: logId, taskId: task.id, visitedAt: new Date(t).toISOString(), ...door, accuracyM: 12, note: `护栏完好，第 ${k + 1} 次巡看` }, new Date(t + 600_000));
      if (t + DAY < Date.now()) await vb.services.partyVisits.review(grid, logId, k % 4 === 3 ? { decision: 'rejected', reason: '记录太简单' } : { decision: 'valued' }, new Date(t + DAY));
      logged++;
    }
    await vb.platform.events.flush();
  });
  after(async () => {
    await site?.close();
  });

  const shot = async (page: Page, name: string) => {
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `partywork-console-${name}.png`), fullPage: true });
  };
  const fitsPhone = async (page: Page, label: string) => {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= PHONE.width, `${label}: the page is ${w} px wide on a 390 px phone`);
  };
  const tab = (page: Page, name: string) => page.getByTestId('pwc-tabs').getByRole('tab', { name }).click();

  it('the district leader reads the console, switches tabs and downloads the 先锋考评 sheet, at 1440×900 and on a 390-px phone', async () => {
    assert.ok(logged >= 12, `${logged} visits written`);
    for (const [viewport, label] of [[CONSOLE, '1440'], [PHONE, '390']] as const) {
      const page = await staffPage(site, 'leader', viewport);
      if (viewport === CONSOLE) await page.getByTestId('nav').getByText('党建工作台').click();
      else await page.goto(`${site.base}/app/party-rankings`);
      await page.getByTestId('pwc-page').waitFor();
      // the trend: the year's figure and a drawn chart
      await page.getByTestId('pwc-trend-chart').locator('canvas').first().waitFor();
      const total = Number((await page.getByTestId('pwc-trend-logged').locator('.ant-statistic-content-value').innerText()).replace(/[^0-9]/g, ''));
      assert.ok(total >= logged, `the trend counts ${total} visits, ${logged} written`);
      // members: names masked
      await page.getByTestId('pwc-member').first().waitFor();
      const names = await page.getByTestId('pwc-member').allInnerTexts();
      assert.ok(names.some((n) => n.includes('余*洪')), names.slice(0, 5).join(' | '));
      assert.ok(!names.some((n) => n.includes('余仁洪')), 'no full name in the list');
      if (viewport === PHONE) await fitsPhone(page, 'members');
      await shot(page, `members-${label}`);
      // branches: both, the 兼合式 one tagged; the sheet downloads
      await tab(page, '支部');
      const yudong = page.getByTestId('pwc-branch').filter({ hasText: '余东村党支部' });
      await yudong.waitFor();
      await page.getByTestId('pwc-branch').filter({ hasText: '学苑新村兼合式党支部' }).filter({ hasText: '兼合式' }).first().waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), yudong.getByTestId('pwc-appraisal').click()]);
      const sheet = await readXlsxRows(fs.readFileSync((await download.path())!));
      assert.match(String(sheet[0][0]), /余东村党支部 \d{4} 年度党员先锋考评表/);
      assert.ok(sheet.some((r) => r[1] === '余仁洪'), 'the member by name in the sheet');
      if (viewport === PHONE) await fitsPhone(page, 'branches');
      await shot(page, `branches-${label}`);
      // tasks: the 联事 task with its visits
      await tab(page, '联户任务');
      await page.getByTestId('pwc-task').filter({ hasText: '村道护栏巡看' }).waitFor();
      if (viewport === PHONE) await fitsPhone(page, 'tasks');
      await shot(page, `tasks-${label}`);
      // rankings (the same component as the grid worker's)
      await tab(page, '排行');
      await page.getByTestId('pw-rank-branch').filter({ hasText: '余东村党支部' }).first().waitFor();
      if (viewport === PHONE) await fitsPhone(page, 'rankings');
      await shot(page, `rankings-${label}`);
      await page.close();
    }
  });

  it('沟溪乡\'s leader sees 余东村\'s branch and not 紫荆社区\'s', async () => {
    const page = await staffPage(site, 'gouxi.leader', CONSOLE);
    await page.getByTestId('nav').getByText('党建工作台').click();
    await page.getByTestId('pwc-trend-chart').locator('canvas').first().waitFor();
    await tab(page, '支部');
    await page.getByTestId('pwc-branch').filter({ hasText: '余东村党支部' }).waitFor();
    assert.equal(await page.getByTestId('pwc-branch').filter({ hasText: '学苑新村' }).count(), 0);
    await shot(page, 'gouxi-branches-1440');
    await page.close();
  });
});
