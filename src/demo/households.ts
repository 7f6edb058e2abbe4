/**
 * The demo's households (户), through the households service: the families the seeds name — in 余东村
 * the demo villager 余大伯's; in 紫荆社区 (信安街道) the party member 郭渭民's and 孔奶奶's, whom he
 * visits (seed 001) — and, when the year of history is seeded, that history's residents of each
 * village grouped into households of 2–5 with a head, deterministically. Then the district's
 * administrator and the 沟溪乡 command room get the need-to-know grant to read households, so the
 * console's 农户 page has readers in the demo. 余东村's registry (一户一档) is household-registry.ts.
 */
import type { ModuleServices as Services } from '../platform/module.ts';
import type { Relation } from '../households/index.ts';
import { DEMO_RESIDENTS, gridOf, seededRandom } from './demo-data.ts';
import { seedHouseholdRegistry } from './household-registry.ts';

interface Family {
  at: string;
  /** the serial of the village's grid its people live in */
  grid: number;
  name: string;
  address: string;
  /** The head first; a `phone` of a seeded person (DEMO_RESIDENTS) joins them instead of creating one. */
  people: { name: string; relation: Relation; phone: string; existing?: boolean; partyMember?: boolean }[];
}

/** Phones 1350000xxxx: the household people's own (residents log in by phone). */
export const DEMO_FAMILIES: Family[] = [
  {
    at: '余东村', grid: 1, name: '余家', address: '余东村 上余 12号', people: [
      { name: DEMO_RESIDENTS[0].displayName, relation: 'head', phone: DEMO_RESIDENTS[0].phone, existing: true },
      { name: '余东村村民 毛秀英', relation: 'spouse', phone: '13500000001' },
      { name: '余东村村民 余小雨', relation: 'grandchild', phone: '13500000002' },
    ],
  },
  {
    at: '紫荆社区', grid: 1, name: '郭家', address: '紫荆社区 学苑新村 3幢 201', people: [
      // a retired teacher and party member: 走亲 at 孔奶奶's (src/demo/partywork.ts)
      { name: '郭渭民', relation: 'head', phone: '13500000003', partyMember: true },
      { name: '汪美兰', relation: 'spouse', phone: '13500000004' },
      { name: '郭晓东', relation: 'child', phone: '13500000005' },
    ],
  },
  {
    // 孔奶奶 lives alone since her husband died; her daughters work in town. Her card is how the
    // grid worker (王珂 in the seed) and the points shop act for her.
    at: '紫荆社区', grid: 2, name: '孔家', address: '紫荆社区 学苑新村 5幢 102', people: [
      { name: '孔秀兰', relation: 'head', phone: '13500000006' },
      { name: '徐婷婷', relation: 'child', phone: '13500000007' },
    ],
  },
];

const RELATIONS_AFTER_HEAD: Relation[] = ['spouse', 'child', 'child', 'parent'];

/** `known`: seeded users by username or phone → id. Returns how many households were made. */
export async function seedHouseholds(services: Services, codeByName: Map<string, string>, known: Map<string, string>, historyNow: Date | null): Promise<number> {
  let made = 0;
  for (const f of DEMO_FAMILIES) {
    const regionCode = codeByName.get(f.at)!;
    const ids: string[] = [];
    for (const p of f.people) {
      const id = p.existing ? known.get(p.phone) : (await services.users.createUser(null, {
        displayName: p.name, phone: p.phone, kind: 'resident', homeRegionCode: gridOf(regionCode, f.grid),
        memberships: [{ role: 'resident', regionCode }, ...(p.partyMember ? [{ role: 'party_member', regionCode }] : [])],
      })).id;
      if (!id) throw new Error(`demo households: no person for ${p.name}`);
      known.set(p.phone, id);
      ids.push(id);
    }
    await services.households.create(null, {
      regionCode, name: f.name, address: f.address, headUserId: ids[0],
      members: f.people.slice(1).map((p, i) => ({ userId: ids[i + 1], relation: p.relation })),
    });
    made++;
  }
  made += await seedHouseholdRegistry(services, codeByName, known, historyNow);
  if (historyNow) made += await groupResidents(services, codeByName);
  const admin = known.get('admin');
  if (admin) {
    const actor = await services.users.actorOf(admin);
    const grant = (userId: string, regionCode: string, reason: string) => services.grants.grant(actor, { permission: 'households.read', userId, regionCode, reason });
    await grant(admin, codeByName.get('district')!, '演示：区级农户档案管理');
    const operator = known.get('gouxi.operator');
    if (operator) await grant(operator, codeByName.get('沟溪乡')!, '演示：积分评议核对农户');
  }
  return made;
}

/**
 * Every village's residents not yet in a household, grouped in the order of their phone numbers into
 * households of 2–5 (sizes drawn from a fixed seed), the first of each the head; one left over joins
 * the last household when it has room.
 */
async function groupResidents(services: Services, codeByName: Map<string, string>): Promise<number> {
  const rand = seededRandom(20_260_116);
  let made = 0;
  const villages = [...codeByName.entries()].filter(([name, code]) => code.length === 12 && !code.endsWith('000') && (name.endsWith('村') || name.endsWith('社区')));
  for (const [name, code] of villages.sort(([, a], [, b]) => a.localeCompare(b))) {
    const people = (await services.users.contacts({ role: 'resident', regionCodes: [code] }))
      .sort((a, b) => (a.phone ?? '').localeCompare(b.phone ?? '') || a.id.localeCompare(b.id));
    const free: { id: string; name: string }[] = [];
    for (const p of people) if (!(await services.households.householdOf(p.id))) free.push(p);
    let n = 0;
    while (free.length >= 2) {
      const size = Math.min(free.length, 2 + Math.floor(rand() * 4));
      const group = free.splice(0, free.length - size === 1 && size < 5 ? size + 1 : size);
      const surname = [...(group[0].name.split(' ').pop() ?? group[0].name)][0];
      await services.households.create(null, {
        regionCode: code, name: `${surname}家`, address: `${name} ${++n * 3 + 1}号`, headUserId: group[0].id,
        members: group.slice(1).map((p, i) => ({ userId: p.id, relation: RELATIONS_AFTER_HEAD[i] })),
      });
      made++;
    }
  }
  return made;
}
