/** AI cameras: live episodes, cameras, cleaning performance. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const CamerasPage = lazyPage(() => import('./CamerasPage.tsx'), 'CamerasPage');

export const camerasScreens: Screen[] = [
  { key: 'cameras', label: 'cameras', shell: 'staff', visible: (_can, has) => has('cameras'), render: ({ me }) => <CamerasPage me={me} />, preload: CamerasPage.preload },
];
