/**
 * Domain events with a transactional outbox.
 *
 * - `emitEvent(tx, …)` inserts a row into outbox_events inside the caller's transaction, so an
 *   event exists if and only if the change committed.
 * - The dispatcher delivers undelivered rows to in-process subscribers after commit (`kick()`),
 *   on a timer, and at start — so a restart delivers what a crash left behind. Rows are leased
 *   (claimed with `FOR UPDATE SKIP LOCKED`), so several server processes share the work without
 *   doubles, and handlers run outside any transaction.
 * - Delivery is at-least-once: when a subscriber throws, the event is retried with backoff and every
 *   subscriber sees it again, so subscribers must be idempotent (key their effects on event.id).
 * - Typed: each module declares its events (type → payload interface) in `<module>.events.ts`;
 *   src/events.ts joins them into `EventMap` below (declaration merging), so the platform names no
 *   module yet `emitEvent` and `subscribe` check the payload against the type. SQL writers that emit
 *   set-based build their INSERT with `outboxInsertSql`.
 */
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Db } from './db/index.ts';
import { outboxEvents } from './db/platform.schema.ts';

export interface DomainEvent<P = unknown, T extends string = string> {
  id: number;
  type: T;
  regionCode: string | null;
  aggregateId: string | null;
  payload: P;
  createdAt: string;
}

/** Events committed within this many milliseconds are delivered together. */
const KICK_DEBOUNCE_MS = 15;

/** How long a claimed batch is reserved for the process delivering it. */
const LEASE_SECONDS = 60;

/**
 * Every event of the application, type → payload. Empty here: src/events.ts fills it from the modules'
 * `<module>.events.ts` files (declaration merging), so the platform imports no module.
 */
export interface EventMap {
  [NOTIFICATION_REQUESTED]: NotificationRequest;
}

/** A map that takes any type: the platform's own tests, which emit `test.*` events. */
export type AnyEvents = Record<string, Record<string, unknown>>;

/** One delivered event of a map, discriminated by `type` (a union when K is one). */
export type EventOf<M, K extends keyof M & string = keyof M & string> = K extends unknown ? DomainEvent<M[K], K> : never;

export type EventHandler<E = DomainEvent> = (event: E) => Promise<void> | void;

export interface EmitOptions {
  regionCode?: string | null;
  aggregateId?: string | null;
}

/** Write an event of the application's map into the outbox, inside the caller's transaction. */
export async function emitEvent<K extends keyof EventMap & string>(tx: Db, type: K, payload: EventMap[K], opts: EmitOptions = {}): Promise<void> {
  await emitRaw(tx, type, payload as unknown as Record<string, unknown>, opts);
}

/** Untyped: for the platform's own tests and tools that replay stored events. Modules use emitEvent. */
export async function emitRaw(tx: Db, type: string, payload: Record<string, unknown>, opts: EmitOptions = {}): Promise<void> {
  await tx.insert(outboxEvents).values({ type, payload, regionCode: opts.regionCode ?? null, aggregateId: opts.aggregateId ?? null });
}

/** The columns `outboxInsertSql` fills; each is a SQL expression over the caller's source rows. */
export interface OutboxColumns {
  type: string;
  regionCode: string;
  aggregateId: string;
  /** A `jsonb` expression, such as a payload module's `…PayloadSql` (one field list for JS and SQL). */
  payload: string;
  createdAt?: string;
  deliveredAt?: string;
}

/**
 * The one hand-written outbox INSERT for set-based writers (new reports, the sweeper, the notify jobs),
 * so the outbox's columns are named in one place: `INSERT … SELECT <columns> FROM <from>`. The parts
 * are SQL expressions written by the caller (constants, columns, parameters; never user input).
 */
export function outboxInsertSql(cols: OutboxColumns, from: string): string {
  const names = ['type', 'region_code', 'aggregate_id', 'payload'];
  const values = [cols.type, cols.regionCode, cols.aggregateId, cols.payload];
  if (cols.createdAt) {
    names.push('created_at');
    values.push(cols.createdAt);
  }
  if (cols.deliveredAt) {
    names.push('delivered_at');
    values.push(cols.deliveredAt);
  }
  return `INSERT INTO outbox_events (${names.join(', ')}) SELECT ${values.join(', ')} FROM ${from}`;
}

/**
 * An event's payload as a SQL `jsonb` expression, one SQL expression per field of its interface: the
 * compiler checks that every field, optional ones too, is named (absent: `'NULL'`) and none other.
 */
