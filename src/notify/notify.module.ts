/** The notify module: tasks, escalations, deadlines and alarms to the people responsible (SMS, DingTalk, the bell). */
import { defineModule } from '../platform/module.ts';
import { NOTIFY_PERMISSIONS } from './notify.permissions.ts';
import { notifyClockJob } from './deadline-warnings.ts';
import { NotifyService } from './notify.service.ts';
import { notifyRoutes } from './notify.routes.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    notify: NotifyService;
  }
}

export const notifyModule = defineModule({
  name: 'notify',
  permissions: NOTIFY_PERMISSIONS,
  needs: ['people', 'cases'], // cases: its query functions (caseFacts) for the notices' facts
  build({ platform, use }) {
    const notify = new NotifyService(platform, use('users'), use('sms'));
    // its reactions are lists of event types (every case step, every alarm step), so it subscribes them itself
    notify.subscribe();
    return { notify };
  },
  // deadline warnings (75 % and expiry), messages held back by quiet hours or a failure
  jobs: ({ notify }, { platform }) => notifyClockJob(platform, notify),
  routes: (app, { notify }) => app.register(notifyRoutes, { notify }),
});
