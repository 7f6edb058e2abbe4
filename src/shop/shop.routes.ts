/** The points shop's routes: the villager's 积分商城, the shopkeeper's counter, the console's items, stock, orders and statement. */
import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { Uuid } from '../platform/contract.ts';
import { notFound } from '../platform/errors.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { Catalogue, CounterHousehold, ItemChange, ItemView, NewItem, OrderPage, OrderStateSchema, OrderView, Statement } from './shop.contract.ts';
import type { ShopCatalogue } from './shop-catalogue.service.ts';
import * as repo from './shop.repository.ts';
import { statementXlsx } from './statement-xlsx.ts';
import { nearShop, type ShopService } from './shop.service.ts';

const Id = Type.Object({ id: Uuid });
const Token = Type.Object({ token: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' }) });
const RegionCode = Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,4}$' });
const Quantity = Type.Optional(Type.Integer({ minimum: 1, maximum: 20 }));
const Page = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })) };

export const shopRoutes: RoutesPlugin<{ shop: ShopService; catalogue: ShopCatalogue; platform: Platform }> = async (app, { shop, catalogue, platform }) => {
  // photo bytes, not JSON (as /api/media/:id): a handler of its own, typed by its params only
  const sendPhoto = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const actor = requireActor(req.actor);
    const item = await repo.item(platform.db, req.params.id);
    if (!item?.photoMediaId || !nearShop(actor, item.regionCode)) throw notFound('SHOP_ITEM_NOT_FOUND', 'No such item in your points shop');
    const info = await platform.media.get(platform.db, item.photoMediaId);
    const file = platform.media.pathOf(info, true);
    if (!fs.existsSync(file)) throw notFound('SHOP_ITEM_NOT_FOUND', 'The item\'s photo is missing');
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'private, max-age=86400').header('x-content-type-options', 'nosniff').send(fs.createReadStream(file));
  };

  const sendXlsx = async (req: FastifyRequest<{ Querystring: { region: string; month: string } }>, reply: FastifyReply) => {
    const s = await catalogue.statement(requireActor(req.actor), req.query);
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="shop-statement-${s.regionCode}-${s.month}.xlsx"`).send(await statementXlsx(s));
  };

  // ——— the villager ———
  app.get('/api/shop/catalogue', {
    config: { access: 'authenticated' },
    schema: { tags: ['shop'], summary: '积分商城: the items of my village\'s and township\'s shops, what I can spend, my household\'s use this period', response: { 200: Catalogue, ...errorResponses(401) } },
  }, async (req) => shop.catalogue(requireActor(req.actor)));

  app.post('/api/shop/orders', {
    config: { access: { permission: 'shop.order' } },
    schema: {
      tags: ['shop'], summary: 'Order an item with my points (held 7 days for 核销 at the shop; shows a QR code)',
      body: Type.Object({ itemId: Uuid, quantity: Quantity }, { additionalProperties: false }),
      response: { 201: OrderView, ...errorResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await shop.order(requireActor(req.actor), req.body)));

  app.get('/api/shop/orders/mine', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['shop'], summary: 'My household\'s orders, newest first, each with its QR token',
      querystring: Type.Object({ state: Type.Optional(OrderStateSchema), ...Page }, { additionalProperties: false }),
      response: { 200: OrderPage, ...errorResponses(400, 401) },
    },
  }, async (req) => shop.myOrders(requireActor(req.actor), req.query));

  app.post('/api/shop/orders/:id/cancel', {
    config: { access: 'authenticated' },
    schema: { tags: ['shop'], summary: 'Cancel an open order (my household\'s, or the shopkeeper): the points and the stock come back', params: Id, response: { 200: OrderView, ...errorResponses(400, 401, 404, 409) } },
  }, async (req) => shop.cancel(requireActor(req.actor), req.params.id));

  app.get('/api/shop/items/:id/photo', {
    config: { access: 'authenticated' },
    schema: { tags: ['shop'], summary: 'An item\'s photo (JPEG thumbnail, ≤320 px) for anyone of its shop\'s area', params: Id, response: errorResponses(400, 401, 404) },
  }, sendPhoto);

  // ——— the shopkeeper ———
  app.get('/api/shop/counter/:token', {
    config: { access: { permission: 'shop.redeem' } },
    schema: { tags: ['shop'], summary: 'Scan a household card at the counter (audited): the household (masked), its points, what it may buy, its open orders', params: Token, response: { 200: CounterHousehold, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => shop.counter(requireActor(req.actor), req.params.token));

  app.post('/api/shop/counter/orders', {
    config: { access: { permission: 'shop.redeem' } },
    schema: {
      tags: ['shop'], summary: 'Order at the counter for a household (its card scanned): held 15 minutes for 核销',
      body: Type.Object({ cardToken: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }), itemId: Uuid, quantity: Quantity }, { additionalProperties: false }),
      response: { 201: OrderView, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await shop.counterOrder(requireActor(req.actor), req.body)));

  app.get('/api/shop/orders/by-token/:token', {
    config: { access: { permission: 'shop.redeem' } },
    schema: { tags: ['shop'], summary: 'The order behind a scanned QR code (names masked)', params: Token, response: { 200: OrderView, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => shop.byToken(requireActor(req.actor), req.params.token));

  app.post('/api/shop/orders/by-token/:token/redeem', {
    config: { access: { permission: 'shop.redeem' } },
    schema: { tags: ['shop'], summary: '核销: hand the goods over — the points are spent and the stock leaves the shelf', params: Token, response: { 200: OrderView, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => shop.redeem(requireActor(req.actor), req.params.token));

  // ——— the console ———
  app.get('/api/shop/items', {
    config: { access: { permission: 'shop.manage' } },
    schema: {
      tags: ['shop'], summary: 'The items of the shops in a region and below it, with their stock',
      querystring: Type.Object({ region: RegionCode }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(ItemView) }), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => catalogue.list(requireActor(req.actor), req.query.region));

  app.post('/api/shop/items', {
    config: { access: { permission: 'shop.manage' } },
    schema: { tags: ['shop'], summary: 'Put a new item in a village\'s or township\'s shop', body: NewItem, response: { 201: ItemView, ...errorResponses(400, 401, 403, 422) } },
  }, async (req, reply) => reply.status(201).send(await catalogue.create(requireActor(req.actor), req.body)));

  app.patch('/api/shop/items/:id', {
    config: { access: { permission: 'shop.manage' } },
    schema: { tags: ['shop'], summary: 'Change an item (price, limit, exchange days, photo; `active: false` takes it off the shelf)', params: Id, body: ItemChange, response: { 200: ItemView, ...errorResponses(400, 401, 403, 404, 422) } },
  }, async (req) => catalogue.update(requireActor(req.actor), req.params.id, req.body));

  app.post('/api/shop/items/:id/restock', {
    config: { access: { permission: 'shop.manage' } },
    schema: {
      tags: ['shop'], summary: 'Restock an item (a transfer into its stock account)', params: Id,
      body: Type.Object({ quantity: Type.Integer({ minimum: 1, maximum: 100_000 }), note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      response: { 200: ItemView, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (req) => catalogue.restock(requireActor(req.actor), req.params.id, req.body));

  app.get('/api/shop/orders', {
    config: { access: { permission: 'shop.manage' } },
    schema: {
      tags: ['shop'], summary: 'The orders of a region\'s villages, newest first (names masked)',
      querystring: Type.Object({ region: RegionCode, ...Page }, { additionalProperties: false }),
      response: { 200: OrderPage, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => catalogue.orders(requireActor(req.actor), req.query));

  app.get('/api/shop/statement', {
    config: { access: { permission: 'shop.manage' } },
    schema: {
      tags: ['shop'], summary: '月度对账: a village\'s shop month per item (restocked, redeemed, cancelled, expired, closing stock)',
      querystring: Type.Object({ region: RegionCode, month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }) }, { additionalProperties: false }),
      response: { 200: Statement, ...errorResponses(400, 401, 403, 422) },
    },
  }, async (req) => catalogue.statement(requireActor(req.actor), req.query));

  app.get('/api/shop/statement.xlsx', {
    config: { access: { permission: 'shop.manage' } },
    schema: {
      tags: ['shop'], summary: '月度对账 as an XLSX workbook for the village accountant (the same figures as the JSON)',
      querystring: Type.Object({ region: RegionCode, month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }) }, { additionalProperties: false }),
      response: errorResponses(400, 401, 403, 422),
    },
  }, sendXlsx);
};
