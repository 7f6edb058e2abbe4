/** The cases feature's screens: the command room's queue, the field's tasks. */
import { CASE_STREAM_EVENTS } from '../../../../src/client-events.ts';
import { apiAnswer } from '../../shared/api.ts';
import { openLiveEarly } from '../../shared/live.ts';
import { prefetch } from '../../shared/prefetch.ts';
import type { Screen } from '../../shared/screens.ts';
import { lazyPage } from '../../shared/screens.ts';
import { queueUrl } from './queue-filter.ts';

const CasesPage = lazyPage(() => import('./CasesPage.tsx'), 'CasesPage');
const TasksPage = lazyPage(() => import('./TasksPage.tsx'), 'TasksPage');

export const casesScreens: Screen[] = [
  { key: 'cases', label: 'cases', shell: 'staff', visible: (_can, has) => has('cases'), render: () => <CasesPage />, preload: CasesPage.preload,
    // the first rows while the page's code loads; the stream opens from where they were read, so what changes
    // after them reaches the page when it is drawn
    prefetch: (me) => {
      if (!me.permissions.includes('events.stream')) return;
      const url = queueUrl({ states: [], levels: [], overdue: false });
      prefetch(url, apiAnswer(url).then(({ data, headers }) => {
        const head = headers.get('x-event-head');
        if (head) openLiveEarly('/api/events/stream', CASE_STREAM_EVENTS, head);
        return data;
      }));
    } },
  { key: 'tasks', label: 'myTasks', shell: 'staff', visible: (_can, has) => has('tasks'), render: () => <TasksPage mode="tasks" />, preload: TasksPage.preload },
];
