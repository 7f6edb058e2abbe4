/** 逛村子 (the tourist's and villager's village map, a place's page, 咨询) and the console's places with their approvals. */
import type { Screen } from '../../shared/screens.ts';
import { always, lazyPage } from '../../shared/screens.ts';

const PlacesPage = lazyPage(() => import('./PlacesPage.tsx'), 'PlacesPage');
const PlacesAdminPage = lazyPage(() => import('./PlacesAdminPage.tsx'), 'PlacesAdminPage');
const MyPlacesPage = lazyPage(() => import('./MyPlacesPage.tsx'), 'MyPlacesPage');

export const placesScreens: Screen[] = [
  { key: 'places', label: 'pl_nav', shell: 'resident', more: true, visible: always, render: ({ me }) => <PlacesPage me={me} />, preload: PlacesPage.preload },
  // an owner's own listings (a household's homestay or shop): edit and send to the village for approval
  { key: 'my-places', label: 'pl_mineNav', shell: 'resident', more: true, visible: (_can, has) => has('household'), render: () => <MyPlacesPage /> },
  { key: 'places-admin', label: 'pl_adminNav', shell: 'staff', visible: (can) => can('places.manage') || can('places.approve'), render: ({ me }) => <PlacesAdminPage me={me} /> },
];
