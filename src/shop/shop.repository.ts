/** The shop's SQL, on its own tables only (the ledger's are the points module's: it is asked through its service). */
import { and, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { shopItems, shopOrders, shopRestocks } from './shop.schema.ts';

export type ItemRow = typeof shopItems.$inferSelect;
export type OrderRow = typeof shopOrders.$inferSelect;

/** Items of the shops serving a village: its own and its township's (a code prefix of it). */
export async function itemsServing(db: Db, villageCode: string, activeOnly: boolean): Promise<ItemRow[]> {
  const prefixes = [villageCode, villageCode.slice(0, 9)];
  return db.select().from(shopItems)
    .where(and(inArray(shopItems.regionCode, prefixes), activeOnly ? eq(shopItems.active, true) : undefined))
    .orderBy(shopItems.regionCode, shopItems.price, shopItems.name);
}

/** Items of a region's shops and the shops below it (the console's list). */
export async function itemsUnder(db: Db, regionCode: string): Promise<ItemRow[]> {
  return db.select().from(shopItems).where(sql`${shopItems.regionCode} LIKE ${`${regionCode}%`}`).orderBy(shopItems.regionCode, shopItems.price, shopItems.name);
}

export async function item(db: Db, id: string): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(shopItems).where(eq(shopItems.id, id));
  return row;
}

export async function itemsByIds(db: Db, ids: string[]): Promise<ItemRow[]> {
  return ids.length ? db.select().from(shopItems).where(inArray(shopItems.id, ids)) : [];
}

/** Units a household has taken of an item since `from`: orders redeemed or still open (not voided, not run out). */
export async function usedSince(db: Db, itemIds: string[], householdId: string, from: Date, now: Date): Promise<Map<string, number>> {
  if (!itemIds.length) return new Map();
  const rows = await db.select({ itemId: shopOrders.itemId, n: sql<number>`coalesce(sum(${shopOrders.quantity}), 0)::int` }).from(shopOrders)
    .where(and(inArray(shopOrders.itemId, itemIds), eq(shopOrders.householdId, householdId), gte(shopOrders.createdAt, from),
      sql`(${shopOrders.state} = 'redeemed' OR (${shopOrders.state} = 'pending' AND ${shopOrders.expiresAt} > ${now.toISOString()}::timestamptz))`))
    .groupBy(shopOrders.itemId);
  return new Map(rows.map((r) => [r.itemId, Number(r.n)]));
}

/** Serialise the orders of one household for one item (the limit's check and the order's write): held to the transaction's end. */
export async function lockLimit(tx: Db, itemId: string, householdId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`shop-limit:${itemId}:${householdId}`}))`);
}

export async function orderByToken(db: Db, token: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(shopOrders).where(eq(shopOrders.token, token));
  return row;
}

export async function order(db: Db, id: string, lock = false): Promise<OrderRow | undefined> {
  const q = db.select().from(shopOrders).where(eq(shopOrders.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function ordersOfHousehold(db: Db, householdId: string, page: { limit: number; offset: number }, state?: string): Promise<{ rows: OrderRow[]; total: number }> {
  const where = and(eq(shopOrders.householdId, householdId), state ? eq(shopOrders.state, state) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(shopOrders).where(where).orderBy(desc(shopOrders.createdAt), desc(shopOrders.id)).limit(page.limit).offset(page.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(shopOrders).where(where),
  ]);
  return { rows, total: Number(total) };
}

export async function ordersUnder(db: Db, regionCode: string, page: { limit: number; offset: number }): Promise<{ rows: OrderRow[]; total: number }> {
  const where = sql`${shopOrders.villageCode} LIKE ${`${regionCode}%`}`;
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(shopOrders).where(where).orderBy(desc(shopOrders.createdAt), desc(shopOrders.id)).limit(page.limit).offset(page.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(shopOrders).where(where),
  ]);
  return { rows, total: Number(total) };
}

/** Orders still pending whose time ran out (the ledger's own job releases their points and stock). */
export async function markExpired(db: Db, now: Date): Promise<number> {
  const r = await db.update(shopOrders).set({ state: 'expired', resolvedAt: sql`${shopOrders.expiresAt}` })
    .where(and(eq(shopOrders.state, 'pending'), lt(shopOrders.expiresAt, now))).returning({ id: shopOrders.id });
  return r.length;
}

/** A village's month: per item, what came in and went out, and what stood on the shelf at its end. */
export async function statement(db: Db, villageCode: string, from: Date, to: Date) {
  const items = await itemsServing(db, villageCode, false);
  const own = items.filter((i) => i.regionCode === villageCode).map((i) => i.id);
  if (!items.length) return { items, orders: [], restocks: [], households: 0 };
  const ids = items.map((i) => i.id);
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  const orders = await db.select({
    itemId: shopOrders.itemId, state: shopOrders.state,
    qty: sql<number>`coalesce(sum(${shopOrders.quantity}), 0)::int`, points: sql<number>`coalesce(sum(${shopOrders.points}), 0)::int`, n: sql<number>`count(*)::int`,
  }).from(shopOrders).where(and(inArray(shopOrders.itemId, ids), eq(shopOrders.villageCode, villageCode), gte(shopOrders.createdAt, from), lt(shopOrders.createdAt, to)))
    .groupBy(shopOrders.itemId, shopOrders.state);
  // the closing stock counts every village's redemptions of the item (a township's shop serves several)
  const closing = await db.execute(sql`
    SELECT i.id AS item_id,
      (SELECT coalesce(sum(quantity), 0) FROM shop_restocks r WHERE r.item_id = i.id AND r.created_at < ${toIso}::timestamptz)::int AS restocked_to_end,
      (SELECT coalesce(sum(quantity), 0) FROM shop_restocks r WHERE r.item_id = i.id AND r.created_at >= ${fromIso}::timestamptz AND r.created_at < ${toIso}::timestamptz)::int AS restocked,
      (SELECT coalesce(sum(quantity), 0) FROM shop_orders o WHERE o.item_id = i.id AND o.state = 'redeemed' AND o.resolved_at < ${toIso}::timestamptz)::int AS redeemed_to_end
    FROM shop_items i WHERE i.id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`) as unknown as { rows: { item_id: string; restocked_to_end: number; restocked: number; redeemed_to_end: number }[] };
  const [{ households }] = await db.select({ households: sql<number>`count(DISTINCT ${shopOrders.householdId})::int` }).from(shopOrders)
    .where(and(inArray(shopOrders.itemId, ids), eq(shopOrders.villageCode, villageCode), eq(shopOrders.state, 'redeemed'), gte(shopOrders.createdAt, from), lt(shopOrders.createdAt, to)));
  return { items, own, orders, restocks: closing.rows, households: Number(households) };
}

export { shopItems, shopOrders, shopRestocks };

export const byId = (id: string) => eq(shopOrders.id, id);
export const itemById = (id: string) => eq(shopItems.id, id);

export async function itemsWithPhoto(db: Db, mediaId: string): Promise<{ regionCode: string }[]> {
  return db.select({ regionCode: shopItems.regionCode }).from(shopItems).where(eq(shopItems.photoMediaId, mediaId));
}
