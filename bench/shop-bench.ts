/**
 * Points-shop benchmark (issue 19): 100 households order and redeem the same item at once, with stock
 * for only half of them — every order a pending linked pair in the ledger with its row and limit lock,
 * every 核销 a posted pair. Checks: exactly as many succeed as there was stock, the stock account never
 * below zero, the shop credited exactly what the succeeding orders cost (0 double spends). Beside it,
 * in the same run on the same database, the floor: the same transfers (pending pair, then post pair)
 * applied to the ledger directly, 100 callers at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCore } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { uuidv7 } from '../src/points/index.ts';
import { areaFeatures } from '../test/helpers/factories.ts';
import { withDatabase } from './cases-bench.ts';
import { fmt, type BenchRow } from './lib.ts';

const N = 100;
const STOCK = 50;
const PRICE = 10;

async function once(env: Record<string, string>, label: string): Promise<BenchRow> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-shop-'));
  const core = await buildCore(loadConfig({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { logger: createLogger('silent', { pretty: false }) });
  try {
    const s = core.services;
    const { features, area } = areaFeatures(9);
    await s.regions.importGeoJson(null, { type: 'FeatureCollection', features });
    const village = area.villages[0];
    const people: string[] = [];
    for (let i = 0; i < 2 * N; i++) {
      const u = await s.users.createUser(null, { displayName: `村民${i}`, phone: `1371${String(process.pid % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`, kind: 'resident', homeRegionCode: village, memberships: [{ role: 'resident', regionCode: village }] });
      await s.households.create(null, { regionCode: village, name: `户${i}`, address: `村 ${i} 号`, headUserId: u.id });
      people.push(u.id);
    }
    const issuance = await s.points.systemAccount('resident', 'issuance');
    const accounts = await Promise.all(people.map((id) => s.points.accountOf(id)));
    await s.points.apply(accounts.map((a) => ({ id: uuidv7(), ledger: 'resident' as const, debitAccountId: issuance.id, creditAccountId: a.id, amount: 100, code: 'award' as const })));
    const item = await s.shopCatalogue.create(null, { regionCode: village, name: '大米', unit: '袋', price: PRICE, initialStock: STOCK });
    const keeper = await s.users.createUser(null, { username: `bench-keeper-${process.pid}`, displayName: '店主', password: 'bench-password-1', kind: 'staff', homeRegionCode: village, memberships: [{ role: 'admin', regionCode: village }] });
    const keeperActor = { ...(await s.users.actorOf(keeper.id)), grants: [{ permission: 'shop.redeem', scope: village }] };

    // the shop: order and redeem, 100 households at once
    const buyers = await Promise.all(people.slice(0, N).map((id) => s.users.actorOf(id)));
    const t0 = performance.now();
    const outcomes = await Promise.allSettled(buyers.map(async (b) => {
      const o = await s.shop.order(b, { itemId: item.id });
      return s.shop.redeem(keeperActor, o.token);
    }));
    const ms = performance.now() - t0;
    const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
    const [view] = await s.shop.itemViews([{ ...(await import('../src/shop/shop.repository.ts').then((r) => r.item(core.platform.db, item.id)))! }]);
    const shop = (await s.points.accountsByIds([(await s.points.systemAccount('resident', 'shop')).id]))[0];
    const doubleSpends = Math.abs(STOCK - view.stock.onShelf - ok) + Math.abs(shop.creditsPosted - ok * PRICE) + (view.stock.onShelf < 0 ? 1 : 0);
    if (ok !== STOCK || doubleSpends !== 0) throw new Error(`shop bench: ${ok} of ${N} succeeded with stock ${STOCK}; ${doubleSpends} double spends`);

    // the floor: the same pairs straight into the ledger, pending then post, 100 callers at once
    const stockAcct = await s.points.holderAccount(uuidv7(), 'shop_stock', village);
    const stockIssuance = await s.points.systemAccount('shop_stock', 'issuance');
    await s.points.apply([{ id: uuidv7(), ledger: 'shop_stock', debitAccountId: stockIssuance.id, creditAccountId: stockAcct.id, amount: STOCK, code: 'stock' }]);
    const shopAcct = await s.points.systemAccount('resident', 'shop');
    const floorBuyers = accounts.slice(N);
    const t1 = performance.now();
    await Promise.all(floorBuyers.map(async (a) => {
      const goods = await s.points.holderAccount(uuidv7(), 'shop_stock', village);
      const [p1, p2] = [uuidv7(), uuidv7()];
      const r = await s.points.apply([
        { id: p1, kind: 'pending', ledger: 'resident', debitAccountId: a.id, creditAccountId: shopAcct.id, amount: PRICE, code: 'spend', timeoutSeconds: 900, linked: true },
        { id: p2, kind: 'pending', ledger: 'shop_stock', debitAccountId: stockAcct.id, creditAccountId: goods.id, amount: 1, code: 'stock', timeoutSeconds: 900 },
      ]);
      if (r.every((x) => x.ok)) await s.points.apply([{ id: uuidv7(), kind: 'post', pendingId: p1, linked: true }, { id: uuidv7(), kind: 'post', pendingId: p2 }]);
    }));
    const floorMs = performance.now() - t1;
    const rate = (ok / ms) * 1000;
    const floorRate = (STOCK / floorMs) * 1000;
    return {
      name: `shop: ${N} households order + 核销 one item at once, stock ${STOCK} (${label})`,
      value: `${fmt(rate, 1)} redemptions/s, ${ok} succeeded, 0 double spends`,
      baseline: `${fmt(floorRate, 1)}/s: the same pending + post pairs applied to the ledger directly`,
      ratio: fmt(rate / floorRate, 3),
      target: '0 double spends',
      ok: doubleSpends === 0,
    };
  } finally {
    await core.platform.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchShop(): Promise<BenchRow[]> {
  return [await once({}, 'PGlite'), await withDatabase((url) => once({ DATABASE_URL: url }, 'PostgreSQL'))];
}
