/**
 * The demo region, modelled on the seed articles: Kecheng district (柯城区, 330802) of Quzhou with the
 * townships and villages the articles name, plus plausible neighbours. Township and village codes
 * follow the statistical-code ranges (街道 001–099, 镇 100–199, 乡 200–399; 社区 001–199, 村 200–399)
 * but are synthetic, as are their polygons: a jittered lattice fitted and cut to the district's real outline
 * (./geo/kecheng-outline.json, see ./outline-fit.ts).
 */

export interface DemoTownship {
  serial: string; // 3 digits
  name: string;
  nameEn: string;
  villages: string[];
}

export const PROVINCE = { code: '330000000000', name: '浙江省', nameEn: 'Zhejiang' };
export const CITY = { code: '330800000000', name: '衢州市', nameEn: 'Quzhou' };
export const DISTRICT = { code: '330802000000', name: '柯城区', nameEn: 'Kecheng District' };

/** 4 × 4 lattice, west → east, north → south (rows of equal area). Seed-named places first in each list. */
export const TOWNSHIPS: DemoTownship[] = [
  { serial: '203', name: '九华乡', nameEn: 'Jiuhua Township', villages: ['九华村', '妙源村', '上铺村', '外陈村'] },
  { serial: '102', name: '石梁镇', nameEn: 'Shiliang Town', villages: ['麻蓬村', '杨家源村', '石梁村', '双溪村'] },
  { serial: '007', name: '新新街道', nameEn: 'Xinxin Subdistrict', villages: ['新新社区', '斗潭社区', '双港村', '新塘边村'] },
  { serial: '006', name: '黄家街道', nameEn: 'Huangjia Subdistrict', villages: ['黄家社区', '花园岗社区', '庙源村', '下宅村'] },
  { serial: '205', name: '七里乡', nameEn: 'Qili Township', villages: ['大头村', '桃源村', '黄土岭村', '上村村'] },
  { serial: '201', name: '沟溪乡', nameEn: 'Gouxi Township', villages: ['余东村', '沟溪村', '斗目垅村', '碗窑村'] },
  { serial: '001', name: '府山街道', nameEn: 'Fushan Subdistrict', villages: ['坊门街社区', '县学街社区', '府山社区', '蛟池街社区'] },
  { serial: '002', name: '荷花街道', nameEn: 'Hehua Subdistrict', villages: ['荷花社区', '荷三社区', '棋院社区', '新村社区'] },
  { serial: '206', name: '姜家山乡', nameEn: 'Jiangjiashan Township', villages: ['姜家山村', '银坑村', '林坑村', '家山村'] },
  { serial: '202', name: '万田乡', nameEn: 'Wantian Township', villages: ['万田村', '仁德村', '汪村村', '独山村'] },
  { serial: '003', name: '花园街道', nameEn: 'Huayuan Subdistrict', villages: ['平园村', '新姜村', '花园村', '东山村'] },
  { serial: '004', name: '信安街道', nameEn: "Xin'an Subdistrict", villages: ['恬静苑社区', '紫荆社区', '信安社区', '书院社区'] },
  { serial: '207', name: '华墅乡', nameEn: 'Huashu Township', villages: ['华墅村', '岭洋村', '坞口村', '金山村'] },
  { serial: '101', name: '航埠镇', nameEn: 'Hangbu Town', villages: ['航埠村', '北二村', '墩头村', '石塘背村'] },
  { serial: '005', name: '白云街道', nameEn: 'Baiyun Subdistrict', villages: ['白云社区', '月亮湾社区', '严家淤村', '棠陵邱村'] },
  { serial: '008', name: '双港街道', nameEn: 'Shuanggang Subdistrict', villages: ['双港社区', '巨化社区', '杜泽村', '百家塘村'] },
];

export const DEMO_PASSWORD = 'demo1234';

export interface DemoStaff {
  username: string;
  displayName: string;
  role: string;
  /** township name, village name, or 'district' */
  at: string;
  org?: string; // organisation kind in that region
  /** For SMS from the cameras (bins): the demo's SMS provider only logs them. */
  phone?: string;
}

