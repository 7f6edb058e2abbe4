/**
 * Quiet hours: non-urgent SMS and robot messages wait for the end of the window (deferred, not
 * dropped), urgent ones go at once, the bell gets everything at once. The window arithmetic is a
 * property test; the deferral runs on both databases with a moved clock.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { emitEvent } from '../src/platform/events.ts';
import { isQuietAt, parseQuietHours, sendableAt } from '../src/notify/quiet-hours.ts';
import { loadConfig } from '../src/platform/config.ts';
import { makeCase } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makePhone, makeStaff } from './helpers/factories.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';

/** A Beijing wall-clock time on a day in the future, as an instant. */
const beijing = (daysAhead: number, hh: number, mm: number) => {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return new Date(day + (hh - 8) * 3_600_000 + mm * 60_000);
};

describe('quiet hours: the window', () => {
  it('parses windows and refuses nonsense (config reports it)', () => {
    assert.deepEqual(parseQuietHours('22:00-07:00'), { from: 22 * 60, to: 7 * 60 });
    assert.deepEqual(parseQuietHours('12:30 – 14:00'), { from: 12 * 60 + 30, to: 14 * 60 });
    assert.equal(parseQuietHours('off'), null);
    for (const bad of ['22-07', '25:00-07:00', '22:00-07:61', 'night']) assert.throws(() => parseQuietHours(bad));
    assert.throws(() => loadConfig({ NOTIFY_QUIET_HOURS: 'night' }), /NOTIFY_QUIET_HOURS/);
    assert.equal(loadConfig({}).notifyQuietHours, '22:00-07:00');
  });

  it('22:00–07:00 Beijing: 23:30 and 06:59 are quiet, 07:00 and 21:59 are not; 23:30 waits until 07:00 the next morning', () => {
    const q = parseQuietHours('22:00-07:00');
    assert.equal(isQuietAt(beijing(1, 23, 30), q), true);
    assert.equal(isQuietAt(beijing(1, 6, 59), q), true);
    assert.equal(isQuietAt(beijing(1, 7, 0), q), false);
    assert.equal(isQuietAt(beijing(1, 21, 59), q), false);
    assert.equal(sendableAt(beijing(1, 23, 30), q).getTime(), beijing(2, 7, 0).getTime());
    assert.equal(sendableAt(beijing(1, 3, 0), q).getTime(), beijing(1, 7, 0).getTime());
    assert.equal(sendableAt(beijing(1, 12, 0), q).getTime(), beijing(1, 12, 0).getTime());
  });

  it('property: a message is sendable no earlier than asked, outside the window, within a day, and never while it is quiet in between', () => {
    const minute = fc.integer({ min: 0, max: 24 * 60 - 1 });
    fc.assert(fc.property(minute, minute, fc.integer({ min: 0, max: 400 * 86_400_000 }), (from, to, offset) => {
      const q = { from, to };
      const at = new Date(Date.UTC(2026, 0, 1) + offset);
      const out = sendableAt(at, q);
      assert.ok(out.getTime() >= at.getTime());
      assert.ok(out.getTime() - at.getTime() < 86_400_000);
      assert.equal(isQuietAt(out, q), false);
      if (out.getTime() > at.getTime()) {
        assert.equal(isQuietAt(at, q), true);
        // every minute before it is still quiet (nothing was held back longer than the window)
        assert.equal(isQuietAt(new Date(out.getTime() - 60_000), q), true);
      }
    }), { numRuns: 2000 });
  });
});

describeOnDatabases('quiet hours: deferred, not dropped; urgent always goes', ({ vb, beforeApp }) => {
  let sms: Receiver;
  let robot: Receiver;
  beforeApp(async () => {
    sms = await startReceiver();
    robot = await startReceiver();
    return { SMS_PROVIDER: 'http', SMS_HTTP_URL: sms.url, NOTIFY_QUIET_HOURS: '22:00-07:00' };
  });
  after(async () => {
    await sms.close();
    await robot.close();
  });

  it('a task dispatched at 23:30 is in the bell at once, its SMS and robot message at 07:00; a critical alarm at 23:30 goes at once', async () => {
    const area = await makeArea(vb);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const gw = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const phone = makePhone();
    await vb.platform.database.raw('UPDATE users SET phone = $1 WHERE id = $2', [phone, gw.id]);
    await vb.services.notify.addChannel(null, { name: '村两难群', regionCode: area.villages[0], level: 'village', url: robot.url });
    await vb.services.notify.addChannel(null, { name: '乡镇两难群', regionCode: area.townships[0], level: 'township', url: robot.url });
    const desk = vb.services.notify.desk;
    desk.now = () => beijing(1, 23, 30);
    const [lon, lat] = area.gridPoints[0];
    const opActor = await vb.services.users.actorOf(op.id);
    const c = await makeCase(vb, gw, { at: [lon, lat], title: '夜间普通事件', categoryCode: '0201', source: 'grid_worker' });
    await vb.services.cases.act(opActor, c.id, { action: 'register' });
    await vb.services.cases.act(opActor, c.id, { action: 'dispatch', assigneeId: gw.id });
    await vb.platform.events.flush();
    await vb.services.cases.act(opActor, c.id, { action: 'escalate', reason: '夜间上报测试' });
    await vb.platform.events.flush();
    const inbox = (await vb.app.inject({ url: '/api/notifications', headers: gw.auth })).json();
    assert.equal(inbox.unread, 1, 'the bell at once');
    const toGw = () => sms.received.filter((m) => JSON.parse(m.body).phone === phone);
    assert.equal(toGw().length, 0, 'no SMS at 23:30');
    assert.equal(robot.received.filter((m) => m.body.includes(c.no)).length, 0, 'no robot message at 23:30');

    // urgent: a critical alarm at 23:30 rings at once
    const alarmId = crypto.randomUUID();
    await vb.platform.tx((tx) => emitEvent(tx, 'alarm.raised', { alarmId, asset: '夜间水库', type: 'water_level', severity: 'critical', rose: true }, { regionCode: area.villages[0], aggregateId: alarmId }));
    await vb.platform.events.flush();
    await vb.platform.events.flush();
    assert.equal(toGw().length, 1, 'the alarm SMS went');
    assert.match(JSON.parse(toGw()[0].body).text, /危急告警/);
    assert.equal(robot.received.filter((m) => m.body.includes('夜间水库')).length, 1, 'the township robot heard of the alarm');

    // 03:00: still quiet; 07:01: everything waiting goes, once
    desk.now = () => beijing(2, 3, 0);
    await vb.services.notify.clockWork();
    assert.equal(toGw().length, 1);
    desk.now = () => beijing(2, 7, 1);
    await vb.services.notify.clockWork();
    await vb.services.notify.clockWork();
    assert.equal(toGw().length, 2, 'the task SMS in the morning');
    assert.match(JSON.parse(toGw()[1].body).text, /新任务/);
    assert.equal(robot.received.filter((m) => m.body.includes(c.no)).length, 2, 'the dispatch (village robot) and the escalation (township robot), once each');
    // a replay of the night's events after the morning sends nothing more
    await vb.platform.database.raw("UPDATE outbox_events SET delivered_at = NULL, next_attempt_at = now() WHERE aggregate_id = $1 AND type LIKE 'case.%'", [c.id]);
    await vb.platform.events.flush();
    await vb.services.notify.clockWork();
    assert.equal(toGw().length, 2);
    assert.equal(robot.received.filter((m) => m.body.includes(c.no)).length, 2);
  });
});
