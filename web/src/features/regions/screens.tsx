/** Regions and grids. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const RegionsPage = lazyPage(() => import('./RegionsPage.tsx'), 'RegionsPage');

export const regionsScreens: Screen[] = [
  { key: 'regions', label: 'regions', shell: 'staff', visible: (can) => can('regions.read'), render: () => <RegionsPage />, preload: RegionsPage.preload },
];
