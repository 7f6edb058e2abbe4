/**
 * Joint handling (联办) in Chromium: the 沟溪乡 command room dispatches a case to 余东村's grid worker
 * as lead with the township's enforcement squad as co-handler; the grid worker signs and feeds back
 * (the case waits), the squad signs and feeds back on its own phone, and the case reaches verification.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import type { TestApp } from '../helpers/app.ts';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('joint handling in Chromium', () => {
  let site: DemoSite;
  let vb: TestApp;
  let photo: string;

  before(async () => {
    site = await startDemoSite();
    vb = site.vb;
    photo = path.join(SHOTS, 'river-cleared.jpg');
    await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 60, g: 100, b: 140 } } }).jpeg().toFile(photo);
  });
  after(async () => {
    await site?.close();
  });

  const dialogOk = (page: Page) => page.locator('.ant-modal-footer .ant-btn-primary').click();

  async function openTask(username: string, no: string): Promise<Page> {
    const page = await staffPage(site, username, { width: 390, height: 844 });
    await page.goto(`${site.base}/app/tasks`);
    await page.getByTestId('task-item').filter({ hasText: no }).click();
    await page.getByTestId('case-detail').waitFor();
    return page;
  }

  it('lead and co-handler each sign and feed back; the case waits for both', async () => {
    const grid = (await vb.platform.db.execute(sql`SELECT center_lon, center_lat FROM regions WHERE name = '余东村第1网格'`) as unknown as { rows: { center_lon: number; center_lat: number }[] }).rows[0];
    const [{ id: workerId }] = (await vb.platform.db.execute(sql`SELECT id FROM users WHERE username = 'yudong.grid'`) as unknown as { rows: { id: string }[] }).rows;
    const c = await vb.services.cases.report(await vb.services.users.actorOf(workerId), { title: '河道内有人倾倒建筑垃圾', categoryCode: '0102', lon: grid.center_lon, lat: grid.center_lat, source: 'grid_worker' });

    const operator = await staffPage(site, 'gouxi.operator');
    await operator.getByRole('menuitem', { name: '事件中心' }).click();
    await operator.getByTestId('case-queue').getByText(c.no).click();
    await operator.getByTestId('act-register').click();
    await dialogOk(operator);
    await operator.getByTestId('case-state').getByText('已立案').waitFor();
    await operator.getByTestId('act-dispatch').click();
    await operator.getByTestId('dispatch-target').click();
    await operator.locator('.ant-select-dropdown .ant-select-item-option:visible', { hasText: '余东村网格员 余丽' }).click();
    await operator.getByTestId('dispatch-co').click();
    // the open co-handler list, the last of the two dropdowns (a `:visible` filter with last() picked an option that never settled)
    await operator.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '沟溪乡综合行政执法中队' }).last().click();
    await operator.keyboard.press('Escape');
    await dialogOk(operator);
    await operator.getByTestId('co-handlers').getByText('待签收').waitFor();

    const worker = await openTask('yudong.grid', c.no);
    await worker.getByTestId('act-sign').click();
    await worker.getByTestId('case-state').getByText('处置中').waitFor();
    await worker.getByTestId('act-feedback').click();
    await worker.getByTestId('action-note').fill('垃圾已清运，河道恢复');
    await worker.locator('.ant-modal input[type=file]').setInputFiles(photo);
    await worker.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor();
    await dialogOk(worker);
    await worker.getByText('主办已反馈，等待协办单位').waitFor();
    assert.equal(await worker.getByTestId('case-state').textContent(), '处置中');

    const squad = await openTask('gouxi.enforce', c.no);
    await squad.getByTestId('act-co_sign').click();
    await squad.getByTestId('co-handlers').getByText('办理中').waitFor();
    await squad.getByTestId('act-co_feedback').click();
    await squad.getByTestId('action-note').fill('已查明倾倒者并立案处罚');
    await dialogOk(squad);
    await squad.getByTestId('case-state').getByText('待核查').waitFor();
    await squad.screenshot({ path: path.join(SHOTS, 'joint-co-handler-phone.png') });

    await operator.getByTestId('co-handlers').getByText('已反馈').waitFor();
    await operator.getByTestId('act-close').waitFor();
    await operator.screenshot({ path: path.join(SHOTS, 'joint-console.png') });
    const [row] = (await vb.platform.db.execute(sql`SELECT state, co_handlers FROM cases WHERE id = ${c.id}`) as unknown as { rows: { state: string; co_handlers: { status: string }[] }[] }).rows;
    assert.equal(row.state, 'VERIFYING');
    assert.deepEqual(row.co_handlers.map((h) => h.status), ['done']);
  });
});
