/**
 * The rankings' SQL: points earned per subject in a period straight from the ledger (what a published
 * list is recomputed from), the rollup written from the same statement (what rankings read), the
 * areas' settings and the published lists.
 */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { coveringRegionCodes, scopeOfRegionCode } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import type { Earned, Period, RankLedger, Thresholds } from './rankings-model.ts';
import { pointsRankLists, pointsRankObjections, pointsRankRollup, pointsRankRollupState, pointsRankSettings } from './rankings.schema.ts';

export type ListRow = typeof pointsRankLists.$inferSelect;
export type SettingsRow = typeof pointsRankSettings.$inferSelect;
export interface SubjectRow extends Earned { householdId: string | null; holderId: string | null }

/**
 * Earned per subject from the ledger (ledger.ts `earnedIn`, per account, in SQL): awards credited less
 * deductions debited, and the corrections of either, by the time the ledger took them. The subject is the
 * household the award's claim named (the household at the time), else the person; its place is the
 * largest region code of its accounts. An area's filter applies after grouping, as in the rollup.
 */
function earnedSql(ledger: RankLedger, p: Period, area: string | null): SQL {
  return sql`
    WITH x AS (
      SELECT a.holder_id, a.region_code, c.household_id,
        CASE WHEN t.code = 'award' OR (t.code = 'correction' AND o.code = 'deduction') THEN t.amount ELSE -t.amount END AS e
      FROM points_transfers t
      LEFT JOIN points_transfers o ON o.id = t.reverses_id
      JOIN points_accounts a ON a.id = CASE WHEN t.code = 'award' OR (t.code = 'correction' AND o.code = 'deduction') THEN t.credit_account_id ELSE t.debit_account_id END
      LEFT JOIN points_claims c ON c.posted_transfer_id = coalesce(t.reverses_id, t.id)
      WHERE t.ledger = ${ledger} AND t.kind IN ('single', 'post') AND t.status = 'posted'
        AND (t.code IN ('award', 'deduction') OR (t.code = 'correction' AND o.code IN ('award', 'deduction')))
        AND t.code IN ('award', 'deduction', 'correction') -- implied by the line above, said so the planner takes the earning-time index
        AND t.created_at >= ${p.from.toISOString()}::timestamptz AND t.created_at < ${p.to.toISOString()}::timestamptz
        AND a.holder_id IS NOT NULL
    )
    SELECT coalesce(household_id::text, 'p:' || holder_id::text) AS subject, max(household_id::text) AS household_id,
      CASE WHEN max(household_id::text) IS NULL THEN min(holder_id::text) END AS holder_id, max(region_code) AS region_code, sum(e)::bigint AS earned
    FROM x GROUP BY 1 ${area ? sql`HAVING max(region_code) LIKE ${`${scopeOfRegionCode(area)}%`}` : sql``}`;
}

const toSubject = (r: { subject: string; household_id: string | null; holder_id: string | null; region_code: string; earned: string | number }): SubjectRow => ({
  subject: r.subject, householdId: r.household_id, holderId: r.holder_id, regionCode: r.region_code, earned: Number(r.earned),
});

export class RankingsRepository {
  constructor(private p: Platform) {}

  /** Earned per subject of an area straight from the ledger (a recompute). */
  async fromLedger(ledger: RankLedger, p: Period, area: string): Promise<SubjectRow[]> {
    return (await this.p.database.query<Parameters<typeof toSubject>[0]>(earnedSql(ledger, p, area))).map(toSubject);
  }

  /** Rewrite a period's rollup from the ledger (the whole district, one transaction). */
  async refresh(ledger: RankLedger, p: Period, now = new Date()): Promise<void> {
    await this.p.tx(async (tx) => {
      await tx.delete(pointsRankRollup).where(and(eq(pointsRankRollup.ledger, ledger), eq(pointsRankRollup.kind, p.kind), eq(pointsRankRollup.start, p.start)));
      await tx.execute(sql`INSERT INTO points_rank_rollup (ledger, kind, start, subject, household_id, holder_id, region_code, earned)
        SELECT ${ledger}, ${p.kind}, ${p.start}, s.subject, s.household_id::uuid, s.holder_id::uuid, s.region_code, s.earned FROM (${earnedSql(ledger, p, null)}) s`);
      await tx.insert(pointsRankRollupState).values({ ledger, kind: p.kind, start: p.start, refreshedAt: now })
        .onConflictDoUpdate({ target: [pointsRankRollupState.ledger, pointsRankRollupState.kind, pointsRankRollupState.start], set: { refreshedAt: now } });
    });
  }

  /** When a period's rollup was last written; null: never. */
  async refreshedAt(ledger: RankLedger, p: Period): Promise<Date | null> {
    const [r] = await this.p.db.select({ at: pointsRankRollupState.refreshedAt }).from(pointsRankRollupState)
      .where(and(eq(pointsRankRollupState.ledger, ledger), eq(pointsRankRollupState.kind, p.kind), eq(pointsRankRollupState.start, p.start)));
    return r?.at ?? null;
  }

