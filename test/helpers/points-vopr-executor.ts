/**
 * Where the points VOPR (points-vopr.ts) applies its operations: in this process through the points
 * and claims services, or in a child process (points-vopr-child.ts) on a PostgreSQL database that the
 * workload kills with SIGKILL at random points. Both answer with the results' outlines (ok, existed,
 * code) and the claims' answers (status, created, or the error code), which the workload compares with
 * the in-memory ledger's and its model of the claims (points-vopr-claims.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/platform/db/index.ts';
import { PROJECT_ROOT } from '../../src/platform/paths.ts';
import type { Actor } from '../../src/platform/access.ts';
import { AppError } from '../../src/platform/errors.ts';
import type { UsersService } from '../../src/people/index.ts';
import type { PointsService, TransferInput, TransferResult } from '../../src/points/index.ts';
import type { ClaimInput, ClaimsService } from '../../src/points/claims.service.ts';

/** What is compared of a result: the same for the database and the in-memory ledger. */
export type Outline = string;
export const outline = (r: TransferResult): Outline => (r.ok ? (r.existed ? 'ok existed' : 'ok') : r.code);

/** A call of the claims service, by the id of the person making it (the executor looks the actor up). */
export type ClaimCall =
  | { fn: 'claim'; actorId: string; input: ClaimInput }
  | { fn: 'vote'; actorId: string; claimId: string; decision: 'approve' | 'reject'; reason?: string }
  | { fn: 'object'; actorId: string; claimId: string; reason: string }
  | { fn: 'recheck'; actorId: string; claimId: string; decision: 'uphold' | 'overturn'; reason: string }
  | { fn: 'award'; event: Parameters<ClaimsService['awardForCase']>[0] }
  | { fn: 'postDue' };
/** What a claims call answered: the claim's id and status after it, or the refusal's code. */
export type ClaimAnswer = { ok: true; id?: string; status?: string; created?: boolean; posted?: number } | { ok: false; code: string };

export type Request = { op: 'apply'; batches: TransferInput[][]; now: number } | { op: 'expire'; now: number } | { op: 'claims'; calls: ClaimCall[]; now: number };

/** The services an executor drives. */
export interface VoprServices { points: PointsService; pointsClaims?: ClaimsService; users?: UsersService }

export interface Executor {
  /** Each batch in a transaction of its own; several batches at once (Promise.all). */
  apply(batches: TransferInput[][], now: number): Promise<Outline[][]>;
  /** Expire every pending transfer due at `now`; how many expired. */
  expire(now: number): Promise<number>;
  /** Claims calls, all at once (Promise.all), each answered. */
  claims(calls: ClaimCall[], now: number): Promise<ClaimAnswer[]>;
  /** Send the request and kill the process at a random moment (SIGKILL) — only a child can. */
  crash?(request: Request, afterMs: number): Promise<void>;
  close(): Promise<void>;
}

async function expireAll(points: PointsService, now: number): Promise<number> {
  let total = 0;
  for (let n = -1; n !== 0; total += n) n = await points.expireDue(new Date(now));
  return total;
}

async function callClaims(s: VoprServices, actors: Map<string, Actor>, call: ClaimCall, now: Date): Promise<ClaimAnswer> {
  const claims = s.pointsClaims!;
  const actor = async (id: string) => actors.get(id) ?? actors.set(id, await s.users!.actorOf(id)).get(id)!;
  try {
    switch (call.fn) {
      case 'claim': {
        const r = await claims.claim(await actor(call.actorId), call.input, now);
        return { ok: true, id: r.claim.id, status: r.claim.status, created: r.created };
      }
      case 'vote': return { ok: true, id: call.claimId, status: (await claims.vote(await actor(call.actorId), call.claimId, { decision: call.decision, reason: call.reason }, now)).status };
      case 'object': return { ok: true, id: call.claimId, status: (await claims.object(await actor(call.actorId), call.claimId, call.reason, now)).status };
      case 'recheck': return { ok: true, id: call.claimId, status: (await claims.recheck(await actor(call.actorId), call.claimId, { decision: call.decision, reason: call.reason }, now)).status };
      case 'award': {
        const r = await claims.awardForCase(call.event, now);
        return r ? { ok: true, id: r.claim.id, status: r.claim.status, created: r.created } : { ok: false, code: 'NO_RULE' };
      }
      case 'postDue': {
        let posted = 0;
        for (let n = -1; n !== 0; posted += n) n = await claims.postDue(now);
        return { ok: true, posted };
      }
    }
  } catch (e) {
    // a refusal is an answer to compare; anything else is a failure the workload reports
    return { ok: false, code: e instanceof AppError ? e.code : `UNEXPECTED ${(e as Error).stack ?? String(e)}` };
  }
}

export function inProcess(s: VoprServices): Executor {
  const actors = new Map<string, Actor>();
  return {
    apply: (batches, now) => Promise.all(batches.map(async (b) => (await s.points.apply(b, new Date(now))).map(outline))),
    expire: (now) => expireAll(s.points, now),
    claims: (calls, now) => Promise.all(calls.map((c) => callClaims(s, actors, c, new Date(now)))),
    close: async () => {},
  };
}

/** The child's side of the protocol: one JSON request a line in, one JSON answer a line out. */
export async function serve(executor: Executor, line: string): Promise<string> {
  const req = JSON.parse(line) as Request;
  if (req.op === 'expire') return JSON.stringify({ expired: await executor.expire(req.now) });
  if (req.op === 'claims') return JSON.stringify({ answers: await executor.claims(req.calls, req.now) });
  return JSON.stringify({ results: await executor.apply(req.batches, req.now) });
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
    claims: async (calls, now) => (JSON.parse(await ask({ op: 'claims', calls, now })) as { answers: ClaimAnswer[] }).answers,
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
