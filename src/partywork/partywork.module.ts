/**
 * The party-work module (党建, issue 17): the register of members and branches, 联户/联楼/联事 tasks,
 * visit logs (走亲打卡) and their review into party service points. The indices, rankings and screens
 * are later slices; they read the events emitted here and the points ledger.
 */
import { defineModule } from '../platform/module.ts';
import { PARTYWORK_ERRORS } from './partywork.errors.ts';
import { PARTYWORK_PERMISSIONS } from './partywork.permissions.ts';
import { partyworkRoutes } from './partywork.routes.ts';
import { LogCasesService } from './log-case.service.ts';
import { RegisterService } from './register.service.ts';
import { TasksService } from './tasks.service.ts';
import { VisitsService } from './visits.service.ts';
import { photoReaders } from './work.repository.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    partyRegister: RegisterService;
    partyTasks: TasksService;
    partyVisits: VisitsService;
    partyLogCases: LogCasesService;
  }
}

export const partyworkModule = defineModule({
  name: 'partywork',
  permissions: PARTYWORK_PERMISSIONS,
  errors: PARTYWORK_ERRORS,
  needs: ['regions', 'people', 'cases', 'households', 'points'],
  build: ({ platform, use }) => {
    const users = use('users');
    const partyRegister = new RegisterService(platform, users, use('regions'));
    const partyTasks = new TasksService(platform, partyRegister, use('households'), users);
    const partyVisits = new VisitsService(platform, partyRegister, use('points'), users);
    // a visit's photo: staff of the log's area and its member
    platform.media.registerOwner('partywork', (id) => photoReaders(platform.db, id));
    // a log opens a case through the cases module's command for sources (one tap, once)
    const partyLogCases = new LogCasesService(platform, use('sourceCases'), partyVisits);
    return { partyRegister, partyTasks, partyVisits, partyLogCases };
  },
  routes: (app, { partyRegister, partyTasks, partyVisits, partyLogCases }) => app.register(partyworkRoutes, { register: partyRegister, tasks: partyTasks, visits: partyVisits, logCases: partyLogCases }),
});
