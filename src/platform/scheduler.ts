/**
 * The platform's one clock: named periodic jobs (an interval, or a cron on Shanghai time) and typed
 * delayed jobs (a row with a run-at and a payload), both kept in the database so that any number of
 * server processes — or one PGlite process — share them.
 *
 * Periodic jobs. Each has a row in `scheduled_jobs`. A process polls the rows of the jobs it knows
 * (one small query, sleeping until the earliest is due), and runs a due job only after claiming the
 * tick: `UPDATE … SET next_run_at = <following tick>, tick = tick + 1, locked_until = now() + lease
 * WHERE name = $1 AND tick = <the tick it read> AND not locked`. The compare-and-set on `tick` lets
 * exactly one process through per tick; the lease (renewed while the job runs, expiring when its
 * process dies) keeps a slow run from overlapping the next tick in another process, and an in-process
 * flag does the same for `runNow`. A failed run is logged and recorded on the row; it never throws out
 * of the scheduler. A server that was down for a while runs a missed job once at start, not once per
 * missed tick.
 *
 * Delayed jobs. `schedule(tx, kind, payload, runAt)` inserts a row, in the caller's transaction when
 * one is given (rolled back, it never runs). Due rows of the kinds this process handles are claimed
 * with `FOR UPDATE SKIP LOCKED`, their run_at moved on by a lease, and handled outside any transaction
 * (PGlite has one connection; a handler may open its own). Delivery is at least once: a handler must
 * be idempotent. A failure retries with backoff; after `maxAttempts` the row is kept as failed.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import { nextCronRun, parseCron, type CronSpec } from './cron.ts';
import type { Database, Db } from './db/index.ts';
import { delayedJobs } from './db/scheduler.schema.ts';
import { drainDelayed, type DelayedJobInfo, type Handler } from './delayed-jobs.ts';

export type Schedule = { intervalMs: number } | { cron: string };

/**
 * Delayed job kinds and their payloads. A module adds its own by declaration merging:
 * `declare module '../platform/scheduler.ts' { interface DelayedJobs { 'points.expire': { ledgerId: string } } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DelayedJobs {}

export type { DelayedJobInfo };


export interface DelayedOptions {
  /** Tries before the row is kept as failed (default 5). */
  maxAttempts?: number;
  /** Wait before try `attempt + 1` after try `attempt` failed (default 10 s doubling, at most an hour). */
  backoffMs?: (attempt: number) => number;
}

export interface JobStatus {
  schedule: string;
  /** False for a job whose interval is 0 (switched off by configuration): it runs only through runNow. */
  enabled: boolean;
  running: boolean;
  lastRunAt: string | null;
  lastFinishedAt: string | null;
  /** The last run's error; null when it succeeded. */
  lastError: string | null;
  lastFailedAt: string | null;
  failures: number;
  nextRunAt: string | null;
}

interface Job {
  name: string;
  schedule: Schedule;
  cron: CronSpec | null;
  label: string;
  enabled: boolean;
  firstRunNow: boolean;
  fn: () => Promise<unknown>;
  running: Promise<unknown> | null;
  registered: boolean;
  status: JobStatus;
}

interface JobRow {
  name: string;
  next_run_at: Date;
  tick: string | number;
  locked_until: Date | null;
  last_run_at: Date | null;
  last_finished_at: Date | null;
  last_error: string | null;
  last_failed_at: Date | null;
  failures: number;
  db_now: Date;
}

/** How long a claimed periodic run is reserved; renewed every third of it while the job runs. */
const LEASE_MS = 5 * 60_000;
/** Longest sleep between two looks at the job rows (a job registered by another process, a changed row). */
const MAX_SLEEP_MS = 60_000;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const defaultBackoff = (attempt: number) => Math.min(3_600_000, 10_000 * 2 ** (attempt - 1));

/** The tick after `from` (intervals keep their cadence from the tick that was due; see every()). */
export function nextRun(schedule: Schedule, from: Date, cron?: CronSpec): Date {
  if ('cron' in schedule) return nextCronRun(cron ?? parseCron(schedule.cron), from);
  return new Date(from.getTime() + schedule.intervalMs);
}

