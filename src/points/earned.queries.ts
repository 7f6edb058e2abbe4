/**
 * Points earned per person in a period over a whole area, with the rule mix: the bulk read the credit
 * module (信用贷 tiers, the bank's extract, 积分分红) needs. "Earned" is ledger.ts `earnedIn` in SQL —
 * posted awards less deductions and the corrections of either, by the time the ledger took them — so a
 * purchase or an expiry never lowers it. One statement for a county's ≈30,000 accounts.
 */
import type { Platform } from '../platform/context.ts';

export interface EarnedRow {
  holderId: string;
  /** the rule key the points came by ('' for a transfer without one) */
  ruleKey: string;
  /** the rule's Chinese name (its newest version anywhere), else the key */
  ruleName: string;
  earned: number;
}

/** Awards and deductions as they are; corrections (rare) through the transfer they reverse — in [from, to) (SQL parameters). */
const moved = (from: string, to: string) => `moved AS (
        SELECT CASE WHEN t.code = 'award' THEN t.credit_account_id ELSE t.debit_account_id END AS account_id,
               CASE WHEN t.code = 'award' THEN t.amount ELSE -t.amount END AS points, coalesce(t.rule_id, '') AS rule, t.created_at AS at
          FROM points_transfers t
         WHERE t.ledger = 'resident' AND t.kind IN ('single', 'post') AND t.status = 'posted' AND t.code IN ('award', 'deduction')
           AND t.created_at >= ${from}::timestamptz AND t.created_at < ${to}::timestamptz
        UNION ALL
        SELECT CASE WHEN o.code = 'award' THEN t.debit_account_id ELSE t.credit_account_id END,
               CASE WHEN o.code = 'deduction' THEN t.amount ELSE -t.amount END, coalesce(o.rule_id, ''), t.created_at
          FROM points_transfers t JOIN points_transfers o ON o.id = t.reverses_id
         WHERE t.ledger = 'resident' AND t.kind IN ('single', 'post') AND t.status = 'posted' AND t.code = 'correction' AND o.code IN ('award', 'deduction')
           AND t.created_at >= ${from}::timestamptz AND t.created_at < ${to}::timestamptz)`;

/** A rule's name once per key (its most general region's newest version), not once per person. */
const NAMES = 'names AS (SELECT DISTINCT ON (key) key, name_zh FROM points_rules ORDER BY key, length(region_code), version DESC)';

export class EarnedQueries {
  constructor(private p: Pick<Platform, 'database'>) {}

  /**
   * Residents' points earned in [from, to) per holder and rule, for the accounts opened in a region
   * (`scope`: a region code's prefix, e.g. a village's 12 digits or a district's 6). Rows with 0 are left out.
   */
  async byHolderAndRule(scope: string, from: Date, to: Date): Promise<EarnedRow[]> {
    const rows = await this.p.database.raw<{ holder_id: string; rule: string; name: string | null; earned: string }>(`
      WITH acc AS (SELECT id, holder_id FROM points_accounts WHERE ledger = 'resident' AND holder_id IS NOT NULL AND region_code LIKE $1),
      ${moved('$2', '$3')},
      sums AS (SELECT acc.holder_id, m.rule, sum(m.points) AS earned FROM moved m JOIN acc ON acc.id = m.account_id GROUP BY acc.holder_id, m.rule),
      ${NAMES}
      SELECT s.holder_id, s.rule, n.name_zh AS name, s.earned FROM sums s LEFT JOIN names n ON n.key = s.rule
       WHERE s.earned <> 0`, [`${scope}%`, from.toISOString(), to.toISOString()]);
    return rows.map((r) => ({ holderId: r.holder_id, ruleKey: r.rule, ruleName: r.name ?? r.rule, earned: Number(r.earned) }));
  }

  /**
   * The same per Shanghai day × village (the account's region, first 12 digits) × holder × rule, over every
   * area: what the dashboard's points rollup is recomputed from.
   */
  async byDayVillageHolderRule(from: Date, to: Date): Promise<(EarnedRow & { day: string; villageCode: string })[]> {
    const rows = await this.p.database.raw<{ day: string; village: string; holder_id: string; rule: string; name: string | null; earned: string }>(`
      WITH acc AS (SELECT id, holder_id, substr(region_code, 1, 12) AS village FROM points_accounts
                    WHERE ledger = 'resident' AND holder_id IS NOT NULL AND region_code IS NOT NULL),
      ${moved('$1', '$2')},
      sums AS (SELECT to_char(m.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, acc.village, acc.holder_id, m.rule, sum(m.points) AS earned
                 FROM moved m JOIN acc ON acc.id = m.account_id GROUP BY 1, 2, 3, 4),
      ${NAMES}
      SELECT s.day, s.village, s.holder_id, s.rule, n.name_zh AS name, s.earned FROM sums s LEFT JOIN names n ON n.key = s.rule
       WHERE s.earned <> 0`, [from.toISOString(), to.toISOString()]);
    return rows.map((r) => ({ day: r.day, villageCode: r.village, holderId: r.holder_id, ruleKey: r.rule, ruleName: r.name ?? r.rule, earned: Number(r.earned) }));
  }
}
