/** The people module's permissions (see platform/access.ts). */
import { definePermissions, STAFF_ROLES } from '../platform/access.ts';

export const PEOPLE_PERMISSIONS = definePermissions({
  'users.read': { zh: '查看辖区人员', en: 'Read the people of the area', roles: ['operator', 'dispatcher', 'shift_lead', 'leader', 'admin'] },
  'users.write': { zh: '管理人员、角色与授权', en: 'Manage people, roles and grants', roles: ['admin'] },
  'orgs.read': { zh: '查看组织机构', en: 'Read organisations', roles: STAFF_ROLES },
  'orgs.write': { zh: '管理组织机构', en: 'Manage organisations', roles: ['admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof PEOPLE_PERMISSIONS, true> {}
}
