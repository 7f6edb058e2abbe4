/** Reservoir inspections (一键巡库): checklist, GPS track, photos, failed items → cases. */
export { InspectionsService, CHECKLIST } from './inspections.service.ts';
export { inspectionsRoutes } from './inspections.routes.ts';
export { inspectionMediaReaders } from './media-owners.ts';
