/** The households module's permissions (see platform/access.ts). */
import { definePermissions } from '../platform/access.ts';

export const HOUSEHOLDS_PERMISSIONS = definePermissions({
  // who lives with whom is personal data (PIPL): being staff in scope is not enough, an administrator
  // grants it to a person or an office for a region with a reason (people's access grants). Members
  // read their own household without it (GET /api/me/household).
  'households.read': { zh: '查看辖区农户档案（需授权）', en: 'Read the area\'s household records (granted)', roles: ['grid_worker', 'operator', 'shift_lead', 'leader', 'admin'], needToKnow: true },
  'households.manage': { zh: '建户、调整成员与户主、补发户卡', en: 'Create households, change members and heads, reissue cards', roles: ['admin'] },
  // a household without a phone is served by scanning its printed card: the grid worker, the village's
  // office (the points shop's keeper works for it); every scan is audited
  'households.proxy': { zh: '扫户卡代农户办理', en: 'Scan a household card to act for the household', roles: ['grid_worker', 'operator', 'admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof HOUSEHOLDS_PERMISSIONS, true> {}
}
