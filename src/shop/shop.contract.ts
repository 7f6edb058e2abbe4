/** The points shop's answers (see platform/contract.ts): items, the catalogue, orders, the monthly statement. */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from '../platform/contract.ts';

export const LimitPeriodSchema = Type.Union([Type.Literal('week'), Type.Literal('month'), Type.Literal('year')]);
export const OrderStateSchema = Type.Union([Type.Literal('pending'), Type.Literal('redeemed'), Type.Literal('voided'), Type.Literal('expired')]);

export const StockView = Type.Object({
  /** Units on the shelf (posted). */
  onShelf: Type.Integer(),
  /** Units held by open orders. */
  reserved: Type.Integer(),
  /** What can still be ordered: on the shelf less reserved. */
  available: Type.Integer(),
});

export const ItemView = Type.Object({
  id: Uuid,
  regionCode: Type.String(),
  regionName: Type.String(),
  name: Type.String(),
  unit: Type.String(),
  price: Type.Integer(),
  limitPerPeriod: Nullable(Type.Integer()),
  limitPeriod: LimitPeriodSchema,
  exchangeDays: Type.Array(Type.Integer()),
  exchangeToday: Type.Boolean(),
  active: Type.Boolean(),
  photoUrl: Nullable(Type.String()),
  photoMediaId: Nullable(Type.String()),
  stock: StockView,
});
export type ItemView = Static<typeof ItemView>;

export const CatalogueItem = Type.Intersect([ItemView, Type.Object({ usedThisPeriod: Type.Integer() })]);
export type CatalogueItem = Static<typeof CatalogueItem>;

export const Catalogue = Type.Object({
  household: Nullable(Type.Object({ id: Uuid, villageCode: Type.String() })),
  /** What the caller can spend now (their own resident account: a phone order is paid from it). */
  available: Type.Integer(),
  items: Type.Array(CatalogueItem),
});
export type Catalogue = Static<typeof Catalogue>;

export const OrderView = Type.Object({
  id: Uuid,
  itemId: Uuid,
  itemName: Type.String(),
  unit: Type.String(),
  photoUrl: Nullable(Type.String()),
  quantity: Type.Integer(),
  points: Type.Integer(),
  channel: Type.Union([Type.Literal('phone'), Type.Literal('counter')]),
  state: OrderStateSchema,
  /** What the order's QR code carries; shown to the household and to the shopkeeper who scanned it. */
  token: Type.String(),
  villageCode: Type.String(),
  householdId: Uuid,
  /** The household's name and the buyer's, masked (郭*民) for the shopkeeper. */
  householdName: Type.String(),
  buyerName: Type.String(),
  createdAt: DateTime,
  expiresAt: DateTime,
  resolvedAt: Nullable(DateTime),
});
export type OrderView = Static<typeof OrderView>;

export const OrderPage = Type.Object({ items: Type.Array(OrderView), total: Type.Integer() });
export type OrderPage = Static<typeof OrderPage>;

/** A household card scanned at the counter: who it is (masked), what it can spend, what it may buy. */
export const CounterHousehold = Type.Object({
  household: Type.Object({ id: Uuid, name: Type.String(), villageCode: Type.String(), villageName: Type.String() }),
  members: Type.Array(Type.Object({ userId: Uuid, name: Type.String(), available: Type.Integer() })),
  /** Σ of the members' spendable points. */
  available: Type.Integer(),
  items: Type.Array(CatalogueItem),
  pending: Type.Array(OrderView),
});
export type CounterHousehold = Static<typeof CounterHousehold>;

export const StatementRow = Type.Object({
  itemId: Uuid,
  name: Type.String(),
  unit: Type.String(),
  price: Type.Integer(),
  restocked: Type.Integer(),
  redeemed: Type.Integer(),
  redeemedPoints: Type.Integer(),
  voided: Type.Integer(),
  expired: Type.Integer(),
  pending: Type.Integer(),
  /** Units on the shelf at the end of the month: Σ restocks − Σ redeemed up to then (the ledger agrees). */
  closingStock: Type.Integer(),
});

export const Statement = Type.Object({
  regionCode: Type.String(),
  regionName: Type.String(),
  month: Type.String(),
  rows: Type.Array(StatementRow),
  totals: Type.Object({ redeemed: Type.Integer(), redeemedPoints: Type.Integer(), orders: Type.Integer(), households: Type.Integer() }),
});
export type Statement = Static<typeof Statement>;

/** Exchange days are 1–28: a day some months lack (29–31) would silently skip those months. */
export const NewItem = Type.Object({
  regionCode: Type.String({ pattern: '^[0-9]{9}([0-9]{3})?$' }),
  name: Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' }),
  unit: Type.String({ minLength: 1, maxLength: 20, pattern: '\\S' }),
  price: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  limitPerPeriod: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
  limitPeriod: Type.Optional(LimitPeriodSchema),
  exchangeDays: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 28 }), { maxItems: 28, uniqueItems: true })),
  photoMediaId: Type.Optional(Nullable(Type.String({ pattern: '^[0-9a-f]{64}$' }))),
  initialStock: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
}, { additionalProperties: false });
export type NewItem = Static<typeof NewItem>;

export const ItemChange = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' })),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 20, pattern: '\\S' })),
  price: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  limitPerPeriod: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
  limitPeriod: Type.Optional(LimitPeriodSchema),
  exchangeDays: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 28 }), { maxItems: 28, uniqueItems: true })),
  photoMediaId: Type.Optional(Nullable(Type.String({ pattern: '^[0-9a-f]{64}$' }))),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });
export type ItemChange = Static<typeof ItemChange>;
