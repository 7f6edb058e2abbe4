/**
 * The points shop's permissions (see platform/access.ts).
 *
 * A shopkeeper is a person, not a role: the village contracts someone (often the keeper of the village
 * shop) to run its 积分超市. Confirming a redemption spends a villager's points, so being staff in the
 * area must not imply it: `shop.redeem` is need-to-know — held by nobody until an administrator grants it
 * to one person for one village (`/api/grants`, audited with a reason). The grant counts while the
 * person keeps a staff role in that village: the demo's shopkeeper `yudong.shop` is a 处置人员 (handler)
 * of 余东村 with the grant. Villagers order with `shop.order` (the resident role; tourists have no household points to
 * spend): the service checks they belong to a household of a village the item serves.
 */
import { definePermissions } from '../platform/access.ts';

export const SHOP_PERMISSIONS = definePermissions({
  // a villager (not a tourist) spends the household's points; the service checks the household and the item's village
  'shop.order': { zh: '用积分兑换积分超市的商品（村民）', en: 'Exchange points for goods in the village points shop (villagers)', roles: ['resident'] },
  'shop.manage': { zh: '管理积分超市的商品、库存与月度对账', en: 'Manage the points shop: items, stock and the monthly statement', roles: ['operator', 'admin'] },
  'shop.redeem': { zh: '积分超市店主：扫户卡下单、扫兑换码核销（需授权）', en: 'Points-shop keeper: scan household cards and redeem orders (granted)', roles: ['handler', 'grid_worker', 'operator', 'admin'], needToKnow: true },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof SHOP_PERMISSIONS, true> {}
}
