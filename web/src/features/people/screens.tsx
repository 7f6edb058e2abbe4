/** Users and organisations. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const OrganisationsPage = lazyPage(() => import('./OrganisationsPage.tsx'), 'OrganisationsPage');
const UsersPage = lazyPage(() => import('./UsersPage.tsx'), 'UsersPage');

export const peopleScreens: Screen[] = [
  { key: 'users', label: 'users', shell: 'staff', visible: (can) => can('users.read'), render: ({ me }) => <UsersPage me={me} />, preload: UsersPage.preload },
  { key: 'organisations', label: 'organisations', shell: 'staff', visible: (can) => can('orgs.read'), render: () => <OrganisationsPage />, preload: OrganisationsPage.preload },
];
