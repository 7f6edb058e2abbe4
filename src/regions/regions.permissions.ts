/** The regions module's permissions (see platform/access.ts). */
import { definePermissions, STAFF_ROLES } from '../platform/access.ts';

export const REGIONS_PERMISSIONS = definePermissions({
  'regions.read': { zh: '查看行政区划与网格', en: 'Read regions and grids', roles: ['party_member', ...STAFF_ROLES] },
  'regions.write': { zh: '导入行政区划与网格', en: 'Import regions and grids', roles: ['admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof REGIONS_PERMISSIONS, true> {}
}
