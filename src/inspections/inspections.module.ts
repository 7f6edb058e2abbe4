/** The inspections module: reservoir patrols (一键巡库) — checklist, GPS track, photos, failed items → cases. */
import { defineModule } from '../platform/module.ts';
import { INSPECTIONS_ERRORS } from './inspections.errors.ts';
import { InspectionsService } from './inspections.service.ts';
import { inspectionsRoutes } from './inspections.routes.ts';
import { inspectionMediaReaders } from './media-owners.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    inspections: InspectionsService;
  }
}

export const inspectionsModule = defineModule({
  name: 'inspections',
  errors: INSPECTIONS_ERRORS,
  needs: ['cases', 'sensors'],
  build({ platform, use }) {
    platform.media.registerOwner('inspections', inspectionMediaReaders(platform.database));
    return { inspections: new InspectionsService(platform, use('sensors'), use('sourceCases')) };
  },
  routes: (app, { inspections }) => app.register(inspectionsRoutes, { inspections }),
});
