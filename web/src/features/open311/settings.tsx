/** The Open311 feature's tab of 设置: the client keys (loaded when 设置 opens). */
import { lazyPage, type SettingsTab } from '../../shared/screens.ts';

const Open311KeysTab = lazyPage(() => import('./Open311KeysTab.tsx'), 'Open311KeysTab');

export const open311SettingsTabs: SettingsTab[] = [
  { key: 'open311', label: 'open311Tab', visible: (can) => can('open311.keys'), render: () => <Open311KeysTab /> },
];
