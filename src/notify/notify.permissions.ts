/** The notify module's permissions (see platform/access.ts). */
import { definePermissions } from '../platform/access.ts';

export const NOTIFY_PERMISSIONS = definePermissions({
  'notify.channels': { zh: '配置通知渠道（钉钉群机器人等）', en: 'Configure notice channels (DingTalk robots …)', roles: ['admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof NOTIFY_PERMISSIONS, true> {}
}
