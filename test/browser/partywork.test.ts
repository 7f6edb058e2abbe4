/**
 * Issue 17's party work in Chromium: the grid worker of 余东村 (yudong.grid, console 1440×900)
 * publishes a 联户 task for 余家 at the door where she stands; the demo's party member 余仁洪
 * (yudong.party, a 390-px phone) takes it; she confirms him; he logs the visit (走亲打卡) with the
 * phone's position — offline, so it waits on the phone and goes when the connection is back, with
 * the time he was there; she reviews it 真实有价值 and he sees +3 service points. 郭渭民, who logs in
 * by phone, finds 孔奶奶's task on his 党员 tab. Every page is shot into test-results/ and no phone
 * page scrolls sideways.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { residentPage, SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

const CONSOLE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('party work: publish → claim → accept → 走亲打卡 (offline, then synced) → 真实有价值 → +3, in Chromium', () => {
  let site: DemoSite;
  /** 余家's door: 余东村's centre, a little east */
  let door: { latitude: number; longitude: number };

  before(async () => {
    site = await startDemoSite();
    const [c] = (await site.vb.platform.db.execute(sql`SELECT center_lat AS lat, center_lon AS lon FROM regions WHERE name = '余东村'`) as unknown as { rows: { lat: number; lon: number }[] }).rows;
    door = { latitude: Number(c.lat), longitude: Number(c.lon) + 0.0005 };
  });
  after(async () => {
    await site?.close();
  });

  const shot = async (page: Page, name: string) => {
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `partywork-${name}.png`), fullPage: true });
  };
  const fitsPhone = async (page: Page, label: string) => {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= PHONE.width, `${label}: the page is ${w} px wide on a 390 px phone`);
  };
  const open = (page: Page, where: string) => page.goto(`${site.base}/app/${where}`);
  /** No English words in the Chinese UI (as chinese-ui.test.ts checks the other screens). */
  const chineseOnly = async (page: Page, label: string) => {
    const words = await page.evaluate(() => {
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest('script,style,[aria-hidden="true"],[translate="no"]') || el.getBoundingClientRect().width === 0) continue;
        for (const w of (n.textContent ?? '').match(/[A-Za-z][A-Za-z0-9_]{2,}/g) ?? []) if (w !== 'English') found.push(w);
      }
      return found;
    });
    assert.deepEqual(words, [], `${label}: English in the Chinese UI`);
  };

  it('the story, end to end', async () => {
    const geo = (at: { latitude: number; longitude: number }) => ({ permissions: ['geolocation'], geolocation: { ...at, accuracy: 12 } });
    // ——— the grid worker publishes a 联户 task for 余家, standing at the door ———
    const grid = await staffPage(site, 'yudong.grid', CONSOLE, geo(door));
    const nav = await grid.getByTestId('nav').getByRole('menuitem').allTextContents();
    assert.ok(nav.includes('联户任务'), nav.join(','));
    await open(grid, 'party-work/new');
    await grid.getByTestId('pw-publish').waitFor();
    await grid.getByTestId('pw-household').click();
    // the registry has more 余家 in 余东村: 余大伯's, at 上余 12号
    await grid.locator('.ant-select-dropdown .ant-select-item-option:visible', { hasText: '上余 12号' }).click();
    await grid.getByTestId('pw-point-here').click();
    await grid.getByTestId('pw-point').waitFor();
    await grid.getByTestId('pw-frequency').getByText('每周').click();
    await shot(grid, 'grid-publish-1440');
    await grid.getByTestId('pw-publish-submit').click();
    await grid.getByText('任务已发布，等党员认领').waitFor();
    const [task] = (await site.vb.platform.db.execute(sql`SELECT id, state, lat, lon, frequency_days AS "frequencyDays" FROM party_tasks WHERE subject LIKE '余家%'`) as unknown as { rows: { id: string; state: string; lat: number; lon: number; frequencyDays: number }[] }).rows;
    assert.equal(task.state, 'open');
    assert.equal(task.frequencyDays, 7);
    assert.ok(Math.abs(task.lat - door.latitude) < 1e-5 && Math.abs(task.lon - door.longitude) < 1e-5, 'the door is where she stood');

    // ——— the member takes it on his phone ———
    // 20 m north of the door, as a phone in a courtyard reads
    const near = { latitude: door.latitude + 20 / 111_320, longitude: door.longitude };
    const member = await staffPage(site, 'yudong.party', PHONE, { ...geo(near), isMobile: true });
    await open(member, 'party');
    const openTask = member.getByTestId('pw-open-task').filter({ hasText: '余家' });
    await openTask.waitFor();
    await fitsPhone(member, 'my tasks');
    await shot(member, 'member-open-390');
    await openTask.getByTestId('pw-claim').click();
    const held = member.getByTestId('pw-held-task').filter({ hasText: '余家' });
    await held.getByText('已认领，等网格员确认').waitFor();
    assert.equal(await held.getByTestId('pw-checkin').count(), 0, 'no 走亲打卡 before the grid worker confirms');

    // ——— the grid worker confirms him ———
    await open(grid, 'party-work/tasks');
    const claimed = grid.getByTestId('pw-task').filter({ hasText: '余家' });
    await claimed.getByTestId('pw-accept').waitFor();
    assert.match(await claimed.innerText(), /余仁洪 认领了，等您确认/);
    await chineseOnly(grid, 'claims');
    await shot(grid, 'grid-claims-1440');
    await claimed.getByTestId('pw-accept').click();
    await grid.getByText(/已确认，.*余仁洪 开始联系/).waitFor();

    // ——— 走亲打卡, with no signal in the courtyard ———
    await member.reload();
    await held.getByTestId('pw-checkin').click();
    const form = member.getByTestId('pw-checkin-form');
    await form.getByTestId('pw-accuracy').waitFor();
    assert.equal(await form.getByTestId('pw-accuracy').innerText(), '已定位，精度约 12 米');
    assert.match(await form.getByTestId('pw-distance').innerText(), /^距走访地点约 (19|20|21) 米$/);
    await form.getByTestId('pw-note').fill('余大伯在家，腿还疼，陪他聊了一会儿，药快吃完了');
    await form.getByTestId('pw-needs').getByText('看病就医').click();
    await fitsPhone(member, 'check-in');
    await chineseOnly(member, 'check-in');
    await shot(member, 'member-checkin-390');
    await member.context().setOffline(true);
    const before = Date.now();
    await form.getByTestId('pw-submit').click();
    await member.getByTestId('pw-queue').waitFor();
    assert.match(await member.getByTestId('pw-queue').innerText(), /1 条打卡还在手机上，未上传/);
    await member.getByTestId('pw-log-waiting').waitFor();
    await fitsPhone(member, 'queued');
    await shot(member, 'member-queued-390');
    const [none] = (await site.vb.platform.db.execute(sql`SELECT count(*)::int AS n FROM party_visit_logs WHERE task_id = ${task.id}`) as unknown as { rows: { n: number }[] }).rows;
    assert.equal(none.n, 0, 'nothing reached the server offline');
    await member.waitForTimeout(1500);
    // back online: the phone sends it by itself (the 'online' event), with the time of the visit
    await member.context().setOffline(false);
    await member.getByTestId('pw-queue').waitFor({ state: 'detached', timeout: 10_000 }).catch(async () => {
      await member.getByTestId('pw-sync').click(); // a browser that sends no 'online' event: the button
      await member.getByTestId('pw-queue').waitFor({ state: 'detached' });
    });
    const logs = (await site.vb.platform.db.execute(sql`SELECT id, visited_at AS "visitedAt", received_at AS "receivedAt", accuracy_m AS "accuracyM", distance_m AS "distanceM", flags, needs, status FROM party_visit_logs WHERE task_id = ${task.id}`) as unknown as { rows: { id: string; visitedAt: Date; receivedAt: Date; accuracyM: number; distanceM: number; flags: unknown; needs: unknown; status: string }[] }).rows;
    assert.equal(logs.length, 1);
    const log = logs[0];
    assert.ok(new Date(log.visitedAt).getTime() <= before + 1000 && new Date(log.receivedAt).getTime() - new Date(log.visitedAt).getTime() >= 1000, 'stored with the time of the visit, not of the sync');
    assert.equal(log.accuracyM, 12);
    assert.ok(log.distanceM >= 18 && log.distanceM <= 22, `${log.distanceM} m`);
    assert.equal(log.status, 'pending');
    await member.getByTestId('pw-log').filter({ hasText: '待审核' }).waitFor();
    await shot(member, 'member-pending-390');
    // the phone sends a visit again when an answer was lost: the server answers with the one it has
    const again = await member.evaluate(async (body) => {
      const res = await fetch('/api/partywork/logs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, existed: (await res.json()).existed };
    }, { id: log.id, taskId: task.id, visitedAt: new Date(log.visitedAt).toISOString(), lat: near.latitude, lon: near.longitude, accuracyM: 12, note: '余大伯在家，腿还疼，陪他聊了一会儿，药快吃完了' });
    assert.deepEqual(again, { status: 200, existed: true });

    // ——— the grid worker reviews it 真实有价值 (on her phone this time) ———
    const gridPhone = await staffPage(site, 'yudong.grid', PHONE, { isMobile: true });
    await open(gridPhone, 'party-work/review');
    const item = gridPhone.getByTestId('pw-review-item').filter({ hasText: '余家' });
    await item.waitFor();
    const text = await item.innerText();
    for (const words of ['余仁洪 走访', '看病就医', '定位精度 12 米', '距走访地点']) assert.ok(text.includes(words), `${words} in ${text}`);
    assert.equal(await item.getByTestId('pw-value').innerText(), '真实有价值（+3 分）');
    // the grid worker may open a case from the card too; the member does it below (second test)
    assert.equal(await item.getByTestId('pw-to-case').innerText(), '转为事件');
    await fitsPhone(gridPhone, 'review queue');
    await chineseOnly(gridPhone, 'review queue');
    await shot(gridPhone, 'grid-review-390');
    await open(grid, 'party-work/review');
    await grid.getByTestId('pw-review-item').first().waitFor();
    await shot(grid, 'grid-review-1440');
    await item.getByTestId('pw-value').click();
    await gridPhone.getByText('已审核，余仁洪 得 3 分').waitFor();
    // the task's visits, in the console's task list
    await open(grid, 'party-work/tasks');
    const inHand = grid.getByTestId('pw-task').filter({ hasText: '余家' });
    await grid.getByTestId('pw-task-states').getByText('联系中').click();
    await inHand.getByTestId('pw-task-visits').click();
    await inHand.getByTestId('pw-task-logs').getByText('真实有价值 +3 分').waitFor();
    await shot(grid, 'grid-task-visits-1440');

    // ——— he sees +3 ———
    await open(member, 'party/logs');
    const valued = member.getByTestId('pw-log').filter({ hasText: '真实有价值' });
    await valued.waitFor();
    assert.equal(await valued.getByTestId('pw-log-points').innerText(), '+3 分');
    assert.equal(await member.getByTestId('pw-points').innerText(), '3');
    await fitsPhone(member, 'my visits');
    await chineseOnly(member, 'my visits');
    await shot(member, 'member-valued-390');
    const [paid] = (await site.vb.platform.db.execute(sql`SELECT sum(amount)::int AS n FROM points_transfers WHERE ledger = 'party_service' AND business_key = ${`partywork.visit:${log.id}`}`) as unknown as { rows: { n: number }[] }).rows;
    assert.equal(paid.n, 3, 'the points are in the party service ledger');
    // the same page in the console
    const wide = await staffPage(site, 'yudong.party', CONSOLE);
    await open(wide, 'party/logs');
    await wide.getByTestId('pw-log').first().waitFor();
    await shot(wide, 'member-1440');
    // and in English, every word of it
    await wide.getByTestId('lang-switch').click();
    await wide.getByText('True and useful').first().waitFor();
    await open(wide, 'party/tasks');
    await wide.getByText('Tasks to take').waitFor();
    await shot(wide, 'member-1440-en');
    await grid.getByTestId('lang-switch').click();
    await open(grid, 'party-work/tasks');
    await grid.getByText('In hand 2').waitFor();
    await shot(grid, 'grid-tasks-1440-en');
    for (const p of [grid, member, gridPhone, wide]) await p.close();
  });

  it('a visit becomes the grid worker\'s case in one tap; 我的服务力 and the ranking count the +3', async () => {
    // the story above left 余仁洪's valued visit to 余家 (腿还疼, 药快吃完了): he passes it on as a case
    const member = await staffPage(site, 'yudong.party', PHONE, { isMobile: true });
    await open(member, 'party/logs');
    const visit = member.getByTestId('pw-log').filter({ hasText: '药快吃完了' });
    await visit.getByTestId('pw-to-case').click();
    const ask = member.locator('.ant-popover:not(.ant-popover-hidden)');
    assert.match(await ask.innerText(), /把这次走访发现的情况转给网格员处理？/);
    await fitsPhone(member, 'case confirm');
    await shot(member, 'member-to-case-390');
    await ask.getByRole('button', { name: '转为事件' }).click();
    await member.getByText(/^已转为事件 \S+，交给网格员处理$/).waitFor();
    const [c] = (await site.vb.platform.db.execute(sql`SELECT c.id, c.no, c.title, u.username AS assignee FROM party_visit_logs l JOIN cases c ON c.id = l.case_id LEFT JOIN users u ON u.id = c.assignee_id WHERE l.note LIKE '%药快吃完了%'`) as unknown as { rows: { id: string; no: string; title: string; assignee: string | null }[] }).rows;
    assert.equal(c.assignee, 'yudong.grid', 'dispatched to the grid worker of 余东村');
    assert.equal(await visit.getByTestId('pw-log-case').innerText(), `事件 ${c.no} ›`);
    assert.equal(await visit.getByTestId('pw-to-case').count(), 0, 'no second button once the case is open');
    // after a reload the number is still there (asked from the case), and a tap opens the case
    await member.reload();
    await visit.getByTestId('pw-log-case').getByText(`事件 ${c.no}`).waitFor();
    await fitsPhone(member, 'log with case');
    await chineseOnly(member, 'log with case');
    await shot(member, 'member-log-case-390');
    await visit.getByTestId('pw-log-case').click();
    await member.waitForURL(new RegExp(`/app/(cases|tasks|reports)/${c.id}$`));
    await member.getByText(c.title).first().waitFor();
    await shot(member, 'member-case-390');

    // the grid worker finds it among her tasks, on her phone and in the console
    const gridPhone = await staffPage(site, 'yudong.grid', PHONE, { isMobile: true });
    await gridPhone.goto(`${site.base}/app/tasks`);
    await gridPhone.getByTestId('task-item').filter({ hasText: '余家' }).waitFor();
    await fitsPhone(gridPhone, 'grid tasks');
    await shot(gridPhone, 'grid-case-task-390');

    // 我的服务力 counts the valued visit: 1 visit, 3 service points (the index is recomputed after the review)
    await open(member, 'party/tasks');
    const index = member.getByTestId('pw-index');
    for (let i = 0; i < 20 && !(await index.innerText().catch(() => '')).includes('共 3 服务积分'); i++) { await member.waitForTimeout(500); await member.reload(); }
    const ix = await index.innerText();
    for (const words of ['我的服务力', '基础分', '岗位加分', '走访加分', '1 次走访通过审核，共 3 服务积分', '扣分']) assert.ok(ix.includes(words), `${words} in ${ix}`);
    await fitsPhone(member, 'index');
    await chineseOnly(member, 'index');
    await shot(member, 'member-index-390');

    // and the ranking: his branch and him (masked), the same +3, this week, month and year
    const grid = await staffPage(site, 'yudong.grid', CONSOLE);
    await open(grid, 'party-work/rank');
    const me = grid.getByTestId('pw-rank-member').filter({ hasText: '余*洪' });
    for (const period of ['本周', '本月', '本年']) {
      await grid.getByTestId('pw-rank-period').getByText(period).click();
      await me.getByText('3 服务积分', { exact: false }).waitFor();
    }
    assert.equal(await grid.getByTestId('pw-rank-member').filter({ hasText: '余仁洪' }).count(), 0, 'names come masked');
    await grid.getByTestId('pw-rank-branch').first().waitFor();
    await chineseOnly(grid, 'rankings');
    await shot(grid, 'grid-rank-1440');
    await open(gridPhone, 'party-work/rank');
    await gridPhone.getByTestId('pw-rank-branch').first().waitFor();
    await fitsPhone(gridPhone, 'rankings');
    await shot(gridPhone, 'grid-rank-390');
    // an area that shows aggregates only: no member listed, and the page says why
    const [yudong] = (await site.vb.platform.db.execute(sql`SELECT code FROM regions WHERE name = '余东村'`) as unknown as { rows: { code: string }[] }).rows;
    const [admin] = (await site.vb.platform.db.execute(sql`SELECT id FROM users WHERE username = 'admin'`) as unknown as { rows: { id: string }[] }).rows;
    await site.vb.services.partyIndex.putRankingSwitch(await site.vb.services.users.actorOf(admin.id), yudong.code, true);
    await grid.reload();
    await grid.getByTestId('pw-rank-aggregates').getByText('本片区的排行只公布各支部的平均分，不列出党员个人').waitFor();
    assert.equal(await grid.getByTestId('pw-rank-member').count(), 0);
    await shot(grid, 'grid-rank-aggregates-1440');
    for (const p of [member, gridPhone, grid]) await p.close();
  });

  it('a member who logs in by phone finds his 联户 task on the 党员 tab', async () => {
    const guo = await residentPage(site, '13500000003');
    await guo.getByTestId('resident-nav').getByText('党员', { exact: true }).click();
    const kong = guo.getByTestId('pw-held-task').filter({ hasText: '孔家' });
    await kong.waitFor();
    assert.match(await kong.innerText(), /每 7 天走访一次/);
    await kong.getByTestId('pw-checkin').waitFor();
    await fitsPhone(guo, 'resident shell');
    await shot(guo, 'resident-member-390');
    await guo.close();
  });

  it('the district leader reads 党员服务力 without the grid worker\'s tasks, on the console and the phone', async () => {
    for (const [viewport, label] of [[CONSOLE, '1440'], [PHONE, '390']] as const) {
      const leader = await staffPage(site, 'leader', viewport);
      if (viewport === CONSOLE) await leader.getByTestId('nav').getByText('党建工作台').click();
      else await open(leader, 'party-rankings');
      // the rankings are a tab of the 党建工作台 (test/browser/partywork-console.test.ts covers the rest)
      await leader.getByTestId('pwc-tabs').getByRole('tab', { name: '排行' }).click();
      await leader.getByTestId('pw-rankings-page').waitFor();
      await leader.getByTestId('pw-rank-branch').filter({ hasText: '余东村党支部' }).first().waitFor();
      assert.equal(await leader.getByTestId('pw-grid-tabs').count(), 0, 'no tasks or review for a reader');
      await chineseOnly(leader, `leader's rankings ${label}`);
      if (viewport === PHONE) await fitsPhone(leader, 'leader rankings');
      await shot(leader, `leader-rankings-${label}`);
      await leader.close();
    }
  });
});

