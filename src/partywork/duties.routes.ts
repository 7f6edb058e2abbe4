/** Party work's duties: exemptions (免) and their approval above, overdue reviews, targets, reminders to secretaries, monthly summaries. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { DutyList, DutyView, ExemptionList, ExemptionStatusSchema, ExemptionView, MyDuties, OverdueReviews, SummaryList, SummaryView, TargetRate, TargetsView } from './duties.contract.ts';
import type { DutiesService } from './duties.service.ts';
import type { ExemptionsService } from './exemptions.service.ts';
import type { SummariesService } from './summaries.service.ts';
import type { TargetsService } from './targets.service.ts';
import { notMember } from './tasks.service.ts';
import type { RegisterService } from './register.service.ts';
import { periodOf } from './periods.ts';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const RegionCode = Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' });
const Day = Type.String({ format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const RegionQuery = Type.Object({ region: Type.Optional(RegionCode) }, { additionalProperties: false });

export interface DutiesDeps { register: RegisterService; exemptions: ExemptionsService; duties: DutiesService; targets: TargetsService; summaries: SummariesService }

export const dutiesRoutes: RoutesPlugin<DutiesDeps> = async (app, { register, exemptions, duties, targets, summaries }) => {
  // ——— exemptions ———
  app.post('/api/partywork/members/:userId/exemptions', {
    config: { access: { permission: 'partywork.manage' } },
    schema: {
      tags: ['partywork'], summary: 'Record the branch\'s decision to exempt a member (ill, elderly, working away): it counts once the township or street above approves it',
      params: Type.Object({ userId: Uuid }),
      body: Type.Object({ reason: Text(200), decidedOn: Day, until: Type.Optional(Type.Union([Day, Type.Null()])) }, { additionalProperties: false }),
      response: { 201: ExemptionView, ...errorResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await exemptions.record(requireActor(req.actor), req.params.userId, req.body)));

  app.get('/api/partywork/exemptions', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'The area\'s exemptions, newest first; `status=pending` is the approvals waiting',
      querystring: Type.Object({ region: Type.Optional(RegionCode), status: Type.Optional(ExemptionStatusSchema), userId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 200: ExemptionList, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => exemptions.list(requireActor(req.actor), req.query));

  app.post('/api/partywork/exemptions/:id/decision', {
    config: { access: { permission: 'partywork.exempt_approve' } },
    schema: {
      tags: ['partywork'], summary: 'Approve or reject an exemption (a staff user of the township or street above the member\'s village; the village itself: 403)',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]), note: Type.Optional(Text(200)) }, { additionalProperties: false }),
      response: { 200: ExemptionView, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => exemptions.decide(requireActor(req.actor), req.params.id, req.body));

  // ——— reviews past 3 working days ———
  app.get('/api/partywork/reviews/overdue', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'The area\'s visit logs waiting for review more than 3 working days, with when the community was told',
      querystring: RegionQuery, response: { 200: OverdueReviews, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => duties.overdue(requireActor(req.actor), req.query));

  // ——— targets ———
  app.get('/api/partywork/targets', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'This month\'s visits against the target per area and per member (households of active 联户 tasks × visits per household)',
      querystring: RegionQuery, response: { 200: TargetsView, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => targets.progress(requireActor(req.actor), req.query));

  app.put('/api/partywork/targets/:regionCode', {
    config: { access: { permission: 'partywork.manage' } },
    schema: {
      tags: ['partywork'], summary: 'Set the visits a household is owed a month in a township or village (its places inherit it)', params: Type.Object({ regionCode: RegionCode }),
      body: Type.Object({ visitsPerHousehold: Type.Integer({ minimum: 0, maximum: 31 }) }, { additionalProperties: false }),
      response: { 200: TargetRate, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => targets.putRate(requireActor(req.actor), req.params.regionCode, req.body.visitsPerHousehold));

  // ——— reminders to the branch secretary ———
  app.get('/api/partywork/duties', {
    config: { access: { permission: 'partywork.read' } },
    schema: { tags: ['partywork'], summary: 'The area\'s open reminders about members with no visit for 30 days', response: { 200: DutyList, ...errorResponses(401, 403) } },
  }, async (req) => duties.list(requireActor(req.actor)));

  app.post('/api/partywork/duties/:id/done', {
    config: { access: { permission: 'partywork.serve' } },
    schema: { tags: ['partywork'], summary: 'The branch secretary has looked after the member (their own reminders only)', params: Type.Object({ id: Uuid }), response: { 200: DutyView, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => duties.done(requireActor(req.actor), req.params.id));

  // ——— monthly summaries ———
  app.get('/api/partywork/branches/:id/summaries', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'A branch\'s monthly summaries and its members\', newest first', params: Type.Object({ id: Uuid }),
      response: { 200: Type.Object({ items: SummaryList.properties.items, members: Type.Array(SummaryView) }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => summaries.ofBranch(requireActor(req.actor), req.params.id));

  // ——— the member's page ———
  app.get('/api/me/partywork/duties', {
    config: { access: { permission: 'partywork.serve' } },
    schema: {
      tags: ['partywork'], summary: 'My exemption, my month against the target, my monthly reports (我的月报) and, for a branch secretary, the members to look after',
      response: { 200: MyDuties, ...errorResponses(401, 403) },
    },
  }, async (req) => {
    const actor = requireActor(req.actor);
    const me = await register.memberOf(actor.id);
    if (!me) throw notMember();
    const now = new Date();
    const secretary = me.posts.includes('branch_secretary');
    const [exemption, progress, reports, care] = await Promise.all([
      exemptions.latestOf(actor.id, now), targets.mine(actor.id, now), summaries.mine(actor.id), secretary ? duties.careOf(actor.id) : Promise.resolve([]),
    ]);
    return { exemption, progress, month: periodOf('month', now).start, summaries: reports, care, secretary };
  });
};
