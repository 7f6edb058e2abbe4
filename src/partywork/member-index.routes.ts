/** The party-member index (党员服务力): a member's index with its breakdown, the rankings, the formula's versions, deductions, the rankings' switch. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import type { MemberIndexService } from './member-index.service.ts';
import { FormulaAnswer, FormulaParams, MemberIndexPage, PeriodKindSchema, Ranking, RankingSwitch } from './partywork.contract.ts';

const RegionCode = Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const History = Type.Object({ period: Type.Optional(PeriodKindSchema), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })) }, { additionalProperties: false });

export const memberIndexRoutes: RoutesPlugin<{ index: MemberIndexService }> = async (app, { index }) => {
  app.get('/api/me/partywork/index', {
    config: { access: { permission: 'partywork.serve' } },
    schema: { tags: ['partywork'], summary: 'My 党员服务力 index per period, newest first, with its breakdown and the formula version each used', querystring: History, response: { 200: MemberIndexPage, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => {
    const actor = requireActor(req.actor);
    return index.ofMember(actor, actor.id, req.query.period, req.query.limit);
  });

  app.get('/api/partywork/members/:userId/index', {
    config: { access: { permission: 'partywork.read' } },
    schema: { tags: ['partywork'], summary: 'A member\'s 党员服务力 index per period with its breakdown (staff of their area)', params: Type.Object({ userId: Uuid }), querystring: History, response: { 200: MemberIndexPage, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => index.ofMember(requireActor(req.actor), req.params.userId, req.query.period, req.query.limit));

  app.get('/api/partywork/rankings', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'Members by index (names masked) and branches by average for an area — a street, a community (`region`) or a branch — in a week, month or year; only branches where the area shows aggregates only',
      querystring: Type.Object({
        region: Type.Optional(RegionCode), branchId: Type.Optional(Uuid), period: PeriodKindSchema,
        /** the period's first day (Monday, the 1st, 1 January); the current one when left out */
        start: Type.Optional(Day), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
      }, { additionalProperties: false }),
      response: { 200: Ranking, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => index.rankings(requireActor(req.actor), req.query));

  app.put('/api/partywork/rankings/switch/:regionCode', {
    config: { access: { permission: 'partywork.manage' } },
    schema: {
      tags: ['partywork'], summary: 'Show only branch aggregates in an area\'s rankings, never individuals (or members too again); its places inherit it',
      params: Type.Object({ regionCode: RegionCode }), body: Type.Object({ aggregatesOnly: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: RankingSwitch, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => index.putRankingSwitch(requireActor(req.actor), req.params.regionCode, req.body.aggregatesOnly));

  app.get('/api/partywork/formula/:regionCode', {
    config: { access: { permission: 'partywork.read' } },
    schema: { tags: ['partywork'], summary: 'The member formula in force for a place and its versions', params: Type.Object({ regionCode: RegionCode }), response: { 200: FormulaAnswer, ...errorResponses(400, 401, 403) } },
  }, async (req) => index.formula(requireActor(req.actor), req.params.regionCode));

  app.put('/api/partywork/formula/:regionCode', {
    config: { access: { permission: 'partywork.manage' } },
    schema: {
      tags: ['partywork'], summary: 'A new version of the member formula for the members under a region: the open periods are recomputed with it, closed ones keep theirs',
      params: Type.Object({ regionCode: RegionCode }), body: Type.Object({ params: FormulaParams, note: Type.Optional(Text(200)) }, { additionalProperties: false }),
      response: { 200: FormulaAnswer, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => index.putFormula(requireActor(req.actor), req.params.regionCode, req.body.params, req.body.note));

  app.post('/api/partywork/members/:userId/deductions', {
    config: { access: { permission: 'partywork.manage' } },
    schema: {
      tags: ['partywork'], summary: 'A deduction the member\'s branch decided (十个不), with its reason; the client\'s id makes a retry one deduction',
      params: Type.Object({ userId: Uuid }), body: Type.Object({ id: Uuid, points: Type.Integer({ minimum: 1, maximum: 100 }), reason: Text(200) }, { additionalProperties: false }),
      response: { 200: MemberIndexPage, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => index.deduct(requireActor(req.actor), req.params.userId, req.body));
};
