/** The ideas' SQL, on this module's tables only; the area is cut in SQL (region codes or code prefixes). */
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { ANSWER_DAYS } from './idea-machine.ts';
import { ideaMilestones, ideaOfficers, ideas, ideaSupports } from './ideas.schema.ts';

export type IdeaRow = typeof ideas.$inferSelect;
export { ideaMilestones, ideaOfficers, ideas, ideaSupports };

/** Where an area's ideas are: exact codes (a villager's village and township) or a staff prefix. */
export type Area = { codes: string[] } | { prefix: string };
const inArea = (a: Area): SQL => ('codes' in a ? inArray(ideas.regionCode, a.codes) : sql`${ideas.regionCode} LIKE ${`${a.prefix}%`}`);

export async function idea(db: Db, id: string, lock = false): Promise<IdeaRow | undefined> {
  const q = db.select().from(ideas).where(eq(ideas.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function ideasByIds(db: Db, ids: string[]): Promise<IdeaRow[]> {
  return ids.length ? db.select().from(ideas).where(inArray(ideas.id, ids)) : [];
}

export async function list(db: Db, area: Area, q: { state?: string; overdue?: boolean; proposerId?: string; limit: number; offset: number }): Promise<{ rows: IdeaRow[]; total: number }> {
  const where = and(inArea(area), q.state ? eq(ideas.state, q.state) : undefined, q.overdue ? sql`${ideas.overdueSince} IS NOT NULL AND ${ideas.state} = 'under_review'` : undefined,
    q.proposerId ? eq(ideas.proposerId, q.proposerId) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    // what waits for the village first (review, by due date), then the newest
    db.select().from(ideas).where(where)
      .orderBy(sql`CASE ${ideas.state} WHEN 'under_review' THEN 0 WHEN 'collecting' THEN 1 WHEN 'adopted' THEN 2 ELSE 3 END`, asc(sql`${ideas.answerDue}`), desc(ideas.createdAt), desc(ideas.id))
      .limit(q.limit).offset(q.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(ideas).where(where),
  ]);
  return { rows, total: Number(total) };
}

/**
 * The similar-idea hint: the area's ideas in whose title and body the typed text nearly appears, best
 * first. Both sides are two-character words (search-text.ts: pg_trgm needs word boundaries that Chinese
 * does not write), compared with word_similarity; the threshold is this transaction's own (0.4:
 * "路灯坏了" finds "上余自然村路灯晚上不亮 … 路灯坏了快两个月" at 1.0, "美术馆引导牌" the museum's sign at
 * 0.57, "修桥" nothing).
 *
 * Bounded by the GiST trigram index (migration 0046): `<->>` is 1 − word_similarity, so the inner query
 * walks the index nearest first and stops after RANK_WINDOW rows that pass `<%` and the area, instead of
 * scoring every candidate (hundreds in a busy village). The outer query puts equal scores newest first,
 * as before; the window is wider than the answer so that ties near the top still pick the newest ones.
 */
const RANK_WINDOW = 50;
export async function similar(db: Db, area: Area, words: string, limit: number, threshold = 0.4): Promise<{ id: string; title: string; state: string; similarity: number }[]> {
  await db.execute(sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(threshold)}, true)`);
  const nearest = db.select({ id: ideas.id, title: ideas.title, state: ideas.state, createdAt: ideas.createdAt, similarity: sql<number>`(1 - (${ideas.searchText} <->> ${words}))::float8`.as('similarity') })
    .from(ideas)
    .where(and(inArea(area), sql`${words} <% ${ideas.searchText}`))
    .orderBy(sql`${ideas.searchText} <->> ${words}`)
    .limit(Math.max(limit, RANK_WINDOW))
    .as('nearest');
  return db.select({ id: nearest.id, title: nearest.title, state: nearest.state, similarity: nearest.similarity })
    .from(nearest)
    .orderBy(desc(nearest.similarity), desc(nearest.createdAt))
    .limit(limit);
}

/** Which of these ideas the voter keys (a person, their household) already support. */
export async function supportedBy(db: Db, ideaIds: string[], keys: string[]): Promise<Set<string>> {
  if (!ideaIds.length || !keys.length) return new Set();
  const rows = await db.select({ id: ideaSupports.ideaId }).from(ideaSupports).where(and(inArray(ideaSupports.ideaId, ideaIds), inArray(ideaSupports.voterKey, keys)));
  return new Set(rows.map((r) => r.id));
}

export async function supporters(db: Db, ideaId: string): Promise<string[]> {
  return (await db.select({ id: ideaSupports.supporterId }).from(ideaSupports).where(eq(ideaSupports.ideaId, ideaId)).orderBy(ideaSupports.createdAt)).map((r) => r.id);
}

export async function milestones(db: Db, ideaId: string) {
  return db.select().from(ideaMilestones).where(eq(ideaMilestones.ideaId, ideaId)).orderBy(asc(ideaMilestones.createdAt), asc(ideaMilestones.progress));
}

export async function officers(db: Db, ideaId: string) {
  return db.select().from(ideaOfficers).where(eq(ideaOfficers.ideaId, ideaId)).orderBy(ideaOfficers.namedAt, ideaOfficers.userId);
}

/** Ideas whose support deadline passed below the threshold go to review with an answer due (the sweep). */
export async function reviewExpired(db: Db, now: Date): Promise<number> {
  const r = await db.update(ideas).set({
    state: 'under_review', reviewSince: now, updatedAt: now,
    answerDue: sql`${ideas.supportDeadline} + make_interval(days => ${ANSWER_DAYS})`,
  }).where(and(eq(ideas.state, 'collecting'), lt(ideas.supportDeadline, now))).returning({ id: ideas.id });
  return r.length;
}

/** Answers now late are flagged for the staff's overdue list (once: the flag keeps when it became late). */
export async function flagOverdue(db: Db, now: Date): Promise<{ id: string; regionCode: string }[]> {
  return db.update(ideas).set({ overdueSince: now })
    .where(and(eq(ideas.state, 'under_review'), lt(ideas.answerDue, now), sql`${ideas.overdueSince} IS NULL`))
    .returning({ id: ideas.id, regionCode: ideas.regionCode });
}

/** The outcome figure of an area: how many ideas, how many still collecting, in review, answered, late. */
export async function outcomeFigures(db: Db, area: Area, now: Date) {
  const [r] = await db.select({
    total: sql<number>`count(*)::int`,
    collecting: sql<number>`count(*) FILTER (WHERE ${ideas.state} = 'collecting')::int`,
    underReview: sql<number>`count(*) FILTER (WHERE ${ideas.state} = 'under_review')::int`,
    answered: sql<number>`count(*) FILTER (WHERE ${ideas.outcome} IS NOT NULL)::int`,
    overdue: sql<number>`count(*) FILTER (WHERE ${ideas.state} = 'under_review' AND ${ideas.answerDue} < ${now.toISOString()}::timestamptz)::int`,
  }).from(ideas).where(inArea(area));
  return { total: Number(r.total), collecting: Number(r.collecting), underReview: Number(r.underReview), answered: Number(r.answered), overdue: Number(r.overdue) };
}

export async function overdueIdeas(db: Db, area: Area, now: Date, limit = 100): Promise<IdeaRow[]> {
  return db.select().from(ideas).where(and(inArea(area), eq(ideas.state, 'under_review'), lt(ideas.answerDue, now))).orderBy(asc(ideas.answerDue)).limit(limit);
}

export async function ideasWithPhoto(db: Db, mediaId: string): Promise<{ regionCode: string }[]> {
  return db.select({ regionCode: ideas.regionCode }).from(ideas).where(sql`${mediaId} = ANY(${ideas.photoMediaIds})`);
}

export const byId = (id: string) => eq(ideas.id, id);
export const officerUnrated = (ideaId: string, userId: string) => and(eq(ideaOfficers.ideaId, ideaId), eq(ideaOfficers.userId, userId), sql`${ideaOfficers.ratedAt} IS NULL`);
