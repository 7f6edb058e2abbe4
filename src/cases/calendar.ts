/**
 * The business calendar for time limits (处置时限): Asia/Shanghai (UTC+8, no daylight saving), working
 * periods of a day (default 08:30–12:00 and 14:00–17:30), Chinese public holidays and adjusted working
 * days (调休) from the maintained chinese-days tables, and overrides set by administrators.
 * Pure: no IO; overrides are passed in.
 */
import chineseDays from 'chinese-days';

const OFFSET_MS = 8 * 3600_000; // Asia/Shanghai
const DAY_MS = 86_400_000;

export type LimitUnit = 'minutes' | 'hours' | 'working_hours' | 'working_days';
export interface TimeLimit {
  value: number;
  unit: LimitUnit;
}

/** Minutes after local midnight. */
export interface Period {
  start: number;
  end: number;
}

export const DEFAULT_PERIODS: Period[] = [
  { start: 8 * 60 + 30, end: 12 * 60 },
  { start: 14 * 60, end: 17 * 60 + 30 },
];

const { isWorkday } = chineseDays as unknown as { isWorkday: (d: string) => boolean };

export class BusinessCalendar {
  constructor(
    private periods: Period[] = DEFAULT_PERIODS,
    /** 'YYYY-MM-DD' → true (working day) / false (day off), overriding the national tables. */
    private overrides: Map<string, boolean> = new Map(),
  ) {}

  /** Local calendar date 'YYYY-MM-DD' of an instant. */
  static localDate(t: Date): string {
    return new Date(t.getTime() + OFFSET_MS).toISOString().slice(0, 10);
  }

  private known = new Map<string, boolean>();

  /** Memoised: deadlines are computed on every dispatch and signature, the tables never change at run time. */
  isWorkingDay(date: string): boolean {
    let v = this.known.get(date);
    if (v === undefined) {
      v = this.overrides.get(date) ?? isWorkday(date);
      this.known.set(date, v);
    }
    return v;
  }

  /** Instant of local midnight of the date containing t. */
  private midnight(t: number): number {
    return Math.floor((t + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
  }

  /** Add working time in minutes, walking through working periods of working days. */
  addWorkingMinutes(start: Date, minutes: number): Date {
    let remaining = minutes;
    let day = this.midnight(start.getTime());
    let t = start.getTime();
    for (let guard = 0; guard < 3660; guard++, day += DAY_MS) {
      if (!this.isWorkingDay(BusinessCalendar.localDate(new Date(day)))) continue;
      for (const p of this.periods) {
        const ps = day + p.start * 60_000;
        const pe = day + p.end * 60_000;
        const from = Math.max(ps, t);
        if (from >= pe) continue;
        const available = (pe - from) / 60_000;
        if (remaining <= available) return new Date(from + remaining * 60_000);
        remaining -= available;
      }
      t = day + DAY_MS;
    }
    throw new Error('no working time within ten years: check the calendar overrides');
  }

  /** The end of the n-th working day after the start date (12345 practice: the start day does not count). */
  addWorkingDays(start: Date, n: number): Date {
    let day = this.midnight(start.getTime());
    let counted = 0;
    for (let guard = 0; guard < 3660 && counted < n; guard++) {
      day += DAY_MS;
      if (this.isWorkingDay(BusinessCalendar.localDate(new Date(day)))) counted++;
    }
    return new Date(day + this.periods[this.periods.length - 1].end * 60_000);
  }

  deadline(start: Date, limit: TimeLimit): Date {
    switch (limit.unit) {
      case 'minutes': return new Date(start.getTime() + limit.value * 60_000);
      case 'hours': return new Date(start.getTime() + limit.value * 3600_000);
      case 'working_hours': return this.addWorkingMinutes(start, limit.value * 60);
      case 'working_days': return this.addWorkingDays(start, limit.value);
    }
  }
}
