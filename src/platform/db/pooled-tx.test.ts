/**
 * Transactions on the PostgreSQL pool when their connection fails (see pooled-tx.ts): a connection
 * killed between two statements fails the transaction instead of the process, a failed BEGIN does not
 * keep its client from the pool (close() used to wait for it forever), and a transaction that merely
 * rolled back gives its connection back to the pool. PostgreSQL only: PGlite has no connection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { openTestDatabase, type TestDatabase } from '../../../test/helpers/db.ts';
import { AppError, isDatabaseUnavailable } from '../errors.ts';
import { openDatabase, withTx, type Database } from './index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** close() within 10 s, or a failure naming the hang (instead of a test run that never ends). */
async function closesInTime(db: Database): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), 10_000)));
  const outcome = await Promise.race([db.close().then(() => 'closed' as const), hung]);
  clearTimeout(timer);
  assert.equal(outcome, 'closed', 'close() returned (no client kept from the pool)');
}

const pidOf = async (tx: Parameters<Parameters<typeof withTx>[1]>[0]) =>
  ((await tx.execute(sql`SELECT pg_backend_pid() AS pid`)) as unknown as { rows: { pid: number }[] }).rows[0].pid;

describe('transactions on a failing PostgreSQL connection [postgres]', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL' }, () => {
  let testDb: TestDatabase;
  before(async () => {
    testDb = await openTestDatabase('postgres');
  });
  after(async () => {
    await testDb?.drop();
  });

  it('a connection killed between two statements fails the transaction, not the process; the pool goes on', async () => {
    const db = await openDatabase({ databaseUrl: testDb.url!, pgliteDir: null });
    try {
      const killed = withTx(db.db, async (tx) => {
        const pid = await pidOf(tx);
        await testDb.database.raw('SELECT pg_terminate_backend($1)', [pid]);
        await sleep(300); // the server's goodbye reaches the client while no statement runs
        await tx.execute(sql`SELECT 1`);
      });
      await assert.rejects(killed, (err) => isDatabaseUnavailable(err), 'the next statement says the connection is gone');
      // the next transaction gets a working connection
      const pid = await withTx(db.db, (tx) => pidOf(tx));
      assert.ok(pid > 0);
    } finally {
      await closesInTime(db);
    }
  });

  it('a BEGIN that fails releases its client: close() does not wait for it', async () => {
    const db = await openDatabase({ databaseUrl: testDb.url!, pgliteDir: null });
    const run = db.db.transaction as unknown as (fn: () => Promise<void>, config: unknown) => Promise<void>;
    await assert.rejects(run.call(db.db, async () => {}, { isolationLevel: 'no such level' }));
    await closesInTime(db);
  });

  it('a transaction the application rolls back hands its connection back to the pool', async () => {
    const db = await openDatabase({ databaseUrl: testDb.url!, pgliteDir: null });
    try {
      let first = 0;
      await assert.rejects(withTx(db.db, async (tx) => {
        first = await pidOf(tx);
        throw new AppError('TEST_REFUSED', 409, 'refused');
      }), /refused/);
      const again = await withTx(db.db, (tx) => pidOf(tx));
      assert.equal(again, first, 'the same connection, not a new one');
    } finally {
      await closesInTime(db);
    }
  });
});
