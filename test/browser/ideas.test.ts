/**
 * 金点子 in Chromium, the issue's "Done means": 余大伯 proposes an idea on his 390-px phone and sees the
 * similar-idea hint while typing, two neighbours support it on theirs, 余东村's grid worker adopts it in
 * the console at 1440×900 with a public reason and records 40 % progress, and 余大伯 sees the progress on
 * his phone. Then the polls: the villager's 村里投票 and the console's polls with the paper-ballot entry.
 * Screenshots in test-results/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { type DemoSite, residentPage, SHOTS, staffPage, startDemoSite } from './helpers.ts';

describe('ideas and polls in Chromium', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  it('a villager proposes, neighbours support, the village adopts it and the proposer sees its progress', async () => {
    const phone = await residentPage(site, '13800000001');
    await phone.getByTestId('home-ideas').click();
    await phone.getByTestId('ideas-list').waitFor();
    await phone.screenshot({ path: path.join(SHOTS, 'ideas-list-390.png'), fullPage: true });
    await phone.getByTestId('ideas-new').click();
    await phone.getByTestId('idea-title').fill('祠堂门口路灯坏了');
    // the village already has an idea about its street lights: the hint shows it while he types
    await phone.getByTestId('idea-similar').getByText('上余自然村路灯晚上不亮').waitFor();
    await phone.getByTestId('idea-body').fill('祠堂门口的两盏路灯坏了，晚上看戏回来很黑，希望村里修一修。');
    await phone.screenshot({ path: path.join(SHOTS, 'ideas-new-similar-390.png'), fullPage: true });

    // a photo taken at the spot: its EXIF position places the pin (the shared photo helper reads it)
    const [yd] = await site.vb.platform.database.raw<{ center_lon: number; center_lat: number }>("SELECT center_lon, center_lat FROM regions WHERE name = '余东村'", []);
    const dms = (deg: number) => {
      const d = Math.floor(deg);
      const m = Math.floor((deg - d) * 60);
      return `${d}/1 ${m}/1 ${Math.round(((deg - d) * 60 - m) * 60 * 1000)}/1000`;
    };
    const photo = path.join(SHOTS, 'idea-lamp.jpg');
    await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 60, g: 70, b: 90 } } }).jpeg({ quality: 90 })
      .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(yd.center_lat), GPSLongitudeRef: 'E', GPSLongitude: dms(yd.center_lon) } }).toFile(photo);
    await phone.getByTestId('idea-photo-input').setInputFiles(photo);
    await phone.getByTestId('idea-photo-thumb').waitFor();
    await phone.getByTestId('idea-where').getByText('照片位置').waitFor();
    const fromPhoto = (await phone.getByTestId('idea-where').innerText()).split('·')[1].split(',').map(Number);
    assert.ok(Math.abs(fromPhoto[0] - yd.center_lat) < 1e-4 && Math.abs(fromPhoto[1] - yd.center_lon) < 1e-4, `the photo's position: ${fromPhoto}`);
    // he drags the pin a little east (the lamps are by the ancestral hall, not where he stood)
    const pin = phone.getByTestId('pin-map').locator('.vb-pin');
    await pin.scrollIntoViewIfNeeded();
    const b = (await pin.boundingBox())!;
    await phone.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await phone.mouse.down();
    await phone.mouse.move(b.x + b.width / 2 + 20, b.y + b.height / 2, { steps: 4 });
    await phone.mouse.move(b.x + b.width / 2 + 40, b.y + b.height / 2, { steps: 4 });
    await phone.mouse.up();
    await phone.getByTestId('idea-where').getByText('地图点选').waitFor();
    await phone.screenshot({ path: path.join(SHOTS, 'ideas-new-place-390.png'), fullPage: true });
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scroll on the phone (${width})`);
    await phone.getByTestId('idea-submit').click();
    await phone.getByTestId('idea-card').waitFor();
    const id = phone.url().split('/').pop()!;
    assert.match(id, /^[0-9a-f-]{36}$/);
    const [row] = await site.vb.platform.database.raw<{ lon: number; lat: number; photo_media_ids: string[] }>('SELECT lon, lat, photo_media_ids FROM ideas WHERE id = $1', [id]);
    assert.equal(row.photo_media_ids.length, 1, 'the photo is on the idea');
    const east = (row.lon - yd.center_lon) * 111_320 * Math.cos((yd.center_lat * Math.PI) / 180);
    assert.ok(east > 40 && east < 400 && Math.abs(row.lat - yd.center_lat) < 0.001, `the idea is where the pin was put (${east.toFixed(0)} m east)`);
    // its page shows the place on a small map
    await phone.getByTestId('idea-place-map').locator('.leaflet-interactive').first().waitFor();
    await phone.screenshot({ path: path.join(SHOTS, 'ideas-card-place-390.png'), fullPage: true });

    // the village asks two supports of this one (its staff may set the threshold while it collects)
    const [grid] = await site.vb.platform.database.raw<{ id: string }>("SELECT id FROM users WHERE username = 'yudong.grid'", []);
    await site.vb.services.ideas.configure(await site.vb.services.users.actorOf(grid.id), id, { threshold: 2 });

    for (const [n, neighbour] of ['13800001001', '13800001002'].entries()) {
      const page = await residentPage(site, neighbour);
      await page.goto(`${site.base}/app/ideas/${id}`);
      await page.getByTestId('idea-support').click();
      await page.getByTestId('idea-support').getByText('已支持').waitFor();
      if (n === 1) {
        await page.getByTestId('idea-state').getByText('评估中').waitFor();
        await page.waitForTimeout(600); // the tag's colour and the bar's width animate
        await page.screenshot({ path: path.join(SHOTS, 'ideas-supported-390.png'), fullPage: true });
      }
      await page.close();
    }

    const staff = await staffPage(site, 'yudong.grid', { width: 1440, height: 900 });
    await staff.goto(`${site.base}/app/ideas-admin`);
    await staff.getByTestId('ideas-table').getByText('祠堂门口路灯坏了').click();
    const drawer = staff.getByTestId('idea-admin');
    await drawer.getByTestId('idea-reason').fill('纳入本村微改革项目，由村委会安排电工更换灯具。');
    await staff.screenshot({ path: path.join(SHOTS, 'ideas-admin-answer-1440.png') });
    await drawer.getByTestId('idea-send-answer').click();
    await drawer.getByPlaceholder('进度 %').fill('40');
    await drawer.getByTestId('idea-note').fill('灯具已采购，电工下周施工');
    await drawer.getByTestId('idea-add-milestone').click();
    await drawer.getByText('实施进度 40%').waitFor();
    await staff.screenshot({ path: path.join(SHOTS, 'ideas-admin-progress-1440.png') });
    await staff.getByRole('button', { name: /close|关闭/i }).first().click().catch(() => undefined);
    await staff.keyboard.press('Escape');
    await staff.getByTestId('ideas-figures').waitFor();
    await staff.screenshot({ path: path.join(SHOTS, 'ideas-admin-queue-1440.png') });
    await staff.getByRole('tab', { name: '村里投票' }).click();
    await staff.getByTestId('admin-poll').first().waitFor();
    await staff.screenshot({ path: path.join(SHOTS, 'ideas-admin-polls-1440.png'), fullPage: true });
    // the clerks' voted roll: who already voted on the phone, to cross off before the paper ballots
    await staff.getByTestId('poll-roll').first().click();
    await staff.getByTestId('poll-roll-table').waitFor();
    await staff.getByText('已在手机上投票').waitFor();
    await staff.waitForTimeout(500); // the dialog fades in
    await staff.screenshot({ path: path.join(SHOTS, 'ideas-admin-roll-1440.png') });
    const [sheet] = await Promise.all([staff.waitForEvent('popup'), staff.getByTestId('poll-roll-print').click()]);
    await sheet.getByTestId('roll-sheet').waitFor();
    assert.match(await sheet.title(), /已投名单/);
    await sheet.screenshot({ path: path.join(SHOTS, 'ideas-roll-print.png'), fullPage: true });
    await sheet.close();
    await staff.keyboard.press('Escape');
    await staff.close();

    await phone.goto(`${site.base}/app/ideas/${id}`);
    await phone.getByTestId('idea-progress').getByText('40%').waitFor();
    await phone.getByText('灯具已采购，电工下周施工').waitFor();
    await phone.screenshot({ path: path.join(SHOTS, 'ideas-progress-390.png'), fullPage: true });

    await phone.goto(`${site.base}/app/ideas/polls`);
    await phone.getByTestId('poll-results').first().waitFor();
    await phone.screenshot({ path: path.join(SHOTS, 'ideas-polls-390.png'), fullPage: true });
    await phone.close();
  });
});
