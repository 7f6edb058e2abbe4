/**
 * 逛村子 in Chromium, the "done": a tourist on a 390-px phone opens 余东村's map from the home page,
 * filters the 金宿 homestays, finds the museum's shop on the map, opens the museum's page from it and
 * sends a 咨询 about 点钻画 — a question case with the museum attached. Then the console at 1440×900:
 * 沟溪乡's operator approves the new homestay and rejects 余大伯's price change with a reason. 余大伯, on
 * his phone, adds a photo to 余家小院 and starts a new product; the village's staff write 余东村's
 * introduction with a cover picture, and the tourist sees it. Screenshots in test-results/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { type DemoSite, residentPage, SHOTS, staffPage, startDemoSite } from './helpers.ts';

describe('places in Chromium', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  it('a tourist finds a 金宿 homestay and the museum\'s shop on 余东村\'s map and asks about 点钻画 from the museum\'s page', async () => {
    const page = await residentPage(site, '13900000002');
    await page.getByTestId('home-places').click();
    await page.getByTestId('pl-village-name').getByText('余东村').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=pl-mark]').length >= 20);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SHOTS, 'places-village-390.png'), fullPage: true });

    // 金宿 homestays: the homestay layer, then the grade
    await page.getByTestId('pl-layer-homestay').click();
    await page.getByTestId('pl-grade').getByText('金宿', { exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=pl-item]').length === 2 && document.querySelectorAll('[data-testid=pl-mark]').length === 2);
    const names = await page.getByTestId('pl-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    assert.deepEqual(names.sort(), ['稻香金宿', '竹影金宿'].sort());
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'places-gold-homestays-390.png'), fullPage: true });
    await page.getByTestId('pl-item').filter({ hasText: '稻香金宿' }).click();
    await page.getByTestId('pl-grade-badge').getByText('金宿').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=pl-photos] img')].every((i) => (i as HTMLImageElement).naturalWidth > 0));
    await page.screenshot({ path: path.join(SHOTS, 'places-homestay-390.png'), fullPage: true });
    await page.goBack();

    // the museum's shop on the map: the shops' layer, its mark
    await page.getByTestId('pl-layer-shop').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=pl-mark]').length === 1);
    await page.locator('[data-testid=pl-mark][data-kind=shop]').click();
    await page.getByTestId('pl-name').getByText('美术馆文创商店').waitFor();
    await page.getByTestId('pl-parts').getByText('点钻画《丰收》').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'places-museum-shop-390.png'), fullPage: true });
    await page.getByTestId('pl-part-of').click();
    await page.getByTestId('pl-name').getByText('中国乡村美术馆').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=pl-photos] img')].every((i) => (i as HTMLImageElement).naturalWidth > 0));
    await page.screenshot({ path: path.join(SHOTS, 'places-museum-390.png'), fullPage: true });

    await page.getByTestId('pl-ask').click();
    await page.getByTestId('pl-ask-text').fill('请问馆里的点钻画可以邮寄到杭州吗？');
    await page.screenshot({ path: path.join(SHOTS, 'places-ask-390.png') });
    await page.getByTestId('pl-ask-send').click();
    await page.getByText('已发送，编号').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'places-asked-390.png') });
    await page.close();

    const [c] = await site.vb.platform.database.raw<{ title: string; source: string; category_code: string; place: string; village: string }>(
      `SELECT c.title, c.source, c.category_code, p.name AS place, r.name AS village FROM place_questions q JOIN cases c ON c.id = q.case_id JOIN places p ON p.id = q.place_id
       JOIN regions r ON r.code = c.village_code ORDER BY q.created_at DESC LIMIT 1`, []);
    assert.equal(c.place, '中国乡村美术馆');
    assert.equal(c.village, '余东村');
    assert.equal(c.source, 'tourist');
    assert.equal(c.category_code, '1501');
    assert.match(c.title, /点钻画/);
  });

  it('the console: 沟溪乡\'s operator approves the new homestay and rejects 余大伯\'s price change with a reason', async () => {
    const page = await staffPage(site, 'gouxi.operator', { width: 1440, height: 900 });
    await page.goto(`${site.base}/app/places-admin`);
    await page.getByTestId('pl-queue-item').first().waitFor();
    assert.equal(await page.getByTestId('pl-queue-item').count(), 2);
    await page.locator('[data-testid=pl-queue-item][data-name=余家小院]').getByTestId('pl-diff').getByText('180').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'places-approvals-1440.png'), fullPage: true });
    // the same queue on a phone (an operator on the road)
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'places-approvals-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('[data-testid=pl-queue-item][data-name=山茶花民宿]').getByTestId('pl-approve').click();
    await page.getByText('已通过并发布').waitFor();
    await page.locator('[data-testid=pl-queue-item][data-name=余家小院]').getByTestId('pl-reject').click();
    await page.getByTestId('pl-reject-reason').fill('暑期价格请先到村里备案');
    await page.locator('#pl-reject-ok').click();
    await page.getByText('已退回', { exact: true }).first().waitFor();
    await page.getByText('没有待审核的地点。').waitFor();
    await page.getByRole('tab', { name: '全部地点' }).click();
    await page.getByTestId('pl-table').getByText('山茶花民宿').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'places-list-1440.png'), fullPage: true });
    await page.close();

    const rows = await site.vb.platform.database.raw<{ name: string; status: string; revision: unknown; revision_reject_reason: string | null }>(
      "SELECT name, status, revision, revision_reject_reason FROM places WHERE name IN ('山茶花民宿', '余家小院') ORDER BY name", []);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    assert.equal(byName['山茶花民宿'].status, 'published');
    assert.equal(byName['余家小院'].revision, null);
    assert.equal(byName['余家小院'].revision_reject_reason, '暑期价格请先到村里备案');
    assert.equal(byName['余家小院'].status, 'published', 'the published version stays');
  });

  it('余大伯 sees on his phone why the village returned his change, changes the description and sends it again', async () => {
    const page = await residentPage(site, '13800000001');
    await page.goto(`${site.base}/app/my-places`);
    const card = page.getByTestId('my-place').filter({ hasText: '余家小院' });
    await card.waitFor();
    assert.match(await card.getByTestId('my-place-reason').innerText(), /暑期价格请先到村里备案/);
    assert.equal(await card.getByTestId('my-place-state').innerText(), '已对游客展示');
    await page.screenshot({ path: path.join(SHOTS, 'places-mine-390.png'), fullPage: true });
    await card.getByTestId('my-place-edit').click();
    const description = page.locator('.ant-modal').getByLabel('介绍');
    await description.fill('老宅改造，推窗见竹林，可代订美术馆讲解。');
    await page.getByTestId('pl-edit-save').click(); // antd spaces a two-character label: 保 存
    await page.getByTestId('my-place').filter({ hasText: '余家小院' }).getByText('修改待村里审核').waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), 'nothing wider than the phone');
    await page.screenshot({ path: path.join(SHOTS, 'places-mine-sent-390.png'), fullPage: true });
    await page.close();
    const [row] = await site.vb.platform.database.raw<{ status: string; description: string; revision: { description: string } | null }>(
      "SELECT status, description, revision FROM places WHERE name = '余家小院'", []);
    assert.equal(row.status, 'published');
    assert.equal(row.revision?.description, '老宅改造，推窗见竹林，可代订美术馆讲解。', 'the change waits for the village');
    assert.notEqual(row.description, row.revision?.description, 'tourists still see the published text');
  });

  /** A real photo file (drawn by sharp): a courtyard's colours with a stripe, so it is no blank square. */
  const photoFile = async (name: string, colour: { r: number; g: number; b: number }) => {
    const file = path.join(SHOTS, name);
    const stripe = await sharp({ create: { width: 1200, height: 160, channels: 3, background: { r: 250, g: 250, b: 240 } } }).png().toBuffer();
    await sharp({ create: { width: 1200, height: 900, channels: 3, background: colour } }).composite([{ input: stripe, top: 600, left: 0 }]).jpeg({ quality: 85 }).toFile(file);
    return file;
  };

  it('余大伯 adds a photo to 余家小院 and makes it the cover, then starts a new product and sends it to the village (390 px)', async () => {
    const page = await residentPage(site, '13800000001');
    await page.goto(`${site.base}/app/my-places`);
    const card = page.getByTestId('my-place').filter({ hasText: '余家小院' });
    await card.getByTestId('my-place-edit').click();
    const form = page.getByTestId('pl-edit-form');
    await form.getByTestId('pl-photo').first().waitFor();
    const had = await form.getByTestId('pl-photo').count();
    await form.getByTestId('pl-photo-input').setInputFiles(await photoFile('yu-courtyard.jpg', { r: 150, g: 110, b: 80 }));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=pl-photo]').length === n + 1, had);
    await form.getByTestId('pl-photo').last().getByTestId('pl-photo-cover').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=pl-photo] img')].every((i) => (i as HTMLImageElement).naturalWidth > 0));
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), 'nothing wider than the phone');
    await page.screenshot({ path: path.join(SHOTS, 'places-mine-photos-390.png'), fullPage: true });
    await page.getByTestId('pl-edit-save').click();
    await card.getByText('修改待村里审核').waitFor();
    const [yu] = await site.vb.platform.database.raw<{ photos: string[]; revision: { photos: string[] } }>("SELECT photos, revision FROM places WHERE name = '余家小院'", []);
    assert.equal(yu.revision.photos.length, yu.photos.length + 1, 'one photo more, waiting for the village');
    assert.ok(!yu.photos.includes(yu.revision.photos[0]), 'the new photo is the cover');

    // 新建: a product of the household
    await page.getByTestId('my-place-new').click();
    await page.getByTestId('my-place-kinds').waitFor();
    const kinds = await page.getByTestId('my-place-kinds').getByRole('radio').allInnerTexts();
    assert.deepEqual(kinds.map((k) => k.replace(/\s+/g, '')), ['宿民宿', '食餐饮', '店商店', '品商品'], 'only what a household lists');
    await page.getByTestId('my-place-kind-product').click();
    await page.getByTestId('my-place-name').fill('余家手工米粿');
    await page.screenshot({ path: path.join(SHOTS, 'places-mine-new-390.png') });
    await page.locator('#my-place-next').click();
    await form.waitFor();
    await form.getByLabel('介绍').fill('每天早上现做的米粿，艾叶馅和咸菜馅。');
    await form.getByLabel('价格（元）').fill('20');
    await form.getByLabel('单位').fill('盒');
    await form.getByLabel('购买方式').fill('打电话给余大伯预订，村口自取');
    await form.getByTestId('pl-photo-input').setInputFiles(await photoFile('yu-ricecake.jpg', { r: 110, g: 160, b: 90 }));
    await form.getByTestId('pl-photo').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'places-mine-new-form-390.png'), fullPage: true });
    await page.getByTestId('pl-edit-save').click();
    const mine = page.getByTestId('my-place').filter({ hasText: '余家手工米粿' });
    await mine.getByText('草稿，还没提交').waitFor();
    await mine.getByTestId('my-place-submit').click();
    await mine.getByText('等村里审核').waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), 'nothing wider than the phone');
    await page.screenshot({ path: path.join(SHOTS, 'places-mine-new-sent-390.png'), fullPage: true });
    await page.close();
    const [row] = await site.vb.platform.database.raw<{ kind: string; status: string; photos: string[]; attrs: { price: number; howToBuy: string } }>(
      "SELECT kind, status, photos, attrs FROM places WHERE name = '余家手工米粿'", []);
    assert.equal(row.kind, 'product');
    assert.equal(row.status, 'pending');
    assert.equal(row.photos.length, 1);
    assert.equal(row.attrs.price, 20);

    // the village sees the photo change in words and as thumbnails
    const staff = await staffPage(site, 'gouxi.operator', { width: 1440, height: 900 });
    await staff.goto(`${site.base}/app/places-admin`);
    const item = staff.locator('[data-testid=pl-queue-item][data-name=余家小院]');
    await item.getByTestId('pl-diff').getByText(/新加 1 张/).waitFor();
    assert.match(await item.getByTestId('pl-diff').innerText(), /新加 1 张.*换了封面/);
    await staff.waitForFunction(() => [...document.querySelectorAll('[data-testid=pl-queue-photos] img')].every((i) => (i as HTMLImageElement).naturalWidth > 0));
    await staff.screenshot({ path: path.join(SHOTS, 'places-approvals-photos-1440.png'), fullPage: true });
    await staff.close();
  });

  it('the village\'s staff write 余东村\'s introduction with a cover picture; the tourist sees it on 逛村子', async () => {
    const staff = await staffPage(site, 'gouxi.operator', { width: 1440, height: 900 });
    await staff.goto(`${site.base}/app/places-admin`);
    await staff.getByRole('tab', { name: '村庄介绍' }).click();
    const editor = staff.getByTestId('pl-guide-editor');
    await editor.getByTestId('pl-guide-intro').waitFor();
    const village = editor.getByTestId('pl-guide-village');
    if (await village.count()) { await village.click(); await staff.locator('.ant-select-item-option').filter({ hasText: '余东村' }).click(); }
    await editor.getByTestId('pl-guide-intro').fill('余东村是“中国农民画第一村”，村里有中国乡村美术馆，家家户户会画画。欢迎来画里住一晚。');
    await editor.getByTestId('pl-guide-contact').fill('游客中心 0570-3081234（8:30–17:00）');
    await editor.getByTestId('pl-guide-cover-input').setInputFiles(await photoFile('yudong-cover.jpg', { r: 70, g: 130, b: 180 }));
    await staff.waitForFunction(() => ((document.querySelector('[data-testid=pl-guide-cover]') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
    await staff.screenshot({ path: path.join(SHOTS, 'places-guide-1440.png'), fullPage: true });
    await editor.getByTestId('pl-guide-save').click();
    await staff.getByText('已保存，游客马上就能看到').waitFor();
    await staff.setViewportSize({ width: 390, height: 844 });
    await staff.waitForTimeout(300);
    await staff.screenshot({ path: path.join(SHOTS, 'places-guide-390.png'), fullPage: true });
    await staff.close();

    const page = await residentPage(site, '13900000002');
    await page.getByTestId('home-places').click();
    await page.getByTestId('pl-village-name').getByText('余东村').waitFor();
    await page.getByTestId('pl-intro').getByText(/中国农民画第一村/).waitFor();
    await page.getByTestId('pl-contact').getByText(/0570-3081234/).waitFor();
    await page.waitForFunction(() => ((document.querySelector('[data-testid=pl-cover]') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
    await page.screenshot({ path: path.join(SHOTS, 'places-village-guide-390.png'), fullPage: true });
    await page.close();
  });
});