export function payloadSql<P>(fields: { [K in keyof Required<P> & string]: string }): string {
  return `jsonb_build_object(${Object.entries(fields).map(([k, v]) => `'${k}', ${v as string}`).join(', ')})`;
}

/** An event type of the map as a SQL literal, for `outboxInsertSql` (the compiler checks the name). */
export const eventTypeSql = <K extends keyof EventMap & string>(type: K): string => `'${type.replace(/'/g, "''")}'`;

/**
 * Committed events with an id above `afterId`, oldest first (the realtime hub reads back what it may
 * have missed while its LISTEN connection was down). Read-only: delivery state is not touched.
 */
export async function outboxSince(database: Database, afterId: number, limit: number): Promise<DomainEvent[]> {
  const rows = await database.raw<OutboxRow>(
    'SELECT id, type, region_code, aggregate_id, payload, created_at, attempts FROM outbox_events WHERE id > $1 ORDER BY id LIMIT $2',
    [afterId, limit], { prepare: true });
  return rows.map(toEvent);
}

/** The newest event's id (0 when there is none): where a stream opened now stands. */
export async function outboxHead(database: Database): Promise<number> {
  const [row] = await database.raw<{ id: string | number | null }>('SELECT max(id) AS id FROM outbox_events', [], { prepare: true });
  return Number(row?.id ?? 0);
}

