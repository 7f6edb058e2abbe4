/**
 * The demo's 微改革金点子 and village polls (issue 20, seed 004's 安吉高家堂 campaign replayed in 余东村):
 * ten ideas of the village in every state — collecting, in review (by the threshold, and one by its
 * deadline whose answer is late), adopted at 60 % with milestones, done with 改革体验员's ratings, not
 * adopted and merged, each answer with its reason — supported by the village's residents; one poll
 * closed with its turnout and result (phone ballots and a paper box counted by two clerks) and one open.
 * Everything goes through the services on a clock in the past year, so the same data comes every time.
 */
import type { Actor } from '../platform/access.ts';
import type { ModuleServices as Services } from '../platform/module.ts';
import { gridOf } from './demo-data.ts';

const DAY = 86_400_000;

/** The village's neighbours who propose and support (phones of the demo's own range; made once). */
const NEIGHBOURS = ['余建华', '余秀英', '徐国平', '余小燕', '郑立新', '余和平', '方美琴', '余志强', '徐桂花', '余卫东', '毛丽娟', '余春生'];

interface DemoIdea {
  title: string; body: string; daysAgo: number; supports: number; threshold?: number;
  answer?: { outcome: 'adopted' | 'not_adopted' | 'merged'; reason: string; mergeInto?: string; daysAfter: number };
  milestones?: [number, string, number][]; officers?: [number, string][];
}

const IDEAS: DemoIdea[] = [
  {
    title: '上余自然村路灯晚上不亮', body: '上余自然村村口到祠堂一段有三盏路灯坏了快两个月，晚上老人去文化礼堂看戏回来看不清路，希望尽快修好，最好换成太阳能路灯。',
    daysAgo: 150, supports: 9, threshold: 8,
    answer: { outcome: 'adopted', reason: '纳入余东村 2026 年微改革项目：更换为太阳能路灯 6 盏，由村委会负责，预计两个月完成。', daysAfter: 12 },
    milestones: [[20, '已完成现场勘查，确定更换 6 盏太阳能路灯', 20], [40, '灯具采购完成，电工已排期', 45], [60, '已安装 4 盏，剩余 2 盏等待电杆基础施工', 70]],
  },
  {
    title: '村口空地划停车位', body: '周末来看农民画的游客多，车子沿路乱停，村民拖拉机都开不出去。建议把村口废弃晒谷场平整后划出停车位，并立一块指示牌。',
    daysAgo: 300, supports: 10, threshold: 8,
    answer: { outcome: 'adopted', reason: '村两委会议通过：晒谷场改建为 40 个停车位的游客停车场，工程由村集体出资。', daysAfter: 10 },
    milestones: [[30, '晒谷场平整完成', 40], [70, '停车位划线、铺设透水砖', 70], [100, '停车场启用，指示牌已立', 100]],
    officers: [[5, '停车方便多了，拖拉机再也不堵了'], [4, '周末基本够用，节假日还是有点挤']],
  },
  {
    title: '垃圾分类桶站加装雨棚', body: '下雨天垃圾分类桶里全是雨水，厨余垃圾泡得发臭。建议在每个桶站上方加一个简易雨棚，再配一个洗手龙头。',
    daysAgo: 120, supports: 8, threshold: 8,
    answer: { outcome: 'adopted', reason: '与乡里垃圾分类提升项目合并实施，全村 12 个桶站加装雨棚和洗手池。', daysAfter: 9 },
    milestones: [[10, '桶站雨棚样式已确定', 30]],
  },
  {
    title: '农民画美术馆增设引导牌', body: '外地游客经常在村口问余东农民画美术馆怎么走，导航也找不准。建议在公路路口、村口和停车场各设一块中英文引导牌。',
    daysAgo: 12, supports: 8, threshold: 8,
  },
  {
    title: '村口加一块游客导览图', body: '建议在村口立一块大的导览图，把美术馆、写生点、民宿和公共厕所都标出来，游客一看就知道。',
    daysAgo: 10, supports: 3,
    answer: { outcome: 'merged', reason: '与「农民画美术馆增设引导牌」内容相近，合并评估，导览图一并考虑。', mergeInto: '农民画美术馆增设引导牌', daysAfter: 3 },
  },
  {
    title: '溪边步道加装护栏', body: '溪边步道有一段离水面很近，孩子放学经常在那里玩，建议加装护栏，再立一块警示牌。',
    daysAgo: 200, supports: 8, threshold: 8,
    answer: { outcome: 'not_adopted', reason: '该段溪流属乡水利站管理范围，村里不能自行施工；已转交乡水利站，警示牌由村里先行设置。', daysAfter: 14 },
  },
  {
    title: '老年食堂给独居老人送餐', body: '村里有十几位独居老人腿脚不便，走不到老年食堂，建议安排志愿者每天中午送餐上门，费用可以用积分抵扣一部分。',
    daysAgo: 60, supports: 4,
  },
  {
    title: '农民画写生点增加座椅', body: '来写生的学生越来越多，写生点只有几块石头可以坐，建议增加十几张木凳和一个遮阳棚。',
    daysAgo: 12, supports: 5,
  },
  {
    title: '在村委会设快递代收点', body: '快递只送到乡里，老人取件要走四公里，建议在村委会或小卖部设一个快递代收点。',
    daysAgo: 6, supports: 3,
  },
  {
    title: '文化礼堂周末开放给孩子看书', body: '文化礼堂平时锁着，建议周末开放阅览室，让孩子们有地方看书写作业，可以请党员志愿者轮流值班。',
    daysAgo: 3, supports: 1,
  },
];

