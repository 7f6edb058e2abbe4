/**
 * The seed's 一键巡库 in Chromium on a phone: the district's reservoir officer walks 杨家源水库 (GPS track
 * from the phone, latest readings beside the checklist), finds debris on the downstream slope, photographs
 * it and opens a case in one tap; 石梁镇's command room hands it to 麻蓬村's grid worker, who finds it in
 * their tasks on the phone.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('reservoir inspection on the phone in Chromium', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  it('debris on 杨家源水库\'s downstream slope: inspected, photographed, a case in one tap, dispatched to 麻蓬村', async () => {
    const [asset] = await site.vb.platform.database.raw<{ id: string; lon: number; lat: number }>("SELECT id, lon, lat FROM assets WHERE name = '杨家源水库'", []);
    await fetch(`${site.base}/api/v1/demo-r01-water_level/telemetry`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ level: 111.36 }) });
    const phone = { width: 390, height: 844 };
    const page = await staffPage(site, 'water.officer', phone, { isMobile: true, geolocation: { latitude: asset.lat, longitude: asset.lon }, permissions: ['geolocation'] });
    const context = page.context();
    await page.goto(`${site.base}/app/inspect`);
    const row = page.getByTestId('inspect-asset').filter({ hasText: '杨家源水库' });
    await row.getByTestId('inspect-start').click();
    await page.getByTestId('inspection').waitFor();
    await page.getByTestId('latest-readings').getByText('111.36').waitFor();
    // walking along the dam: the phone reports new positions
    for (let i = 1; i <= 4; i++) await context.setGeolocation({ latitude: asset.lat + i * 0.0002, longitude: asset.lon + i * 0.0003 });

    for (const item of ['dam_crest', 'upstream_slope', 'spillway', 'seepage_points', 'gauges']) {
      await page.getByTestId(`item-${item}`).getByTestId('item-ok').click();
      await page.getByTestId(`item-${item}`).locator('[data-testid=item-ok][aria-pressed=true]').waitFor();
    }
    const slope = page.getByTestId('item-downstream_slope');
    await slope.getByTestId('item-failed').click();
    await slope.getByTestId('item-note').fill('下游坝坡杂物较多，需清理');
    const photo = path.join(SHOTS, 'slope.jpg');
    fs.writeFileSync(photo, await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 110, g: 130, b: 70 } } }).jpeg().toBuffer());
    await slope.getByTestId('item-photo').setInputFiles(photo);
    await slope.locator('img').waitFor();
    await slope.getByTestId('item-save').click();
    await slope.getByTestId('item-case').click();
    await slope.getByText('已生成事件').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'inspection-phone.png'), fullPage: true });
    await page.getByTestId('inspect-finish').click();
    await page.getByText('巡查完成').first().waitFor();
    const [insp] = await site.vb.platform.database.raw<{ state: string; points: number; case_id: string }>(
      "SELECT i.state, jsonb_array_length(i.track) AS points, it.case_id FROM inspections i JOIN inspection_items it ON it.inspection_id = i.id AND it.item = 'downstream_slope' WHERE i.asset_id = $1", [asset.id]);
    assert.equal(insp.state, 'finished');
    assert.ok(insp.points >= 2, `the walk was tracked (${insp.points} points)`);

    // 石梁镇's command room registers it and hands it to 麻蓬村's grid worker
    const idOf = async (username: string) => (await site.vb.platform.database.raw<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]))[0].id;
    const opActor = await site.vb.services.users.actorOf(await idOf('shiliang.operator'));
    await site.vb.services.cases.act(opActor, insp.case_id, { action: 'register', categoryCode: '1202' });
    await site.vb.services.cases.act(opActor, insp.case_id, { action: 'dispatch', assigneeId: await idOf('mapeng.grid') });
    const grid = await staffPage(site, 'mapeng.grid', phone, { isMobile: true });
    await grid.goto(`${site.base}/app/tasks`);
    await grid.getByTestId('task-item').filter({ hasText: '下游坝坡' }).waitFor();
    await grid.screenshot({ path: path.join(SHOTS, 'inspection-task.png') });
    await context.close();
    await grid.context().close();
  });
});
