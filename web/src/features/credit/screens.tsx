/** Credit (信用贷 and 积分分红): a villager's 我的贷款额度 / 我的分红, and the console's page for dividends, bank extracts, consents and tiers. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const MyCreditPage = lazyPage(() => import('./MyCreditPage.tsx'), 'MyCreditPage');
const CreditAdminPage = lazyPage(() => import('./CreditAdminPage.tsx'), 'CreditAdminPage');

export const creditScreens: Screen[] = [
  { key: 'credit', label: 'cr_nav', shell: 'staff', visible: (can) => can('credit.read') || can('credit.dividend'), render: ({ me }) => <CreditAdminPage me={me} />, preload: CreditAdminPage.preload },
  { key: 'credit', label: 'cr_navResident', shell: 'resident', more: true, visible: (_can, has) => has('household'), render: () => <MyCreditPage />, preload: MyCreditPage.preload },
];
