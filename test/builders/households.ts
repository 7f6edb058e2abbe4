/**
 * Household builders: residents of a village (with names and sessions) grouped into a household
 * through the households service, as an administrator would (the system actor here).
 */
import type { VillageBrain } from '../../src/app.ts';
import type { Relation } from '../../src/households/index.ts';
import { makeResident } from '../helpers/factories.ts';

export type Household = Awaited<ReturnType<VillageBrain['services']['households']['create']>>;
export type Resident = Awaited<ReturnType<typeof makeResident>> & { name: string };

let householdCounter = 0;
const FAMILY = ['郭', '孔', '余', '徐', '方'];
const GIVEN = ['渭民', '秀英', '建国', '小燕', '子涵'];

/** A resident of a village with a name and a session. */
export async function makeNamedResident(vb: VillageBrain, village: string, name: string): Promise<Resident> {
  return { ...(await makeResident(vb, village, 'resident', name)), name };
}

/**
 * A household of `size` (default 3) new residents of the village: the first is the head (郭渭民-style
 * names, one family name per household), the others spouse, child, parent, grandchild.
 */
export async function makeHousehold(vb: VillageBrain, opts: { village: string; size?: number; name?: string; address?: string; /** the members' home: the village, or one of its grids */ home?: string }): Promise<{ household: Household; head: Resident; members: Resident[] }> {
  const n = ++householdCounter;
  const family = FAMILY[n % FAMILY.length];
  const people: Resident[] = [];
  for (let i = 0; i < (opts.size ?? 3); i++) people.push(await makeNamedResident(vb, opts.home ?? opts.village, `${family}${GIVEN[(n + i) % GIVEN.length]}`));
  const relations: Relation[] = ['spouse', 'child', 'parent', 'grandchild', 'other'];
  const household = await vb.services.households.create(null, {
    regionCode: opts.village, name: opts.name ?? `${family}家`, address: opts.address ?? `测试村 上余 ${n}号`, headUserId: people[0].id,
    members: people.slice(1).map((p, i) => ({ userId: p.id, relation: relations[i % relations.length] })),
  });
  return { household, head: people[0], members: people };
}
