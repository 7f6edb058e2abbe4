/**
 * Issue 19's expiry and ranking targets on PostgreSQL, each beside a baseline in the same run:
 * - expiry of 1,000,000 lots (a million villagers' accounts, opened one after another with time-ordered ids
 *   as the product opens them, each with what is left of last year's award, two in five of them having
 *   spent part of it) by the expiry job, beside a plain
 *   INSERT … SELECT of as many transfer rows into a table without indexes (the least any expiry that
 *   writes a transfer per lot must do);
 * - a county's ranking of ≈ 10,000 households (20,000 accounts, 60,000 awards of last month, each
 *   through a claim naming its household) from the rollup, beside one indexed row read of the rollup.
 * The rows are written by SQL (the set-up is not what is measured); PGlite is left out: a million
 * accounts is a production district's size, and production runs PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildCore } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { previousPeriod } from '../src/points/index.ts';
import { areaFeatures } from '../test/helpers/factories.ts';
import { withDatabase } from './cases-bench.ts';
import { fmt, median, type BenchRow } from './lib.ts';

const timed = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

async function run(url: string, smoke: boolean): Promise<BenchRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-pexpiry-'));
  const core = await buildCore(loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { logger: createLogger('silent', { pretty: false }) });
  const db = core.platform.db;
  const s = core.services;
  const q = async <T>(x: ReturnType<typeof sql>) => ((await db.execute(x)) as unknown as { rows: T[] }).rows;
  try {
    const { features, area } = areaFeatures(13);
    await s.regions.importGeoJson(null, { type: 'FeatureCollection', features });
    const villages = sql`(ARRAY[${sql.join(area.villages.map((v) => sql`${v}`), sql`, `)}])`;
    const nv = area.villages.length;
    const issuance = (await s.points.systemAccount('resident', 'issuance')).id;
    const shop = (await s.points.systemAccount('resident', 'shop')).id;
    await s.points.systemAccount('resident', 'expired');
    const zero = '{"debitsPosted":0,"creditsPosted":0,"debitsPending":0,"creditsPending":0}';

    // ——— a county's ranking from the rollup ———
    const households = smoke ? 1_000 : 10_000;
    const now = new Date();
    const month = previousPeriod('month', now);
    const [rule] = await q<{ id: string; key: string }>(sql`SELECT id, key FROM points_rules WHERE region_code = '' AND key = 'council_meeting' ORDER BY version DESC LIMIT 1`);
    await db.execute(sql`CREATE TEMP TABLE bench_people AS SELECT i, gen_random_uuid() AS account, gen_random_uuid() AS holder, ('00000000-0000-4000-8000-' || lpad(to_hex(i / 2), 12, '0'))::uuid AS household,
      ${villages}[1 + (i / 2) % ${nv}] AS region FROM generate_series(0, ${households * 2 - 1}) i`);
    await db.execute(sql`INSERT INTO points_accounts (id, ledger, holder_id, region_code, debits_must_not_exceed_credits, credits_posted)
      SELECT account, 'resident', holder, region, true, 0 FROM bench_people`);
    await db.execute(sql`CREATE TEMP TABLE bench_awards AS SELECT gen_random_uuid() AS id, p.account, p.holder, p.household, p.region, 1 + (p.i * 7 + j * 13) % 20 AS amount,
        ${month.from.toISOString()}::timestamptz + make_interval(secs => (p.i * 3 + j) % (25 * 86400)) AS at
      FROM bench_people p CROSS JOIN generate_series(0, 2) j`);
    await db.execute(sql`INSERT INTO points_transfers (id, kind, ledger, debit_account_id, credit_account_id, amount, code, status, rule_id, business_key, event_time, created_at, balances_after)
      SELECT id, 'single', 'resident', ${issuance}::uuid, account, amount, 'award', 'posted', ${rule.key}, 'bench:' || id, at, at, ${zero}::jsonb FROM bench_awards`);
    await db.execute(sql`INSERT INTO points_claims (id, region_code, rule_id, rule_key, rule_version, ledger, beneficiary_id, household_id, amount, source, business_key, status, posted_transfer_id, posted_amount, event_time)
      SELECT gen_random_uuid(), region, ${rule.id}::uuid, ${rule.key}, 1, 'resident', holder, household, amount, 'claim', 'bench-claim:' || id, 'posted', id, amount, at FROM bench_awards`);
    await db.execute(sql`UPDATE points_accounts a SET credits_posted = x.s FROM (SELECT account, sum(amount) AS s FROM bench_awards GROUP BY account) x WHERE a.id = x.account`);
    await db.execute(sql`UPDATE points_accounts SET debits_posted = debits_posted + (SELECT sum(amount) FROM bench_awards) WHERE id = ${issuance}::uuid`);
    for (const t of ['points_accounts', 'points_transfers', 'points_claims']) await db.execute(sql.raw(`ANALYZE ${t}`));
    const leader = await s.users.createUser(null, { username: `bench-pleader-${process.pid}`, displayName: '区领导', password: 'bench-password-1', kind: 'staff', homeRegionCode: area.district, memberships: [{ role: 'leader', regionCode: area.district }] });
    const actor = await s.users.actorOf(leader.id);
    const refreshMs = await timed(() => s.pointsRankings.repo.refresh('resident', month, now));
    const ask = () => s.pointsRankings.ranking(actor, { region: area.district, period: 'month', start: month.start }, now);
    const first = await ask();
    if (first.aggregates.all.subjects !== households) throw new Error(`the ranking has ${first.aggregates.all.subjects} households, not ${households}`);
    const [one] = await q<{ subject: string }>(sql`SELECT subject FROM points_rank_rollup LIMIT 1`);
    const runs = smoke ? 3 : 15;
    const ranking: number[] = [];
    const row: number[] = [];
    for (let i = 0; i < runs; i++) {
      ranking.push(await timed(ask));
      row.push(await timed(() => db.execute(sql`SELECT * FROM points_rank_rollup WHERE ledger = 'resident' AND kind = 'month' AND start = ${month.start} AND subject = ${one.subject}`)));
    }

    // ——— expiry of a million lots ———
    const lots = smoke ? 20_000 : 1_000_000;
    // account ids as the product makes them (PointsRepository.openPersonAccount: UUIDv7, time-ordered), one a
    // millisecond from the start of 2024: the id order the expiry walks is then the order the accounts were
    // opened in, as in production. (With random ids — every chunk touching pages all over the table — a
    // million lots took 86.8 s against 58.1 s, docs/benchmarks.md.)
    const opened = Date.parse('2024-01-01T00:00:00Z');
    const v7 = sql.raw(`(substr(lpad(to_hex(${opened}::bigint + i), 12, '0'), 1, 8) || '-' || substr(lpad(to_hex(${opened}::bigint + i), 12, '0'), 9, 4)
      || '-7' || substr(md5(i::text), 1, 3) || '-8' || substr(md5(i::text), 4, 3) || '-' || substr(md5(i::text), 7, 12))::uuid`);
    await db.execute(sql`CREATE TEMP TABLE bench_lots AS SELECT i, ${v7} AS account, gen_random_uuid() AS award, 10 + i % 90 AS amount,
        CASE WHEN i % 5 < 2 THEN 1 + i % 9 ELSE 0 END AS spent FROM generate_series(1, ${lots}) i`);
    const earned = '2024-06-01T02:00:00Z';
    const spentAt = '2025-03-01T02:00:00Z';
    await db.execute(sql`INSERT INTO points_accounts (id, ledger, holder_id, region_code, debits_must_not_exceed_credits, credits_posted, debits_posted)
      SELECT account, 'resident', gen_random_uuid(), ${villages}[1 + i % ${nv}], true, amount, spent FROM bench_lots`);
    await db.execute(sql`INSERT INTO points_transfers (id, kind, ledger, debit_account_id, credit_account_id, amount, code, status, event_time, created_at, balances_after)
      SELECT award, 'single', 'resident', ${issuance}::uuid, account, amount, 'award', 'posted', ${earned}::timestamptz, ${earned}::timestamptz, ${zero}::jsonb FROM bench_lots`);
    await db.execute(sql`INSERT INTO points_transfers (id, kind, ledger, debit_account_id, credit_account_id, amount, code, status, event_time, created_at, balances_after)
      SELECT gen_random_uuid(), 'single', 'resident', account, ${shop}::uuid, spent, 'spend', 'posted', ${spentAt}::timestamptz, ${spentAt}::timestamptz, ${zero}::jsonb FROM bench_lots WHERE spent > 0`);
    await db.execute(sql`UPDATE points_accounts SET debits_posted = debits_posted + (SELECT sum(amount) FROM bench_lots) WHERE id = ${issuance}::uuid`);
    await db.execute(sql`UPDATE points_accounts SET credits_posted = credits_posted + (SELECT sum(spent) FROM bench_lots) WHERE id = ${shop}::uuid`);
    // The tables as a year of ledger leaves them: vacuumed (autovacuum would have been through them long before
    // the year's end) and written out. Right after a gigabyte of bulk set-up a checkpoint is due, and the
    // expiry measured then also paid for writing the set-up's pages and for the hint bits of its rows:
    // 75 s against 62 s in the same hour (docs/benchmarks.md).
    for (const t of ['points_accounts', 'points_transfers']) await db.execute(sql.raw(`VACUUM (ANALYZE) ${t}`));
    await db.execute(sql`CHECKPOINT`).catch(() => undefined); // a superuser's (or pg_checkpoint's) right: without it, as before
    const [{ n: transfers }] = await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM points_transfers`);
    // the baseline first: as many rows as the expiry writes, copied by one INSERT … SELECT into a table without indexes
    await db.execute(sql`CREATE TABLE bench_copy (LIKE points_transfers INCLUDING DEFAULTS)`);
    const baselineMs = await timed(() => db.execute(sql`INSERT INTO bench_copy SELECT * FROM points_transfers WHERE code = 'award' AND created_at = ${earned}::timestamptz`));
    let result = { expired: 0, points: 0 };
    const expiryMs = await timed(async () => { result = await s.pointsExpiry.expireDue(new Date('2026-01-01T00:10:00+08:00')); });
    if (result.expired !== lots) throw new Error(`expired ${result.expired} lots, not ${lots}`);
    const rerunMs = await timed(async () => { if ((await s.pointsExpiry.expireDue(new Date('2026-01-01T00:20:00+08:00'))).expired) throw new Error('a rerun expired again'); });
    return [
      {
        name: `points expiry: ${fmt(lots)} lots (accounts with last year's points left, 40 % partly spent) among ${fmt(transfers)} transfers, one 'expiry' transfer each (PostgreSQL; a rerun: ${fmt(rerunMs / 1000, 1)} s, nothing written)`,
        value: `${fmt(expiryMs / 1000, 1)} s (${fmt(lots / (expiryMs / 1000))} lots/s)`, baseline: `${fmt(baselineMs / 1000, 1)} s for INSERT … SELECT of ${fmt(lots)} transfer rows into a table without indexes`,
        ratio: fmt(expiryMs / baselineMs, 1), target: '< 60 s', ok: smoke ? null : expiryMs < 60_000,
      },
      {
        name: `points ranking: a county's month from the rollup, ${fmt(households)} households (${fmt(households * 6)} awards via claims; rollup rewritten in ${fmt(refreshMs)} ms) (PostgreSQL)`,
        value: `${fmt(median(ranking), 1)} ms`, baseline: `${fmt(median(row), 2)} ms for one indexed row of the rollup`,
        ratio: fmt(median(ranking) / median(row), 0), target: '< 200 ms', ok: smoke ? null : median(ranking) < 200,
      },
    ];
  } finally {
    await core.platform.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchPointsExpiry(smoke: boolean): Promise<BenchRow[]> {
  return withDatabase((url) => run(url, smoke));
}
