/**
 * Server-Sent Events for screens and consoles. Domain events reach every connected client whose
 * region scope covers the event's region. With PostgreSQL, the process that delivers an event
 * NOTIFYs the others (LISTEN/NOTIFY), so clients on every instance behind a load balancer see it.
 */
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { Database } from './db/index.ts';
import type { DomainEvent, EventBus } from './events.ts';

interface Client {
  reply: FastifyReply;
  scopes: string[];
  /**
   * A personal stream (a resident's own cases): the owner's filter returns what to send of an event,
   * or null to skip it. The hub knows nothing of what the events mean.
   */
  personal?: (e: DomainEvent) => Record<string, unknown> | null;
}

const CHANNEL = 'vb_events';

export class RealtimeHub {
  private clients = new Set<Client>();
  private heartbeat: NodeJS.Timeout | null = null;
  private stopListening: (() => Promise<void>) | null = null;

  constructor(
    private bus: EventBus,
    private database: Database,
    private log: Logger,
  ) {}

  async start(): Promise<void> {
    this.bus.subscribe('*', (e) => this.publish(e));
    this.heartbeat = setInterval(() => this.broadcastRaw(': keep-alive\n\n'), 25_000);
    this.heartbeat.unref();
    if (this.database.kind === 'postgres') await this.listen();
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const c of this.clients) c.reply.raw.end();
    this.clients.clear();
    await this.stopListening?.();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Attach an SSE response. The caller has checked the actor's permission and computed scopes. */
  attach(reply: FastifyReply, scopes: string[], personal?: Client['personal']): void {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: 3000\n: connected\n\n`);
    const client: Client = { reply, scopes, personal };
    this.clients.add(client);
    raw.on('close', () => this.clients.delete(client));
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
    void this.bus.deliverEverywhere(e);
    const frame = `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ id: e.id, type: e.type, regionCode: e.regionCode, aggregateId: e.aggregateId, payload: e.payload, createdAt: e.createdAt })}\n\n`;
    for (const c of this.clients) {
      if (c.personal) {
        const data = c.personal(e);
        if (data) c.reply.raw.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ id: e.id, type: e.type, payload: data })}\n\n`);
      } else if (e.regionCode === null || c.scopes.some((s) => e.regionCode!.startsWith(s))) c.reply.raw.write(frame);
    }
  }

  private broadcastRaw(text: string): void {
    for (const c of this.clients) c.reply.raw.write(text);
  }

  private async listen(): Promise<void> {
    const { default: pg } = await import('pg');
    const url = this.database.url;
    if (!url) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    client.on('notification', (msg) => {
      try {
        const body = JSON.parse(msg.payload ?? '[]') as DomainEvent | DomainEvent[];
        for (const e of Array.isArray(body) ? body : [body]) this.pushLocal(e);
      } catch (err) {
        this.log.warn({ err }, 'bad realtime notification');
      }
    });
    client.on('error', (err) => this.log.error({ err }, 'realtime LISTEN connection failed'));
    this.stopListening = async () => {
      await client.end().catch(() => {});
    };
  }
}
