/**
 * Transactions on the PostgreSQL pool, owned here rather than by Drizzle's pool transaction, for two
 * faults the outage test found once transactions became frequent (the big screen's rollups run one per
 * case event):
 *
 * 1. pg-pool takes its 'error' listener off a client when it is checked out. A connection reset while a
 *    transaction holds the client *between* two statements (the watchdog cutting the pool, a server
 *    restart) was then an uncaught 'error' event: the process died.
 * 2. Drizzle sends BEGIN before its try/finally, so a client whose BEGIN failed (the same cut) was never
 *    released, and `pool.end()` at close waited for it forever.
 *
 * Here the client is checked out, listened to and released by us, and Drizzle runs the transaction on the
 * client alone (nested transactions stay savepoints).
 */
import type { Pool as PgPool, PoolClient as PgPoolClient } from 'pg';
import { AppError } from '../errors.ts';
import type { Db } from './index.ts';

/** Db.transaction's shape, for one pool. */
export type PooledTransaction = <T>(fn: (tx: Db) => Promise<T>, config?: unknown) => Promise<T>;

export function pooledTransactions(pool: PgPool, onClient: (client: PgPoolClient) => Db): PooledTransaction {
  // one Drizzle instance per connection, made on its first transaction
  const perClient = new WeakMap<PgPoolClient, Db>();
  const dbOf = (client: PgPoolClient): Db => {
    let db = perClient.get(client);
    if (!db) perClient.set(client, (db = onClient(client)));
    return db;
  };
  return async <T>(fn: (tx: Db) => Promise<T>, config?: unknown): Promise<T> => {
    const client = await pool.connect();
    let lost: Error | undefined;
    const onError = (err: Error) => {
      lost = err; // the statement that runs next (or the rollback) fails and says so
    };
    client.on('error', onError);
    let failure: unknown;
    try {
      const run = dbOf(client).transaction as unknown as (f: (tx: unknown) => Promise<T>, c?: unknown) => Promise<T>;
      return await run.call(dbOf(client), (tx) => fn(tx as Db), config);
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      client.removeListener('error', onError);
      // a broken or doubtful connection leaves the pool; one that merely rolled back goes back to it
      const discard = lost ?? (failure !== undefined && !leftUsable(failure) ? asError(failure) : undefined);
      client.release(discard);
    }
  };
}

/**
 * Whether a transaction that failed with this error left its connection usable: the application threw
 * (its own AppError) or the server answered with an error (a pg DatabaseError carries a severity), and the
 * rollback went through. Anything else (a read timeout with a statement still in flight, a socket error,
 * a failed rollback) closes the connection rather than hand it to the next request.
 */
function leftUsable(err: unknown): boolean {
  for (let e = err as { severity?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e instanceof AppError) return true;
    if (typeof e.severity === 'string') return true;
  }
  return false;
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
