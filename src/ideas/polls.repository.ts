/** The polls' SQL: the poll, its voter roll, its anonymous ballots and its paper batches (this module's tables only). */
import { and, desc, eq, inArray, isNull, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import type { Area } from './ideas.repository.ts';
import { pollBallots, pollPaperBatches, polls, pollVoters } from './ideas.schema.ts';

export type PollRow = typeof polls.$inferSelect;
export type BatchRow = typeof pollPaperBatches.$inferSelect;
export { pollBallots, pollPaperBatches, polls, pollVoters };

const inArea = (a: Area) => ('codes' in a ? inArray(polls.regionCode, a.codes) : sql`${polls.regionCode} LIKE ${`${a.prefix}%`}`);

/** The poll row, locked FOR SHARE by a ballot (many at once) or FOR UPDATE by the close (alone). */
export async function poll(db: Db, id: string, lock?: 'share' | 'update'): Promise<PollRow | undefined> {
  const q = db.select().from(polls).where(eq(polls.id, id));
  const [row] = lock === 'update' ? await q.for('update') : lock === 'share' ? await q.for('share') : await q;
  return row;
}

export async function list(db: Db, area: Area, limit: number): Promise<PollRow[]> {
  return db.select().from(polls).where(inArea(area)).orderBy(sql`${polls.closedAt} IS NOT NULL`, desc(polls.closesAt), desc(polls.id)).limit(limit);
}

/** Voters so far per poll: the roll (phone) and the agreed paper ballots. */
export async function voterCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const [roll, paper] = await Promise.all([
    db.select({ id: pollVoters.pollId, n: sql<number>`count(*)::int` }).from(pollVoters).where(inArray(pollVoters.pollId, ids)).groupBy(pollVoters.pollId),
    db.select({ id: pollPaperBatches.pollId, n: sql<number>`coalesce(sum(${pollPaperBatches.ballots}), 0)::int` }).from(pollPaperBatches)
      .where(and(inArray(pollPaperBatches.pollId, ids), isNotNull(pollPaperBatches.agreedAt))).groupBy(pollPaperBatches.pollId),
  ]);
  const out = new Map<string, number>();
  for (const r of [...roll, ...paper]) out.set(r.id, (out.get(r.id) ?? 0) + Number(r.n));
  return out;
}

export async function votedBy(db: Db, ids: string[], keys: string[]): Promise<Set<string>> {
  if (!ids.length || !keys.length) return new Set();
  const rows = await db.select({ id: pollVoters.pollId }).from(pollVoters).where(and(inArray(pollVoters.pollId, ids), inArray(pollVoters.voterKey, keys)));
  return new Set(rows.map((r) => r.id));
}

/** The voter roll of a poll: who (the key and the person who cast it), never the ballots. */
export async function roll(db: Db, pollId: string): Promise<{ voterKey: string; userId: string }[]> {
  return db.select({ voterKey: pollVoters.voterKey, userId: pollVoters.userId }).from(pollVoters).where(eq(pollVoters.pollId, pollId));
}

export async function batches(db: Db, pollId: string): Promise<BatchRow[]> {
  return db.select().from(pollPaperBatches).where(eq(pollPaperBatches.pollId, pollId)).orderBy(pollPaperBatches.enteredAt, pollPaperBatches.label);
}

export async function batch(db: Db, pollId: string, label: string): Promise<BatchRow | undefined> {
  const [row] = await db.select().from(pollPaperBatches).where(and(eq(pollPaperBatches.pollId, pollId), eq(pollPaperBatches.label, label))).for('update');
  return row;
}

/** The count at close: phone ballots per option (unnest of the chosen indexes) plus the agreed paper counts. */
export async function tally(db: Db, pollId: string, options: number): Promise<{ counts: number[]; voters: number }> {
  const counts = new Array<number>(options).fill(0);
  const rows = await db.execute(sql`SELECT c AS option, count(*)::int AS n FROM poll_ballots b, unnest(b.choices) AS c WHERE b.poll_id = ${pollId} GROUP BY c`) as unknown as { rows: { option: number; n: number }[] };
  for (const r of rows.rows) counts[Number(r.option)] += Number(r.n);
  const agreed = await db.select().from(pollPaperBatches).where(and(eq(pollPaperBatches.pollId, pollId), isNotNull(pollPaperBatches.agreedAt)));
  for (const b of agreed) b.counts.forEach((n, i) => { counts[i] += n; });
  const voters = (await voterCounts(db, [pollId])).get(pollId) ?? 0;
  return { counts, voters };
}

export async function due(db: Db, now: Date): Promise<PollRow[]> {
  return db.select().from(polls).where(and(isNull(polls.closedAt), lt(polls.closesAt, now))).limit(100);
}

export const pollById = (id: string) => eq(polls.id, id);
export const batchById = (id: string) => eq(pollPaperBatches.id, id);
