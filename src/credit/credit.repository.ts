/** SQL of the credit module's own tables; staff reads filter by scope in SQL (`region_code LIKE`). */
import { and, asc, desc, eq, getTableColumns, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { creditBanks, creditConsents, creditDividendObjections, creditDividends, creditDividendShares, creditExtracts, creditTiers } from './credit.schema.ts';

export type TierRow = typeof creditTiers.$inferSelect;
export type BankRow = typeof creditBanks.$inferSelect;
export type ConsentRow = typeof creditConsents.$inferSelect;
export type ExtractRow = typeof creditExtracts.$inferSelect;
export type DividendRow = typeof creditDividends.$inferSelect;
export type ShareRow = typeof creditDividendShares.$inferSelect;

/** The newest tier table of each covering region code, nearest (longest code) first. */
export async function tiersCovering(db: Db, codes: string[]): Promise<TierRow | undefined> {
  if (!codes.length) return undefined;
  const [row] = await db.select().from(creditTiers).where(inArray(creditTiers.regionCode, codes))
    .orderBy(desc(sql`length(${creditTiers.regionCode})`), desc(creditTiers.version)).limit(1);
  return row;
}

export async function latestTierVersion(db: Db, regionCode: string): Promise<number> {
  const [r] = await db.select({ v: sql<number>`coalesce(max(${creditTiers.version}), 0)::int` }).from(creditTiers).where(eq(creditTiers.regionCode, regionCode));
  return Number(r?.v ?? 0);
}

export async function insertTiers(tx: Db, row: typeof creditTiers.$inferInsert): Promise<TierRow> {
  const [r] = await tx.insert(creditTiers).values(row).returning();
  return r;
}

export async function banks(db: Db): Promise<BankRow[]> {
  return db.select().from(creditBanks).orderBy(asc(creditBanks.code));
}
export async function bank(db: Db, code: string): Promise<BankRow | undefined> {
  const [r] = await db.select().from(creditBanks).where(eq(creditBanks.code, code));
  return r;
}
export async function bankByTokenHash(db: Db, hash: string): Promise<BankRow | undefined> {
  const [r] = await db.select().from(creditBanks).where(eq(creditBanks.tokenHash, hash));
  return r;
}
export async function insertBank(tx: Db, row: typeof creditBanks.$inferInsert): Promise<BankRow> {
  const [r] = await tx.insert(creditBanks).values(row).returning();
  return r;
}

export async function consentsOfHousehold(db: Db, householdId: string): Promise<ConsentRow[]> {
  return db.select().from(creditConsents).where(eq(creditConsents.householdId, householdId)).orderBy(desc(creditConsents.grantedAt));
}
export async function liveConsent(db: Db, householdId: string, bankCode: string): Promise<ConsentRow | undefined> {
  const [r] = await db.select().from(creditConsents).where(and(eq(creditConsents.householdId, householdId), eq(creditConsents.bankCode, bankCode), isNull(creditConsents.withdrawnAt)));
  return r;
}
export async function insertConsent(tx: Db, row: typeof creditConsents.$inferInsert): Promise<ConsentRow> {
  const [r] = await tx.insert(creditConsents).values(row).returning();
  return r;
}
export async function withdrawConsent(tx: Db, id: string, by: string, at: Date): Promise<ConsentRow | undefined> {
  const [r] = await tx.update(creditConsents).set({ withdrawnAt: at, withdrawnBy: by }).where(and(eq(creditConsents.id, id), isNull(creditConsents.withdrawnAt))).returning();
  return r;
}
/** Consents of a bank live now, in a scope: who may appear in an extract (consent is to share now, whatever month is shared). */
export async function consentingHouseholds(db: Db, bankCode: string, scope: string): Promise<Set<string>> {
  const rows = await db.select({ id: creditConsents.householdId }).from(creditConsents)
    .where(and(eq(creditConsents.bankCode, bankCode), isNull(creditConsents.withdrawnAt), sql`${creditConsents.regionCode} LIKE ${`${scope}%`}`));
  return new Set(rows.map((r) => r.id));
}
/** The consents of an area (staff), newest first. */
export async function consentsIn(db: Db, scopes: string[], opts: { region?: string; limit: number; offset: number }): Promise<{ rows: ConsentRow[]; total: number }> {
  const inScope = sql.join(scopes.length ? scopes.map((s) => sql`${creditConsents.regionCode} LIKE ${`${s}%`}`) : [sql`false`], sql` OR `);
  const where = sql`(${inScope}) ${opts.region ? sql`AND ${creditConsents.regionCode} LIKE ${`${opts.region}%`}` : sql``}`;
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(creditConsents).where(where).orderBy(desc(creditConsents.grantedAt), asc(creditConsents.id)).limit(opts.limit).offset(opts.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(creditConsents).where(where),
  ]);
  return { rows, total: Number(n) };
}

