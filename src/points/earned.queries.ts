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

export class EarnedQueries {
  constructor(private p: Pick<Platform, 'database'>) {}

  /**
   * Residents' points earned in [from, to) per holder and rule, for the accounts opened in a region
   * (`scope`: a region code's prefix, e.g. a village's 12 digits or a district's 6). Rows with 0 are left out.
   */
  async byHolderAndRule(scope: string, from: Date, to: Date): Promise<EarnedRow[]> {
    const rows = await this.p.database.raw<{ holder_id: string; rule: string; name: string | null; earned: string }>(`
      WITH acc AS (SELECT id, holder_id FROM points_accounts WHERE ledger = 'resident' AND holder_id IS NOT NULL AND region_code LIKE $1),
      moved AS (
        SELECT CASE WHEN t.code = 'award' THEN t.credit_account_id
                    WHEN t.code = 'deduction' THEN t.debit_account_id
                    WHEN o.code = 'award' THEN t.debit_account_id
                    WHEN o.code = 'deduction' THEN t.credit_account_id END AS account_id,
               CASE WHEN t.code = 'award' OR o.code = 'deduction' THEN t.amount ELSE -t.amount END AS points,
               coalesce(CASE WHEN t.code = 'correction' THEN o.rule_id ELSE t.rule_id END, '') AS rule
          FROM points_transfers t LEFT JOIN points_transfers o ON o.id = t.reverses_id
         WHERE t.ledger = 'resident' AND t.kind IN ('single', 'post') AND t.status = 'posted'
           AND t.created_at >= $2::timestamptz AND t.created_at < $3::timestamptz
           AND (t.code IN ('award', 'deduction') OR (t.code = 'correction' AND o.code IN ('award', 'deduction'))))
      SELECT acc.holder_id, m.rule,
             (SELECT r.name_zh FROM points_rules r WHERE r.key = m.rule ORDER BY length(r.region_code), r.version DESC LIMIT 1) AS name,
             sum(m.points) AS earned
        FROM moved m JOIN acc ON acc.id = m.account_id
       GROUP BY acc.holder_id, m.rule
      HAVING sum(m.points) <> 0`, [`${scope}%`, from.toISOString(), to.toISOString()]);
    return rows.map((r) => ({ holderId: r.holder_id, ruleKey: r.rule, ruleName: r.name ?? r.rule, earned: Number(r.earned) }));
  }
}
