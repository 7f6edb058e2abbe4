/** The points module: the credit-points ledger (信用积分, issue 16), accounts, history and corrections. */
import { defineModule } from '../platform/module.ts';
import { POINTS_ERRORS } from './points.errors.ts';
import { POINTS_PERMISSIONS } from './points.permissions.ts';
import { pointsRoutes } from './points.routes.ts';
import { PointsService } from './points.service.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    points: PointsService;
  }
}

/** Pending transfers past their timeout are released (a 公示 hold left unresolved, a shop reservation). */
export const POINTS_EXPIRY_JOB = 'points.expire_pending';

export const pointsModule = defineModule({
  name: 'points',
  permissions: POINTS_PERMISSIONS,
  errors: POINTS_ERRORS,
  needs: ['people'],
  build: ({ platform, use }) => ({ points: new PointsService(platform, use('users')) }),
  jobs: ({ points }, { platform }) => platform.scheduler.every(POINTS_EXPIRY_JOB, { intervalMs: 60_000 }, () => points.expireDue()),
  routes: (app, { points }) => app.register(pointsRoutes, { points }),
});
