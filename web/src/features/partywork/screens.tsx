/** Party work (党员联户): a member's phone page, and the grid worker's tasks and review queue. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const MemberPage = lazyPage(() => import('./MemberPage.tsx'), 'MemberPage');
const GridPage = lazyPage(() => import('./GridPage.tsx'), 'GridPage');
const ConsolePage = lazyPage(() => import('./ConsolePage.tsx'), 'ConsolePage');

export const partyworkScreens: Screen[] = [
  // a member logs in by phone (村情通) or, as a village cadre, in the console: the same page in either
  { key: 'party', label: 'pw_navMember', shell: 'staff', visible: (can) => can('partywork.serve'), render: ({ me }) => <MemberPage me={me} />, preload: MemberPage.preload },
  // the phone's bottom bar has room for two characters a tab
  { key: 'party', label: 'pw_navShort', shell: 'resident', visible: (can) => can('partywork.serve'), render: ({ me }) => <MemberPage me={me} />, preload: MemberPage.preload },
  { key: 'party-work', label: 'pw_navGrid', shell: 'staff', visible: (can) => can('partywork.tasks') || can('partywork.review'), render: ({ me }) => <GridPage me={me} />, preload: GridPage.preload },
  // 党建工作台: leaders, the command room, township and community staff and the administrator read the area's
  // party work (trend, members, branches, tasks, rankings); grid workers keep their tasks page (rankings in it)
  { key: 'party-rankings', label: 'pwc_nav', shell: 'staff', visible: (can) => can('partywork.read') && !can('partywork.review'), render: ({ me }) => <ConsolePage me={me} />, preload: ConsolePage.preload },
];
