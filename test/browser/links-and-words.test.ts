/**
 * Issue 12 §9–12, 14 in Chromium: residents read plain words (no 立案/派遣/村级/主办), are not offered
 * "me too" on their own report; a tourist asks without a map pin; a reload keeps the half-filled form
 * and the open case; the bell's notification opens its case; menus show what applies to the user's
 * area (no reservoirs for the cleaner, no 一键巡库 without a reservoir, a party member who can report
 * and gets no 403 on the live stream); the log-in page's code hint on a development server.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { residentPage, SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

const PHONE = { width: 390, height: 844 };

describe('links, drafts, plain words and menus in Chromium', () => {
  let site: DemoSite;
  let vb: TestApp;
  before(async () => {
    site = await startDemoSite();
    vb = site.vb;
  });
  after(async () => {
    await site?.close();
  });
  const userId = async (u: string) => (await vb.platform.database.raw<{ id: string }>('SELECT id FROM users WHERE username = $1 OR phone = $1', [u]))[0].id;
  const actor = async (u: string) => vb.services.users.actorOf(await userId(u));
  const village = async (name: string) => (await vb.platform.database.raw<{ code: string; center_lon: number; center_lat: number }>('SELECT code, center_lon, center_lat FROM regions WHERE name = $1', [name]))[0];

  it('a villager reads the steps of their report in plain words, in Chinese and English, and is not offered "me too" on it', async () => {
    const yudong = await village('余东村');
    const villager = await actor('13800000001');
    const c = await vb.services.cases.report(villager, { title: '村口路灯不亮', categoryCode: '0102', lon: yudong.center_lon, lat: yudong.center_lat, source: 'resident' });
    const op = await actor('gouxi.operator');
    await vb.services.cases.act(op, c.id, { action: 'register' });
    await vb.services.cases.act(op, c.id, { action: 'dispatch', assigneeId: await userId('yudong.grid') });
    const page = await residentPage(site, '13800000001');
    await page.goto(`${site.base}/app/reports/${c.id}`); // every case has an address
    const timeline = page.getByTestId('case-timeline');
    await timeline.getByText('已派网格员处理').waitFor();
    const detail = (await page.getByTestId('case-detail').textContent())!;
    for (const jargon of ['立案', '派遣', '签收', '村级', '主办', '处置时限']) assert.ok(!detail.includes(jargon), `no "${jargon}" for residents: ${detail}`);
    for (const plain of ['您已上报', '已受理', '已派网格员处理']) assert.ok(detail.includes(plain), `"${plain}" in ${detail}`);
    assert.equal(await page.getByTestId('act-me_too').count(), 0, 'no "me too" on one\'s own report');
    await page.screenshot({ path: path.join(SHOTS, 'resident-plain-timeline.png') });
    await page.getByTestId('lang-switch').click();
    await timeline.getByText('A grid worker was sent').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'resident-plain-timeline-en.png') });
    await page.getByTestId('lang-switch').click();
    // reporting the same problem again nearby: the own case is not offered to join
    await page.goto(`${site.base}/app/report`);
    await page.getByTestId('category').click();
    await page.keyboard.type('暴露');
    await page.locator('.ant-select-dropdown .ant-select-item-option:visible').first().click();
    await page.getByTestId('village').click();
    await page.keyboard.type('余东村');
    await page.locator('.ant-select-dropdown .ant-select-item-option:visible', { hasText: '余东村' }).first().click();
    await page.waitForTimeout(1000);
    assert.equal(await page.getByTestId('nearby').filter({ hasText: '村口路灯不亮' }).count(), 0);
    await page.close();
  });

  it('a tourist asks without a pin: the question goes to the township chosen; the empty list speaks plainly; a reload keeps the draft', async () => {
    const page = await residentPage(site, '13900000002');
    await page.getByText('您还没有上报过问题').or(page.getByTestId('task-list')).first().waitFor();
    await page.getByTestId('resident-nav').getByText('咨询').click();
    await page.getByTestId('report-text').fill('请问哪里可以买到点钻画？');
    await page.reload(); // the half-filled form survives
    await page.getByTestId('report-text').waitFor();
    assert.equal(await page.getByTestId('report-text').inputValue(), '请问哪里可以买到点钻画？');
    assert.equal(await page.getByTestId('pin-map').count(), 0, 'no map to pin a question on');
    await page.getByTestId('submit-report').click();
    await page.getByTestId('report-error').waitFor(); // neither a position nor a place: say so
    await page.getByTestId('village').click();
    await page.keyboard.type('沟溪乡');
    await page.locator('.ant-select-dropdown .ant-select-item-option:visible', { hasText: /^沟溪乡$/ }).first().click();
    await page.screenshot({ path: path.join(SHOTS, 'tourist-ask-township.png') });
    await page.getByTestId('submit-report').click();
    await page.getByTestId('report-done').waitFor();
    const no = (await page.getByTestId('report-done').textContent())!.match(/\d{8}-\d{6}/)![0];
    const [row] = await vb.platform.database.raw<{ village_code: string; category_code: string }>('SELECT village_code, category_code FROM cases WHERE no = $1', [no]);
    const [gouxi] = await vb.platform.database.raw<{ code: string }>("SELECT code FROM regions WHERE name = '沟溪乡'", []);
    assert.equal(row.category_code, '1501');
    assert.ok(row.village_code.startsWith(gouxi.code.slice(0, 9)), `in 沟溪乡: ${row.village_code}`);
    await page.getByTestId('to-my-reports').click();
    await page.getByTestId('resident-nav').getByText('咨询').click();
    assert.equal(await page.getByTestId('report-text').inputValue(), '', 'a sent question leaves no draft');
    await page.close();
  });

  it('the open case survives a reload, and the bell\'s notification opens its case', async () => {
    const op = await staffPage(site, 'gouxi.operator');
    const [c] = await vb.platform.database.raw<{ id: string; no: string }>('SELECT id, no FROM cases ORDER BY reported_at DESC LIMIT 1', []);
    await op.goto(`${site.base}/app/cases/${c.id}`);
    await op.getByTestId('case-detail').getByText(c.no).waitFor();
    await op.reload();
    await op.getByTestId('case-detail').getByText(c.no).waitFor();
    await op.close();
    // a message for the grid worker about the villager's case
    const [mine] = await vb.platform.database.raw<{ id: string; no: string }>("SELECT id, no FROM cases WHERE title = '村口路灯不亮'", []);
    await vb.platform.database.raw("INSERT INTO user_notifications (event_id, user_id, title, body, case_id) VALUES (-1, $1, '新任务：村口路灯不亮', '请尽快签收', $2)", [await userId('yudong.grid'), mine.id]);
    const worker = await staffPage(site, 'yudong.grid', PHONE, { isMobile: true, hasTouch: true });
    await worker.getByTestId('bell').click();
    const list = worker.getByTestId('notifications');
    await list.waitFor();
    await worker.waitForTimeout(400); // the pop-over's fade-in
    const box = await list.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `the messages fit the phone: ${JSON.stringify(box)}`);
    await worker.screenshot({ path: path.join(SHOTS, 'bell-open-phone.png') });
    // the real dispatch notice may name the same case: any message of it opens it
    await worker.getByTestId('notification').filter({ hasText: '村口路灯不亮' }).first().click();
    await worker.waitForURL(new RegExp(`/app/tasks/${mine.id}$`));
    await worker.getByTestId('case-detail').getByText(mine.no).waitFor();
    await worker.waitForTimeout(400);
    await worker.screenshot({ path: path.join(SHOTS, 'bell-click-through.png') });
    await worker.close();
  });

  it('menus show what applies where the user works; a party member can report and gets no 403', async () => {
    const menu = async (username: string) => {
      const page = await staffPage(site, username, { width: 1440, height: 900 });
      const items = await page.getByTestId('nav').getByRole('menuitem').allTextContents();
      return { page, items };
    };
    const cleaner = await menu('cleaner');
    assert.ok(!cleaner.items.includes('水库监测') && !cleaner.items.includes('一键巡库'), cleaner.items.join(','));
    assert.ok(cleaner.items.includes('我的任务'));
    await cleaner.page.close();
    const yudong = await menu('yudong.grid');
    assert.ok(!yudong.items.includes('一键巡库'), `余东村 has no reservoir: ${yudong.items.join(',')}`);
    await yudong.page.close();
    const mapeng = await menu('mapeng.grid');
    assert.ok(mapeng.items.includes('一键巡库') && mapeng.items.includes('水库监测'), mapeng.items.join(','));
    await mapeng.page.close();
    const forbidden: string[] = [];
    const party = await site.browser.newPage({ viewport: { width: 1440, height: 900 } });
    party.on('response', (r) => { if (r.status() === 403) forbidden.push(r.url()); });
    await party.goto(site.base);
    await party.getByTestId('username').fill('yudong.party');
    await party.getByTestId('password').fill('demo1234');
    await party.getByTestId('login-submit').click();
    await party.getByTestId('user-name').waitFor();
    const items = await party.getByTestId('nav').getByRole('menuitem').allTextContents();
    for (const x of ['随手拍', '咨询', '我的上报']) assert.ok(items.includes(x), `${x} in ${items.join(',')}`);
    await party.getByTestId('nav').getByRole('menuitem', { name: '我的上报' }).click();
    await party.waitForTimeout(1500);
    await party.screenshot({ path: path.join(SHOTS, 'party-member-1440.png') });
    assert.deepEqual(forbidden, [], 'no 403 (the live stream is the member\'s own)');
    await party.close();
  });

  it('the log-in page tells a development server\'s users where the code is', async () => {
    const page = await site.browser.newPage({ viewport: PHONE, isMobile: true });
    await page.goto(site.base);
    await page.getByRole('tab', { name: '村民 / 游客登录' }).click();
    await page.getByTestId('code-dev-hint').waitFor();
    await page.close();
  });
});
