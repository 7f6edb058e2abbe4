/**
 * kill -9 during concurrent case transitions (issue 11, standing suite): a real server process serves
 * six clients acting on forty cases (register, dispatch, return, sign — racing each other on the same
 * cases), is killed with SIGKILL mid-flight, restarted, killed again, restarted. Afterwards every
 * case's timeline replays to its row (each row continues the one before, the version counts the rows,
 * each transition has its event: nothing half-applied), every acknowledged transition is in the
 * timeline at the version it was acknowledged with, and none is there twice.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { INITIAL, replay, type Entry } from '../src/cases/case-machine.ts';
import { openDatabase, type Database } from '../src/platform/db/index.ts';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { createTestApp } from './helpers/app.ts';
import { dbKinds, type DbKind } from './helpers/db.ts';
import { makeArea, makeStaff, type TestUser } from './helpers/factories.ts';

const CASES = 40;
const CLIENTS = 6;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  child: ChildProcess;
  base: string;
  out: () => string;
}

/** `vb start` as its own process; resolves once it listens. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/main.ts'), 'start'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', MQTT_PORT: '0', SEED_DEMO: 'false', SERVE_WEB: 'false', SWEEP_INTERVAL_MS: '0', CAMERA_TICK_MS: '0', ...env },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
    const look = () => {
      const m = /running at (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', look);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) at start:\n${out}`));
    });
  });
  child.removeAllListeners('exit');
  return { child, base, out: () => out };
}

function kill9(s: Server): Promise<void> {
  return new Promise((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill('SIGKILL');
  });
}

interface Ack {
  caseId: string;
  action: string;
  version: number;
}

interface Figures {
  tried: number;
  acknowledged: number;
  refused: number;
  failed: number;
  /** Answers other than 200 and 409 (there should be none). */
  unexpected: string[];
}

