/**
 * The command room's day at a glance (the workbench, 首页): today's new and closed cases, what is open,
 * overdue and above the village, and the last 14 days' received and closed — for the caller's area,
 * scope in SQL. Each count is the one the queue's own filters give (`GET /api/cases` with the same
 * state, level and `overdue` filters), so the numbers on the home page and in the queue agree; "today"
 * and the days of the trend are days in Asia/Shanghai, whatever the server's time zone.
 */
import { and, gte, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { OPEN_STATES } from './case-machine.ts';
import { overdueNow } from './cases.repository.ts';
import { cases } from './cases.schema.ts';

export const TREND_DAYS = 14;

export interface CaseSummary {
  /** Reported today (merged duplicates left out). */
  newToday: number;
  closedToday: number;
  /** In any open state (reported … verifying, suspended included). */
  open: number;
  overdue: number;
  /** Open and at the township, district or city. */
  escalated: number;
  /** Oldest day first, TREND_DAYS days ending today. */
  trend: { day: string; received: number; closed: number }[];
}

/** Midnight of the Shanghai day `daysBack` days before `now`'s, as an instant. */
export function shanghaiMidnight(now: Date, daysBack = 0): Date {
  const day = new Date(now.getTime() + 8 * 3_600_000); // Shanghai has no daylight saving: UTC+8 all year
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - daysBack) - 8 * 3_600_000);
}

const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function caseSummary(db: Db, scopes: readonly string[], now = new Date()): Promise<CaseSummary> {
  const today = shanghaiMidnight(now);
  const from = shanghaiMidnight(now, TREND_DAYS - 1);
  const inScope: SQL = scopes.length ? or(...scopes.map((s) => sql`${cases.regionCode} LIKE ${`${s}%`}`))! : sql`false`;
  const open = inArray(cases.state, [...OPEN_STATES]);
  const [[counts], received, closed] = await Promise.all([
    db.select({
      newToday: sql<number>`count(*) FILTER (WHERE ${cases.reportedAt} >= ${today} AND ${cases.state} <> 'MERGED')::int`,
      closedToday: sql<number>`count(*) FILTER (WHERE ${cases.closedAt} >= ${today})::int`,
      open: sql<number>`count(*) FILTER (WHERE ${open})::int`,
      overdue: sql<number>`count(*) FILTER (WHERE ${overdueNow()})::int`,
      escalated: sql<number>`count(*) FILTER (WHERE ${and(open, ne(cases.level, 'village'))})::int`,
    }).from(cases).where(and(inScope, or(gte(cases.reportedAt, today), gte(cases.closedAt, today), open, sql`${cases.lateAt} IS NOT NULL`))),
    db.select({ day: sql<string>`to_char(${cases.reportedAt} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`, n: sql<number>`count(*)::int` })
      .from(cases).where(and(inScope, gte(cases.reportedAt, from), ne(cases.state, 'MERGED'))).groupBy(sql`1`),
    db.select({ day: sql<string>`to_char(${cases.closedAt} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`, n: sql<number>`count(*)::int` })
      .from(cases).where(and(inScope, gte(cases.closedAt, from))).groupBy(sql`1`),
  ]);
  const r = new Map(received.map((x) => [x.day, Number(x.n)]));
  const c = new Map(closed.map((x) => [x.day, Number(x.n)]));
  const trend = Array.from({ length: TREND_DAYS }, (_, i) => {
    const day = shanghaiDay(shanghaiMidnight(now, TREND_DAYS - 1 - i));
    return { day, received: r.get(day) ?? 0, closed: c.get(day) ?? 0 };
  });
  return {
    newToday: Number(counts.newToday), closedToday: Number(counts.closedToday), open: Number(counts.open),
    overdue: Number(counts.overdue), escalated: Number(counts.escalated), trend,
  };
}
