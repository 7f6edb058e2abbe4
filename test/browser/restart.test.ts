/**
 * The server restarts under an open page (issue 15, "Bad input and faults"): the tab's one live stream
 * finds the new server by itself, resumes after the last event it saw (Last-Event-ID), and the queue and
 * the workbench catch up on what happened while the server was away — without a reload, and without
 * sending the user back to log-in (the session lives in the database, not in the process).
 *
 * The restart is a real one of everything but the database (as in production, where PostgreSQL outlives
 * the server): the app is closed — its HTTP server, live hub, outbox poller and scheduler — and a new
 * app is built on the same database and listens on the same port.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('a server restart under an open page', () => {
  let site: DemoSite;

  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  const rows = async <T,>(vb: TestApp, q: ReturnType<typeof sql>) => (await vb.platform.db.execute(q) as unknown as { rows: T[] }).rows;

  /** Close the app but keep its database; build a new app on it. Answers the new app, not yet listening. */
  async function stopAndRebuild(): Promise<{ vb: TestApp; port: number }> {
    const old = site.vb;
    const port = (old.app.server.address() as AddressInfo).port;
    const database = old.testDb.database;
    const closeDatabase = database.close.bind(database);
    database.close = async () => {}; // the database outlives the server
    await old.close();
    database.close = closeDatabase;
    fs.rmSync(old.config.dataDir, { recursive: true, force: true });
    const vb = await createTestApp('pglite', { SERVE_WEB: 'true' }, old.testDb);
    await vb.services.regions.rebuildIndex();
    site.vb = vb; // site.close() now closes the new app and drops the database
    return { vb, port };
  }

  it('the queue and the workbench catch up on a case reported while the server was down', async () => {
    const page = await staffPage(site, 'gouxi.operator', { width: 1440, height: 900 });
    const number = async (testId: string) => Number((await page.getByTestId(testId).locator('.ant-statistic-content-value').textContent())!.replace(/,/g, ''));
    await page.getByTestId('workbench-room').waitFor();
    await page.getByTestId('wb-trend').locator('canvas').waitFor();
    const before = await number('wb-newToday');
    await page.getByRole('menuitem', { name: '事件中心' }).click();
    await page.getByTestId('case-queue').waitFor();
    await page.waitForTimeout(1500); // the queue's first load is done and the stream is open

    const { vb, port } = await stopAndRebuild();
    // while nothing listens: the page's stream fails and retries; a villager's report comes in another way
    await page.waitForTimeout(2000);
    const [centre] = await rows<{ center_lon: number; center_lat: number }>(vb, sql`SELECT center_lon, center_lat FROM regions WHERE name = '余东村第1网格'`);
    const [{ id: residentId }] = await rows<{ id: string }>(vb, sql`SELECT id FROM users WHERE phone = '13800000001'`);
    const resident = await vb.services.users.actorOf(residentId);
    const c = await vb.services.cases.report(resident, { title: '重启期间上报：村口路灯不亮', categoryCode: '0201', lon: centre.center_lon, lat: centre.center_lat, source: 'resident' });
    await vb.app.listen({ port, host: '127.0.0.1' });

    // the stream comes back by itself and the missed event puts the case in the queue
    await page.getByTestId('case-queue').getByText(c.no).waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('login-submit').count(), 0, 'still logged in');
    await page.screenshot({ path: path.join(SHOTS, 'restart-queue.png') });

    // the workbench, opened after the restart, counts it
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.getByTestId('workbench-room').waitFor();
    await page.waitForFunction(([sel, n]) => document.querySelector(`[data-testid="${sel}"] .ant-statistic-content-value`)?.textContent === String(n),
      ['wb-newToday', before + 1] as const, { timeout: 15_000 });
    await page.close();
  });
});
