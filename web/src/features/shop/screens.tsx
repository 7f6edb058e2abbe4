/** The points shop (积分超市): the villager's 积分商城, the shopkeeper's counter (scan, see, confirm), the console's items, orders and statement. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const ShopPage = lazyPage(() => import('./ShopPage.tsx'), 'ShopPage');
const CounterPage = lazyPage(() => import('./CounterPage.tsx'), 'CounterPage');
const ShopAdminPage = lazyPage(() => import('./ShopAdminPage.tsx'), 'ShopAdminPage');

export const shopScreens: Screen[] = [
  { key: 'shop', label: 'shop_nav', shell: 'resident', more: true, visible: (can) => can('shop.order'), render: () => <ShopPage />, preload: ShopPage.preload },
  { key: 'shop-counter', label: 'shop_counterNav', shell: 'both', visible: (can) => can('shop.redeem'), render: () => <CounterPage /> },
  { key: 'shop-admin', label: 'shop_adminNav', shell: 'staff', visible: (can) => can('shop.manage'), render: ({ me }) => <ShopAdminPage me={me} /> },
];