export class Scheduler<D extends object = DelayedJobs> {
  private jobs = new Map<string, Job>();
  private handlers = new Map<string, Handler>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private cycling: Promise<void> | null = null;
  private delayedRun: Promise<number> | null = null;
  private nextDelayedAt = 0;
  private again = false;
  /** Set by stop(): a drain of delayed jobs ends after its batch. */
  private closing = false;
  /** Who holds a lease: host, pid and a random part, so two schedulers in one process differ too. */
  readonly owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

  constructor(
    private database: Database,
    private log: Logger,
    private opts: { delayedPollMs?: number } = {},
  ) {}

  /**
   * A named periodic job. An interval of 0 or less registers it switched off (configuration), so it
   * still runs through `runNow`. The first run waits one interval (at start-up the database is busy
   * answering the first requests), unless `firstRun: 'now'`; a cron's first run is its next match.
   */
  every(name: string, schedule: Schedule, fn: () => Promise<unknown>, opts: { firstRun?: 'now' } = {}): void {
    if (this.jobs.has(name)) throw new Error(`job ${name} is registered twice`);
    const cron = 'cron' in schedule ? parseCron(schedule.cron) : null;
    const label = cron ? `cron ${cron.source} (Asia/Shanghai)` : `every ${(schedule as { intervalMs: number }).intervalMs} ms`;
    const enabled = cron !== null || (schedule as { intervalMs: number }).intervalMs > 0;
    this.jobs.set(name, {
      name, schedule, cron, label, enabled, firstRunNow: opts.firstRun === 'now', fn, running: null, registered: false,
      status: { schedule: label, enabled, running: false, lastRunAt: null, lastFinishedAt: null, lastError: null, lastFailedAt: null, failures: 0, nextRunAt: null },
    });
    if (!this.stopped && enabled) this.wake();
  }

  /** What each job did last and when it runs next (as of this process's last look at the table). */
  status(): Record<string, JobStatus> {
    return Object.fromEntries([...this.jobs.values()].map((j) => [j.name, { ...j.status, running: j.running !== null }]));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.closing = false;
    this.wake();
  }

