/**
 * The demo's cameras in Chromium: the simulator plays 府山街道's streets and bins; in 智能摄像头 the
 * street command room sees one vendor warned and gone (no case), another warned and still there (a case
 * for enforcement), and a bin that overflowed with its snapshot; the cleaner's bell rings on the phone,
 * the cleaner signs and sends the photo, and the case closes; the cleaning company's response shows in
 * the performance table.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { simulateCameras } from '../../src/demo/camera-sim.ts';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('AI cameras in Chromium', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  it('vendors warned (one leaves, one stays), a bin overflows and the cleaner\'s photo closes it, all in the console', async () => {
    const vb = site.vb;
    // speakers are quiet at night in Beijing; this runs at any hour
    await vb.platform.database.raw(`INSERT INTO camera_policies (category_code, overrides) VALUES ('0501', '{"quietHours": [0, 0]}')`, []);
    await vb.services.cameraPolicies.load();
    const r = await simulateCameras({ url: site.base, minutes: 6, fast: true, log: () => {} });
    assert.equal(r.warnings, 2);
    await vb.services.cameraIntake.idle();
    // time passes: the grace periods end, the bin has been quiet for a while
    await vb.platform.database.raw("UPDATE camera_episodes SET action_due_at = action_due_at - interval '12 minutes', last_at = last_at - interval '12 minutes' WHERE action IN ('warned', 'notified')", []);
    await vb.services.cameraActions.sweep();

    const page = await staffPage(site, 'fushan.operator');
    await page.getByRole('menuitem', { name: '智能摄像头' }).click();
    const list = page.getByTestId('episode-list');
    await list.getByTestId('episode').filter({ hasText: '府山街口1' }).getByText('已劝离').waitFor();
    await list.getByTestId('episode').filter({ hasText: '府山街口2' }).getByText('已立案').waitFor();
    const bin = list.getByTestId('episode').filter({ hasText: '府山1号垃圾桶点' });
    await bin.getByText('已通知并立案').waitFor();
    await bin.locator('img').first().waitFor();
    await page.getByTestId('camera-table').getByText('府山1号垃圾桶点').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'cameras-console.png') });
    // a false positive marked by staff shows in the camera's rate
    await list.getByTestId('episode').filter({ hasText: '府山停车点1' }).getByTestId('mark-fp').click();
    await page.getByTestId('camera-table').locator('tr', { hasText: '府山停车点1' }).getByText('100%').waitFor();

    // the cleaner, on the phone: the bell, the task, sign, photo → closed
    const cleaner = await staffPage(site, 'fushan.cleaner', { width: 390, height: 844 });
    await cleaner.getByTestId('bell-count').getByText('1').waitFor();
    await cleaner.getByTestId('bell').click();
    await cleaner.getByTestId('notifications').getByText(/垃圾桶满溢：府山1号垃圾桶点|府山1号垃圾桶点：垃圾桶满溢/).waitFor();
    await cleaner.waitForTimeout(400); // the popover's fade-in
    await cleaner.screenshot({ path: path.join(SHOTS, 'cameras-cleaner-bell.png') });
    await cleaner.keyboard.press('Escape');
    await cleaner.goto(`${site.base}/app/tasks`);
    await cleaner.getByTestId('task-item').filter({ hasText: '府山1号垃圾桶点' }).click();
    await cleaner.getByTestId('act-sign').click();
    await cleaner.getByTestId('case-state').getByText('处置中').waitFor();
    await cleaner.getByTestId('act-feedback').click();
    await cleaner.getByTestId('action-note').fill('已清运，桶周边已清扫');
    const photo = path.join(SHOTS, 'bin-clean.jpg');
    await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 120, b: 80 } } }).jpeg().toFile(photo);
    await cleaner.locator('.ant-modal input[type=file]').setInputFiles(photo);
    await cleaner.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor();
    await cleaner.locator('.ant-modal-footer .ant-btn-primary').click();
    await cleaner.getByTestId('case-state').getByText('已结案').waitFor({ timeout: 15_000 });
    await cleaner.screenshot({ path: path.join(SHOTS, 'cameras-cleaner-closed.png') });

    await page.getByRole('tab', { name: '保洁考核' }).click();
    const row = page.getByTestId('cleaning-table').locator('tr', { hasText: '府山街道城市环境保洁公司' });
    await row.waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'cameras-cleaning.png') });
    assert.match(await row.innerText(), /府山社区\s+1\s+1/);
  });

  it('an administrator adds a camera in the console and gets its token once; it pushes with it', async () => {
    const page = await staffPage(site, 'admin');
    await page.getByRole('menuitem', { name: '智能摄像头' }).click();
    await page.getByTestId('camera-add').click();
    await page.getByTestId('camera-name').fill('余东村村口');
    await page.getByTestId('camera-lat').fill('28.97');
    await page.getByTestId('camera-lon').fill('118.87');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const token = (await page.getByTestId('camera-token').innerText()).trim();
    assert.match(token, /^[A-Za-z0-9_-]{20,}$/);
    await page.screenshot({ path: path.join(SHOTS, 'cameras-add.png') });
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const r = await fetch(`${site.base}/api/v1/cameras/${token}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"heartbeat": true}' });
    assert.deepEqual(await r.json(), { taken: 0, heartbeat: true, refused: [] });
  });

  it('a camera name written as HTML is shown as text on the map, never run (issue 11, fault 15)', async () => {
    const name = '<img src=x onerror="window.__vbXss=1">摄像头';
    await site.vb.services.cameras.add(null, { name, lon: 118.873, lat: 28.9705 });
    const page = await staffPage(site, 'admin');
    await page.getByRole('menuitem', { name: '智能摄像头' }).click();
    // the map's labels are tooltips: hover the marker of this camera (labels show on hover)
    await page.waitForSelector('.leaflet-interactive');
    // markers overlap at the district's zoom: open each one's tooltip by its own mouseover, not by the pointer
    const labels: string[] = [];
    const markers = await page.locator('.leaflet-interactive').all();
    for (const marker of markers) {
      await marker.dispatchEvent('mouseover');
      labels.push(...(await page.locator('.leaflet-tooltip').allInnerTexts()));
      assert.equal(await page.locator('.leaflet-tooltip img').count(), 0, 'no element made from the name');
      await marker.dispatchEvent('mouseout');
    }
    assert.equal(await page.evaluate(() => (window as unknown as { __vbXss?: number }).__vbXss), undefined, 'the name did not run');
    assert.ok(labels.some((t) => t.includes('<img src=x')), `the name is shown as text: ${labels.join(' | ')}`);
  });
});
