/**
 * 积分超市 (issue 19 item 1) through the HTTP API on PGlite and PostgreSQL: a villager orders with points,
 * the shopkeeper redeems (核销), points and stock move through the ledger, earned points do not. Every
 * bad input of the issue is shown with its status and code and with nothing written (the shop's rows,
 * the ledger's transfers and the accounts' totals before and after).
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import ExcelJS from 'exceljs';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { givePoints, makeArea, makeHousehold, makeShopItem, makeShopkeeper, makeStaff, type Area, type TestUser } from './builders/index.ts';

describeOnDatabases('points shop', ({ vb }) => {
  let area: Area;
  let village: string;
  let keeper: TestUser;
  let manager: TestUser;
  before(async () => {
    area = await makeArea(vb);
    village = area.villages[0];
    keeper = await makeShopkeeper(vb, village, area.district);
    manager = await makeStaff(vb, 'operator', village);
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: { auth: Record<string, string> }, payload?: object) =>
    vb.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });
  /** What the shop and the ledger hold: a change to any of it is a write. */
  const written = async () => {
    const [r] = await vb.platform.database.raw<Record<string, string>>(`SELECT
      (SELECT count(*) FROM shop_orders)::text AS orders, (SELECT count(*) FROM shop_items)::text AS items, (SELECT count(*) FROM shop_restocks)::text AS restocks,
      (SELECT count(*) FROM points_transfers)::text AS transfers,
      (SELECT coalesce(sum(debits_posted + credits_posted + debits_pending + credits_pending), 0) FROM points_accounts)::text AS totals`, []);
    return r;
  };
  const refused = async (status: number, code: string, send: () => Promise<{ statusCode: number; body: string; json(): { error: { code: string; details: Record<string, unknown>; message: string } } }>) => {
    const before = await written();
    const res = await send();
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().error.code, code);
    assert.deepEqual(await written(), before, 'nothing written');
    return res.json().error;
  };
  const household = async (points: number, size = 2) => {
    const h = await makeHousehold(vb, { village, size });
    if (points) await givePoints(vb, [h.head.id], points);
    return h;
  };
  const myPoints = async (who: { auth: Record<string, string> }) => (await call('GET', '/api/me/points', who)).json();

  it('a villager orders rice on the phone, the shopkeeper scans and confirms: points and stock move, earned does not', async () => {
    const item = await makeShopItem(vb, { region: village, name: '大米', price: 120, stock: 5 });
    const { head } = await household(500);
    const before = await myPoints(head);
    // what the credit-loan quota reads: points earned in the last 12 months
    const account = await vb.services.points.accountOf(head.id);
    const earned12 = () => vb.services.points.repo.earnedIn(account.id, new Date(Date.now() - 365 * 86_400_000), new Date(Date.now() + 1000));
    const earnedBefore = await earned12();
    assert.equal(earnedBefore, 500);
    const cat = (await call('GET', '/api/shop/catalogue', head)).json();
    assert.equal(cat.available, 500);
    assert.deepEqual(cat.items.map((i: { name: string; stock: { available: number } }) => [i.name, i.stock.available]), [['大米', 5]]);

    const ordered = await call('POST', '/api/shop/orders', head, { itemId: item.id });
    assert.equal(ordered.statusCode, 201, ordered.body);
    const order = ordered.json();
    assert.equal(order.state, 'pending');
    assert.equal(order.points, 120);
    assert.equal(Date.parse(order.expiresAt) - Date.parse(order.createdAt), 7 * 86_400_000);
    // held, not spent: the points are no longer available, the stock is reserved
    assert.equal((await call('GET', '/api/shop/catalogue', head)).json().available, 380);
    assert.deepEqual((await vb.services.shop.itemViews([{ ...(await row(item.id)) }]))[0].stock, { onShelf: 5, reserved: 1, available: 4 });

    const seen = await call('GET', `/api/shop/orders/by-token/${order.token}`, keeper);
    assert.equal(seen.statusCode, 200, seen.body);
    assert.match(seen.json().buyerName, /\*/, 'the shopkeeper sees the name masked');
    const done = await call('POST', `/api/shop/orders/by-token/${order.token}/redeem`, keeper);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().state, 'redeemed');

    const after = await myPoints(head);
    assert.equal(after.spendable, before.spendable - 120);
    assert.equal(after.earnedThisYear, before.earnedThisYear, 'spending never lowers earned');
    assert.equal(after.household.earnedThisYear, before.household.earnedThisYear, 'nor the household\'s');
    assert.equal(await earned12(), earnedBefore, 'the 12 months\' earned points the loan quota reads are unchanged');
    assert.deepEqual((await vb.services.shop.itemViews([await row(item.id)]))[0].stock, { onShelf: 4, reserved: 0, available: 4 });
    const mine = (await call('GET', '/api/shop/orders/mine', head)).json();
    assert.equal(mine.items[0].state, 'redeemed');
    // a second 核销 of the same order
    await refused(409, 'SHOP_ORDER_NOT_PENDING', () => call('POST', `/api/shop/orders/by-token/${order.token}/redeem`, keeper));
  });

  it('the last unit ordered by 100 households at once: exactly one gets it, the stock never goes below zero', async () => {
    const item = await makeShopItem(vb, { region: village, name: '食用油', price: 50, stock: 1 });
    const heads = [];
    for (let i = 0; i < 100; i++) heads.push((await makeHousehold(vb, { village, size: 1 })).head);
    await givePoints(vb, heads.map((h) => h.id), 100);
    const answers = await Promise.all(heads.map((h) => call('POST', '/api/shop/orders', h, { itemId: item.id })));
    const codes = answers.map((a) => (a.statusCode === 201 ? 'ok' : `${a.statusCode} ${a.json().error.code}`));
    assert.equal(codes.filter((c) => c === 'ok').length, 1, codes.join(','));
    assert.ok(codes.filter((c) => c !== 'ok').every((c) => c === '409 SHOP_OUT_OF_STOCK'), codes.join(','));
    const [n] = await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM shop_orders WHERE item_id = $1', [item.id]);
    assert.equal(n.n, 1);
    assert.deepEqual((await vb.services.shop.itemViews([await row(item.id)]))[0].stock, { onShelf: 1, reserved: 1, available: 0 });
    const [bad] = await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM points_accounts WHERE debits_must_not_exceed_credits AND debits_posted + debits_pending > credits_posted', []);
    assert.equal(bad.n, 0);
  });

  it('over the spendable balance, over the period limit, not an exchange day: 409 naming the limit, nothing written', async () => {
    const rice = await makeShopItem(vb, { region: village, name: '毛巾', price: 300, stock: 10, limitPerPeriod: 2 });
    const { head } = await household(250);
    const poor = await refused(409, 'SHOP_BALANCE_TOO_LOW', () => call('POST', '/api/shop/orders', head, { itemId: rice.id }));
    assert.deepEqual(poor.details, { price: 300, available: 250 });
    await givePoints(vb, [head.id], 2000);
    for (let i = 0; i < 2; i++) assert.equal((await call('POST', '/api/shop/orders', head, { itemId: rice.id })).statusCode, 201);
    const limit = await refused(409, 'SHOP_LIMIT_REACHED', () => call('POST', '/api/shop/orders', head, { itemId: rice.id }));
    assert.deepEqual(limit.details, { limit: 2, used: 2, period: 'month', periodZh: '月' });
    // another member of the same household meets the same limit
    const today = Number(new Intl.DateTimeFormat('en', { day: 'numeric', timeZone: 'Asia/Shanghai' }).format(new Date()));
    const soap = await makeShopItem(vb, { region: village, name: '洗衣液', price: 10, exchangeDays: [(today % 28) + 1] });
    const day = await refused(409, 'SHOP_NOT_EXCHANGE_DAY', () => call('POST', '/api/shop/orders', head, { itemId: soap.id }));
    assert.equal(day.details.days, String((today % 28) + 1));
  });

  it('unknown item, another village\'s shop, a villager without a household, a redeem of a voided or foreign order', async () => {
    const { head } = await household(1000);
    await refused(404, 'SHOP_ITEM_NOT_FOUND', () => call('POST', '/api/shop/orders', head, { itemId: '01890a5d-ac96-774b-bcce-b302099a8057' }));
    const elsewhere = await makeShopItem(vb, { region: area.villages[1], name: '酱油' });
    await refused(404, 'SHOP_ITEM_NOT_FOUND', () => call('POST', '/api/shop/orders', head, { itemId: elsewhere.id }));
    const item = await makeShopItem(vb, { region: village, name: '肥皂', price: 20 });
    const loner = (await import('./builders/index.ts')).makeResident;
    const alone = await loner(vb, village);
    await refused(422, 'SHOP_NO_HOUSEHOLD', () => call('POST', '/api/shop/orders', alone, { itemId: item.id }));
    await refused(400, 'VALIDATION_FAILED', () => call('POST', '/api/shop/orders', head, { itemId: item.id, quantity: 0 }));

    // cancelled by the villager: points and stock come back; its QR no longer redeems
    const o = (await call('POST', '/api/shop/orders', head, { itemId: item.id })).json();
    const cancelled = await call('POST', `/api/shop/orders/${o.id}/cancel`, head);
    assert.equal(cancelled.json().state, 'voided');
    assert.equal((await call('GET', '/api/shop/catalogue', head)).json().available, 1000);
    await refused(409, 'SHOP_ORDER_NOT_PENDING', () => call('POST', `/api/shop/orders/by-token/${o.token}/redeem`, keeper));
    // another village's shopkeeper: the order does not exist for them
    const other = await makeShopkeeper(vb, area.villages[1], area.district);
    const o2 = (await call('POST', '/api/shop/orders', head, { itemId: item.id })).json();
    await refused(404, 'SHOP_ORDER_NOT_FOUND', () => call('POST', `/api/shop/orders/by-token/${o2.token}/redeem`, other));
    await refused(404, 'SHOP_ORDER_NOT_FOUND', () => call('GET', `/api/shop/orders/by-token/nosuchtoken`, keeper));
    // a staff member without the grant is not a shopkeeper
    await refused(403, 'FORBIDDEN', () => call('POST', `/api/shop/orders/by-token/${o2.token}/redeem`, manager));
  });

  it('an order whose hold ran out cannot be redeemed, and its points and stock come back', async () => {
    const item = await makeShopItem(vb, { region: village, name: '香皂', price: 40, stock: 1 });
    const { head } = await household(100);
    const actor = await vb.services.users.actorOf(head.id);
    const past = new Date(Date.now() - 8 * 86_400_000);
    const o = await vb.services.shop.order(actor, { itemId: item.id }, past);
    await refused(409, 'SHOP_ORDER_NOT_PENDING', () => call('POST', `/api/shop/orders/by-token/${o.token}/redeem`, keeper));
    await vb.services.points.expireDue();
    assert.ok((await vb.services.shop.markExpired()) >= 1);
    assert.equal((await call('GET', '/api/shop/catalogue', head)).json().available, 100);
    assert.equal((await vb.services.shop.itemViews([await row(item.id)]))[0].stock.available, 1);
  });

  it('at the counter: the shopkeeper scans the household card, orders for it (held 15 minutes) and confirms', async () => {
    const item = await makeShopItem(vb, { region: village, name: '牙膏', price: 30, stock: 3 });
    const h = await household(0, 3);
    await givePoints(vb, [h.members[2].id], 200);
    const card = (await call('GET', '/api/me/household', h.head)).json().household.cardToken;
    const scan = await call('GET', `/api/shop/counter/${card}`, keeper);
    assert.equal(scan.statusCode, 200, scan.body);
    assert.equal(scan.json().available, 200);
    const o = await call('POST', '/api/shop/counter/orders', keeper, { cardToken: card, itemId: item.id });
    assert.equal(o.statusCode, 201, o.body);
    assert.equal(Date.parse(o.json().expiresAt) - Date.parse(o.json().createdAt), 15 * 60_000);
    assert.equal((await call('POST', `/api/shop/orders/by-token/${o.json().token}/redeem`, keeper)).json().state, 'redeemed');
    assert.equal((await vb.services.points.availableOf([h.members[2].id]))[h.members[2].id], 170, 'paid by the member who had the points');
    const other = await makeShopkeeper(vb, area.villages[1], area.district);
    await refused(404, 'SHOP_CARD_NOT_FOUND', () => call('POST', '/api/shop/counter/orders', other, { cardToken: card, itemId: item.id }));
  });

  it('the console: items, restock, and the month\'s statement agree with the ledger', async () => {
    const created = await call('POST', '/api/shop/items', manager, { regionCode: village, name: '洗洁精', unit: '1 瓶', price: 25, initialStock: 4, exchangeDays: [15] });
    assert.equal(created.statusCode, 201, created.body);
    await refused(400, 'VALIDATION_FAILED', () => call('POST', '/api/shop/items', manager, { regionCode: village, name: '洗洁精', unit: '1 瓶', price: 25, exchangeDays: [31] }));
    await refused(422, 'SHOP_PHOTO_NOT_FOUND', () => call('POST', '/api/shop/items', manager, { regionCode: village, name: 'x', unit: '1', price: 1, photoMediaId: 'a'.repeat(64) }));
    await refused(403, 'FORBIDDEN', () => call('POST', '/api/shop/items', manager, { regionCode: area.villages[1], name: 'x', unit: '1', price: 1 }));
    const id = created.json().id;
    const restocked = await call('POST', `/api/shop/items/${id}/restock`, manager, { quantity: 6 });
    assert.equal(restocked.json().stock.onShelf, 10);
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const s = await call('GET', `/api/shop/statement?region=${village}&month=${month}`, manager);
    assert.equal(s.statusCode, 200, s.body);
    const views = (await call('GET', `/api/shop/items?region=${village}`, manager)).json().items;
    for (const r of s.json().rows) assert.equal(r.closingStock, views.find((v: { id: string }) => v.id === r.itemId).stock.onShelf, r.name);
    assert.ok(s.json().totals.redeemed >= 1);
    // the same figures as a workbook for the village accountant
    const xlsx = await call('GET', `/api/shop/statement.xlsx?region=${village}&month=${month}`, manager);
    assert.equal(xlsx.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const total = sheet.getRow(sheet.rowCount);
    assert.deepEqual([total.getCell(5).value, total.getCell(6).value], [s.json().totals.redeemed, s.json().totals.redeemedPoints]);
    assert.equal(sheet.rowCount, 3 + s.json().rows.length + 1);
    await refused(400, 'SHOP_MONTH_INVALID', () => call('GET', `/api/shop/statement?region=${village}&month=2026-13`, manager));
  });

  const row = async (id: string) => (await import('../src/shop/shop.repository.ts')).item(vb.platform.db, id).then((r) => r!);
});
