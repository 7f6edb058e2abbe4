/** 微改革金点子 and village polls (issue 20 item 3): ideas, supports, public outcomes, progress, 改革体验员; polls with secret ballots and paper counts. */
import { HouseholdRoster } from '../households/index.ts';
import { defineModule } from '../platform/module.ts';
import { IDEAS_ERRORS } from './ideas.errors.ts';
import { IDEAS_PERMISSIONS } from './ideas.permissions.ts';
import { ideasRoutes } from './ideas.routes.ts';
import { IdeasService } from './ideas.service.ts';
import { PollsService } from './polls.service.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    ideas: IdeasService;
    polls: PollsService;
  }
}

/** Ideas past their support deadline go to review; late answers are flagged for the staff's list. */
export const IDEAS_SWEEP_JOB = 'ideas.sweep';
/** Polls past their closing time are closed: turnout and result published. */
export const POLLS_CLOSE_JOB = 'ideas.close_polls';

export const ideasModule = defineModule({
  name: 'ideas',
  permissions: IDEAS_PERMISSIONS,
  errors: IDEAS_ERRORS,
  needs: ['regions', 'people', 'households'],
  build: ({ platform, use }) => {
    const regions = use('regions');
    const ideas = new IdeasService(platform, use('households'), use('users'), regions);
    const polls = new PollsService(platform, use('households'), new HouseholdRoster(platform), use('users'), regions);
    platform.media.registerOwner('ideas', (id) => ideas.photoReaders(id));
    return { ideas, polls };
  },
  jobs: ({ ideas, polls }, { platform }) => {
    platform.scheduler.every(IDEAS_SWEEP_JOB, { intervalMs: 60_000 }, () => ideas.sweep());
    platform.scheduler.every(POLLS_CLOSE_JOB, { intervalMs: 60_000 }, () => polls.closeDue());
  },
  routes: (app, { ideas, polls }) => app.register(ideasRoutes, { ideas, polls }),
});
