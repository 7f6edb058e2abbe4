/** Shared set-up of the browser tests: the demo on a test database, served, and Debian's Chromium. */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { PROJECT_ROOT } from '../../src/platform/paths.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

export const SHOTS = path.join(PROJECT_ROOT, 'test-results');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage', '--no-first-run'];

export interface DemoSite {
  vb: TestApp;
  browser: Browser;
  base: string;
  close(): Promise<void>;
}

export async function startDemoSite(): Promise<DemoSite> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const vb = await createTestApp('pglite', { SERVE_WEB: 'true' });
  await seedDemo(vb.platform, vb.services);
  await vb.services.regions.rebuildIndex();
  await vb.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(vb.app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const site: DemoSite = {
    vb, browser, base,
    async close() {
      await browser.close();
      await site.vb.destroy(); // the app serving now (a test may have restarted it)
    },
  };
  return site;
}

/** A demo staff user (password demo1234) logged in on a new page (extra context options: a phone's geolocation …). */
export async function staffPage(site: DemoSite, username: string, viewport = { width: 1400, height: 900 }, context: BrowserContextOptions = {}): Promise<Page> {
  const page = await site.browser.newPage({ viewport, ...context });
  await page.goto(site.base);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
  return page;
}

/** A demo resident or tourist logged in by phone + SMS code (read from sms_outbox) on a phone-sized page. */
export async function residentPage(site: DemoSite, phone: string): Promise<Page> {
  const { desc, eq } = await import('drizzle-orm');
  const { smsOutbox } = await import('../../src/people/people.schema.ts');
  const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  await page.goto(site.base);
  await page.getByRole('tab', { name: '村民 / 游客登录' }).click();
  await page.getByTestId('phone').fill(phone);
  await page.getByTestId('get-code').click();
  await page.getByText('验证码已发送').waitFor();
  const [sms] = await site.vb.platform.db.select().from(smsOutbox).where(eq(smsOutbox.phone, phone)).orderBy(desc(smsOutbox.createdAt)).limit(1);
  await page.getByTestId('code').fill(/(\d{6})/.exec(sms.text)![1]);
  await page.locator('form button[type=submit]').last().click();
  await page.getByTestId('home-card').waitFor();
  return page;
}

/** A screen the resident's phone lists under 更多 (my household, the shop, the loan quota): 更多, then its row. */
export async function openMore(page: Page, key: string): Promise<void> {
  await page.getByTestId('resident-nav').getByText('更多', { exact: true }).click();
  await page.getByTestId(`more-${key}`).click();
}
