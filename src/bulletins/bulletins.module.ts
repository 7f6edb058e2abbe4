/**
 * The bulletins module (issue 18 item 4): 周通报 every Monday, 月督查 on the month's first working day,
 * 年考核 on the year's, for every township and district — rankings with tie rules, 红黑榜 by public
 * thresholds, overdue and 督办 lists, KPI changes against the last period — archived with a content
 * hash, rendered as Excel and PDF, and told in-app to the region's leaders. It reads other modules only
 * through their services and query functions (cases' KPIs and overdue list, regions' names).
 */
import { writeFile } from 'node:fs/promises';
import { AppError } from '../platform/errors.ts';
import { defineModule } from '../platform/module.ts';
import { BULLETIN_KINDS, type BulletinKind } from './bulletin-content.ts';
import { BULLETINS_ERRORS } from './bulletins.errors.ts';
import { BULLETINS_PERMISSIONS } from './bulletins.permissions.ts';
import { bulletinsRoutes } from './bulletins.routes.ts';
import { BulletinsService } from './bulletins.service.ts';

/** Daily at 06:30 Beijing time: on a Monday or a first working day the new ones are there before office hours. */
export const BULLETINS_JOB = 'bulletins.publish';
const BULLETINS_CRON = '30 6 * * *';

interface Own { bulletins: BulletinsService }

declare module '../platform/module.ts' {
  interface ModuleServices {
    bulletins: BulletinsService;
  }
}

const USAGE = 'Usage: vb bulletin generate weekly|monthly|yearly REGION [--period YYYY-MM-DD] | list [REGION] | export ID --format pdf|xlsx --out FILE | due';

export const bulletinsModule = defineModule<Own>({
  name: 'bulletins',
  permissions: BULLETINS_PERMISSIONS,
  errors: BULLETINS_ERRORS,
  needs: ['regions', 'people', 'cases', 'notify', 'partywork'],
  build: ({ platform, use }) => ({ bulletins: new BulletinsService(platform, use('regions'), use('users'), use('partyIndex')) }),
  jobs({ bulletins }, { platform, use }) {
    const cases = use('cases');
    platform.scheduler.every(BULLETINS_JOB, { cron: BULLETINS_CRON }, () => bulletins.publishDue(new Date(), (d) => cases.businessCalendar.isWorkingDay(d)));
  },
  routes: async (app, { bulletins }) => {
    await app.register(bulletinsRoutes, { bulletins });
  },
  commands: {
    bulletin: {
      summary: 'Bulletins (周通报/月督查/年考核): `bulletin generate KIND REGION [--period DAY]`, `bulletin list`, `bulletin export ID --format pdf|xlsx --out FILE`, `bulletin due`',
      usage: USAGE,
      options: { period: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
      async run({ positionals, values, withCore }) {
        const [verb, a, b] = positionals;
        await withCore(async ({ services }) => {
          const s = services.bulletins;
          if (verb === 'generate' && BULLETIN_KINDS.includes(a as BulletinKind) && b) {
            const t = Date.now();
            const r = await s.generate(null, { kind: a as BulletinKind, regionCode: b, periodStart: values.period as string | undefined });
            const x = r.bulletin;
            console.log(`${r.created ? 'Made' : 'Already archived'}: ${x.kindZh} ${x.number} (${x.periodStart} – ${x.periodEnd}) ${x.id}\n  content sha256 ${x.contentHash}\n  xlsx sha256 ${x.xlsxSha256}\n  pdf ${x.pdfSha256 ?? '(none: no Chromium, see CHROMIUM_PATH)'}${r.created ? `\n  in ${((Date.now() - t) / 1000).toFixed(1)} s` : ''}`);
          } else if (verb === 'list') {
            const all = await s.list(null, a ? { region: a } : {});
            for (const x of all) console.log(`${x.id}  ${x.periodStart}  ${x.kindZh.padEnd(6)}  ${x.number}  ${x.contentHash.slice(0, 16)}…`);
            if (all.length === 0) console.log('No bulletins.');
          } else if (verb === 'export' && a && (values.format === 'pdf' || values.format === 'xlsx') && typeof values.out === 'string') {
            const f = await s.file(null, a, values.format);
            await writeFile(values.out, f.file);
            console.log(`${f.name} → ${values.out} (${f.file.length} bytes)`);
          } else if (verb === 'due') {
            const r = await s.publishDue(new Date(), (d) => services.cases.businessCalendar.isWorkingDay(d));
            console.log(`Bulletins due: ${r.made} made, ${r.kept} already archived.`);
          } else {
            throw new AppError('USAGE', 2, USAGE);
          }
        });
      },
    },
  },
});
