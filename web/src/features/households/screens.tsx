/** Households (户): the registry for those granted it, and a villager's own household card. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const HouseholdsPage = lazyPage(() => import('./HouseholdsPage.tsx'), 'HouseholdsPage');
const MyHouseholdPage = lazyPage(() => import('./MyHouseholdPage.tsx'), 'MyHouseholdPage');

export const householdsScreens: Screen[] = [
  { key: 'households', label: 'hh_nav', shell: 'staff', visible: (can) => can('households.read') || can('households.proxy'), render: ({ me }) => <HouseholdsPage me={me} />, preload: HouseholdsPage.preload },
  { key: 'household', label: 'hh_mine', shell: 'resident', more: true, visible: (_can, has) => has('household'), render: () => <MyHouseholdPage />, preload: MyHouseholdPage.preload },
];
