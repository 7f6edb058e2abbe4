/**
 * Points ledger benchmarks (issue 16) on PostgreSQL:
 *
 * 1. Transfers per second through `PointsService.apply` — N clients, each applying single award
 *    (issuance → person) and spend (person → shop) transfers among many person accounts — beside
 *    `pgbench`'s built-in TPC-B-like script with the SAME client count and duration on a scratch
 *    database of its own, same server, in the same run. Scale 1 on purpose: TPC-B then funnels every
 *    transaction through one branch row, as every award funnels through the issuance account and every
 *    spend through the shop's: both measure a hot row under contention.
 * 2. The seeded random workload (test/helpers/points-vopr.ts) at full length — the ledger's operations
 *    and the claims' (claims, votes, objections, 复核, posting, case awards, replays) — with kill -9 of
 *    the process applying it, and its invariant checks. The smoke run applies 300 operations in this process
 *    (no child to start: CI's unit tests kill one already, test/points-vopr.test.ts).
 *
 * Every child (pgbench, the workload's executor) runs under a timeout; databases are dropped in finally.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCore } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { uuidv7, type TransferInput } from '../src/points/index.ts';
import { runVopr } from '../test/helpers/points-vopr.ts';
import { withDatabase } from './cases-bench.ts';
import { fmt, type BenchRow } from './lib.ts';

/** Clients of both sides: below the application pool's 10 connections, so none waits for a connection. */
const CLIENTS = 8;
const PGBENCH = process.env.PGBENCH ?? '/usr/bin/pgbench';

function run(cmd: string, args: string[], timeoutMs: number, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', env: { ...process.env, ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout + stderr);
    });
  });
}

/** pgbench's TPS (TPC-B-like, scale 1) with `clients` clients for `seconds`, on the database of `url`. */
async function pgbench(url: string, clients: number, seconds: number): Promise<number> {
  const u = new URL(url);
  const conn = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
  const env: Record<string, string> = u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {};
  const db = u.pathname.slice(1);
  const out = await run(PGBENCH, [...conn, '-c', String(clients), '-j', String(Math.min(clients, os.availableParallelism())), '-T', String(seconds), '-n', db], (seconds + 60) * 1000, env);
  const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(out) ?? /tps = ([\d.]+)/.exec(out);
  if (!m) throw new Error(`pgbench printed no tps:\n${out.slice(-2000)}`);
  return Number(m[1]);
}

async function pgbenchInit(url: string): Promise<void> {
  const u = new URL(url);
  const env: Record<string, string> = u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {};
  await run(PGBENCH, ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), '-i', '-q', u.pathname.slice(1)], 120_000, env);
}

interface TransferRate { perSec: number; ok: number; refused: number; people: number }

