/** The big screen's entry in the console (the screen itself is /screen/<region>, outside the shell: main.tsx). */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const ScreensPage = lazyPage(() => import('./ScreensPage.tsx'), 'ScreensPage');

export const screenScreens: Screen[] = [
  { key: 'screen', label: 'sc_nav', shell: 'staff', visible: (can) => can('screen.view') || can('screen.kiosks'), render: ({ me }) => <ScreensPage me={me} />, preload: ScreensPage.preload },
];
