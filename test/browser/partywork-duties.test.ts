/**
 * Issue 17's party-work duties in Chromium, on the demo: the member 余仁洪 (yudong.party, a 390-px
 * phone) reads 我的月报 for last month beside the month before; the branch secretary 余建华, who logs in
 * by phone, sees 需要关心的党员 — 余海平, away in 杭州 with no visit for 30 days; the grid worker of 余东村
 * (console 1440×900 and a phone) sees this month's target and 「已超过3个工作日」 on a visit left unreviewed.
 * Every page is shot into test-results/ and no phone page scrolls sideways.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { periodOf } from '../../src/platform/periods.ts';
import { residentPage, SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

const CONSOLE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const DAY = 86_400_000;

/** Visits logged last month: the one ten days before the month, and the one ten days ago when that was last month too. */
let lastMonthVisits = 0;

describe('party work duties: 我的月报, 需要关心的党员, the target and 已超过3个工作日, in Chromium', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
    const { vb } = site;
    const id = async (username: string) => (await vb.platform.database.raw<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]))[0].id;
    const member = await vb.services.users.actorOf(await id('yudong.party'));
    const grid = await vb.services.users.actorOf(await id('yudong.grid'));
    // the register has been kept for two months (the demo registers everyone today)
    await vb.platform.database.raw("UPDATE party_members SET created_at = now() - interval '60 days'", []);
    const [task] = await vb.platform.database.raw<{ id: string; lat: number; lon: number }>("SELECT id, lat, lon FROM party_tasks WHERE member_id = $1 AND state = 'active'", [member.id]);
    const visit = async (at: number, note: string) => (await vb.services.partyVisits.log(member, {
      id: randomUUID(), taskId: task.id, visitedAt: new Date(at).toISOString(), lat: Number(task.lat), lon: Number(task.lon), accuracyM: 9, note,
    }, new Date(at + 60_000))).log;
    // a 联户 task of his too, so the month has a target (households × visits each)
    const [home] = await vb.platform.database.raw<{ id: string }>("SELECT h.id FROM households h JOIN regions r ON h.region_code LIKE r.code || '%' WHERE r.name = '余东村' ORDER BY h.created_at LIMIT 1", []);
    const held = await vb.services.partyTasks.publish(grid, { kind: 'household', householdId: home.id, frequencyDays: 14, lat: Number(task.lat), lon: Number(task.lon) });
    await vb.services.partyTasks.act(member, held.id, 'claim');
    await vb.services.partyTasks.act(grid, held.id, 'accept');
    const now = Date.now();
    const lastMonth = periodOf('month', new Date(now)).from.getTime() - 10 * DAY;
    const valued = await visit(lastMonth, '护栏第三根松动，已拍照上报');
    await vb.services.partyVisits.review(grid, valued.id, { decision: 'valued' }, new Date(lastMonth + DAY));
    await visit(now - 10 * DAY, '雨后水位涨了些，护栏无新松动');
    lastMonthVisits = 1 + (periodOf('month', new Date(now - 10 * DAY)).start === periodOf('month', new Date(lastMonth)).start ? 1 : 0);
    await vb.platform.events.flush();
    await vb.services.partyDuties.escalateReviews(new Date(now));
    await vb.services.partyDuties.remindInactive(new Date(now));
    const made = await vb.services.partySummaries.generate(new Date(now));
    assert.ok(made.written > 0, JSON.stringify(made));
  });
  after(async () => {
    await site?.close();
  });

  const shot = async (page: Page, name: string) => {
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `partywork-duties-${name}.png`), fullPage: true });
  };
  const fitsPhone = async (page: Page, label: string) => {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= PHONE.width, `${label}: the page is ${w} px wide on a 390 px phone`);
  };

  it('the member reads 我的月报 on the phone', async () => {
    const page = await staffPage(site, 'yudong.party', PHONE, { isMobile: true });
    await page.goto(`${site.base}/app/party`);
    const reports = page.getByTestId('pw-reports');
    await reports.waitFor();
    assert.match(await reports.innerText(), /我的月报/);
    assert.equal(await reports.getByTestId('pw-report-figure').count(), 4);
    assert.match(await reports.getByTestId('pw-report-figure').first().innerText(), new RegExp(`^${lastMonthVisits}\\s*走访`));
    await page.getByTestId('pw-my-target').waitFor();
    await fitsPhone(page, 'member duties');
    await shot(page, 'member-390');
    await page.close();
  });

  it('the branch secretary sees 需要关心的党员 on the phone', async () => {
    const page = await residentPage(site, '13520000001');
    await page.getByTestId('resident-nav').getByText('党员', { exact: true }).click();
    const care = page.getByTestId('pw-care');
    await care.waitFor();
    await care.getByTestId('pw-care-item').filter({ hasText: '余海平' }).waitFor();
    assert.equal(await care.getByTestId('pw-care-item').filter({ hasText: '余仁洪' }).count(), 0, 'he visited ten days ago');
    await fitsPhone(page, 'secretary');
    await shot(page, 'secretary-390');
    await page.close();
  });

  it('the grid worker sees the target and 已超过3个工作日 on the console and the phone', async () => {
    for (const [viewport, label] of [[CONSOLE, '1440'], [PHONE, '390']] as const) {
      const page = await staffPage(site, 'yudong.grid', viewport, viewport === PHONE ? { isMobile: true } : {});
      await page.goto(`${site.base}/app/party-work/review`);
      await page.getByTestId('pw-targets').getByTestId('pw-target-area').first().waitFor();
      const late = page.getByTestId('pw-review-item').filter({ has: page.getByTestId('pw-overdue') });
      await late.first().waitFor();
      assert.match(await late.first().innerText(), /已超过3个工作日/);
      if (viewport === PHONE) await fitsPhone(page, 'grid worker');
      await shot(page, `grid-${label}`);
      await page.close();
    }
  });
});
