/**
 * The queue's first rows are asked for while the page's code is still loading (web/src/features/cases/screens.tsx:
 * prefetch), and its live stream opens from where those rows were read (`x-event-head`, `?lastEventId=`). A case
 * reported between the rows' answer and the page being drawn must still reach the queue: the early stream keeps
 * its event for the page. The page's code is held back here to make that gap as long as a slow phone's.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { SHOTS, staffPage, startDemoSite, type DemoSite } from './helpers.ts';

describe('the queue asked for before it is drawn', () => {
  let site: DemoSite;

  before(async () => {
    site = await startDemoSite();
  });
  after(async () => {
    await site?.close();
  });

  it('shows a case reported after its rows were read and before it was drawn, asking for the rows once', async () => {
    const vb = site.vb;
    const rows = async <T,>(q: ReturnType<typeof sql>) => (await vb.platform.db.execute(q) as unknown as { rows: T[] }).rows;
    const login = await staffPage(site, 'gouxi.operator', { width: 1440, height: 900 });
    const context = await site.browser.newContext({ storageState: await login.context().storageState(), viewport: { width: 1440, height: 900 } });
    await login.close();
    const page = await context.newPage();

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/CasesPage-*.js', async (route) => {
      await released;
      await route.continue();
    });
    const queueAsks: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/cases') queueAsks.push(r.url());
    });
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/cases');
    await page.goto(`${site.base}/app/cases`, { waitUntil: 'commit' });
    const answer = await answered;
    assert.match(answer.headers()['x-event-head'] ?? '', /^\d+$/, 'the rows say which event they were read at');
    assert.equal(await page.getByTestId('case-queue').count(), 0, 'the page is not drawn yet');

    // a villager reports while the page's code is still on its way
    const [centre] = await rows<{ center_lon: number; center_lat: number }>(sql`SELECT center_lon, center_lat FROM regions WHERE name = '余东村第1网格'`);
    const [{ id: residentId }] = await rows<{ id: string }>(sql`SELECT id FROM users WHERE phone = '13800000001'`);
    const resident = await vb.services.users.actorOf(residentId);
    const c = await vb.services.cases.report(resident, { title: '页面加载时上报：桥头护栏松动', categoryCode: '0201', lon: centre.center_lon, lat: centre.center_lat, source: 'resident' });
    await vb.platform.events.flush();
    assert.ok(!(await answer.text()).includes(c.no), 'the early rows were read before the report');
    await page.waitForTimeout(1000); // the event reaches the early stream, nobody draws it yet
    release();

    await page.getByTestId('case-queue').getByText(c.no).waitFor({ timeout: 15_000 });
    assert.equal(queueAsks.filter((u) => new URL(u).search === '?limit=200').length, 1, `the rows were asked for once: ${queueAsks.join(', ')}`);
    await page.screenshot({ path: path.join(SHOTS, 'queue-first-load.png') });
    await context.close();
  });
});
