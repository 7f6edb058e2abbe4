/** The places module's routes: the tourist's public reads and 咨询, owners' listings, the village's approvals. */
import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { notFound } from '../platform/errors.ts';
import { AskAnswer, AskBody, GradeSchema, GuideBody, OwnerStart, GuideVillages, NewPlace, PlaceChange, PlaceKindSchema, PlacePage, PlaceStatusSchema, PlaceView, PublicPlace, PublicSearch, RejectBody, VillageGuide } from './places.contract.ts';
import type { PublicPlaces } from './places-public.ts';
import type { PlacesService } from './places.service.ts';

const Id = Type.Object({ id: Uuid });
const VillageCode = Type.String({ pattern: '^[0-9]{12}$' });
const RegionCode = Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,2}$' });
const Text = Type.String({ maxLength: 60 });
const Bbox = Type.String({ pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$', description: 'minLon,minLat,maxLon,maxLat (WGS-84)' });

export const placesRoutes: RoutesPlugin<{ places: PlacesService; publicPlaces: PublicPlaces; platform: Platform }> = async (app, { places, publicPlaces, platform }) => {
  // ——— the tourist's phone: no login ———
  app.get('/api/places/public/villages', {
    config: { access: 'public' },
    schema: { tags: ['places'], summary: '逛村子: the villages with published places', response: { 200: GuideVillages } },
  }, async () => publicPlaces.villages());

  app.get('/api/places/public/villages/:code', {
    config: { access: 'public' },
    schema: { tags: ['places'], summary: 'A village\'s introduction, outline and what it has to visit', params: Type.Object({ code: VillageCode }), response: { 200: VillageGuide, ...errorResponses(400, 404) } },
  }, async (req) => publicPlaces.guide(req.params.code));

  app.get('/api/places/public', {
    config: { access: 'public' },
    schema: {
      tags: ['places'], summary: 'Search the published places of a village or area: text (name, description), kinds, homestay grade, the map\'s bounds',
      querystring: Type.Object({
        region: RegionCode, q: Type.Optional(Text), kind: Type.Optional(Type.Array(PlaceKindSchema, { maxItems: 10 })), grade: Type.Optional(GradeSchema),
        bbox: Type.Optional(Bbox), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
      }, { additionalProperties: false }),
      response: { 200: PublicSearch, ...errorResponses(400) },
    },
  }, async (req) => {
    const { bbox, kind, ...q } = req.query;
    const box = bbox?.split(',').map(Number) as [number, number, number, number] | undefined;
    return publicPlaces.search({ ...q, kinds: kind, bbox: box && box.every(Number.isFinite) ? box : undefined });
  });

  app.get('/api/places/public/:id', {
    config: { access: 'public' },
    schema: { tags: ['places'], summary: 'A published place\'s page: photos, hours, tickets, grade, phone and booking link, its shop or products', params: Id, response: { 200: PublicPlace, ...errorResponses(400, 404) } },
  }, async (req) => publicPlaces.page(req.params.id));

  // photo bytes, not JSON: a handler of its own
  const sendPhoto = async (req: FastifyRequest<{ Params: { id: string; n: number }; Querystring: { full?: boolean } }>, reply: FastifyReply) => {
    const { file, mime } = await publicPlaces.photo(req.params.id, req.params.n, !!req.query.full);
    return sendFile(reply, file, mime);
  };
  const sendFile = (reply: FastifyReply, file: string, mime: string) => {
    if (!fs.existsSync(file)) throw notFound('PLACE_NOT_FOUND', 'The photo is missing');
    return reply.header('content-type', mime).header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff').send(fs.createReadStream(file));
  };
  app.get('/api/places/public/:id/photos/:n', {
    config: { access: 'public' },
    schema: {
      tags: ['places'], summary: 'A published place\'s n-th photo (a JPEG thumbnail ≤320 px; full=true: the photo)',
      params: Type.Object({ id: Uuid, n: Type.Integer({ minimum: 0, maximum: 8 }) }), querystring: Type.Object({ full: Type.Optional(Type.Boolean()) }), response: errorResponses(400, 404),
    },
  }, sendPhoto);

  app.get('/api/places/public/villages/:code/cover', {
    config: { access: 'public' },
    schema: {
      tags: ['places'], summary: 'A village\'s cover picture (a JPEG thumbnail ≤320 px; full=true: the picture)',
      params: Type.Object({ code: VillageCode }), querystring: Type.Object({ full: Type.Optional(Type.Boolean()), v: Type.Optional(Type.String({ maxLength: 64 })) }), response: errorResponses(400, 404),
    },
  }, async (req, reply) => {
    const { file, mime } = await publicPlaces.cover(req.params.code, !!req.query.full);
    return sendFile(reply, file, mime);
  });

  app.post('/api/places/public/:id/ask', {
    config: { access: { permission: 'cases.report' } },
    schema: {
      tags: ['places'], summary: '咨询 from a place\'s page: a question (1501) to the village with the place attached (its name, link and point)',
      params: Id, body: AskBody, response: { 201: AskAnswer, ...errorResponses(400, 401, 403, 404, 422, 429) },
    },
  }, async (req, reply) => {
    const actor = requireActor(req.actor);
    if (actor.kind !== 'staff') platform.limits.check({ ip: req.ip, person: actor.id });
    const origin = `${req.protocol}://${req.host}`;
    return reply.status(201).send(await publicPlaces.ask(actor, req.params.id, req.body, origin));
  });

  // ——— owners and the village's staff ———
  app.get('/api/places/mine', {
    config: { access: 'authenticated' },
    schema: { tags: ['places'], summary: 'The listings of my household and my organisations, with their status', response: { 200: PlacePage, ...errorResponses(401) } },
  }, async (req) => places.mine(requireActor(req.actor)));

  app.get('/api/places/mine/start', {
    config: { access: 'authenticated' },
    schema: { tags: ['places'], summary: 'Where I start a new listing: my household (its village, a point) and the kinds an owner lists', response: { 200: OwnerStart, ...errorResponses(401) } },
  }, async (req) => places.ownerStart(requireActor(req.actor)));

  app.get('/api/places/listings', {
    config: { access: { permission: 'places.manage' } },
    schema: {
      tags: ['places'], summary: 'The listings of an area (console): by kind, status, text; queue=true: what waits for approval',
      querystring: Type.Object({
        region: RegionCode, kind: Type.Optional(PlaceKindSchema), status: Type.Optional(PlaceStatusSchema), queue: Type.Optional(Type.Boolean()), q: Type.Optional(Text),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
      }, { additionalProperties: false }),
      response: { 200: PlacePage, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => places.list(requireActor(req.actor), req.query));

  app.post('/api/places/listings', {
    config: { access: 'authenticated' },
    schema: { tags: ['places'], summary: 'A new listing: an owner\'s for their household or organisation, or the village staff\'s (a draft, or sent for approval)', body: NewPlace, response: { 201: PlaceView, ...errorResponses(400, 401, 403, 422) } },
  }, async (req, reply) => reply.status(201).send(await places.create(requireActor(req.actor), req.body)));

  app.get('/api/places/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['places'], summary: 'A listing as its owner or the village\'s staff see it (status, pending revision, reasons)', params: Id, response: { 200: PlaceView, ...errorResponses(400, 401, 404) } },
  }, async (req) => places.get(requireActor(req.actor), req.params.id));

  app.patch('/api/places/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['places'], summary: 'Edit a listing (its owner or the village\'s staff; a published one\'s edit waits for approval while the published version stays)', params: Id, body: PlaceChange, response: { 200: PlaceView, ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (req) => places.update(requireActor(req.actor), req.params.id, req.body));

  app.post('/api/places/:id/submit', {
    config: { access: 'authenticated' },
    schema: { tags: ['places'], summary: 'Send a draft (or a rejected listing) for approval', params: Id, response: { 200: PlaceView, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => places.submit(requireActor(req.actor), req.params.id));

  app.post('/api/places/:id/approve', {
    config: { access: { permission: 'places.approve' } },
    schema: { tags: ['places'], summary: 'Publish a listing sent for approval, or a published listing\'s revision', params: Id, response: { 200: PlaceView, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => places.approve(requireActor(req.actor), req.params.id));

  app.post('/api/places/:id/reject', {
    config: { access: { permission: 'places.approve' } },
    schema: { tags: ['places'], summary: 'Turn down a listing or a revision, with the reason the owner reads', params: Id, body: RejectBody, response: { 200: PlaceView, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => places.reject(requireActor(req.actor), req.params.id, req.body.reason));

  app.put('/api/places/guides/:code', {
    config: { access: { permission: 'places.manage' } },
    schema: { tags: ['places'], summary: 'A village\'s introduction for tourists', params: Type.Object({ code: VillageCode }), body: GuideBody, response: { 200: Type.Object({ regionCode: Type.String(), intro: Type.String() }), ...errorResponses(400, 401, 403, 422) } },
  }, async (req) => places.setGuide(requireActor(req.actor), req.params.code, req.body));
};
