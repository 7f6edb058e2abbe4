/** Credit points: an account with its history, the caller's own points, corrections by an administrator. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { MAX_AMOUNT } from './ledger.ts';
import type { PointsService } from './points.service.ts';
import { UUID_V7_PATTERN } from './uuidv7.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time' });
const Totals = Type.Object({ debitsPosted: Type.Integer(), creditsPosted: Type.Integer(), debitsPending: Type.Integer(), creditsPending: Type.Integer() });

const TransferView = Type.Object({
  id: Type.String(), kind: Type.Union([Type.Literal('single'), Type.Literal('pending'), Type.Literal('post'), Type.Literal('void')]),
  ledger: Type.Union([Type.Literal('resident'), Type.Literal('grid_worker'), Type.Literal('party_service'), Type.Literal('shop_stock')]), debitAccountId: Type.String(), creditAccountId: Type.String(), amount: Type.Integer(),
  code: Type.Union([Type.Literal('award'), Type.Literal('spend'), Type.Literal('correction'), Type.Literal('expiry'), Type.Literal('stock'), Type.Literal('deduction')]),
  status: Type.Union([Type.Literal('pending'), Type.Literal('posted'), Type.Literal('voided'), Type.Literal('expired')]),
  pendingId: Nullable(Type.String()), reversesId: Nullable(Type.String()), reason: Nullable(Type.String()), ruleId: Nullable(Type.String()),
  ruleVersion: Nullable(Type.Integer()), businessKey: Nullable(Type.String()), eventTime: Time, createdAt: Time, expiresAt: Nullable(Time),
});

const HistoryItem = Type.Intersect([TransferView, Type.Object({
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  /** What it did to this account's posted balance (0 for a hold or its release). */
  change: Type.Integer(),
  balanceAfter: Type.Integer(),
  /** The other side: a person's name or a system account's name. */
  counterparty: Nullable(Type.String()),
})]);

const History = Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), items: Type.Array(HistoryItem) });

const AccountView = Type.Object({
  id: Type.String(), ledger: Type.String(), holderId: Nullable(Type.String()), name: Nullable(Type.String()), regionCode: Nullable(Type.String()),
  spendable: Type.Boolean(), debitsMustNotExceedCredits: Type.Boolean(),
  /** credits − debits posted */
  balance: Type.Integer(),
  /** balance less pending debits: what can be spent now */
  available: Type.Integer(),
  pendingIn: Type.Integer(), pendingOut: Type.Integer(), totals: Totals,
  /** awards this calendar year (Asia/Shanghai) less their corrections; spending does not lower it */
  earnedThisYear: Type.Integer(),
});

const Page = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
}, { additionalProperties: false });

export const pointsRoutes: RoutesPlugin<{ points: PointsService }> = async (app, { points }) => {
  app.get('/api/points/accounts/:id', {
    // the holder reads their own account without points.read; staff need it in the account's area (the service checks)
    config: { access: 'authenticated' },
    schema: {
      tags: ['points'], summary: 'A points account: balances, earned this year, and a page of its history (newest first)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }), querystring: Page,
      response: { 200: Type.Object({ account: AccountView, history: History }), ...errorResponses(400, 401, 404) },
    },
  }, async (req) => points.account(requireActor(req.actor), req.params.id, req.query));

  app.get('/api/me/points', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['points'], summary: '我的积分: the caller\'s spendable points, earned this year, and history with reasons', querystring: Page,
      response: {
        200: Type.Object({
          account: Nullable(AccountView), spendable: Type.Integer(), pending: Type.Integer(), earnedThisYear: Type.Integer(),
          /** the caller's household (户): its members' points summed */
          household: Nullable(Type.Object({ id: Type.String(), members: Type.Integer(), spendable: Type.Integer(), earnedThisYear: Type.Integer() })),
          history: History,
        }),
        ...errorResponses(400, 401),
      },
    },
  }, async (req) => points.mine(requireActor(req.actor), req.query));

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
