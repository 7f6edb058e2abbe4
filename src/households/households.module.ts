/** The households module (户, issue 16 item 2): households with members and a head, the printable card, card scans. */
import { defineModule } from '../platform/module.ts';
import { HOUSEHOLDS_ERRORS } from './households.errors.ts';
import { HOUSEHOLDS_PERMISSIONS } from './households.permissions.ts';
import { householdsRoutes } from './households.routes.ts';
import { HouseholdsService } from './households.service.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    households: HouseholdsService;
  }
}

export const householdsModule = defineModule({
  name: 'households',
  permissions: HOUSEHOLDS_PERMISSIONS,
  errors: HOUSEHOLDS_ERRORS,
  needs: ['regions', 'people'],
  build: ({ platform, use }) => ({ households: new HouseholdsService(platform, use('users'), use('regions')) }),
  routes: (app, { households }) => app.register(householdsRoutes, { households }),
});
