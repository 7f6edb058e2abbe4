/** SQL of the points rollup (dashboard.schema.ts `dashboardPointsRollup`, `dashboardPointsPeople`). */
import type { Db } from '../platform/db/index.ts';
import { sql } from 'drizzle-orm';
import { dashboardPointsPeople, dashboardPointsRollup } from './dashboard.schema.ts';

export interface PointsDayRow { day: string; villageCode: string; ruleKey: string; ruleName: string; earned: number }
export interface PointsPersonRow { month: string; villageCode: string; holderId: string }

const PAGE = 1000;

/** Replace the rollup's days from `fromDay` on with `rows`, and add the people (a person once per month and village). */
export async function replaceFrom(tx: Db, fromDay: string, rows: PointsDayRow[], people: PointsPersonRow[]): Promise<void> {
  await tx.delete(dashboardPointsRollup).where(sql`${dashboardPointsRollup.day} >= ${fromDay}`);
  for (let i = 0; i < rows.length; i += PAGE) await tx.insert(dashboardPointsRollup).values(rows.slice(i, i + PAGE));
  for (let i = 0; i < people.length; i += PAGE) await tx.insert(dashboardPointsPeople).values(people.slice(i, i + PAGE)).onConflictDoNothing();
}

export async function pointsEmpty(db: Db): Promise<boolean> {
  return (await db.select({ one: sql`1` }).from(dashboardPointsRollup).limit(1)).length === 0;
}

export async function clearPoints(tx: Db): Promise<void> {
  await tx.delete(dashboardPointsRollup);
  await tx.delete(dashboardPointsPeople);
}

/** A month's points of an area by rule name, and how many residents earned any. */
export async function monthPoints(db: Db, scope: string, month: string): Promise<{ byRule: { rule: string; points: number }[]; people: number }> {
  const from = `${month}-01`;
  const byRule = await db.select({ rule: dashboardPointsRollup.ruleName, points: sql<string>`sum(${dashboardPointsRollup.earned})` })
    .from(dashboardPointsRollup)
    .where(sql`${dashboardPointsRollup.villageCode} LIKE ${`${scope}%`} AND ${dashboardPointsRollup.day} >= ${from}::date AND ${dashboardPointsRollup.day} < (${from}::date + interval '1 month')`)
    .groupBy(dashboardPointsRollup.ruleName);
  const [people] = await db.select({ n: sql<number>`count(*)::int` }).from(dashboardPointsPeople)
    .where(sql`${dashboardPointsPeople.month} = ${month} AND ${dashboardPointsPeople.villageCode} LIKE ${`${scope}%`}`);
  return { byRule: byRule.map((r) => ({ rule: r.rule, points: Number(r.points) })), people: people?.n ?? 0 };
}

/** The rollup in full (tests compare the job's result with a rebuild). */
export async function dumpPoints(db: Db) {
  const rows = await db.select().from(dashboardPointsRollup).orderBy(dashboardPointsRollup.day, dashboardPointsRollup.villageCode, dashboardPointsRollup.ruleKey);
  const people = await db.select().from(dashboardPointsPeople).orderBy(dashboardPointsPeople.month, dashboardPointsPeople.villageCode, dashboardPointsPeople.holderId);
  return { rows, people };
}
