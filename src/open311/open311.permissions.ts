/** The Open311 module's permissions (see platform/access.ts). */
import { definePermissions } from '../platform/access.ts';

export const OPEN311_PERMISSIONS = definePermissions({
  'open311.keys': { zh: '管理 Open311 接口密钥', en: 'Manage Open311 API keys', roles: ['admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof OPEN311_PERMISSIONS, true> {}
}