function toEvent(row: OutboxRow): DomainEvent {
  return {
    id: Number(row.id),
    type: row.type,
    regionCode: row.region_code,
    aggregateId: row.aggregate_id,
    payload: row.payload,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

interface OutboxRow {
  id: string | number;
  type: string;
  region_code: string | null;
  aggregate_id: string | null;
  payload: unknown;
  created_at: string | Date;
  attempts: number;
}

/**
 * The dispatcher over one event map: `EventBus<EventMap>` in the application, so a subscriber's
 * handler receives the payload type its event type declares. Handlers are stored untyped (one map
 * of type → set); the generic only types the edges.
 */
export class EventBus<M = EventMap> {
  private handlers = new Map<string, Set<EventHandler>>();
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private database: Database,
    private log: Logger,
    private pollMs = 1000,
  ) {}

  private get db(): Db {
    return this.database.db;
  }

  /** Subscribe to one event type, or '*' for all. Returns an unsubscribe function. */
  subscribe<K extends keyof M & string>(type: K, handler: EventHandler<EventOf<M, K>>): () => void;
  subscribe(type: '*', handler: EventHandler<DomainEvent>): () => void;
  subscribe(type: string, handler: EventHandler<never>): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    const h = handler as EventHandler;
    set.add(h);
    return () => set!.delete(h);
  }

  /** `emitEvent` over this bus's map (for callers that hold the bus). */
  emit<K extends keyof M & string>(tx: Db, type: K, payload: M[K], opts: EmitOptions = {}): Promise<void> {
    return emitRaw(tx, type, payload as unknown as Record<string, unknown>, opts);
  }

  private everywhere = new Map<string, Set<EventHandler>>();

  /**
   * Run a handler in every server process when an event of this type is delivered (the outbox hands
   * each event to one process; the realtime hub's NOTIFY fan-out reaches all of them). For in-memory
   * state that must follow the database, such as the categories each process keeps.
   */
  subscribeEverywhere<K extends keyof M & string>(type: K, handler: EventHandler<EventOf<M, K>>): void {
    let set = this.everywhere.get(type);
    if (!set) this.everywhere.set(type, (set = new Set()));
    set.add(handler as EventHandler);
  }

  /** Called by the realtime hub with every event that reaches this process. */
  async deliverEverywhere(e: DomainEvent): Promise<void> {
    for (const h of this.everywhere.get(e.type) ?? []) {
      await Promise.resolve(h(e)).catch((err: unknown) => this.log.error({ err, type: e.type }, 'process-wide handler failed'));
    }
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.drainNow();
      this.timer = setTimeout(tick, this.pollMs);
      this.timer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.kickTimer) clearTimeout(this.kickTimer);
    this.kickTimer = null;
    await this.draining;
  }

  private kickTimer: NodeJS.Timeout | null = null;

  /**
   * Ask for delivery (called after a transaction that emitted events commits). Debounced by a few
   * milliseconds so that events committed together are claimed and delivered as one batch.
   */
  kick(): void {
    if (this.stopped || this.kickTimer) return; // stopped: events wait in the outbox
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      this.drainNow();
    }, KICK_DEBOUNCE_MS);
  }

  private drainNow(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = null;
    });
  }

  /** Deliver everything pending; resolves with the number of events delivered. For tests and shutdown. */
  async flush(): Promise<number> {
    while (this.draining) await this.draining;
    // registered as the running drain, so a kick meanwhile re-runs this loop instead of starting a
    // second one that could lease events this flush would then not wait for
    const run = this.drainLoop();
    this.draining = run.finally(() => {
      this.draining = null;
    });
    await this.draining;
    return run;
  }

  private async drainLoop(): Promise<number> {
    let total = 0;
    do {
      this.again = false;
      let batch: { processed: number; delivered: number };
      do {
        batch = await this.drainBatch().catch((err) => {
          this.log.error({ err }, 'outbox drain failed');
          return { processed: 0, delivered: 0 };
        });
        total += batch.delivered;
      } while (batch.processed > 0 && !this.stopped);
    } while (this.again && !this.stopped);
    return total;
  }

  /**
   * Claim a batch with a lease (a short transaction: next_attempt_at moves LEASE_SECONDS ahead), deliver
   * it outside any transaction — so subscribers may open their own, which matters on PGlite's single
   * connection — then record the outcome. A process that dies mid-batch leaves leases that expire and
   * are claimed again. Failed rows move next_attempt_at into the future, so the loop always ends.
   */
  private async drainBatch(limit = 200): Promise<{ processed: number; delivered: number }> {
    // hand-written and prepared: this runs for every few events (see Database.raw)
    const claimed = await this.database.raw<OutboxRow>(`
      UPDATE outbox_events SET next_attempt_at = now() + make_interval(secs => $1)
       WHERE id IN (SELECT id FROM outbox_events
                     WHERE delivered_at IS NULL AND next_attempt_at <= now()
                     ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING id, type, region_code, aggregate_id, payload, created_at, attempts`, [LEASE_SECONDS, limit], { prepare: true });
    const rows = claimed.sort((a, b) => Number(a.id) - Number(b.id));
    const delivered: number[] = [];
    for (const row of rows) {
      const event = toEvent(row);
      const error = await this.deliver(event);
      if (error === null) {
        delivered.push(event.id);
      } else {
        const backoffSec = Math.min(3600, 2 ** Math.min(row.attempts, 11));
        await this.db.execute(sql`
          UPDATE outbox_events SET attempts = attempts + 1, last_error = ${error},
                 next_attempt_at = now() + make_interval(secs => ${backoffSec})
           WHERE id = ${event.id}`);
      }
    }
    if (delivered.length) {
      await this.database.raw('UPDATE outbox_events SET delivered_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])', [delivered], { prepare: true });
    }
    return { processed: rows.length, delivered: delivered.length };
  }

  /** Run every handler; the first failure's message is returned (null when all succeeded). */
  private async deliver(event: DomainEvent): Promise<string | null> {
    const targets = [...(this.handlers.get(event.type) ?? []), ...(this.handlers.get('*') ?? [])];
    let failure: string | null = null;
    for (const h of targets) {
      try {
        await h(event);
      } catch (err) {
        failure ??= (err as Error).message || String(err);
        this.log.warn({ eventId: event.id, type: event.type, err }, 'event handler failed; will retry');
      }
    }
    return failure;
  }
}

/**
 * Any module asks for people to be told something by emitting this event in its transaction (the notify
 * module writes the in-app rows and sends the SMS, once per event and person). Ids only: phones never
 * travel in events.
 */
export const NOTIFICATION_REQUESTED = 'notification.requested';
export interface NotificationRequest {
  recipients: string[];
  title: string;
  body: string;
  caseId?: string | null;
  /** Where a click leads in the app besides a case (an app path such as `/app/bulletins/<id>`). */
  link?: string | null;
  sms?: boolean;
  /**
   * Told even when notify told the person of the same case within the last minute. Without it a
   * request that repeats a notice (a camera's dispatch message, an alarm's rise) is skipped; a message
   * with news of its own (the storm guard's grouping) sets it.
   */
  always?: boolean;
  /**
   * Also post to the group robots (DingTalk) of this level covering this region: markdown text, not
   * urgent (held over quiet hours). The bulletins go to their level's group with a link this way.
   */
  robot?: { regionCode: string; level: 'village' | 'township' | 'district' | 'city'; title: string; text: string } | null;
}
