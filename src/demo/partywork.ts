/**
 * The demo's party work (党员联户, issue 17), through the party-work services: 余东村's branch with the
 * demo's party member 余仁洪 (yudong.party) and a roster of four more, and 紫荆社区's 兼合式 branch
 * (学苑新村) whose member 郭渭民 looks in on 孔奶奶 (seed 001) for the grid worker 王珂 (zijing.grid).
 * The grid workers read their area's households (the need-to-know grant) so they can publish 联户
 * tasks; each village has tasks in hand and one open to take. With the year of history, the tasks
 * start four months back and the members' visits (走亲打卡) follow them — on time mostly, now and then
 * from a phone that was offline, a few off the doorstep or with a poor fix — each reviewed by the grid
 * worker a day or two later: most 真实有价值 (3 points to the member's party service account), some
 * sent back with a reason, the last days' still waiting. Everything comes from a fixed seed.
 */
import type { Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import type { ModuleServices as Services } from '../platform/module.ts';
import { uuidv7 } from '../points/index.ts';
import { seededRandom } from './demo-data.ts';

const DAY = 86_400_000;
/** How far back the tasks and visits go with the history. */
export const PARTY_HISTORY_DAYS = 120;

const ROSTER = `姓名,手机号,支部,状态,报到,亮身份,职务,组织关系所在
余建华,13520000001,余东村党支部,退休,是,是,支部书记,
毛桂兰,13520000002,余东村党支部,退休,是,是,,
余海平,13520000003,余东村党支部,流动,否,否,,杭州市某物流公司党支部
汪美华,13520000004,学苑新村兼合式党支部,在职,是,是,楼道长,柯城区卫健局机关党支部
周德胜,13520000005,学苑新村兼合式党支部,退休,是,是,,
`;

interface TaskPlan {
  at: '余东村' | '紫荆社区';
  /** the member by demo username or phone; null: left open to take */
  member: string | null;
  kind: 'household' | 'building' | 'issue';
  /** a 联户 task's household: its head's phone */
  head?: string;
  subject?: string;
  note?: string;
  frequencyDays: number;
  /** metres east and north of the village's centre, where the visits are checked */
  offset: [number, number];
  /** only with the history (its households exist then) */
  historyOnly?: boolean;
  /** what the member writes after a visit */
  notes: string[];
}

const TASKS: TaskPlan[] = [
  { at: '紫荆社区', member: '13500000003', kind: 'household', head: '13500000006', note: '孔奶奶独居，女儿在城里上班：每周至少看一次，留意用电和吃药', frequencyDays: 7, offset: [120, -80], notes: ['孔奶奶身体还好，陪她聊了半小时，降压药还够吃', '帮忙换了厨房的灯泡，看了看电线插座', '孔奶奶说最近腿疼，已打电话告诉她女儿周末带去看', '家里干净，冰箱里有菜，精神不错', '帮孔奶奶在手机上交了电费', '天冷了，提醒关好煤气、晚上别一个人出门'] },
  { at: '紫荆社区', member: '13520000004', kind: 'building', subject: '学苑新村 5 幢', note: '楼道堆物、消防通道、加装电梯意见', frequencyDays: 14, offset: [140, -60], notes: ['楼道里的纸箱已劝住户清走', '消防通道畅通，灭火器在有效期内', '有三户想加装电梯，已登记', '5 楼声控灯坏了，已报物业'] },
  { at: '紫荆社区', member: null, kind: 'issue', subject: '学苑新村停车难，收集住户意见', frequencyDays: 30, offset: [60, 0], notes: ['和住户聊了停车的想法，记了 4 条意见', '晚上 8 点后小区门口车停满了，已拍照'] },
  { at: '余东村', member: 'yudong.party', kind: 'issue', subject: '上余水塘护栏松动，雨季前盯紧', note: '每次看一眼护栏和警示牌，有松动随手拍上报', frequencyDays: 14, offset: [-200, 150], notes: ['护栏第三根有松动，已拍照上报', '警示牌完好，水位正常', '雨后水位涨了些，护栏无新松动', '有小孩在塘边玩，已劝离并告诉家长'] },
  { at: '余东村', member: '13520000001', kind: 'household', head: '13800000001', note: '余大伯腿脚不便，孙女在外读书', frequencyDays: 14, offset: [30, 40], historyOnly: true, notes: ['余大伯在家，腿还疼，药快吃完了，约了村医明天来', '帮余大伯把院子里的柴火码好', '余大伯说孙女放假回来了，精神不错', '陪余大伯聊了医保缴费的事，已讲清楚'] },
  { at: '余东村', member: null, kind: 'issue', subject: '村口垃圾分类督导', note: '早上 7 点到 8 点在村口看一看分类情况', frequencyDays: 7, offset: [0, -250], notes: ['分类情况较好，两户混投已当面提醒', '厨余桶满了，已通知保洁'] },
];

const NEED_CHANCE = 0.3;
const NEEDS = ['health', 'safety', 'living', 'dispute', 'policy', 'other'] as const;
const REJECTIONS = ['定位离该户太远，请到户后再打卡', '记录太简单，请写清见了谁、聊了什么', '与前一条记录内容重复'];

export interface PartyworkDemoResult {
  members: number;
  tasks: number;
  logs: number;
  valued: number;
  ms: number;
}

/** `known`: the demo's users by username or phone → id. `history`: the end of the history (logs too), or none. */
export async function seedPartywork(
  p: Platform, services: Services, codeByName: Map<string, string>, known: Map<string, string>, history: { now: Date } | null,
): Promise<PartyworkDemoResult> {
  const started = Date.now();
  const actor = (key: string) => services.users.actorOf(known.get(key)!);
  const admin = await actor('admin');
  const yudong = codeByName.get('余东村')!;
  const zijing = codeByName.get('紫荆社区')!;
  const branch = {
    余东村: await services.partyRegister.createBranch(admin, { regionCode: yudong, name: '余东村党支部', kind: 'village' }),
    紫荆社区: await services.partyRegister.createBranch(admin, { regionCode: zijing, name: '学苑新村兼合式党支部', kind: 'residential' }),
  };
  await services.partyRegister.register(admin, { userId: known.get('yudong.party')!, branchId: branch.余东村.id, status: 'serving', reported: true, identityShown: true, posts: ['branch_committee'] });
  await services.partyRegister.register(admin, { userId: known.get('13500000003')!, branchId: branch.紫荆社区.id, status: 'retired', reported: true, identityShown: true, relationElsewhere: '柯城区教育局退休党支部' });
  const imported = await services.partyRegister.importRoster(admin, { regionCode: codeByName.get('district')!, csv: ROSTER });
  for (const [phone, id] of Object.entries(await services.users.peopleByPhone(['13520000001', '13520000002', '13520000003', '13520000004', '13520000005']))) known.set(phone, id.id);
  // the grid workers pick the households of their 联户 tasks: the need-to-know grant to read them
  const grid = { 余东村: await actor('yudong.grid'), 紫荆社区: await actor('zijing.grid') };
  for (const [at, g] of Object.entries(grid)) {
    await services.grants.grant(admin, { permission: 'households.read', userId: g.id, regionCode: codeByName.get(at)!, reason: '演示：发布联户任务时选户' });
  }

  const now = history?.now.getTime() ?? Date.now();
  const start = now - PARTY_HISTORY_DAYS * DAY;
  const rand = seededRandom(20_210_701); // 七一
  const places = await services.regions.places();
  const centre = new Map(places.filter((x) => x.code === yudong || x.code === zijing).map((x) => [x.code, { lat: x.lat!, lon: x.lon! }]));
  const held: { task: string; plan: TaskPlan; member: Actor; since: number; place: { lat: number; lon: number } }[] = [];
  let tasks = 0;
  for (const plan of TASKS) {
    if (plan.historyOnly && !history) continue;
    const code = codeByName.get(plan.at)!;
    const c = centre.get(code)!;
    const place = { lat: round6(c.lat + plan.offset[1] / 111_320), lon: round6(c.lon + plan.offset[0] / (111_320 * Math.cos(c.lat * Math.PI / 180))) };
    const householdId = plan.head ? (await services.households.householdOf(known.get(plan.head)!))?.id : undefined;
    if (plan.head && !householdId) continue;
    // without the history the tasks are today's; with it they start in its first weeks
    const published = history ? start + Math.floor(rand() * 14) * DAY + 9 * 3_600_000 : now;
    const at = (days: number) => new Date(Math.min(published + days * DAY, now));
    const g = grid[plan.at];
    const task = await services.partyTasks.publish(g, {
      kind: plan.kind, frequencyDays: plan.frequencyDays, ...(householdId ? { householdId } : { regionCode: code, subject: plan.subject }),
      ...(plan.subject && householdId ? { subject: plan.subject } : {}), ...(plan.note ? { note: plan.note } : {}), ...place,
    }, at(0));
    tasks++;
    if (!plan.member) continue;
    const member = await actor(plan.member);
    await services.partyTasks.act(member, task.id, 'claim', undefined, at(0.3));
    await services.partyTasks.act(g, task.id, 'accept', undefined, at(1));
    held.push({ task: task.id, plan, member, since: published + 1.2 * DAY, place });
  }

  let logs = 0;
  let valued = 0;
  if (history) {
    const sharp = (await import('sharp')).default;
    const photo = (await p.media.saveImage(p.db, await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: 170, g: 120, b: 90 } } }).jpeg().toBuffer(), null)).id;
    // every visit and review drawn first, then lived in the order of time (the ledger's transfers too)
    const events: { at: number; run: () => Promise<unknown> }[] = [];
    for (const h of held) {
      const reviewer = grid[h.plan.at];
      const next = (t: number) => t + h.plan.frequencyDays * DAY * (0.6 + rand() * 0.5);
      for (let t = h.since + rand() * 2 * DAY; t < now - 3_600_000; t = next(t)) {
        // in the day, local time (UTC+8): 09:00–18:00
        const day = Math.floor((t + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000;
        const visitedAt = day + (9 + rand() * 9) * 3_600_000;
        if (visitedAt >= now - 600_000) break;
        const far = rand() < 0.07;
        const poor = rand() < 0.05;
        const r = far ? 150 + rand() * 300 : rand() * 35;
        const angle = rand() * 2 * Math.PI;
        const lat = h.place.lat + (r * Math.sin(angle)) / 111_320;
        const lon = h.place.lon + (r * Math.cos(angle)) / (111_320 * Math.cos(h.place.lat * Math.PI / 180));
        // most visits go at once; some wait on a phone without signal for a day or so
        const sentAt = Math.min(now, visitedAt + (rand() < 0.15 ? (0.5 + rand()) * DAY : rand() * 300_000));
        const notes = h.plan.notes;
        const id = uuidv7(visitedAt);
        const visit = {
          id, taskId: h.task, visitedAt: new Date(visitedAt).toISOString(), lat: round6(lat), lon: round6(lon), accuracyM: poor ? 180 + Math.round(rand() * 200) : 5 + Math.round(rand() * 25),
          note: notes[Math.floor(rand() * notes.length)], needs: rand() < NEED_CHANCE ? [NEEDS[Math.floor(rand() * NEEDS.length)]] : [], ...(rand() < 0.3 ? { photoId: photo } : {}),
        };
        let stored = false;
        events.push({ at: sentAt, run: async () => { await services.partyVisits.log(h.member, visit, new Date(sentAt)); stored = true; logs++; } });
        const reviewAt = sentAt + (0.3 + rand() * 1.7) * DAY;
        const reject = far || poor ? rand() < 0.6 : rand() < 0.05;
        const reason = REJECTIONS[far || poor ? 0 : 1 + Math.floor(rand() * 2)];
        // the latest visit of each task waits for the grid worker (the review queue has work in the demo)
        const latest = visitedAt + h.plan.frequencyDays * DAY * 0.6 >= now;
        if (reviewAt >= now || latest) continue;
        events.push({
          at: reviewAt, run: async () => {
            if (!stored) return;
            await services.partyVisits.review(reviewer, id, reject ? { decision: 'rejected', reason } : { decision: 'valued' }, new Date(reviewAt));
            if (!reject) valued++;
          },
        });
      }
    }
    events.sort((x, y) => x.at - y.at);
    // a visit too soon after the last one is refused, as it would be: the history goes on
    for (const e of events) {
      await e.run().catch((err: { code?: string }) => { if (err.code !== 'PARTY_VISIT_TOO_SOON') throw err; });
    }
    await seedDuties(services, { branches: [branch.余东村.id, branch.紫荆社区.id], admin, known, actor, start, now, held });
  }
  const members = 2 + imported.rows;
  return { members, tasks, logs, valued, ms: Date.now() - started };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const localDay = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The duties with the history (issue 17, part 6): the register was kept through the year; 毛桂兰 (82)
 * is excused from visits — her branch decided, 沟溪乡 approved; one visit has waited for review past
 * 3 working days and went up to the township; 余海平, working away in 杭州, has logged nothing for 30
 * days, so the branch secretary 余建华 is asked to look after him; the last two months' reports exist.
 */
async function seedDuties(services: Services, o: {
  branches: string[]; admin: Actor; known: Map<string, string>; actor: (key: string) => Promise<Actor>; start: number; now: number;
  held: { task: string; plan: TaskPlan; member: Actor; place: { lat: number; lon: number } }[];
}): Promise<void> {
  await services.partyRegister.setRegisteredAt(o.branches, new Date(o.start));
  const decided = o.start + 30 * DAY;
  const exemption = await services.partyExemptions.record(o.admin, o.known.get('13520000002')!, { reason: '年老体弱，行动不便（支部委员会决定）', decidedOn: localDay(decided) }, new Date(decided));
  await services.partyExemptions.decide(await o.actor('gouxi.leader'), exemption.id, { decision: 'approved', note: '同意，请支部常去看看她' }, new Date(decided + 2 * DAY));
  // a visit of the building task six days ago, still waiting for the grid worker
  const building = o.held.find((h) => h.plan.kind === 'building');
  if (building) {
    const at = o.now - 6 * DAY;
    await services.partyVisits.log(building.member, {
      id: uuidv7(at), taskId: building.task, visitedAt: new Date(at).toISOString(), ...building.place, accuracyM: 12, note: '5 幢楼道又堆了纸箱，已和住户约好周末清走',
    }, new Date(at + 600_000)).catch((err: { code?: string }) => { if (err.code !== 'PARTY_VISIT_TOO_SOON') throw err; });
  }
  await services.partyDuties.escalateReviews(new Date(o.now));
  await services.partyDuties.remindInactive(new Date(o.now));
  // the month before last's reports, then last month's (none yet before this month's first working day)
  const thisMonth = new Date(new Date(localDay(o.now).slice(0, 8) + '01T00:00:00+08:00').getTime());
  await services.partySummaries.generate(new Date(thisMonth.getTime() - 3_600_000));
  await services.partySummaries.generate(new Date(o.now));
}
