/**
 * The citizen channels in Chromium (issue 4's scenarios): a tourist at 余东村 asks where to buy the
 * diamond paintings and the 沟溪乡 command room answers within minutes; a villager reports burning
 * grass with a photo from the phone page, the tourist finds it nearby and says "me too", the case is
 * handled and the villager rates it; an Open311 client creates and reads requests in JSON and XML.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import type { TestApp } from '../helpers/app.ts';
import { residentPage, SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('citizen channels in Chromium', () => {
  let site: DemoSite;
  let vb: TestApp;
  let photo: string;

  before(async () => {
    site = await startDemoSite();
    vb = site.vb;
    photo = path.join(SHOTS, 'burning-grass.jpg');
    await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 120, g: 90, b: 50 } } }).jpeg({ quality: 95 }).toFile(photo);
  });
  after(async () => {
    await site?.close();
  });

  const dialogOk = (page: Page) => page.locator('.ant-modal-footer .ant-btn-primary').click();
  const pickVillage = async (page: Page, name: string) => {
    await page.getByTestId('village').click();
    await page.keyboard.type(name);
    await page.locator('.ant-select-dropdown .ant-select-item-option:visible', { hasText: name }).first().click();
  };

  it('a tourist asks; the command room answers within minutes; the tourist reads the answer and rates it', async () => {
    const tourist = await residentPage(site, '13900000002');
    await tourist.getByTestId('resident-nav').getByText('咨询').click();
    await tourist.getByTestId('report-text').fill('请问村里哪里可以买到钻石画？');
    await pickVillage(tourist, '余东村');
    await tourist.getByTestId('submit-report').click();
    await tourist.getByTestId('report-done').waitFor();
    const no = (await tourist.getByTestId('report-done').textContent())!.match(/\d{8}-\d{6}/)![0];
    await tourist.screenshot({ path: path.join(SHOTS, 'citizen-asked.png') });

    const operator = await staffPage(site, 'gouxi.operator');
    await operator.getByRole('menuitem', { name: '事件中心' }).click();
    const row = operator.getByTestId('case-queue').locator('tr', { hasText: no });
    await row.getByTestId('first-response').waitFor();
    await operator.screenshot({ path: path.join(SHOTS, 'console-question-timer.png') });
    await row.click();
    await operator.getByTestId('act-answer').click();
    await operator.getByTestId('action-note').fill('余东村农民画展厅（文化礼堂旁）有售，营业到下午五点');
    await dialogOk(operator);
    await operator.getByTestId('case-state').getByText('已结案').waitFor();

    await tourist.getByTestId('to-my-reports').click();
    await tourist.getByTestId('task-item').filter({ hasText: '钻石画' }).getByText('已办结，请评价').waitFor({ timeout: 15_000 });
    await tourist.getByTestId('task-item').filter({ hasText: '钻石画' }).click();
    await tourist.getByTestId('case-answer').getByText('余东村农民画展厅（文化礼堂旁）有售').waitFor();
    await tourist.screenshot({ path: path.join(SHOTS, 'citizen-answer.png') });
    await tourist.getByTestId('act-rate').click();
    await tourist.getByTestId('rating').getByText('满意', { exact: true }).click();
    await dialogOk(tourist);
    await tourist.getByTestId('case-state').getByText('已办结').waitFor();
    const [{ id: opId }] = await vb.platform.database.raw<{ id: string }>("SELECT id FROM users WHERE username = 'gouxi.operator'", []);
    const [{ code: gouxi }] = await vb.platform.database.raw<{ code: string }>("SELECT code FROM regions WHERE name = '沟溪乡'", []);
    const [k] = (await vb.services.cases.kpis(await vb.services.users.actorOf(opId), { regionCode: gouxi, from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 60_000), groupBy: 'category' }))
      .filter((r) => r.group === '1501');
    assert.ok(k && k.firstResponseMinutes !== null && k.firstResponseMinutes < 5, `first response ${k?.firstResponseMinutes} min`);
  });

  it('a villager reports burning grass with a photo; the tourist says "me too"; both follow it to the end; the villager rates', async () => {
    const villager = await residentPage(site, '13800000001');
    await villager.getByTestId('resident-nav').getByText('随手拍').click();
    await villager.getByTestId('category').click();
    await villager.keyboard.type('焚烧');
    await villager.locator('.ant-select-dropdown .ant-select-item-option:visible', { hasText: '焚烧垃圾/草皮' }).click();
    await villager.getByTestId('report-text').fill('村里一农户在屋旁焚烧草皮，有安全隐患');
    await villager.getByTestId('photo-input').setInputFiles(photo);
    await villager.locator('img[src^="/api/media/"]').waitFor();
    await pickVillage(villager, '余东村');
    await villager.screenshot({ path: path.join(SHOTS, 'citizen-report-form.png') });
    await villager.getByTestId('submit-report').click();
    await villager.getByTestId('report-done').waitFor();
    const no = (await villager.getByTestId('report-done').textContent())!.match(/\d{8}-\d{6}/)![0];
    const [c] = await vb.platform.database.raw<{ id: string; media: string[]; report_count: number }>('SELECT id, media, report_count FROM cases WHERE no = $1', [no]);
    assert.equal(c.media.length, 1, 'the photo is on the case');

    // the tourist, at the same spot, is offered the open case and joins it
    const tourist = await residentPage(site, '13900000002');
    await tourist.getByTestId('resident-nav').getByText('随手拍').click();
    await tourist.getByTestId('category').click();
    await tourist.keyboard.type('焚烧');
    await tourist.locator('.ant-select-dropdown .ant-select-item-option:visible', { hasText: '焚烧垃圾/草皮' }).click();
    await pickVillage(tourist, '余东村');
    await tourist.getByTestId('nearby').waitFor();
    await tourist.screenshot({ path: path.join(SHOTS, 'citizen-nearby.png') });
    await tourist.getByTestId('me-too').first().click();
    await tourist.getByTestId('report-done').getByText('已加入').waitFor();
    await tourist.getByTestId('to-my-reports').click();
    await tourist.getByTestId('task-item').filter({ hasText: '焚烧草皮' }).waitFor();

    // the command room and the grid worker handle it (their screens are tested elsewhere)
    const id = async (u: string) => vb.services.users.actorOf((await vb.platform.database.raw<{ id: string }>('SELECT id FROM users WHERE username = $1', [u]))[0].id);
    const op = await id('gouxi.operator');
    const gw = await id('yudong.grid');
    await vb.services.cases.act(op, c.id, { action: 'register' });
    await vb.services.cases.act(op, c.id, { action: 'dispatch', assigneeId: gw.id });
    await vb.services.cases.act(gw, c.id, { action: 'sign' });
    await vb.services.cases.act(gw, c.id, { action: 'feedback', note: '火已扑灭', media: c.media });
    await vb.services.cases.act(op, c.id, { action: 'close' });

    // both see the outcome live (an in-page note, then the list), and the villager rates
    await tourist.getByTestId('task-item').filter({ hasText: '焚烧草皮' }).getByText('已办结').waitFor({ timeout: 15_000 });
    await villager.getByTestId('to-my-reports').click();
    await villager.getByTestId('task-item').filter({ hasText: '焚烧草皮' }).click();
    await villager.getByTestId('act-rate').click();
    await villager.getByTestId('rating').getByText('满意', { exact: true }).click();
    await dialogOk(villager);
    await villager.getByTestId('case-state').getByText('已办结').waitFor();
    await villager.screenshot({ path: path.join(SHOTS, 'citizen-rated.png') });
    const [after] = await vb.platform.database.raw<{ state: string; report_count: number }>('SELECT state, report_count FROM cases WHERE id = $1', [c.id]);
    assert.deepEqual(after, { state: 'RATED', report_count: 2 });
  });

  it('an Open311 client creates and reads requests in JSON and XML', async () => {
    const { key } = await vb.services.open311.addKey(null, '12345 热线');
    const [{ center_lon: lon, center_lat: lat }] = await vb.platform.database.raw<{ center_lon: number; center_lat: number }>("SELECT center_lon, center_lat FROM regions WHERE name = '余东村第1网格'", []);
    const form = new URLSearchParams({ api_key: key, service_code: '0108', lat: String(lat), long: String(lon), description: '村口垃圾桶满了' });
    const created = await fetch(`${site.base}/open311/v2/requests.json`, { method: 'POST', body: form });
    assert.equal(created.status, 200);
    const [{ service_request_id: id, token }] = await created.json() as { service_request_id: string; token: string }[];
    const json = await (await fetch(`${site.base}/open311/v2/requests/${id}.json`)).json() as { status: string; service_code: string }[];
    assert.equal(json[0].status, 'open');
    assert.equal(json[0].service_code, '0108');
    const xmlText = await (await fetch(`${site.base}/open311/v2/requests.xml?service_code=0108`)).text();
    const list = new XMLParser({ isArray: (n) => n === 'request' }).parse(xmlText).service_requests.request as { service_request_id: string }[];
    assert.ok(list.some((r) => r.service_request_id === id));
    const tok = new XMLParser().parse(await (await fetch(`${site.base}/open311/v2/tokens/${token}.xml`)).text());
    assert.equal(tok.service_requests.request.service_request_id, id);
    // and it is an ordinary case in the console
    const operator = await staffPage(site, 'gouxi.operator');
    await operator.getByRole('menuitem', { name: '事件中心' }).click();
    await operator.getByTestId('case-queue').getByText(id).waitFor();
  });

  it('a large phone photo keeps its position: the page reads it before shrinking the photo', async () => {
    const [yd] = await vb.platform.database.raw<{ center_lon: number; center_lat: number }>("SELECT center_lon, center_lat FROM regions WHERE name = '余东村'", []);
    const dms = (deg: number) => {
      const d = Math.floor(deg);
      const m = Math.floor((deg - d) * 60);
      return `${d}/1 ${m}/1 ${Math.round(((deg - d) * 60 - m) * 60 * 1000)}/1000`;
    };
    const crypto = await import('node:crypto');
    // noise does not compress: well over the 400 kB the page sends as it is
    const big = path.join(SHOTS, 'big-with-gps.jpg');
    await sharp(crypto.randomBytes(1400 * 1000 * 3), { raw: { width: 1400, height: 1000, channels: 3 } }).jpeg({ quality: 92 })
      .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(yd.center_lat), GPSLongitudeRef: 'E', GPSLongitude: dms(yd.center_lon) } }).toFile(big);
    const villager = await residentPage(site, '13800000001');
    await villager.getByTestId('resident-nav').getByText('随手拍').click();
    await villager.getByTestId('photo-input').setInputFiles(big);
    await villager.locator('img[src^="/api/media/"]').waitFor();
    const where = await villager.getByTestId('where').innerText();
    assert.match(where, /照片位置/);
    const [lat, lon] = where.split('·')[1].split(',').map(Number);
    assert.ok(Math.abs(lat - yd.center_lat) < 1e-4 && Math.abs(lon - yd.center_lon) < 1e-4, where);
  });
});
