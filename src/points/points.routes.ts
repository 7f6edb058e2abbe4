/** Credit points: an account with its history, the caller's own points, corrections by an administrator. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { MAX_AMOUNT } from './ledger.ts';
import type { MyPointsQueries } from './my-points.ts';
import type { PointsService } from './points.service.ts';
import { AccountPage, AccountView, History, HouseholdPoints, MyLedger, MyPoints, Totals, TransferView } from './points.contract.ts';
import { UUID_V7_PATTERN } from './uuidv7.ts';

const Page = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
}, { additionalProperties: false });

export const pointsRoutes: RoutesPlugin<{ points: PointsService; myPoints: MyPointsQueries }> = async (app, { points, myPoints }) => {
  app.get('/api/points/accounts/:id', {
    // the holder reads their own account without points.read; staff need it in the account's area (the service checks)
    config: { access: 'authenticated' },
    schema: {
      tags: ['points'], summary: 'A points account: balances, earned this year, and a page of its history (newest first)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }), querystring: Page,
      response: { 200: Type.Object({ account: AccountView, history: History }), ...errorResponses(400, 401, 404) },
    },
  }, async (req) => points.account(requireActor(req.actor), req.params.id, req.query));

  app.get('/api/points/accounts', {
    config: { access: { permission: 'points.read' } },
    schema: {
      tags: ['points'], summary: 'The people\'s points accounts of a village or township, largest balance first (names masked)',
      querystring: Type.Object({
        regionCode: Type.String({ pattern: '^\\d{6}(\\d{3}){0,4}$', maxLength: 18 }),
        ledger: Type.Optional(Type.Union([Type.Literal('resident'), Type.Literal('grid_worker')])), ...Page.properties,
      }, { additionalProperties: false }),
      response: { 200: AccountPage, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => points.accountsIn(requireActor(req.actor), req.query));

  app.get('/api/me/points', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['points'], summary: '我的积分: the caller\'s spendable points, earned this year, and history with reasons (and the case each came from) — a villager\'s points, with ledger=grid_worker a grid worker\'s, with ledger=party_service a party member\'s 服务积分',
      querystring: Type.Object({ ledger: Type.Optional(MyLedger), ...Page.properties }, { additionalProperties: false }),
      response: {
        200: MyPoints,
        ...errorResponses(400, 401),
      },
    },
  }, async (req) => myPoints.mine(requireActor(req.actor), req.query));

  app.get('/api/points/households/:id', {
    // need-to-know is the household registry's: the grid's worker, a households.read grant, the village's
    // administrator; anyone else 404, as for the household's record
    config: { access: 'authenticated' },
    schema: {
      tags: ['points'], summary: 'A household\'s points for its page: the members\' points summed (balance, spendable, earned this year) and their latest lines with reasons (names masked)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      response: { 200: HouseholdPoints, ...errorResponses(400, 401, 404) },
    },
  }, async (req) => myPoints.ofHousehold(requireActor(req.actor), req.params.id));

  app.post('/api/points/transfers', {
    config: { access: { permission: 'points.adjust' } },
    schema: {
      tags: ['points'], summary: 'Correct points: reverse a posted transfer (all of it or `amount`) with a reason; idempotent by the client\'s id (UUIDv7)',
      body: Type.Object({
        id: Type.String({ pattern: UUID_V7_PATTERN, maxLength: 36 }),
        reversesId: Type.String({ format: 'uuid' }),
        amount: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_AMOUNT })),
        reason: Type.String({ minLength: 2, maxLength: 500, pattern: '\\S' }),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ existed: Type.Boolean(), transfer: TransferView, balances: Type.Object({ debit: Totals, credit: Totals }) }),
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    },
  }, async (req) => points.correct(requireActor(req.actor), req.body));
};
