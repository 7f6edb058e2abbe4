/** The bulletins module's permissions (see platform/access.ts). */
import { definePermissions } from '../platform/access.ts';

export const BULLETINS_PERMISSIONS = definePermissions({
  // the leaders read them; the command rooms are ranked in them and act on their overdue lists
  'bulletins.read': { zh: '查看和下载辖区的通报（周通报、月督查、年考核）', en: 'Read and download the area\'s bulletins (weekly, monthly, yearly)', roles: ['leader', 'shift_lead', 'operator', 'dispatcher', 'admin'] },
  // normally the scheduler makes them; a leader may make one for a finished period that is missing
  'bulletins.generate': { zh: '生成通报', en: 'Generate a bulletin', roles: ['leader', 'admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof BULLETINS_PERMISSIONS, true> {}
}
