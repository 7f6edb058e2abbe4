/**
 * The demo's places (issue 20 item 2): 余东村 — the 农民画 village — with its homestays (one 白金宿, two
 * 金宿, silver ones), restaurants, the 中国乡村美术馆 with its shop and the 点钻画 sold there, the 24-hour
 * library, toilets and car parks, products of 未来商城 with photos drawn here as SVG (stored through the
 * platform's media like any upload), an enterprise and a 共富工坊 for the 数字产业 board. Written through
 * the places service and published by the village; two owners' changes wait for approval (a new homestay,
 * and 余家小院's new price). Points are found inside the village by asking the grid index, so they follow
 * the demo's geometry. Deterministic.
 */
import sharp from 'sharp';
import type { Platform } from '../platform/context.ts';
import type { ModuleServices as Services } from '../platform/module.ts';

type Kind = 'homestay' | 'restaurant' | 'sight' | 'venue' | 'shop' | 'toilet' | 'parking' | 'product' | 'enterprise' | 'workshop';
interface Spot {
  key: string; kind: Kind; name: string; description: string; attrs: Record<string, unknown>;
  phone?: string; bookingUrl?: string; draw?: string; owner?: 'yu' | 'committee'; pending?: boolean;
  /** Another spot's key for attrs.partOf / attrs.soldAt. */
  partOf?: string; soldAt?: string;
  /** Where in the village (a step of the spiral around its centre). */
  at: number;
}

