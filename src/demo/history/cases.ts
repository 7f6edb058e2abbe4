/**
 * A year of cases, lived through the cases service: each case is reported, registered, dispatched,
 * signed, fed back, closed and rated by the people who would, at times drawn from the seeded PRNG and
 * passed to the service as `at` (the clocks — deadlines, lateness, on-time — are the service's own).
 * Rates per village and category follow the place (streets in 社区, straw and burning in 村, the
 * reservoirs' villages their water) and the season. A case whose next step would fall after "now"
 * stops there, so the last days leave open work. The "两难" cases of seed 003 (119 handed to the
 * district in a year, 105 done on time) go village → township → district.
 *
 * Cameras: the demo's cameras open cases of their own (a bin overflowing every other week or so, a
 * vendor who stayed after the warning, a car in the fire lane), and a case drawn from the camera source
 * in a village with a camera seeing its category is that camera's. Such a case stands at the camera,
 * is named like the camera's live cases, goes to the camera's organisation where the demo has a
 * handler there, and is listed (`cameraCases`) for the camera history to give it its episode.
 */
import { seededRandom } from '../demo-data.ts';
import type { ModuleServices as Services } from '../../platform/module.ts';
import type { Actor } from '../../platform/access.ts';
import type { Platform } from '../../platform/context.ts';
import type { CaseSource } from '../../cases/index.ts';
import type { CaseRow } from '../../cases/cases.repository.ts';
import { DEMO_CAMERAS, SEES, type DemoCamera } from '../cameras.ts';
import { DEMO_RESERVOIRS } from '../reservoirs.ts';
import type { HistoryPeople } from './people.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Expected cases a year in one village, by category: [社区, 村]. */
const RATES: Record<string, { urban: number; rural: number; title: string[]; months?: number[] }> = {
  '0101': { urban: 1, rural: 3, title: ['私搭乱建', '院外违建棚子', '占用耕地建房'] },
  '0102': { urban: 6, rural: 4, title: ['路边暴露垃圾', '垃圾堆放未清运', '河边有垃圾'] },
  '0107': { urban: 0, rural: 3, title: ['田边焚烧草皮', '有人烧垃圾'], months: [2, 3, 4, 10, 11, 12] },
  '0108': { urban: 5, rural: 1, title: ['垃圾桶满溢', '垃圾桶满了没人清'] },
  '0201': { urban: 4, rural: 1, title: ['电线杆上小广告', '墙上乱贴广告'] },
  '0501': { urban: 4, rural: 0.5, title: ['人行道占道经营', '流动摊贩占道'] },
  '0502': { urban: 5, rural: 0.5, title: ['消防通道违停', '路口违章停车'] },
  '1101': { urban: 0, rural: 2, title: ['秸秆焚烧', '田里烧秸秆冒烟'], months: [6, 10, 11] },
  '1201': { urban: 0, rural: 0, title: ['水库边有人钓鱼', '库区有人捕鱼'] },
  '1202': { urban: 0, rural: 0, title: ['坝坡有渗水', '溢洪道有杂物堵塞'], months: [4, 5, 6, 7, 8, 9] },
  '1203': { urban: 0, rural: 0.6, title: ['山体有裂缝', '屋后边坡滑塌'], months: [5, 6, 7, 8] },
  '1301': { urban: 2, rural: 2, title: ['邻里宅基地纠纷', '山林界址纠纷', '噪音扰民纠纷'] },
  '1401': { urban: 0.5, rural: 0.3, title: ['景区门口拉客', '强拉游客购物'] },
  '1501': { urban: 3, rural: 2, title: ['咨询医保办理', '哪里可以买到点钻画', '咨询建房审批流程'] },
};
const RESERVOIR_RATES: Record<string, number> = { '1201': 4, '1202': 2 };

/** How people report, by source, when the category allows it. */
const SOURCE_WEIGHT: Record<CaseSource, number> = { resident: 30, grid_worker: 30, hotline: 10, camera: 12, tourist: 4, open311: 4, patrol: 5, sensor: 5 };

/** Cases a demo camera opens a year, by what it sees (before the scale); burning in its seasons. */
const CAMERA_RATES: Record<DemoCamera['sees'], { perYear: number; months?: number[] }> = {
  bin: { perYear: 20 }, vendor: { perYear: 10 }, parking: { perYear: 10 }, smoke: { perYear: 4, months: RATES['0107'].months }, fishing: { perYear: 6 },
};

