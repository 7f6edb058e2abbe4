/**
 * Credit benchmarks (issue 19 items 2–3), on PGlite and PostgreSQL: a county-sized set — 10,000
 * households of 3 people in one district, 12 awards each person over the last year (360,000 transfers,
 * written by SQL: a year through the ledger would take the bench's budget) and a purchase each, half the
 * households consenting to the bank — then the bank's signed monthly extract (`ExtractsService.generate`:
 * roster + earned with rule mix + tiers + XLSX + Ed25519, 5,000 rows) and a dividend over all 10,000
 * households (`DividendsService.create`: earned + largest-remainder split + XLSX + 10,000 shares written),
 * each beside a plain `SUM … GROUP BY` of the same awards measured in the same run on the same database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildCore } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { areaFeatures } from '../test/helpers/factories.ts';
import { withDatabase } from './cases-bench.ts';
import { fmt, median, type BenchRow } from './lib.ts';

const HOUSEHOLDS = 10_000;
const AWARDS_EACH = 12;

const timed = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

async function county(env: Record<string, string>, label: string, smoke: boolean): Promise<BenchRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-credit-'));
  const config = loadConfig({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const core = await buildCore(config, { logger: createLogger('silent', { pretty: false }) });
  const households = smoke ? HOUSEHOLDS / 10 : HOUSEHOLDS;
  const runs = smoke ? 2 : 5;
  try {
    const { features, area } = areaFeatures(13);
    await core.services.regions.importGeoJson(null, { type: 'FeatureCollection', features });
    const village = area.villages[0];
    const db = core.platform.db;
    const issuance = await core.services.points.systemAccount('resident', 'issuance');
    const shop = await core.services.points.systemAccount('resident', 'shop');
    // the households of one (large) village, 3 members each, an account each, a year of awards and a purchase
    await db.execute(sql`INSERT INTO households (region_code, name, address, head_user_id, card_token)
      SELECT ${village}, '户' || i, '上余 ' || i || '号', gen_random_uuid(), 'bench-' || i FROM generate_series(1, ${households}) i`);
    await db.execute(sql`INSERT INTO household_members (user_id, household_id, relation)
      SELECT CASE WHEN j = 0 THEN h.head_user_id ELSE gen_random_uuid() END, h.id, CASE WHEN j = 0 THEN 'head' ELSE 'child' END FROM households h CROSS JOIN generate_series(0, 2) j`);
    await db.execute(sql`INSERT INTO points_accounts (id, ledger, holder_id, region_code, debits_must_not_exceed_credits)
      SELECT gen_random_uuid(), 'resident', user_id, ${village}, true FROM household_members`);
    await db.execute(sql`
      INSERT INTO points_transfers (id, kind, ledger, debit_account_id, credit_account_id, amount, code, status, rule_id, rule_version, event_time, created_at, balances_after)
      SELECT gen_random_uuid(), 'single', 'resident', ${issuance.id}::uuid, a.id, 1 + (abs(hashtext(a.id::text || j)) % 30), 'award', 'posted',
             (ARRAY['garbage_sorting', 'beautiful_courtyard', 'tidy_frontyard', 'volunteer_hour'])[1 + j % 4], 1, t.at, t.at, '{}'::jsonb
        FROM points_accounts a CROSS JOIN generate_series(0, ${AWARDS_EACH - 1}) j
        CROSS JOIN LATERAL (SELECT now() - make_interval(days => 20 + j * 28) AS at) t
       WHERE a.ledger = 'resident' AND a.holder_id IS NOT NULL`);
    await db.execute(sql`
      INSERT INTO points_transfers (id, kind, ledger, debit_account_id, credit_account_id, amount, code, status, event_time, created_at, balances_after)
      SELECT gen_random_uuid(), 'single', 'resident', a.id, ${shop.id}::uuid, 5, 'spend', 'posted', now() - interval '10 days', now() - interval '10 days', '{}'::jsonb
        FROM points_accounts a WHERE a.ledger = 'resident' AND a.holder_id IS NOT NULL`);
    const { bank } = await core.services.credit.addBank(null, { code: 'bench-bank', nameZh: '柯城农商银行', nameEn: 'Kecheng RCB', regionCode: area.district });
    await db.execute(sql`INSERT INTO credit_consents (id, household_id, region_code, bank_code, granted_by, granted_at)
      SELECT gen_random_uuid(), id, region_code, ${bank.code}, head_user_id, now() FROM households WHERE abs(hashtext(id::text)) % 2 = 0`);
    for (const t of ['households', 'household_members', 'points_accounts', 'points_transfers', 'credit_consents']) await db.execute(sql.raw(`ANALYZE ${t}`));
    const transfers = Number(((await db.execute(sql`SELECT count(*)::int AS n FROM points_transfers`)) as unknown as { rows: { n: number }[] }).rows[0].n);

    const now = new Date();
    const s = new Date(now.getTime() + 8 * 3_600_000);
    const monthsBack = (i: number) => new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() - 1 - i, 1)).toISOString().slice(0, 7);
    const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
    const baseline = () => db.execute(sql`SELECT credit_account_id, sum(amount) FROM points_transfers
      WHERE code = 'award' AND created_at >= ${yearAgo.toISOString()}::timestamptz AND created_at < ${now.toISOString()}::timestamptz GROUP BY credit_account_id`);
    const extract: number[] = [];
    const dividend: number[] = [];
    const base: number[] = [];
    let rows = 0;
    let sum = '';
    for (let i = 0; i < runs; i++) {
      extract.push(await timed(async () => { rows = (await core.services.creditExtracts.generate(null, { bankCode: bank.code, month: monthsBack(i) })).extract.rowCount; }));
      const from = new Date(now.getTime() - 400 * 86_400_000 - i * 86_400_000).toISOString().slice(0, 10);
      const to = new Date(now.getTime() - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
      dividend.push(await timed(async () => {
        const d = await core.services.dividends.create(null, { regionCode: village, title: '积分分红', periodFrom: from, periodTo: to, poolYuan: '1651300.00' });
        sum = d.shares.reduce((x, y) => x + Math.round(Number(y.payoutYuan) * 100), 0) === 165_130_000 ? 'Σ = pool' : 'Σ ≠ pool';
      }));
      base.push(await timed(baseline));
    }
    return [
      {
        name: `bank extract, signed XLSX + JSON of ${fmt(rows)} consenting of ${fmt(households)} households (12 months earned, tier, rule mix) over ${fmt(transfers)} transfers (${label})`,
        value: `${fmt(median(extract))} ms`, baseline: `${fmt(median(base), 1)} ms for SUM … GROUP BY of the same year's awards`,
        ratio: fmt(median(extract) / median(base), 1), target: '—', ok: null,
      },
      {
        name: `积分分红 over ${fmt(households)} households (earned, largest remainder, XLSX, shares written; ${sum}) (${label})`,
        value: `${fmt(median(dividend))} ms`, baseline: `${fmt(median(base), 1)} ms for the same SUM … GROUP BY`,
        ratio: fmt(median(dividend) / median(base), 1), target: '—', ok: null,
      },
    ];
  } finally {
    await core.platform.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchCredit(smoke: boolean): Promise<BenchRow[]> {
  return [...(await county({}, 'PGlite', smoke)), ...(await withDatabase((url) => county({ DATABASE_URL: url }, 'PostgreSQL', smoke)))];
}
