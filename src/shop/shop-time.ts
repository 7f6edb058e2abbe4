/** The shop's calendar: China's time (UTC+8, no daylight saving) for exchange days, limit periods and months. */
import type { LimitPeriod } from './shop.schema.ts';

const OFFSET = 8 * 3_600_000;
const local = (d: Date) => new Date(d.getTime() + OFFSET);
const utcOf = (y: number, m: number, day: number) => new Date(Date.UTC(y, m, day) - OFFSET);

/** The day of the month in China (an exchange day "每月 15 日" is the 15th there, wherever the server is). */
export const dayOfMonth = (now: Date) => local(now).getUTCDate();

/** Where the period that `now` falls in began: Monday 00:00, the 1st of the month, 1 January — China's time. */
export function periodStart(period: LimitPeriod, now: Date): Date {
  const l = local(now);
  const [y, m, d] = [l.getUTCFullYear(), l.getUTCMonth(), l.getUTCDate()];
  if (period === 'year') return utcOf(y, 0, 1);
  if (period === 'month') return utcOf(y, m, 1);
  return utcOf(y, m, d - ((l.getUTCDay() + 6) % 7));
}

/** A month "2026-11" as [its first instant, the next month's first instant), China's time; null when not a month. */
export function monthRange(month: string): [Date, Date] | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2]) - 1];
  return [utcOf(y, mo, 1), utcOf(y, mo + 1, 1)];
}

/** The month `now` falls in, "2026-12". */
export const monthOf = (now: Date) => local(now).toISOString().slice(0, 7);

export const PERIOD_ZH: Record<LimitPeriod, string> = { week: '周', month: '月', year: '年' };
