/**
 * The area indices (网格服务力, 物业服务力, 机关党组织小区服务力): rankings with each unit's breakdown, the
 * formulas' versions, and the party organisations that 下沉 to a community with the services they log.
 */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import type { AreaIndexService } from './area-index.service.ts';
import {
  AreaFormulaAnswer, AreaKindSchema, AreaRanking, OrganisationFormulaParams, OrgServiceLogged, OrgServicePage, PeriodKindSchema, RatingFormulaParams,
  ServiceOrgKindSchema, ServiceOrgList, ServiceOrgView,
} from './partywork.contract.ts';

const RegionCode = Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });

export const areaIndexRoutes: RoutesPlugin<{ areas: AreaIndexService }> = async (app, { areas }) => {
  app.get('/api/partywork/area-indices', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'Grids (网格服务力), property companies per village (物业服务力) or 下沉 party organisations (机关党组织小区服务力) by index in a week, month or year, each with its breakdown, inside the caller\'s area',
      querystring: Type.Object({
        kind: AreaKindSchema, region: Type.Optional(RegionCode), period: PeriodKindSchema, start: Type.Optional(Day),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
      }, { additionalProperties: false }),
      response: { 200: AreaRanking, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => areas.ranking(requireActor(req.actor), req.query));

  const FormulaPath = Type.Object({ kind: AreaKindSchema, regionCode: RegionCode });
  app.get('/api/partywork/area-formula/:kind/:regionCode', {
    config: { access: { permission: 'partywork.read' } },
    schema: { tags: ['partywork'], summary: 'The area formula of a kind in force for a place, and its versions', params: FormulaPath, response: { 200: AreaFormulaAnswer, ...errorResponses(400, 401, 403) } },
  }, async (req) => areas.formula(requireActor(req.actor), req.params.kind, req.params.regionCode));

  app.put('/api/partywork/area-formula/:kind/:regionCode', {
    config: { access: { permission: 'partywork.manage' } },
    schema: {
      tags: ['partywork'], summary: 'A new version of an area formula for the units under a region: the open periods are recomputed with it, closed ones keep theirs',
      params: FormulaPath, body: Type.Object({ params: Type.Union([RatingFormulaParams, OrganisationFormulaParams]), note: Type.Optional(Text(200)) }, { additionalProperties: false }),
      response: { 200: AreaFormulaAnswer, ...errorResponses(400, 401, 403, 422) },
    },
  }, async (req) => areas.putFormula(requireActor(req.actor), req.params.kind, req.params.regionCode, req.body.params, req.body.note));

  app.get('/api/partywork/service-orgs', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'The party organisations that 下沉 to the villages and communities of the caller\'s area (or of `region`)',
      querystring: Type.Object({ region: Type.Optional(RegionCode) }, { additionalProperties: false }), response: { 200: ServiceOrgList, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => areas.listOrgs(requireActor(req.actor), req.query.region));

  app.post('/api/partywork/service-orgs', {
    config: { access: { permission: 'partywork.manage' } },
    schema: {
      tags: ['partywork'], summary: 'Pair a machine or enterprise party organisation with a village or community (下沉), with its contact',
      body: Type.Object({
        name: Text(80), kind: ServiceOrgKindSchema, regionCode: RegionCode, contactName: Text(40), contactPhone: Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }),
      }, { additionalProperties: false }),
      response: { 201: ServiceOrgView, ...errorResponses(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await areas.registerOrg(requireActor(req.actor), req.body)));

  app.get('/api/partywork/service-orgs/:id/services', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'A 下沉 organisation\'s logged services, newest first, and whether each solved a problem',
      params: Type.Object({ id: Uuid }), querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }),
      response: { 200: OrgServicePage, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => areas.services(requireActor(req.actor), req.params.id, req.query.limit));

  app.post('/api/partywork/service-orgs/:id/services', {
    config: { access: { permission: 'partywork.tasks' } },
    schema: {
      tags: ['partywork'], summary: 'Log a service the organisation did in its community (staff there): the day, what was done, households served, the case it solved or a mark; the client\'s id makes a retry one record',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({
        id: Uuid, servedOn: Day, what: Text(500), households: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
        caseId: Type.Optional(Uuid), solved: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: OrgServiceLogged, 201: OrgServiceLogged, ...errorResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const r = await areas.logService(requireActor(req.actor), req.params.id, req.body);
    return reply.code(r.existed ? 200 : 201).send(r);
  });
};
