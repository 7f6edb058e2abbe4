/** The cases module's permissions (see platform/access.ts). */
import { definePermissions, STAFF_ROLES } from '../platform/access.ts';

export const CASES_PERMISSIONS = definePermissions({
  'cases.read': { zh: '查看辖区事件', en: 'Read the area\'s cases', roles: STAFF_ROLES },
  'cases.report': { zh: '上报事件', en: 'Report a case', roles: ['resident', 'tourist', 'party_member', ...STAFF_ROLES] },
  'categories.write': { zh: '配置事件类别、时限与工作日', en: 'Configure case categories, time limits and the calendar', roles: ['admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof CASES_PERMISSIONS, true> {}
}
