/**
 * The console side of the points shop: items (name, photo, price, limit, exchange days), restocks
 * through the ledger, the orders of an area and the monthly statement per village. Staff with
 * `shop.manage` in the shop's region; another area's item answers as a missing one.
 */
import { assertCan, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { AppError, badRequest } from '../platform/errors.ts';
import { uuidv7, type PointsService } from '../points/index.ts';
import type { ItemChange, ItemView, NewItem, OrderPage, Statement } from './shop.contract.ts';
import * as repo from './shop.repository.ts';
import { itemMissing, type ShopService } from './shop.service.ts';
import { monthRange } from './shop-time.ts';

export interface RegionLookup {
  exists(code: string): Promise<boolean>;
  names(codes: string[]): Promise<Record<string, string>>;
}

export class ShopCatalogue {
  constructor(
    private p: Platform,
    private points: PointsService,
    private shop: ShopService,
    private regions: RegionLookup,
  ) {}

  /** The items of the shops in a region (and below it), inactive ones too. */
  async list(actor: Actor, regionCode: string): Promise<{ items: ItemView[] }> {
    assertCan(actor, 'shop.manage', regionCode);
    return { items: await this.shop.itemViews(await repo.itemsUnder(this.p.db, regionCode)) };
  }

  async create(actor: Actor | null, input: NewItem, now = new Date()): Promise<ItemView> {
    if (actor) assertCan(actor, 'shop.manage', input.regionCode);
    if (!(await this.regions.exists(input.regionCode))) throw new AppError('SHOP_REGION_INVALID', 422, 'A points shop belongs to a village or a township', { field: 'regionCode' });
    await this.checkPhoto(input.photoMediaId);
    const id = uuidv7();
    const stock = await this.points.holderAccount(id, 'shop_stock', input.regionCode);
    await this.p.tx(async (tx) => {
      await tx.insert(repo.shopItems).values({
        id, regionCode: input.regionCode, name: input.name.trim(), unit: input.unit.trim(), price: input.price, photoMediaId: input.photoMediaId ?? null,
        limitPerPeriod: input.limitPerPeriod ?? null, limitPeriod: input.limitPeriod ?? 'month', exchangeDays: [...(input.exchangeDays ?? [])].sort((a, b) => a - b),
        stockAccountId: stock.id, createdBy: actor?.id ?? null, createdAt: now, updatedAt: now,
      });
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'shop.item_create', entity: 'shop_item', entityId: id, regionCode: input.regionCode, details: { name: input.name, price: input.price } });
    });
    if (input.initialStock) await this.restock(actor, id, { quantity: input.initialStock, note: '上架' }, now);
    return this.view(id);
  }

  async update(actor: Actor, id: string, change: ItemChange): Promise<ItemView> {
    const item = await this.managed(actor, id);
    if (change.photoMediaId) await this.checkPhoto(change.photoMediaId);
    const { active, exchangeDays, ...rest } = change;
    await this.p.tx(async (tx) => {
      await tx.update(repo.shopItems).set({
        ...rest, ...(active === undefined ? {} : { active }), ...(exchangeDays ? { exchangeDays: [...exchangeDays].sort((a, b) => a - b) } : {}), updatedAt: new Date(),
      }).where(repo.itemById(id));
      await writeAudit(tx, { actorId: actor.id, action: 'shop.item_update', entity: 'shop_item', entityId: id, regionCode: item.regionCode, details: { ...change } });
    });
    return this.view(id);
  }

  /** Put units on the shelf: a transfer from the stock ledger's issuance to the item's account, with its row. */
  async restock(actor: Actor | null, id: string, input: { quantity: number; note?: string }, now = new Date()): Promise<ItemView> {
    const item = actor ? await this.managed(actor, id) : await repo.item(this.p.db, id);
    if (!item) throw itemMissing();
    const issuance = await this.points.systemAccount('shop_stock', 'issuance');
    const restockId = uuidv7();
    await this.points.within(async (tx, ledger) => {
      const [r] = await ledger([{ id: uuidv7(), ledger: 'shop_stock', debitAccountId: issuance.id, creditAccountId: item.stockAccountId, amount: input.quantity, code: 'stock', businessKey: `shop-restock:${restockId}`, metadata: { itemId: id } }], now);
      if (!r.ok) throw new AppError('SHOP_ITEM_INVALID', 422, r.message, { field: 'quantity' });
      await tx.insert(repo.shopRestocks).values({ id: restockId, itemId: id, quantity: input.quantity, note: input.note?.trim() || null, createdBy: actor?.id ?? null, createdAt: now });
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'shop.restock', entity: 'shop_item', entityId: id, regionCode: item.regionCode, details: { quantity: input.quantity } });
    });
    return this.view(id);
  }

  /** The orders of an area's villages, newest first, names masked. */
  async orders(actor: Actor, q: { region: string; limit?: number; offset?: number }): Promise<OrderPage> {
    assertCan(actor, 'shop.manage', q.region);
    const { rows, total } = await repo.ordersUnder(this.p.db, q.region, { limit: Math.min(Math.max(q.limit ?? 50, 1), 200), offset: Math.max(q.offset ?? 0, 0) });
    return { items: await this.shop.present(rows, false), total };
  }

  /** 月度对账: a village's month, per item — restocked, redeemed (units, points), cancelled, expired, open, and the closing stock. */
  async statement(actor: Actor, q: { region: string; month: string }): Promise<Statement> {
    assertCan(actor, 'shop.manage', q.region);
    const range = monthRange(q.month);
    if (!range) throw badRequest('SHOP_MONTH_INVALID', 'A month is written 2026-11', { field: 'month' });
    if (q.region.length !== 12) throw new AppError('SHOP_REGION_INVALID', 422, 'A statement is per village', { field: 'region' });
    const s = await repo.statement(this.p.db, q.region, range[0], range[1]);
    const of = (itemId: string, state: string) => s.orders.find((o) => o.itemId === itemId && o.state === state);
    const stock = new Map(s.restocks.map((r) => [r.item_id, r]));
    const rows = s.items.map((i) => {
      const st = stock.get(i.id);
      return {
        itemId: i.id, name: i.name, unit: i.unit, price: i.price, restocked: Number(st?.restocked ?? 0),
        redeemed: of(i.id, 'redeemed')?.qty ?? 0, redeemedPoints: of(i.id, 'redeemed')?.points ?? 0, voided: of(i.id, 'voided')?.qty ?? 0,
        expired: of(i.id, 'expired')?.qty ?? 0, pending: of(i.id, 'pending')?.qty ?? 0,
        closingStock: Number(st?.restocked_to_end ?? 0) - Number(st?.redeemed_to_end ?? 0),
      };
    });
    const names = await this.regions.names([q.region]);
    return {
      regionCode: q.region, regionName: names[q.region] ?? q.region, month: q.month, rows,
      totals: {
        redeemed: rows.reduce((a, r) => a + r.redeemed, 0), redeemedPoints: rows.reduce((a, r) => a + r.redeemedPoints, 0),
        orders: s.orders.filter((o) => o.state === 'redeemed').reduce((a, o) => a + Number(o.n), 0), households: s.households,
      },
    };
  }

  /** Who may see an item's photo: whoever is of (or over) its shop's area (media owner for `/api/media` too). */
  async photoReaders(mediaId: string) {
    const rows = await repo.itemsWithPhoto(this.p.db, mediaId);
    return { regionCodes: rows.map((r) => r.regionCode), userIds: [] };
  }

  private async view(id: string): Promise<ItemView> {
    return (await this.shop.itemViews([(await repo.item(this.p.db, id))!]))[0];
  }

  private async managed(actor: Actor, id: string) {
    const item = await repo.item(this.p.db, id);
    if (!item) throw itemMissing();
    assertCan(actor, 'shop.manage', item.regionCode, itemMissing);
    return item;
  }

  private async checkPhoto(mediaId: string | null | undefined) {
    if (mediaId && !(await this.p.media.existing(this.p.db, [mediaId])).has(mediaId)) throw new AppError('SHOP_PHOTO_NOT_FOUND', 422, 'No such photo', { field: 'photoMediaId' });
  }
}
