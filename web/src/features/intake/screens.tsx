/** Reporting (随手拍), asking (咨询) and my reports: staff with the report feature and every resident. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const TasksPage = lazyPage(() => import('../cases/TasksPage.tsx'), 'TasksPage');
const ReportPage = lazyPage(() => import('./ReportPage.tsx'), 'ReportPage');

export const intakeScreens: Screen[] = [
  { key: 'report', label: 'navReport', shell: 'both', visible: (_can, has) => has('report'), render: ({ me, go }) => <ReportPage me={me} mode="problem" onDone={() => go(me.kind === 'staff' ? 'reports' : '')} />, preload: ReportPage.preload },
  { key: 'ask', label: 'navAsk', shell: 'both', visible: (_can, has) => has('report'), render: ({ me, go }) => <ReportPage me={me} mode="question" onDone={() => go(me.kind === 'staff' ? 'reports' : '')} />, preload: ReportPage.preload },
  // residents find their reports on their home page
  { key: 'reports', label: 'myReports', shell: 'staff', visible: (_can, has) => has('report'), render: () => <TasksPage mode="reports" />, preload: TasksPage.preload },
];
