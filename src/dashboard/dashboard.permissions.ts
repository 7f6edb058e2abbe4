/** The dashboard module's permissions (see platform/access.ts). */
import { definePermissions } from '../platform/access.ts';

export const DASHBOARD_PERMISSIONS = definePermissions({
  // the big screen (大屏) of an area: the leaders watch it, the command rooms keep it on their wall
  'screen.view': { zh: '查看辖区大屏', en: 'Watch the area\'s big screen', roles: ['leader', 'shift_lead', 'operator', 'dispatcher', 'admin'] },
  // a wall without anyone logged in shows one region's screen with a kiosk token the administrator issues and revokes
  'screen.kiosks': { zh: '发放与收回大屏授权（无人值守显示屏）', en: 'Issue and revoke kiosk tokens for unattended walls', roles: ['admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof DASHBOARD_PERMISSIONS, true> {}
}
