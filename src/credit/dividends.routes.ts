/** 积分分红 routes: enter, list, the village's 公示 board, objections, the township's 复核, payout and the accountant's export. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Items, Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { DividendBoard, DividendSummary, DividendView } from './credit.contract.ts';
import { sendXlsx } from './credit.routes.ts';
import type { DividendsService } from './dividends.service.ts';

const RegionCode = Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Id = Type.Object({ id: Uuid });

export const dividendsRoutes: RoutesPlugin<{ dividends: DividendsService }> = async (app, { dividends }) => {
  app.post('/api/credit/dividends', {
    config: { access: { permission: 'credit.dividend' } },
    schema: {
      tags: ['credit'], summary: 'Enter a village\'s points dividend: a pool in yuan (whole fen) over a period that has ended; the list goes on 公示',
      body: Type.Object({
        regionCode: RegionCode, title: Text(80), periodFrom: Day, periodTo: Day,
        poolYuan: Type.Union([Type.String({ maxLength: 24 }), Type.Number({ minimum: 0 })]),
      }, { additionalProperties: false }),
      response: { 201: DividendView, ...errorResponses(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await dividends.create(requireActor(req.actor), req.body)));

  app.get('/api/credit/dividends', {
    config: { access: { permission: 'credit.read' } },
    schema: { tags: ['credit'], summary: 'The area\'s dividends, newest first', querystring: Type.Object({ region: Type.Optional(RegionCode) }, { additionalProperties: false }), response: { 200: Items(DividendSummary), ...errorResponses(400, 401, 403) } },
  }, async (req) => dividends.list(requireActor(req.actor), req.query));

  app.get('/api/credit/dividends/board', {
    config: { access: 'authenticated' },
    schema: { tags: ['credit'], summary: 'A village\'s dividend 公示 (its residents and staff): households by family name, heads masked', querystring: Type.Object({ region: Type.Optional(RegionCode) }, { additionalProperties: false }), response: { 200: DividendBoard, ...errorResponses(400, 401) } },
  }, async (req) => dividends.board(requireActor(req.actor), req.query.region));

  app.get('/api/credit/dividends/:id', {
    config: { access: { permission: 'credit.read' } },
    schema: { tags: ['credit'], summary: 'One dividend with every household\'s share (staff)', params: Id, response: { 200: DividendView, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => dividends.one(requireActor(req.actor), req.params.id));

  app.post('/api/credit/dividends/:id/objections', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['credit'], summary: 'Object to a dividend list on notice (a resident of the village; never named to others)', params: Id,
      body: Type.Object({ reason: Text(500) }, { additionalProperties: false }), response: { 201: DividendBoard, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await dividends.object(requireActor(req.actor), req.params.id, req.body.reason)));

  app.post('/api/credit/dividends/:id/decision', {
    config: { access: { permission: 'credit.recheck' } },
    schema: {
      tags: ['credit'], summary: 'The township decides the objections: uphold (back on notice) or overturn (withdrawn)', params: Id,
      body: Type.Object({ decision: Type.Union([Type.Literal('uphold'), Type.Literal('overturn')]), reason: Text(500) }, { additionalProperties: false }),
      response: { 200: DividendView, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => dividends.decide(requireActor(req.actor), req.params.id, req.body));

  app.post('/api/credit/dividends/:id/paid', {
    config: { access: { permission: 'credit.dividend' } },
    schema: { tags: ['credit'], summary: 'Record that the approved dividend was paid (once)', params: Id, response: { 200: DividendView, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => dividends.pay(requireActor(req.actor), req.params.id));

  app.get('/api/credit/dividends/:id/file', {
    config: { access: { permission: 'credit.dividend' } },
    schema: { tags: ['credit'], summary: 'The accountant\'s XLSX of a dividend (same inputs, same bytes)', params: Id, response: errorResponses(400, 401, 403, 404) },
  }, async (req, reply) => {
    const { name, file } = await dividends.export(requireActor(req.actor), req.params.id);
    return sendXlsx(reply, name, file);
  });
};
