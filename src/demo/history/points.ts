/**
 * The demo's year of credit points, lived through the points services on a clock of its own (as the
 * case history is): 余东村 and 九华村 set their own rules (余东 pays a verified report more; 九华村 runs
 * 高家堂's 美丽庭院 scheme), each has a scoring group of five villagers, and a dozen households claim
 * garbage sorting, tidy yards, 美丽庭院, volunteering and council meetings through the year — the group
 * approves most, rejects some with a reason, a neighbour objects now and then and the township decides.
 * The awards for reports closed and rated 满意 come from the case history's events, through the points
 * module's own handlers. The last days stay open, so the 公示 board and the review queue have content.
 */
import type { Actor } from '../../platform/access.ts';
import type { Platform } from '../../platform/context.ts';
import type { ModuleServices as Services } from '../../platform/module.ts';
import { uuidv7 } from '../../points/index.ts';

const DAY = 86_400_000;
const SURNAMES = '余郑徐毛方叶祝周童陈马郦吴姜汪'.split('');
const GIVEN = ['建国', '秀英', '春花', '志强', '桂兰', '金水', '美华', '德胜', '丽娟', '海平', '玉梅', '长根'];

/** A village's own rules (a new version over the district's defaults) and its settings. */
const VILLAGE_RULES: Record<string, { rules: { key: string; nameZh: string; nameEn: string; amount: number; capDay?: number; capMonth?: number; needsPhoto?: boolean; trigger?: 'claim' | 'case.closed' }[]; yuanPerPoint: number }> = {
  余东村: {
    yuanPerPoint: 0.2,
    rules: [
      // seed 000: the centre gives the reporter credit points
      { key: 'report_closed', nameZh: '随手拍报事经核实办结', nameEn: 'A photographed report verified and closed', amount: 10, capDay: 20, capMonth: 100, trigger: 'case.closed' },
      { key: 'tidy_frontyard', nameZh: '宅前屋后无乱堆物', nameEn: 'Nothing piled in front of or behind the house', amount: 5, capMonth: 25, needsPhoto: true },
    ],
  },
  九华村: {
    yuanPerPoint: 0.25,
    rules: [
      // 高家堂's scheme (seed 004): 美丽庭院 scored monthly, garbage sorting daily
      { key: 'beautiful_courtyard', nameZh: '美丽庭院（月度评比）', nameEn: 'Beautiful courtyard (monthly)', amount: 20, capMonth: 20, needsPhoto: true },
      { key: 'garbage_sorting', nameZh: '垃圾分类检查合格', nameEn: 'Garbage sorted right at the check', amount: 2, capDay: 2, capMonth: 40 },
    ],
  },
};

/** What villagers claim, with how often a week a claiming villager claims it. */
const CLAIMS: [key: string, weight: number, note: string][] = [
  ['garbage_sorting', 5, '垃圾分类检查合格'], ['tidy_frontyard', 2, '房前屋后已清理干净'], ['beautiful_courtyard', 1, '庭院种花，干净整洁'],
  ['volunteer_hour', 2, '村口路段义务保洁'], ['council_meeting', 1, '参加村民议事会'],
];
const REJECTIONS = ['照片不清楚，请重新拍', '当天没有检查记录', '与上周重复申报'];
const OBJECTIONS = ['院子里还堆着柴火', '那天我没看到他参加', '垃圾桶没分类'];

export interface PointsHistoryResult {
  claims: number;
  posted: number;
  objections: number;
}

