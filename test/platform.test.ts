import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { buildApp } from '../src/app.ts';
import { media, outboxEvents } from '../src/platform/db/platform.schema.ts';
import { emitRaw as emitEvent, type AnyEvents, type DomainEvent, type EventBus } from '../src/platform/events.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeResident, makeStaff } from './helpers/factories.ts';

function multipart(field: string, filename: string, contentType: string, bytes: Buffer) {
  const boundary = `----vbtest${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeOnDatabases('platform', ({ vb, kind }) => {
  it('health, OpenAPI and the error shape of an unknown route', async () => {
    const h = await vb.app.inject({ url: '/healthz' });
    assert.equal(h.statusCode, 200);
    assert.equal(h.json().database, kind);
    const doc = await vb.app.inject({ url: '/openapi.json' });
    assert.equal(doc.statusCode, 200);
    assert.ok(doc.json().paths['/api/regions/locate']);
    assert.ok(doc.json().paths['/api/auth/login']);
    assert.equal((await vb.app.inject({ url: '/docs/' })).statusCode, 200);
    const nf = await vb.app.inject({ url: '/api/nothing-here' });
    assert.equal(nf.statusCode, 404);
    assert.equal(nf.json().error.code, 'ROUTE_NOT_FOUND');
  });

  it('pg_trgm is there on both databases (similar-text search for ideas and places)', async () => {
    const [row] = await vb.platform.database.query<{ s: number; hit: boolean }>(
      sql`SELECT similarity('村口路灯不亮', '村口的路灯不亮了') AS s, '余东村美术馆' % '余东美术馆' AS hit`);
    assert.ok(Number(row.s) > 0.3, `similarity ${row.s}`);
    assert.equal(row.hit, true);
  });

  it('an event is delivered after its transaction commits, never after a rollback', async () => {
    const seen: DomainEvent<Record<string, unknown>>[] = [];
    const off = (vb.platform.events as unknown as EventBus<AnyEvents>).subscribe('test.committed', (e) => void seen.push(e));
    const offR = (vb.platform.events as unknown as EventBus<AnyEvents>).subscribe('test.rolledback', (e) => void seen.push(e));
    await vb.platform.tx(async (tx) => emitEvent(tx, 'test.committed', { n: 1 }, { regionCode: '330802' }));
    await assert.rejects(vb.platform.tx(async (tx) => {
      await emitEvent(tx, 'test.rolledback', { n: 2 });
      throw new Error('boom');
    }));
    await waitFor(() => (seen.length ? true : undefined));
    await vb.platform.events.flush();
    assert.deepEqual(seen.map((e) => e.type), ['test.committed']);
    assert.equal(seen[0].payload.n, 1);
    off();
    offR();
  });

  it('a subscriber may write in a transaction of its own (no deadlock on a single-connection database)', async () => {
    let wrote = false;
    const off = (vb.platform.events as unknown as EventBus<AnyEvents>).subscribe('test.chained', async (e) => {
      await vb.platform.tx(async (tx) => emitEvent(tx, 'test.followup', { from: e.id }));
      wrote = true;
    });
    await vb.platform.tx(async (tx) => emitEvent(tx, 'test.chained', {}));
    await waitFor(() => (wrote ? true : undefined));
    const follow = await waitFor(async () => {
      const [row] = await vb.platform.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'test.followup'));
      return row?.deliveredAt ? row : undefined;
    });
    assert.ok(follow);
    off();
  });

  it('a failing subscriber gets the event again (at-least-once), then it is marked delivered', async () => {
    let calls = 0;
    const off = (vb.platform.events as unknown as EventBus<AnyEvents>).subscribe('test.flaky', () => {
      calls++;
      if (calls === 1) throw new Error('first attempt fails');
    });
    await vb.platform.tx(async (tx) => emitEvent(tx, 'test.flaky', {}));
    await waitFor(async () => {
      const [row] = await vb.platform.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'test.flaky'));
      return row?.attempts === 1 && row.lastError ? row : undefined;
    });
    // make it due now instead of after the backoff
    await vb.platform.db.update(outboxEvents).set({ nextAttemptAt: sql`now()` }).where(eq(outboxEvents.type, 'test.flaky'));
    await vb.platform.events.flush();
    const [row] = await vb.platform.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'test.flaky'));
    assert.equal(calls, 2);
    assert.ok(row.deliveredAt);
    off();
  });

  it('uploads a real photo: sniffed, stored content-addressed outside the web root, with a thumbnail', async () => {
    const area = await makeArea(vb);
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 90, b: 30 } } }).jpeg().toBuffer();
    const up = multipart('file', 'burning.png' /* the name lies: the bytes decide */, 'image/png', jpeg);
    const res = await vb.app.inject({ method: 'POST', url: '/api/media', headers: { ...worker.auth, ...up.headers }, payload: up.payload });
    assert.equal(res.statusCode, 201, res.body);
    const info = res.json();
    assert.equal(info.mime, 'image/jpeg');
    assert.equal(info.width, 1200);
    const file = path.join(vb.config.dataDir, 'media', info.id.slice(0, 2), info.id.slice(2, 4), `${info.id}.jpg`);
    assert.ok(fs.existsSync(file));
    const thumb = await vb.app.inject({ url: info.thumbUrl, headers: worker.auth });
    assert.equal(thumb.statusCode, 200);
    const meta = await sharp(thumb.rawPayload).metadata();
    assert.ok(meta.width! <= 320 && meta.format === 'jpeg');
    const again = await vb.app.inject({ method: 'POST', url: '/api/media', headers: { ...worker.auth, ...up.headers }, payload: up.payload });
    assert.equal(again.json().id, info.id, 'same bytes, same id');
    assert.equal((await vb.app.inject({ url: info.url })).statusCode, 401, 'media needs a log-in');
  });

  it('refuses a file that is not an image (415) and one over the size limit (413), storing nothing', async () => {
    const area = await makeArea(vb);
    const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
    const before = (await vb.platform.db.select({ n: sql<number>`count(*)::int` }).from(media))[0].n;
    const text = multipart('file', 'photo.jpg', 'image/jpeg', Buffer.from('#!/bin/sh\necho not a photo\n'));
    const r1 = await vb.app.inject({ method: 'POST', url: '/api/media', headers: { ...worker.auth, ...text.headers }, payload: text.payload });
    assert.equal(r1.statusCode, 415);
    assert.equal(r1.json().error.code, 'MEDIA_TYPE_NOT_ALLOWED');
    const big = Buffer.concat([await sharp({ create: { width: 10, height: 10, channels: 3, background: 'red' } }).png().toBuffer(), Buffer.alloc(vb.config.mediaMaxBytes)]);
    const bigPart = multipart('file', 'big.png', 'image/png', big);
    const r2 = await vb.app.inject({ method: 'POST', url: '/api/media', headers: { ...worker.auth, ...bigPart.headers }, payload: bigPart.payload });
    assert.equal(r2.statusCode, 413);
    const r3 = await vb.app.inject({ method: 'POST', url: '/api/media', headers: { ...worker.auth, 'content-type': 'application/json' }, payload: { file: 'x' } });
    assert.equal(r3.statusCode, 400);
    assert.equal(r3.json().error.code, 'MULTIPART_REQUIRED');
    assert.equal((await vb.platform.db.select({ n: sql<number>`count(*)::int` }).from(media))[0].n, before);
  });

  it('SSE pushes an event to consoles of its region only', async () => {
    const area = await makeArea(vb);
    const mine = await makeStaff(vb, 'operator', area.townships[0]);
    const other = await makeStaff(vb, 'operator', area.townships[1]);
    await vb.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (vb.app.server.address() as AddressInfo).port;
    const open = (token: string) => {
      const chunks: string[] = [];
      const req = http.get({ port, host: '127.0.0.1', path: '/api/events/stream', headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (c) => chunks.push(c));
      });
      return { chunks, close: () => req.destroy() };
    };
    const a = open(mine.token);
    const b = open(other.token);
    await waitFor(() => (vb.realtime.clientCount >= 2 ? true : undefined));
    await vb.platform.tx(async (tx) => emitEvent(tx, 'case.reported', { title: 'burning grass' }, { regionCode: area.villages[0], aggregateId: 'c1' }));
    const frame = await waitFor(() => a.chunks.join('').match(/event: case.reported\ndata: (.*)\n/)?.[1]);
    assert.equal(JSON.parse(frame).payload.title, 'burning grass');
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(!b.chunks.join('').includes('case.reported'), 'another township does not see it');
    const denied = await vb.app.inject({ url: '/api/events/stream' });
    assert.equal(denied.statusCode, 401);
    a.close();
    b.close();
  });

  it('a stream reopened with the last event it saw gets what it missed first, of its area only, each once (issue 15)', async () => {
    const area = await makeArea(vb);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    if (!vb.app.server.listening) await vb.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (vb.app.server.address() as AddressInfo).port;
    const emit = (title: string, region: string) => vb.platform.tx(async (tx) => emitEvent(tx, 'case.reported', { title }, { regionCode: region, aggregateId: title }));
    const open = (path: string, headers: Record<string, string> = {}) => {
      const chunks: string[] = [];
      const req = http.get({ port, host: '127.0.0.1', path, headers: { authorization: `Bearer ${op.token}`, ...headers } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (c) => chunks.push(c));
      });
      return { text: () => chunks.join(''), close: () => req.destroy() };
    };
    // the page saw 'seen', then the server restarted (the page was away) while two more happened here and one elsewhere
    const first = open('/api/events/stream');
    await waitFor(() => (vb.realtime.clientCount >= 1 ? true : undefined));
    await emit('seen', area.villages[0]);
    const seenId = Number(await waitFor(() => first.text().match(/id: (\d+)\nevent: case.reported\ndata: .*"seen"/)?.[1]));
    first.close();
    await emit('missed one', area.villages[0]);
    await emit('elsewhere', area.villages[2]);
    await emit('missed two', area.villages[1]);
    await vb.platform.events.flush();
    const ways: { path: string; headers: Record<string, string> }[] = [
      { path: `/api/events/stream?lastEventId=${seenId}`, headers: {} }, { path: '/api/events/stream', headers: { 'last-event-id': String(seenId) } },
    ];
    for (const how of ways) {
      const again = open(how.path, how.headers);
      await waitFor(() => (again.text().includes('missed two') ? true : undefined));
      await emit(`live after ${how.path.length}`, area.villages[0]);
      await waitFor(() => (again.text().includes(`live after ${how.path.length}`) ? true : undefined));
      const titles = [...again.text().matchAll(/event: case.reported\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]).payload.title as string);
      assert.deepEqual(titles.filter((x) => !x.startsWith('live after')).slice(0, 2), ['missed one', 'missed two'], 'the missed ones first, in order, of its area only');
      assert.ok(!titles.includes('seen') && !titles.includes('elsewhere'));
      assert.equal(new Set(titles).size, titles.length, 'nothing twice');
      again.close();
    }
    assert.equal((await vb.app.inject({ url: '/api/events/stream?lastEventId=-1', headers: op.auth })).statusCode, 400);
  });

  it('/healthz reports the database and the live-update link', async () => {
    const h = (await vb.app.inject({ url: '/healthz' })).json();
    assert.equal(h.status, 'ok');
    assert.equal(h.databaseUp, true);
    assert.equal(h.realtime.state, kind === 'postgres' ? 'up' : 'local');
  });

  if (kind === 'postgres') {
    it('live updates come back after the LISTEN connection is cut, with what was missed meanwhile (issue 11 #3)', async () => {
      const area = await makeArea(vb);
      const op = await makeStaff(vb, 'operator', area.townships[0]);
      if (!vb.app.server.listening) await vb.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (vb.app.server.address() as AddressInfo).port;
      const chunks: string[] = [];
      const req = http.get({ port, host: '127.0.0.1', path: '/api/events/stream', headers: { authorization: `Bearer ${op.token}` } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (c) => chunks.push(c));
      });
      const reloads: number[] = [];
      (vb.platform.events as unknown as EventBus<AnyEvents>).subscribeEverywhere('test.reload', (e) => void reloads.push(e.id));
      await waitFor(() => (vb.realtime.clientCount >= 1 ? true : undefined));
      const before = vb.realtime.status().reconnects;
      // a failover or an idle cut by a pooler: the server ends the LISTEN session
      const [cut] = await vb.platform.database.raw<{ n: number }>(
        "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'vb-realtime'", []);
      assert.equal(cut.n, 1);
      // meanwhile another instance delivers an event (its NOTIFY reaches no one here)
      const [missed] = await vb.platform.database.raw<{ id: string }>(
        `INSERT INTO outbox_events (type, region_code, aggregate_id, payload, delivered_at) VALUES ('case.reported', $1, 'missed', '{"title":"while cut"}', now()) RETURNING id`, [area.villages[0]]);
      await vb.platform.database.raw("SELECT pg_notify('vb_events', $1)", [JSON.stringify([{ id: Number(missed.id), type: 'case.reported', regionCode: area.villages[0], aggregateId: 'missed', payload: { title: 'while cut' }, createdAt: new Date().toISOString() }])]);
      await waitFor(() => (chunks.join('').includes('while cut') ? true : undefined), 10_000);
      assert.ok(vb.realtime.status().reconnects > before);
      // and events of this instance reach the console and every process-wide handler again
      await vb.platform.tx(async (tx) => emitEvent(tx, 'case.reported', { title: 'after the cut' }, { regionCode: area.villages[0], aggregateId: 'c2' }));
      await vb.platform.tx(async (tx) => emitEvent(tx, 'test.reload', {}));
      await waitFor(() => (chunks.join('').includes('after the cut') ? true : undefined), 10_000);
      await waitFor(() => (reloads.length ? true : undefined), 10_000);
      assert.equal(chunks.join('').split('while cut').length - 1, 1, 'pushed once');
      const h = (await vb.app.inject({ url: '/healthz' })).json();
      assert.equal(h.status, 'ok');
      assert.equal(h.realtime.state, 'up');
      req.destroy();
    });
  }
});

describe('outbox across a restart [pglite]', () => {
  it('delivers at start what a stopped process left undelivered', async () => {
    const vb = await createTestApp('pglite');
    const dir = vb.testDb.dir!;
    await vb.platform.events.stop(); // the "crash": nothing delivers from here on
    await vb.platform.tx(async (tx) => emitEvent(tx, 'test.pending', { keep: true }));
    await vb.app.close();
    await vb.realtime.stop();
    await vb.platform.database.close();
    const { openDatabase } = await import('../src/platform/db/index.ts');
    const database = await openDatabase({ databaseUrl: null, pgliteDir: dir });
    const again = await buildApp(vb.config, { database, logger: createLogger('silent', { pretty: false }), startEvents: false });
    const got: DomainEvent<Record<string, unknown>>[] = [];
    (again.platform.events as unknown as EventBus<AnyEvents>).subscribe('test.pending', (e) => void got.push(e));
    again.platform.events.start();
    await waitFor(() => (got.length ? true : undefined));
    assert.equal(got.length, 1);
    assert.equal(got[0].payload.keep, true);
    await again.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(vb.config.dataDir, { recursive: true, force: true });
  });
});

describe('X-Forwarded-For and the per-IP limits (issue 11 #6) [pglite]', () => {
  // the per-IP limit counts before the body is looked at: a resident's JSON post to /api/media is
  // counted, then refused with 400 MULTIPART_REQUIRED
  const post = (vb: TestApp, auth: Record<string, string>, forwardedFor: string, remoteAddress = '127.0.0.1') =>
    vb.app.inject({ method: 'POST', url: '/api/media', remoteAddress, headers: { ...auth, 'x-forwarded-for': forwardedFor, 'content-type': 'application/json' }, payload: { file: 'x' } });

  it('by default a client cannot pick its own address with X-Forwarded-For', async () => {
    const vb = await createTestApp('pglite', { POSTS_PER_MINUTE_PER_IP: '2' });
    try {
      const r = await makeResident(vb, null, 'tourist');
      const codes = [];
      for (let i = 1; i <= 3; i++) codes.push((await post(vb, r.auth, `203.0.113.${i}`)).statusCode);
      assert.deepEqual(codes, [400, 400, 429]);
    } finally {
      await vb.destroy();
    }
  });

  it('behind a proxy named in TRUST_PROXY the client address is the forwarded one; others are not believed', async () => {
    const vb = await createTestApp('pglite', { POSTS_PER_MINUTE_PER_IP: '2', TRUST_PROXY: '10.0.0.0/8' });
    try {
      const r = await makeResident(vb, null, 'tourist');
      const viaProxy = [];
      for (let i = 1; i <= 3; i++) viaProxy.push((await post(vb, r.auth, `203.0.113.${i}`, '10.0.0.7')).statusCode);
      assert.deepEqual(viaProxy, [400, 400, 400], 'three clients behind the proxy');
      const direct = [];
      for (let i = 1; i <= 3; i++) direct.push((await post(vb, r.auth, `198.51.100.${i}`, '192.0.2.9')).statusCode);
      assert.deepEqual(direct, [400, 400, 429], 'a client that is not the proxy is counted by its own address');
    } finally {
      await vb.destroy();
    }
  });
});
