/** The cameras feature's tab of 设置: the detection policies (loaded when 设置 opens). */
import { lazyPage, type SettingsTab } from '../../shared/screens.ts';

const CameraPoliciesTab = lazyPage(() => import('./CameraPoliciesTab.tsx'), 'CameraPoliciesTab');

export const camerasSettingsTabs: SettingsTab[] = [
  { key: 'cameras', label: 'cameraPoliciesTab', visible: (can) => can('cameras.configure'), render: () => <CameraPoliciesTab /> },
];
