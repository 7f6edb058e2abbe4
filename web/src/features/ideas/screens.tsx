/** 金点子 and 村里投票: the villager's pages (list, idea, 我有金点子, polls) and the console's queue and polls. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const IdeasPage = lazyPage(() => import('./IdeasPage.tsx'), 'IdeasPage');
const IdeasAdminPage = lazyPage(() => import('./IdeasAdminPage.tsx'), 'IdeasAdminPage');

export const ideasScreens: Screen[] = [
  { key: 'ideas', label: 'ideas_nav', shell: 'resident', more: true, visible: (can) => can('ideas.take_part'), render: () => <IdeasPage />, preload: IdeasPage.preload },
  { key: 'ideas-admin', label: 'ideas_adminNav', shell: 'staff', visible: (can) => can('ideas.manage') || can('ideas.count_paper'), render: ({ me }) => <IdeasAdminPage me={me} /> },
];
