/** Rankings and 红黑榜: a live ranking, the areas' thresholds and switch, published lists with their hash, 公示, objections, 复核; and my points about to expire. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import type { ExpiryService } from './expiry.service.ts';
import { ExpiringView, RankingView, RankLedgerSchema, RankListSummary, RankListView, RankPeriodSchema, RankSettingsView, RankVerifyView, ThresholdsSchema } from './rankings.contract.ts';
import type { RankingsService } from './rankings.service.ts';

const RegionCode = Type.String({ pattern: '^\\d{6}(\\d{3}){0,4}$', maxLength: 18 });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Reason = Type.String({ minLength: 2, maxLength: 500, pattern: '\\S' });
const Id = Type.Object({ id: Uuid });

export const rankingsRoutes: RoutesPlugin<{ rankings: RankingsService; expiry: ExpiryService }> = async (app, { rankings, expiry }) => {
  app.get('/api/points/rankings', {
    config: { access: { permission: 'points.read' } },
    schema: {
      tags: ['points'], summary: 'A ranking of a village, grid or township in a week, month or year — households by points earned, or grid workers by service (满意) — from the rollup, with 红榜/黑榜 marks and aggregates; only aggregates where the area\'s switch says so',
      querystring: Type.Object({
        region: RegionCode, ledger: Type.Optional(RankLedgerSchema), period: RankPeriodSchema, start: Type.Optional(Day),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
      }, { additionalProperties: false }),
      response: { 200: RankingView, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => rankings.ranking(requireActor(req.actor), req.query));

  app.get('/api/points/rankings/settings/:regionCode', {
    config: { access: { permission: 'points.read' } },
    schema: { tags: ['points'], summary: 'The public 红榜/黑榜 thresholds of an area and its aggregates-only switch', params: Type.Object({ regionCode: RegionCode }), response: { 200: RankSettingsView, ...errorResponses(400, 401, 403) } },
  }, async (req) => rankings.settings(requireActor(req.actor), req.params.regionCode));

  app.put('/api/points/rankings/settings/:regionCode', {
    config: { access: { permission: 'points.manage' } },
    schema: {
      tags: ['points'], summary: 'Set an area\'s public thresholds and/or show only aggregates (no household or person ranked); its places inherit them',
      params: Type.Object({ regionCode: RegionCode }),
      body: Type.Object({ aggregatesOnly: Type.Optional(Type.Boolean()), thresholds: Type.Optional(ThresholdsSchema) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: RankSettingsView, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => rankings.putSettings(requireActor(req.actor), req.params.regionCode, req.body));

  app.post('/api/points/rankings/lists', {
    config: { access: { permission: 'points.manage' } },
    schema: {
      tags: ['points'], summary: 'Publish the 红黑榜 of an area for a closed period: a snapshot with its SHA-256, on 公示; publishing again answers the list that stands',
      body: Type.Object({ regionCode: RegionCode, ledger: Type.Optional(RankLedgerSchema), period: RankPeriodSchema, start: Day }, { additionalProperties: false }),
      response: { 200: Type.Object({ created: Type.Boolean(), list: RankListView }), ...errorResponses(400, 401, 403, 409) },
    },
  }, async (req) => rankings.publish(requireActor(req.actor), req.body));

  app.get('/api/points/rankings/lists', {
    config: { access: { permission: 'points.read' } },
    schema: {
      tags: ['points'], summary: 'The published lists of the caller\'s area (or of one area in it), newest first',
      querystring: Type.Object({ region: Type.Optional(RegionCode), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(RankListSummary) }), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => rankings.lists(requireActor(req.actor), req.query));

  app.get('/api/points/rankings/lists/:id', {
    // staff of the area, and the people who live there (the list is on 公示 for them): the service checks
    config: { access: 'authenticated' },
    schema: { tags: ['points'], summary: 'A published 红黑榜 with its entries (or aggregates only), hash and 公示 status', params: Id, response: { 200: RankListView, ...errorResponses(400, 401, 404) } },
  }, async (req) => rankings.get(requireActor(req.actor), req.params.id));

  app.get('/api/points/rankings/lists/:id/verify', {
    config: { access: 'authenticated' },
    schema: { tags: ['points'], summary: 'Recompute a published list from the ledger: the hash now, the hash of what is stored, and where they differ', params: Id, response: { 200: RankVerifyView, ...errorResponses(400, 401, 404) } },
  }, async (req) => rankings.verify(requireActor(req.actor), req.params.id));

  app.post('/api/points/rankings/lists/:id/objections', {
    config: { access: 'authenticated' },
    schema: { tags: ['points'], summary: '异议: a resident of the area objects to a list on 公示; the township decides', params: Id, body: Type.Object({ reason: Reason }, { additionalProperties: false }), response: { 200: RankListView, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => rankings.object(requireActor(req.actor), req.params.id, req.body.reason));

  app.post('/api/points/rankings/lists/:id/recheck', {
    config: { access: { permission: 'points.recheck' } },
    schema: {
      tags: ['points'], summary: '复核 of an objection to a list (the township): uphold it or withdraw the list', params: Id,
      body: Type.Object({ decision: Type.Union([Type.Literal('uphold'), Type.Literal('overturn')]), reason: Reason }, { additionalProperties: false }),
      response: { 200: RankListView, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => rankings.recheck(requireActor(req.actor), req.params.id, req.body));

  app.get('/api/me/points/expiring', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['points'], summary: '我的积分: how many of my points expire next and on which day (points earned in a year expire at the end of the next year, oldest spent first)',
      querystring: Type.Object({ ledger: Type.Optional(RankLedgerSchema) }, { additionalProperties: false }),
      response: { 200: ExpiringView, ...errorResponses(400, 401) },
    },
  }, async (req) => expiry.upcoming(requireActor(req.actor).id, req.query.ledger));
};