/** Clients acting on the cases until stopped; a request cut by the kill counts as failed (unknown outcome). */
function actOn(base: string, ids: string[], operator: TestUser, worker: TestUser, acks: Ack[], f: Figures) {
  let running = true;
  const call = async (method: string, url: string, auth: Record<string, string>, body?: unknown) => {
    const res = await fetch(base + url, {
      method, headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const client = async (n: number) => {
    let i = n;
    while (running) {
      i = (i * 7 + 13) % ids.length;
      const id = ids[i];
      try {
        const view = await call('GET', `/api/cases/${id}`, operator.auth);
        const state = view.json.state as string;
        const pick: [Record<string, string>, Record<string, unknown>] | null =
          state === 'PENDING_ACCEPT' ? [operator.auth, { action: 'register' }]
          : state === 'REGISTERED' ? [operator.auth, { action: 'dispatch', assigneeId: worker.id }]
          : state === 'DISPATCHED' ? [worker.auth, i % 10 === 0 ? { action: 'sign' } : { action: 'return', reason: '不属于本网格' }]
          : null;
        if (!pick) continue;
        f.tried++;
        const r = await call('POST', `/api/cases/${id}/actions`, pick[0], pick[1]);
        if (r.status === 200) {
          f.acknowledged++;
          acks.push({ caseId: id, action: pick[1].action as string, version: Number(r.json.version) });
        } else if (r.status === 409) f.refused++;
        else f.unexpected.push(`${r.status} ${JSON.stringify(r.json)}`);
      } catch {
        if (!running) return;
        f.failed++;
        await sleep(50);
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, n) => client(n + 1));
  return {
    async stop() {
      running = false;
      await Promise.all(clients);
    },
  };
}

interface TimelineRow {
  case_id: string;
  action: string;
  from_state: string | null;
  to_state: string;
  level: Entry['level'];
  actor_id: string | null;
  data: Record<string, unknown>;
}

async function verify(database: Database, ids: string[], acks: Ack[]) {
  const rows = await database.raw<TimelineRow>('SELECT case_id, action, from_state, to_state, level, actor_id, data FROM case_timeline WHERE case_id = ANY($1::uuid[]) ORDER BY id', [ids]);
  const cases = await database.raw<{ id: string; state: string; level: string; assignee_id: string | null; reporter_id: string; version: number }>(
    'SELECT id, state, level, assignee_id, reporter_id, version FROM cases WHERE id = ANY($1::uuid[])', [ids]);
  const events = await database.raw<{ aggregate_id: string; n: number }>(
    "SELECT aggregate_id, count(*)::int AS n FROM outbox_events WHERE aggregate_id = ANY($1::text[]) AND type LIKE 'case.%' GROUP BY aggregate_id", [ids]);
  const eventsOf = new Map(events.map((e) => [e.aggregate_id, e.n]));
  const byCase = new Map<string, TimelineRow[]>();
  for (const r of rows) byCase.set(r.case_id, [...(byCase.get(r.case_id) ?? []), r]);
  const offsets = new Set<number>();
  let transitions = 0;
  for (const c of cases) {
    const tl = byCase.get(c.id)!;
    transitions += tl.length - 2;
    for (let k = 1; k < tl.length; k++) assert.equal(tl[k].from_state, tl[k - 1].to_state, `case ${c.id}: row ${k} continues the one before`);
    const entries: Entry[] = tl.slice(1).map((t) => ({ action: t.action as Entry['action'], from: t.from_state as Entry['from'], to: t.to_state as Entry['to'], level: t.level, actorId: t.actor_id, data: t.data }));
    const s = replay(entries, { ...INITIAL, reporterId: c.reporter_id });
    assert.deepEqual([s.state, s.level, s.assigneeId], [c.state, c.level, c.assignee_id], `case ${c.id}: the timeline replays to the row`);
    offsets.add(c.version - tl.length);
    // report + submit share one case.reported event; every other row has exactly one
    assert.equal(eventsOf.get(c.id), tl.length - 1, `case ${c.id}: one event per transition`);
  }
  assert.equal(offsets.size, 1, 'every case: one version per timeline row (no row without its update, no update without its row)');
  const offset = [...offsets][0];
  let lost = 0;
  for (const a of acks) {
    const tl = byCase.get(a.caseId)!;
    if (tl[a.version - offset - 1]?.action !== a.action) lost++;
  }
  const seen = new Set(acks.map((a) => `${a.caseId}:${a.version}`));
  return { transitions, lost, duplicated: acks.length - seen.size };
}

for (const kind of dbKinds()) {
  describe(`kill -9 during concurrent case transitions [${kind}]`, () => {
    it('every timeline replays to its case, no acknowledged transition lost or doubled', async () => {
      // the cases, users and sessions, made in this process; then the database is handed to the server
      const vb = await createTestApp(kind as DbKind);
      const area = await makeArea(vb);
      const operator = await makeStaff(vb, 'operator', area.townships[0]);
      const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
      const ids: string[] = [];
      for (let i = 0; i < CASES; i++) {
        const [lon, lat] = area.gridPoints[0]; // the worker's village
        const r = await vb.app.inject({ method: 'POST', url: '/api/cases', headers: worker.auth, payload: { title: `crash case ${i}`, categoryCode: '0107', lon, lat } });
        assert.equal(r.statusCode, 201, r.body);
        ids.push(r.json().id);
      }
      await vb.close();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-crash-'));
      const env: Record<string, string> = { DATA_DIR: dataDir };
      if (kind === 'pglite') fs.renameSync(vb.testDb.dir!, path.join(dataDir, 'pglite'));
      else env.DATABASE_URL = vb.testDb.url!;

      const acks: Ack[] = [];
      const f: Figures = { tried: 0, acknowledged: 0, refused: 0, failed: 0, unexpected: [] };
      let server: Server | null = null;
      try {
        for (let round = 0; round < 2; round++) {
          server = await startServer(env);
          const load = actOn(server.base, ids, operator, worker, acks, f);
          const from = f.acknowledged;
          for (let waited = 0; f.acknowledged < from + 60 && waited < 30_000; waited += 50) await sleep(50);
          await sleep(300);
          await kill9(server); // mid-flight: requests are cut
          server = null;
          await load.stop();
        }
        server = await startServer(env);
        const health = await fetch(`${server.base}/healthz`);
        assert.equal(health.status, 200, 'the restarted server is healthy');
        await kill9(server);
        server = null;

        const database = kind === 'pglite'
          ? await openDatabase({ databaseUrl: null, pgliteDir: path.join(dataDir, 'pglite'), holder: 'crash test' })
          : await openDatabase({ databaseUrl: vb.testDb.url!, pgliteDir: null });
        try {
          const r = await verify(database, ids, acks);
          console.log(`kill -9 during transitions [${kind}]: 2 kills; ${f.tried} transitions tried by ${CLIENTS} clients on ${CASES} cases, ${f.acknowledged} acknowledged, ${f.refused} refused (409, raced), ${f.failed} cut by the kill; ${r.transitions} in the timelines; lost ${r.lost}, duplicated ${r.duplicated}, half-applied 0`);
          assert.deepEqual(f.unexpected.slice(0, 3), [], 'only 200 and 409 answers');
          assert.ok(f.acknowledged > 0);
          assert.equal(r.lost, 0, 'no acknowledged transition lost');
          assert.equal(r.duplicated, 0, 'no version acknowledged twice');
          assert.ok(r.transitions >= f.acknowledged, 'the cut ones may have landed, the acknowledged ones did');
        } finally {
          await database.close();
        }
      } finally {
        if (server) await kill9(server);
        await vb.testDb.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.rmSync(vb.config.dataDir, { recursive: true, force: true });
      }
    });
  });
}
