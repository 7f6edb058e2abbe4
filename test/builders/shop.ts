/**
 * Points-shop builders: an item in a village's shop (through the console's service, as the system),
 * points awarded to a person (through the ledger), a shopkeeper granted `shop.redeem` for a village.
 */
import assert from 'node:assert/strict';
import type { VillageBrain } from '../../src/app.ts';
import { uuidv7 } from '../../src/points/index.ts';
import type { ItemView } from '../../src/shop/index.ts';
import { makeStaff, type TestUser } from '../helpers/factories.ts';

export async function makeShopItem(vb: VillageBrain, opts: { region: string; name?: string; price?: number; stock?: number; limitPerPeriod?: number; exchangeDays?: number[] }): Promise<ItemView> {
  return vb.services.shopCatalogue.create(null, {
    regionCode: opts.region, name: opts.name ?? '大米', unit: '5 kg 袋', price: opts.price ?? 100, initialStock: opts.stock ?? 10,
    limitPerPeriod: opts.limitPerPeriod ?? null, exchangeDays: opts.exchangeDays ?? [],
  });
}

/** Award `amount` points to a person's resident account (as an earning rule would). */
export async function givePoints(vb: VillageBrain, userIds: string[], amount: number): Promise<void> {
  const issuance = await vb.services.points.systemAccount('resident', 'issuance');
  const accounts = await Promise.all(userIds.map((id) => vb.services.points.accountOf(id)));
  const results = await vb.services.points.apply(accounts.map((a) => ({ id: uuidv7(), ledger: 'resident' as const, debitAccountId: issuance.id, creditAccountId: a.id, amount, code: 'award' as const })));
  assert.ok(results.every((r) => r.ok), JSON.stringify(results.find((r) => !r.ok)));
}

/** A shopkeeper: a handler of the village given `shop.redeem` there by the district's administrator, logged in again. */
export async function makeShopkeeper(vb: VillageBrain, village: string, district: string): Promise<TestUser> {
  const keeper = await makeStaff(vb, 'handler', village);
  const admin = await makeStaff(vb, 'admin', district);
  const g = await vb.app.inject({ method: 'POST', url: '/api/grants', headers: admin.auth, payload: { permission: 'shop.redeem', userId: keeper.id, regionCode: village, reason: '村积分超市店主' } });
  assert.equal(g.statusCode, 201, g.body);
  const { token } = await vb.services.auth.loginWithPassword(keeper.username, keeper.password);
  return { ...keeper, token, auth: { authorization: `Bearer ${token}` } };
}
