/**
 * The dashboard module (issue 18, first slice): read models fed by case events (rollups of cases per
 * day × village × category × source × state × level, and closed per day), the big screen (大屏) of a
 * region for leaders and command rooms, kiosk tokens for walls nobody is logged in at, and the screen's
 * live stream. It only reads other modules, through their services and query functions.
 */
import type { CasePayload } from '../cases/index.ts';
import { PartySummaryQueries } from '../partywork/index.ts';
import { EarnedQueries } from '../points/index.ts';
import type { DomainEvent, EventMap } from '../platform/events.ts';
import { AppError } from '../platform/errors.ts';
import { defineModule, type ModuleDefinition } from '../platform/module.ts';
import { DASHBOARD_ERRORS } from './dashboard.errors.ts';
import { DASHBOARD_PERMISSIONS } from './dashboard.permissions.ts';
import { screenRoutes } from './dashboard.routes.ts';
import { KiosksService } from './kiosks.ts';
import { PointsRollup, POINTS_ROLLUP_JOB } from './points-rollup.ts';
import { RollupService } from './rollup.service.ts';
import { ScreenService } from './screen.service.ts';

interface Own {
  rollups: RollupService;
  screen: ScreenService;
  kiosks: KiosksService;
}

declare module '../platform/module.ts' {
  interface ModuleServices {
    rollups: RollupService;
    screen: ScreenService;
    kiosks: KiosksService;
  }
}

/**
 * Every case event: each carries the case as it is after it. Listed so that a new case event is a type
 * error here until it is named (a case event the rollups missed would leave them behind).
 */
const CASE_EVENTS = {
  'case.reported': true, 'case.registered': true, 'case.rejected': true, 'case.self_handled': true, 'case.dispatched': true, 'case.signed': true,
  'case.returned': true, 'case.feedback_given': true, 'case.extension_requested': true, 'case.extension_approved': true,
  'case.extension_denied': true, 'case.suspended': true, 'case.resumed': true, 'case.closed': true, 'case.rework_ordered': true, 'case.rated': true,
  'case.archived': true, 'case.escalated': true, 'case.merged': true, 'case.answered': true, 'case.co_signed': true, 'case.co_feedback_given': true,
  'case.co_handler_waived': true, 'case.overdue': true, 'case.supervised': true, 'case.reopened': true, 'case.me_too': true, 'case.noted': true,
  'case.severity_raised': true,
} as const satisfies Record<Extract<keyof EventMap, `case.${string}`>, true>;

// one handler for all of them (delivered at least once and in any order: applyFact keeps the newest)
const on = Object.fromEntries(Object.keys(CASE_EVENTS).map((type) => [type, async (e: DomainEvent<CasePayload>, own: Own) => {
  await own.rollups.onCaseEvent(e);
  own.screen.forget(e.payload.villageCode);
}])) as ModuleDefinition<Own>['on'];
// party visits logged and reviewed feed the 数字党建 board's rollup
on!['partywork.visit_logged'] = (e, own) => own.rollups.onVisitEvent(e);
on!['partywork.visit_reviewed'] = (e, own) => own.rollups.onVisitEvent(e);

export const dashboardModule = defineModule<Own>({
  name: 'dashboard',
  permissions: DASHBOARD_PERMISSIONS,
  errors: DASHBOARD_ERRORS,
  needs: ['regions', 'cases', 'sensors', 'cameras', 'partywork', 'points', 'places'],
  build: ({ platform, use }) => {
    const regions = use('regions');
    const party = new PartySummaryQueries(platform);
    const pointsRollup = new PointsRollup(platform, new EarnedQueries(platform));
    return {
      rollups: new RollupService(platform, pointsRollup),
      screen: new ScreenService(platform, regions, use('sensors'), use('cameras'), party, use('partyIndex'), pointsRollup),
      kiosks: new KiosksService(platform, (code) => regions.exists(code)),
    };
  },
  on,
  // the 智慧便民 board's points: yesterday and today recomputed from the ledger (points-rollup.ts)
  jobs: ({ rollups }, { platform }) => {
    platform.scheduler.every(POINTS_ROLLUP_JOB, { intervalMs: 60_000 }, () => rollups.points.refresh());
  },
  // every process ends the streams it holds for a revoked wall
  everywhere: { 'screen.kiosk_revoked': (e, { kiosks }) => kiosks.endStreams(e.payload.kioskId) },
  routes: async (app, { screen, kiosks }, { realtime }) => {
    await app.register(screenRoutes, { screen, kiosks, realtime });
  },
  // a database that has cases but no rollups yet (this module is new to it, or the demo's history was
  // just written straight into the tables): computed once at start, in the background of a running server
  async start({ rollups }, { platform }) {
    if (!(await rollups.isEmpty())) {
      // a database from before the points rollup: its months at once, not only the job's two days
      if (await rollups.points.isEmpty()) await rollups.points.rebuild();
      return;
    }
    const t = Date.now();
    const r = await rollups.rebuild();
    if (r.cases > 0) platform.log.info({ cases: r.cases, ms: Date.now() - t }, 'dashboard rollups computed from the cases');
  },
  commands: {
    dashboard: {
      summary: 'The big screen\'s read models: `dashboard rebuild` recomputes the case, party-visit and points rollups from their sources',
      usage: 'vb dashboard rebuild',
      options: {},
      async run({ positionals, withCore }) {
        if (positionals[0] !== 'rebuild') throw new AppError('USAGE', 2, 'Usage: vb dashboard rebuild');
        await withCore(async ({ services }) => {
          const t = Date.now();
          const r = await services.rollups.rebuild();
          console.log(`Dashboard rollups rebuilt from ${r.cases} cases, ${r.visits} party visits and the points ledger (${r.pointsRows} rows) in ${((Date.now() - t) / 1000).toFixed(1)} s.`);
        });
      },
    },
    'screen-kiosk': {
      summary: 'Kiosk tokens for walls: `screen-kiosk add REGION NAME [--hours N]`, `screen-kiosk list`, `screen-kiosk revoke ID`',
      usage: 'vb screen-kiosk add REGION NAME [--hours 720] | list | revoke ID   (a new token is printed once)',
      options: { hours: { type: 'string' } },
      async run({ positionals, values, withCore }) {
        const [verb, ...rest] = positionals;
        await withCore(async ({ services }) => {
          if (verb === 'add' && rest.length >= 2) {
            const hours = values.hours === undefined ? 720 : Number(values.hours);
            const k = await services.kiosks.create(null, { regionCode: rest[0], name: rest.slice(1).join(' '), hours });
            console.log(`Kiosk "${k.kiosk.name}" (${k.kiosk.id}) for ${k.kiosk.regionCode}, until ${k.kiosk.expiresAt}:\n${k.url}`);
          } else if (verb === 'list') {
            const all = await services.kiosks.list(null);
            for (const k of all) console.log(`${k.id}  ${k.regionCode}  ${k.state.padEnd(7)}  until ${k.expiresAt}  ${k.name}`);
            if (all.length === 0) console.log('No kiosk tokens.');
          } else if (verb === 'revoke' && rest[0]) {
            const k = await services.kiosks.revoke(null, rest[0]);
            console.log(`Kiosk "${k.name}" revoked at ${k.revokedAt}.`);
          } else {
            throw new AppError('USAGE', 2, 'Usage: vb screen-kiosk add REGION NAME [--hours N] | list | revoke ID');
          }
        });
      },
    },
  },
});
