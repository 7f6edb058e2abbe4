/** Places: the public surface other modules import (the dashboard's 数字产业 board reads `industryBoard`). */
export { PlacesService } from './places.service.ts';
export { PublicPlaces, KIND_ZH } from './places-public.ts';
export { industryBoard, type IndustryBoard, type IndustryUnit } from './industry.ts';
export { GRADE_ZH, HOMESTAY_GRADES, type HomestayGrade } from './places-kinds.ts';
export { PLACE_KINDS, type PlaceKind } from './places.schema.ts';
export type { NewPlace, PlaceView, PublicPlace, PublicPlaceSummary, VillageGuide } from './places.contract.ts';
