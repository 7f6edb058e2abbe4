/**
 * 积分超市 (issue 19 item 1): ordering and redeeming. An order is a pending linked pair in the points
 * ledger — the buyer's points to the shop (`resident`, code spend) and one unit of the item's stock to
 * the household (`shop_stock`, code stock) — written with the order row in ONE transaction, so either
 * all three exist or none. 核销 posts the pair, a cancel voids it, and the ledger's own job expires it when
 * its timeout runs out (15 min at the counter, 7 days for a phone order); this module's job then marks
 * the row. The stock is the item's ledger account, which can never be overdrawn: of 100 households
 * ordering the last unit at once, exactly one gets it.
 *
 * Lock order, the same everywhere: the (item, household) advisory lock or the order row first, then
 * the ledger's accounts (in id order, inside `points.within`).
 */
import crypto from 'node:crypto';
import { can, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { maskName } from '../platform/privacy.ts';
import type { HouseholdRef, HouseholdsService } from '../households/index.ts';
import type { UsersService } from '../people/index.ts';
import { LedgerRefusal, uuidv7, type PointsService, type TransferResult } from '../points/index.ts';
import type { CatalogueItem, CounterHousehold, ItemView, OrderPage, OrderView } from './shop.contract.ts';
import * as repo from './shop.repository.ts';
import { dayOfMonth, PERIOD_ZH, periodStart } from './shop-time.ts';
import type { LimitPeriod, OrderChannel, OrderState } from './shop.schema.ts';

export interface ShopTimeouts {
  /** A phone order waits this long for 核销 (default 7 days). */
  orderSeconds: number;
  /** An order made at the counter by scanning a card (default 15 minutes). */
  counterSeconds: number;
}
export const DEFAULT_TIMEOUTS: ShopTimeouts = { orderSeconds: 7 * 86_400, counterSeconds: 15 * 60 };

const STATE_ZH: Record<OrderState, string> = { pending: '待核销', redeemed: '已核销', voided: '已取消', expired: '已过期' };

export const itemMissing = () => notFound('SHOP_ITEM_NOT_FOUND', 'No such item in your points shop');
const orderMissing = () => notFound('SHOP_ORDER_NOT_FOUND', 'No such order in your shop');
const notPending = (state: OrderState) => new AppError('SHOP_ORDER_NOT_PENDING', 409, `The order is ${state}`, { state, stateZh: STATE_ZH[state] });

/** 144 random bits, URL-safe: what the order's QR code carries. */
const newToken = () => crypto.randomBytes(18).toString('base64url');

/** Whether the actor is of (or over) the shop's area: a member of its villages, or staff above it. */
export const nearShop = (actor: Actor, regionCode: string) => actor.memberships.some((m) => m.scope.startsWith(regionCode) || regionCode.startsWith(m.scope));

export class ShopService {
  constructor(
    private p: Platform,
    private points: PointsService,
    private households: HouseholdsService,
    private users: UsersService,
    private timeouts: ShopTimeouts = DEFAULT_TIMEOUTS,
  ) {}

  // ——— the villager's phone ———

  /** 积分商城: the items of my village's and township's shops, with what I can spend and my household's use this period. */
  async catalogue(actor: Actor, now = new Date()) {
    const hh = await this.households.householdOf(actor.id);
    const available = (await this.points.availableOf([actor.id]))[actor.id];
    if (!hh) return { household: null, available, items: [] };
    return { household: { id: hh.id, villageCode: hh.regionCode }, available, items: await this.catalogueFor(hh, now) };
  }

  /** A phone order: held for 7 days, paid from my own points, one unit of stock reserved for my household. */
  async order(actor: Actor, input: { itemId: string; quantity?: number }, now = new Date()): Promise<OrderView> {
    // another area's item is missing before anything is said about the caller's household
    const item = await repo.item(this.p.db, input.itemId);
    if (!item || !nearShop(actor, item.regionCode)) throw itemMissing();
    const hh = await this.households.householdOf(actor.id);
    if (!hh) throw new AppError('SHOP_NO_HOUSEHOLD', 422, 'You belong to no household');
    const row = await this.place({ hh, itemId: input.itemId, quantity: input.quantity ?? 1, buyerId: actor.id, createdBy: actor.id, channel: 'phone', now });
    return (await this.present([row], true))[0];
  }

  /** My household's orders, newest first (each with the token its QR code shows). */
  async myOrders(actor: Actor, q: { state?: OrderState; limit?: number; offset?: number } = {}): Promise<OrderPage> {
    const hh = await this.households.householdOf(actor.id);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    if (!hh) return { items: [], total: 0 };
    const { rows, total } = await repo.ordersOfHousehold(this.p.db, hh.id, { limit, offset: Math.max(q.offset ?? 0, 0) }, q.state);
    return { items: await this.present(rows, true), total };
  }

  /** Cancel an open order (a member of its household, or the shopkeeper): the pair is voided, points and stock come back. */
  async cancel(actor: Actor, orderId: string, now = new Date()): Promise<OrderView> {
    const found = await repo.order(this.p.db, orderId);
    const mine = found && (await this.households.householdOf(actor.id))?.id === found.householdId;
    if (!found || !(mine || can(actor, 'shop.redeem', found.villageCode))) throw orderMissing();
    const row = await this.resolve(actor, found.id, 'void', now);
    return (await this.present([row], !!mine))[0];
  }

  // ——— the shopkeeper's phone ———

  /** A household card scanned at the counter (audited): the household, masked, what it can spend and buy, its open orders. */
  async counter(actor: Actor, cardToken: string, now = new Date()): Promise<CounterHousehold> {
    const hh = await this.scanCard(actor, cardToken);
    const [names, available, info, items, open] = await Promise.all([
      this.users.namesOf(hh.memberIds), this.points.availableOf(hh.memberIds), this.households.labelsOf([hh.id]),
      this.catalogueFor(hh, now), repo.ordersOfHousehold(this.p.db, hh.id, { limit: 20, offset: 0 }, 'pending'),
    ]);
    const members = hh.memberIds.map((id) => ({ userId: id, name: maskName(names[id]) ?? '', available: available[id] ?? 0 }));
    return {
      household: { id: hh.id, name: (info[hh.id] ?? '').split(' · ')[0], villageCode: hh.regionCode, villageName: items[0]?.regionName ?? hh.regionCode },
      members, available: members.reduce((s, m) => s + m.available, 0), items,
      pending: await this.present(open.rows.filter((o) => o.expiresAt > now), false),
    };
  }

  /**
   * An order at the counter for a household without a phone (孔奶奶): paid by the member with the most
   * points to spend (the head on a tie), held 15 minutes for the shopkeeper to confirm.
   */
  async counterOrder(actor: Actor, input: { cardToken: string; itemId: string; quantity?: number }, now = new Date()): Promise<OrderView> {
    const hh = await this.scanCard(actor, input.cardToken);
    const available = await this.points.availableOf(hh.memberIds);
    const buyerId = [...hh.memberIds].sort((a, b) => available[b] - available[a] || Number(b === hh.headUserId) - Number(a === hh.headUserId))[0];
    const row = await this.place({ hh, itemId: input.itemId, quantity: input.quantity ?? 1, buyerId, createdBy: actor.id, channel: 'counter', now });
    return (await this.present([row], false))[0];
  }

  /** The order behind a scanned QR code (shop.redeem in its village; anything else answers 404). */
  async byToken(actor: Actor, token: string): Promise<OrderView> {
    const row = await this.visibleByToken(actor, token);
    return (await this.present([row], false))[0];
  }

  /** 核销: the shopkeeper hands the goods over; the pair is posted — the points are spent, the stock leaves the shelf. */
  async redeem(actor: Actor, token: string, now = new Date()): Promise<OrderView> {
    const found = await this.visibleByToken(actor, token);
    const row = await this.resolve(actor, found.id, 'post', now);
    return (await this.present([row], false))[0];
  }

  /** Mark the orders whose hold ran out (the ledger's job releases their points and stock). */
  markExpired(now = new Date()): Promise<number> {
    return repo.markExpired(this.p.db, now);
  }

  // ——— helpers ———

  /** The shop's system account in the resident ledger: opened once, its id never changes. */
  private shopAccount?: ReturnType<PointsService['systemAccount']>;

  private async scanCard(actor: Actor, token: string): Promise<HouseholdRef> {
    const hh = await this.households.byCardToken(token);
    const ok = !!hh && can(actor, 'shop.redeem', hh.regionCode);
    await writeAudit(this.p.db, { actorId: actor.id, action: ok ? 'shop.card_scan' : 'shop.card_scan_refused', entity: 'household', entityId: ok ? hh!.id : null, regionCode: ok ? hh!.regionCode : null, details: {} });
    if (!ok) throw notFound('SHOP_CARD_NOT_FOUND', 'No household card with this token in your shop\'s villages');
    return hh!;
  }

  private async visibleByToken(actor: Actor, token: string): Promise<repo.OrderRow> {
    const row = token.length <= 32 ? await repo.orderByToken(this.p.db, token) : undefined;
    if (!row || !can(actor, 'shop.redeem', row.villageCode)) throw orderMissing();
    return row;
  }

  /** Check, reserve and write an order: the limit under its lock, the pending pair and the row in one transaction. */
  private async place(o: { hh: HouseholdRef; itemId: string; quantity: number; buyerId: string; createdBy: string; channel: OrderChannel; now: Date }): Promise<repo.OrderRow> {
    const { hh, now, quantity } = o;
    const item = await repo.item(this.p.db, o.itemId);
    if (!item || !item.active || !hh.regionCode.startsWith(item.regionCode)) throw itemMissing();
    if (item.exchangeDays.length && !item.exchangeDays.includes(dayOfMonth(now))) {
      throw new AppError('SHOP_NOT_EXCHANGE_DAY', 409, `Item ${item.id} is exchanged on days ${item.exchangeDays.join(', ')} of the month`, { days: item.exchangeDays.join('、'), today: dayOfMonth(now) });
    }
    const price = item.price * quantity;
    const [shop, goods, buyer] = await Promise.all([
      this.shopAccount ??= this.points.systemAccount('resident', 'shop'), this.points.holderAccount(hh.id, 'shop_stock', hh.regionCode), this.points.accountOf(o.buyerId, 'resident'),
    ]);
    const id = uuidv7();
    const [spendId, stockId] = [uuidv7(), uuidv7()];
    const timeout = o.channel === 'counter' ? this.timeouts.counterSeconds : this.timeouts.orderSeconds;
    const metadata = { orderId: id, itemId: item.id, householdId: hh.id };
    return this.points.within(async (tx, ledger) => {
      await repo.lockLimit(tx, item.id, hh.id);
      if (item.limitPerPeriod) {
        const period = item.limitPeriod as LimitPeriod;
        const used = (await repo.usedSince(tx, [item.id], hh.id, periodStart(period, now), now)).get(item.id) ?? 0;
        if (used + quantity > item.limitPerPeriod) {
          throw new AppError('SHOP_LIMIT_REACHED', 409, `At most ${item.limitPerPeriod} a ${period} per household; ${used} taken`, { limit: item.limitPerPeriod, used, period, periodZh: PERIOD_ZH[period] });
        }
      }
      // the row and the audit first, the ledger last: the hot accounts (the item's stock, the shop's)
      // stay locked only for the ledger's write and the COMMIT; a refusal rolls the row back with it
      const [row] = await tx.insert(repo.shopOrders).values({
        id, itemId: item.id, villageCode: hh.regionCode, householdId: hh.id, buyerId: o.buyerId, quantity, points: price, channel: o.channel, state: 'pending',
        spendTransferId: spendId, stockTransferId: stockId, token: newToken(), createdBy: o.createdBy, createdAt: now, expiresAt: new Date(now.getTime() + timeout * 1000),
      }).returning();
      await writeAudit(tx, { actorId: o.createdBy, action: 'shop.order', entity: 'shop_order', entityId: id, regionCode: hh.regionCode, details: { itemId: item.id, quantity, points: price, channel: o.channel } });
      refuse(await ledger([
        { id: spendId, kind: 'pending', ledger: 'resident', debitAccountId: buyer.id, creditAccountId: shop.id, amount: price, code: 'spend', timeoutSeconds: timeout, linked: true, businessKey: `shop:${id}:spend`, metadata },
        { id: stockId, kind: 'pending', ledger: 'shop_stock', debitAccountId: item.stockAccountId, creditAccountId: goods.id, amount: quantity, code: 'stock', timeoutSeconds: timeout, businessKey: `shop:${id}:stock`, metadata },
      ], now), price);
      return row;
    });
  }

  /** Post (核销) or void (cancel) an open order's pair, with its row, under the row's lock. */
  private async resolve(actor: Actor, orderId: string, kind: 'post' | 'void', now: Date): Promise<repo.OrderRow> {
    return this.points.within(async (tx: Db, ledger) => {
      const o = (await repo.order(tx, orderId, true))!;
      if (o.state !== 'pending') throw notPending(o.state as OrderState);
      if (o.expiresAt <= now) throw notPending('expired');
      // as for an order: the row first, the ledger (and its hot accounts) last
      const state: OrderState = kind === 'post' ? 'redeemed' : 'voided';
      const [row] = await tx.update(repo.shopOrders).set({ state, resolvedAt: now, resolvedBy: actor.id }).where(repo.byId(o.id)).returning();
      await writeAudit(tx, { actorId: actor.id, action: kind === 'post' ? 'shop.redeem' : 'shop.cancel', entity: 'shop_order', entityId: o.id, regionCode: o.villageCode, details: { points: o.points, quantity: o.quantity } });
      const results = await ledger([
        { id: uuidv7(), kind, pendingId: o.spendTransferId, linked: true, businessKey: `shop:${o.id}:${kind}-spend` },
        { id: uuidv7(), kind, pendingId: o.stockTransferId, businessKey: `shop:${o.id}:${kind}-stock` },
      ], now);
      if (results.some((r) => !r.ok && r.code === 'POINTS_PENDING_EXPIRED')) throw notPending('expired');
      refuse(results, o.points);
      return row;
    });
  }

  /** The items serving a household's village, with their stock and what the household took this period. */
  async catalogueFor(hh: HouseholdRef, now: Date): Promise<CatalogueItem[]> {
    const items = await repo.itemsServing(this.p.db, hh.regionCode, true);
    const views = await this.itemViews(items, now);
    const used = new Map<string, number>();
    for (const period of ['week', 'month', 'year'] as const) {
      const ids = items.filter((i) => i.limitPeriod === period).map((i) => i.id);
      for (const [k, v] of await repo.usedSince(this.p.db, ids, hh.id, periodStart(period, now), now)) used.set(k, v);
    }
    return views.map((v) => ({ ...v, usedThisPeriod: used.get(v.id) ?? 0 }));
  }

  /** Items as shown: the stock read from their ledger accounts in one query. */
  async itemViews(items: repo.ItemRow[], now = new Date()): Promise<ItemView[]> {
    const [accounts, names] = await Promise.all([
      this.points.accountsByIds(items.map((i) => i.stockAccountId)), this.regionNames([...new Set(items.map((i) => i.regionCode))]),
    ]);
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const today = dayOfMonth(now);
    return items.map((i) => {
      const a = byId.get(i.stockAccountId);
      const onShelf = a ? a.creditsPosted - a.debitsPosted : 0;
      const reserved = a?.debitsPending ?? 0;
      return {
        id: i.id, regionCode: i.regionCode, regionName: names[i.regionCode] ?? i.regionCode, name: i.name, unit: i.unit, price: i.price,
        limitPerPeriod: i.limitPerPeriod, limitPeriod: i.limitPeriod as LimitPeriod, exchangeDays: i.exchangeDays, exchangeToday: !i.exchangeDays.length || i.exchangeDays.includes(today),
        active: i.active, photoMediaId: i.photoMediaId, photoUrl: i.photoMediaId ? `/api/shop/items/${i.id}/photo` : null,
        stock: { onShelf, reserved, available: onShelf - reserved },
      };
    });
  }

  /** Region names, set by the module (the regions service). */
  regionNames: (codes: string[]) => Promise<Record<string, string>> = async () => ({});

  /** Orders as shown; `full`: the household's own (names in full), else masked for the shopkeeper and the console. */
  async present(rows: repo.OrderRow[], full: boolean): Promise<OrderView[]> {
    const [items, names, labels] = await Promise.all([
      repo.itemsByIds(this.p.db, [...new Set(rows.map((r) => r.itemId))]), this.users.namesOf([...new Set(rows.map((r) => r.buyerId))]),
      this.households.labelsOf([...new Set(rows.map((r) => r.householdId))]),
    ]);
    const item = new Map(items.map((i) => [i.id, i]));
    return rows.map((r) => {
      const i = item.get(r.itemId)!;
      return {
        id: r.id, itemId: r.itemId, itemName: i.name, unit: i.unit, photoUrl: i.photoMediaId ? `/api/shop/items/${i.id}/photo` : null,
        quantity: r.quantity, points: r.points, channel: r.channel as OrderChannel,
        // an order whose hold ran out is expired, whether or not the job has marked it yet
        state: (r.state === 'pending' && r.expiresAt <= new Date() ? 'expired' : r.state) as OrderState,
        token: r.token, villageCode: r.villageCode, householdId: r.householdId,
        householdName: (labels[r.householdId] ?? '').split(' · ')[0], buyerName: (full ? names[r.buyerId] : maskName(names[r.buyerId])) ?? '',
        createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString(), resolvedAt: r.resolvedAt?.toISOString() ?? null,
      };
    });
  }
}

/** The ledger's refusal of a pair, in the shop's words: not enough points, out of stock, or as the ledger said. */
function refuse(results: TransferResult[], price: number): void {
  const failed = results.find((r) => !r.ok && r.code !== 'POINTS_LINKED_FAILED') ?? results.find((r) => !r.ok);
  if (!failed || failed.ok) return;
  if (failed.code === 'POINTS_INSUFFICIENT' && failed === results[0]) {
    const available = Number(failed.details?.available ?? 0);
    throw new AppError('SHOP_BALANCE_TOO_LOW', 409, `${price} points needed, ${available} available`, { price, available });
  }
  if (failed.code === 'POINTS_INSUFFICIENT') throw new AppError('SHOP_OUT_OF_STOCK', 409, 'Out of stock', { available: Number(failed.details?.available ?? 0) });
  throw new LedgerRefusal(failed);
}
