/** The points module's permissions (see platform/access.ts). */
import { definePermissions } from '../platform/access.ts';

export const POINTS_PERMISSIONS = definePermissions({
  // the account holder reads their own without it (GET /api/me/points, or their account by id);
  // handlers (companies, enforcement squads) have no business with residents' points
  'points.read': { zh: '查看辖区积分账户与明细', en: 'Read the area\'s points accounts and their history', roles: ['grid_worker', 'operator', 'dispatcher', 'shift_lead', 'leader', 'admin'] },
  'points.adjust': { zh: '更正积分（冲回一笔积分并写明原因）', en: 'Correct points (reverse a transfer, with a reason)', roles: ['admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof POINTS_PERMISSIONS, true> {}
}
