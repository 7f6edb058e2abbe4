/** Open311 GeoReport v2: the public API for 311 apps and tools. */
export { Open311Service } from './open311.service.ts';
export { open311FrameworkError, open311Routes, open311KeyRoutes } from './open311.routes.ts';
