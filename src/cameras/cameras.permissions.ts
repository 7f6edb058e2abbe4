/**
 * The cameras module's permissions (see platform/access.ts). Judging a detection (a false positive or
 * not) is for those who act on it — the command rooms and the handlers — not the grid worker or the
 * leader, who see the detections.
 */
import { definePermissions, STAFF_ROLES } from '../platform/access.ts';

export const CAMERAS_PERMISSIONS = definePermissions({
  'cameras.read': { zh: '查看摄像头、识别记录与处置策略', en: 'Read cameras, detections and their policies', roles: STAFF_ROLES },
  'cameras.review': { zh: '标记识别是否误报', en: 'Mark a detection as right or a false positive', roles: ['handler', 'operator', 'dispatcher', 'shift_lead', 'admin'] },
  'cameras.configure': { zh: '添加摄像头、配置处置策略', en: 'Add cameras and configure their policies', roles: ['admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof CAMERAS_PERMISSIONS, true> {}
}