/** Flat shapes only (the server may have no Chinese font). */
const bg = (fill: string, body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360"><rect width="480" height="360" fill="${fill}"/>${body}</svg>`;
const house = (wall: string, roof: string, sky: string) => bg(sky, `<rect y="260" width="480" height="100" fill="#7cb342"/><polygon points="120,160 240,80 360,160" fill="${roof}"/><rect x="140" y="160" width="200" height="130" fill="${wall}"/><rect x="220" y="220" width="40" height="70" fill="#6d4c41"/><rect x="160" y="185" width="40" height="35" fill="#bbdefb"/><rect x="280" y="185" width="40" height="35" fill="#bbdefb"/><circle cx="410" cy="70" r="30" fill="#ffd54f"/>`);
const bowl = (soup: string) => bg('#fff8e1', `<ellipse cx="240" cy="190" rx="150" ry="40" fill="${soup}"/><path d="M90 190 Q240 340 390 190 Z" fill="#eceff1" stroke="#90a4ae" stroke-width="6"/><path d="M300 80 L360 170 M320 70 L380 160" stroke="#8d6e63" stroke-width="8"/>`);
const dots = (colours: string[], seed: number) => Array.from({ length: 120 }, (_, i) => {
  const x = 60 + ((i * 37 + seed * 11) % 360); const y = 50 + ((i * 53 + seed * 7) % 260);
  return `<circle cx="${x}" cy="${y}" r="9" fill="${colours[(i + seed) % colours.length]}"/>`;
}).join('');
const dotPainting = (frame: string, colours: string[], seed: number) => bg('#fafafa', `<rect x="40" y="30" width="400" height="300" fill="${frame}"/><rect x="55" y="45" width="370" height="270" fill="#fffde7"/>${dots(colours, seed)}`);

const SPOTS: Spot[] = [
  { key: 'museum', kind: 'venue', name: '中国乡村美术馆', description: '全国首个乡村美术馆，展出余东农民画与点钻画，馆内有文创商店。', attrs: { hours: '09:00–17:00，周一闭馆', ticket: '免费（团队请提前预约）' }, phone: '0570-3081234', at: 0,
    draw: bg('#e3f2fd', '<rect y="270" width="480" height="90" fill="#a5d6a7"/><rect x="90" y="120" width="300" height="150" fill="#fafafa" stroke="#546e7a" stroke-width="6"/><polygon points="80,120 240,60 400,120" fill="#546e7a"/><rect x="120" y="150" width="50" height="80" fill="#ef5350"/><rect x="215" y="150" width="50" height="80" fill="#ffca28"/><rect x="310" y="150" width="50" height="80" fill="#42a5f5"/>') },
  { key: 'museumShop', kind: 'shop', name: '美术馆文创商店', description: '中国乡村美术馆一楼的文创商店：农民画衍生品、点钻画成品与材料包。', attrs: { hours: '09:00–17:00' }, partOf: 'museum', phone: '0570-3081235', at: 1,
    draw: bg('#fff3e0', '<rect x="80" y="100" width="320" height="200" fill="#ffe0b2" stroke="#ef6c00" stroke-width="6"/><path d="M80 100 L120 60 L360 60 L400 100 Z" fill="#ef6c00"/><rect x="120" y="140" width="70" height="90" fill="#ef5350"/><rect x="205" y="140" width="70" height="90" fill="#66bb6a"/><rect x="290" y="140" width="70" height="90" fill="#29b6f6"/>') },
  { key: 'library', kind: 'venue', name: '余东24小时城市书房', description: '全天开放的村级书房，刷身份证或扫码进门，有农民画画册和儿童绘本。', attrs: { hours: '24小时开放', ticket: '免费' }, at: 2,
    draw: bg('#ede7f6', '<rect x="100" y="90" width="280" height="200" fill="#fff" stroke="#5e35b1" stroke-width="6"/>' + Array.from({ length: 8 }, (_, i) => `<rect x="${120 + i * 32}" y="120" width="24" height="70" fill="${['#7e57c2', '#26a69a', '#ef5350', '#ffa726'][i % 4]}"/>`).join('') + '<rect x="120" y="210" width="240" height="10" fill="#5e35b1"/>') },
  { key: 'gallery', kind: 'sight', name: '农民画墙绘一条街', description: '村道两侧的农民画墙绘，适合拍照打卡。', attrs: { hours: '全天', ticket: '免费' }, at: 3 },
  { key: 'h1', kind: 'homestay', name: '画里余东白金宿', description: '白金宿：庭院茶室、农民画主题客房，可预约点钻画体验课。', attrs: { grade: 'platinum', rooms: 12, priceFrom: 680, priceTo: 1280 }, phone: '0570-3082001', bookingUrl: 'https://example.org/yudong/baijinsu', at: 4, draw: house('#fafafa', '#37474f', '#b3e5fc') },
  { key: 'h2', kind: 'homestay', name: '稻香金宿', description: '金宿：田边的三层民宿，早餐有本地米粿。', attrs: { grade: 'gold', rooms: 8, priceFrom: 380, priceTo: 680 }, phone: '0570-3082002', bookingUrl: 'https://example.org/yudong/daoxiang', at: 5, draw: house('#fff3e0', '#8d6e63', '#e1f5fe') },
  { key: 'h3', kind: 'homestay', name: '竹影金宿', description: '金宿：竹林环抱，亲子家庭房，可代订美术馆讲解。', attrs: { grade: 'gold', rooms: 6, priceFrom: 320, priceTo: 560 }, phone: '0570-3082003', at: 6, draw: house('#f1f8e9', '#558b2f', '#e0f7fa') },
  { key: 'h4', kind: 'homestay', name: '余家小院', description: '银宿：余大伯家的小院，三间客房，家常菜。', attrs: { grade: 'silver', rooms: 3, priceFrom: 160, priceTo: 220 }, phone: '13800000001', owner: 'yu', at: 7, draw: house('#fffde7', '#a1887f', '#e3f2fd') },
  { key: 'h5', kind: 'homestay', name: '画坊银宿', description: '银宿：画家工作室楼上的两间客房。', attrs: { grade: 'silver', rooms: 2, priceFrom: 150, priceTo: 200 }, phone: '0570-3082005', at: 8 },
  { key: 'h6', kind: 'homestay', name: '溪畔人家', description: '溪边的农家乐民宿，可钓鱼。', attrs: { rooms: 4, priceFrom: 120, priceTo: 180 }, phone: '0570-3082006', at: 9 },
  { key: 'r1', kind: 'restaurant', name: '余东农家菜馆', description: '柯城土菜：清水鱼、米粿、葛粉圆子。', attrs: { cuisine: '衢州菜', seats: 80, pricePerPerson: 60, hours: '10:30–20:30' }, phone: '0570-3083001', at: 10, draw: bowl('#ffb74d') },
  { key: 'r2', kind: 'restaurant', name: '画乡面馆', description: '一碗衢州面，加鸭头。', attrs: { cuisine: '面食小吃', seats: 30, pricePerPerson: 25, hours: '06:30–14:00' }, phone: '0570-3083002', at: 11, draw: bowl('#e57373') },
  { key: 'r3', kind: 'restaurant', name: '乡村美术馆咖啡', description: '美术馆旁的咖啡与简餐。', attrs: { cuisine: '咖啡简餐', seats: 24, pricePerPerson: 40, hours: '09:00–18:00' }, at: 12, draw: bowl('#8d6e63') },
  { key: 't1', kind: 'toilet', name: '美术馆旁公厕', description: '三星级旅游厕所，有第三卫生间。', attrs: { hours: '06:00–22:00', accessible: true }, at: 13 },
  { key: 't2', kind: 'toilet', name: '村口公厕', description: '村口停车场边。', attrs: { hours: '全天', accessible: true }, at: 14 },
  { key: 'p1', kind: 'parking', name: '村口游客停车场', description: '大巴、小车均可停。', attrs: { spaces: 120, fee: '免费' }, at: 15 },
  { key: 'p2', kind: 'parking', name: '美术馆停车场', description: '小车停车位。', attrs: { spaces: 40, fee: '免费' }, at: 16 },
  { key: 'd1', kind: 'product', name: '点钻画《丰收》', description: '余东农民画家原作改编的点钻画成品，40×50 cm，带框。', attrs: { price: 168, unit: '幅', howToBuy: '美术馆文创商店购买，或电话 0570-3081235 邮寄', soldAt: 'museumShop' }, soldAt: 'museumShop', at: 17, draw: dotPainting('#8d6e63', ['#ef5350', '#ffca28', '#66bb6a', '#42a5f5'], 1) },
  { key: 'd2', kind: 'product', name: '点钻画材料包《稻田》', description: '自己动手做一幅：底图、钻石颗粒、点钻笔，约 6 小时完成。', attrs: { price: 88, unit: '套', howToBuy: '美术馆文创商店购买', soldAt: 'museumShop' }, soldAt: 'museumShop', at: 18, draw: dotPainting('#ffb300', ['#9ccc65', '#fff176', '#4fc3f7'], 2) },
  { key: 'd3', kind: 'product', name: '农民画丝巾', description: '真丝丝巾，印余东农民画《村宴》。', attrs: { price: 128, unit: '条', howToBuy: '美术馆文创商店购买', soldAt: 'museumShop' }, soldAt: 'museumShop', at: 19, draw: bg('#fce4ec', '<path d="M60 80 L420 80 L380 300 L100 300 Z" fill="#f06292"/>' + dots(['#ffffff', '#ffeb3b', '#4db6ac'], 3)) },
  { key: 'd4', kind: 'product', name: '余东高山大米', description: '村里合作社种的高山稻，5 kg 真空包装。', attrs: { price: 75, unit: '5 kg', howToBuy: '未来商城下单，村里送到家；电话 0570-3084001', buyUrl: 'https://example.org/yudong/rice' }, at: 20,
    draw: bg('#f4efe1', '<path d="M150 90 Q240 60 330 90 L350 300 Q240 330 130 300 Z" fill="#e9d9a6" stroke="#b89b4e" stroke-width="6"/><ellipse cx="240" cy="210" rx="60" ry="40" fill="#fff" stroke="#2e7d32" stroke-width="6"/>') },
  { key: 'd5', kind: 'product', name: '手工米粿', description: '余东阿姨现做的米粿，一盒 10 个，当天送。', attrs: { price: 30, unit: '盒', howToBuy: '电话 13800000001 预订，村内自取' }, owner: 'yu', at: 21,
    draw: bg('#fffde7', Array.from({ length: 6 }, (_, i) => `<ellipse cx="${120 + (i % 3) * 120}" cy="${140 + Math.floor(i / 3) * 100}" rx="50" ry="35" fill="#aed581" stroke="#689f38" stroke-width="5"/>`).join('')) },
  { key: 'd6', kind: 'product', name: '农民画帆布包', description: '帆布托特包，印农民画《赶集》。', attrs: { price: 59, unit: '个', howToBuy: '美术馆文创商店购买', soldAt: 'museumShop' }, soldAt: 'museumShop', at: 22,
    draw: bg('#efebe9', '<rect x="130" y="120" width="220" height="190" fill="#d7ccc8" stroke="#6d4c41" stroke-width="6"/><path d="M180 120 Q240 40 300 120" fill="none" stroke="#6d4c41" stroke-width="10"/>' + dots(['#e53935', '#fdd835', '#43a047'], 4).replace(/r="9"/g, 'r="6"')) },
  { key: 'e1', kind: 'enterprise', name: '余东农民画文化创意有限公司', description: '农民画授权、文创设计与研学接待。', attrs: { industry: '文化创意', employees: 26, jobsForVillagers: 18, yearlyOutputWan: 860 }, at: 23 },
  { key: 'w1', kind: 'workshop', name: '余东点钻画共富工坊', description: '村民在家或工坊里做点钻画，按件计酬。', attrs: { industry: '来料加工', employees: 45, jobsForVillagers: 45, yearlyOutputWan: 120 }, owner: 'committee', at: 24 },
];

/** A newly listed homestay sent by its owner and not yet approved: the console's queue shows it. */
const WAITING: Spot = { key: 'h7', kind: 'homestay', name: '山茶花民宿', description: '新开的民宿，四间房，带小孩游乐区。', attrs: { grade: 'silver', rooms: 4, priceFrom: 180, priceTo: 260 }, phone: '0570-3082007', pending: true, at: 25 };

const INTRO = '余东村位于柯城区沟溪乡，是远近闻名的「中国农民画第一村」。村里家家户户能画画，村道两旁是农民画墙绘；中国乡村美术馆就在村中，可以看画、买点钻画、参加体验课。住一晚白金宿、金宿，尝一碗农家菜，夜里还可以去24小时书房坐坐。';

/** Points inside the village, on a spiral around its centre, each checked with the grid index. */
async function pointsIn(services: Services, village: string, n: number): Promise<[number, number][]> {
  const centre = (await services.regions.places()).find((v) => v.code === village)!;
  const out: [number, number][] = [];
  for (let i = 0; out.length < n && i < 2000; i++) {
    const angle = i * 2.399963; // the golden angle: an even scatter
    const r = 0.0006 * Math.sqrt(i + 1);
    const lon = centre.lon! + r * Math.cos(angle);
    const lat = centre.lat! + r * Math.sin(angle) * 0.9;
    const placed = await services.regions.locate(lon, lat).catch(() => null);
    if (placed?.villageCode === village) out.push([Number(lon.toFixed(6)), Number(lat.toFixed(6))]);
  }
  return out;
}

export async function seedPlaces(p: Platform, services: Services, codeByName: Map<string, string>, known: Map<string, string>, orgIds: Map<string, string>): Promise<{ places: number; pending: number }> {
  const yudong = codeByName.get('余东村')!;
  const all = [...SPOTS, WAITING];
  const points = await pointsIn(services, yudong, all.length);
  const yuHousehold = known.get('13800000001') ? await services.households.householdOf(known.get('13800000001')!) : null;
  const committee = orgIds.get(`${yudong}:village_committee`) ?? null;
  const ids = new Map<string, string>();
  await services.places.setGuide(null, yudong, { intro: INTRO });
  for (const s of all) {
    const photo = s.draw ? (await p.media.saveImage(p.db, await sharp(Buffer.from(s.draw)).png().toBuffer(), null)).id : null;
    const attrs = { ...s.attrs, ...(s.partOf ? { partOf: ids.get(s.partOf) } : {}), ...(s.soldAt ? { soldAt: ids.get(s.soldAt) } : {}) };
    const [lon, lat] = points[s.at % points.length];
    const created = await services.places.create(null, {
      regionCode: yudong, kind: s.kind, name: s.name, description: s.description, lon, lat, attrs, photos: photo ? [photo] : [],
      phone: s.phone ?? null, bookingUrl: s.bookingUrl ?? null, submit: true,
      ...(s.owner === 'yu' && yuHousehold ? { ownerHouseholdId: yuHousehold.id } : {}), ...(s.owner === 'committee' && committee ? { ownerOrganisationId: committee } : {}),
    });
    ids.set(s.key, created.id);
    if (!s.pending) await services.places.approve(null, created.id);
  }
  // 余大伯 raises 余家小院's price for the summer: his revision waits while the published price stays
  let pending = 1;
  if (yuHousehold) {
    const yu = await services.users.actorOf(known.get('13800000001')!);
    await services.places.update(yu, ids.get('h4')!, { attrs: { grade: 'silver', rooms: 3, priceFrom: 180, priceTo: 260 }, description: '银宿：余大伯家的小院，三间客房，家常菜；暑期价格。' });
    pending++;
  }
  return { places: all.length, pending };
}
