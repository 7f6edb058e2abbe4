/** Public surface of the regions module: the only file other modules import. */
export { RegionsService, CURRENT_VINTAGE, type ImportReport, type Placement } from './regions.service.ts';
export { regionsRoutes } from './regions.routes.ts';
export { parseRegionCode, isValidRegionCode, scopeOf, withinScope, ancestorCodes, LEVELS, LEVEL_ZH, SCOPE_LENGTH, type RegionLevel } from './region-codes.ts';
export { toWgs84, wgs84ToGcj02, wgs84ToBd09, gcj02ToWgs84, bd09ToWgs84, isInChina, type AreaGeom, type Crs } from './geo.ts';
export { GridIndex, type PointPlacement } from './grid-index.ts';