export async function seedPointsHistory(
  p: Platform, services: Services, codeByName: Map<string, string>, known: Map<string, string>, rand: () => number, now: number, days: number,
): Promise<PointsHistoryResult> {
  const admin = await services.users.actorOf(known.get('admin')!);
  // 余东村's objections go to 沟溪乡; the demo has no leader in 九华乡, so the district's decides there
  const gouxiLeader = await services.users.actorOf(known.get('gouxi.leader')!);
  const districtLeader = await services.users.actorOf(known.get('leader')!);
  // a yard in green: the evidence a 美丽庭院 or tidy-yard claim needs
  const sharp = (await import('sharp')).default;
  const photo = (await p.media.saveImage(p.db, await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: 90, g: 150, b: 90 } } }).jpeg().toBuffer(), null)).id;
  let claims = 0;
  let objections = 0;
  const villages: { code: string; villagers: Actor[]; scorers: Actor[]; decider: Actor; needsPhoto: Map<string, boolean> }[] = [];
  for (const [name, own] of Object.entries(VILLAGE_RULES)) {
    const code = codeByName.get(name)!;
    for (const r of own.rules) {
      await services.pointsRules.save(admin, { regionCode: code, ledger: 'resident', trigger: r.trigger ?? 'claim', needsPhoto: r.needsPhoto ?? false, ...r });
    }
    await services.pointsRules.saveSettings(admin, { regionCode: code, quorum: 3, noticeDays: 7, recheckDays: 5, yuanPerPoint: own.yuanPerPoint });
    const villagers: Actor[] = [];
    for (let i = 0; i < 12; i++) {
      const displayName = `${name}村民 ${SURNAMES[Math.floor(rand() * SURNAMES.length)]}${GIVEN[(i + villages.length * 5) % GIVEN.length]}`;
      // phones 1351vvviiii: apart from the households' 1350000xxxx
      const u = await services.users.createUser(null, {
        displayName, phone: `1351${String(villages.length).padStart(3, '0')}${String(i).padStart(4, '0')}`, kind: 'resident', homeRegionCode: code,
        memberships: [{ role: 'resident', regionCode: code }],
      });
      villagers.push(await services.users.actorOf(u.id));
    }
    const scorers = villagers.slice(0, 5);
    for (const s of scorers) await services.pointsRules.addScorer(admin, code, s.id);
    // the rules are set above and stay as they are all year: read once per village, not once per claim
    const needsPhoto = new Map((await services.pointsClaims.rulesInForceAt(code)).map((r) => [r.key, r.needsPhoto]));
    villages.push({ code, villagers, scorers, decider: name === '余东村' ? gouxiLeader : districtLeader, needsPhoto });
  }

  const start = now - days * DAY;
  for (let day = 0; day < days; day++) {
    const t = start + day * DAY + 9 * 3_600_000;
    await services.pointsClaims.postDue(new Date(t));
    for (const v of villages) {
      for (const villager of v.villagers) {
        if (rand() > 0.06) continue; // ≈ 2 claims a month each
        const [key, , note] = pickWeighted(CLAIMS, rand);
        const id = uuidv7(t);
        const filedAt = new Date(t + Math.floor(rand() * 8) * 3_600_000);
        const needsPhoto = v.needsPhoto.get(key);
        if (needsPhoto === undefined) continue; // not an item of this village
        try {
          await services.pointsClaims.claim(villager, { id, ruleKey: key, note, photos: needsPhoto ? [photo] : [], eventTime: filedAt.toISOString() }, filedAt);
          claims++;
        } catch {
          continue; // over the cap: the village refuses it, as it would
        }
        const recent = day >= days - 3; // the last days' claims still wait for the group
        const voters = v.scorers.filter((s) => s.id !== villager.id);
        const reject = rand() < 0.08;
        for (let k = 0; k < (recent ? 1 : 3); k++) {
          const decision = reject && k === 0 ? 'reject' : 'approve';
          const reason = decision === 'reject' ? REJECTIONS[Math.floor(rand() * REJECTIONS.length)] : undefined;
          await services.pointsClaims.vote(voters[k], id, { decision, reason }, new Date(filedAt.getTime() + (k + 1) * 3_600_000)).catch(() => undefined);
        }
        if (recent || reject || rand() > 0.05) continue;
        const neighbour = v.villagers.find((x) => x.id !== villager.id && rand() < 0.3) ?? v.villagers.find((x) => x.id !== villager.id)!;
        await services.pointsClaims.object(neighbour, id, OBJECTIONS[Math.floor(rand() * OBJECTIONS.length)], new Date(filedAt.getTime() + 2 * DAY));
        objections++;
        if (day >= days - 10) continue; // the township has not decided the latest yet
        const uphold = rand() < 0.7;
        await services.pointsClaims.recheck(v.decider, id, { decision: uphold ? 'uphold' : 'overturn', reason: uphold ? '经乡里现场核实，情况属实' : '经核实与事实不符，撤销积分' }, new Date(filedAt.getTime() + 4 * DAY));
      }
    }
  }
  const posted = await services.pointsClaims.postDue(new Date(now));
  return { claims, posted, objections };
}

function pickWeighted<T extends [string, number, ...unknown[]]>(xs: T[], rand: () => number): T {
  const total = xs.reduce((s, x) => s + x[1], 0);
  let r = rand() * total;
  for (const x of xs) if ((r -= x[1]) < 0) return x;
  return xs[xs.length - 1];
}