export interface HistoryCamera {
  id: string;
  name: string;
  view: string | null;
  lon: number;
  lat: number;
  villageCode: string;
  category: string;
  sees: DemoCamera['sees'];
  organisationId: string | null;
  /** `${townshipCode}:${orgKind}`: whose handler takes its cases */
  orgKey: string | null;
}

/** A case the history opened from a camera, for the camera history to give it its episode. */
export interface CameraCase {
  caseId: string;
  cameraId: string;
  at: number;
}

export interface CaseHistoryResult {
  cases: number;
  transitions: number;
  lianNan: number;
  cameraCases: CameraCase[];
}

interface Ctx {
  p: Platform;
  services: Services;
  people: HistoryPeople;
  rand: () => number;
  now: number;
  counter: { transitions: number };
  /** Feedback needs a photo of the site: a few plain pictures, stored once, shared by the history. */
  photos: string[];
  cameras: HistoryCamera[];
  cameraCases: CameraCase[];
}

async function historyCameras(p: Platform): Promise<HistoryCamera[]> {
  const rows = await p.database.raw<{ id: string; name: string; view: string | null; lon: number; lat: number; region_code: string; organisation_id: string | null }>(
    'SELECT id, name, view, lon, lat, region_code, organisation_id FROM cameras ORDER BY name', []);
  return rows.flatMap((r) => {
    const d = DEMO_CAMERAS.find((x) => x.name === r.name);
    if (!d) return [];
    return [{
      id: r.id, name: r.name, view: r.view, lon: r.lon, lat: r.lat, villageCode: r.region_code.slice(0, 12), category: SEES[d.sees].category, sees: d.sees,
      organisationId: r.organisation_id, orgKey: d.org ? `${r.region_code.slice(0, 9)}000:${d.org}` : null,
    }];
  });
}

async function sitePhotos(p: Platform): Promise<string[]> {
  const sharp = (await import('sharp')).default;
  const ids: string[] = [];
  for (const [r, g, b] of [[96, 140, 80], [120, 120, 110], [150, 130, 90]]) {
    const jpeg = await sharp({ create: { width: 160, height: 120, channels: 3, background: { r, g, b } } }).jpeg().toBuffer();
    ids.push((await p.media.saveImage(p.db, jpeg, null)).id);
  }
  return ids;
}

export interface Village {
  code: string;
  name: string;
  townshipCode: string;
  grids: { lon: number; lat: number }[];
}

