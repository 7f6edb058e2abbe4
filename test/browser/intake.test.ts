/**
 * 立案并派遣 (issue 12.4) in Chromium: gouxi.operator registers and dispatches a resident's report in
 * one step, the grid worker of the report's grid preselected ("this grid's worker"), the command room
 * not among the targets — at 1440×900 and on a 390-px phone. Screenshots in test-results/intake-*.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import type { TestApp } from '../helpers/app.ts';
import { residentPage, SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('intake: register and dispatch in one step', () => {
  let site: DemoSite;
  let vb: TestApp;
  before(async () => {
    site = await startDemoSite();
    ({ vb } = site);
  });
  after(async () => {
    await site?.close();
  });

  /** A resident of 余东村 reports from the phone (through the API the H5 form uses). */
  async function residentReport(title: string, categoryCode: string): Promise<{ id: string; no: string }> {
    const home = await residentPage(site, '13800000001');
    const yudong = (await vb.platform.db.execute(sql`SELECT center_lon, center_lat FROM regions WHERE name = '余东村第1网格'`) as unknown as { rows: { center_lon: number; center_lat: number }[] }).rows[0];
    const r = await home.evaluate(async ({ lon, lat, title, categoryCode }) => {
      const res = await fetch('/api/cases', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title, description: '请尽快处理', categoryCode, lon, lat }) });
      return { status: res.status, body: await res.json() };
    }, { lon: yudong.center_lon, lat: yudong.center_lat, title, categoryCode });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await home.close();
    return r.body;
  }

  async function registerAndDispatch(page: Page, c: { id: string; no: string }, shot: string) {
    await page.goto(`${site.base}/app/cases/${c.id}`);
    await page.getByTestId('act-register_dispatch').click();
    const dialog = page.getByTestId('dialog-register_dispatch');
    await dialog.waitFor();
    // the suggestion is preselected: the grid worker of the report's grid, by role, without typing her name
    const target = dialog.getByTestId('dispatch-target');
    await target.getByText('本网格网格员 · 余东村网格员 余丽（推荐）').waitFor();
    await page.screenshot({ path: path.join(SHOTS, `intake-${shot}-dialog.png`) });
    if (shot === 'desktop') {
      // another category, another suggestion (its lead organisation); and back
      const category = dialog.locator('.ant-form-item').filter({ hasText: '类别' }).locator('.ant-select');
      await category.click();
      await page.keyboard.type('0101');
      await page.keyboard.press('Enter');
      await target.getByText('沟溪乡综合行政执法中队 · 执法队 · 主办（推荐）').waitFor();
      await page.screenshot({ path: path.join(SHOTS, `intake-${shot}-other-category.png`) });
      await category.click();
      await page.keyboard.type('0107');
      await page.keyboard.press('Enter');
      await target.getByText('本网格网格员 · 余东村网格员 余丽（推荐）').waitFor();
    }
    // the list offers the lead organisations and people, never the command room
    // the category's dropdown may still be fading out: wait for it, and read only the target's options (not "0107 …")
    await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' }).catch(() => {});
    await target.click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasNotText: /^\d{4} / });
    await options.first().waitFor();
    // antd renders the list in steps: read it once it holds the options (a moment on a loaded machine)
    let labels = await options.allTextContents();
    for (let i = 0; i < 30 && labels.length < 2; i++) {
      await page.waitForTimeout(100);
      labels = await options.allTextContents();
    }
    assert.ok(labels.length >= 2, labels.join(' | '));
    assert.ok(!labels.some((l) => l.includes('指挥室')), `no command room among: ${labels.join(' | ')}`);
    await page.screenshot({ path: path.join(SHOTS, `intake-${shot}-targets.png`) });
    await page.keyboard.press('Escape');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByTestId('case-state').getByText('待签收').waitFor();
    await page.getByTestId('case-timeline').getByText('派遣').waitFor();
    await page.screenshot({ path: path.join(SHOTS, `intake-${shot}-done.png`) });
    const widths = await page.evaluate(() => document.documentElement.scrollWidth);
    return widths;
  }

  async function check(id: string) {
    const rows = (await vb.platform.db.execute(sql`
      SELECT c.state, u.username, (SELECT string_agg(action, ',' ORDER BY id) FROM case_timeline WHERE case_id = c.id) AS steps
        FROM cases c JOIN users u ON u.id = c.assignee_id WHERE c.id = ${id}`) as unknown as { rows: { state: string; username: string; steps: string }[] }).rows;
    assert.deepEqual(rows, [{ state: 'DISPATCHED', username: 'yudong.grid', steps: 'report,submit,register,dispatch' }]);
  }

  it('at 1440×900: one dialog, the grid worker preselected, the case dispatched to her', async () => {
    const c = await residentReport('村口有人焚烧草皮', '0107');
    const page = await staffPage(site, 'gouxi.operator', { width: 1440, height: 900 });
    await registerAndDispatch(page, c, 'desktop');
    await check(c.id);
    await page.close();
  });

  it('on a 390-px phone: the same step, nothing wider than the screen', async () => {
    const c = await residentReport('路边焚烧垃圾', '0107');
    const page = await staffPage(site, 'gouxi.operator', { width: 390, height: 844 }, { isMobile: true, hasTouch: true });
    const width = await registerAndDispatch(page, c, 'phone');
    assert.ok(width <= 390, `scrollWidth ${width}`);
    await check(c.id);
    await page.close();
  });
});
