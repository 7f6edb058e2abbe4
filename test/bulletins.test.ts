/**
 * Bulletins (issue 18 item 4) on each database: a finished week's 周通报 of a township is made with its
 * ranking, archived with Excel and PDF and a content hash; made again it is the same (same hash, same
 * row), and computed afresh from the same data it hashes the same; a period not over is a coded 400 and
 * writes nothing; the township's leaders are told with a link; who reads it follows the region line —
 * a village operator of the township yes, another township's 404, a resident 403.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { contentHash } from '../src/bulletins/index.ts';
import { periodOf } from '../src/platform/periods.ts';
import { makeCase } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff } from './helpers/factories.ts';
import { startReceiver } from './helpers/receiver.ts';

describeOnDatabases('bulletins', ({ vb }) => {
  it('a finished week\'s 周通报: ranked, archived, hashed the same twice, told to the leaders; a period not over is 400 and writes nothing; read along the region line only', async () => {
    const area = await makeArea(vb);
    const [town, other] = area.townships;
    const leader = await makeStaff(vb, 'leader', town);
    const villageOp = await makeStaff(vb, 'operator', area.villages[0]);
    const neighbourOp = await makeStaff(vb, 'operator', area.villages[2]); // the other township's village
    const resident = await makeResident(vb, area.villages[0]);
    const reporter = await makeStaff(vb, 'grid_worker', area.district);
    for (let i = 0; i < 3; i++) await makeCase(vb, reporter, { at: area.gridPoints[i % 2] });
    await makeCase(vb, reporter, { at: area.gridPoints[4] });
    await vb.platform.events.flush();

    // this week is over as of next Monday: the service is asked as of then
    const week = periodOf('week', new Date());
    const later = new Date(week.to.getTime() + 3_600_000);
    const s = vb.services.bulletins;
    // the township's group robot (DingTalk) hears of it with a link; the district's does not
    const robot = await startReceiver();
    await vb.services.notify.addChannel(null, { name: '乡镇两难群', regionCode: town, level: 'township', url: `${robot.url}?access_token=t` });
    await vb.services.notify.addChannel(null, { name: '区两难群', regionCode: area.district, level: 'district', url: `${robot.url}?access_token=d` });
    const first = await s.generate(null, { kind: 'weekly', regionCode: town, periodStart: week.start }, later);
    assert.equal(first.created, true);
    const b = first.bulletin;
    assert.match(b.number, /^测试镇\d+-0〔\d{4}〕第\d+期$/);
    assert.equal(b.periodStart, week.start);
    assert.ok(b.hasPdf, 'PDF rendered by the Chromium the tests use');
    const again = await s.generate(null, { kind: 'weekly', regionCode: town, periodStart: week.start }, later);
    assert.equal(again.created, false);
    assert.equal(again.bulletin.id, b.id);
    assert.equal(again.bulletin.contentHash, b.contentHash);
    const fresh = await s.compute('weekly', town, week.start, later);
    assert.equal(contentHash(fresh), b.contentHash, 'the same period computed again hashes the same');
    assert.equal(fresh.totals.current.received, 3, 'the other township\'s case is not counted');
    assert.deepEqual(fresh.indices, { branches: [] }, 'the party branches\' index table (no branch in this area)');
    assert.deepEqual(fresh.units.map((x) => x.code), [area.villages[0], area.villages[1]]);
    assert.equal(fresh.units[0].received, 3);
    // the district's bulletin ranks its townships, each summed from its villages: the same figures as the township's own
    const county = await s.compute('weekly', area.district, week.start, later);
    assert.deepEqual(county.units.map((x) => x.code), area.townships);
    const { rank: _r, onTimeChange: _c, list: _l, reasons: _w, code: _k, name: _n, ...townFigures } = county.units[0];
    assert.deepEqual(townFigures, { ...fresh.totals.current, due: townFigures.due, closedOnTime: townFigures.closedOnTime, ratings: townFigures.ratings });
    assert.equal(county.units[1].received, 1);

    // a period not over: 400 with its code, nothing written
    const count = async () => (await vb.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM bulletins', []))[0].n;
    const before = await count();
    const nextWeek = periodOf('week', new Date(week.to.getTime() + 3_600_000)).start;
    for (const periodStart of [nextWeek, week.start]) {
      const res = await vb.app.inject({ method: 'POST', url: '/api/bulletins', headers: leader.auth, payload: { kind: 'weekly', regionCode: town, periodStart } });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.code, 'BULLETIN_PERIOD_NOT_OVER');
    }
    const wrongDay = await vb.app.inject({ method: 'POST', url: '/api/bulletins', headers: leader.auth, payload: { kind: 'monthly', regionCode: town, periodStart: '2026-01-02' } });
    assert.equal(wrongDay.json().error.code, 'BULLETIN_PERIOD_INVALID');
    assert.equal(await count(), before);
    assert.equal((await vb.app.inject({ method: 'POST', url: '/api/bulletins', headers: villageOp.auth, payload: { kind: 'weekly', regionCode: town } })).statusCode, 403);

    // told in-app, with the link, to the township's leader
    await vb.platform.events.flush();
    const inbox = (await vb.app.inject({ url: '/api/notifications', headers: leader.auth })).json();
    const note = inbox.items.find((n: { link: string | null }) => n.link === `/app/bulletins/${b.id}`);
    assert.ok(note, JSON.stringify(inbox));
    assert.match(note.title, /周通报/);
    try {
      for (let i = 0; i < 100 && robot.received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(robot.received.length, 1, 'one message, to the township\'s group only');
      const m = JSON.parse(robot.received[0].body);
      assert.equal(m.msgtype, 'markdown');
      assert.ok(m.markdown.text.includes(b.number), m.markdown.text);
      assert.match(m.markdown.text, /按期结案率/);
      assert.match(m.markdown.text, /通报考核/, 'without PUBLIC_URL it says where to find it');
      assert.match(robot.received[0].url, /access_token=t/);
    } finally {
      await robot.close();
    }

    // read along the region line
    const listOf = async (auth: { authorization: string }) => {
      const res = await vb.app.inject({ url: '/api/bulletins', headers: auth });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().items.map((x: { id: string }) => x.id);
    };
    assert.ok((await listOf(leader.auth)).includes(b.id));
    assert.ok((await listOf(villageOp.auth)).includes(b.id), 'a village of the township reads its township\'s bulletin');
    assert.ok(!(await listOf(neighbourOp.auth)).includes(b.id));
    const detail = await vb.app.inject({ url: `/api/bulletins/${b.id}`, headers: villageOp.auth });
    assert.equal(detail.statusCode, 200);
    assert.equal(detail.json().content.units.length, 2);
    for (const url of [`/api/bulletins/${b.id}`, `/api/bulletins/${b.id}/files/pdf`, `/api/bulletins/${b.id}/files/xlsx`]) {
      assert.equal((await vb.app.inject({ url, headers: neighbourOp.auth })).statusCode, 404, url);
      assert.equal((await vb.app.inject({ url, headers: resident.auth })).statusCode, 403, url);
    }
    const xlsx = await vb.app.inject({ url: `/api/bulletins/${b.id}/files/xlsx`, headers: leader.auth });
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
    const pdf = await vb.app.inject({ url: `/api/bulletins/${b.id}/files/pdf`, headers: leader.auth });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    void other;
  });
});

describeOnDatabases('bulletins without Chromium', { env: { CHROMIUM_PATH: '/nonexistent/chromium' } }, ({ vb }) => {
  it('the daily job makes last week\'s for every township and district once; without Chromium they are archived with Excel and a PDF download is a coded 503', async () => {
    const area = await makeArea(vb);
    const leader = await makeStaff(vb, 'leader', area.district);
    await makeCase(vb, leader, { at: area.gridPoints[0] });
    const week = periodOf('week', new Date());
    const monday = new Date(week.to.getTime() + 7 * 3_600_000); // next Monday, 07:00 Beijing time
    const everyDayWorks = () => true;
    const first = await vb.services.bulletins.publishDue(monday, everyDayWorks);
    assert.ok(first.made >= 3, JSON.stringify(first)); // the district and its two townships at least
    const again = await vb.services.bulletins.publishDue(monday, everyDayWorks);
    assert.equal(again.made, 0);
    const mine = (await vb.services.bulletins.list(await vb.services.users.actorOf(leader.id))).filter((b) => b.periodStart === week.start && b.kind === 'weekly');
    assert.deepEqual(mine.map((b) => b.regionCode).sort(), [area.district, ...area.townships].sort());
    const b = mine[0];
    assert.equal(b.hasPdf, false);
    const pdf = await vb.app.inject({ url: `/api/bulletins/${b.id}/files/pdf`, headers: leader.auth });
    assert.equal(pdf.statusCode, 503);
    assert.equal(pdf.json().error.code, 'BULLETIN_PDF_UNAVAILABLE');
    assert.match(pdf.json().error.message, /Chromium|CHROMIUM_PATH/);
    assert.equal((await vb.app.inject({ url: `/api/bulletins/${b.id}/files/xlsx`, headers: leader.auth })).statusCode, 200);
  });
});
