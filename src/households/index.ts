/** Households (户): the public surface other modules import. */
export { HouseholdsService, cardUrl, type HouseholdRef, type NewHousehold } from './households.service.ts';
export { householdsRoutes } from './households.routes.ts';
export { RELATIONS, type Relation } from './households.schema.ts';
export { qrMatrix, renderCard } from './card.ts';
export { HouseholdRoster, type RosterHousehold } from './roster.ts';
export { HouseholdRegistry, type SeenHousehold } from './registry.service.ts';
export { normaliseIdNumber, checkDigit } from './id-numbers.ts';
