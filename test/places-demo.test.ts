/**
 * The demo's places (issue 20 item 2's "done"): on the seeded demo, a tourist (no login) finds 余东村 among
 * the villages to visit, two 金宿 homestays on its map, the museum's shop by searching, the museum's page
 * with its shop and the shop's 点钻画; the console's queue holds the two owners' changes; the 数字产业
 * board counts the village's homestays by grade, its enterprise and 共富工坊, its products.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { industryBoard } from '../src/places/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';

describeOnDatabases('demo places', ({ vb }) => {
  it('余东村: homestays by grade, the museum and its shop with 点钻画, products with photos, two changes waiting', async () => {
    await seedDemo(vb.platform, vb.services, { history: false });
    const get = (url: string) => vb.app.inject({ method: 'GET', url });
    const villages = (await get('/api/places/public/villages')).json().items as { regionCode: string; name: string; places: number }[];
    const yudong = villages.find((v) => v.name === '余东村')!;
    assert.ok(yudong && yudong.places >= 20, JSON.stringify(villages));
    const guide = (await get(`/api/places/public/villages/${yudong.regionCode}`)).json();
    assert.match(guide.intro, /农民画/);
    assert.equal(guide.counts.homestay, 6);

    const gold = (await get(`/api/places/public?region=${yudong.regionCode}&kind=homestay&grade=gold`)).json();
    assert.equal(gold.total, 2);
    const shop = (await get(`/api/places/public?region=${yudong.regionCode}&q=${encodeURIComponent('文创商店')}`)).json().items[0];
    assert.equal(shop.name, '美术馆文创商店');
    const museum = (await get(`/api/places/public/${shop.partOf}`)).json();
    assert.equal(museum.name, '中国乡村美术馆');
    assert.deepEqual(museum.parts.map((p: { name: string }) => p.name), ['美术馆文创商店']);
    const shopPage = (await get(`/api/places/public/${shop.id}`)).json();
    assert.ok(shopPage.parts.some((p: { name: string; price: number }) => p.name.includes('点钻画') && p.price > 0));
    const photo = await get(shopPage.parts[0].cover);
    assert.equal(photo.statusCode, 200);
    assert.equal(photo.headers['content-type'], 'image/jpeg');

    const admin = await vb.services.users.actorOf((await vb.platform.database.raw<{ id: string }>("SELECT id::text FROM users WHERE username = 'admin'", []))[0].id);
    const queue = await vb.services.places.list(admin, { region: yudong.regionCode, queue: true });
    assert.deepEqual(queue.items.map((p) => p.name).sort(), ['余家小院', '山茶花民宿'].sort());
    const yu = queue.items.find((p) => p.name === '余家小院')!;
    assert.equal(yu.revision?.attrs.priceFrom, 180);
    assert.equal(yu.attrs.priceFrom, 160, 'tourists still see the published price');

    const board = await industryBoard(vb.platform.db, yudong.regionCode);
    assert.deepEqual(board.homestays.byGrade, { platinum: 1, gold: 2, silver: 2, ungraded: 1 });
    assert.equal(board.totals.enterprises, 1);
    assert.equal(board.totals.workshops, 1);
    assert.equal(board.totals.jobsForVillagers, 63);
    assert.equal(board.products, 6);
  });
});