  /** An area's subjects from the rollup: one range of its index. */
  async fromRollup(ledger: RankLedger, p: Period, area: string): Promise<SubjectRow[]> {
    return (await this.p.database.query<Parameters<typeof toSubject>[0]>(sql`SELECT subject, household_id, holder_id, region_code, earned FROM points_rank_rollup
      WHERE ledger = ${ledger} AND kind = ${p.kind} AND start = ${p.start} AND region_code LIKE ${`${scopeOfRegionCode(area)}%`}`)).map(toSubject);
  }

  // ——— settings ———

  /** The nearest covering rows: the one for the switch and the one for thresholds (which may differ). */
  async settingsFor(regionCode: string): Promise<{ aggregatesOnly: boolean; switchFrom: string; thresholds: Thresholds | null; thresholdsFrom: string }> {
    const covering = coveringRegionCodes(regionCode);
    const rows = (await this.p.db.select().from(pointsRankSettings).where(inArray(pointsRankSettings.regionCode, covering)))
      .map((r) => ({ region_code: r.regionCode, aggregates_only: r.aggregatesOnly, thresholds: r.thresholds as Thresholds | null }))
      .sort((a, b) => covering.indexOf(a.region_code) - covering.indexOf(b.region_code));
    const t = rows.find((r) => r.thresholds);
    return { aggregatesOnly: rows[0]?.aggregates_only ?? false, switchFrom: rows[0]?.region_code ?? 'default', thresholds: t?.thresholds ?? null, thresholdsFrom: t?.region_code ?? 'default' };
  }

  /** Every area whose switch is on (few rows): a wider ranking leaves out the subjects of those places. */
  async switchedOn(): Promise<SettingsRow[]> {
    return this.p.db.select().from(pointsRankSettings);
  }

  async putSettings(tx: Db, regionCode: string, set: { aggregatesOnly?: boolean; thresholds?: Thresholds }, by: string): Promise<void> {
    const [cur] = await tx.select().from(pointsRankSettings).where(eq(pointsRankSettings.regionCode, regionCode)).for('update');
    const row = { regionCode, aggregatesOnly: set.aggregatesOnly ?? cur?.aggregatesOnly ?? false, thresholds: set.thresholds ?? cur?.thresholds ?? null, updatedBy: by, updatedAt: new Date() };
    await tx.insert(pointsRankSettings).values(row).onConflictDoUpdate({ target: pointsRankSettings.regionCode, set: row });
  }

  // ——— published lists ———

  /** Insert a list unless one of the area, ledger and period stands (not voided); the standing one either way. */
  async insertList(tx: Db, row: typeof pointsRankLists.$inferInsert): Promise<{ list: ListRow; created: boolean }> {
    const made = await tx.insert(pointsRankLists).values(row).onConflictDoNothing().returning();
    if (made.length) return { list: made[0], created: true };
    const [list] = await tx.select().from(pointsRankLists).where(and(eq(pointsRankLists.regionCode, row.regionCode), eq(pointsRankLists.ledger, row.ledger),
      eq(pointsRankLists.kind, row.kind), eq(pointsRankLists.start, row.start), sql`${pointsRankLists.status} <> 'voided'`));
    return { list, created: false };
  }

  async list(id: string, tx: Db = this.p.db, lock = false): Promise<ListRow | undefined> {
    const q = tx.select().from(pointsRankLists).where(eq(pointsRankLists.id, id));
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  /** Lists under any of the patterns (the caller's scopes), of an area when given, newest first. */
  async lists(patterns: string[], area: string | null, limit: number): Promise<ListRow[]> {
    if (!patterns.length) return [];
    const scoped = sql.join(patterns.map((s) => sql`${pointsRankLists.regionCode} LIKE ${s}`), sql` OR `);
    return this.p.db.select().from(pointsRankLists).where(and(sql`(${scoped})`, area ? sql`${pointsRankLists.regionCode} LIKE ${`${scopeOfRegionCode(area)}%`}` : undefined))
      .orderBy(desc(pointsRankLists.publishedAt)).limit(limit);
  }

  async updateList(tx: Db, id: string, set: Partial<typeof pointsRankLists.$inferInsert>): Promise<ListRow> {
    const [row] = await tx.update(pointsRankLists).set(set).where(eq(pointsRankLists.id, id)).returning();
    return row;
  }

  /** An objection; the same person objecting again adds nothing. */
  async insertObjection(tx: Db, row: typeof pointsRankObjections.$inferInsert): Promise<void> {
    await tx.insert(pointsRankObjections).values(row).onConflictDoNothing();
  }

  async objections(listId: string): Promise<number> {
    const [r] = await this.p.db.select({ n: sql<number>`count(*)::int` }).from(pointsRankObjections).where(eq(pointsRankObjections.listId, listId));
    return Number(r?.n ?? 0);
  }
}
