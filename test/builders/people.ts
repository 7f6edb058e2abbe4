/**
 * People builders: organisations (the handlers' departments, companies, squads) made through the
 * users service; staff and residents are test/helpers/factories.ts's makeStaff and makeResident.
 */
import type { VillageBrain } from '../../src/app.ts';
import type { OrganisationKind } from '../../src/people/index.ts';

export type Organisation = Awaited<ReturnType<VillageBrain['services']['users']['createOrganisation']>>;

let organisationCounter = 0;

/** An organisation of a kind in a region; `name` defaults to a fresh one (names are unique per region). */
export async function makeOrganisation(vb: VillageBrain, opts: { kind: OrganisationKind; regionCode: string; name?: string }): Promise<Organisation> {
  const name = opts.name ?? `测试单位-${opts.kind}-${process.pid}-${++organisationCounter}`;
  return vb.services.users.createOrganisation(null, { name, kind: opts.kind, regionCode: opts.regionCode });
}
