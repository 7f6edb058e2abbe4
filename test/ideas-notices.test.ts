/**
 * The proposer is told (issue 20): the public answer — adopted, not adopted, merged, with the village's
 * reason — and each progress step reach the proposer's bell with a link to the idea, the answer and the
 * end also by SMS (a local receiver stands in for the SMS gateway). A refused answer tells nobody.
 * On PGlite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { makeArea, makeResident, makeStaff, type Area, type TestUser } from './builders/index.ts';

type Who = { auth: Record<string, string> };

describeOnDatabases('ideas: the proposer hears of the answer and the progress', ({ vb, beforeApp }) => {
  let sms: Receiver;
  let area: Area;
  let village: string;
  let staff: TestUser;
  beforeApp(async () => {
    sms = await startReceiver();
    return { SMS_PROVIDER: 'http', SMS_HTTP_URL: sms.url };
  });
  before(async () => {
    area = await makeArea(vb);
    village = area.villages[0];
    staff = await makeStaff(vb, 'operator', village);
  });
  after(async () => {
    await sms.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: Who, payload?: object) => vb.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });
  const propose = async (who: Who, title: string, body: string): Promise<{ id: string }> => {
    const res = await call('POST', '/api/ideas', who, { title, body });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const bell = async (who: Who): Promise<{ title: string; body: string; link: string | null }[]> => {
    await vb.platform.events.flush();
    const res = await call('GET', '/api/notifications', who);
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items;
  };
  const smsTo = async (phone: string) => {
    for (let i = 0; i < 40 && !sms.received.some((m) => JSON.parse(m.body).phone === phone); i++) await new Promise((r) => setTimeout(r, 25));
    return sms.received.filter((m) => JSON.parse(m.body).phone === phone).map((m) => JSON.parse(m.body).text as string);
  };

  it('adopted with its reason, then each progress step and the end: the bell every time, an SMS for the answer and the end', async () => {
    const p = await makeResident(vb, village);
    const idea = await propose(p, '祠堂门口装路灯', '祠堂门口晚上没有灯，看戏回来很黑，建议装两盏路灯。');
    const adopted = await call('POST', `/api/ideas/${idea.id}/answer`, staff, { outcome: 'adopted', reason: '纳入本村微改革项目，电工下周安装。' });
    assert.equal(adopted.statusCode, 200, adopted.body);
    let notes = await bell(p);
    assert.equal(notes.length, 1);
    assert.equal(notes[0].title, '您的金点子已被采纳：祠堂门口装路灯');
    assert.match(notes[0].body, /纳入本村微改革项目，电工下周安装/);
    assert.equal(notes[0].link, `/app/ideas/${idea.id}`);
    let texts = await smsTo(p.phone);
    assert.equal(texts.length, 1);
    assert.match(texts[0], /已被采纳.*电工下周安装/);

    assert.equal((await call('POST', `/api/ideas/${idea.id}/milestones`, staff, { progress: 40, note: '灯具已采购' })).statusCode, 201);
    notes = await bell(p);
    assert.ok(notes.some((n) => n.title === '您的金点子进度 40%：祠堂门口装路灯' && n.body === '灯具已采购'), JSON.stringify(notes));
    assert.equal((await smsTo(p.phone)).length, 1, 'a progress step is in the bell only');

    assert.equal((await call('POST', `/api/ideas/${idea.id}/milestones`, staff, { progress: 100, note: '两盏路灯已亮' })).statusCode, 201);
    notes = await bell(p);
    assert.ok(notes.some((n) => n.title === '您的金点子已完成：祠堂门口装路灯'), JSON.stringify(notes));
    texts = await smsTo(p.phone);
    assert.equal(texts.length, 2, 'the end comes by SMS too');
    assert.match(texts[1], /已完成/);

    // nobody else hears of it: not a supporter, not the staff
    const other = await makeResident(vb, village);
    assert.equal((await bell(other)).length, 0);
  });

  it('not adopted and merged: the reason, and for a merge the idea it went into; a refused answer tells nobody', async () => {
    const [a, b] = [await makeResident(vb, village), await makeResident(vb, village)];
    const first = await propose(a, '村口停车位划线', '周末游客车辆乱停，建议在村口空地划停车位。');
    const second = await propose(b, '村口划几个停车位', '村口空地停车乱，建议划线。');
    const refused = await call('POST', `/api/ideas/${second.id}/answer`, staff, { outcome: 'merged', reason: '重复', mergedInto: second.id });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal((await bell(b)).length, 0, 'a refused answer tells nobody');

    assert.equal((await call('POST', `/api/ideas/${second.id}/answer`, staff, { outcome: 'merged', reason: '与另一条相同，合并办理。', mergedInto: first.id })).statusCode, 200);
    const merged = await bell(b);
    assert.equal(merged.length, 1);
    assert.equal(merged[0].title, '您的金点子「村口划几个停车位」已并入「村口停车位划线」');
    assert.match(merged[0].body, /合并办理/);

    assert.equal((await call('POST', `/api/ideas/${first.id}/answer`, staff, { outcome: 'not_adopted', reason: '空地是私人承包地，村里无权划线。' })).statusCode, 200);
    const no = await bell(a);
    assert.equal(no.length, 1);
    assert.equal(no[0].title, '您的金点子暂未采纳：村口停车位划线');
    assert.match(no[0].body, /私人承包地/);
    assert.match((await smsTo(a.phone))[0] ?? '', /暂未采纳/);
  });
});
