/**
 * The party-work module (党建, issue 17): the register of members and branches, 联户/联楼/联事 tasks,
 * visit logs (走亲打卡) and their review into party service points. The indices, rankings and screens
 * are later slices; they read the events emitted here and the points ledger.
 */
import { defineModule } from '../platform/module.ts';
import { PARTYWORK_ERRORS } from './partywork.errors.ts';
import { PARTYWORK_PERMISSIONS } from './partywork.permissions.ts';
import { partyworkRoutes } from './partywork.routes.ts';
import { RegisterService } from './register.service.ts';
import { TasksService } from './tasks.service.ts';
import { VisitsService } from './visits.service.ts';
import { photoReaders } from './work.repository.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    partyRegister: RegisterService;
    partyTasks: TasksService;
    partyVisits: VisitsService;
  }
}

export const partyworkModule = defineModule({
  name: 'partywork',
  permissions: PARTYWORK_PERMISSIONS,
  errors: PARTYWORK_ERRORS,
  needs: ['regions', 'people', 'households', 'points'],
  build: ({ platform, use }) => {
    const users = use('users');
    const partyRegister = new RegisterService(platform, users, use('regions'));
    const partyTasks = new TasksService(platform, partyRegister, use('households'), users);
    const partyVisits = new VisitsService(platform, partyRegister, use('points'), users);
    // a visit's photo: staff of the log's area and its member
    platform.media.registerOwner('partywork', (id) => photoReaders(platform.db, id));
    return { partyRegister, partyTasks, partyVisits };
  },
  routes: (app, { partyRegister, partyTasks, partyVisits }) => app.register(partyworkRoutes, { register: partyRegister, tasks: partyTasks, visits: partyVisits }),
});
