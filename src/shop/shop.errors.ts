/**
 * The points shop's error codes with what a person is told (zh, en); pure data, the web imports it too
 * (see platform/error-text.ts). Another village's item or order answers as a missing one (404).
 */
import { defineErrors, e } from '../platform/error-text.ts';

export const SHOP_ERRORS = defineErrors('shop', {
  SHOP_ITEM_NOT_FOUND: e(404, '找不到该商品（或不是本村积分超市的商品）', 'No such item in your points shop'),
  SHOP_ORDER_NOT_FOUND: e(404, '找不到该兑换单（兑换码无效，或不是本店的单）', 'No such order in your shop'),
  SHOP_OUT_OF_STOCK: e(409, '库存不足：该商品已兑完', 'Out of stock: this item is gone'),
  SHOP_BALANCE_TOO_LOW: e(409, '可用积分不足：需要 {price} 分，可用 {available} 分', 'Not enough points: {price} needed, {available} available', { zh: '可用积分不足', en: 'Not enough points available' }),
  SHOP_LIMIT_REACHED: e(409, '超过每户限兑数量：每{periodZh}限 {limit} 件，本户已兑 {used} 件', 'Over the limit per household: {limit} a {period}, {used} already taken', { zh: '超过每户限兑数量', en: 'Over the limit per household' }),
  SHOP_NOT_EXCHANGE_DAY: e(409, '今天不是该商品的兑换日（每月 {days} 日）', 'Today is not an exchange day for this item (day {days} of the month)', { zh: '今天不是该商品的兑换日', en: 'Today is not an exchange day for this item' }),
  SHOP_ORDER_NOT_PENDING: e(409, '该兑换单{stateZh}，不能再核销或取消', 'This order is {state}: it cannot be redeemed or cancelled', { zh: '该兑换单已处理，不能再核销或取消', en: 'This order was already settled' }),
  SHOP_CARD_NOT_FOUND: e(404, '户卡无效：卡已挂失换新，或不属于本店服务的村', 'This household card is not valid here: replaced, or of a village your shop does not serve'),
  SHOP_NO_HOUSEHOLD: e(422, '您还没有加入农户，请联系村里登记后再兑换', 'You do not belong to a household yet: ask the village to register you'),
  SHOP_ITEM_INVALID: e(422, '商品设置不正确：字段「{field}」', 'The item is not valid: {field}', { zh: '商品设置不正确', en: 'The item is not valid' }),
  SHOP_REGION_INVALID: e(422, '积分超市设在村（社区）或乡镇（街道）', 'A points shop belongs to a village or a township'),
  SHOP_PHOTO_NOT_FOUND: e(422, '找不到这张商品照片，请重新上传', 'No such photo: upload it again'),
  SHOP_MONTH_INVALID: e(400, '月份格式应为 2026-11', 'A month is written 2026-11'),
});
