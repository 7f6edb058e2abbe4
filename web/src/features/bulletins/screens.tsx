/** Bulletins (周通报, 月督查, 年考核): the console's list with downloads, and one bulletin's tables. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const BulletinsPage = lazyPage(() => import('./BulletinsPage.tsx'), 'BulletinsPage');

export const bulletinsScreens: Screen[] = [
  { key: 'bulletins', label: 'bl_nav', shell: 'staff', visible: (can) => can('bulletins.read'), render: () => <BulletinsPage />, preload: BulletinsPage.preload },
];