export async function seedCaseHistory(p: Platform, services: Services, people: HistoryPeople, villages: Village[], rand: () => number, now: number, days: number, scale: number): Promise<CaseHistoryResult> {
  const categories = new Map((await services.cases.categories()).map((c) => [c.code, c]));
  const reservoirVillages = new Set<string>(DEMO_RESERVOIRS.map((r) => r.village));
  const ctx: Ctx = { p, services, people, rand, now, counter: { transitions: 0 }, photos: await sitePhotos(p), cameras: await historyCameras(p), cameraCases: [] };
  // draw every case first (one fixed order of random numbers), then live them in time order
  const plans: { at: number; village: Village; category: string; lianNan: boolean; camera?: HistoryCamera }[] = [];
  for (const v of villages) {
    if (!categories.size) break;
    const urban = v.name.endsWith('社区');
    for (const [code, r] of Object.entries(RATES)) {
      const perYear = ((urban ? r.urban : r.rural) + (reservoirVillages.has(v.name) ? RESERVOIR_RATES[code] ?? 0 : 0)) * scale * (days / 365);
      const n = poisson(perYear, rand);
      for (let i = 0; i < n; i++) plans.push({ at: when(now, days, rand, r.months), village: v, category: code, lianNan: false });
    }
  }
  for (const cam of ctx.cameras) {
    const village = villages.find((v) => v.code === cam.villageCode);
    const r = CAMERA_RATES[cam.sees];
    const n = village && categories.has(cam.category) ? poisson(r.perYear * scale * (days / 365), rand) : 0;
    for (let i = 0; i < n; i++) plans.push({ at: when(now, days, rand, r.months), village: village!, category: cam.category, lianNan: false, camera: cam });
  }
  // "两难": disputes and old constructions the village and township could not settle, handed to the district
  const lianNan = Math.round(119 * (days / 365));
  for (let i = 0; i < lianNan; i++) {
    const v = villages[Math.floor(rand() * villages.length)];
    plans.push({ at: when(now, days, rand), village: v, category: rand() < 0.7 ? '1301' : '0101', lianNan: true });
  }
  const lianNanOnTime = Math.round(lianNan * 105 / 119);
  let lianNanSeen = 0;
  plans.sort((a, b) => a.at - b.at);
  const drawn = plans.map((plan) => ({ plan, seed: Math.floor(rand() * 2 ** 31) }));
  const onTime = drawn.map(({ plan }) => (plan.lianNan ? lianNanSeen++ < lianNanOnTime : undefined));
  // a few cases at a time (each its own random stream, so the outcome does not depend on the order)
  let next = 0;
  const worker = async () => {
    while (next < drawn.length) {
      const i = next++;
      const { plan, seed } = drawn[i];
      const cat = categories.get(plan.category)!;
      await liveCase({ ...ctx, rand: seededRandom(seed) }, plan.village, cat, plan.at, RATES[plan.category].title, plan.lianNan, onTime[i], plan.camera);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  // the workers finish in any order: the list in time order
  ctx.cameraCases.sort((a, b) => a.at - b.at || a.cameraId.localeCompare(b.cameraId));
  return { cases: plans.length, transitions: ctx.counter.transitions, lianNan, cameraCases: ctx.cameraCases };
}

type Category = { code: string; name: string; sources: string[]; leadKind: string };

async function liveCase(
  c: Ctx, v: Village, cat: Category, reportedAt: number, titles: string[], lianNan: boolean, lianNanOnTime?: boolean, ownCamera?: HistoryCamera,
): Promise<void> {
  const { services, people, rand, now } = c;
  const { code: category, leadKind } = cat;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const sources = lianNan ? (['grid_worker'] as CaseSource[]) : (cat.sources as CaseSource[]);
  const source = ownCamera ? 'camera' : weighted(sources.map((s) => [s, SOURCE_WEIGHT[s] ?? 1] as [CaseSource, number]), rand);
  // a camera case in a village whose camera sees the category is that camera's
  const seeing = source === 'camera' && !ownCamera ? c.cameras.filter((x) => x.villageCode === v.code && x.category === category) : [];
  const camera = ownCamera ?? (seeing.length ? pick(seeing) : undefined);
  const residents = people.residents.get(v.code) ?? [];
  const grid = people.gridWorker.get(v.code)!;
  const room = people.commandRoom.get(v.townshipCode)!;
  const reporter: Actor | null = source === 'resident' ? pick(residents) : source === 'tourist' ? pick(people.tourists) : source === 'grid_worker' || source === 'patrol' ? grid : null;
  const spot = camera ? { lon: camera.lon, lat: camera.lat } : await placeIn(services, v, pick(v.grids), rand);
  if (!spot) return; // no point of the village inside a grid (cannot happen with the demo's regions; never a crash)
  const urgent = ['0107', '1101', '1201', '1202', '1203'].includes(category) && rand() < 0.15;
  let t = reportedAt;
  const row0 = await services.cases.report(reporter, {
    title: camera ? `${camera.name}：${cat.name}` : `${v.name}${pick(titles)}`,
    description: lianNan ? '村里多次调解未果，请上级协调（“两难”问题）' : camera ? `摄像头「${camera.name}」${camera.view ? `（${camera.view}）` : ''}检测到${cat.name}。` : '',
    categoryCode: category, severity: urgent || (camera && category === '0108') ? 'urgent' : 'normal', lon: spot.lon, lat: spot.lat, source,
  }, { at: new Date(t) });
  const id = row0.id;
  if (camera) c.cameraCases.push({ caseId: id, cameraId: camera.id, at: reportedAt });
  // one step: at a later time, by someone; false (and the case stays where it is) once "now" is reached
  const step = async (actor: Actor | null, after: number, input: Parameters<Services['cases']['act']>[2]): Promise<CaseRow | null> => {
    const at = t + Math.max(MIN, after);
    if (at >= now - MIN) return null;
    t = at;
    c.counter.transitions++;
    return services.cases.act(actor, id, input, { at: new Date(t), ...(actor ? {} : { system: true }) });
  };
  const mins = (lo: number, hi: number) => (lo + rand() * (hi - lo)) * MIN;

  if (!(await step(room, mins(3, 40), { action: 'register' }))) return;
  if (!lianNan && rand() < 0.025) {
    await step(room, mins(1, 10), { action: 'reject', reason: pick(['重复上报', '不属于受理范围', '现场核实无此问题']) });
    return;
  }
  if (leadKind === 'command_room') {
    // a question: the command room answers it itself
    if (!(await step(room, mins(5, 90), { action: 'answer', note: '已电话答复，详见办事指南' }))) return;
    await rate(c, step, reporter, false);
    return;
  }
  const orgHandler = camera?.orgKey ? people.orgHandler.get(camera.orgKey) : undefined;
  if (camera?.organisationId && orgHandler) {
    await handleByOrg(c, step, room, camera.organisationId, orgHandler, camera.sees === 'bin');
    return;
  }
  for (let round = 0; round < 2; round++) {
    const done = lianNan
      ? await handleLianNan(c, step, grid, room, lianNanOnTime ?? true)
      : await handleAtVillage(c, step, grid, room);
    if (!done) return;
    const rated = await rate(c, step, reporter, round === 0);
    if (rated !== 'reopened') return;
  }
}

type Step = (actor: Actor | null, after: number, input: Parameters<Services['cases']['act']>[2]) => Promise<CaseRow | null>;

/** Dispatch to the village's grid worker, sign, feed back (mostly in time), close. */
async function handleAtVillage(c: Ctx, step: Step, grid: Actor, room: Actor): Promise<boolean> {
  const { rand } = c;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const mins = (lo: number, hi: number) => (lo + rand() * (hi - lo)) * MIN;
  const dispatched = await step(room, mins(5, 60), { action: 'dispatch', assigneeId: grid.id });
  if (!dispatched) return false;
  const signWindow = new Date(dispatched.signDeadline!).getTime() - new Date(dispatched.dispatchedAt!).getTime();
  const signed = await step(grid, signWindow * (0.05 + rand() * 0.7), { action: 'sign' });
  if (!signed) return false;
  const window = new Date(signed.deadline!).getTime() - new Date(signed.signedAt!).getTime();
  const late = rand() < 0.1; // about one in ten misses the time limit
  if (rand() < 0.04) {
    // beyond the village: the grid worker hands it up, the township handles it itself
    const up = await step(grid, window * (0.1 + rand() * 0.3), { action: 'escalate', reason: '村级无法处置，需乡镇协调' });
    if (!up) return false;
    return handleBy(c, step, room, room, late);
  }
  const fed = await step(grid, late ? window * (1.05 + rand() * 0.8) : window * (0.1 + rand() * 0.8), { action: 'feedback', note: '已到现场处理完毕', media: [pick(c.photos)] });
  if (!fed) return false;
  if (rand() < 0.05) {
    // not good enough: back to the grid worker once
    if (!(await step(room, mins(20, 240), { action: 'rework', reason: '现场核查未处理到位' }))) return false;
    if (!(await step(grid, mins(30, 600), { action: 'feedback', note: '已重新处理', media: [pick(c.photos)] }))) return false;
  }
  return !!(await step(room, mins(10, 480), { action: 'close', note: '核查属实，已办结' }));
}

/** The township's own handling after an escalation: dispatch to someone there, sign, feed back, close. */
async function handleBy(c: Ctx, step: Step, room: Actor, handler: Actor, late: boolean): Promise<boolean> {
  const { rand } = c;
  const mins = (lo: number, hi: number) => (lo + rand() * (hi - lo)) * MIN;
  if (!(await step(room, mins(10, 120), { action: 'dispatch', assigneeId: handler.id }))) return false;
  const signed = await step(handler, mins(5, 60), { action: 'sign' });
  if (!signed) return false;
  const window = new Date(signed.deadline!).getTime() - new Date(signed.signedAt!).getTime();
  if (!(await step(handler, late ? window * (1.05 + rand() * 0.5) : window * (0.2 + rand() * 0.7), { action: 'feedback', note: '已协调处理', media: [c.photos[0]] }))) return false;
  return !!(await step(room, mins(30, 600), { action: 'close', note: '已办结' }));
}

/**
 * A camera's case for its organisation (the cleaning company, the enforcement squad): dispatched to it,
 * signed and fed back by its handler; a bin the camera no longer sees after the cleaner's photo is
 * closed by the system, as the live path does.
 */
async function handleByOrg(c: Ctx, step: Step, room: Actor, orgId: string, handler: Actor, bin: boolean): Promise<boolean> {
  const { rand, photos } = c;
  const mins = (lo: number, hi: number) => (lo + rand() * (hi - lo)) * MIN;
  if (!(await step(room, mins(2, 15), { action: 'dispatch', assignedOrgId: orgId }))) return false;
  const signed = await step(handler, mins(2, 25), { action: 'sign' });
  if (!signed) return false;
  const window = new Date(signed.deadline!).getTime() - new Date(signed.signedAt!).getTime();
  const late = rand() < 0.12;
  if (!(await step(handler, window * (late ? 1.05 + rand() * 0.6 : 0.1 + rand() * 0.8), { action: 'feedback', note: bin ? '已清运，垃圾桶已清空' : '已到现场处置', media: [photos[1]] }))) return false;
  return bin
    ? !!(await step(null, mins(1, 3), { action: 'close', note: '保洁员已拍照反馈，摄像头确认垃圾桶不再满溢，系统办结' }))
    : !!(await step(room, mins(10, 240), { action: 'close', note: '核查属实，已办结' }));
}

/** "两难": village → township → district, where the mediation centre settles it. */
async function handleLianNan(c: Ctx, step: Step, grid: Actor, room: Actor, onTime: boolean): Promise<boolean> {
  const { rand, people } = c;
  const mins = (lo: number, hi: number) => (lo + rand() * (hi - lo)) * MIN;
  if (!(await step(room, mins(10, 60), { action: 'dispatch', assigneeId: grid.id }))) return false;
  if (!(await step(grid, mins(10, 120), { action: 'sign' }))) return false;
  if (!(await step(grid, mins(600, 2880), { action: 'escalate', reason: '村级多次调解未果，提交乡镇' }))) return false;
  if (!(await step(room, 2 * DAY * (0.2 + rand()), { action: 'escalate', reason: '乡镇无法化解，提交区级“两难”群' }))) return false;
  return handleBy(c, step, people.districtOperator, people.districtMediator, !onTime);
}

/** The reporter rates most closed cases; an unhappy rating reopens it (once). */
async function rate(c: Ctx, step: Step, reporter: Actor | null, mayReopen: boolean): Promise<'rated' | 'reopened' | 'none'> {
  const { rand } = c;
  if (!reporter || reporter.kind === 'staff' || rand() > 0.8) return 'none';
  const x = rand();
  const rating = x < 0.74 ? 'satisfied' : x < 0.93 || !mayReopen ? 'basically_satisfied' : 'unsatisfied';
  const done = await step(reporter, (10 + rand() * 2000) * MIN, { action: 'rate', rating, comment: rating === 'unsatisfied' ? '问题没有彻底解决' : undefined });
  if (!done) return 'none';
  return rating === 'unsatisfied' ? 'reopened' : 'rated';
}

/** A time in the last `days` days, in the daytime (07–21 Shanghai), in one of `months` (1–12) when given. */
function when(now: number, days: number, rand: () => number, months?: number[]): number {
  for (let tries = 0; ; tries++) {
    const day = now - Math.ceil(rand() * days) * DAY;
    const shanghaiMidnight = day - ((day + 8 * HOUR) % DAY);
    const at = shanghaiMidnight + (7 + rand() * 14) * HOUR;
    const month = new Date(at + 8 * HOUR).getUTCMonth() + 1;
    if (!months || months.includes(month) || tries > 20) return at;
  }
}

function poisson(mean: number, rand: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * (rand() + rand() + rand() - 1.5) * 2));
  const l = Math.exp(-mean);
  let k = 0;
  let prod = rand();
  while (prod > l) {
    k++;
    prod *= rand();
  }
  return k;
}

function weighted<T>(items: [T, number][], rand: () => number): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [item, w] of items) if ((x -= w) < 0) return item;
  return items[items.length - 1][0];
}


/**
 * A point near a grid's centre that a grid covers. The demo's grids are cut to the real district
 * outline, so a centre (or a point ~100 m from it) can fall outside every grid; the same random draws
 * are taken whatever the outcome, so the history stays the same for a seed.
 */
async function placeIn(services: Services, v: Village, spot: { lon: number; lat: number }, rand: () => number): Promise<{ lon: number; lat: number } | null> {
  const jittered = { lon: spot.lon + (rand() - 0.5) * 0.002, lat: spot.lat + (rand() - 0.5) * 0.002 };
  for (const p of [jittered, spot, ...v.grids]) {
    const placed = await services.regions.locate(p.lon, p.lat).catch(() => null);
    if (placed) return p;
  }
  return null;
}
