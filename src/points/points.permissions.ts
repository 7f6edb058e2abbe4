/** The points module's permissions (see platform/access.ts). */
import { definePermissions } from '../platform/access.ts';

export const POINTS_PERMISSIONS = definePermissions({
  // the account holder reads their own without it (GET /api/me/points, or their account by id);
  // handlers (companies, enforcement squads) have no business with residents' points
  'points.read': { zh: '查看辖区积分账户与明细', en: 'Read the area\'s points accounts and their history', roles: ['grid_worker', 'operator', 'dispatcher', 'shift_lead', 'leader', 'admin'] },
  // the village scoring group (评分小组) is a list of people per village, not a role: membership is checked by the claims
  'points.manage': { zh: '设置积分项目、评分小组与公示期', en: 'Set the points rules, the scoring group and the notice period', roles: ['admin'] },
  'points.claim_for': { zh: '代村民申报积分（无手机的农户）', en: 'Claim points for a villager (households without a phone)', roles: ['grid_worker', 'admin'] },
  // the township decides: the service also requires a scope at township level or wider
  'points.recheck': { zh: '复核积分公示的异议（乡镇）', en: 'Decide objections to points notices (township)', roles: ['leader', 'admin'] },
  // a grid worker earns service points (满意 ratings of the cases they handled) in a ledger of their own
  'points.own_service': { zh: '查看自己的服务积分（网格员）', en: 'Read one\'s own service points (grid workers)', roles: ['grid_worker'] },
  'points.adjust': { zh: '更正积分（冲回一笔积分并写明原因）', en: 'Correct points (reverse a transfer, with a reason)', roles: ['admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof POINTS_PERMISSIONS, true> {}
}