export const DEMO_STAFF: DemoStaff[] = [
  { username: 'admin', displayName: '柯城区系统管理员', role: 'admin', at: 'district' },
  { username: 'leader', displayName: '区领导 朱书记', role: 'leader', at: 'district' },
  { username: 'district.operator', displayName: '区指挥中心 受理员 郑敏', role: 'operator', at: 'district', org: 'command_room' },
  { username: 'gouxi.operator', displayName: '沟溪乡指挥室 受理员 马光续', role: 'operator', at: '沟溪乡', org: 'command_room' },
  { username: 'gouxi.lead', displayName: '沟溪乡指挥室 值班长 陈雯', role: 'shift_lead', at: '沟溪乡', org: 'command_room' },
  { username: 'gouxi.dispatcher', displayName: '沟溪乡指挥室 派遣员 童玲', role: 'dispatcher', at: '沟溪乡', org: 'command_room' },
  // decides objections to the villages' points notices (复核)
  { username: 'gouxi.leader', displayName: '沟溪乡 副乡长 程立', role: 'leader', at: '沟溪乡' },
  { username: 'gouxi.enforce', displayName: '沟溪乡执法中队 徐队员', role: 'handler', at: '沟溪乡', org: 'enforcement' },
  { username: 'yudong.grid', displayName: '余东村网格员 余丽', role: 'grid_worker', at: '余东村' },
  // a party member's name is only the name: rankings and reviews show it masked beside others' (余*洪, not 余东村党员 余*洪)
  { username: 'yudong.party', displayName: '余仁洪', role: 'party_member', at: '余东村' },
  // publishes 紫荆社区's 联户 tasks (孔奶奶's among them) and reviews the members' visits (seed 001)
  { username: 'zijing.grid', displayName: '紫荆社区网格员 王珂', role: 'grid_worker', at: '紫荆社区' },
  { username: 'shiliang.operator', displayName: '石梁镇指挥室 受理员 郦文', role: 'operator', at: '石梁镇', org: 'command_room' },
  { username: 'mapeng.grid', displayName: '麻蓬村网格员 毛芳', role: 'grid_worker', at: '麻蓬村' },
  { username: 'water.officer', displayName: '区水利局 水库专管员 方佳', role: 'handler', at: 'district', org: 'water_bureau' },
  { username: 'cleaner', displayName: '保洁公司 祝师傅', role: 'handler', at: 'district', org: 'cleaning' },
  // 府山街道: its bins and streets are watched by AI cameras (seed 004)
  { username: 'fushan.operator', displayName: '府山街道指挥室 受理员 叶青', role: 'operator', at: '府山街道', org: 'command_room', phone: '13700000011' },
  { username: 'fushan.cleaner', displayName: '府山街道保洁 郑师傅', role: 'handler', at: '府山街道', org: 'cleaning', phone: '13700000012' },
  { username: 'fushan.grid', displayName: '府山社区网格员 周敏', role: 'grid_worker', at: '府山社区', phone: '13700000013' },
  { username: 'fushan.enforce', displayName: '府山街道执法中队 王队员', role: 'handler', at: '府山街道', org: 'enforcement' },
];

export const DEMO_RESIDENTS = [
  // a resident's home is a grid of the village (the village code + its 3-digit serial): 余大伯 lives in 余东村第1网格
  { phone: '13800000001', displayName: '余东村村民 余大伯', kind: 'resident' as const, at: '余东村', grid: 1 },
  { phone: '13900000002', displayName: '游客 王女士', kind: 'tourist' as const, at: null, grid: null },
];

/**
 * The code of a village's grid by its serial (seed-demo.ts cuts every village into 2–4 grids numbered
 * from 001): the demo's residents live in grids, so grid rankings and totals have people in them.
 */
export const gridOf = (villageCode: string, serial: number) => `${villageCode}${String(serial).padStart(3, '0')}`;

/** Deterministic PRNG (mulberry32): the demo is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type P = [number, number];

/**
 * Split a quadrilateral (NW, NE, SE, SW) into cols × rows cells. Points on the quad's edges are
 * exact interpolations (so children tile their parent without gaps or overlaps); interior lattice
 * points are jittered for an organic look. Returns cells row by row as closed rings.
 */
export function subdivideQuad(quad: P[], cols: number, rows: number, jitter: number, rand: () => number): P[][] {
  const [nw, ne, se, sw] = quad;
  const at = (u: number, v: number): P => {
    const top: P = [nw[0] + (ne[0] - nw[0]) * u, nw[1] + (ne[1] - nw[1]) * u];
    const bot: P = [sw[0] + (se[0] - sw[0]) * u, sw[1] + (se[1] - sw[1]) * u];
    return [top[0] + (bot[0] - top[0]) * v, top[1] + (bot[1] - top[1]) * v];
  };
  return subdivideLattice(at, cols, rows, jitter, rand);
}

/** The same on any map `at` of the unit square (u west → east, v north → south), e.g. one fitted to an outline. */
export function subdivideLattice(at: (u: number, v: number) => P, cols: number, rows: number, jitter: number, rand: () => number): P[][] {
  const pts: P[][] = [];
  for (let r = 0; r <= rows; r++) {
    pts.push([]);
    for (let c = 0; c <= cols; c++) {
      let u = c / cols;
      let v = r / rows;
      if (c > 0 && c < cols && r > 0 && r < rows) {
        u += (rand() - 0.5) * jitter / cols;
        v += (rand() - 0.5) * jitter / rows;
      } else if ((c === 0 || c === cols) && r > 0 && r < rows) {
        v += (rand() - 0.5) * jitter / rows; // slide along a vertical edge: stays on it
      } else if ((r === 0 || r === rows) && c > 0 && c < cols) {
        u += (rand() - 0.5) * jitter / cols;
      }
      pts[r].push(at(u, v));
    }
  }
  const round = (p: P): P => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
  const cells: P[][] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const ring = [pts[r][c], pts[r][c + 1], pts[r + 1][c + 1], pts[r + 1][c], pts[r][c]].map(round);
      cells.push(ring);
    }
  }
  return cells;
}
