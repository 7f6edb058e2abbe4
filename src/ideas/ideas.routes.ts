/** The ideas' and polls' routes: the villager's 金点子 and 村里投票, the console's queue, progress, officers and polls. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { Answer, Ballot, IdeaDetail, IdeaPage, IdeaStateSchema, Milestone, ModeSchema, NewIdea, NewPoll, OutcomeFigures, PaperEntry, PollView, Rating, RegionCode, SimilarIdeas, VotedRoll } from './ideas.contract.ts';
import type { IdeasService } from './ideas.service.ts';
import type { PollsService } from './polls.service.ts';

const Id = Type.Object({ id: Uuid });
const Page = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })) };

export const ideasRoutes: RoutesPlugin<{ ideas: IdeasService; polls: PollsService }> = async (app, { ideas, polls }) => {
  // ——— 金点子 ———
  app.get('/api/ideas', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['ideas'], summary: '金点子: my village\'s and township\'s ideas (a resident) or a region\'s (staff), what waits for an answer first',
      querystring: Type.Object({ region: Type.Optional(RegionCode), state: Type.Optional(IdeaStateSchema), overdue: Type.Optional(Type.Boolean()), mine: Type.Optional(Type.Boolean()), ...Page }, { additionalProperties: false }),
      response: { 200: IdeaPage, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => ideas.list(requireActor(req.actor), req.query));

  app.get('/api/ideas/similar', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['ideas'], summary: 'Ideas of the area that read like this text (pg_trgm similarity): the hint while typing a new one',
      querystring: Type.Object({ text: Type.String({ maxLength: 200 }), region: Type.Optional(RegionCode) }, { additionalProperties: false }),
      response: { 200: SimilarIdeas, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => ideas.similar(requireActor(req.actor), req.query));

  app.get('/api/ideas/outcomes', {
    config: { access: { permission: 'ideas.manage' } },
    schema: {
      tags: ['ideas'], summary: 'Does every idea get a public outcome? The area\'s figure (answered of those past collecting) and the late answers',
      querystring: Type.Object({ region: RegionCode }, { additionalProperties: false }),
      response: { 200: OutcomeFigures, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => ideas.outcomes(requireActor(req.actor), req.query.region));

  app.post('/api/ideas', {
    config: { access: { permission: 'ideas.take_part' } },
    schema: { tags: ['ideas'], summary: '我有金点子: propose an idea for my village (or township), with photos and a place', body: NewIdea, response: { 201: IdeaDetail, ...errorResponses(400, 401, 403, 422) } },
  }, async (req, reply) => reply.status(201).send(await ideas.propose(requireActor(req.actor), req.body)));

  app.get('/api/ideas/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['ideas'], summary: 'An idea: supports, the public answer, progress and milestones, the officers\' ratings', params: Id, response: { 200: IdeaDetail, ...errorResponses(400, 401, 404) } },
  }, async (req) => ideas.detail(requireActor(req.actor), req.params.id));

  app.post('/api/ideas/:id/supports', {
    config: { access: { permission: 'ideas.take_part' } },
    schema: { tags: ['ideas'], summary: 'Support an idea (one per person or household; before its deadline)', params: Id, response: { 201: IdeaDetail, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.status(201).send(await ideas.support(requireActor(req.actor), req.params.id)));

  app.post('/api/ideas/:id/ratings', {
    config: { access: 'authenticated' },
    schema: { tags: ['ideas'], summary: '改革体验员: rate the result of a done idea once (1–5 stars, a comment)', params: Id, body: Rating, response: { 200: IdeaDetail, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => ideas.rate(requireActor(req.actor), req.params.id, req.body));

  app.post('/api/ideas/:id/answer', {
    config: { access: { permission: 'ideas.manage' } },
    schema: { tags: ['ideas'], summary: 'The public answer: adopted, not adopted or merged into another idea — always with a reason', params: Id, body: Answer, response: { 200: IdeaDetail, ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (req) => ideas.answer(requireActor(req.actor), req.params.id, req.body));

  app.post('/api/ideas/:id/milestones', {
    config: { access: { permission: 'ideas.manage' } },
    schema: { tags: ['ideas'], summary: 'A progress milestone of an adopted idea (percent never goes down; 100 % is done)', params: Id, body: Milestone, response: { 201: IdeaDetail, ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (req, reply) => reply.status(201).send(await ideas.addMilestone(requireActor(req.actor), req.params.id, req.body)));

  app.post('/api/ideas/:id/officers', {
    config: { access: { permission: 'ideas.manage' } },
    schema: {
      tags: ['ideas'], summary: 'Name a resident of the area 改革体验员 of an adopted idea', params: Id,
      body: Type.Object({ userId: Uuid }, { additionalProperties: false }), response: { 200: IdeaDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => ideas.nameOfficer(requireActor(req.actor), req.params.id, req.body.userId));

  app.patch('/api/ideas/:id/settings', {
    config: { access: { permission: 'ideas.manage' } },
    schema: {
      tags: ['ideas'], summary: 'While it collects: the support threshold, the deadline, one support per person or per household', params: Id,
      body: Type.Object({ threshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), supportMode: Type.Optional(ModeSchema), supportDeadline: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: IdeaDetail, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => ideas.configure(requireActor(req.actor), req.params.id, req.body));

  // ——— 村里投票 ———
  app.get('/api/polls', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['ideas'], summary: '村里投票: my village\'s polls (a resident) or a region\'s (staff); results only after close',
      querystring: Type.Object({ region: Type.Optional(RegionCode) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(PollView) }), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => polls.list(requireActor(req.actor), req.query));

  app.post('/api/polls', {
    config: { access: { permission: 'ideas.manage' } },
    schema: { tags: ['ideas'], summary: 'Create a village poll: options, single or approval, per person or household, open and close times', body: NewPoll, response: { 201: PollView, ...errorResponses(400, 401, 403, 422) } },
  }, async (req, reply) => reply.status(201).send(await polls.create(requireActor(req.actor), req.body)));

  app.get('/api/polls/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['ideas'], summary: 'A poll: turnout so far; the result after close', params: Id, response: { 200: PollView, ...errorResponses(400, 401, 404) } },
  }, async (req) => polls.get(requireActor(req.actor), req.params.id));

  app.post('/api/polls/:id/ballots', {
    config: { access: { permission: 'ideas.take_part' } },
    schema: { tags: ['ideas'], summary: 'Vote (secret: the roll and the ballot are kept apart); one ballot per person or household', params: Id, body: Ballot, response: { 201: PollView, ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (req, reply) => reply.status(201).send(await polls.vote(requireActor(req.actor), req.params.id, req.body)));

  app.post('/api/polls/:id/paper', {
    config: { access: { permission: 'ideas.count_paper' } },
    schema: { tags: ['ideas'], summary: 'Paper ballots: a batch\'s counts, entered by two different clerks who must agree', params: Id, body: PaperEntry, response: { 200: PollView, ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (req) => polls.enterPaper(requireActor(req.actor), req.params.id, req.body));

  app.get('/api/polls/:id/voted-roll', {
    config: { access: { permission: 'ideas.voted_roll' } },
    schema: {
      tags: ['ideas'], summary: 'Who already voted on the phone (names masked; per household, the household): the clerks cross them off before handing out paper ballots. Never what anyone chose',
      params: Id, response: { 200: VotedRoll, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => polls.votedRoll(requireActor(req.actor), req.params.id));

  app.post('/api/polls/:id/close', {
    config: { access: { permission: 'ideas.manage' } },
    schema: { tags: ['ideas'], summary: 'Close a poll now: turnout and the result are published', params: Id, response: { 200: PollView, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => (await polls.close(requireActor(req.actor), req.params.id))!);
};
