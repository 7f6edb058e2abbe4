/** Small helpers for the benchmarks: child servers, HTTP load, timing, machine facts. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../src/platform/paths.ts';

/** One row of the benchmark table. */
export interface BenchRow {
  name: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  ok: boolean | null;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.availableParallelism()} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status === 200) return performance.now() - t0;
    } catch {
      /* not yet */
    }
    if (performance.now() - t0 > timeoutMs) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Child {
  proc: ChildProcess;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export function spawnChild(cmd: string, args: string[], env: Record<string, string>, cwd: string): Child {
  const proc = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  proc.on('exit', (code) => {
    if (code && code !== 143 && code !== 130) process.stderr.write(`child ${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(-2000)}\n`);
  });
  return {
    proc,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        // done when the whole group is gone (npm exits before the server it started has shut down)
        const groupGone = () => {
          const t0 = Date.now();
          const poll = () => {
            try {
              process.kill(-proc.pid!, 0);
              if (Date.now() - t0 > 15_000) return resolve();
              setTimeout(poll, 50);
            } catch {
              resolve();
            }
          };
          poll();
        };
        if (proc.exitCode !== null) return groupGone();
        proc.once('exit', groupGone);
        try {
          process.kill(-proc.pid!, 'SIGTERM'); // the whole group: npm and its node child
        } catch {
          resolve();
        }
        setTimeout(() => {
          try {
            process.kill(-proc.pid!, 'SIGKILL');
          } catch {
            /* gone */
          }
        }, 5000).unref();
      }),
  };
}

export async function load(url: string, seconds: number, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections: 20, pipelining: 1, duration: seconds, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

let built = false;
/** The server bundle (dist/) the benchmarks start, built once per run. */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync('node', ['scripts/build.mjs'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  built = true;
}

/**
 * A port for a child server to listen on: below the kernel's ephemeral range (32768+ on Linux), where the
 * bench's own outgoing connections take their local ports — a random pick up there once collided with one
 * (EADDRINUSE) — and never the same twice in one run.
 */
const handedOut = new Set<number>();
export function port(): number {
  for (;;) {
    const p = 20000 + Math.floor(Math.random() * 12000);
    if (!handedOut.has(p)) { handedOut.add(p); return p; }
  }
}