/** Single awards and spends through the service for `seconds`, `clients` at once. */
async function serviceTransfers(url: string, clients: number, seconds: number, people: number): Promise<TransferRate> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-points-'));
  const config = loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const { platform, services } = await buildCore(config, { logger: createLogger('silent', { pretty: false }) });
  try {
    const points = services.points;
    const issuance = (await points.systemAccount('resident', 'issuance')).id;
    const shop = (await points.systemAccount('resident', 'shop')).id;
    const accounts: string[] = [];
    // accounts of people (holder ids need no user row: the ledger does not read people)
    for (let i = 0; i < people; i++) accounts.push((await points.repo.openPersonAccount(uuidv7(), 'resident', null)).id);
    // an opening award each, 500 to a batch, so spends mostly find points to spend
    for (let i = 0; i < accounts.length; i += 500) {
      const rs = await points.apply(accounts.slice(i, i + 500).map((a) => ({ id: uuidv7(), ledger: 'resident', debitAccountId: issuance, creditAccountId: a, amount: 100, code: 'award' } as TransferInput)));
      if (!rs.every((r) => r.ok)) throw new Error('opening awards failed');
    }
    await platform.database.raw('ANALYZE points_accounts', []);
    await platform.database.raw('ANALYZE points_transfers', []);
    let ok = 0;
    let refused = 0;
    const client = async (k: number, until: number, count: boolean) => {
      let seed = k * 7919 + 1;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
      while (performance.now() < until) {
        const who = accounts[Math.floor(rnd() * accounts.length)];
        const award = rnd() < 0.5;
        const [r] = await points.apply([award
          ? { id: uuidv7(), ledger: 'resident', debitAccountId: issuance, creditAccountId: who, amount: 1 + Math.floor(rnd() * 10), code: 'award', ruleId: 'bench.report', ruleVersion: 1 }
          : { id: uuidv7(), ledger: 'resident', debitAccountId: who, creditAccountId: shop, amount: 1 + Math.floor(rnd() * 10), code: 'spend' }]);
        if (!count) continue;
        if (r.ok) ok++;
        else if (r.code === 'POINTS_INSUFFICIENT') refused++;
        else throw new Error(`unexpected refusal ${r.code}: ${r.message}`);
      }
    };
    // warm-up (connections, plans), then the measured run
    const warm = performance.now() + Math.min(1000, seconds * 200);
    await Promise.all(Array.from({ length: clients }, (_, k) => client(k + 100, warm, false)));
    const t0 = performance.now();
    await Promise.all(Array.from({ length: clients }, (_, k) => client(k, t0 + seconds * 1000, true)));
    const elapsed = (performance.now() - t0) / 1000;
    return { perSec: ok / elapsed, ok, refused, people };
  } finally {
    await platform.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchTransfers(smoke: boolean): Promise<BenchRow> {
  const seconds = smoke ? 1 : 10;
  const people = smoke ? 200 : 10_000;
  return withDatabase(async (baseUrl) => {
    // pgbench on a database of its own: its tables must not share a cache or a WAL stream unevenly
    return withDatabase(async (pgbUrl) => {
      await pgbenchInit(pgbUrl);
      const before = await pgbench(pgbUrl, CLIENTS, seconds);
      const ours = await serviceTransfers(baseUrl, CLIENTS, seconds, people);
      const after = smoke ? before : await pgbench(pgbUrl, CLIENTS, seconds);
      const base = (before + after) / 2;
      const ratio = ours.perSec / base;
      return {
        name: `points transfers through PointsService.apply on PostgreSQL: single awards and spends, ${fmt(ours.people)} person accounts + issuance and shop, ${CLIENTS} clients, ${seconds} s (${fmt(ours.ok)} posted, ${fmt(ours.refused)} refused for want of points)`,
        value: `${fmt(ours.perSec)} transfers/s`,
        baseline: `${fmt(base)} TPS: pgbench TPC-B-like, scale 1, ${CLIENTS} clients, ${seconds} s${smoke ? '' : ` (mean of before ${fmt(before)} and after ${fmt(after)})`}`,
        ratio: fmt(ratio, 2),
        target: '≥ 0.5',
        ok: ratio >= 0.5,
      };
    });
  });
}

async function benchVopr(smoke: boolean): Promise<BenchRow> {
  const operations = smoke ? 300 : 100_000;
  const seed = Number(process.env.POINTS_VOPR_SEED ?? Date.now() % 1_000_000_000);
  return withDatabase(async (url) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-vopr-'));
    const config = loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const { platform, services } = await buildCore(config, { logger: createLogger('silent', { pretty: false }) });
    try {
      console.log(`  points VOPR: seed ${seed} (POINTS_VOPR_SEED=${seed} replays it)`);
      const t0 = performance.now();
      const r = await runVopr({ seed, operations, points: services.points, database: platform.database, databaseUrl: url, crashes: smoke ? 0 : 20, core: { platform, services }, log: (s: string) => console.log(`  points VOPR: ${s}`) });
      const seconds = (performance.now() - t0) / 1000;
      console.log(`  points VOPR: ${fmt(r.claimCalls)} claims calls, ${fmt(r.claims)} claims; ${r.crashes} kills, ${r.claimKills} during a claims call (${r.claimsCommittedWhenKilled} had committed), ${r.committedWhenKilled} transfers committed just before a kill`);
      return {
        name: `points VOPR (seeded random workload against the in-memory ledger and a model of the claims, kill -9 of the applying process ${r.crashes}×): ${fmt(r.operations)} operations (${fmt(r.claimCalls)} of them claims calls), ${fmt(r.transfers)} transfers, ${fmt(r.claims)} claims, seed ${seed} (POINTS_VOPR_SEED=${seed} replays)`,
        value: `${fmt(r.checks)} invariant checks passed in ${fmt(seconds, 1)} s`,
        baseline: `${fmt(r.operations / seconds)} operations/s`,
        ratio: '—',
        target: '≥ 100,000 operations, every check passes',
        ok: r.operations >= 100_000,
      };
    } finally {
      await platform.database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

export async function benchPoints(smoke: boolean, wanted: (name: string) => boolean = () => true): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (wanted('points')) rows.push(await benchTransfers(smoke));
  if (wanted('points-vopr')) rows.push(await benchVopr(smoke));
  return rows;
}
