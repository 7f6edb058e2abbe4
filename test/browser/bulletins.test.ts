/**
 * Bulletins (issue 18 item 4) in Chromium, on the demo with ten weeks of history: 沟溪乡's leader opens
 * 通报考核 — the last four weeks' 周通报 and last month's 月督查, each with its PDF and Excel file and
 * content hash — opens last week's from the in-app message's link (its ranking of 沟溪乡's villages, 红黑榜,
 * overdue and 督办 lists) and downloads both files; the township's operator reads the list on a phone.
 * A district's staff of another township sees none of them. Screenshots at 1440×900 and 390 px in test-results/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { CHROMIUM_ARGS, type DemoSite, SHOTS, staffPage } from './helpers.ts';

describe('bulletins in Chromium', () => {
  let site: DemoSite;
  let vb: TestApp;
  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    vb = await createTestApp('pglite', { SERVE_WEB: 'true' });
    // ten weeks of history: enough for four weekly bulletins, last month's and the periods before them
    await seedDemo(vb.platform, vb.services, { history: { days: 70 } });
    await vb.services.regions.rebuildIndex();
    await vb.platform.events.flush();
    await vb.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(vb.app.server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    site = { vb, browser, base, close: async () => { await browser.close(); await vb.destroy(); } };
  });
  after(async () => {
    await site?.close();
  });

  it('沟溪乡\'s leader: the list with files and hashes, last week\'s from the message\'s link, both files downloaded', async () => {
    const page = await staffPage(site, 'gouxi.leader', { width: 1440, height: 900 });
    await page.getByTestId('nav').getByText('通报考核').click();
    const table = page.getByTestId('bulletins-table');
    await table.getByText(/沟溪乡〔\d{4}〕第\d+期/).first().waitFor();
    const rows = await table.locator('tbody tr.ant-table-row').count();
    assert.equal(rows, 5, 'four 周通报 and one 月督查');
    assert.match(await table.innerText(), /月督查通报/);
    await page.screenshot({ path: path.join(SHOTS, 'bulletins-list-1440.png') });

    // the in-app message leads to the bulletin
    await page.getByTestId('bell').click();
    await page.getByTestId('notification').filter({ hasText: '周通报' }).first().click();
    await page.getByTestId('bulletin').waitFor();
    assert.match(await page.getByTestId('bulletin-number').innerText(), /周通报 · 沟溪乡〔\d{4}〕第\d+期/);
    const ranking = await page.getByTestId('bulletin-ranking').innerText();
    for (const v of ['余东村', '沟溪村', '斗目垅村', '碗窑村']) assert.ok(ranking.includes(v), `${v} is in the ranking`);
    assert.match(await page.getByTestId('bulletin-change').innerText(), /较上期/);
    assert.match(await page.getByTestId('bulletin-indices').innerText(), /余东村/, 'the party branches\' index table');
    await page.screenshot({ path: path.join(SHOTS, 'bulletin-view-1440.png'), fullPage: true });

    // both files, with the leader's session
    const pdfHref = await page.locator('[data-testid^="bulletin-pdf-"]').first().getAttribute('href');
    const xlsxHref = await page.locator('[data-testid^="bulletin-xlsx-"]').first().getAttribute('href');
    const pdf = await page.request.get(`${site.base}${pdfHref}`);
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    const xlsx = await page.request.get(`${site.base}${xlsxHref}`);
    assert.equal(xlsx.status(), 200);
    assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK');
    assert.match(xlsx.headers()['content-disposition'], /filename\*=UTF-8''%E5%91%A8%E9%80%9A%E6%8A%A5/);
    await page.close();
  });

  it('沟溪乡\'s leader makes a missing 月督查 from the console (the month before last) on a phone; pressing again opens the same one', async () => {
    const page = await staffPage(site, 'gouxi.leader', { width: 390, height: 844 });
    await page.goto(`${site.base}/app/bulletins`);
    await page.getByTestId('bulletin-make-open').click();
    await page.getByTestId('bulletin-make-region').getByText('沟溪乡').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'bulletins-make-390.png'), fullPage: true });
    const local = new Date(Date.now() + 8 * 3_600_000);
    const before = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 2, 1)).toISOString().slice(0, 10);
    const count = async () => (await vb.services.bulletins.list(null)).length;
    const n = await count();
    const make = async () => {
      if (await page.getByTestId('bulletin-make-open').isVisible()) await page.getByTestId('bulletin-make-open').click();
      await page.getByTestId('bulletin-make').getByText('月督查').click();
      await page.getByTestId('bulletin-make-start').fill(before);
      await page.getByTestId('bulletin-make-go').click();
      await page.getByTestId('bulletin-number').waitFor();
    };
    await make();
    assert.match(await page.getByTestId('bulletin-number').innerText(), /月督查通报 · 沟溪乡〔\d{4}〕第\d+期/);
    assert.equal(await count(), n + 1);
    await page.getByTestId('bulletin-back').click();
    await make();
    assert.equal(await count(), n + 1, 'the same period is not made twice');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), 'nothing wider than the phone');
    await page.close();
  });

  it('the township\'s operator reads them on a phone; another township\'s command room sees none', async () => {
    const page = await staffPage(site, 'gouxi.operator', { width: 390, height: 844 });
    await page.goto(`${site.base}/app/bulletins`);
    await page.getByTestId('bulletins-table').getByText(/沟溪乡〔\d{4}〕第\d+期/).first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'bulletins-list-390.png'), fullPage: true });
    await page.getByTestId('bulletins-table').getByText(/沟溪乡〔\d{4}〕第\d+期/).first().click();
    await page.getByTestId('bulletin-ranking').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'bulletin-view-390.png'), fullPage: true });
    await page.close();

    const other = await staffPage(site, 'room.101', { width: 1440, height: 900 });
    const list = await other.request.get(`${site.base}/api/bulletins`);
    assert.equal(list.status(), 200);
    assert.equal((await list.json()).items.length, 0);
    const id = (await vb.services.bulletins.list(null))[0].id;
    assert.equal((await other.request.get(`${site.base}/api/bulletins/${id}/files/pdf`)).status(), 404);
    await other.close();
  });
});
