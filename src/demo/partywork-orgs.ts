/**
 * The demo's area indices (柯城 邻礼通, issue 17), through the services: 信安街道's property company
 * (信安街道恒信物业) with its repairman, and — with the history — a few months of 紫荆社区's residents'
 * repair reports it handled (most on time, now and then late, most rated 满意); two party organisations
 * that 下沉 to 紫荆社区 (a machine one and an enterprise one) and one to 余东村, and the services the
 * community's grid worker logged for them over those months, some linked to a repair they saw through.
 * The grid indices come from the history's cases. Then the indices' past periods are computed, since
 * history written after the fact tells nobody. Everything comes from a fixed seed.
 */
import type { Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import type { ModuleServices as Services } from '../platform/module.ts';
import { AREA_KINDS } from '../partywork/index.ts';
import { periodOf, type Period } from '../platform/periods.ts';
import { uuidv7 } from '../points/index.ts';
import { DEMO_PASSWORD, seededRandom } from './demo-data.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** How far back the repairs and the services go with the history. */
const DAYS = 120;

const REPAIRS = ['楼道堆放杂物', '小区路灯不亮', '电梯按钮失灵', '地下车库渗水', '单元门禁坏了', '绿化带垃圾没人清'];

const ORGS = [
  { name: '柯城区卫健局机关党支部', kind: 'machine' as const, at: '紫荆社区', contactName: '周慧', contactPhone: '13570000001', every: 9,
    what: ['义诊：量血压、测血糖', '上门看望独居老人，讲用药常识', '健康讲座：冬季防跌倒', '帮老人预约家庭医生'] },
  { name: '国网衢州供电公司柯城党支部', kind: 'enterprise' as const, at: '紫荆社区', contactName: '徐强', contactPhone: '13570000002', every: 16,
    what: ['检查老旧楼道电线', '帮独居老人换插座、修电灯', '讲解安全用电'] },
  { name: '柯城区农业农村局机关党支部', kind: 'machine' as const, at: '余东村', contactName: '方卫东', contactPhone: '13570000003', every: 14,
    what: ['给种植户讲柑橘冬季管护', '帮农户联系果品收购商', '农技员上门看病虫害'] },
];

export interface AreaDemoResult { repairs: number; orgs: number; services: number; rows: number; ms: number }

export async function seedPartyworkOrgs(
  p: Platform, services: Services, codeByName: Map<string, string>, known: Map<string, string>, history: { now: Date } | null,
): Promise<AreaDemoResult> {
  const started = Date.now();
  const admin = await services.users.actorOf(known.get('admin')!);
  const xinan = codeByName.get('信安街道')!;
  const zijing = codeByName.get('紫荆社区')!;
  const now = history?.now.getTime() ?? Date.now();
  const rand = seededRandom(20_230_301);
  const repairs: { id: string; solvedAt: number }[] = [];

  if (history) {
    const company = await services.users.createOrganisation(null, { name: '信安街道恒信物业', kind: 'property', regionCode: xinan });
    const fixer = await services.users.createUser(null, {
      username: 'xinan.property', displayName: '恒信物业 维修员 陈师傅', password: DEMO_PASSWORD, kind: 'staff', homeRegionCode: xinan,
      memberships: [{ role: 'handler', regionCode: xinan, organisationId: company.id }],
    });
    const fixerActor = await services.users.actorOf(fixer.id);
    const room = await services.users.actorOf(known.get('district.operator')!);
    const residents = await Promise.all(['13500000006', '13500000003'].map((ph) => services.users.actorOf(known.get(ph)!)));
    const centre = (await services.regions.places()).find((x) => x.code === zijing)!;
    const sharp = (await import('sharp')).default;
    const photo = (await p.media.saveImage(p.db, await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: 120, g: 130, b: 140 } } }).jpeg().toBuffer(), null)).id;
    for (let day = DAYS; day > 1; day -= 4 + Math.floor(rand() * 6)) {
      const reporter = residents[Math.floor(rand() * residents.length)];
      let t = now - day * DAY + (9 + rand() * 9) * HOUR;
      const step = async (who: Actor, after: number, input: Parameters<Services['cases']['act']>[2]) => {
        t += after;
        if (t >= now - 60_000) return null;
        return services.cases.act(who, id, input, { at: new Date(t) });
      };
      const c = await services.cases.report(reporter, {
        title: `学苑新村${REPAIRS[Math.floor(rand() * REPAIRS.length)]}`, categoryCode: '0201', source: 'resident',
        lon: centre.lon! + (rand() - 0.5) * 0.0006, lat: centre.lat! + (rand() - 0.5) * 0.0006,
      }, { at: new Date(t) });
      const id = c.id;
      if (!(await step(room, (10 + rand() * 30) * 60_000, { action: 'register' }))) continue;
      if (!(await step(room, (5 + rand() * 20) * 60_000, { action: 'dispatch', assignedOrgId: company.id }))) continue;
      const signed = await step(fixerActor, (10 + rand() * 60) * 60_000, { action: 'sign' });
      if (!signed) continue;
      const window = new Date(signed.deadline!).getTime() - new Date(signed.signedAt!).getTime();
      const late = rand() < 0.15;
      if (!(await step(fixerActor, window * (late ? 1.1 + rand() * 0.5 : 0.2 + rand() * 0.6), { action: 'feedback', note: '已上门处理好', media: [photo] }))) continue;
      if (!(await step(room, (30 + rand() * 180) * 60_000, { action: 'close', note: '已办结' }))) continue;
      repairs.push({ id, solvedAt: t });
      const x = rand();
      await step(reporter, (2 + rand() * 20) * HOUR, { action: 'rate', rating: x < 0.7 ? 'satisfied' : x < 0.92 ? 'basically_satisfied' : 'unsatisfied' });
    }
  }

  // the organisations that 下沉, and what they did there: the community's grid worker logs it
  let logged = 0;
  const loggers: Record<string, Actor> = { 紫荆社区: await services.users.actorOf(known.get('zijing.grid')!), 余东村: await services.users.actorOf(known.get('yudong.grid')!) };
  for (const o of ORGS) {
    const org = await services.partyAreaIndex.registerOrg(admin, { name: o.name, kind: o.kind, regionCode: codeByName.get(o.at)!, contactName: o.contactName, contactPhone: o.contactPhone });
    for (let day = history ? DAYS : 30; day >= 1; day -= o.every + Math.floor(rand() * 5)) {
      const at = now - day * DAY + (10 + rand() * 6) * HOUR;
      const servedOn = new Date(at + 8 * HOUR).toISOString().slice(0, 10);
      // a repair of the community that it helped see through (the power company's wiring), else a problem it solved or not
      const repair = o.kind === 'enterprise' ? repairs.find((r) => r.solvedAt < at && r.solvedAt > at - 10 * DAY) : undefined;
      await services.partyAreaIndex.logService(loggers[o.at], org.id, {
        id: uuidv7(at), servedOn, what: o.what[Math.floor(rand() * o.what.length)], households: 1 + Math.floor(rand() * 20),
        ...(repair ? { caseId: repair.id } : rand() < 0.45 ? { solved: true } : {}),
      }, new Date(at + HOUR));
      logged++;
    }
  }

  // the past periods: last year and this, the last six months and eight weeks (the job keeps the open ones)
  const periods: Period[] = [];
  const seen = new Set<string>();
  const add = (pd: Period) => { if (!seen.has(`${pd.kind}${pd.start}`)) { seen.add(`${pd.kind}${pd.start}`); periods.push(pd); } };
  for (let d = 0; d <= DAYS + 60; d += 7) {
    const t = new Date(now - d * DAY);
    if (d <= 56) add(periodOf('week', t));
    add(periodOf('month', t));
    add(periodOf('year', t));
  }
  let rows = 0;
  for (const kind of AREA_KINDS) rows += await services.partyAreaIndex.recompute(kind, '', periods);
  p.log.debug({ periods: periods.length, rows }, 'demo area indices computed');
  return { repairs: repairs.length, orgs: ORGS.length, services: logged, rows, ms: Date.now() - started };
}