export interface IdeasDemoResult { ideas: number; supports: number; polls: number }

export async function seedIdeas(services: Services, codeByName: Map<string, string>, known: Map<string, string>, now: Date): Promise<IdeasDemoResult> {
  const village = codeByName.get('余东村')!;
  const staff = await services.users.actorOf(known.get('yudong.grid')!);
  const clerkB = await services.users.actorOf(known.get('gouxi.operator')!);
  const made = await services.users.createResidents(null, NEIGHBOURS.map((name, i) => ({ displayName: `余东村村民 ${name}`, phone: `1380000${String(1001 + i).padStart(4, '0')}`, homeRegionCode: gridOf(village, 1 + (i % 2)), roles: ['resident'] })));
  const neighbours: Actor[] = [];
  for (const id of Object.values(made)) neighbours.push(await services.users.actorOf(id));
  const resident = await services.users.actorOf(known.get('13800000001')!);
  const people = [resident, ...neighbours];
  const at = (daysAgo: number, hours = 0) => new Date(now.getTime() - daysAgo * DAY + hours * 3_600_000);

  const byTitle = new Map<string, string>();
  let supports = 0;
  for (const [k, d] of IDEAS.entries()) {
    const proposer = people[(k * 5) % people.length];
    const idea = await services.ideas.propose(proposer, { title: d.title, body: d.body }, at(d.daysAgo));
    byTitle.set(d.title, idea.id);
    if (d.threshold) await services.ideas.configure(staff, idea.id, { threshold: d.threshold }, at(d.daysAgo, 1));
    const supporters = people.filter((p) => p.id !== proposer.id).slice(0, d.supports);
    for (const [i, s] of supporters.entries()) {
      await services.ideas.support(s, idea.id, at(d.daysAgo - Math.min(1 + i, d.daysAgo - 0.5) * 0.8, 2));
      supports++;
    }
    const answerAt = d.answer ? at(d.daysAgo - d.answer.daysAfter) : null;
    if (d.answer) await services.ideas.answer(staff, idea.id, { outcome: d.answer.outcome, reason: d.answer.reason, mergedInto: d.answer.mergeInto ? byTitle.get(d.answer.mergeInto) : undefined }, answerAt!);
    for (const [percent, note, daysAfter] of d.milestones ?? []) await services.ideas.addMilestone(staff, idea.id, { progress: percent, note }, at(d.daysAgo - d.answer!.daysAfter - daysAfter));
    for (const [i, [stars, comment]] of (d.officers ?? []).entries()) {
      const officer = supporters[i];
      await services.ideas.nameOfficer(staff, idea.id, officer.id, at(d.daysAgo - 20, i));
      await services.ideas.rate(officer, idea.id, { stars, comment }, at(d.daysAgo - 120 - i));
    }
  }
  // the clock's sweep: ideas past their deadline below the threshold are in review, late answers flagged
  await services.ideas.sweep(now);

  // a closed poll: phone ballots, one paper box counted by two clerks, turnout and result at close
  const closed = await services.polls.create(staff, {
    regionCode: village, question: '文化礼堂周末开放时间怎么定？', options: ['周六、周日上午', '周六、周日下午', '周六、周日全天'], choice: 'single', voterMode: 'person',
    opensAt: at(40).toISOString(), closesAt: at(33).toISOString(),
  }, at(41));
  const picks = [2, 2, 1, 2, 0, 2, 1, 2, 2, 0, 2];
  for (const [i, p] of people.slice(0, picks.length).entries()) await services.polls.vote(p, closed.id, { choices: [picks[i]] }, at(39 - i * 0.5));
  await services.polls.enterPaper(staff, closed.id, { label: '村委会票箱', ballots: 6, counts: [1, 1, 4] }, at(33, -2));
  await services.polls.enterPaper(clerkB, closed.id, { label: '村委会票箱', ballots: 6, counts: [1, 1, 4] }, at(33, -1));
  await services.polls.close(staff, closed.id, at(33));

  // an open approval poll
  const open = await services.polls.create(staff, {
    regionCode: village, question: '村集体节余资金优先用在哪些地方？（可多选）', options: ['修缮祠堂屋顶', '增设健身器材', '老年食堂补贴', '农民画培训班'], choice: 'approval', voterMode: 'household',
    opensAt: at(2).toISOString(), closesAt: new Date(now.getTime() + 5 * DAY).toISOString(),
  }, at(3));
  for (const [i, p] of neighbours.slice(0, 5).entries()) await services.polls.vote(p, open.id, { choices: i % 2 ? [0, 2] : [2, 3] }, at(1.5 - i * 0.2));
  return { ideas: IDEAS.length, supports, polls: 2 };
}
