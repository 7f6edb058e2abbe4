/**
 * Database outage (issue 11 #8 and #3): a TCP proxy between the app and PostgreSQL first refuses
 * connections (a restart), then black-holes them (a cut cable, a dead firewall: connections accepted,
 * nothing forwarded) while clients keep posting reports and reading the queue. Every request answers
 * within 5 s — 503 DATABASE_UNAVAILABLE while the database is away, never another 5xx, never a hang —
 * every acknowledged report is stored, and once the database is back /healthz is ok and live events
 * (SSE and subscribeEverywhere) flow again, including one delivered elsewhere during the outage.
 * PostgreSQL only: PGlite runs in the process and has no connection to lose.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildApp, type VillageBrain } from '../src/app.ts';
import { openDatabase } from '../src/platform/db/index.ts';
import { emitRaw as emitEvent, type AnyEvents, type EventBus } from '../src/platform/events.ts';
import { createLogger } from '../src/platform/logger.ts';
import { testConfig } from './helpers/app.ts';
import { openTestDatabase, type TestDatabase } from './helpers/db.ts';
import { makeArea, makeStaff, type Area, type TestUser } from './helpers/factories.ts';

/** The brief's bound: an answer, whatever it is, within this long. */
const ANSWER_WITHIN_MS = 5000;

type Mode = 'forward' | 'refuse' | 'blackhole';

/**
 * A TCP proxy to PostgreSQL. `refuse`: the port is closed and open connections are reset (a server
 * restart). `blackhole`: connections are accepted and nothing moves either way (bytes wait, as TCP
 * retransmits would deliver them after a network cut heals).
 */
class PgProxy {
  private server: net.Server | null = null;
  private pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();
  mode: Mode = 'forward';
  port = 0;

  constructor(private target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  private accept(client: net.Socket): void {
    const pair: { client: net.Socket; upstream: net.Socket | null } = { client, upstream: null };
    this.pairs.add(pair);
    client.on('error', () => {});
    client.on('close', () => {
      pair.upstream?.destroy();
      this.pairs.delete(pair);
    });
    if (this.mode === 'blackhole') client.pause();
    else this.connectUpstream(pair);
  }

  private connectUpstream(pair: { client: net.Socket; upstream: net.Socket | null }): void {
    const up = net.connect(this.target.port, this.target.host);
    pair.upstream = up;
    up.on('error', () => pair.client.destroy());
    up.on('close', () => pair.client.destroy());
    pair.client.pipe(up);
    up.pipe(pair.client);
    pair.client.resume();
  }

  async refuse(): Promise<void> {
    this.mode = 'refuse';
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve())); // once every connection is gone
    for (const p of this.pairs) {
      p.client.resetAndDestroy();
      p.upstream?.destroy();
    }
    this.pairs.clear();
    await closed;
  }

  blackhole(): void {
    this.mode = 'blackhole';
    for (const p of this.pairs) {
      p.client.pause();
      p.upstream?.pause();
    }
  }

  async restore(): Promise<void> {
    const was = this.mode;
    this.mode = 'forward';
    if (was === 'refuse') return this.start();
    for (const p of this.pairs) {
      if (p.upstream) {
        p.client.resume();
        p.upstream.resume();
      } else this.connectUpstream(p);
    }
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => (this.server?.listening ? this.server.close(() => resolve()) : resolve()));
    for (const p of this.pairs) {
      p.client.destroy();
      p.upstream?.destroy();
    }
    await closed;
  }
}

interface Tally {
  tried: number;
  ok: number;
  unavailable: number;
  /** 503 without Retry-After or with another code */
  bad503: number;
  other5xx: number;
  other: number;
  /** No answer within ANSWER_WITHIN_MS (aborted). */
  hung: number;
  maxMs: number;
}

const tally = (): Tally => ({ tried: 0, ok: 0, unavailable: 0, bad503: 0, other5xx: 0, other: 0, hung: 0, maxMs: 0 });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(50);
  }
}

