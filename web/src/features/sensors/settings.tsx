/** The sensors feature's tab of 设置: the alarm rules (loaded when 设置 opens). */
import { lazyPage, type SettingsTab } from '../../shared/screens.ts';

const AlarmRulesTab = lazyPage(() => import('./AlarmRulesTab.tsx'), 'AlarmRulesTab');

export const sensorsSettingsTabs: SettingsTab[] = [
  { key: 'rules', label: 'alarmRulesTab', visible: (can) => can('sensors.configure'), render: () => <AlarmRulesTab /> },
];
