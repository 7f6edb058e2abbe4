/** Credit points: the console's 积分管理, a grid worker's own service points, a villager's 我的积分. */
import type { Screen } from '../../shared/screens.ts';
import { always, lazyPage } from '../../shared/screens.ts';

const MyPointsPage = lazyPage(() => import('./MyPointsPage.tsx'), 'MyPointsPage');
const PointsAdminPage = lazyPage(() => import('./PointsAdminPage.tsx'), 'PointsAdminPage');

/** A grid worker's own service points (满意 on the cases they handle): beside their tasks in the navigation. */
export const myPointsScreens: Screen[] = [
  { key: 'my-points', label: 'pt_nav', shell: 'staff', visible: (can) => can('points.own_service'), render: ({ me }) => <MyPointsPage me={me} ledger="grid_worker" base="my-points" />, preload: MyPointsPage.preload },
];

export const pointsScreens: Screen[] = [
  { key: 'points', label: 'pt_admin', shell: 'staff', visible: (can) => can('points.read') || can('points.manage'), render: ({ me }) => <PointsAdminPage me={me} />, preload: PointsAdminPage.preload },
  { key: 'points', label: 'pt_navShort', shell: 'resident', visible: always, render: ({ me }) => <MyPointsPage me={me} />, preload: MyPointsPage.preload },
];