describe('database outage behind a TCP proxy [postgres]', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL: PGlite runs in the process and has no connection to cut' }, () => {
  let testDb: TestDatabase;
  let proxy: PgProxy;
  let vb: VillageBrain;
  let base: string;
  let area: Area;
  let operator: TestUser;
  let reporter: TestUser;
  const acknowledged = new Set<string>();
  let seq = 0;

  before(async () => {
    testDb = await openTestDatabase('postgres');
    const direct = new URL(testDb.url!);
    proxy = new PgProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.start();
    const viaProxy = new URL(testDb.url!);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    // short timeouts, so that the test sees the mechanism quickly; the defaults are documented in the README
    const config = testConfig({ DB_CONNECT_TIMEOUT_MS: '1500', DB_STATEMENT_TIMEOUT_MS: '10000', OUTBOX_POLL_MS: '200' });
    const database = await openDatabase({ databaseUrl: viaProxy.toString(), pgliteDir: null, tuning: config });
    vb = await buildApp(config, { database, logger: createLogger('silent', { pretty: false }) });
    await vb.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(vb.app.server.address() as net.AddressInfo).port}`;
    area = await makeArea(vb);
    await vb.services.regions.rebuildIndex();
    operator = await makeStaff(vb, 'operator', area.townships[0]);
    reporter = await makeStaff(vb, 'grid_worker', area.villages[0]);
  });

  after(async () => {
    await vb?.close();
    await proxy?.stop();
    await testDb?.drop();
  });

  /** One request with a deadline; counted in the tally. */
  async function request(t: Tally, path: string, init: RequestInit = {}): Promise<Response | null> {
    t.tried++;
    const started = Date.now();
    try {
      const res = await fetch(base + path, { ...init, signal: AbortSignal.timeout(ANSWER_WITHIN_MS + 2000) });
      const ms = Date.now() - started;
      t.maxMs = Math.max(t.maxMs, ms);
      if (ms > ANSWER_WITHIN_MS) t.hung++;
      if (res.status < 400) t.ok++;
      else if (res.status === 503) {
        const body = (await res.clone().json().catch(() => ({}))) as { error?: { code?: string }; status?: string };
        const coded = body.error?.code === 'DATABASE_UNAVAILABLE' || body.status === 'degraded';
        if (coded && res.headers.get('retry-after')) t.unavailable++;
        else t.bad503++;
      } else if (res.status >= 500) t.other5xx++;
      else t.other++;
      return res;
    } catch {
      t.hung++;
      t.maxMs = Math.max(t.maxMs, Date.now() - started);
      return null;
    }
  }

  /** Clients posting reports and reading the queue, four at a time, until stopped. */
  function load(t: Tally): { stop(): Promise<void> } {
    let running = true;
    const [lon, lat] = area.gridPoints[0];
    const worker = async () => {
      while (running) {
        const n = ++seq;
        const res = await request(t, '/api/cases', {
          method: 'POST', headers: { ...reporter.auth, 'content-type': 'application/json' },
          body: JSON.stringify({ title: `outage report ${n}`, categoryCode: '0107', lon, lat, clientKey: `outage-${process.pid}-${n}` }),
        });
        if (res?.status === 201) acknowledged.add(((await res.json()) as { id: string }).id);
        await request(t, `/api/cases?limit=5`, { headers: operator.auth });
        await request(t, '/healthz');
        await sleep(20);
      }
    };
    const workers = [0, 1, 2, 3].map(() => worker());
    return {
      async stop() {
        running = false;
        await Promise.all(workers);
      },
    };
  }

  function sse(token: string) {
    const chunks: string[] = [];
    const req = http.get(`${base}/api/events/stream`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c) => chunks.push(c));
    });
    req.on('error', () => {});
    return { text: () => chunks.join(''), close: () => req.destroy() };
  }

  it('refused, then black-holed: 503 within 5 s, no other 5xx, nothing acknowledged lost; afterwards /healthz is ok and live events resume', async () => {
    const stream = sse(operator.token);
    const reloads: string[] = [];
    (vb.platform.events as unknown as EventBus<AnyEvents>).subscribeEverywhere('test.outage_reload', (e) => void reloads.push(String(e.payload.phase)));
    await waitFor(() => (vb.realtime.clientCount >= 1 ? true : undefined), 5000);
    const figures: Record<string, Tally> = {};

    // the database up
    figures.before = tally();
    let l = load(figures.before);
    await sleep(1500);
    await l.stop();

    // refused (a restart): the port is closed and every connection reset
    figures.refused = tally();
    await proxy.refuse();
    l = load(figures.refused);
    await sleep(4000);
    const healthRefused = await request(figures.refused, '/healthz');
    await l.stop();
    assert.equal(healthRefused?.status, 503);
    assert.equal(((await healthRefused!.json()) as { databaseUp: boolean }).databaseUp, false);
    await proxy.restore();
    await waitFor(async () => ((await fetch(`${base}/healthz`)).status === 200 ? true : undefined), 20_000);

    // black-holed: connections accepted, nothing forwarded, nothing closed
    figures.blackholed = tally();
    proxy.blackhole();
    l = load(figures.blackholed);
    await sleep(3000);
    // meanwhile another instance, still reaching the database, delivers an event whose NOTIFY this one misses
    const other = new (await import('pg')).default.Client({ connectionString: testDb.url! });
    await other.connect();
    const [missed] = (await other.query(
      `INSERT INTO outbox_events (type, region_code, aggregate_id, payload, delivered_at) VALUES ('case.reported', $1, 'elsewhere', '{"title":"reported elsewhere during the outage"}', now()) RETURNING id`,
      [area.villages[0]])).rows as { id: string }[];
    await other.query("SELECT pg_notify('vb_events', $1)", [JSON.stringify([{ id: Number(missed.id), type: 'case.reported', regionCode: area.villages[0], aggregateId: 'elsewhere', payload: { title: 'reported elsewhere during the outage' }, createdAt: new Date().toISOString() }])]);
    await other.end();
    await sleep(3000);
    const healthBlack = await request(figures.blackholed, '/healthz');
    // Open311 clients get the same 503 and Retry-After, in the standard's error list
    const o311 = await fetch(`${base}/open311/v2/requests.json`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS + 2000) });
    assert.equal(o311.status, 503, 'Open311 during the outage');
    assert.ok(o311.headers.get('retry-after'), 'Open311: Retry-After');
    assert.equal(((await o311.json()) as { code: number }[])[0].code, 503);
    await l.stop();
    assert.equal(healthBlack?.status, 503, '/healthz says the database is down, in time');
    await proxy.restore();

    // back: healthy again, live events flow (the one missed, then new ones) to SSE and process-wide handlers
    const backAt = Date.now();
    await waitFor(async () => ((await fetch(`${base}/healthz`)).status === 200 ? true : undefined), 20_000);
    const healthyAfterMs = Date.now() - backAt;
    figures.after = tally();
    l = load(figures.after);
    await sleep(1500);
    await l.stop();
    await waitFor(() => (stream.text().includes('reported elsewhere during the outage') ? true : undefined), 15_000);
    await vb.platform.tx(async (tx) => emitEvent(tx, 'test.outage_reload', { phase: 'after' }));
    await waitFor(() => (reloads.includes('after') ? true : undefined), 15_000);
    await waitFor(() => (stream.text().includes('outage report') ? true : undefined), 15_000);
    stream.close();

    // nothing acknowledged was lost
    await vb.platform.events.flush();
    const stored = await vb.platform.database.raw<{ id: string }>('SELECT id FROM cases WHERE id = ANY($1::uuid[])', [[...acknowledged]]);
    const lost = acknowledged.size - stored.length;
    const dup = await vb.platform.database.raw<{ n: number }>(
      "SELECT count(*)::int AS n FROM (SELECT client_key FROM cases WHERE client_key LIKE 'outage-%' GROUP BY reporter_id, client_key HAVING count(*) > 1) d", []);

    const rows = Object.entries(figures).map(([phase, t]) => `${phase.padEnd(10)} tried ${String(t.tried).padStart(5)}  2xx ${String(t.ok).padStart(5)}  503 ${String(t.unavailable).padStart(5)}  other 5xx ${t.other5xx + t.bad503}  4xx ${t.other}  no answer in 5 s ${t.hung}  slowest ${t.maxMs} ms`);
    console.log(['database outage figures:', ...rows, `acknowledged reports ${acknowledged.size}, lost ${lost}, duplicated ${dup[0].n}; /healthz ok ${healthyAfterMs} ms after the restore; realtime reconnects ${vb.realtime.status().reconnects}, resynced ${vb.realtime.status().resynced}`].join('\n'));

    for (const [phase, t] of Object.entries(figures)) {
      assert.equal(t.hung, 0, `${phase}: every request answered within 5 s`);
      assert.equal(t.other5xx + t.bad503, 0, `${phase}: no 5xx but 503 DATABASE_UNAVAILABLE with Retry-After`);
      assert.equal(t.other, 0, `${phase}: no 4xx either`);
    }
    assert.ok(figures.refused.unavailable > 0 && figures.blackholed.unavailable > 0, 'the outage was seen');
    assert.ok(figures.after.ok === figures.after.tried, 'all well afterwards');
    assert.equal(lost, 0);
    assert.equal(dup[0].n, 0);
  });
});
