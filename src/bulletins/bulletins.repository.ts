/**
 * SQL of the bulletins archive. Who may read a bulletin is decided in SQL: the caller's area covers the
 * bulletin's region (a district leader reads the townships'), or lies inside it (a village's staff read
 * their township's, which ranks their village) — never a neighbour's.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { bulletins } from './bulletins.schema.ts';

export type BulletinRow = typeof bulletins.$inferSelect;
export type NewBulletinRow = typeof bulletins.$inferInsert;

/** The row's columns without the files (lists). */
const META = {
  id: bulletins.id, kind: bulletins.kind, regionCode: bulletins.regionCode, scope: bulletins.scope, periodStart: bulletins.periodStart, periodEnd: bulletins.periodEnd,
  year: bulletins.year, serial: bulletins.serial, number: bulletins.number, title: bulletins.title, contentHash: bulletins.contentHash,
  xlsxSha256: bulletins.xlsxSha256, pdfSha256: bulletins.pdfSha256, generatedAt: bulletins.generatedAt,
  // what a list shows of the content, counted in SQL so a list does not carry every bulletin's tables
  summary: sql<{ red: number; black: number; overdue: number; supervised: number }>`jsonb_build_object(
    'red', (SELECT count(*) FROM jsonb_array_elements(${bulletins.content}->'units') u WHERE u->>'list' = 'red'),
    'black', (SELECT count(*) FROM jsonb_array_elements(${bulletins.content}->'units') u WHERE u->>'list' = 'black'),
    'overdue', (${bulletins.content}->'overdue'->>'total')::int, 'supervised', (${bulletins.content}->'supervised'->>'total')::int)`,
};
export type BulletinMeta = { [K in Exclude<keyof typeof META, 'summary'>]: BulletinRow[K] } & { summary?: { red: number; black: number; overdue: number; supervised: number } };

/** Visible to a caller whose areas (scope prefixes) are these; null: everything (the CLI, the system). */
const visible = (scopes: string[] | null) => {
  if (scopes === null) return sql`true`;
  // drizzle spreads a JS array into separate parameters: an ARRAY[…] of them
  const array = (xs: string[]) => sql`ARRAY[${sql.join(xs.map((x) => sql`${x}`), sql`, `)}]::text[]`;
  return sql`(${bulletins.scope} LIKE ANY(${array(scopes.map((s) => `${s}%`))}) OR EXISTS (SELECT 1 FROM unnest(${array(scopes)}) s WHERE s LIKE ${bulletins.scope} || '%'))`;
};

export async function findByPeriod(db: Db, kind: string, regionCode: string, periodStart: string): Promise<BulletinMeta | null> {
  const [r] = await db.select(META).from(bulletins).where(and(eq(bulletins.kind, kind), eq(bulletins.regionCode, regionCode), eq(bulletins.periodStart, periodStart)));
  return r ?? null;
}

/** Insert unless the period's bulletin exists (two schedulers, or a person and the job, at once): the row that won. */
export async function insertBulletin(db: Db, row: NewBulletinRow): Promise<{ meta: BulletinMeta; created: boolean }> {
  const [r] = await db.insert(bulletins).values(row).onConflictDoNothing().returning(META);
  if (r) return { meta: r, created: true };
  return { meta: (await findByPeriod(db, row.kind, row.regionCode, row.periodStart))!, created: false };
}

export async function listVisible(db: Db, scopes: string[] | null, q: { region?: string; kind?: string; limit: number }): Promise<BulletinMeta[]> {
  return db.select(META).from(bulletins).where(and(
    visible(scopes),
    q.region ? sql`${bulletins.regionCode} = ${q.region}` : undefined,
    q.kind ? eq(bulletins.kind, q.kind) : undefined,
  )).orderBy(sql`${bulletins.periodStart} DESC, ${bulletins.kind}, ${bulletins.regionCode}`).limit(q.limit);
}

/** One bulletin with its content and files, if the caller may read it. */
export async function getVisible(db: Db, scopes: string[] | null, id: string): Promise<BulletinRow | null> {
  const [r] = await db.select().from(bulletins).where(and(eq(bulletins.id, id), visible(scopes)));
  return r ?? null;
}

/** Archive the PDF made later (no Chromium at generation): made once, then served as it is. */
export async function savePdf(db: Db, id: string, pdf: Buffer, pdfSha256: string): Promise<void> {
  await db.update(bulletins).set({ pdf, pdfSha256 }).where(eq(bulletins.id, id));
}
