/**
 * Reporting periods, pure: a week (Monday to Sunday), a month, a year, in Asia/Shanghai (UTC+8 all
 * year, so a fixed shift is exact). A period is named by its kind and its first day ('2026-12-01') and
 * covers [from, to) in UTC. The party index and the points rankings count by the same periods.
 */
export const PERIOD_KINDS = ['week', 'month', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** the first day, local (YYYY-MM-DD) */
  start: string;
  from: Date;
  to: Date;
}

const SHIFT = 8 * 3_600_000;
const DAY = 86_400_000;
const ymd = (utcMidnight: number) => new Date(utcMidnight).toISOString().slice(0, 10);

/** The period of a kind that `t` falls in. */
export function periodOf(kind: PeriodKind, t: Date): Period {
  const local = new Date(t.getTime() + SHIFT);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  let start: number;
  let end: number;
  if (kind === 'week') {
    start = Date.UTC(y, m, local.getUTCDate()) - ((local.getUTCDay() + 6) % 7) * DAY;
    end = start + 7 * DAY;
  } else if (kind === 'month') {
    start = Date.UTC(y, m, 1);
    end = Date.UTC(y, m + 1, 1);
  } else {
    start = Date.UTC(y, 0, 1);
    end = Date.UTC(y + 1, 0, 1);
  }
  return { kind, start: ymd(start), from: new Date(start - SHIFT), to: new Date(end - SHIFT) };
}

/** The period a kind and a first day name; null when the day is not the first day of such a period. */
export function periodNamed(kind: PeriodKind, start: string): Period | null {
  const t = Date.parse(`${start}T00:00:00+08:00`);
  if (Number.isNaN(t)) return null;
  const p = periodOf(kind, new Date(t));
  return p.start === start ? p : null;
}

