/**
 * The places module's permissions (see platform/access.ts). Reading published places needs none (a
 * tourist's phone, no login). An owner — a member of the listing's household, a person of its
 * organisation — edits their own listing without a permission of its own: the service checks the
 * ownership. The village's staff keep the listings of their area and approve what owners send.
 */
import { definePermissions } from '../platform/access.ts';

export const PLACES_PERMISSIONS = definePermissions({
  'places.manage': { zh: '维护本辖区的民宿、餐饮、景点、商品与企业信息', en: 'Keep the area\'s homestays, restaurants, sights, products and enterprises', roles: ['grid_worker', 'operator', 'shift_lead', 'admin'] },
  'places.approve': { zh: '审核业主提交的地点信息（发布或退回）', en: 'Approve or reject what owners send about their places', roles: ['operator', 'shift_lead', 'admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof PLACES_PERMISSIONS, true> {}
}
