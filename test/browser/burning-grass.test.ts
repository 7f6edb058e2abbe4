/**
 * The seed's scenario in Chromium: a villager of 余东村 reports a farmer burning grass; the 沟溪乡
 * command room registers and dispatches it to the village grid worker, who signs on the phone and
 * feeds back with a photo; the operator verifies and closes; the villager rates. Screenshots in
 * test-results/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import type { TestApp } from '../helpers/app.ts';
import { residentPage, SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('burning grass, end to end in Chromium', () => {
  let site: DemoSite;
  let vb: TestApp;
  let base: string;
  let photo: string;

  before(async () => {
    site = await startDemoSite();
    ({ vb, base } = site);
    photo = path.join(SHOTS, 'fire-out.jpg');
    await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 70, g: 110, b: 60 } } }).jpeg().toFile(photo);
  });
  after(async () => {
    await site?.close();
  });

  const staff = (username: string, viewport?: { width: number; height: number }) => staffPage(site, username, viewport);

  const villager = () => residentPage(site, '13800000001');


  const dialogOk = (page: Page) => page.locator('.ant-modal-footer .ant-btn-primary').click();

  it('report → register → dispatch → sign → feedback with a photo → close → rate', async () => {
    const operator = await staff('gouxi.operator');
    await operator.getByRole('menuitem', { name: '事件中心' }).click();
    await operator.getByTestId('case-queue').waitFor();

    // the villager reports from the phone (the H5 report form is issue 4's; the API is the same)
    const home = await villager();
    const yudong = (await vb.platform.db.execute(sql`SELECT center_lon, center_lat FROM regions WHERE name = '余东村第1网格'`) as unknown as { rows: { center_lon: number; center_lat: number }[] }).rows[0];
    const reported = await home.evaluate(async ({ lon, lat }) => {
      const r = await fetch('/api/cases', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: '村里一农户在屋旁焚烧草皮', description: '存在安全隐患且污染空气，请立即到现场查看处理', categoryCode: '0107', lon, lat }) });
      return { status: r.status, body: await r.json() };
    }, { lon: yudong.center_lon, lat: yudong.center_lat });
    assert.equal(reported.status, 201, JSON.stringify(reported.body));
    const no = reported.body.no as string;
    // the seed: closed 12 minutes after the report. Start the clock 11 minutes ago so the page shows it.
    await vb.platform.db.execute(sql`UPDATE cases SET reported_at = now() - interval '11 minutes' WHERE no = ${no}`);

    // it appears in the live queue without a reload
    const row = operator.getByTestId('case-queue').getByText(no);
    await row.waitFor({ timeout: 15_000 });
    await operator.screenshot({ path: path.join(SHOTS, 'cases-queue.png') });
    await row.click();
    await operator.getByTestId('act-register').click();
    await dialogOk(operator);
    await operator.getByTestId('case-state').getByText('已立案').waitFor();
    await operator.getByTestId('act-dispatch').click();
    await operator.getByTestId('dispatch-target').click();
    await operator.locator('.ant-select-item-option', { hasText: '余东村网格员 余丽' }).click();
    await dialogOk(operator);
    await operator.getByTestId('case-state').getByText('待签收').waitFor();

    // the grid worker, on the phone
    const worker = await staff('yudong.grid', { width: 390, height: 844 });
    await worker.goto(`${base}/app/tasks`);
    await worker.getByTestId('task-item').filter({ hasText: '焚烧草皮' }).click();
    await worker.getByTestId('act-sign').click();
    await worker.getByTestId('case-state').getByText('处置中').waitFor();
    await worker.getByTestId('act-feedback').click();
    await worker.getByTestId('action-note').fill('已到现场，火已扑灭，灰烬已清理，对农户进行了劝导');
    await worker.locator('.ant-modal input[type=file]').setInputFiles(photo);
    await worker.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor();
    await worker.screenshot({ path: path.join(SHOTS, 'grid-worker-feedback.png') });
    await dialogOk(worker);
    await worker.getByTestId('case-state').getByText('待核查').waitFor();

    // the operator sees it change live, verifies and closes
    await operator.getByTestId('case-state').getByText('待核查').waitFor({ timeout: 15_000 });
    await operator.getByTestId('act-close').click();
    await dialogOk(operator);
    await operator.getByTestId('case-state').getByText('已结案').waitFor();
    const elapsed = await operator.getByTestId('case-elapsed').textContent();
    assert.match(elapsed!, /^1[12] 分钟$/, `the seed's 12 minutes, shown as "${elapsed}"`);
    await operator.screenshot({ path: path.join(SHOTS, 'case-closed.png') });

    // the villager rates it
    await home.getByTestId('task-item').filter({ hasText: '焚烧草皮' }).getByText('已办结，请评价').waitFor({ timeout: 15_000 });
    await home.getByTestId('task-item').filter({ hasText: '焚烧草皮' }).click();
    await home.getByTestId('act-rate').click();
    await home.getByTestId('rating').getByText('满意', { exact: true }).click();
    await dialogOk(home);
    await home.getByTestId('case-state').getByText('已办结').waitFor();
    await home.screenshot({ path: path.join(SHOTS, 'villager-rated.png') });
    // what it earned the villager: the report's points, on the village's notice board first (公示)
    await home.getByTestId('resident-nav').getByText('积分').click();
    const earned = home.getByTestId('history-item').filter({ hasText: '焚烧草皮' }).first();
    await earned.waitFor({ timeout: 15_000 });
    assert.match(await earned.innerText(), /公示中/);
    await home.screenshot({ path: path.join(SHOTS, 'villager-points-for-report.png') });

    const timeline = (await operator.getByTestId('case-timeline').textContent())!;
    for (const step of ['上报', '立案', '派遣', '签收', '处置反馈', '核查结案']) assert.ok(timeline.includes(step), step);
    await Promise.all([operator.close(), worker.close(), home.close()]);
  });
});
