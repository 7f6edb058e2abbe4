/**
 * The demo's household registry (一户一档) for 余东村: a roster of ten households as a village office
 * keeps it — 户主, spouses, children, grandparents; elders living alone (独居老人), a 低保 household,
 * 党员户, 民宿经营户 — imported through the registry's importer (synthetic people: names of the area,
 * ID numbers of 柯城区 330802 with valid check digits, phones 135 0001 xxxx). Each household's address
 * point is drawn inside the village and placed in its grid by the region index; then a short history
 * (a tag added, a son registered as his mother's proxy) and a couple of reveals in the audit: the grid
 * worker 余丽 opens 余金娥's household and shows her ID number, the district administrator opens another;
 * and 余金娥 has reported a heap of rubbish at the foot of 后山 (a case her household's page lists).
 */
import type { ModuleServices as Services } from '../platform/module.ts';
import { checkDigit } from '../households/index.ts';
import { seededRandom } from './demo-data.ts';

type P = [name: string, relation: string, birth: string, sex: 'M' | 'F', phone?: string];
const ROSTER: { tags: string; address: string; people: P[] }[] = [
  { tags: '党员户、民宿经营户', address: '余东村 上余 18号', people: [['毛国平', '户主', '19680412', 'M', '13500010001'], ['周丽华', '配偶', '19700923', 'F', '13500010002'], ['毛晓燕', '女', '19950307', 'F', '13500010003']] },
  { tags: '独居老人', address: '余东村 上余 25号', people: [['余金娥', '户主', '19360815', 'F', '13500010004']] },
  { tags: '低保', address: '余东村 下余 3号', people: [['郑水根', '户主', '19590120', 'M', '13500010005'], ['郑小兵', '子', '19880611', 'M']] },
  { tags: '民宿经营户', address: '余东村 画家街 6号', people: [['徐建明', '户主', '19750302', 'M', '13500010006'], ['方美玲', '配偶', '19771118', 'F', '13500010007'], ['徐子轩', '子', '20050726', 'M', '13500010008'], ['徐长根', '父', '19460209', 'M']] },
  { tags: '党员户', address: '余东村 下余 11号', people: [['汪志强', '户主', '19630517', 'M', '13500010009'], ['毛雪芳', '配偶', '19650830', 'F', '13500010010'], ['汪磊', '子', '19900214', 'M', '13500010011'], ['汪欣怡', '孙女', '20160901', 'F']] },
  { tags: '独居老人', address: '余东村 后山 2号', people: [['余德昌', '户主', '19400623', 'M', '13500010012']] },
  { tags: '', address: '余东村 画家街 14号', people: [['姜卫东', '户主', '19800105', 'M', '13500010013'], ['郑丽', '配偶', '19820419', 'F', '13500010014'], ['姜一鸣', '子', '20100312', 'M'], ['姜一诺', '女', '20140725', 'F']] },
  { tags: '低保、独居老人', address: '余东村 后山 9号', people: [['毛桂英', '户主', '19420311', 'F', '13500010015']] },
  { tags: '党员户', address: '余东村 上余 31号', people: [['周建新', '户主', '19550728', 'M', '13500010016'], ['余秀珍', '配偶', '19571002', 'F', '13500010017']] },
  { tags: '民宿经营户', address: '余东村 画家街 21号', people: [['方海涛', '户主', '19840918', 'M', '13500010018'], ['徐静', '配偶', '19861204', 'F', '13500010019'], ['方乐乐', '女', '20120606', 'F']] },
];

/** A synthetic ID number: 柯城区, the birth date, a serial whose last digit is odd for a man, even for a woman, and its check digit. */
export function demoIdNumber(birth: string, sex: 'M' | 'F', serial: number): string {
  const first = `330802${birth}${String(serial % 100).padStart(2, '0')}${sex === 'M' ? (serial % 5) * 2 + 1 : (serial % 5) * 2}`;
  return first + checkDigit(first);
}

/** The roster as the office's CSV (what the console's import takes). */
export function yudongRoster(): string {
  let serial = 11;
  const lines = ['户号,姓名,与户主关系,身份证号,手机,网格,地址,标签'];
  ROSTER.forEach((h, i) => {
    for (const [name, relation, birth, sex, phone] of h.people) lines.push([`YD${String(i + 1).padStart(3, '0')}`, name, relation, demoIdNumber(birth, sex, serial++), phone ?? '', '', h.address, h.tags].join(','));
  });
  return lines.join('\n');
}

/** `historyNow`: the history's clock, when there is one (the report is then part of the history: dated before it, its events already delivered). */
export async function seedHouseholdRegistry(services: Services, codeByName: Map<string, string>, known: Map<string, string>, historyNow: Date | null = null): Promise<number> {
  const village = codeByName.get('余东村')!;
  const result = await services.householdRegistry.importRoster(null, { regionCode: village, format: 'csv', data: yudongRoster() });
  const adminId = known.get('admin');
  const gridId = known.get('yudong.grid');
  if (!adminId || !gridId) return result.households;
  const admin = await services.users.actorOf(adminId);
  const place = (await services.regions.places()).find((p) => p.code === village);
  const rand = seededRandom(20_261_207);
  const heads = await services.users.peopleByPhone(ROSTER.map((h) => h.people[0][4]!));
  const ids: string[] = [];
  for (const h of ROSTER) {
    const ref = await services.households.householdOf(heads[h.people[0][4]!].id);
    if (!ref) continue;
    ids.push(ref.id);
    // an address point inside the village, in whichever grid the region index places it
    for (let tries = 0; place?.lon && place.lat && tries < 40; tries++) {
      const lon = place.lon + (rand() - 0.5) * 0.012, lat = place.lat + (rand() - 0.5) * 0.009;
      const at = await services.regions.locate(lon, lat).catch(() => null);
      if (at?.villageCode === village && at.gridCode) {
        await services.householdRegistry.update(admin, ref.id, { gridCode: at.gridCode, lon: Number(lon.toFixed(6)), lat: Number(lat.toFixed(6)) });
        break;
      }
    }
  }
  // a short history: 徐家 also takes in the lane's parcels (a tag), and 余金娥's son in town becomes her proxy (代办人)
  await services.householdRegistry.update(admin, ids[3], { tags: ['民宿经营户', '快递代收点'] });
  await services.householdRegistry.addPerson(admin, ids[1], { name: '余建平', relation: 'child', idNumber: demoIdNumber('19620304', 'M', 90), phone: '13500010020', roles: ['proxy'] });
  // reveals in the audit: the grid worker opens 余金娥's record and shows her ID number; the administrator opens 毛国平's
  const grid = await services.users.actorOf(gridId);
  const rec = await services.householdRegistry.record(grid, ids[1]);
  await services.householdRegistry.reveal(grid, ids[1], rec.people[0].id, 'idNumber');
  await services.householdRegistry.record(admin, ids[0]);
  // 余金娥 reported the rubbish at the foot of 后山 from her phone: her household's page lists it (反映的问题)
  const her = await services.users.actorOf(heads[ROSTER[1].people[0][4]!].id);
  if (place?.lon && place.lat) {
    await services.cases.report(her, {
      title: '后山路口堆了建筑垃圾', description: '后山路口有人倒了一堆碎砖，晚上走路看不清，怕绊倒。', categoryCode: '0102', source: 'resident',
      lon: rec.lon ?? place.lon, lat: rec.lat ?? place.lat, clientKey: 'demo-yudong-registry-1',
    }, historyNow ? { at: new Date(historyNow.getTime() - 26 * 3_600_000) } : {});
  }
  return result.households;
}
