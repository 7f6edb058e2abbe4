/**
 * Server-Sent Events for screens and consoles. Domain events reach every connected client whose
 * region scope covers the event's region. With PostgreSQL, the process that delivers an event
 * NOTIFYs the others (LISTEN/NOTIFY), so clients on every instance behind a load balancer see it.
 *
 * The LISTEN connection is watched (a `SELECT 1` every few seconds, TCP keepalive): when it breaks
 * (restart, failover, an idle cut by a pooler or firewall) it is opened again with backoff, and what
 * was NOTIFYed meanwhile is read back from the outbox (rows after the last one seen), so consoles,
 * residents' pages and subscribeEverywhere handlers miss nothing. /healthz reports the link.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Logger } from 'pino';
import { DEFAULT_PG_TUNING, pgClientConfig, type Database, type PgTuning } from './db/index.ts';
import { outboxHead, outboxSince, type DomainEvent, type EventBus } from './events.ts';

interface Client {
  reply: FastifyReply;
  scopes: string[];
  /**
   * A personal stream (a resident's own cases): the owner's filter returns what to send of an event,
   * or null to skip it. The hub knows nothing of what the events mean.
   */
  personal?: (e: DomainEvent) => Record<string, unknown> | null;
  /** While the missed events are being sent (a resumed stream): live events wait here, in order. */
  waiting: DomainEvent[] | null;
  /** The ids sent as missed: not sent again when they arrive live. */
  resent: Set<number> | null;
}

/** At most this many missed events are sent to a resumed stream (a page away longer reloads on its own). */
const RESUME_LIMIT = 1000;

const CHANNEL = 'vb_events';

/** How often the LISTEN connection is asked `SELECT 1`; a black hole is noticed within this plus the connect timeout. */
const LINK_CHECK_MS = 2000;
/** Reconnect backoff: doubles from the first to the last. */
const BACKOFF_MS = [250, 5000] as const;
/** Event ids remembered to push each event once when a resync and a NOTIFY both bring it. */
const SEEN_IDS = 20_000;
/** A resync reads back this many ids before the last one seen (events are not always delivered in id order). */
const RESYNC_OVERLAP = 500;
/** At most this many missed events are replayed at a reconnect. */
const RESYNC_MAX = 5000;

/** The state of the LISTEN link, as /healthz shows it. */
export interface RealtimeLink {
  /** 'local': one process on PGlite, nothing to listen to. */
  state: 'local' | 'up' | 'down';
  since: string;
  reconnects: number;
  /** Events replayed from the outbox after reconnects. */
  resynced: number;
  error: string | null;
}

export class RealtimeHub {
  private clients = new Set<Client>();
  private heartbeat: NodeJS.Timeout | null = null;
  /** The LISTEN connection once it listens. */
  private listener: import('pg').Client | null = null;
  /** The connection being opened or in use; news from any other is stale. */
  private current: import('pg').Client | null = null;
  private linkTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private backoff: number = BACKOFF_MS[0];
  private link: RealtimeLink;
  /** The highest event id pushed; a resync reads the outbox from (a little before) here. */
  private lastSeenId = 0;
  private seen = new Set<number>();

  constructor(
    private bus: EventBus,
    private database: Database,
    private log: Logger,
    private tuning: PgTuning = DEFAULT_PG_TUNING,
  ) {
    this.link = { state: database.kind === 'postgres' ? 'down' : 'local', since: new Date().toISOString(), reconnects: 0, resynced: 0, error: null };
  }

  async start(): Promise<void> {
    this.bus.subscribe('*', (e) => this.publish(e));
    this.heartbeat = setInterval(() => this.broadcastRaw(': keep-alive\n\n'), 25_000);
    this.heartbeat.unref();
    if (this.database.kind === 'postgres') {
      const [row] = await this.database.raw<{ id: string | null }>('SELECT max(id) AS id FROM outbox_events', []);
      this.lastSeenId = Number(row?.id ?? 0);
      await this.listen(false);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.linkTimer) clearTimeout(this.linkTimer);
    for (const c of this.clients) c.reply.raw.end();
    this.clients.clear();
    const l = this.current;
    this.listener = this.current = null;
    await l?.end().catch(() => {});
  }

  /** The LISTEN link (PostgreSQL) for /healthz. */
  status(): RealtimeLink {
    return { ...this.link };
  }

