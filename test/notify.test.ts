/**
 * Nobody is told anything (issue 12 item 2): dispatches, co-handler assignments, escalations, 催办/督办,
 * deadlines (75 % and expiry) and major/critical alarms reach the responsible people — bell (in-app
 * rows with the case or alarm to click through to), SMS through a local gateway, the level's robot —
 * once per (event meaning, person), counted under replayed and duplicated events and swept twice.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, beforeEach, it } from 'node:test';
import fc from 'fast-check';
import { sweepOnce } from '../src/cases/index.ts';
import { emitEvent, NOTIFICATION_REQUESTED, type EventMap, type EventOf } from '../src/platform/events.ts';
import { AlarmNotices } from '../src/notify/alarm-notices.ts';
import { Recipients } from '../src/notify/recipients.ts';
import { DEADLINE_WARNING, sweepDeadlines } from '../src/notify/deadline-warnings.ts';
import { makeCase, makeOrganisation, type Dispatch } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makePhone, makeStaff, type Area, type TestUser } from './helpers/factories.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';

describeOnDatabases('notify: the responsible people are told, once', ({ vb, kind, beforeApp }) => {
  let sms: Receiver;
  let robot: Receiver;
  beforeApp(async () => {
    sms = await startReceiver();
    robot = await startReceiver();
    return { SMS_PROVIDER: 'http', SMS_HTTP_URL: sms.url };
  });
  after(async () => {
    await sms.close();
    await robot.close();
  });
  beforeEach(() => {
    sms.status = 200;
    robot.status = 200;
  });

  const raw = <T = Record<string, unknown>>(q: string, params: unknown[] = []) => vb.platform.database.raw<T>(q, params);
  const actor = (u: TestUser) => vb.services.users.actorOf(u.id);
  /** A staff member with a phone (for the SMS). */
  async function staff(role: Parameters<typeof makeStaff>[1], region: string, extra: { organisationId?: string } = {}) {
    const u = await makeStaff(vb, role, region, extra);
    const phone = makePhone();
    await raw('UPDATE users SET phone = $1 WHERE id = $2', [phone, u.id]);
    return Object.assign(u, { phone });
  }
  const notes = (userId: string) => raw<{ kind: string; case_id: string | null; alarm_id: string | null; title: string; urgent: boolean }>(
    'SELECT kind, case_id, alarm_id, title, urgent FROM user_notifications WHERE user_id = $1 ORDER BY id', [userId]);
  const smsTo = (phone: string) => sms.received.filter((m) => JSON.parse(m.body).phone === phone);
  const robotAbout = (no: string) => robot.received.filter((m) => m.body.includes(no));
  const settle = async () => {
    await vb.platform.events.flush();
    await vb.platform.events.flush();
  };

  /** A district's area with its people: the township command room, a grid worker, a township handler. */
  async function scene() {
    const area = await makeArea(vb);
    const op = await staff('operator', area.townships[0]);
    const lead = await staff('shift_lead', area.townships[0]);
    const disp = await staff('dispatcher', area.townships[0]);
    const gw = await staff('grid_worker', area.villages[0]);
    const handler = await staff('handler', area.townships[0]);
    const districtOp = await staff('operator', area.district);
    return { area, op, lead, disp, gw, handler, districtOp };
  }
  async function reported(area: Area, reporter: TestUser, categoryCode = '0201', dispatch?: Dispatch) {
    return makeCase(vb, reporter, { at: area.gridPoints[0], title: `测试 ${categoryCode} ${crypto.randomUUID().slice(0, 6)}`, categoryCode, source: 'grid_worker', dispatch });
  }

  it('a dispatch tells the assignee once (bell with the case, SMS, the village robot); the dispatcher is not told; replays and duplicates add nothing', async () => {
    const s = await scene();
    await vb.services.notify.addChannel(null, { name: '村两难群', regionCode: s.area.villages[0], level: 'village', url: `${robot.url}?access_token=v` });
    const c = await reported(s.area, s.gw);
    await vb.services.cases.act(await actor(s.op), c.id, { action: 'register' });
    await vb.services.cases.act(await actor(s.disp), c.id, { action: 'dispatch', assigneeId: s.gw.id });
    await settle();
    const mine = await notes(s.gw.id);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].kind, 'task');
    assert.equal(mine[0].case_id, c.id);
    assert.match(mine[0].title, /新任务/);
    assert.equal(smsTo(s.gw.phone).length, 1);
    assert.match(JSON.parse(smsTo(s.gw.phone)[0].body).text, new RegExp(c.no));
    assert.equal(robotAbout(c.no).length, 1, 'the village group robot');
    assert.equal((await notes(s.disp.id)).length, 0, 'not told of one\'s own act');

    // the bell: unread count and the click-through fields
    const inbox = (await vb.app.inject({ url: '/api/notifications', headers: s.gw.auth })).json();
    assert.equal(inbox.unread, 1);
    assert.deepEqual({ kind: inbox.items[0].kind, caseId: inbox.items[0].caseId, alarmId: inbox.items[0].alarmId, urgent: inbox.items[0].urgent }, { kind: 'task', caseId: c.id, alarmId: null, urgent: false });
    // the signal that makes the bell reload at once
    const [signal] = await raw<{ payload: { recipients: string[]; caseId: string } }>("SELECT payload FROM outbox_events WHERE type = 'notification.delivered' AND payload->>'caseId' = $1", [c.id]);
    assert.deepEqual(signal.payload.recipients, [s.gw.id]);

    // replayed (the outbox delivers it again) and duplicated (the same transition emitted twice)
    const [ev] = await raw<{ id: string }>("SELECT id FROM outbox_events WHERE type = 'case.dispatched' AND aggregate_id = $1", [c.id]);
    await raw('UPDATE outbox_events SET delivered_at = NULL, next_attempt_at = now() WHERE id = $1', [ev.id]);
    await raw('INSERT INTO outbox_events (type, region_code, aggregate_id, payload) SELECT type, region_code, aggregate_id, payload FROM outbox_events WHERE id = $1', [ev.id]);
    await settle();
    assert.equal((await notes(s.gw.id)).length, 1);
    assert.equal(smsTo(s.gw.phone).length, 1);
    assert.equal(robotAbout(c.no).length, 1);
    assert.equal((await raw("SELECT 1 FROM outbox_events WHERE type = 'notification.delivered' AND payload->>'caseId' = $1", [c.id])).length, 1);

    // a real second dispatch (returned, then dispatched again) is a new task
    await vb.services.cases.act(await actor(s.gw), c.id, { action: 'return', reason: '不在我的网格' });
    await vb.services.cases.act(await actor(s.disp), c.id, { action: 'dispatch', assigneeId: s.gw.id });
    await settle();
    assert.equal((await notes(s.gw.id)).length, 2);
    assert.equal(smsTo(s.gw.phone).length, 2);
  });

  it('a dispatch to an organisation tells its members; co-handlers get a 协办 task', async () => {
    const s = await scene();
    const org = await makeOrganisation(vb, { kind: 'enforcement', regionCode: s.area.townships[0], name: `执法中队 ${crypto.randomUUID().slice(0, 6)}` });
    const m1 = await staff('handler', s.area.townships[0], { organisationId: org.id });
    const m2 = await staff('handler', s.area.townships[0], { organisationId: org.id });
    const c = await reported(s.area, s.gw);
    await vb.services.cases.act(await actor(s.op), c.id, { action: 'register' });
    await vb.services.cases.act(await actor(s.disp), c.id, { action: 'dispatch', assignedOrgId: org.id, coHandlers: [{ userId: s.gw.id }] });
    await settle();
    for (const m of [m1, m2]) assert.deepEqual((await notes(m.id)).map((n) => n.kind), ['task']);
    assert.deepEqual((await notes(s.gw.id)).map((n) => n.kind), ['co_task']);
    assert.equal((await notes(s.handler.id)).length, 0, 'a handler outside the organisation');
    assert.equal(smsTo(m1.phone).length + smsTo(m2.phone).length + smsTo(s.gw.phone).length, 3);
  });

  it('an escalation tells the command room of the level it lands on, and nobody else', async () => {
    const s = await scene();
    const c = await reported(s.area, s.gw);
    await vb.services.cases.act(await actor(s.op), c.id, { action: 'register' });
    await vb.services.cases.act(await actor(s.op), c.id, { action: 'escalate', reason: '村级无法处置' });
    await settle();
    for (const u of [s.lead, s.disp]) {
      const n = await notes(u.id);
      assert.deepEqual(n.map((x) => x.kind), ['escalation']);
      assert.match(n[0].title, /上报至乡镇级/);
      assert.equal(n[0].case_id, c.id);
    }
    assert.equal((await notes(s.op.id)).length, 0, 'the operator who escalated');
    for (const u of [s.gw, s.handler, s.districtOp]) assert.equal((await notes(u.id)).length, 0);
    await vb.services.cases.act(await actor(s.op), c.id, { action: 'escalate', reason: '需区级协调' });
    await settle();
    assert.deepEqual((await notes(s.districtOp.id)).map((x) => x.kind), ['escalation']);
  });

  /** A signed case whose time limit is [started, deadline] relative to now (in minutes). */
  async function signedCase(startedMinutesAgo: number, deadlineInMinutes: number, categoryCode = '0201') {
    const s = await scene();
    const c = await reported(s.area, s.gw, categoryCode, { registeredBy: s.op, by: s.disp, to: s.gw });
    await vb.services.cases.act(await actor(s.gw), c.id, { action: 'sign' });
    await raw(`UPDATE cases SET signed_at = now() - make_interval(mins => $2), deadline = date_trunc('milliseconds', now() + make_interval(mins => $3)) WHERE id = $1`, [c.id, startedMinutesAgo, deadlineInMinutes]);
    await settle();
    return { ...s, c };
  }
  const kinds = async (u: TestUser, kind: string) => (await notes(u.id)).filter((n) => n.kind === kind).length;

  it('past 75 % of the time limit the handler is warned once, however often and however many sweep', async () => {
    const s = await signedCase(80, 20); // 80 % used
    const early = await signedCase(10, 90); // 10 % used: nothing yet
    const first = await sweepDeadlines(vb.platform);
    assert.ok(first.soon >= 1);
    await sweepDeadlines(vb.platform);
    await Promise.all([sweepDeadlines(vb.platform), sweepDeadlines(vb.platform), vb.services.notify.clockWork()]);
    await settle();
    assert.equal(await kinds(s.gw, 'deadline_soon'), 1);
    assert.equal(smsTo(s.gw.phone).filter((m) => m.body.includes('即将到期')).length, 1);
    assert.equal(await kinds(s.op, 'deadline_soon'), 0, 'the command room hears at the deadline, not before');
    assert.equal((await raw("SELECT 1 FROM notify_deadline_warnings WHERE case_id = $1", [s.c.id])).length, 1);
    assert.equal(await kinds(early.gw, 'deadline_soon'), 0);
    // an approved extension is a new deadline: warned again when 75 % of the new one is used
    await raw(`UPDATE cases SET deadline = date_trunc('milliseconds', now() + interval '10 minutes') WHERE id = $1`, [s.c.id]);
    await vb.services.notify.clockWork();
    await settle();
    assert.equal(await kinds(s.gw, 'deadline_soon'), 2);
  });

  it('at the deadline the handler and the command room are told once, although 催办 and the deadline sweep both see it (run twice)', async () => {
    const s = await signedCase(120, -1);
    await sweepOnce(vb.platform); // 催办 (case.overdue)
    await vb.services.notify.clockWork();
    await sweepOnce(vb.platform);
    await vb.services.notify.clockWork();
    await settle();
    assert.equal(await kinds(s.gw, 'deadline_passed'), 1);
    assert.equal(await kinds(s.gw, 'deadline_soon'), 0, 'past the deadline, no "soon" any more');
    assert.equal(await kinds(s.op, 'deadline_passed'), 1);
    assert.equal(await kinds(s.lead, 'deadline_passed'), 1);
    assert.equal(smsTo(s.gw.phone).filter((m) => m.body.includes('已超期')).length, 1);
    // 督办 a day later: handler and command room, once
    await raw("UPDATE cases SET overdue_at = now() - interval '25 hours' WHERE id = $1", [s.c.id]);
    await sweepOnce(vb.platform);
    await sweepOnce(vb.platform);
    await settle();
    assert.equal(await kinds(s.gw, 'supervision'), 1);
    assert.equal(await kinds(s.op, 'supervision'), 1);
    const [n] = (await notes(s.gw.id)).filter((x) => x.kind === 'supervision');
    assert.match(n.title, /督办/);
  });

  it('a deadline passed more than a day ago (a history, a first start) texts nobody: those cases are on the 督办 ladder', async () => {
    const old = await signedCase(3 * 24 * 60, -26 * 60);
    await vb.services.notify.clockWork();
    await settle();
    assert.equal((await notes(old.gw.id)).filter((n) => n.kind.startsWith('deadline')).length, 0);
    assert.equal((await notes(old.op.id)).length, 0);
  });

  it('an unsigned task warns the assignee before the signing deadline', async () => {
    const s = await scene();
    const c = await reported(s.area, s.gw, '0201', { registeredBy: s.op, by: s.disp, to: s.gw });
    await raw(`UPDATE cases SET dispatched_at = now() - interval '50 minutes', sign_deadline = date_trunc('milliseconds', now() + interval '10 minutes') WHERE id = $1`, [c.id]);
    await vb.services.notify.clockWork();
    await vb.services.notify.clockWork();
    await settle();
    const soon = (await notes(s.gw.id)).filter((n) => n.kind === 'deadline_soon');
    assert.equal(soon.length, 1);
    assert.match(soon[0].title, /即将超时未签收/);
    // signed before a (late-delivered) warning arrives: it is no longer true and tells nobody
    const [{ sign_deadline: old }] = await raw<{ sign_deadline: Date }>('SELECT sign_deadline FROM cases WHERE id = $1', [c.id]);
    await vb.services.cases.act(await actor(s.gw), c.id, { action: 'sign' });
    await vb.platform.tx((tx) => emitEvent(tx, DEADLINE_WARNING, { caseId: c.id, no: c.no, title: c.title, level: c.level, clock: 'sign', kind: 'passed', deadline: new Date(old).toISOString() }, { regionCode: c.regionCode, aggregateId: c.id }));
    await settle();
    assert.equal((await notes(s.gw.id)).filter((n) => n.kind === 'deadline_passed').length, 0);
    assert.equal((await notes(s.gw.id)).filter((n) => n.kind === 'deadline_soon').length, 1);
  });

  it('a major alarm tells the grid worker and the township command room; critical also the district; flapping tells nobody twice', async () => {
    const s = await scene();
    const alarmId = crypto.randomUUID();
    const emit = (type: 'alarm.raised' | 'alarm.severity_changed', severity: string, rose: boolean) => vb.platform.tx((tx) => emitEvent(tx, type, { alarmId, asset: '测试水库', type: 'water_level', severity, value: 1, reason: '水位超汛限', rose }, { regionCode: s.area.villages[0], aggregateId: alarmId }));
    await emit('alarm.raised', 'major', true);
    await settle();
    const n = await notes(s.gw.id);
    assert.equal(n.length, 1);
    assert.deepEqual({ kind: n[0].kind, alarm: n[0].alarm_id, urgent: n[0].urgent }, { kind: 'alarm', alarm: alarmId, urgent: true });
    assert.match(n[0].title, /重大告警/);
    for (const u of [s.op, s.lead, s.disp]) assert.equal((await notes(u.id)).length, 1);
    assert.equal((await notes(s.districtOp.id)).length, 0);
    assert.equal((await notes(s.handler.id)).length, 0);
    // major → critical → major → critical → critical (duplicated)
    await emit('alarm.severity_changed', 'critical', true);
    await emit('alarm.severity_changed', 'major', false);
    await emit('alarm.severity_changed', 'critical', true);
    await emit('alarm.severity_changed', 'critical', true);
    await settle();
    const tag = (x: { title: string }) => /^【(.+?)】/.exec(x.title)![1];
    assert.deepEqual((await notes(s.gw.id)).map(tag), ['重大告警', '危急告警']);
    assert.equal((await notes(s.districtOp.id)).length, 1, 'the district hears of the critical alarm');
    assert.equal(smsTo(s.gw.phone).length, 2);
    // nobody acknowledged it: the district's command room
    await vb.platform.tx((tx) => emitEvent(tx, 'alarm.escalated', { alarmId, asset: '测试水库', type: 'water_level', severity: 'critical' }, { regionCode: s.area.villages[0], aggregateId: alarmId }));
    await settle();
    assert.deepEqual((await notes(s.districtOp.id)).map(tag), ['危急告警', '告警未确认']);
    // warnings ring no bell
    await vb.platform.tx((tx) => emitEvent(tx, 'alarm.raised', { alarmId: crypto.randomUUID(), asset: '测试水库', type: 'rainfall', severity: 'warning', rose: true }, { regionCode: s.area.villages[0] }));
    await settle();
    assert.equal((await notes(s.gw.id)).length, 2);
  });

  it('a module\'s request about a case, at the moment the desk told someone of it, does not tell that person twice', async () => {
    const s = await scene();
    const c = await reported(s.area, s.gw);
    await vb.services.cases.act(await actor(s.op), c.id, { action: 'register' });
    await vb.services.cases.act(await actor(s.disp), c.id, { action: 'dispatch', assigneeId: s.gw.id });
    await settle();
    // e.g. a camera's bin case, or the alarm module on a rise: the same people, the same case, at once
    await vb.platform.tx((tx) => emitEvent(tx, NOTIFICATION_REQUESTED, { recipients: [s.gw.id, s.handler.id], title: '垃圾桶满溢', body: '请尽快处理', caseId: c.id, sms: true }, { regionCode: c.regionCode, aggregateId: c.id }));
    await settle();
    assert.deepEqual((await notes(s.gw.id)).map((n) => n.kind), ['task']);
    assert.equal(smsTo(s.gw.phone).length, 1);
    assert.equal((await notes(s.handler.id)).length, 1, 'someone not told yet is told');
    assert.equal(smsTo(s.handler.phone).length, 1);
  });

  if (kind === 'postgres') {
    it('two server processes sweeping and sending at once warn and text each person once', async () => {
      const { buildApp } = await import('../src/app.ts');
      const { openDatabase } = await import('../src/platform/db/index.ts');
      const { createLogger } = await import('../src/platform/logger.ts');
      const { testConfig } = await import('./helpers/app.ts');
      const database = await openDatabase({ databaseUrl: vb.testDb.url!, pgliteDir: null });
      const second = await buildApp(testConfig({ SMS_PROVIDER: 'http', SMS_HTTP_URL: sms.url }), { database, logger: createLogger('silent', { pretty: false }) });
      try {
        const due = await Promise.all([1, 2, 3, 4].map(() => signedCase(85, 15)));
        await Promise.all([vb.services.notify.clockWork(), second.services.notify.clockWork(), vb.services.notify.clockWork(), second.services.notify.clockWork()]);
        await Promise.all([settle(), second.platform.events.flush()]);
        await settle();
        for (const d of due) {
          assert.equal(await kinds(d.gw, 'deadline_soon'), 1);
          assert.equal(smsTo(d.gw.phone).filter((m) => m.body.includes('即将到期')).length, 1);
        }
        // SMS that failed, then sent by both processes at once after their backoff
        sms.status = 500;
        const failed = await Promise.all([1, 2, 3].map(() => signedCase(88, 12)));
        await Promise.all([vb.services.notify.clockWork(), second.services.notify.clockWork()]);
        await Promise.all([settle(), second.platform.events.flush()]);
        sms.status = 200;
        const later = () => new Date(Date.now() + 10 * 60_000);
        vb.services.notify.desk.now = later;
        second.services.notify.desk.now = later;
        await Promise.all([vb.services.notify.desk.sendDue(), second.services.notify.desk.sendDue(), vb.services.notify.desk.sendDue(), second.services.notify.desk.sendDue()]);
        for (const d of failed) {
          const ok = smsTo(d.gw.phone).filter((m) => m.body.includes('即将到期'));
          assert.ok(ok.length >= 2, 'tried, then sent');
        }
        const [{ n }] = await raw<{ n: number }>("SELECT count(*)::int AS n FROM user_notifications WHERE kind = 'deadline_soon' AND sms_at IS NULL AND sms_due_at IS NOT NULL");
        assert.equal(n, 0, 'nothing left to send');
        const [{ sent }] = await raw<{ sent: number }>("SELECT count(*)::int AS sent FROM sms_outbox WHERE text LIKE '%即将到期%' AND phone = ANY($1::text[])", [failed.map((d) => d.gw.phone)]);
        assert.equal(sent, failed.length, 'each sent once (failed tries are not recorded)');
      } finally {
        vb.services.notify.desk.now = () => new Date();
        await second.close();
      }
    });
  }

  it('property: under any random walk of an alarm\'s severity, replayed at random, each person is told once per severity it rose to', async () => {
    const s = await scene();
    const notices = new AlarmNotices(vb.platform, vb.services.notify.desk, new Recipients(vb.services.users));
    let eventId = 9_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;
    const SEV = ['warning', 'major', 'critical'] as const;
    await fc.assert(fc.asyncProperty(fc.array(fc.record({ to: fc.constantFrom(...SEV), replay: fc.boolean() }), { minLength: 1, maxLength: 12 }), async (walk) => {
      const alarmId = crypto.randomUUID();
      const before = (await notes(s.gw.id)).length;
      let current: (typeof SEV)[number] | null = null;
      const expected = new Set<string>();
      let last: EventOf<EventMap, 'alarm.raised' | 'alarm.severity_changed'> | null = null;
      for (const step of walk) {
        if (step.replay && last) await notices.on(last); // the outbox delivers an event again
        if (step.to === current) continue;
        const rose = current === null || SEV.indexOf(step.to) > SEV.indexOf(current);
        const ev = { id: ++eventId, type: current === null ? 'alarm.raised' : 'alarm.severity_changed', regionCode: s.area.villages[0], aggregateId: alarmId,
          payload: { alarmId, asset: '随机水库', type: 'water_level', severity: step.to, rose }, createdAt: new Date().toISOString() } as EventOf<EventMap, 'alarm.raised'>;
        last = ev;
        await notices.on(ev);
        if (rose && step.to !== 'warning') expected.add(step.to);
        current = step.to;
      }
      const told = (await notes(s.gw.id)).slice(before).filter((n) => n.alarm_id === alarmId);
      assert.equal(told.length, expected.size, JSON.stringify(walk));
    }), { numRuns: 15 });
  });

  it('an SMS gateway that fails is retried by the notify job, and the SMS goes once', async () => {
    const s = await scene();
    const c = await reported(s.area, s.gw);
    await vb.services.cases.act(await actor(s.op), c.id, { action: 'register' });
    sms.status = 500;
    await vb.services.cases.act(await actor(s.disp), c.id, { action: 'dispatch', assigneeId: s.gw.id });
    await settle();
    const tried = smsTo(s.gw.phone).length;
    assert.equal(tried, 1, 'tried once');
    assert.equal((await notes(s.gw.id)).length, 1, 'the bell does not wait for the gateway');
    sms.status = 200;
    await vb.services.notify.clockWork();
    assert.equal(smsTo(s.gw.phone).length, 1, 'not before its backoff');
    const desk = vb.services.notify.desk;
    const real = desk.now;
    try {
      desk.now = () => new Date(Date.now() + 10 * 60_000);
      await vb.services.notify.clockWork();
      await vb.services.notify.clockWork();
    } finally {
      desk.now = real;
    }
    assert.equal(smsTo(s.gw.phone).length, 2, 'sent after the failure, once');
    const [row] = await raw<{ sms_at: Date | null }>('SELECT sms_at FROM user_notifications WHERE user_id = $1', [s.gw.id]);
    assert.ok(row.sms_at);
  });
});
