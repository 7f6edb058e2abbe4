/**
 * The scheduler on both databases: ticks claimed once however many schedulers look, the overlap guard,
 * failures recorded and survived, and delayed jobs (at or after their time, retried, kept as failed,
 * never when their transaction rolled back). Time is moved by editing the rows, not by waiting.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { dbKinds, openTestDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { openDatabase, type Database } from './db/index.ts';
import { createLogger } from './logger.ts';
import { Scheduler } from './scheduler.ts';

type TestJobs = {
  'test.ping': { n: number };
  'test.flaky': { n: number };
  'test.doomed': { n: number };
  'test.shared': { n: number };
};

const log = createLogger('silent', { pretty: false });

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

for (const kind of dbKinds()) {
  describe(`scheduler [${kind}]`, () => {
    let testDb: TestDatabase;
    /** A second connection pool to the same database on PostgreSQL (a second server process); PGlite has one. */
    let other: Database;
    const schedulers: Scheduler<TestJobs>[] = [];
    const make = (database?: Database) => {
      const s = new Scheduler<TestJobs>(database ?? testDb.database, log);
      schedulers.push(s);
      return s;
    };
    const rows = <T,>(q: ReturnType<typeof sql>) => testDb.database.query<T>(q);
    const due = (name: string) => testDb.database.query(sql`UPDATE scheduled_jobs SET next_run_at = now() - interval '1 second' WHERE name = ${name}`);

    before(async () => {
      testDb = await openTestDatabase(kind);
      other = kind === 'postgres' ? await openDatabase({ databaseUrl: testDb.url, pgliteDir: null }) : testDb.database;
    });
    after(async () => {
      for (const s of schedulers) await s.stop();
      if (other !== testDb.database) await other.close();
      await testDb.drop();
    });

    it('runs a job when its tick is due, once, and records when it ran and runs next', async () => {
      const s = make();
      let runs = 0;
      s.every('t.basic', { intervalMs: 60_000 }, async () => ++runs);
      assert.deepEqual(await s.tick(), [], 'the first run waits one interval');
      const [row] = await rows<{ next_run_at: Date; in_future: boolean }>(sql`SELECT next_run_at, next_run_at > now() + interval '50 seconds' AS in_future FROM scheduled_jobs WHERE name = 't.basic'`);
      assert.ok(row.in_future);
      await due('t.basic');
      assert.deepEqual(await s.tick(), ['t.basic']);
      assert.deepEqual(await s.tick(), [], 'the next tick is a minute away');
      assert.equal(runs, 1);
      const st = s.status()['t.basic'];
      assert.equal(st.enabled, true);
      assert.equal(st.lastError, null);
      assert.ok(st.lastRunAt && st.lastFinishedAt && st.nextRunAt);
      assert.ok(new Date(st.nextRunAt).getTime() > Date.now());
      const [after] = await rows<{ locked_by: string | null; last_finished_at: Date | null }>(sql`SELECT locked_by, last_finished_at FROM scheduled_jobs WHERE name = 't.basic'`);
      assert.equal(after.locked_by, null, 'the lease is given back');
      assert.ok(after.last_finished_at);
    });

    it('a cron job is due at its next Shanghai match; an interval of 0 is switched off but runs through runNow', async () => {
      const s = make();
      s.every('t.cron', { cron: '15 3 * * *' }, async () => {});
      let manual = 0;
      s.every('t.off', { intervalMs: 0 }, async () => ++manual);
      await s.tick();
      const [row] = await rows<{ h: number; m: number }>(sql`SELECT extract(hour FROM next_run_at AT TIME ZONE 'Asia/Shanghai')::int AS h, extract(minute FROM next_run_at AT TIME ZONE 'Asia/Shanghai')::int AS m FROM scheduled_jobs WHERE name = 't.cron'`);
      assert.deepEqual(row, { h: 3, m: 15 });
      assert.equal((await rows(sql`SELECT 1 FROM scheduled_jobs WHERE name = 't.off'`)).length, 0);
      assert.equal(s.status()['t.off'].enabled, false);
      assert.equal(await s.runNow('t.off'), 1);
    });

    it('a failing job is logged and recorded, never thrown out of the scheduler; runNow passes the error on', async () => {
      const s = make();
      s.every('t.fails', { intervalMs: 60_000 }, async () => {
        throw new Error('boom');
      });
      await s.tick();
      await due('t.fails');
      assert.deepEqual(await s.tick(), ['t.fails']);
      const st = s.status()['t.fails'];
      assert.equal(st.lastError, 'boom');
      assert.equal(st.failures, 1);
      const [row] = await rows<{ last_error: string; failures: number }>(sql`SELECT last_error, failures FROM scheduled_jobs WHERE name = 't.fails'`);
      assert.deepEqual(row, { last_error: 'boom', failures: 1 });
      await assert.rejects(s.runNow('t.fails'), /boom/);
    });

    it('overlap guard: no tick starts while the previous run of the job runs, here or in another process', async () => {
      const a = make();
      const b = make(other);
      const g = gate();
      let running = 0;
      let most = 0;
      let runs = 0;
      const slow = async () => {
        running++;
        runs++;
        most = Math.max(most, running);
        await g.opened;
        running--;
      };
      a.every('t.slow', { intervalMs: 60_000 }, slow);
      b.every('t.slow', { intervalMs: 60_000 }, slow);
      await a.tick();
      await due('t.slow');
      const first = a.tick();
      while (runs === 0) await new Promise((r) => setImmediate(r));
      await due('t.slow'); // the next tick comes while the first run still runs
      assert.deepEqual(await b.tick(), [], 'another process sees the lease');
      assert.deepEqual(await a.tick(), [], 'this process sees its own run');
      const manual = a.runNow('t.slow'); // waits for the run in progress
      await new Promise((r) => setImmediate(r));
      assert.equal(runs, 1);
      g.open();
      assert.deepEqual(await first, ['t.slow']);
      await manual;
      assert.equal(runs, 2);
      assert.equal(most, 1);
      assert.deepEqual(await b.tick(), ['t.slow'], 'once the run ended, the due tick is taken');
      assert.equal(most, 1);
    });

    it('two schedulers on one database run each tick exactly once', async () => {
      const a = make();
      const b = make(other);
      let runs = 0;
      a.every('t.once', { intervalMs: 30_000 }, async () => void runs++);
      b.every('t.once', { intervalMs: 30_000 }, async () => void runs++);
      await Promise.all([a.tick(), b.tick()]);
      for (let round = 1; round <= 15; round++) {
        await due('t.once');
        const [x, y] = await Promise.all([a.tick(), b.tick()]);
        assert.equal(x.length + y.length, 1, `round ${round}: one of the two ran it`);
        assert.equal(runs, round);
      }
    });

    it('the timer loop runs a job that is due at start', async () => {
      const s = make();
      let runs = 0;
      s.every('t.loop', { intervalMs: 3_600_000 }, async () => void runs++, { firstRun: 'now' });
      s.start();
      for (let i = 0; i < 500 && runs === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await s.stop();
      assert.equal(runs, 1);
    });

    it('a delayed job runs once, at or after its time', async () => {
      const s = make();
      const seen: number[] = [];
      s.defineDelayed('test.ping', (p) => void seen.push(p.n));
      const id = await s.schedule(null, 'test.ping', { n: 1 }, new Date(Date.now() + 3_600_000));
      assert.equal(await s.runDueDelayed(), 0, 'not before its time');
      assert.deepEqual(seen, []);
      await testDb.database.query(sql`UPDATE delayed_jobs SET run_at = now() - interval '1 second' WHERE id = ${id}`);
      assert.equal(await s.runDueDelayed(), 1);
      assert.equal(await s.runDueDelayed(), 0, 'and only once');
      assert.deepEqual(seen, [1]);
      const [row] = await rows<{ done: boolean; attempts: number }>(sql`SELECT done_at IS NOT NULL AS done, attempts FROM delayed_jobs WHERE id = ${id}`);
      assert.deepEqual(row, { done: true, attempts: 1 });
    });

    it('a failed delayed job is retried with backoff, and after its last attempt kept as failed', async () => {
      const s = make();
      const tries: number[] = [];
      s.defineDelayed('test.flaky', (_p, info) => {
        tries.push(info.attempt);
        if (info.attempt < 3) throw new Error(`try ${info.attempt}`);
      }, { backoffMs: () => 0 });
      s.defineDelayed('test.doomed', () => {
        throw new Error('never works');
      }, { maxAttempts: 2, backoffMs: () => 3_600_000 });
      const flaky = await s.schedule(null, 'test.flaky', { n: 1 }, new Date());
      const doomed = await s.schedule(null, 'test.doomed', { n: 2 }, new Date());
      assert.equal(await s.runDueDelayed(), 2);
      const [waiting] = await rows<{ later: boolean }>(sql`SELECT run_at > now() + interval '50 minutes' AS later FROM delayed_jobs WHERE id = ${doomed}`);
      assert.equal(waiting.later, true, 'the backoff moved it on');
      await testDb.database.query(sql`UPDATE delayed_jobs SET run_at = now() WHERE id = ${doomed}`);
      assert.equal(await s.runDueDelayed(), 2);
      assert.equal(await s.runDueDelayed(), 1, 'the doomed one is not tried a third time');
      assert.equal(await s.runDueDelayed(), 0);
      assert.deepEqual(tries, [1, 2, 3]);
      const got = await rows<{ id: number; done: boolean; failed: boolean; attempts: number; last_error: string | null }>(
        sql`SELECT id, done_at IS NOT NULL AS done, failed_at IS NOT NULL AS failed, attempts, last_error FROM delayed_jobs WHERE id IN (${flaky}, ${doomed}) ORDER BY id`);
      assert.deepEqual(got.map((r) => ({ ...r, id: Number(r.id) })), [
        { id: flaky, done: true, failed: false, attempts: 3, last_error: null },
        { id: doomed, done: false, failed: true, attempts: 2, last_error: 'never works' },
      ]);
    });

    it('a delayed job scheduled in a transaction that rolls back never runs; one that commits does', async () => {
      const s = make();
      const seen: number[] = [];
      s.defineDelayed('test.shared', (p) => void seen.push(p.n));
      await assert.rejects(testDb.database.db.transaction(async (tx) => {
        await s.schedule(tx as never, 'test.shared', { n: 1 }, new Date(Date.now() - 1000));
        throw new Error('changed my mind');
      }), /changed my mind/);
      await testDb.database.db.transaction(async (tx) => {
        await s.schedule(tx as never, 'test.shared', { n: 2 }, new Date(Date.now() - 1000));
      });
      assert.equal(await s.runDueDelayed(), 1);
      assert.deepEqual(seen, [2]);
    });

    it('two schedulers share due delayed jobs without running one twice', async () => {
      const a = make();
      const b = make(other);
      const seen: number[] = [];
      const handle = async (p: { n: number }) => {
        seen.push(p.n);
        await new Promise((r) => setImmediate(r));
      };
      // a kind of its own so that other tests' handlers do not take these rows
      a.defineDelayed('test.ping', handle);
      b.defineDelayed('test.ping', handle);
      for (let n = 100; n < 160; n++) await a.schedule(null, 'test.ping', { n }, new Date(Date.now() - 1000));
      await Promise.all([a.runDueDelayed(10), b.runDueDelayed(10)]);
      assert.equal(seen.length, 60);
      assert.equal(new Set(seen).size, 60);
    });
  });
}
