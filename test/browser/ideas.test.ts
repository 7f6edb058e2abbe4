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
    await phone.getByTestId('idea-submit').click();
    await phone.getByTestId('idea-card').waitFor();
    const id = phone.url().split('/').pop()!;
    assert.match(id, /^[0-9a-f-]{36}$/);

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
