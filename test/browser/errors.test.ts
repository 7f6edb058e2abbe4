/**
 * Errors in people's words, in Chromium: the web words every failure by its code from the shared catalogue
 * (src/platform/error-text.ts), so the Chinese UI never shows the server's English message — a wrong
 * password, a user name already taken, and an action the administrator has just lost the right to.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { ERROR_TEXT } from '../../src/platform/error-text.ts';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

const HAS_LATIN_SENTENCE = /[A-Za-z]{3,}\s+[A-Za-z]{2,}/;

describe('error messages by code in Chromium', () => {
  let site: DemoSite;

  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  /** The text of the toast antd shows for message.error, once it appears. */
  const toast = async (page: Page) => {
    const el = page.locator('.ant-message .ant-message-notice').last();
    await el.waitFor();
    return (await el.innerText()).trim();
  };

  it('a wrong password says so in Chinese, and in English after switching language', async () => {
    const page = await site.browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(site.base);
    await page.getByTestId('username').fill('admin');
    await page.getByTestId('password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    const alert = page.getByTestId('login-error');
    await alert.getByText(ERROR_TEXT.INVALID_CREDENTIALS.zh).waitFor();
    const zh = await alert.innerText();
    assert.ok(!zh.includes('Wrong user name'), `no server English in the Chinese UI: ${zh}`);
    await page.screenshot({ path: path.join(SHOTS, 'errors-login-zh.png') });

    await page.getByTestId('lang-switch').click();
    await alert.getByText(ERROR_TEXT.INVALID_CREDENTIALS.en).waitFor();
    assert.doesNotMatch(await alert.innerText(), /[\u4e00-\u9fff]/, 'the same error re-worded in English');
    await page.screenshot({ path: path.join(SHOTS, 'errors-login-en.png') });
    await page.close();
  });

  it('a user name already taken and a right just lost are told in Chinese in the console', async () => {
    const page = await staffPage(site, 'admin', { width: 1300, height: 800 });
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.getByTestId('users-table').waitFor();

    const fill = async (username: string) => {
      await page.getByTestId('new-user').click();
      const dialog = page.locator('.ant-modal');
      await dialog.getByLabel('姓名').fill('测试用户');
      await dialog.getByLabel('用户名').fill(username);
      await dialog.getByLabel('密码').fill('long-enough-1');
      // the first option of each select (opened with its first option active)
      for (const label of ['角色', '区划']) {
        await dialog.getByLabel(label).click();
        await page.keyboard.press('Enter');
      }
      return dialog;
    };

    // invalid: the user name exists — the form marks the field in Chinese
    const dialog = await fill('admin');
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.getByText('该用户名已被使用').waitFor();
    assert.ok(!(await dialog.innerText()).includes('already exists'));
    await page.screenshot({ path: path.join(SHOTS, 'errors-user-exists.png') });

    // forbidden: the administrator's role is taken away while the page is open (the session cache lasts 5 s)
    await dialog.getByLabel('用户名').fill('someone-new');
    await site.vb.platform.db.execute(sql`UPDATE memberships SET role = 'operator' WHERE user_id = (SELECT id FROM users WHERE username = 'admin')`);
    await new Promise((r) => setTimeout(r, 5500));
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    const text = await toast(page);
    assert.equal(text, ERROR_TEXT.FORBIDDEN.zh);
    assert.doesNotMatch(text, HAS_LATIN_SENTENCE, 'no server English (it says "Permission users.write is needed")');
    await page.screenshot({ path: path.join(SHOTS, 'errors-forbidden-zh.png') });
    const [n] = ((await site.vb.platform.db.execute(sql`SELECT count(*)::int AS n FROM users WHERE username = 'someone-new'`)) as unknown as { rows: { n: number }[] }).rows;
    assert.equal(n.n, 0, 'nothing was written');
    await page.close();
  });
});
