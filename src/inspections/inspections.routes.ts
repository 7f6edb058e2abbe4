/** Reservoir inspections (一键巡库) for the staff phone view. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import type { InspectionsService } from './inspections.service.ts';
import { Items } from '../platform/contract.ts';
import { Inspection, InspectionItem, InspectionSummary, ItemCase, TrackAnswer } from './inspections.contract.ts';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const IdItem = Type.Object({ id: Type.String({ format: 'uuid' }), item: Type.String({ maxLength: 24 }) });

export const inspectionsRoutes: RoutesPlugin<{ inspections: InspectionsService }> = async (app, { inspections }) => {
  app.post('/api/inspections', {
    config: { access: { permission: 'cases.report' } },
    schema: {
      tags: ['inspections'], summary: 'Start an inspection of a reservoir (一键巡库): the checklist and the latest readings',
      body: Type.Object({ assetId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }), response: { 200: Inspection, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => inspections.start(requireActor(req.actor), req.body.assetId));

  app.get('/api/inspections', {
    config: { access: 'authenticated' },
    schema: { tags: ['inspections'], summary: 'Recent inspections of the caller\'s area', querystring: Type.Object({ assetId: Type.Optional(Type.String({ format: 'uuid' })) }), response: { 200: Items(InspectionSummary), ...errorResponses(401) } },
  }, async (req) => ({ items: await inspections.list(requireActor(req.actor), { assetId: req.query.assetId }) }));

  app.get('/api/inspections/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['inspections'], summary: 'An inspection with its checklist, track and the reservoir\'s latest readings', params: Id, response: { 200: Inspection, ...errorResponses(401, 404) } },
  }, async (req) => inspections.get(requireActor(req.actor), req.params.id));

  app.post('/api/inspections/:id/track', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['inspections'], summary: 'GPS points of the walk (WGS-84, ms timestamps)', params: Id,
      body: Type.Object({ points: Type.Array(Type.Object({ lon: Type.Number(), lat: Type.Number(), ts: Type.Optional(Type.Integer()) }, { additionalProperties: false }), { maxItems: 500 }) }, { additionalProperties: false }),
      response: { 200: TrackAnswer, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => inspections.addTrack(requireActor(req.actor), req.params.id, req.body.points));

  app.put('/api/inspections/:id/items/:item', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['inspections'], summary: 'Mark a checklist item 正常 (ok) or 异常 (failed, with a note) and its photos', params: IdItem,
      body: Type.Object({
        result: Type.Union([Type.Literal('ok'), Type.Literal('failed')]), note: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
        media: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 9 })),
      }, { additionalProperties: false }),
      response: { 200: InspectionItem, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => inspections.check(requireActor(req.actor), req.params.id, req.params.item, req.body));

  app.post('/api/inspections/:id/items/:item/case', {
    config: { access: 'authenticated' },
    schema: { tags: ['inspections'], summary: 'Open a case (1202 水库隐患) for a failed item, once', params: IdItem, response: { 200: ItemCase, ...errorResponses(401, 403, 404, 409, 422) } },
  }, async (req) => inspections.openCase(requireActor(req.actor), req.params.id, req.params.item));

  app.post('/api/inspections/:id/finish', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['inspections'], summary: 'Finish the inspection (every item checked)', params: Id,
      body: Type.Optional(Type.Object({ note: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])) }, { additionalProperties: false })),
      response: { 200: Inspection, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => inspections.finish(requireActor(req.actor), req.params.id, req.body?.note));
};
