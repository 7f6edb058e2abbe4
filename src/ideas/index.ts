/** 微改革金点子 and village polls: the public surface other modules import. */
export { IdeasService, IDEA_DEFAULTS } from './ideas.service.ts';
export { PollsService } from './polls.service.ts';
export { ideasRoutes } from './ideas.routes.ts';
export { ANSWER_DAYS, IDEA_STATES, type IdeaState, type Outcome } from './idea-machine.ts';
export type { IdeaDetail, IdeaView, PollView, OutcomeFigures } from './ideas.contract.ts';
