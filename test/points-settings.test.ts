/**
 * The points settings a district chooses (README, production settings): how long points last before they
 * expire (POINTS_KEEP_YEARS) and how long a 积分超市 order holds its points and stock (SHOP_ORDER_HOLD_DAYS on
 * the phone, SHOP_COUNTER_HOLD_MINUTES at the counter). A bad value stops the start with its name.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/platform/config.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { givePoints, makeArea, makeHousehold, makeShopItem, makeShopkeeper } from './builders/index.ts';

describe('points settings', () => {
  let vb: TestApp;
  before(async () => {
    vb = await createTestApp('pglite', { POINTS_KEEP_YEARS: '2', SHOP_ORDER_HOLD_DAYS: '3', SHOP_COUNTER_HOLD_MINUTES: '5' });
  });
  after(async () => {
    await vb?.destroy();
  });

  it('refuses values out of range, naming them', () => {
    assert.throws(() => loadConfig({ POINTS_KEEP_YEARS: '-1' }), /POINTS_KEEP_YEARS/);
    assert.throws(() => loadConfig({ SHOP_ORDER_HOLD_DAYS: '0' }), /SHOP_ORDER_HOLD_DAYS/);
    assert.throws(() => loadConfig({ SHOP_COUNTER_HOLD_MINUTES: 'soon' }), /SHOP_COUNTER_HOLD_MINUTES/);
    const d = loadConfig({});
    assert.deepEqual([d.pointsKeepYears, d.shopOrderHoldDays, d.shopCounterHoldMinutes], [1, 7, 15]);
  });

  it('points earned in a year expire two years after it ends, and orders hold 3 days on the phone, 5 minutes at the counter', async () => {
    const area = await makeArea(vb);
    const village = area.villages[0];
    const { head } = await makeHousehold(vb, { village, size: 2 });
    await givePoints(vb, [head.id], 300);
    const now = new Date();
    const expiring = (await vb.app.inject({ method: 'GET', url: '/api/me/points/expiring', headers: head.auth })).json();
    assert.equal(expiring.keepYears, 2);
    // what is told now is the cycle of the year before last, expiring at the end of this year
    assert.equal(expiring.cycle, Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now)) - 2);

    const item = await makeShopItem(vb, { region: village, name: '酱油', price: 20, stock: 5 });
    const phone = await vb.app.inject({ method: 'POST', url: '/api/shop/orders', headers: head.auth, payload: { itemId: item.id } });
    assert.equal(phone.statusCode, 201, phone.body);
    assert.equal(Date.parse(phone.json().expiresAt) - Date.parse(phone.json().createdAt), 3 * 86_400_000);

    const keeper = await makeShopkeeper(vb, village, area.district);
    const card = (await vb.app.inject({ method: 'GET', url: '/api/me/household', headers: head.auth })).json().household.cardToken;
    const counter = await vb.app.inject({ method: 'POST', url: '/api/shop/counter/orders', headers: keeper.auth, payload: { cardToken: card, itemId: item.id } });
    assert.equal(counter.statusCode, 201, counter.body);
    assert.equal(Date.parse(counter.json().expiresAt) - Date.parse(counter.json().createdAt), 5 * 60_000);
  });
});
