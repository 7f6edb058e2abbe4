/**
 * Test builders, one file per module, each making its objects through that module's service: what
 * a test needs to set up reads as the domain (a reservoir in a village, a case reported by the grid
 * worker) and a service change is followed in one place. Areas and people are the older factories.
 */
export { areaFeatures, makeArea, makePhone, makeResident, makeStaff, type Area, type TestUser } from '../helpers/factories.ts';
export { makeCase, type Case, type Dispatch } from './cases.ts';
export { makeCamera, type Camera } from './cameras.ts';
export { makeHousehold, makeNamedResident, type Household, type Resident } from './households.ts';
export { makeOrganisation, type Organisation } from './people.ts';
export { allYearLevels, FLOOD_LIMIT_LEVELS, levelFeed, makeDevice, makeReservoir, type Device, type Reservoir, type ReservoirLevels } from './sensors.ts';
export { makeBranch, makeHouseholdTask, makePartyMember, type Branch, type PartyMember, type PartyTask } from './partywork.ts';
export { givePoints, makeShopItem, makeShopkeeper } from './shop.ts';
export { awardPoints, makeBank, spendPoints } from './credit.ts';