  /** Stops claiming, then waits for the runs in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.cycling;
    await Promise.all([...this.jobs.values()].map((j) => j.running?.catch(() => {})));
    await this.delayedRun;
  }

  /**
   * Run a job now in this process (tests, the CLI, an operator), whatever its schedule; resolves with
   * what the job returned, rejects with its error. Waits for a run already in progress first.
   */
  async runNow(name: string): Promise<unknown> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    return this.whenFree(job, false);
  }

  /** The in-process overlap guard: wait for the run in progress; the check and the start are one step. */
  private async whenFree(job: Job, claimed: boolean): Promise<unknown> {
    while (job.running) await job.running.catch(() => {});
    return this.execute(job, claimed);
  }

  /**
   * One look at the table: claim the due ticks of this process's jobs and run them, run due delayed
   * jobs, and resolve when all of these have finished (the timer loop does not wait for them). Returns
   * the names of the periodic jobs this call ran.
   */
  async tick(): Promise<string[]> {
    const { runs } = await this.claimDue();
    const delayed = this.handlers.size ? this.runDueDelayed() : Promise.resolve(0);
    const done = await Promise.all(runs.map((r) => r.run.then(() => r.name, () => r.name)));
    await delayed;
    return done;
  }

  /** Look at the table now (a job or kind was added); a look in progress looks again when it ends. */
  private wake(): void {
    if (this.cycling) this.again = true;
    else this.arm(0);
  }

  /** One timer at a time: a second chain of looks would double the queries. */
  private arm(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.cycle(), ms);
    this.timer.unref();
  }

  private cycle(): void {
    this.timer = null;
    if (this.stopped) return;
    if (this.cycling) {
      this.again = true;
      return;
    }
    this.again = false;
    this.cycling = (async () => {
      let wait = 1000;
      try {
        wait = (await this.claimDue()).wait;
        if (this.handlers.size && Date.now() >= this.nextDelayedAt && !this.delayedRun) {
          this.nextDelayedAt = Date.now() + (this.opts.delayedPollMs ?? 2000);
          void this.runDueDelayed().catch((err: unknown) => this.log.error({ err }, 'delayed jobs failed'));
        }
        if (this.handlers.size) wait = Math.min(wait, Math.max(10, this.nextDelayedAt - Date.now()));
      } catch (err) {
        // the database is away or a statement failed: look again soon, never crash the process
        this.log.error({ err }, 'scheduler: cannot read the job table');
        wait = 5000;
      }
      if (!this.stopped) this.arm(this.again ? 0 : wait);
    })().finally(() => (this.cycling = null));
  }

  /** Register new rows, read all, claim what is due; `wait` is how long until the next may be due. */
  private async claimDue(): Promise<{ wait: number; runs: { name: string; run: Promise<unknown> }[] }> {
    const enabled = [...this.jobs.values()].filter((j) => j.enabled);
    if (!enabled.length) return { wait: MAX_SLEEP_MS, runs: [] };
    for (const job of enabled.filter((j) => !j.registered)) await this.register(job);
    const rows = await this.database.raw<JobRow>(
      `SELECT name, next_run_at, tick, locked_until, last_run_at, last_finished_at, last_error, last_failed_at, failures, now() AS db_now
         FROM scheduled_jobs WHERE name = ANY($1::text[])`, [enabled.map((j) => j.name)]);
    const runs: { name: string; run: Promise<unknown> }[] = [];
    let wait = MAX_SLEEP_MS;
    // a row deleted by hand is made again on the next look
    const seen = new Set(rows.map((r) => r.name));
    for (const job of enabled) if (!seen.has(job.name)) [job.registered, wait] = [false, 1000];
    for (const row of rows) {
      const job = this.jobs.get(row.name)!;
      const now = new Date(row.db_now).getTime();
      const due = new Date(row.next_run_at).getTime();
      const lockedUntil = row.locked_until ? new Date(row.locked_until).getTime() : 0;
      this.see(job, row);
      if (due <= now && lockedUntil <= now && !job.running) {
        const next = this.following(job, due, now);
        const claimed = await this.database.raw(
          `UPDATE scheduled_jobs SET next_run_at = $3, tick = tick + 1, locked_by = $4, locked_until = now() + make_interval(secs => $5), last_run_at = now()
            WHERE name = $1 AND tick = $2 AND (locked_until IS NULL OR locked_until <= now()) RETURNING name`,
          [job.name, row.tick, next.toISOString(), this.owner, LEASE_MS / 1000]);
        if (claimed.length) {
          job.status.nextRunAt = next.toISOString();
          job.status.lastRunAt = new Date(now).toISOString();
          runs.push({ name: job.name, run: this.whenFree(job, true) }); // a runNow may have begun meanwhile
          wait = Math.min(wait, next.getTime() - now);
          continue;
        }
      }
      // due but not ours to run now (running here, leased elsewhere, lost the race): look again in a second
      const claimableAt = Math.max(due, lockedUntil);
      wait = Math.min(wait, claimableAt <= now ? 1000 : claimableAt - now);
    }
    return { wait: Math.max(10, wait + 5), runs };
  }

  /** The tick after the one due at `due`: an interval keeps its cadence unless ticks were missed. */
  private following(job: Job, due: number, now: number): Date {
    if (job.cron) return nextCronRun(job.cron, new Date(now));
    const ms = (job.schedule as { intervalMs: number }).intervalMs;
    return new Date(due + ms > now ? due + ms : now + ms);
  }

  private see(job: Job, row: JobRow): void {
    Object.assign(job.status, {
      nextRunAt: iso(row.next_run_at), lastRunAt: iso(row.last_run_at), lastFinishedAt: iso(row.last_finished_at),
      lastError: row.last_error, lastFailedAt: iso(row.last_failed_at), failures: Number(row.failures),
    });
  }

  /** The job's row, made on first sight; a changed schedule restarts its clock, an unchanged one keeps it. */
  private async register(job: Job): Promise<void> {
    const first = job.firstRunNow ? new Date() : nextRun(job.schedule, new Date(), job.cron ?? undefined);
    await this.database.raw(
      `INSERT INTO scheduled_jobs (name, schedule, next_run_at) VALUES ($1, $2, $3::timestamptz)
       ON CONFLICT (name) DO UPDATE SET schedule = EXCLUDED.schedule, next_run_at = EXCLUDED.next_run_at
        WHERE scheduled_jobs.schedule <> EXCLUDED.schedule`, [job.name, job.label, first.toISOString()]);
    job.registered = true;
  }

  /** Run the job once; errors are logged and recorded, and (for runNow) passed on to the caller. */
  private execute(job: Job, claimed: boolean): Promise<unknown> {
    const started = new Date();
    // while it runs, keep the lease: another process must not take the next tick before this one ends
    const heartbeat = claimed ? setInterval(() => {
      this.database.raw(`UPDATE scheduled_jobs SET locked_until = now() + make_interval(secs => $3) WHERE name = $1 AND locked_by = $2`, [job.name, this.owner, LEASE_MS / 1000])
        .catch((err: unknown) => this.log.warn({ err, job: job.name }, 'scheduler: lease not renewed'));
    }, LEASE_MS / 3) : null;
    heartbeat?.unref();
    const run = (async () => {
      let error: string | null = null;
      try {
        return await job.fn();
      } catch (err) {
        error = (err as Error).message || String(err);
        this.log.error({ err, job: job.name }, 'scheduled job failed');
        throw err;
      } finally {
        if (heartbeat) clearInterval(heartbeat);
        const finished = new Date().toISOString();
        await this.database.raw(
          `UPDATE scheduled_jobs SET last_finished_at = now(), last_error = $2::text,
                  last_failed_at = CASE WHEN $2::text IS NULL THEN last_failed_at ELSE now() END,
                  failures = failures + CASE WHEN $2::text IS NULL THEN 0 ELSE 1 END,
                  last_run_at = CASE WHEN $3::boolean THEN last_run_at ELSE $4::timestamptz END,
                  locked_by = CASE WHEN $3::boolean THEN NULL ELSE locked_by END,
                  locked_until = CASE WHEN $3::boolean THEN NULL ELSE locked_until END
            WHERE name = $1 AND (NOT $3::boolean OR locked_by = $5)`,
          [job.name, error, claimed, started.toISOString(), this.owner]).catch((err: unknown) => this.log.warn({ err, job: job.name }, 'scheduler: run not recorded'));
        // the process's status after the table's (a reader of /healthz and then of the table sees both agree)
        Object.assign(job.status, { lastRunAt: started.toISOString(), lastFinishedAt: finished, lastError: error });
        if (error) Object.assign(job.status, { lastFailedAt: finished, failures: job.status.failures + 1 });
      }
    })();
    job.running = run;
    void run.catch(() => {}).finally(() => {
      if (job.running === run) job.running = null;
    });
    return run;
  }

  /** Handle delayed jobs of this kind (one handler per kind and process). */
  defineDelayed<K extends keyof D & string>(kind: K, handler: (payload: D[K], info: DelayedJobInfo) => Promise<void> | void, opts: DelayedOptions = {}): void {
    if (this.handlers.has(kind)) throw new Error(`delayed job kind ${kind} is defined twice`);
    this.handlers.set(kind, { run: handler as Handler['run'], maxAttempts: opts.maxAttempts ?? 5, backoffMs: opts.backoffMs ?? defaultBackoff });
    if (!this.stopped) this.wake();
  }

  /**
   * A delayed job due at `runAt`, written through `tx` when given (so it exists only if the caller's
   * transaction commits), else on its own. Returns the row id.
   */
  async schedule<K extends keyof D & string>(tx: Db | null | undefined, kind: K, payload: D[K], runAt: Date): Promise<number> {
    const maxAttempts = this.handlers.get(kind)?.maxAttempts ?? 5;
    const [row] = await (tx ?? this.database.db).insert(delayedJobs).values({ kind, payload, runAt, maxAttempts }).returning({ id: delayedJobs.id });
    return row.id;
  }

  /**
   * Claim and handle every due delayed job of the kinds defined here, batch by batch; resolves with the
   * number handled (succeeded or failed). Waits for a run already in progress first.
   */
  async runDueDelayed(batch = 100): Promise<number> {
    while (this.delayedRun) await this.delayedRun.catch(() => 0);
    const run = drainDelayed(this.database, this.log, this.handlers, batch, () => this.closing);
    this.delayedRun = run;
    try {
      return await run;
    } finally {
      this.delayedRun = null;
    }
  }
}
