/**
 * The household registry (issue 20 item 1) in Chromium: 余东村's grid worker 余丽 (yudong.grid) on a
 * 390-px phone opens 余金娥's household in her grid and shows her ID number (audited); the console's
 * household list and a household's page at 1440 (the district administrator); then the audit shows the
 * reveal — on the household's own 谁看过 list, and on 余金娥's 我的户 (谁看过我家的信息). Her household's
 * page also shows its points and the problem she reported, which opens the case.
 * Screenshots in test-results/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { demoIdNumber } from '../../src/demo/household-registry.ts';
import { type DemoSite, openMore, residentPage, SHOTS, staffPage, startDemoSite } from './helpers.ts';

describe('household registry in Chromium', () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  it('the grid worker opens a household of her grid on the phone and shows an ID number; the audit has it', async () => {
    const page = await staffPage(site, 'yudong.grid', { width: 390, height: 844 });
    await page.goto(`${site.base}/app/households`);
    const table = page.getByTestId('households-table');
    await table.getByText('余东村 上余 25号').waitFor();
    assert.equal(await table.getByText('紫荆社区', { exact: false }).count(), 0, 'only her village\'s households');
    await page.screenshot({ path: path.join(SHOTS, 'registry-grid-list-390.png'), fullPage: true });
    await table.getByText('余东村 上余 25号').click();
    const rec = page.getByTestId('household-record');
    await rec.getByText('余金娥').first().waitFor();
    await rec.getByText('独居老人').first().waitFor();
    const first = rec.getByTestId('household-person').first();
    assert.match(await first.getByTestId('person-idNumber').innerText(), /^330802\*{8}\d{3}[\dX]$/, 'masked until shown');
    await first.getByTestId('reveal-idNumber').click();
    const full = demoIdNumber('19360815', 'F', 14);
    await first.getByTestId('person-idNumber').getByText(full).waitFor();
    await rec.getByTestId('household-looked').getByText('查看了身份证号').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'registry-grid-reveal-390.png'), fullPage: true });
    // her household's points (the demo's 村积分评定 awards) and the problem she reported (反映的问题)
    const points = rec.getByTestId('household-points');
    await points.getByTestId('household-points-recent').getByText('余*娥 ·', { exact: false }).first().waitFor();
    assert.ok(Number(await points.getByTestId('household-points-balance').innerText()) > 0, 'her points');
    const lines = await points.getByTestId('household-points-recent').innerText();
    assert.ok(!lines.includes('余金娥') && !/[a-z]_[a-z]/.test(lines), `names masked, rules by their names: ${lines}`);
    const reported = rec.getByTestId('household-cases');
    await reported.getByText('后山路口堆了建筑垃圾').waitFor();
    await reported.getByText('待受理').waitFor();
    await points.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'registry-grid-points-390.png') });
    await reported.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'registry-grid-cases-390.png') });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling on the phone (${width} px)`);
    await reported.getByTestId('household-case-link').first().click();
    await page.getByText('后山路口有人倒了一堆碎砖', { exact: false }).first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'registry-grid-case-390.png') });
    const [audit] = await site.vb.platform.database.raw<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log a JOIN users u ON u.id::text = a.actor_id::text WHERE a.action = 'households.reveal_field' AND u.username = 'yudong.grid'", []);
    assert.equal(audit.n, 2, 'the demo\'s reveal and this one');
    await page.close();
  });

  it('the console at 1440: the list with tags and grids, a household\'s page with history and who looked', async () => {
    const page = await staffPage(site, 'admin', { width: 1440, height: 900 });
    await page.goto(`${site.base}/app/households`);
    const table = page.getByTestId('households-table');
    await table.getByText('郭*民').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'registry-list-1440.png') });
    // 余东村's households are on a later page of the district's list: open one by its address
    const [row] = await site.vb.platform.database.raw<{ id: string }>("SELECT id FROM households WHERE address = '余东村 画家街 6号'", []);
    await page.goto(`${site.base}/app/households/${row.id}`);
    const rec = page.getByTestId('household-record');
    await rec.getByText('徐建明').first().waitFor();
    for (const text of ['快递代收点', '民宿经营户', '修改标签', '导入建档']) await rec.getByText(text).first().waitFor();
    assert.ok(!(await rec.innerText()).includes(demoIdNumber('19750302', 'M', 17)), 'no ID number in full before 查看');
    await rec.getByTestId('household-points-balance').waitFor();
    await rec.getByTestId('household-cases').getByText('本户成员还没有反映过问题').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'registry-page-1440.png'), fullPage: true });
    // 余金娥's household at 1440: its points and the problem she reported
    const [hers] = await site.vb.platform.database.raw<{ id: string }>("SELECT id FROM households WHERE address = '余东村 上余 25号'", []);
    await page.goto(`${site.base}/app/households/${hers.id}`);
    await page.getByTestId('household-cases').getByText('后山路口堆了建筑垃圾').waitFor();
    await page.getByTestId('household-points').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'registry-points-cases-1440.png') });
    await page.close();
  });

  it('余金娥 reads on 我的户 who looked at her household', async () => {
    const page = await residentPage(site, '13500010004');
    await openMore(page, 'household');
    const looked = page.getByTestId('my-household-looked');
    await looked.getByText('查看了身份证号').first().waitFor();
    assert.match(await looked.innerText(), /余丽/);
    await page.screenshot({ path: path.join(SHOTS, 'registry-mine-looked-390.png'), fullPage: true });
    await page.close();
  });
});
