/**
 * 首页 as a workbench for each kind of user (issue 15, item 4), in Chromium: the 沟溪乡 command room's
 * day (counts equal GET /api/cases/summary and move live when a case is reported), the district leader's
 * KPIs (equal GET /api/kpis), the 余东村 grid worker's tasks on the phone (nearest first with the phone's
 * position), and a villager's points. Shots at 1440×900 and 390 px into test-results/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import type { TestApp } from '../helpers/app.ts';
import { readXlsxRows } from '../../src/platform/xlsx.ts';
import { residentPage, SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

const CONSOLE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('home workbenches in Chromium', () => {
  let site: DemoSite;
  let vb: TestApp;
  let centre: { lon: number; lat: number };
  const rows = async <T,>(q: ReturnType<typeof sql>) => (await vb.platform.db.execute(q) as unknown as { rows: T[] }).rows;
  const userId = async (username: string) => (await rows<{ id: string }>(sql`SELECT id FROM users WHERE username = ${username}`))[0].id;
  const number = async (page: Page, testId: string) => Number((await page.getByTestId(testId).locator('.ant-statistic-content-value').textContent())!.replace(/,/g, ''));
  const fetchJson = (page: Page, url: string) => page.evaluate(async (u) => (await fetch(u)).json(), url);

  before(async () => {
    site = await startDemoSite();
    vb = site.vb;
    [centre] = (await rows<{ center_lon: number; center_lat: number }>(sql`SELECT center_lon, center_lat FROM regions WHERE name = '余东村第1网格'`))
      .map((r) => ({ lon: r.center_lon, lat: r.center_lat }));
    // the day so far: three reports in 余东村, two dispatched to its grid worker, one of those past its deadline
    const worker = await vb.services.users.actorOf(await userId('yudong.grid'));
    const operator = await vb.services.users.actorOf(await userId('gouxi.operator'));
    for (let i = 0; i < 3; i++) {
      const c = await vb.services.cases.report(worker, { title: ['路灯不亮', '河道有垃圾漂浮', '村道边乱堆柴草'][i], categoryCode: '0201', lon: centre.lon + i * 0.001, lat: centre.lat, source: 'grid_worker' });
      if (i === 2) continue;
      await vb.services.cases.act(operator, c.id, { action: 'register' });
      await vb.services.cases.act(operator, c.id, { action: 'dispatch', assigneeId: worker.id });
      if (i === 0) await vb.platform.db.execute(sql`UPDATE cases SET sign_deadline = now() - interval '2 hours' WHERE id = ${c.id}`);
    }
  });
  after(async () => {
    await site?.close();
  });

  it('the command room sees today\'s counts as the API says them, and they move when a case is reported', async () => {
    const page = await staffPage(site, 'gouxi.operator', CONSOLE);
    await page.getByTestId('workbench-room').waitFor();
    const api = await fetchJson(page, '/api/cases/summary');
    await page.getByTestId('wb-trend').locator('canvas').waitFor();
    for (const key of ['newToday', 'closedToday', 'open', 'overdue', 'escalated']) assert.equal(await number(page, `wb-${key}`), api[key], key);
    assert.ok(api.newToday >= 3 && api.overdue >= 1);
    const overdueRows = await page.getByTestId('wb-overdue-list-row').count();
    assert.equal(overdueRows, Math.min(6, (await fetchJson(page, '/api/cases?overdue=true&limit=6')).items.length));
    await page.getByTestId('wb-map').locator('.leaflet-interactive').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'home-command-room.png') });
    // a villager reports: the count follows through the tab's one live stream
    const resident = await vb.services.users.actorOf((await rows<{ id: string }>(sql`SELECT id FROM users WHERE phone = '13800000001'`))[0].id);
    await vb.services.cases.report(resident, { title: '垃圾桶满了没人清', categoryCode: '0201', lon: centre.lon, lat: centre.lat, source: 'resident' });
    await page.waitForFunction(([sel, n]) => document.querySelector(`[data-testid="${sel}"] .ant-statistic-content-value`)?.textContent === String(n), ['wb-newToday', api.newToday + 1] as const, { timeout: 15_000 });
    await page.getByTestId('lang-switch').click();
    await page.getByText('Today\'s workbench').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'home-command-room-en.png') });
    await page.close();
  });

  it('the queue applies a live event: one request for the case that moved, not the 200 rows again (issue 15)', async () => {
    const page = await staffPage(site, 'gouxi.operator', CONSOLE);
    await page.getByRole('menuitem', { name: '事件中心' }).click();
    await page.getByTestId('case-queue').waitFor();
    await page.waitForTimeout(1500); // the queue's first load is done
    const calls: string[] = [];
    page.on('request', (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/api/cases')) calls.push(u.pathname + u.search); });
    const resident = await vb.services.users.actorOf((await rows<{ id: string }>(sql`SELECT id FROM users WHERE phone = '13800000001'`))[0].id);
    const c = await vb.services.cases.report(resident, { title: '村口小桥栏杆松动', categoryCode: '0201', lon: centre.lon, lat: centre.lat, source: 'resident' });
    await page.getByTestId('case-queue').getByText(c.no).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1500);
    assert.deepEqual(calls.filter((u) => u.startsWith('/api/cases?')), [], 'the list is not reloaded');
    assert.deepEqual(calls.filter((u) => u.startsWith(`/api/cases/${c.id}`)), [`/api/cases/${c.id}`], 'one request, for the case');
    await page.close();
  });

  it('the queue\'s export buttons give the filtered rows as Excel, CSV and GeoJSON; the leader exports the villages\' KPIs (issue 18)', async () => {
    const page = await staffPage(site, 'gouxi.operator', CONSOLE);
    await page.getByRole('menuitem', { name: '事件中心' }).click();
    await page.getByTestId('case-queue').waitFor();
    await page.getByTestId('only-overdue').click();
    const expected = (await fetchJson(page, '/api/cases?overdue=true&limit=500')).items as { no: string }[];
    assert.ok(expected.length >= 1);
    const take = async (testId: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
      return { name: download.suggestedFilename(), bytes: fs.readFileSync((await download.path())!) };
    };
    const xlsx = await take('export-xlsx');
    assert.equal(xlsx.name, '事件列表.xlsx');
    const sheet = await readXlsxRows(xlsx.bytes);
    assert.deepEqual(sheet.slice(2).map((r) => r[0]).sort(), expected.map((c) => c.no).sort(), 'the overdue filter went with the file');
    const csv = await take('export-csv');
    assert.equal(csv.bytes.toString('utf8').slice(1).split('\r\n')[0].split(',')[0], '编号');
    const geo = JSON.parse((await take('export-geojson')).bytes.toString('utf8'));
    assert.equal(geo.features.length, expected.length);
    await page.screenshot({ path: path.join(SHOTS, 'queue-export.png') });
    await page.close();
    const phone = await staffPage(site, 'gouxi.operator', PHONE);
    await phone.goto(`${site.base}/app/cases`);
    await phone.getByTestId('queue-export').waitFor();
    await phone.screenshot({ path: path.join(SHOTS, 'queue-export-phone.png') });
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), 'nothing wider than the phone');
    await phone.close();
    const leader = await staffPage(site, 'leader', CONSOLE);
    await leader.getByTestId('workbench-leader').waitFor();
    const [download] = await Promise.all([leader.waitForEvent('download'), leader.getByTestId('wb-kpi-export').click()]);
    const kpis = await readXlsxRows(fs.readFileSync((await download.path())!));
    assert.match(String(kpis[0][0]), /柯城区 考核指标/);
    assert.ok(kpis.some((r) => r[0] === '余东村'), 'a village\'s row by name');
    await leader.close();
  });

  it('the district leader sees this month\'s KPIs as GET /api/kpis gives them, and the villages to watch', async () => {
    const page = await staffPage(site, 'leader', CONSOLE);
    await page.getByTestId('workbench-leader').waitFor();
    await page.getByTestId('wb-months').locator('canvas').waitFor();
    const me = await fetchJson(page, '/api/me');
    const region = me.memberships.find((m: { role: string }) => m.role === 'leader').regionCode;
    const now = new Date();
    const local = new Date(now.getTime() + 8 * 3_600_000);
    const from = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - 8 * 3_600_000).toISOString();
    const [k] = (await fetchJson(page, `/api/kpis?region=${region}&from=${from}&to=${now.toISOString()}`)).items;
    assert.equal(await number(page, 'wb-kpi-received'), k.received);
    assert.equal(await number(page, 'wb-kpi-overdueOpen'), k.overdueOpen);
    await page.getByTestId('wb-village-row').first().getByText('余东村').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'home-leader.png') });
    await page.close();
  });

  it('the grid worker\'s phone: tasks nearest first, the counts of mine, reports to take on the spot, no sideways scrolling', async () => {
    const villager = await vb.services.users.actorOf((await rows<{ id: string }>(sql`SELECT id FROM users WHERE phone = '13800000001'`))[0].id);
    await vb.services.cases.report(villager, { title: '井盖松动有响声', categoryCode: '0201', lon: centre.lon + 0.001, lat: centre.lat, source: 'resident' });
    const page = await staffPage(site, 'yudong.grid', PHONE, { isMobile: true, geolocation: { longitude: centre.lon + 0.002, latitude: centre.lat }, permissions: ['geolocation'] });
    await page.getByTestId('workbench-grid').waitFor();
    await page.getByTestId('wb-order').waitFor(); // the position came: nearest first is offered and chosen
    const mine = (await fetchJson(page, '/api/cases?mine=true&state=DISPATCHED&state=PROCESSING&state=EXTENSION_REQUESTED&limit=100')).items as { state: string; title: string }[];
    assert.equal(await number(page, 'wb-toSign'), mine.filter((c) => c.state === 'DISPATCHED').length);
    const titles = await page.getByTestId('wb-tasks-row').allTextContents();
    assert.equal(titles.length, mine.length);
    assert.match(titles[0], /河道有垃圾漂浮/, 'the task 100 m away comes before the one 200 m away');
    // others' new reports, to take on the spot (就地处置); the worker's own report is not offered back
    const toTake = page.getByTestId('wb-to-take-row');
    await toTake.filter({ hasText: '井盖松动有响声' }).waitFor();
    assert.equal(await toTake.filter({ hasText: '村道边乱堆柴草' }).count(), 0, 'not the worker\'s own report');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing wider than the phone');
    await page.screenshot({ path: path.join(SHOTS, 'home-grid-worker-phone.png'), fullPage: true });
    await page.close();
  });

  it('a villager sees their points on the home page, as GET /api/me/points says', async () => {
    const page = await residentPage(site, '13800000001');
    await page.getByTestId('workbench-resident').waitFor();
    const points = await fetchJson(page, '/api/me/points');
    await page.getByTestId('home-points-line').getByText(`可用 ${points.spendable} 分`).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'home-resident-phone.png'), fullPage: true });
    await page.close();
  });
});
