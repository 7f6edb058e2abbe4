/** The cases feature's screens: the command room's queue, the field's tasks. */
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';

const CasesPage = lazyPage(() => import('./CasesPage.tsx'), 'CasesPage');
const TasksPage = lazyPage(() => import('./TasksPage.tsx'), 'TasksPage');

export const casesScreens: Screen[] = [
  { key: 'cases', label: 'cases', shell: 'staff', visible: (_can, has) => has('cases'), render: () => <CasesPage />, preload: CasesPage.preload },
  { key: 'tasks', label: 'myTasks', shell: 'staff', visible: (_can, has) => has('tasks'), render: () => <TasksPage mode="tasks" />, preload: TasksPage.preload },
];
