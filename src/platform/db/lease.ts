/**
 * A lease held by one process at a time: a PostgreSQL session advisory lock on a connection of its own.
 * Used where two processes doing the same work would be wrong, not just wasteful — the MQTT ingest of a
 * device partition, whose rule state lives in the process (issue 13 #4). A second process configured
 * for the same partition waits as a hot standby and takes over within `retryMs` of the holder's death
 * (PostgreSQL drops a session's locks when its connection goes).
 *
 * The holder must stop the work the moment the lease is lost (`onLost`): a broken connection means the
 * lock may already be someone else's. The connection is checked every `checkMs` (TCP keep-alive alone
 * can take minutes to notice a half-open link).
 *
 * PGlite serves one process, so there the lease is always held.
 */
import type { Logger } from 'pino';
import { DEFAULT_PG_TUNING, pgClientConfig, type Database } from './index.ts';

export type LeaseState = 'held' | 'standby' | 'closed';

export interface LeaseOptions {
  retryMs?: number;
  checkMs?: number;
}

export class AdvisoryLease {
  state: LeaseState = 'standby';
  private client: import('pg').Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private lostHandlers: (() => void)[] = [];
  private heldHandlers: (() => void)[] = [];
  private readonly retryMs: number;
  private readonly checkMs: number;
  private settled!: () => void;
  private readonly first = new Promise<void>((resolve) => (this.settled = resolve));

  constructor(
    private database: Database,
    /** Two 32-bit keys: the kind of work and its instance (e.g. a partition number). */
    private key: [number, number],
    private name: string,
    private log: Logger,
    opts: LeaseOptions = {},
  ) {
    this.retryMs = opts.retryMs ?? 5000;
    this.checkMs = opts.checkMs ?? 5000;
  }

  /** Called each time the lease is taken (at once on PGlite). */
  onHeld(fn: () => void): void {
    this.heldHandlers.push(fn);
    if (this.state === 'held') fn();
  }

  /** Called when a held lease is lost (stop the work now; the lease is sought again by itself). */
  onLost(fn: () => void): void {
    this.lostHandlers.push(fn);
  }

  start(): void {
    if (this.database.kind === 'pglite' || !this.database.url) {
      this.become('held');
      this.settled();
      return;
    }
    void this.attempt().finally(() => this.settled());
  }

  /** Resolves once the first attempt is over (held, or standing by): started with `start()`. */
  ready(): Promise<void> {
    return this.first;
  }

  private become(state: LeaseState): void {
    const was = this.state;
    this.state = state;
    if (state === 'held' && was !== 'held') {
      this.log.info({ lease: this.name }, 'lease taken: this process does the work');
      for (const fn of this.heldHandlers) fn();
    }
    if (state !== 'held' && was === 'held') {
      this.log.warn({ lease: this.name }, 'lease lost: work stopped until it is taken again');
      for (const fn of this.lostHandlers) fn();
    }
  }

  private later(fn: () => void, ms: number): void {
    if (this.closed) return;
    this.timer = setTimeout(fn, ms);
    this.timer.unref();
  }

  private async connect(): Promise<import('pg').Client> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ ...pgClientConfig(this.database.url!, DEFAULT_PG_TUNING), application_name: `vb-lease-${this.name}`.slice(0, 63) });
    client.on('error', (err) => this.drop(client, err));
    client.on('end', () => this.drop(client, new Error('connection ended')));
    await client.connect();
    return client;
  }

  private drop(client: import('pg').Client, err: Error): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => {});
    if (this.state === 'held') this.log.warn({ lease: this.name, err: err.message }, 'lease connection lost');
    this.become('standby');
    if (this.timer) clearTimeout(this.timer);
    this.later(() => void this.attempt(), this.retryMs);
  }

  /** Try to take the lock; while held, check the connection now and then. */
  private async attempt(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.client) this.client = await this.connect();
      const client = this.client;
      if (this.state === 'held') {
        await client.query('SELECT 1');
        this.later(() => void this.attempt(), this.checkMs);
        return;
      }
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS ok', this.key);
      if (this.closed) return;
      if (rows[0]?.ok) {
        this.become('held');
        this.later(() => void this.attempt(), this.checkMs);
      } else {
        if (this.state !== 'standby') this.become('standby');
        this.log.debug({ lease: this.name }, 'lease held by another process: standing by');
        this.later(() => void this.attempt(), this.retryMs);
      }
    } catch (err) {
      const client = this.client;
      if (client) this.drop(client, err as Error);
      else this.later(() => void this.attempt(), this.retryMs);
    }
  }

  /** Give the lease up (the lock goes with the connection). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    this.state = 'closed';
    await client?.end().catch(() => {});
  }
}
