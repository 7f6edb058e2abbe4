/**
 * The PostgreSQL watchdog: decides quickly that the database is down (see Watchdog), so that requests
 * answer 503 within seconds instead of waiting on a black hole.
 */
import { databaseUnavailable, pgClientConfig, type DatabaseHealth, type PgTuning } from './index.ts';

/** How often the watchdog asks PostgreSQL `SELECT 1` on a connection of its own. */
const WATCHDOG_MS = 1000;

type PgModule = typeof import('pg').default;
type PgPool = InstanceType<PgModule['Pool']>;
type PgClient = InstanceType<PgModule['Client']>;

/**
 * Asks PostgreSQL `SELECT 1` every second on a connection of its own. When that fails or takes longer
 * than the connect timeout (refused, restarted, black-holed), the database is marked down: the pool's
 * connections are cut, so queries waiting on a black hole fail now instead of after minutes, and new
 * queries fail at once with DATABASE_UNAVAILABLE (503) until a probe succeeds again.
 */
export class Watchdog {
  private up = true;
  private since = new Date().toISOString();
  private error: string | null = null;
  private client: PgClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private probing: Promise<void> | null = null;
  private stopped = false;
  /** The pool's live connections, to cut them when the database stops answering. */
  private pooled = new Set<PgClient>();

  constructor(
    private pg: PgModule,
    private url: string,
    private tuning: PgTuning,
    private pool: PgPool,
  ) {
    pool.on('connect', (c) => this.pooled.add(c as PgClient));
    pool.on('remove', (c) => this.pooled.delete(c as PgClient));
    // fail fast while down: pool.query goes through connect() too
    const connect = pool.connect.bind(pool) as (cb?: (err: Error | undefined, c?: unknown, done?: unknown) => void) => unknown;
    (pool as unknown as { connect: typeof connect }).connect = (cb) => {
      if (this.up) return connect(cb);
      const err = databaseUnavailable(this.error ?? 'not answering');
      if (cb) return void process.nextTick(() => cb(err));
      return Promise.reject(err);
    };
  }

  health(): DatabaseHealth {
    return { up: this.up, since: this.since, error: this.up ? null : this.error };
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.probing = this.probe().finally(() => {
        this.probing = null;
        if (!this.stopped) {
          this.timer = setTimeout(tick, WATCHDOG_MS);
          this.timer.unref();
        }
      });
    };
    this.timer = setTimeout(tick, WATCHDOG_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.probing;
    this.dropClient();
  }

  private async probe(): Promise<void> {
    const limit = this.tuning.dbConnectTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        (async () => {
          if (!this.client) {
            const c = new this.pg.Client({ ...pgClientConfig(this.url, this.tuning), application_name: 'vb-watchdog' });
            c.on('error', () => {}); // a broken probe connection is found by the next probe
            this.client = c;
            await c.connect();
          }
          await this.client.query('SELECT 1');
        })(),
        new Promise((_, reject) => {
          // setImmediate: an event loop that was merely busy reads the waiting answer first
          timer = setTimeout(() => setImmediate(() => reject(new Error(`no answer within ${limit} ms`))), limit);
        }),
      ]);
      if (!this.up) {
        this.up = true;
        this.since = new Date().toISOString();
        this.error = null;
        console.error('PostgreSQL answers again');
      }
    } catch (err) {
      this.dropClient();
      this.error = (err as Error).message || String(err);
      if (this.up) {
        this.up = false;
        this.since = new Date().toISOString();
        console.error(`PostgreSQL is not answering (${this.error}): requests answer 503 until it is back`);
        this.cutPool();
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private dropClient(): void {
    const c = this.client;
    this.client = null;
    if (c) socketOf(c)?.destroy();
    void c?.end().catch(() => {});
  }

  /** Cut every pooled connection: what waits on them fails (and rolls back) now. */
  private cutPool(): void {
    for (const c of this.pooled) socketOf(c)?.destroy(new Error('database unavailable'));
    this.pooled.clear();
  }
}

function socketOf(c: PgClient): { destroy(err?: Error): void } | undefined {
  return (c as unknown as { connection?: { stream?: { destroy(err?: Error): void } } }).connection?.stream;
}
