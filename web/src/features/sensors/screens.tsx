/** Reservoirs: the patrol (一键巡库) and the monitoring page. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const InspectPage = lazyPage(() => import('./InspectPage.tsx'), 'InspectPage');
const ReservoirsPage = lazyPage(() => import('./ReservoirsPage.tsx'), 'ReservoirsPage');

export const sensorsScreens: Screen[] = [
  { key: 'inspect', label: 'inspect', shell: 'staff', visible: (_can, has) => has('inspect'), render: ({ me }) => <InspectPage me={me} />, preload: InspectPage.preload },
  { key: 'reservoirs', label: 'reservoirs', shell: 'staff', visible: (_can, has) => has('reservoirs'), render: ({ me }) => <ReservoirsPage me={me} />, preload: ReservoirsPage.preload },
];
