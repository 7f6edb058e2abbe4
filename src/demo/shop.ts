/**
 * The demo's points shop (积分超市, issue 19): 余东村's shop with its goods — photos drawn here as SVG and
 * stored through the platform's media (sniffed and limited as any upload) —, its shopkeeper 余金花
 * (`yudong.shop`, a 处置人员 of 余东村 granted `shop.redeem` by the administrator), and, with the year of
 * history, four months of redemptions through the shop's service on the history's clock: phone orders
 * redeemed a few hours later, counter orders, a few cancelled, one left to expire, and the last days'
 * orders still open — so 积分商城, the counter and the statement show life on first start.
 */
import sharp from 'sharp';
import type { Platform } from '../platform/context.ts';
import type { ModuleServices as Services } from '../platform/module.ts';
import { DEMO_PASSWORD, seededRandom } from './demo-data.ts';

interface Good { name: string; unit: string; price: number; stock: number; limit?: number; period?: 'week' | 'month' | 'year'; days?: number[]; draw: string }

/** A bag, a bottle, a towel … in a few flat shapes (no text: the server may have no Chinese font). */
const bg = (fill: string, body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360"><rect width="480" height="360" fill="${fill}"/>${body}</svg>`;
const GOODS: Good[] = [
  { name: '大米', unit: '5 kg 袋', price: 150, stock: 60, limit: 2, period: 'month', draw: bg('#f4efe1', '<path d="M150 90 Q240 60 330 90 L350 300 Q240 330 130 300 Z" fill="#e9d9a6" stroke="#b89b4e" stroke-width="6"/><path d="M160 95 Q240 120 320 95" fill="none" stroke="#b89b4e" stroke-width="6"/><ellipse cx="240" cy="210" rx="60" ry="40" fill="#fff" stroke="#c0392b" stroke-width="6"/><g fill="#c9b57a">' + Array.from({ length: 9 }, (_, i) => `<ellipse cx="${200 + (i % 3) * 40}" cy="${190 + Math.floor(i / 3) * 20}" rx="8" ry="4"/>`).join('') + '</g>') },
  { name: '食用油', unit: '5 L 桶', price: 200, stock: 40, limit: 1, period: 'month', draw: bg('#fdf6e3', '<rect x="170" y="90" width="140" height="220" rx="24" fill="#f1c40f" stroke="#b7950b" stroke-width="6"/><rect x="215" y="55" width="50" height="40" rx="6" fill="#c0392b"/><path d="M310 130 Q360 140 350 200 Q340 230 310 230" fill="none" stroke="#b7950b" stroke-width="14"/><rect x="190" y="170" width="100" height="70" rx="8" fill="#fff" opacity="0.85"/><path d="M240 185 Q220 215 240 228 Q260 215 240 185Z" fill="#27ae60"/>') },
  { name: '洗衣液', unit: '2 kg 瓶', price: 80, stock: 50, draw: bg('#eaf4fb', '<path d="M180 120 L300 120 L310 310 L170 310 Z" fill="#3498db" stroke="#21618c" stroke-width="6"/><rect x="215" y="80" width="50" height="44" rx="6" fill="#21618c"/><circle cx="240" cy="220" r="42" fill="#fff"/><circle cx="225" cy="210" r="10" fill="#aed6f1"/><circle cx="252" cy="230" r="14" fill="#aed6f1"/>') },
  { name: '毛巾', unit: '1 条', price: 30, stock: 120, limit: 4, period: 'month', draw: bg('#fbeef0', '<rect x="110" y="110" width="260" height="150" rx="12" fill="#e8a0b0" stroke="#b05a70" stroke-width="6"/><rect x="110" y="140" width="260" height="14" fill="#fff"/><rect x="110" y="220" width="260" height="14" fill="#fff"/><path d="M110 260 L110 280 M140 260 L140 280 M170 260 L170 280 M200 260 L200 280 M230 260 L230 280 M260 260 L260 280 M290 260 L290 280 M320 260 L320 280 M350 260 L350 280" stroke="#b05a70" stroke-width="5"/>') },
  { name: '酱油', unit: '500 ml 瓶', price: 40, stock: 80, draw: bg('#f6efe9', '<rect x="205" y="60" width="70" height="50" rx="8" fill="#7b3f00"/><path d="M195 110 L285 110 L300 160 L300 310 L180 310 L180 160 Z" fill="#5d2e0c" stroke="#3b1d08" stroke-width="6"/><rect x="195" y="180" width="90" height="80" rx="8" fill="#f5cba7"/><circle cx="240" cy="220" r="22" fill="#c0392b"/>') },
  { name: '电饭煲', unit: '1 台', price: 1500, stock: 6, limit: 1, period: 'year', days: [15], draw: bg('#eef2f3', '<ellipse cx="240" cy="140" rx="130" ry="40" fill="#bdc3c7" stroke="#7f8c8d" stroke-width="6"/><rect x="110" y="140" width="260" height="150" rx="30" fill="#ecf0f1" stroke="#7f8c8d" stroke-width="6"/><rect x="190" y="190" width="100" height="50" rx="10" fill="#2c3e50"/><circle cx="215" cy="215" r="8" fill="#2ecc71"/><circle cx="265" cy="215" r="8" fill="#e74c3c"/>') },
];

export interface ShopDemoResult { items: number; orders: number }

export async function seedShop(p: Platform, services: Services, codeByName: Map<string, string>, known: Map<string, string>, history: { now: Date } | null): Promise<ShopDemoResult> {
  const yudong = codeByName.get('余东村')!;
  const admin = await services.users.actorOf(known.get('admin')!);
  const keeperUser = await services.users.createUser(null, {
    username: 'yudong.shop', displayName: '余东村积分超市 店主 余金花', password: DEMO_PASSWORD, kind: 'staff', homeRegionCode: yudong,
    memberships: [{ role: 'handler', regionCode: yudong }],
  });
  known.set('yudong.shop', keeperUser.id);
  await services.grants.grant(admin, { permission: 'shop.redeem', userId: keeperUser.id, regionCode: yudong, reason: '演示：余东村积分超市店主，扫码核销' });
  const now = history?.now ?? new Date();
  const start = new Date(now.getTime() - 120 * 86_400_000);
  const items = [];
  for (const g of GOODS) {
    const photo = await p.media.saveImage(p.db, await sharp(Buffer.from(g.draw)).png().toBuffer(), null);
    items.push(await services.shopCatalogue.create(null, {
      regionCode: yudong, name: g.name, unit: g.unit, price: g.price, photoMediaId: photo.id, initialStock: g.stock,
      limitPerPeriod: g.limit ?? null, limitPeriod: g.period ?? 'month', exchangeDays: g.days ?? [],
    }, start));
  }
  if (!history) return { items: items.length, orders: 0 };

  // four months of the village's households spending what they earned, on the history's clock
  const rand = seededRandom(20_261_119);
  const keeper = await services.users.actorOf(keeperUser.id);
  const people = await services.users.contacts({ role: 'resident', regionCodes: [yudong] });
  const seen = new Set<string>();
  const buyers: string[] = [];
  // in the order of their phone numbers (ids are random): the same buyers from the same seed
  for (const person of people.sort((a, b) => (a.phone ?? '').localeCompare(b.phone ?? '') || a.id.localeCompare(b.id))) {
    const h = await services.households.householdOf(person.id);
    if (h && !seen.has(h.id)) { seen.add(h.id); buyers.push(person.id); }
  }
  const everyday = items.filter((i) => !i.exchangeDays.length);
  let orders = 0;
  for (let day = 0; day < 120; day += 1 + Math.floor(rand() * 3)) {
    if (day === 60) for (const i of everyday) await services.shopCatalogue.restock(null, i.id, { quantity: 30, note: '月中补货' }, new Date(start.getTime() + day * 86_400_000));
    const at = new Date(start.getTime() + day * 86_400_000 + (9 + Math.floor(rand() * 8)) * 3_600_000);
    const buyer = buyers[Math.floor(rand() * buyers.length)];
    if (!buyer) break;
    const item = everyday[Math.floor(rand() * everyday.length)];
    try {
      const actor = await services.users.actorOf(buyer);
      const o = await services.shop.order(actor, { itemId: item.id }, at);
      orders++;
      const fate = rand();
      const recent = now.getTime() - at.getTime() < 5 * 86_400_000;
      if (recent) continue; // still open: to be picked up
      if (fate < 0.08) await services.shop.cancel(actor, o.id, new Date(at.getTime() + 3_600_000));
      else if (fate < 0.12) continue; // never picked up: the hold runs out
      else await services.shop.redeem(keeper, o.token, new Date(at.getTime() + (1 + Math.floor(rand() * 30)) * 3_600_000));
    } catch {
      // not enough points, or the month's limit: a villager in the shop chooses something else
    }
  }
  await services.points.expireDue(now);
  await services.shop.markExpired(now);
  return { items: items.length, orders };
}
