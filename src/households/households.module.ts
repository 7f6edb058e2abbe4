/** The households module (户, issue 16 item 2; 一户一档, issue 20 item 1): households with members and a head, the card and its scans, the registry with sealed ID numbers, need-to-know, history and roster import, and the cases its people reported. */
import { defineModule } from '../platform/module.ts';
import { HOUSEHOLDS_ERRORS } from './households.errors.ts';
import { HOUSEHOLDS_PERMISSIONS } from './households.permissions.ts';
import { householdsRoutes } from './households.routes.ts';
import { HouseholdsService } from './households.service.ts';
import { registryRoutes } from './registry.routes.ts';
import { reportedCasesRoutes } from './reported-cases.routes.ts';
import { HouseholdRegistry } from './registry.service.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    households: HouseholdsService;
    householdRegistry: HouseholdRegistry;
  }
}

export const householdsModule = defineModule({
  name: 'households',
  permissions: HOUSEHOLDS_PERMISSIONS,
  errors: HOUSEHOLDS_ERRORS,
  needs: ['regions', 'people', 'cases'],
  build: ({ platform, use }) => {
    const registry = new HouseholdRegistry(platform, use('users'), use('regions'));
    return { households: new HouseholdsService(platform, use('users'), use('regions')), householdRegistry: registry };
  },
  routes: async (app, { households, householdRegistry }, { use }) => {
    await app.register(householdsRoutes, { households });
    await app.register(registryRoutes, { registry: householdRegistry });
    // the household page's 反映的问题: need-to-know here, the cases read by the cases module
    await app.register(reportedCasesRoutes, { registry: householdRegistry, cases: use('cases') });
  },
});
