/** Party work (党员联户): a member's phone page, and the grid worker's tasks and review queue. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const MemberPage = lazyPage(() => import('./MemberPage.tsx'), 'MemberPage');
const GridPage = lazyPage(() => import('./GridPage.tsx'), 'GridPage');
const RankingsPage = lazyPage(() => import('./RankingsPage.tsx'), 'RankingsPage');

export const partyworkScreens: Screen[] = [
  // a member logs in by phone (村情通) or, as a village cadre, in the console: the same page in either
  { key: 'party', label: 'pw_navMember', shell: 'staff', visible: (can) => can('partywork.serve'), render: ({ me }) => <MemberPage me={me} />, preload: MemberPage.preload },
  // the phone's bottom bar has room for two characters a tab
  { key: 'party', label: 'pw_navShort', shell: 'resident', visible: (can) => can('partywork.serve'), render: ({ me }) => <MemberPage me={me} />, preload: MemberPage.preload },
  { key: 'party-work', label: 'pw_navGrid', shell: 'staff', visible: (can) => can('partywork.tasks') || can('partywork.review'), render: ({ me }) => <GridPage me={me} />, preload: GridPage.preload },
  // leaders and the command room read the rankings without the grid worker's tasks (whose tab shows them too)
  { key: 'party-rankings', label: 'pw_navRankings', shell: 'staff', visible: (can) => can('partywork.read') && !can('partywork.tasks') && !can('partywork.review'), render: ({ me }) => <RankingsPage me={me} />, preload: RankingsPage.preload },
];
