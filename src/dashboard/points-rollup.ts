/**
 * The 智慧便民 board's points, as a rollup: residents' points earned per day × village × rule and who
 * earned any per month, recomputed from the ledger (the points module's query function) for yesterday and
 * today by a job every minute — transfers never change and are counted by the time the ledger took them,
 * so earlier days stay as they are — and for the last 13 months by `rebuild`. A wall then reads a few
 * hundred small rows instead of scanning the month's ledger on every refresh.
 */
import type { EarnedQueries } from '../points/index.ts';
import type { Platform } from '../platform/context.ts';
import { clearPoints, dumpPoints, monthPoints, pointsEmpty, replaceFrom, type PointsDayRow, type PointsPersonRow } from './points-rollup.repository.ts';
import { shanghaiDay } from './rollup.repository.ts';

export const POINTS_ROLLUP_JOB = 'dashboard.points_rollup';
const DAY = 86_400_000;
/** How far back a rebuild goes: this month and the twelve before. */
const REBUILD_MONTHS = 13;

/** Midnight (Shanghai, UTC+8 all year) starting a day `YYYY-MM-DD`. */
const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`));

export class PointsRollup {
  constructor(private p: Platform, private earned: EarnedQueries) {}

  /** Yesterday and today from the ledger (the job). */
  async refresh(now = new Date()): Promise<{ rows: number }> {
    return this.recompute(shanghaiDay(new Date(now.getTime() - DAY)), now);
  }

  /** Every day of the last 13 months from the ledger. */
  async rebuild(now = new Date()): Promise<{ rows: number }> {
    const first = new Date(dayStart(`${shanghaiDay(now).slice(0, 7)}-01`));
    first.setUTCMonth(first.getUTCMonth() - (REBUILD_MONTHS - 1));
    return this.recompute(shanghaiDay(new Date(first.getTime() + DAY / 2)), now, true);
  }

  /** `clearing`: empty both tables first, in the same transaction (a wall never reads a half-built rollup). */
  private async recompute(fromDay: string, now: Date, clearing = false): Promise<{ rows: number }> {
    const earned = await this.earned.byDayVillageHolderRule(dayStart(fromDay), now);
    const byKey = new Map<string, PointsDayRow>();
    const people = new Map<string, PointsPersonRow>();
    for (const e of earned) {
      const k = `${e.day}|${e.villageCode}|${e.ruleKey}`;
      const row = byKey.get(k) ?? { day: e.day, villageCode: e.villageCode, ruleKey: e.ruleKey, ruleName: e.ruleName, earned: 0 };
      row.earned += e.earned;
      byKey.set(k, row);
      if (e.earned > 0) people.set(`${e.day.slice(0, 7)}|${e.villageCode}|${e.holderId}`, { month: e.day.slice(0, 7), villageCode: e.villageCode, holderId: e.holderId });
    }
    const rows = [...byKey.values()].filter((r) => r.earned !== 0);
    await this.p.tx(async (tx) => {
      if (clearing) await clearPoints(tx);
      await replaceFrom(tx, fromDay, rows, [...people.values()]);
    });
    return { rows: rows.length };
  }

  /** A month's points of an area (the board). */
  month(scope: string, month: string) {
    return monthPoints(this.p.db, scope, month);
  }

  /** Nothing rolled up yet (a database the rollup is new to). */
  isEmpty(): Promise<boolean> {
    return pointsEmpty(this.p.db);
  }

  async dump() {
    return dumpPoints(this.p.db);
  }
}
