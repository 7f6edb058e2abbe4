/**
 * Maps without MAP_TILE_URL (issue 12 item 8): the offline base map draws the real 柯城区 outline with the
 * townships and villages, their names and a scale, on a wide screen and on a phone; on the report page
 * the villager picks the village, then drags the pin to the house, and the case is where the pin was put.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { residentPage, SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('maps in Chromium', () => {
  let site: DemoSite;

  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  /** The base map is drawn: the outline as an SVG path, names on it, a scale, and no tile requested. */
  const assertOfflineMap = async (page: Page, testId: string) => {
    const map = page.getByTestId(testId);
    await map.locator('.leaflet-vbBase-pane path').first().waitFor();
    await map.locator('.vb-map-label, .vb-label').first().waitFor();
    await map.locator('.leaflet-control-scale-line').waitFor();
    assert.match((await map.locator('.leaflet-control-scale-line').textContent()) ?? '', /\d+\s*k?m/);
    assert.equal(await map.locator('.leaflet-tile').count(), 0, 'no tiles without MAP_TILE_URL');
    const paths = await map.locator('.leaflet-vbBase-pane path').count();
    assert.ok(paths >= 1, `the district outline (${paths} paths)`);
    const box = await map.boundingBox();
    assert.ok(box && box.width > 200 && box.height > 150, JSON.stringify(box));
  };

  it('shows the district outline, names and a scale offline at 1440×900', async () => {
    // the reservoirs on the district: their names, the township lines
    const page = await staffPage(site, 'water.officer', { width: 1440, height: 900 });
    await page.getByRole('menuitem', { name: '水库监测' }).click();
    const map = page.locator('.vb-map').first();
    await map.locator('.leaflet-vbBase-pane path').first().waitFor();
    const testId = await map.getAttribute('data-testid');
    await assertOfflineMap(page, testId!);
    await map.locator('.vb-label', { hasText: '杨家源水库' }).waitFor();
    assert.ok(await map.locator('.leaflet-vbBase-pane path').count() >= 17, 'the outline and the 16 townships');
    await page.screenshot({ path: path.join(SHOTS, 'maps-offline-1440.png') });
    await page.close();
    // the region page: the district's townships named on the outline
    const admin = await staffPage(site, 'admin', { width: 1440, height: 900 });
    await admin.getByRole('menuitem', { name: '区划与网格' }).click();
    await assertOfflineMap(admin, 'region-map');
    await admin.getByTestId('region-map').locator('.vb-label', { hasText: '石梁镇' }).waitFor();
    await admin.screenshot({ path: path.join(SHOTS, 'maps-regions-1440.png') });
    await admin.close();
  });

  it('on a phone, choosing a village and dragging the pin reports the case where the pin was put', async () => {
    const villager = await residentPage(site, '13800000001');
    await villager.getByTestId('resident-nav').getByText('随手拍').click();
    await villager.getByTestId('pin-map').locator('.leaflet-vbBase-pane path').first().waitFor();
    await villager.getByTestId('pin-map').locator('.leaflet-control-zoom-in').click(); // the whole district is too small to name on a phone
    await assertOfflineMap(villager, 'pin-map');
    assert.ok(await villager.getByTestId('pin-map').locator('.leaflet-vbBase-pane path').count() >= 17, 'the outline and the 16 townships');
    await villager.getByTestId('pin-map').locator('.vb-map-label', { hasText: '沟溪乡' }).waitFor();
    await villager.screenshot({ path: path.join(SHOTS, 'maps-offline-390.png') });
    const scrollWidth = await villager.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= 390, `no horizontal scroll (${scrollWidth})`);

    await villager.getByTestId('category').click();
    await villager.keyboard.type('焚烧');
    await villager.locator('.ant-select-dropdown .ant-select-item-option:visible', { hasText: '焚烧垃圾/草皮' }).click();
    await villager.getByTestId('report-text').fill('屋后有人焚烧草皮，图钉拖到了我家后面');
    await villager.getByTestId('village').click();
    await villager.keyboard.type('余东村');
    await villager.locator('.ant-select-dropdown .ant-select-item-option:visible', { hasText: '余东村' }).first().click();
    await villager.getByTestId('pin-hint').getByText('拖到准确位置').waitFor();
    await villager.getByTestId('pin-map').locator('.vb-map-label', { hasText: '余东村' }).waitFor();
    const [centre] = await site.vb.platform.database.raw<{ center_lon: number; center_lat: number }>("SELECT center_lon, center_lat FROM regions WHERE name = '余东村'", []);

    // drag the pin 60 px right and 40 px up: east and north of the village centre
    const pin = villager.getByTestId('pin-map').locator('.vb-pin');
    const b = (await pin.boundingBox())!;
    await villager.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await villager.mouse.down();
    await villager.mouse.move(b.x + b.width / 2 + 30, b.y + b.height / 2 - 20, { steps: 5 });
    await villager.mouse.move(b.x + b.width / 2 + 60, b.y + b.height / 2 - 40, { steps: 5 });
    await villager.mouse.up();
    await villager.getByTestId('where').getByText('地图').waitFor();
    await villager.screenshot({ path: path.join(SHOTS, 'maps-pin-dragged-390.png') });
    await villager.getByTestId('submit-report').click();
    await villager.getByTestId('report-done').waitFor();
    const no = (await villager.getByTestId('report-done').textContent())!.match(/\d{8}-\d{6}/)![0];
    const [{ id }] = await site.vb.platform.database.raw<{ id: string }>('SELECT id FROM cases WHERE no = $1', [no]);
    const c = await villager.evaluate(async (caseId) => (await fetch(`/api/cases/${caseId}`)).json(), id) as { lon: number; lat: number; villageCode: string };
    const east = (c.lon - centre.center_lon) * 111_320 * Math.cos((centre.center_lat * Math.PI) / 180);
    const north = (c.lat - centre.center_lat) * 110_570;
    // at zoom 15 a pixel is ≈ 4 m here: 60 px ≈ 250 m east, 40 px ≈ 170 m north
    assert.ok(east > 100 && east < 500, `moved east by ${east.toFixed(0)} m`);
    assert.ok(north > 60 && north < 350, `moved north by ${north.toFixed(0)} m`);
    await villager.close();
  });
});
