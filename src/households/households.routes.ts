/** Households: my household and card, the area's households (granted), their management, and card scans. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { CardScan, HouseholdPage, HouseholdView, MyHousehold, RelationSchema } from './households.contract.ts';
import type { HouseholdsService } from './households.service.ts';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const RegionCode = Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' });
const Id = Type.Object({ id: Uuid });
const Member = Type.Object({ userId: Uuid, relation: RelationSchema }, { additionalProperties: false });

/** Where the card's QR code points: this server as the caller reached it. */
const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

/** The card is an SVG document, not JSON; it carries the token, so no cache keeps it. */
const sendSvg = (reply: FastifyReply, svg: string) =>
  reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'no-store').header('content-disposition', 'inline; filename="household-card.svg"').send(svg);

export const householdsRoutes: RoutesPlugin<{ households: HouseholdsService }> = async (app, { households }) => {
  app.get('/api/me/household', {
    config: { access: 'authenticated' },
    schema: { tags: ['households'], summary: '我的户: my household, its members (in full) and my card\'s token; null when I belong to none', response: { 200: MyHousehold, ...errorResponses(401) } },
  }, async (req) => households.mine(requireActor(req.actor), originOf(req)));

  app.get('/api/me/household/card.svg', {
    config: { access: 'authenticated' },
    schema: { tags: ['households'], summary: 'My household\'s printable card (SVG, A6): the QR code of its card URL', response: errorResponses(401, 404) },
  }, async (req, reply) => sendSvg(reply, await households.myCard(requireActor(req.actor), originOf(req))));

  app.get('/api/households', {
    // need-to-know (the service): a households.read grant's area, or the grid worker's own grid
    config: { access: 'authenticated' },
    schema: {
      tags: ['households'], summary: 'The households the caller has need-to-know of (a grant\'s area, a grid worker\'s grid), names masked; `region` narrows to a village or township',
      querystring: Type.Object({
        region: Type.Optional(RegionCode),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
      }, { additionalProperties: false }),
      response: { 200: HouseholdPage, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => households.list(requireActor(req.actor), req.query));

  app.get('/api/households/by-card/:token', {
    config: { access: { permission: 'households.proxy' } },
    schema: {
      tags: ['households'], summary: 'Scan a household card (grid worker, village office): the household with masked names; every scan is audited',
      params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) }),
      response: { 200: CardScan, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => households.scan(requireActor(req.actor), req.params.token));

  app.get('/api/households/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['households'], summary: 'One household in full (need-to-know: the grid\'s worker or a grant, anyone else 404; audited as a reveal)', params: Id, response: { 200: HouseholdView, ...errorResponses(400, 401, 404) } },
  }, async (req) => households.get(requireActor(req.actor), req.params.id));

  app.get('/api/households/:id/card.svg', {
    config: { access: { permission: 'households.manage' } },
    schema: { tags: ['households'], summary: 'A household\'s printable card (SVG, A6), for its village\'s administrator', params: Id, response: errorResponses(400, 401, 403, 404) },
  }, async (req, reply) => sendSvg(reply, await households.printCard(requireActor(req.actor), req.params.id, originOf(req))));

  app.post('/api/households', {
    config: { access: { permission: 'households.manage' } },
    schema: {
      tags: ['households'], summary: 'Create a household in a village: its head and other members (a person belongs to one household)',
      body: Type.Object({
        regionCode: RegionCode, name: Text(40), address: Text(120), headUserId: Uuid,
        members: Type.Optional(Type.Array(Member, { maxItems: 30 })),
      }, { additionalProperties: false }),
      response: { 201: HouseholdView, ...errorResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await households.create(requireActor(req.actor), req.body)));

  app.post('/api/households/:id/members', {
    config: { access: { permission: 'households.manage' } },
    schema: { tags: ['households'], summary: 'Add a member (not the head: see /head)', params: Id, body: Member, response: { 200: HouseholdView, ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (req) => households.addMember(requireActor(req.actor), req.params.id, req.body));

  app.post('/api/households/:id/members/:userId/remove', {
    config: { access: { permission: 'households.manage' } },
    schema: {
      tags: ['households'], summary: 'Remove a member; removing the head names the new head (another member)',
      params: Type.Object({ id: Uuid, userId: Uuid }),
      body: Type.Optional(Type.Object({ newHeadUserId: Type.Optional(Uuid) }, { additionalProperties: false })),
      response: { 200: HouseholdView, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => households.removeMember(requireActor(req.actor), req.params.id, req.params.userId, req.body ?? {}));

  app.post('/api/households/:id/head', {
    config: { access: { permission: 'households.manage' } },
    schema: {
      tags: ['households'], summary: 'Make a member the head; the former head keeps `formerHeadRelation` (default other)', params: Id,
      body: Type.Object({ userId: Uuid, formerHeadRelation: Type.Optional(RelationSchema) }, { additionalProperties: false }),
      response: { 200: HouseholdView, ...errorResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => households.setHead(requireActor(req.actor), req.params.id, req.body));

  app.post('/api/households/:id/card/rotate', {
    config: { access: { permission: 'households.manage' } },
    schema: {
      tags: ['households'], summary: 'Reissue the card (a lost card): a new token, the old card refused from now on; audited', params: Id,
      body: Type.Object({ reason: Text(200) }, { additionalProperties: false }),
      response: { 200: HouseholdView, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => households.rotateCard(requireActor(req.actor), req.params.id, req.body.reason));
};
