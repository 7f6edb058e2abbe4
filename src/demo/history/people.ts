/**
 * The people of the demo's year of history: a command room in every township (one person who
 * registers, dispatches and closes), a grid worker in every village (the seeded ones where the demo
 * has them), a mediator at the district for the "两难" cases, and a few residents and tourists per
 * village who report and rate. Created through the users service like everyone else.
 */
import type { ModuleServices as Services } from '../../platform/module.ts';
import type { Actor } from '../../platform/access.ts';
import { DEMO_PASSWORD, DEMO_RESIDENTS, DEMO_STAFF, DISTRICT, gridOf, TOWNSHIPS } from '../demo-data.ts';

export interface HistoryPeople {
  /** township code → its command room (operator, dispatcher and shift lead in one) */
  commandRoom: Map<string, Actor>;
  /** village code → its grid worker */
  gridWorker: Map<string, Actor>;
  /** village code → residents who report and rate */
  residents: Map<string, Actor[]>;
  tourists: Actor[];
  districtOperator: Actor;
  districtMediator: Actor;
  /** `${regionCode}:${orgKind}` → the seeded handler of that organisation (府山街道's cleaner and enforcer) */
  orgHandler: Map<string, Actor>;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙朱胡郑余毛方祝叶姜汪童'.split('');
const GIVEN = ['建华', '丽萍', '志强', '秀英', '国平', '海燕', '春生', '美兰', '卫东', '小红', '金水', '桂芳', '永明', '雪梅', '光荣', '玉珍'];

/** `known`: the demo's seeded users, by username (staff) or phone (residents) → id. */
export async function seedHistoryPeople(
  services: Services, codeByName: Map<string, string>, orgIds: Map<string, string>, rand: () => number, known: Map<string, string>,
): Promise<HistoryPeople> {
  const name = () => SURNAMES[Math.floor(rand() * SURNAMES.length)] + GIVEN[Math.floor(rand() * GIVEN.length)];
  const staffActor = async (username: string) => (known.get(username) ? services.users.actorOf(known.get(username)!) : undefined);
  const createStaff = async (username: string, displayName: string, regionCode: string, roles: string[], orgKind?: string) => {
    const organisationId = orgKind ? orgIds.get(`${regionCode}:${orgKind}`) ?? null : null;
    const u = await services.users.createUser(null, {
      username, displayName, password: DEMO_PASSWORD, kind: 'staff', homeRegionCode: regionCode,
      memberships: roles.map((role) => ({ role, regionCode, organisationId })),
    });
    return services.users.actorOf(u.id);
  };

  const createStaffIn = async (username: string, displayName: string, villageCodes: string[]) => {
    const u = await services.users.createUser(null, {
      username, displayName, password: DEMO_PASSWORD, kind: 'staff', homeRegionCode: villageCodes[0],
      memberships: villageCodes.map((regionCode) => ({ role: 'grid_worker', regionCode })),
    });
    return services.users.actorOf(u.id);
  };
  const commandRoom = new Map<string, Actor>();
  const gridWorker = new Map<string, Actor>();
  const residents = new Map<string, Actor[]>();
  // the seeded grid workers keep their villages (their 我的任务 then has a history too)
  const seededGrid = new Map(DEMO_STAFF.filter((s) => s.role === 'grid_worker').map((s) => [codeByName.get(s.at)!, s.username]));
  let phone = 13600000000;
  // names drawn in a fixed order first; then townships in parallel (password hashing is the slow
  // part, and it runs off the main thread)
  // One grid worker looks after the township's villages that have no seeded one (a first start
  // cannot afford 64 password hashes).
  const names = TOWNSHIPS.map(() => ({ room: name(), grid: name() }));
  await Promise.all(TOWNSHIPS.map(async (t, ti) => {
    const tCode = codeByName.get(t.name)!;
    commandRoom.set(tCode, await createStaff(`room.${t.serial}`, `${t.name}指挥室 值班员 ${names[ti].room}`, tCode, ['operator', 'dispatcher', 'shift_lead'], 'command_room'));
    const open = t.villages.map((v) => codeByName.get(v)!).filter((c) => !seededGrid.has(c));
    const shared = open.length ? await createStaffIn(`grid.${t.serial}`, `${t.name}网格员 ${names[ti].grid}`, open) : null;
    for (const v of t.villages) {
      const vCode = codeByName.get(v)!;
      const seeded = seededGrid.get(vCode);
      gridWorker.set(vCode, (seeded && (await staffActor(seeded))) || shared!);
    }
  }));
  for (const t of TOWNSHIPS) {
    for (const [vi, v] of t.villages.entries()) {
      const vCode = codeByName.get(v)!;
      // a village's residents live in one of its grids (the first or the second, village by village): they are
      // grouped into households later, and a household ranks in its people's grid
      const home = gridOf(vCode, 1 + (vi % 2));
      const list: Actor[] = [];
      const demo = DEMO_RESIDENTS.find((r) => r.at === v);
      if (demo && known.get(demo.phone)) list.push(await services.users.actorOf(known.get(demo.phone)!));
      for (let i = 0; i < 2; i++) {
        const u = await services.users.createUser(null, {
          displayName: `${v}村民 ${name()}`, phone: String(++phone), kind: 'resident', homeRegionCode: home, memberships: [{ role: 'resident', regionCode: vCode }],
        });
        list.push(await services.users.actorOf(u.id));
      }
      residents.set(vCode, list);
    }
  }
  const tourists: Actor[] = [];
  for (let i = 0; i < 4; i++) {
    const u = await services.users.createUser(null, { displayName: `游客 ${name()}`, phone: String(++phone), kind: 'tourist', homeRegionCode: null, memberships: [] });
    tourists.push(await services.users.actorOf(u.id));
  }
  const districtOperator = (await staffActor('district.operator')) ?? (await createStaff('room.district', '区指挥中心 值班员', DISTRICT.code, ['operator', 'dispatcher', 'shift_lead'], 'command_room'));
  const districtMediator = await createStaff('mediator.district', `区矛盾纠纷调解中心 调解员 ${name()}`, DISTRICT.code, ['handler'], 'mediation');
  // the seeded organisations' handlers take the cases of their cameras (bins, vendors, parking)
  const orgHandler = new Map<string, Actor>();
  for (const s of DEMO_STAFF.filter((x) => x.role === 'handler' && x.org)) {
    const actor = await staffActor(s.username);
    if (actor) orgHandler.set(`${codeByName.get(s.at)}:${s.org}`, actor);
  }
  return { commandRoom, gridWorker, residents, tourists, districtOperator, districtMediator, orgHandler };
}
