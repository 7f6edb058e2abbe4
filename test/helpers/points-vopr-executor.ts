/**
 * Where the points VOPR (points-vopr.ts) applies its operations: in this process through a
 * PointsService, or in a child process (points-vopr-child.ts) on a PostgreSQL database that the
 * workload kills with SIGKILL at random points. Both answer with the results' outlines (ok, existed,
 * code), which the workload compares with the in-memory ledger's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/platform/db/index.ts';
import { PROJECT_ROOT } from '../../src/platform/paths.ts';
import type { PointsService, TransferInput, TransferResult } from '../../src/points/index.ts';

/** What is compared of a result: the same for the database and the in-memory ledger. */
export type Outline = string;
export const outline = (r: TransferResult): Outline => (r.ok ? (r.existed ? 'ok existed' : 'ok') : r.code);

export type Request = { op: 'apply'; batches: TransferInput[][]; now: number } | { op: 'expire'; now: number };

export interface Executor {
  /** Each batch in a transaction of its own; several batches at once (Promise.all). */
  apply(batches: TransferInput[][], now: number): Promise<Outline[][]>;
  /** Expire every pending transfer due at `now`; how many expired. */
  expire(now: number): Promise<number>;
  /** Send the request and kill the process at a random moment (SIGKILL) — only a child can. */
  crash?(request: Request, afterMs: number): Promise<void>;
  close(): Promise<void>;
}

async function expireAll(points: PointsService, now: number): Promise<number> {
  let total = 0;
  for (let n = -1; n !== 0; total += n) n = await points.expireDue(new Date(now));
  return total;
}

export function inProcess(points: PointsService): Executor {
  return {
    apply: (batches, now) => Promise.all(batches.map(async (b) => (await points.apply(b, new Date(now))).map(outline))),
    expire: (now) => expireAll(points, now),
    close: async () => {},
  };
}

/** The child's side of the protocol: one JSON request a line in, one JSON answer a line out. */
export async function serve(points: PointsService, line: string): Promise<string> {
  const req = JSON.parse(line) as Request;
  if (req.op === 'expire') return JSON.stringify({ expired: await expireAll(points, req.now) });
  return JSON.stringify({ results: await inProcess(points).apply(req.batches, req.now) });
}

const CHILD = path.join(PROJECT_ROOT, 'test/helpers/points-vopr-child.ts');
/** The application name of the child's connections: after a kill, the workload waits until they are gone. */
export const CHILD_APP_NAME = 'points-vopr-child';
const TIMEOUT_MS = 60_000;

/**
 * A child process applying requests on `databaseUrl`. `database` (the parent's own connection) sees when
 * a killed child's server backends have ended, so nothing of it can still commit.
 */
export async function inChild(databaseUrl: string, database: Database): Promise<Executor> {
  let child: ChildProcess;
  let pending: { resolve: (line: string) => void; reject: (e: Error) => void } | null = null;
  let errors = '';
  const start = async () => {
    errors = '';
    child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, PGAPPNAME: CHILD_APP_NAME, DATA_DIR: path.join(os.tmpdir(), 'vb-points-vopr-child') }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let buffer = '';
    let ready: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === 'READY') ready();
        else if (pending) {
          const { resolve } = pending;
          pending = null;
          resolve(line);
        }
      }
    });
    child.stderr!.on('data', (d: Buffer) => (errors = (errors + d.toString()).slice(-4000)));
    const exited = new Promise<never>((_, reject) => child.once('exit', (code, signal) => reject(new Error(`the VOPR child exited (${code ?? signal}): ${errors}`))));
    exited.catch(() => pending?.reject(new Error(`the VOPR child exited: ${errors}`)));
    await withTimeout(Promise.race([isReady, exited]), TIMEOUT_MS, 'the VOPR child did not start');
  };
  const ask = (req: Request): Promise<string> => {
    const answer = new Promise<string>((resolve, reject) => (pending = { resolve, reject }));
    child.stdin!.write(`${JSON.stringify(req)}\n`);
    return withTimeout(answer, TIMEOUT_MS, `the VOPR child did not answer ${req.op}`);
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await withTimeout(gone, TIMEOUT_MS, 'the VOPR child did not die');
  };
  await start();
  return {
    apply: async (batches, now) => (JSON.parse(await ask({ op: 'apply', batches, now })) as { results: Outline[][] }).results,
    expire: async (now) => (JSON.parse(await ask({ op: 'expire', now })) as { expired: number }).expired,
    async crash(request, afterMs) {
      pending = { resolve: () => {}, reject: () => {} }; // the answer, if it comes before the kill, is not needed
      child.stdin!.write(`${JSON.stringify(request)}\n`);
      await new Promise((r) => setTimeout(r, afterMs));
      pending = null;
      await kill();
      // the server ends the killed client's backends (rolling back what was not committed) on its own
      // time: until they are gone, a transaction of the child might still commit
      for (let waited = 0; ; waited += 20) {
        const [{ n }] = await database.raw<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [CHILD_APP_NAME]);
        if (Number(n) === 0) break;
        if (waited > TIMEOUT_MS) throw new Error('the killed VOPR child\'s connections did not end');
        await new Promise((r) => setTimeout(r, 20));
      }
      await start();
    },
    close: kill,
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}
