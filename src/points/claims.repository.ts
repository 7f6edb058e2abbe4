/**
 * Earning rules, scoring settings and groups, claims, votes and objections in SQL. Region scope is in
 * the SQL (a code prefix). Claims are changed under a row lock (`claimForUpdate`) taken before the
 * ledger's account locks, one claim per transaction: one lock order everywhere.
 */
import { and, asc, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { periodStarts, type CapUse, type ClaimStatus } from './claims-model.ts';
import { pointsClaims, pointsClaimVotes, pointsObjections, pointsRules, pointsScorers, pointsSettings } from './claims.schema.ts';

export type RuleRow = typeof pointsRules.$inferSelect;
export type ClaimRow = typeof pointsClaims.$inferSelect;
export type SettingsRow = typeof pointsSettings.$inferSelect;
export type VoteRow = typeof pointsClaimVotes.$inferSelect;

export const DEFAULT_SETTINGS = { quorum: 3, noticeDays: 7, recheckDays: 5, yuanPerPoint: 0.2 } as const;
export type Settings = { regionCode: string | null; quorum: number; noticeDays: number; recheckDays: number; yuanPerPoint: number };

/**
 * `code` and every region above it, and '' (the defaults everywhere, seeded by a migration): the rows
 * of a place are those whose region its code starts with.
 */
const prefixesOf = (code: string) => ['', ...[6, 9, 12, 15, 18].filter((n) => n <= code.length).map((n) => code.slice(0, n))];

export interface ClaimFilter {
  /** region scope: claims whose village starts with one of these */
  scopes: string[];
  statuses?: ClaimStatus[];
  beneficiaryId?: string;
  limit: number;
  offset: number;
}

export class ClaimsRepository {
  constructor(private p: Platform) {}

  /** Every version of the rules that can apply at `placeCode` (its own region and those above it). */
  async rulesAt(placeCode: string, db: Db = this.p.db): Promise<RuleRow[]> {
    return db.select().from(pointsRules).where(inArray(pointsRules.regionCode, prefixesOf(placeCode))).orderBy(asc(pointsRules.key), asc(pointsRules.version));
  }

  async rule(id: string): Promise<RuleRow | undefined> {
    const [r] = await this.p.db.select().from(pointsRules).where(eq(pointsRules.id, id));
    return r;
  }

  async rulesByIds(ids: string[]): Promise<RuleRow[]> {
    return ids.length ? this.p.db.select().from(pointsRules).where(inArray(pointsRules.id, ids)) : [];
  }

  /** Spendable points outstanding in the village's residents' accounts: what the village owes, in points. */
  async liability(villageCode: string): Promise<{ accounts: number; points: number }> {
    const [r] = await this.p.database.raw<{ n: string; points: string | null }>(`
      SELECT count(*) AS n, sum(credits_posted - debits_posted) AS points FROM points_accounts
      WHERE ledger = 'resident' AND holder_id IS NOT NULL AND region_code LIKE $1`, [`${villageCode}%`]);
    return { accounts: Number(r?.n ?? 0), points: Number(r?.points ?? 0) };
  }

  /** The rules written in regions under the scopes (the console's list, all versions). */
  async rulesIn(scopes: string[]): Promise<RuleRow[]> {
    if (!scopes.length) return [];
    return this.p.db.select().from(pointsRules).where(or(eq(pointsRules.regionCode, ''), ...scopes.map((s) => like(pointsRules.regionCode, `${s}%`))))
      .orderBy(asc(pointsRules.regionCode), asc(pointsRules.key), desc(pointsRules.version));
  }

  /** The next version of a rule key in a region (a unique index refuses a concurrent twin). */
  async insertRule(tx: Db, row: Omit<typeof pointsRules.$inferInsert, 'version'>): Promise<RuleRow> {
    const [{ v }] = await tx.select({ v: sql<number>`coalesce(max(${pointsRules.version}), 0)::int` }).from(pointsRules)
      .where(and(eq(pointsRules.regionCode, row.regionCode), eq(pointsRules.key, row.key)));
    const [r] = await tx.insert(pointsRules).values({ ...row, version: Number(v) + 1 }).returning();
    return r;
  }

  /** The settings of the most specific region above the place that has any, else the defaults. */
  async settingsAt(placeCode: string, db: Db = this.p.db): Promise<Settings> {
    const rows = await db.select().from(pointsSettings).where(inArray(pointsSettings.regionCode, prefixesOf(placeCode)));
    const best = rows.sort((a, b) => b.regionCode.length - a.regionCode.length)[0];
    return best ? { regionCode: best.regionCode, quorum: best.quorum, noticeDays: best.noticeDays, recheckDays: best.recheckDays, yuanPerPoint: best.yuanPerPoint }
      : { regionCode: null, ...DEFAULT_SETTINGS };
  }

  async saveSettings(tx: Db, s: Settings & { regionCode: string; updatedBy: string }): Promise<void> {
    const values = { quorum: s.quorum, noticeDays: s.noticeDays, recheckDays: s.recheckDays, yuanPerPoint: s.yuanPerPoint, updatedBy: s.updatedBy, updatedAt: new Date() };
    await tx.insert(pointsSettings).values({ regionCode: s.regionCode, ...values }).onConflictDoUpdate({ target: pointsSettings.regionCode, set: values });
  }

  async scorers(villageCode: string, db: Db = this.p.db): Promise<string[]> {
    const rows = await db.select({ id: pointsScorers.userId }).from(pointsScorers).where(eq(pointsScorers.regionCode, villageCode)).orderBy(asc(pointsScorers.createdAt));
    return rows.map((r) => r.id);
  }

  /** The villages (under the scopes) where this person sits on the scoring group. */
  async scoringVillagesOf(userId: string): Promise<string[]> {
    const rows = await this.p.db.select({ code: pointsScorers.regionCode }).from(pointsScorers).where(eq(pointsScorers.userId, userId));
    return rows.map((r) => r.code);
  }

  async addScorer(tx: Db, villageCode: string, userId: string, by: string): Promise<boolean> {
    const r = await tx.insert(pointsScorers).values({ regionCode: villageCode, userId, addedBy: by }).onConflictDoNothing().returning({ id: pointsScorers.userId });
    return r.length > 0;
  }

  async removeScorer(tx: Db, villageCode: string, userId: string): Promise<boolean> {
    const r = await tx.delete(pointsScorers).where(and(eq(pointsScorers.regionCode, villageCode), eq(pointsScorers.userId, userId))).returning({ id: pointsScorers.userId });
    return r.length > 0;
  }

  /**
   * Serialise claims against one cap: a transaction-scoped advisory lock on (rule, household or person),
   * so two concurrent claims cannot both see the cap's room and both take it.
   */
  async lockCap(tx: Db, ruleKey: string, unit: string): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`points-cap:${ruleKey}:${unit}`}))`);
  }

  /** Points of a rule claimed (not rejected or voided) in the day, month and year of `at`, by the household (or the person without one). */
  async capUse(tx: Db, ruleKey: string, who: { householdId: string | null; beneficiaryId: string }, at: Date): Promise<CapUse> {
    const s = periodStarts(at);
    const unit = who.householdId ? eq(pointsClaims.householdId, who.householdId) : and(eq(pointsClaims.beneficiaryId, who.beneficiaryId), sql`${pointsClaims.householdId} IS NULL`);
    const counted = (from: Date) => sql<string>`coalesce(sum(abs(${pointsClaims.amount})) FILTER (WHERE ${pointsClaims.eventTime} >= ${from.toISOString()}::timestamptz), 0)`;
    const [r] = await tx.select({ day: counted(s.day), month: counted(s.month), year: counted(s.year) }).from(pointsClaims)
      .where(and(eq(pointsClaims.ruleKey, ruleKey), unit, sql`${pointsClaims.status} NOT IN ('rejected', 'voided')`, sql`${pointsClaims.eventTime} >= ${s.year.toISOString()}::timestamptz`));
    return { day: Number(r.day), month: Number(r.month), year: Number(r.year) };
  }

  /** Insert a claim unless its business key exists; the claim holding the key either way. */
  async insertClaim(tx: Db, row: typeof pointsClaims.$inferInsert): Promise<{ claim: ClaimRow; created: boolean }> {
    const [made] = await tx.insert(pointsClaims).values(row).onConflictDoNothing({ target: pointsClaims.businessKey }).returning();
    if (made) return { claim: made, created: true };
    const [held] = await tx.select().from(pointsClaims).where(eq(pointsClaims.businessKey, row.businessKey));
    return { claim: held, created: false };
  }

  async claim(id: string, db: Db = this.p.db): Promise<ClaimRow | undefined> {
    const [r] = await db.select().from(pointsClaims).where(eq(pointsClaims.id, id));
    return r;
  }

  async claimByKey(db: Db, businessKey: string): Promise<ClaimRow | undefined> {
    const [r] = await db.select().from(pointsClaims).where(eq(pointsClaims.businessKey, businessKey));
    return r;
  }

  async claimForUpdate(tx: Db, id: string): Promise<ClaimRow | undefined> {
    const [r] = await tx.select().from(pointsClaims).where(eq(pointsClaims.id, id)).for('update');
    return r;
  }

  async updateClaim(tx: Db, id: string, set: Partial<typeof pointsClaims.$inferInsert>): Promise<ClaimRow> {
    const [r] = await tx.update(pointsClaims).set({ ...set, updatedAt: new Date() }).where(eq(pointsClaims.id, id)).returning();
    return r;
  }

  /** A reviewer's vote, once: false when they had voted already. */
  async insertVote(tx: Db, v: typeof pointsClaimVotes.$inferInsert): Promise<boolean> {
    const r = await tx.insert(pointsClaimVotes).values(v).onConflictDoNothing().returning({ id: pointsClaimVotes.reviewerId });
    return r.length > 0;
  }

  async votes(claimIds: string[], db: Db = this.p.db): Promise<VoteRow[]> {
    return claimIds.length ? db.select().from(pointsClaimVotes).where(inArray(pointsClaimVotes.claimId, claimIds)).orderBy(asc(pointsClaimVotes.createdAt)) : [];
  }

  async insertObjection(tx: Db, o: typeof pointsObjections.$inferInsert): Promise<boolean> {
    const r = await tx.insert(pointsObjections).values(o).onConflictDoNothing().returning({ id: pointsObjections.id });
    return r.length > 0;
  }

  async objections(claimIds: string[], db: Db = this.p.db) {
    return claimIds.length ? db.select().from(pointsObjections).where(inArray(pointsObjections.claimId, claimIds)).orderBy(asc(pointsObjections.createdAt)) : [];
  }

  async listClaims(f: ClaimFilter): Promise<{ items: ClaimRow[]; total: number }> {
    if (!f.scopes.length) return { items: [], total: 0 };
    const conds: SQL[] = [or(...f.scopes.map((s) => like(pointsClaims.regionCode, `${s}%`)))!];
    if (f.statuses?.length) conds.push(inArray(pointsClaims.status, f.statuses));
    if (f.beneficiaryId) conds.push(eq(pointsClaims.beneficiaryId, f.beneficiaryId));
    const where = and(...conds);
    const [items, [{ total }]] = await Promise.all([
      this.p.db.select().from(pointsClaims).where(where).orderBy(desc(pointsClaims.createdAt), desc(pointsClaims.id)).limit(f.limit).offset(f.offset),
      this.p.db.select({ total: sql<number>`count(*)::int` }).from(pointsClaims).where(where),
    ]);
    return { items, total: Number(total) };
  }

  /** Claims on notice whose period has ended (the posting job). */
  async dueForPosting(now: Date, limit = 200): Promise<string[]> {
    const rows = await this.p.db.select({ id: pointsClaims.id }).from(pointsClaims)
      .where(and(eq(pointsClaims.status, 'noticed'), sql`${pointsClaims.noticeUntil} <= ${now.toISOString()}::timestamptz`)).orderBy(asc(pointsClaims.noticeUntil)).limit(limit);
    return rows.map((r) => r.id);
  }

  /** Who may see a claim's photos: the beneficiary, the filer, the village's scoring group, staff of the village. */
  async photoReaders(mediaId: string): Promise<{ regionCodes: string[]; userIds: string[] }> {
    const rows = await this.p.database.raw<{ region_code: string; beneficiary_id: string; filed_by: string | null; scorers: string[] | null }>(`
      SELECT c.region_code, c.beneficiary_id, c.filed_by, (SELECT array_agg(s.user_id::text) FROM points_scorers s WHERE s.region_code = c.region_code) AS scorers
      FROM points_claims c WHERE c.photos @> $1::jsonb AND c.photos <> '[]'::jsonb`, [JSON.stringify([mediaId])], { prepare: true });
    return {
      regionCodes: rows.map((r) => r.region_code),
      userIds: rows.flatMap((r) => [r.beneficiary_id, r.filed_by, ...(r.scorers ?? [])]).filter((x): x is string => !!x),
    };
  }

  /**
   * Each household's (or household-less person's) points earned in [from, to) in a village: posted
   * awards of claims, the rows the 人情分 alert compares with the village median.
   */
  async earnedByHousehold(villageCode: string, from: Date, to: Date): Promise<{ householdId: string; earned: number; claims: number }[]> {
    const rows = await this.p.database.raw<{ unit: string; earned: string; claims: string }>(`
      SELECT coalesce(household_id::text, beneficiary_id::text) AS unit, sum(coalesce(posted_amount, amount)) AS earned, count(*) AS claims
      FROM points_claims WHERE region_code = $1 AND status = 'posted' AND amount > 0 AND event_time >= $2 AND event_time < $3
      GROUP BY 1`, [villageCode, from.toISOString(), to.toISOString()]);
    return rows.map((r) => ({ householdId: r.unit, earned: Number(r.earned), claims: Number(r.claims) }));
  }
  /**
   * A household's residents' accounts summed in ONE statement: what the members can spend now and what
   * they earned in [from, to) — awards less deductions, and the corrections of either (ledger.ts earnedIn).
   */
  async householdTotals(memberIds: string[], from: Date, to: Date): Promise<{ balance: number; spendable: number; earned: number }> {
    if (!memberIds.length) return { balance: 0, spendable: 0, earned: 0 };
    const ids = sql.join(memberIds.map((id) => sql`${id}::uuid`), sql`, `);
    const [r] = await this.p.database.query<{ balance: string | null; spendable: string | null; earned: string | null }>(sql`
      WITH acc AS (SELECT id, credits_posted - debits_posted AS balance, credits_posted - debits_posted - debits_pending AS available FROM points_accounts WHERE ledger = 'resident' AND holder_id IN (${ids}))
      SELECT (SELECT sum(balance) FROM acc) AS balance, (SELECT sum(available) FROM acc) AS spendable, (SELECT sum(CASE
          WHEN t.code = 'award' AND t.credit_account_id IN (SELECT id FROM acc) THEN t.amount
          WHEN t.code = 'deduction' AND t.debit_account_id IN (SELECT id FROM acc) THEN -t.amount
          WHEN t.code = 'correction' AND o.code = 'award' AND t.debit_account_id IN (SELECT id FROM acc) THEN -t.amount
          WHEN t.code = 'correction' AND o.code = 'deduction' AND t.credit_account_id IN (SELECT id FROM acc) THEN t.amount
          ELSE 0 END)
        FROM points_transfers t LEFT JOIN points_transfers o ON o.id = t.reverses_id
        WHERE t.kind IN ('single', 'post') AND t.created_at >= ${from.toISOString()}::timestamptz AND t.created_at < ${to.toISOString()}::timestamptz
          AND (t.debit_account_id IN (SELECT id FROM acc) OR t.credit_account_id IN (SELECT id FROM acc)) AND t.code IN ('award', 'deduction', 'correction')) AS earned`);
    return { balance: Number(r?.balance ?? 0), spendable: Number(r?.spendable ?? 0), earned: Number(r?.earned ?? 0) };
  }
  /** People's claims behind transfers (their hold or their payment): what lines of their history were for. */
  async claimsOfTransfers(beneficiaryIds: string[], ids: string[]): Promise<Pick<ClaimRow, 'pendingTransferId' | 'postedTransferId' | 'source' | 'sourceId'>[]> {
    if (!ids.length || !beneficiaryIds.length) return [];
    // through the beneficiary's index: the transfer ids are not indexed on claims
    return this.p.db.select({ pendingTransferId: pointsClaims.pendingTransferId, postedTransferId: pointsClaims.postedTransferId, source: pointsClaims.source, sourceId: pointsClaims.sourceId })
      .from(pointsClaims).where(and(inArray(pointsClaims.beneficiaryId, beneficiaryIds), or(inArray(pointsClaims.pendingTransferId, ids), inArray(pointsClaims.postedTransferId, ids))));
  }
}
