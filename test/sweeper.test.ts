import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { CASE_SWEEP_JOB, sweepOnce, type SweepResult } from '../src/cases/index.ts';
import { cases as casesTable, caseTimeline } from '../src/cases/cases.schema.ts';
import { makeCase } from './builders/index.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff } from './helpers/factories.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';

describeOnDatabases('clocks: overdue sweep, escalation ladder, group notifications', ({ vb }) => {
  let robot: Receiver;
  before(async () => {
    robot = await startReceiver();
  });
  after(async () => {
    await robot.close();
  });

  async function dispatched(categoryCode: string, sign: boolean) {
    const area = await makeArea(vb);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const gw = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const c = await makeCase(vb, gw, { at: area.gridPoints[0], title: `测试 ${categoryCode}`, categoryCode, source: 'grid_worker', dispatch: { by: op, to: gw } });
    if (sign) await vb.services.cases.act(await vb.services.users.actorOf(gw.id), c.id, { action: 'sign' });
    return { area, c };
  }

  it('an unsigned burning case climbs to the township by itself and the township group is told (signed message)', async () => {
    const { area, c } = await dispatched('0107', false);
    await vb.services.notify.addChannel(null, { name: '乡镇两难群', regionCode: area.townships[0], level: 'township', url: `${robot.url}?access_token=t1`, secret: 'SEC-test' });
    await vb.platform.db.update(casesTable).set({ signDeadline: sql`now() - interval '1 minute'` }).where(eq(casesTable.id, c.id));
    const r = await sweepOnce(vb.platform);
    assert.ok(r.escalated >= 1);
    const [row] = await vb.platform.db.select().from(casesTable).where(eq(casesTable.id, c.id));
    assert.equal(row.state, 'REGISTERED');
    assert.equal(row.level, 'township');
    assert.equal(row.assigneeId, null);
    const tl = await vb.platform.db.select().from(caseTimeline).where(eq(caseTimeline.caseId, c.id));
    assert.deepEqual(tl.at(-1)!.action, 'escalate');
    assert.equal(tl.at(-1)!.fromState, 'DISPATCHED');
    await vb.platform.events.flush();
    const msg = robot.received.find((m) => m.body.includes(row.no));
    assert.ok(msg, 'the township robot got the escalation');
    const body = JSON.parse(msg.body);
    assert.equal(body.msgtype, 'markdown');
    assert.match(body.markdown.title, /上报至乡镇级/);
    const u = new URL(msg.url, 'http://x');
    const ts = u.searchParams.get('timestamp')!;
    const expected = crypto.createHmac('sha256', 'SEC-test').update(`${ts}\nSEC-test`).digest('base64');
    assert.equal(u.searchParams.get('sign'), expected, 'DingTalk signature');
    const again = (await vb.platform.scheduler.runNow(CASE_SWEEP_JOB)) as SweepResult; // the job, run now
    assert.equal(again.escalated, 0, 'a second sweep does nothing more');
  });

  it('an overdue ordinary case gets 催办, then 督办, then 通报', async () => {
    const { c } = await dispatched('0201', true);
    await vb.platform.db.update(casesTable).set({ deadline: sql`now() - interval '1 minute'` }).where(eq(casesTable.id, c.id));
    assert.ok((await sweepOnce(vb.platform)).urged >= 1);
    let [row] = await vb.platform.db.select().from(casesTable).where(eq(casesTable.id, c.id));
    assert.equal(row.supervision, 1);
    assert.equal(row.state, 'PROCESSING', 'still with its handler');
    await vb.platform.db.update(casesTable).set({ overdueAt: sql`now() - interval '25 hours'` }).where(eq(casesTable.id, c.id));
    await sweepOnce(vb.platform);
    [row] = await vb.platform.db.select().from(casesTable).where(eq(casesTable.id, c.id));
    assert.equal(row.supervision, 2);
    await vb.platform.db.update(casesTable).set({ overdueAt: sql`now() - interval '6 days'` }).where(eq(casesTable.id, c.id));
    await sweepOnce(vb.platform);
    [row] = await vb.platform.db.select().from(casesTable).where(eq(casesTable.id, c.id));
    assert.equal(row.supervision, 3);
    const actions = (await vb.platform.db.select().from(caseTimeline).where(eq(caseTimeline.caseId, c.id))).map((t) => t.action);
    assert.deepEqual(actions.slice(-3), ['urge', 'supervise', 'report_publicly']);
  });

  it('a robot that fails is retried through the outbox, without sending twice', async () => {
    const { area, c } = await dispatched('1101', false);
    await vb.services.notify.addChannel(null, { name: '乡镇群', regionCode: area.district, level: 'township', url: robot.url });
    robot.status = 500;
    await vb.platform.db.update(casesTable).set({ signDeadline: sql`now() - interval '1 minute'` }).where(eq(casesTable.id, c.id));
    await sweepOnce(vb.platform);
    await vb.platform.events.flush();
    const [row] = await vb.platform.db.select().from(casesTable).where(eq(casesTable.id, c.id));
    const failed = robot.received.filter((m) => m.body.includes(row.no)).length;
    assert.ok(failed >= 1);
    robot.status = 200;
    await vb.platform.db.execute(sql`UPDATE outbox_events SET next_attempt_at = now() WHERE delivered_at IS NULL`);
    await vb.platform.events.flush();
    await vb.platform.db.execute(sql`UPDATE outbox_events SET next_attempt_at = now() WHERE delivered_at IS NULL`);
    await vb.platform.events.flush();
    const ok = robot.received.filter((m) => m.body.includes(row.no)).length;
    assert.equal(ok, failed + 1, 'delivered once after the failure, not again');
  });

  it('the clocks are jobs of the one scheduler, listed on /healthz, switched off in tests and run by runNow', async () => {
    const names = [CASE_SWEEP_JOB, 'sensors.alarm_sweep', 'sensors.reading_partitions', 'notify.clock', 'cameras.clock'];
    const health = (await vb.app.inject({ method: 'GET', url: '/healthz' })).json();
    for (const name of names) {
      assert.equal(health.jobs[name]?.enabled, false, `${name} is listed and off (SWEEP_INTERVAL_MS=0, CAMERA_TICK_MS=0)`);
      await vb.platform.scheduler.runNow(name);
      assert.equal(vb.platform.scheduler.status()[name].lastError, null);
    }
  });
});

describeOnDatabases("clocks on the scheduler's timer", { env: { SWEEP_INTERVAL_MS: '100', CAMERA_TICK_MS: '100' } }, ({ vb }) => {
  it('with the sweeps switched on, every clock job runs by itself and is recorded', async () => {
    const names = [CASE_SWEEP_JOB, 'sensors.alarm_sweep', 'sensors.reading_partitions', 'notify.clock', 'cameras.clock'];
    const done = () => names.every((n) => vb.platform.scheduler.status()[n].lastFinishedAt);
    for (let i = 0; i < 300 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
    const status = vb.platform.scheduler.status();
    for (const n of names) {
      assert.ok(status[n].lastFinishedAt, `${n} ran`);
      assert.equal(status[n].lastError, null, `${n} succeeded`);
    }
    const rows = await vb.platform.database.query<{ name: string }>(sql`SELECT name FROM scheduled_jobs WHERE last_finished_at IS NOT NULL`);
    assert.deepEqual(rows.map((r) => r.name).sort(), [...names].sort());
  });
});