export async function extract(db: Db, bankCode: string, regionCode: string, month: string): Promise<ExtractRow | undefined> {
  const [r] = await db.select().from(creditExtracts).where(and(eq(creditExtracts.bankCode, bankCode), eq(creditExtracts.regionCode, regionCode), eq(creditExtracts.month, month)));
  return r;
}
export async function extractById(db: Db, id: string): Promise<ExtractRow | undefined> {
  const [r] = await db.select().from(creditExtracts).where(eq(creditExtracts.id, id));
  return r;
}
export async function extractsOf(db: Db, where: { bankCode?: string; scopes?: string[] }): Promise<Omit<ExtractRow, 'rows'>[]> {
  const conds = [];
  if (where.bankCode) conds.push(eq(creditExtracts.bankCode, where.bankCode));
  if (where.scopes) conds.push(sql`(${sql.join(where.scopes.length ? where.scopes.map((s) => sql`${creditExtracts.regionCode} LIKE ${`${s}%`}`) : [sql`false`], sql` OR `)})`);
  const { rows: _rows, ...cols } = getTableColumns(creditExtracts);
  void _rows;
  return db.select(cols).from(creditExtracts).where(and(...conds)).orderBy(desc(creditExtracts.month), asc(creditExtracts.bankCode)).limit(120);
}
/** Insert unless made meanwhile (one per bank, region, month): the row that stands. */
export async function insertExtract(tx: Db, row: typeof creditExtracts.$inferInsert): Promise<ExtractRow> {
  await tx.insert(creditExtracts).values(row).onConflictDoNothing();
  return (await extract(tx, row.bankCode, row.regionCode, row.month))!;
}

export async function dividend(db: Db, id: string, lock = false): Promise<DividendRow | undefined> {
  const q = db.select().from(creditDividends).where(eq(creditDividends.id, id));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}
export async function dividendsIn(db: Db, scopes: string[], opts: { region?: string; statuses?: string[]; limit: number }): Promise<DividendRow[]> {
  const inScope = sql.join(scopes.length ? scopes.map((s) => sql`${creditDividends.regionCode} LIKE ${`${s}%`}`) : [sql`false`], sql` OR `);
  return db.select().from(creditDividends).where(and(sql`(${inScope})`, opts.region ? sql`${creditDividends.regionCode} LIKE ${`${opts.region}%`}` : undefined, opts.statuses ? inArray(creditDividends.status, opts.statuses) : undefined))
    .orderBy(desc(creditDividends.createdAt), asc(creditDividends.id)).limit(opts.limit);
}
export async function shares(db: Db, dividendId: string): Promise<ShareRow[]> {
  return db.select().from(creditDividendShares).where(eq(creditDividendShares.dividendId, dividendId)).orderBy(desc(creditDividendShares.payoutFen), asc(creditDividendShares.householdId));
}
/** A household's shares in the dividends not withdrawn: what 我的分红 shows. */
export async function sharesOfHousehold(db: Db, householdId: string): Promise<{ share: ShareRow; dividend: DividendRow }[]> {
  return db.select({ share: creditDividendShares, dividend: creditDividends }).from(creditDividendShares)
    .innerJoin(creditDividends, eq(creditDividends.id, creditDividendShares.dividendId))
    .where(and(eq(creditDividendShares.householdId, householdId), ne(creditDividends.status, 'withdrawn'))).orderBy(desc(creditDividends.createdAt));
}
export async function insertDividend(tx: Db, row: typeof creditDividends.$inferInsert, rows: (typeof creditDividendShares.$inferInsert)[]): Promise<void> {
  await tx.insert(creditDividends).values(row);
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(creditDividendShares).values(rows.slice(i, i + 1000));
}
export async function updateDividend(tx: Db, id: string, set: Partial<DividendRow>): Promise<DividendRow> {
  const [r] = await tx.update(creditDividends).set({ ...set, updatedAt: new Date() }).where(eq(creditDividends.id, id)).returning();
  return r;
}
export async function objections(db: Db, dividendId: string) {
  return db.select().from(creditDividendObjections).where(eq(creditDividendObjections.dividendId, dividendId)).orderBy(asc(creditDividendObjections.createdAt));
}
export async function insertObjection(tx: Db, row: typeof creditDividendObjections.$inferInsert): Promise<boolean> {
  const r = await tx.insert(creditDividendObjections).values(row).onConflictDoNothing().returning({ id: creditDividendObjections.id });
  return r.length > 0;
}
/** Dividends whose notice ended without an open objection. */
export async function dueDividends(db: Db, now: Date): Promise<string[]> {
  const rows = await db.select({ id: creditDividends.id }).from(creditDividends).where(and(eq(creditDividends.status, 'noticed'), sql`${creditDividends.noticeUntil} <= ${now.toISOString()}::timestamptz`)).limit(200);
  return rows.map((r) => r.id);
}
