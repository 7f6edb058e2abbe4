/**
 * The demo district (柯城区): seeded through every module's services on an empty database, a year of
 * history, and — DEMO_LIFE, never in production — a village that keeps living. Last in src/modules.ts:
 * it uses every module and no module uses it.
 */
import { AppError } from '../platform/errors.ts';
import { defineModule } from '../platform/module.ts';
import { DISTRICT } from './demo-data.ts';
import { DEMO_RESERVOIRS, demoToken } from './reservoirs.ts';
import { demoLoginLines, seedDemo } from './seed-demo.ts';

export const demoModule = defineModule({
  name: 'demo',
  needs: ['regions', 'people', 'cases', 'devices', 'sensors', 'cameras', 'households', 'points', 'bulletins', 'dashboard'],
  build({ use, contribute }) {
    // a demo device still on its well-known token shows it in `vb device list`; others only their names
    contribute('device.token-hints', async (d) => {
      const i = DEMO_RESERVOIRS.findIndex((r) => r.name === d.asset);
      const candidate = i >= 0 ? demoToken(i, d.kind) : null;
      return candidate && (await use('deviceTokens').resolve(candidate))?.id === d.tokenId ? candidate : null;
    });
    return {};
  },
  async prepare(_own, { platform, use, all }) {
    if (!platform.config.seedDemo) return;
    let seededNow = false;
    if ((await use('regions').count()) === 0) {
      platform.log.info('empty database: seeding the demo region (柯城区)…');
      seededNow = (await seedDemo(platform, all())).seeded;
      await use('regions').rebuildIndex();
      // the history was written straight into the tables: the big screen's read models are computed from
      // it now (the dashboard's own start does it only when it finds them empty, and a seed's live events
      // delivered first would make them look filled)
      if (platform.config.demoHistory) await use('rollups').rebuild();
    }
    return { banner: [seededNow ? '  Demo data seeded. Log-ins:' : '  Demo log-ins:', ...demoLoginLines()] };
  },
  async start(_own, { platform, use, all }) {
    // the demo keeps moving (DEMO_LIFE; never in production, where config turns it off)
    const { config } = platform;
    if (!config.seedDemo || !config.demoLife || !(await use('regions').exists(DISTRICT.code))) return;
    const { VillageLife } = await import('./village-life.ts');
    const life = new VillageLife(platform, all());
    life.start();
    return {
      banner: ['  Village life: readings every minute, a few reports and detections an hour (DEMO_LIFE=false turns it off)'],
      stop: () => life.stop(),
    };
  },
  commands: {
    seed: {
      summary: 'Seed data; --demo loads the demo region (柯城区) unless it is already there',
      usage: 'vb seed --demo',
      options: { demo: { type: 'boolean' } },
      async run({ values, withCore }) {
        if (!values.demo) throw new AppError('USAGE', 2, 'Say what to seed: vb seed --demo');
        await withCore(async ({ platform, services }) => {
          const r = await seedDemo(platform, services);
          console.log(r.seeded ? `Demo seeded: ${r.regions} regions, ${r.organisations} organisations, ${r.users} users.` : 'The demo region is already there; nothing changed.');
          if (r.history) console.log(`A year of history: ${r.history.cases} cases (${r.history.lianNan} "两难" at the district), ${r.history.readings} readings in ${(r.history.ms / 1000).toFixed(1)} s.`);
        });
      },
    },
  },
});
