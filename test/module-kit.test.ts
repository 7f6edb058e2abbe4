/**
 * The module kit (issue 14, item 1): a module is a folder and one line of src/modules.ts. This test
 * writes a tiny module — a village guestbook — as a descriptor only, adds it to the list, and shows
 * that its service, route, event reaction, process-wide reaction, job, contribution and stop all work
 * with no edit to app.ts, server.ts or main.ts. It also checks the list's order rules.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Type } from 'typebox';
import { buildApp, type VillageBrain } from '../src/app.ts';
import { MODULES } from '../src/modules.ts';
import { requireActor } from '../src/platform/access.ts';
import { buildModules, checkModuleOrder, defineModule, type AnyModule } from '../src/platform/module.ts';
import type { Platform } from '../src/platform/context.ts';
import { createLogger } from '../src/platform/logger.ts';
import { testConfig } from './helpers/app.ts';
import { dbKinds, openTestDatabase, type TestDatabase } from './helpers/db.ts';
import { makeArea, makeResident, type Area } from './helpers/factories.ts';

class Guestbook {
  readonly lines: { by: string; text: string }[] = [];
  reportsSeen = 0;
  regionImports = 0;
  tallies = 0;
  stopped = false;
}

const guestbookModule = defineModule({
  name: 'guestbook',
  needs: ['people', 'cases'],
  build: ({ contribute }) => {
    const guestbook = new Guestbook();
    contribute('device.token-hints', async () => null); // contributions reach the module that reads them
    return { guestbook };
  },
  on: {
    // another module's event, typed by the application's EventMap
    'case.reported': (e, { guestbook }) => {
      assert.equal(typeof e.payload.caseId, 'string');
      guestbook.reportsSeen++;
    },
  },
  everywhere: {
    'regions.imported': (_e, { guestbook }) => {
      guestbook.regionImports++;
    },
  },
  jobs: ({ guestbook }, { platform }) => platform.scheduler.every('guestbook.tally', { intervalMs: 0 }, async () => ++guestbook.tallies),
  routes: async (app, { guestbook }) => {
    app.post('/api/guestbook', {
      config: { access: 'authenticated' },
      schema: { body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }) },
    }, async (req) => {
      const actor = requireActor(req.actor);
      guestbook.lines.push({ by: actor.id, text: (req.body as { text: string }).text });
      return { lines: guestbook.lines.length };
    });
  },
  stop: async ({ guestbook }) => {
    guestbook.stopped = true;
  },
});

declare module '../src/platform/module.ts' {
  interface ModuleServices {
    guestbook?: Guestbook;
  }
}

for (const kind of dbKinds()) {
  describe(`module kit: a module is a folder and one line [${kind}]`, () => {
    let vb: VillageBrain;
    let db: TestDatabase;
    let area: Area;
    let dataDir: string;
    before(async () => {
      const config = testConfig();
      dataDir = config.dataDir;
      db = await openTestDatabase(kind);
      vb = await buildApp(config, { database: db.database, logger: createLogger('silent', { pretty: false }), modules: [...MODULES, guestbookModule] });
      area = await makeArea(vb);
    });
    after(async () => {
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('serves its route, reacts to events, runs its job and stops with the app', async () => {
      const guestbook = vb.services.guestbook!;
      assert.ok(guestbook instanceof Guestbook);
      const resident = await makeResident(vb, area.villages[0]);
      const signed = await vb.app.inject({ method: 'POST', url: '/api/guestbook', headers: resident.auth, payload: { text: '村里的路修好了，谢谢' } });
      assert.equal(signed.statusCode, 200, signed.body);
      assert.deepEqual(signed.json(), { lines: 1 });
      // the platform's rules hold for the new route: who may call it, what it takes
      assert.equal((await vb.app.inject({ method: 'POST', url: '/api/guestbook', payload: { text: 'x' } })).statusCode, 401);
      const bad = await vb.app.inject({ method: 'POST', url: '/api/guestbook', headers: resident.auth, payload: { text: '' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(guestbook.lines.length, 1);

      // a reaction to the cases module's event, delivered by the outbox
      const [lon, lat] = area.gridPoints[0];
      const report = await vb.app.inject({ method: 'POST', url: '/api/cases', headers: resident.auth, payload: { title: '路灯不亮了', categoryCode: '0107', lon, lat } });
      assert.ok(report.statusCode < 300, report.body);
      await waitFor(() => guestbook.reportsSeen >= 1);
      // a process-wide reaction (the realtime hub's fan-out): the region import of before()
      await waitFor(() => guestbook.regionImports >= 1);

      // its job is one of the scheduler's, run by name
      assert.equal(await vb.platform.scheduler.runNow('guestbook.tally'), 1);
      // what it contributed is there for the module that reads it
      assert.equal(vb.contributions('device.token-hints').length, 2); // the demo's and the guestbook's

      await vb.close();
      assert.equal(guestbook.stopped, true);
    });
  });
}

describe('module kit: the list of modules', () => {
  const mod = (name: string, needs: string[] = []): AnyModule => defineModule({ name, needs, build: () => ({}) });

  it('refuses a module listed before one it needs, and a module listed twice', () => {
    assert.doesNotThrow(() => checkModuleOrder([mod('a'), mod('b', ['a'])]));
    assert.throws(() => checkModuleOrder([mod('b', ['a']), mod('a')]), /needs "a", which must come before it/);
    assert.throws(() => checkModuleOrder([mod('a'), mod('a')]), /listed twice/);
  });

  it('a module reaches only the services of the modules it needs', async () => {
    const maker = defineModule({ name: 'maker', build: () => ({ widget: 1 }) });
    const user = (needs: string[]) => defineModule({ name: 'user', needs, build: ({ use }) => ({ used: use('widget' as never) }) });
    const platform = {} as Platform; // no handlers or jobs: the kit touches nothing of it
    await assert.rejects(buildModules(platform, [maker, user([])]), /module "user" uses the service "widget" of module "maker" without naming "maker" in its needs/);
    const { services } = await buildModules(platform, [maker, user(['maker'])]);
    assert.equal((services as unknown as { used: number }).used, 1);
    await assert.rejects(buildModules(platform, [maker, defineModule({ name: 'twin', build: () => ({ widget: 2 }) })]), /builds a service "widget" that module "maker" already named/);
  });

  it('the application list is in order, and every service has one owner', () => {
    assert.doesNotThrow(() => checkModuleOrder(MODULES));
    assert.equal(new Set(MODULES.map((m) => m.name)).size, MODULES.length);
  });
});

async function waitFor(fn: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
