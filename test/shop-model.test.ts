/**
 * The points shop's order machine, property-based (fast-check): random sequences of orders by two
 * households, 核销, cancels and the clock moving on (holds running out) against a model of the stock,
 * the balances and every order's state — through the real services on PGlite and PostgreSQL. After each
 * step the answer (or the refusal's code) is the model's; at the end the item's stock account and the
 * buyers' available points are the model's, and the stock was never negative.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import fc from 'fast-check';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { givePoints, makeArea, makeHousehold, makeShopItem, makeShopkeeper } from './builders/index.ts';
import type { Actor } from '../src/platform/access.ts';

const STOCK = 3;
const PRICE = 40;
const POINTS = 100;
const HOLD_MS = 7 * 86_400_000;

type Step = { t: 'order'; h: 0 | 1 } | { t: 'redeem'; k: number } | { t: 'cancel'; k: number } | { t: 'wait'; minutes: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('order' as const), h: fc.constantFrom(0 as const, 1 as const) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('redeem' as const), k: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('cancel' as const), k: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 12_000 }) }) },
);

describeOnDatabases('points shop order machine', ({ vb }) => {
  let village: string;
  let keeper: Actor;
  // every run starts later than the last one ended: holds of earlier runs never run out inside a later one
  let clock = Date.now();
  before(async () => {
    const area = await makeArea(vb);
    village = area.villages[0];
    keeper = await vb.services.users.actorOf((await makeShopkeeper(vb, village, area.district)).id);
  });

  it('orders, 核销, cancels and holds running out keep stock and points as the model says', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
      const item = await makeShopItem(vb, { region: village, name: '模型米', price: PRICE, stock: STOCK });
      const buyers = [(await makeHousehold(vb, { village, size: 1 })).head, (await makeHousehold(vb, { village, size: 1 })).head];
      await givePoints(vb, buyers.map((b) => b.id), POINTS);
      const actors = await Promise.all(buyers.map((b) => vb.services.users.actorOf(b.id)));
      let now = (clock += 30 * 86_400_000);
      const orders: { id: string; token: string; h: number; state: 'pending' | 'redeemed' | 'voided'; expiresAt: number }[] = [];
      const live = (o: (typeof orders)[number]) => o.state === 'redeemed' || (o.state === 'pending' && o.expiresAt > now);
      const stockLeft = () => STOCK - orders.filter(live).length;
      const spendable = (h: number) => POINTS - PRICE * orders.filter((o) => o.h === h && live(o)).length;
      const code = async (f: () => Promise<unknown>) => f().then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));
      for (const s of steps) {
        if (s.t === 'wait') {
          now += s.minutes * 60_000;
          await vb.services.points.expireDue(new Date(now));
          await vb.services.shop.markExpired(new Date(now));
          continue;
        }
        if (s.t === 'order') {
          // the pair's first transfer is the points: a buyer short of points hears that before the stock
          const expected = spendable(s.h) < PRICE ? 'SHOP_BALANCE_TOO_LOW' : stockLeft() < 1 ? 'SHOP_OUT_OF_STOCK' : 'ok';
          let made: Awaited<ReturnType<typeof vb.services.shop.order>> | undefined;
          const got = await code(async () => { made = await vb.services.shop.order(actors[s.h], { itemId: item.id }, new Date(now)); });
          assert.equal(got, expected, `order by ${s.h}`);
          if (made) orders.push({ id: made.id, token: made.token, h: s.h, state: 'pending', expiresAt: now + HOLD_MS });
          continue;
        }
        const o = orders[s.k];
        if (!o) continue;
        const expected = o.state !== 'pending' || o.expiresAt <= now ? 'SHOP_ORDER_NOT_PENDING' : 'ok';
        const got = await code(() => (s.t === 'redeem' ? vb.services.shop.redeem(keeper, o.token, new Date(now)) : vb.services.shop.cancel(actors[o.h], o.id, new Date(now))));
        assert.equal(got, expected, `${s.t} of order ${s.k}`);
        if (got === 'ok') o.state = s.t === 'redeem' ? 'redeemed' : 'voided';
      }
      // let every hold still open run out, so the ledger's totals are settled
      now += HOLD_MS + 60_000;
      await vb.services.points.expireDue(new Date(now));
      const [row] = await vb.platform.database.raw<Record<string, number>>('SELECT * FROM points_accounts WHERE id = (SELECT stock_account_id FROM shop_items WHERE id = $1)', [item.id]);
      const redeemed = orders.filter((o) => o.state === 'redeemed').length;
      assert.equal(Number(row.credits_posted) - Number(row.debits_posted), STOCK - redeemed, 'on the shelf');
      assert.equal(Number(row.debits_pending), 0);
      const available = await vb.services.points.availableOf(buyers.map((b) => b.id));
      buyers.forEach((b, h) => assert.equal(available[b.id], POINTS - PRICE * orders.filter((o) => o.h === h && o.state === 'redeemed').length, `buyer ${h}`));
    }), { numRuns: 12 });
  });
});