  /**
   * The newest event's id now. A list read after it, sent with it (`x-event-head`), lets a page that opens its
   * stream only later ask for what happened since (`?lastEventId=`): nothing changes unseen in between.
   */
  head(): Promise<number> {
    return outboxHead(this.database);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * Attach an SSE response. The caller has checked the actor's permission and computed scopes. With
   * `lastEventId` (the browser's Last-Event-ID on reconnect, or the page's own after a server restart),
   * the events since are sent first — filtered as live ones are — and live events wait until they are
   * out, so the page misses nothing and sees nothing twice.
   */
  async attach(reply: FastifyReply, scopes: string[], personal?: Client['personal'], lastEventId?: number): Promise<void> {
    reply.hijack();
    const raw = reply.raw;
    if (this.stopped) return void raw.end(); // came in while the server stops: the browser tries again
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: 3000\n: connected\n\n`);
    const resuming = lastEventId !== undefined && Number.isSafeInteger(lastEventId) && lastEventId >= 0;
    // live events wait while the stream learns where it stands (resent events, or the head's id)
    const client: Client = { reply, scopes, personal, waiting: [], resent: null };
    this.clients.add(client);
    raw.on('close', () => this.clients.delete(client));
    if (!resuming) {
      // a fresh stream is told the newest event's id: should it drop before any event of its own came (a
      // server restart), the browser's reconnect says where it was and gets what happened meanwhile
      let head = Number.MAX_SAFE_INTEGER;
      try {
        head = await outboxHead(this.database);
        raw.write(`id: ${head}\n\n`);
      } catch (err) {
        this.log.warn({ err }, 'could not tell a new stream where it stands');
      }
      const waiting = client.waiting ?? [];
      client.waiting = null;
      for (const e of waiting) if (e.id > head || head === Number.MAX_SAFE_INTEGER) this.send(client, e);
      return;
    }
    try {
      const missed = await outboxSince(this.database, lastEventId, RESUME_LIMIT);
      client.resent = new Set(missed.map((e) => e.id));
      for (const e of missed) this.send(client, e);
    } catch (err) {
      this.log.warn({ err }, 'could not resend missed events to a resumed stream');
    }
    const waiting = client.waiting ?? [];
    client.waiting = null;
    for (const e of waiting) if (!client.resent?.has(e.id)) this.send(client, e);
  }

  /**
   * One event to one client, as its stream shows it (its area's, or the personal filter's). `staffFrame`:
   * the area streams' frame, serialised once per event for all of them.
   */
  private send(c: Client, e: DomainEvent, staffFrame = { text: '' }): void {
    if (c.personal) {
      const data = c.personal(e);
      if (data) c.reply.raw.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ id: e.id, type: e.type, payload: data })}\n\n`);
    } else if (e.regionCode === null || c.scopes.some((s) => e.regionCode!.startsWith(s))) {
      staffFrame.text ||= `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ id: e.id, type: e.type, regionCode: e.regionCode, aggregateId: e.aggregateId, payload: e.payload, createdAt: e.createdAt })}\n\n`;
      c.reply.raw.write(staffFrame.text);
    }
  }

  private pending: DomainEvent[] = [];
  private flushing: Promise<void> | null = null;

  private async publish(e: DomainEvent): Promise<void> {
    if (this.database.kind !== 'postgres') return this.pushLocal(e);
    // every instance (this one included) pushes to its own clients on NOTIFY; events delivered in the
    // same tick share NOTIFYs (a JSON array, under PostgreSQL's 8,000-byte payload limit)
    this.pending.push(e);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush()).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  private async flush(): Promise<void> {
    const events = this.pending.splice(0);
    let chunk: string[] = [];
    let size = 2;
    const send = async () => {
      if (chunk.length) await this.database.raw('SELECT pg_notify($1, $2)', [CHANNEL, `[${chunk.join(',')}]`], { prepare: true });
      chunk = [];
      size = 2;
    };
    for (const e of events) {
      const body = JSON.stringify(e);
      if (body.length > 7900) {
        this.pushLocal(e); // too large to NOTIFY: at least this instance's clients get it
        continue;
      }
      if (size + body.length + 1 > 7900) await send();
      chunk.push(body);
      size += body.length + 1;
    }
    await send();
  }

  private pushLocal(e: DomainEvent): void {
    // once per event: a resync and a late NOTIFY may both bring it
    if (this.seen.has(e.id)) return;
    this.seen.add(e.id);
    if (this.seen.size > SEEN_IDS) for (const id of this.seen) {
      this.seen.delete(id); // a Set iterates oldest first
      if (this.seen.size <= SEEN_IDS * 0.9) break;
    }
    if (e.id > this.lastSeenId) this.lastSeenId = e.id;
    void this.bus.deliverEverywhere(e);
    const frame = { text: '' };
    for (const c of this.clients) {
      if (c.waiting) c.waiting.push(e);
      else if (!c.resent?.has(e.id)) this.send(c, e, frame);
    }
  }

  private broadcastRaw(text: string): void {
    for (const c of this.clients) c.reply.raw.write(text);
  }

  /**
   * Open the LISTEN connection; after a break, read back what was missed. A failure schedules the next
   * attempt (backoff from 250 ms to 5 s), never throws: the app serves without live updates meanwhile.
   */
  private async listen(resync: boolean): Promise<void> {
    const url = this.database.url;
    if (!url || this.stopped) return;
    const { default: pg } = await import('pg');
    const client = new pg.Client({ ...pgClientConfig(url, this.tuning), application_name: 'vb-realtime' });
    this.current = client;
    client.on('notification', (msg) => {
      try {
        const body = JSON.parse(msg.payload ?? '[]') as DomainEvent | DomainEvent[];
        for (const e of Array.isArray(body) ? body : [body]) this.pushLocal(e);
      } catch (err) {
        this.log.warn({ err }, 'bad realtime notification');
      }
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection closed')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.stopped || this.current !== client) return void client.end().catch(() => {});
      this.listener = client;
      // NOTIFYs from here on arrive; what came before (while the link was down) is in the outbox
      if (resync) await this.resync();
      this.link = { ...this.link, state: 'up', since: new Date().toISOString(), error: null, reconnects: this.link.reconnects + (resync ? 1 : 0) };
      if (resync) this.log.info({ resynced: this.link.resynced }, 'realtime LISTEN connection back');
      this.backoff = BACKOFF_MS[0];
      this.scheduleCheck(client);
    } catch (err) {
      this.lost(client, err as Error);
    }
  }

  private async resync(): Promise<void> {
    const from = Math.max(0, this.lastSeenId - RESYNC_OVERLAP);
    const missed = await outboxSince(this.database, from, RESYNC_MAX);
    let pushed = 0;
    for (const e of missed) {
      if (this.seen.has(e.id)) continue;
      this.pushLocal(e);
      pushed++;
    }
    this.link.resynced += pushed;
    if (missed.length === RESYNC_MAX) this.log.warn({ from }, 'realtime resync: more events were missed than are replayed');
  }

  /** A `SELECT 1` now and then: a black-holed connection never says it is broken. */
  private scheduleCheck(client: import('pg').Client): void {
    this.linkTimer = setTimeout(async () => {
      if (this.listener !== client || this.stopped) return;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          client.query('SELECT 1'),
          new Promise((_, reject) => (timer = setTimeout(() => setImmediate(() => reject(new Error('LISTEN connection not answering'))), this.tuning.dbConnectTimeoutMs))),
        ]);
        this.scheduleCheck(client);
      } catch (err) {
        this.lost(client, err as Error);
      } finally {
        clearTimeout(timer);
      }
    }, LINK_CHECK_MS);
    this.linkTimer.unref();
  }

  /** The connection broke (or never opened): drop it and try again after the backoff. */
  private lost(client: import('pg').Client, err: Error): void {
    if (this.stopped || this.current !== client) return; // an old connection's late news
    const wasUp = this.listener === client;
    this.current = null;
    this.listener = null;
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    void client.end().catch(() => {});
    if (wasUp) this.log.error({ err: err.message }, 'realtime LISTEN connection lost; reconnecting');
    if (this.link.state !== 'down') this.link = { ...this.link, state: 'down', since: new Date().toISOString() };
    this.link.error = err.message;
    if (this.linkTimer) clearTimeout(this.linkTimer);
    const wait = this.backoff;
    this.backoff = Math.min(BACKOFF_MS[1], this.backoff * 2);
    this.linkTimer = setTimeout(() => void this.listen(true), wait);
    this.linkTimer.unref();
  }
}

/** The query string of a stream route: `lastEventId` resumes after that event (a page reopening its stream). */
export const Resume = Type.Object({ lastEventId: Type.Optional(Type.Integer({ minimum: 0 })) });

/** Where a stream resumes: the browser's own Last-Event-ID on reconnect, else the page's `lastEventId`. */
export function resumeFrom(req: FastifyRequest): number | undefined {
  const header = req.headers['last-event-id'];
  if (typeof header === 'string' && /^\d{1,15}$/.test(header)) return Number(header);
  const q = (req.query as { lastEventId?: number } | undefined)?.lastEventId;
  return typeof q === 'number' ? q : undefined;
}
