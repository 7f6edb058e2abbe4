/**
 * The sensors module's permissions (see platform/access.ts). Who may acknowledge and clear a reservoir
 * alarm is a choice, made here: the command rooms and the handlers (the water officer is one), not the
 * grid worker, who sees alarms and reports what they find but does not close the reservoir's record,
 * nor the leader, who reads the screens and the rankings but does not operate them.
 */
import { definePermissions, STAFF_ROLES } from '../platform/access.ts';

export const SENSORS_PERMISSIONS = definePermissions({
  'sensors.read': { zh: '查看水库、监测点、读数与告警', en: 'Read reservoirs, gauges, readings and alarms', roles: STAFF_ROLES },
  'sensors.configure': { zh: '配置监测设备与告警规则', en: 'Configure gauges and alarm rules', roles: ['admin'] },
  'alarms.handle': { zh: '确认与解除告警', en: 'Acknowledge and clear alarms', roles: ['handler', 'operator', 'dispatcher', 'shift_lead', 'admin'] },
});

declare module '../platform/access.ts' {
  interface Permissions extends Record<keyof typeof SENSORS_PERMISSIONS, true> {}
}
