/**
 * The credit-loan quota tiers (信用贷), pure: points EARNED in the last 12 months → a quota band. The
 * bank decides the loan; the platform only publishes the band. A table is versioned data per region
 * (the nearest covering region's newest version wins; DEFAULT_TIERS where none is set).
 */

export interface Band {
  /** earned points from which the band applies */
  minPoints: number;
  /** the quota the bank publishes for it, in whole yuan */
  quotaYuan: number;
}

/** Used where no region has a table (version 0): 治村宝积分贷-like steps up to ¥100,000. */
export const DEFAULT_TIERS: readonly Band[] = [
  { minPoints: 100, quotaYuan: 10_000 },
  { minPoints: 300, quotaYuan: 30_000 },
  { minPoints: 500, quotaYuan: 50_000 },
  { minPoints: 1000, quotaYuan: 100_000 },
];

/** Bands sorted ascending; null when not a valid table (empty, a repeated or negative threshold, a quota not rising). */
export function normaliseBands(bands: readonly Band[]): Band[] | null {
  const sorted = [...bands].sort((a, b) => a.minPoints - b.minPoints);
  if (!sorted.length || sorted.length > 20) return null;
  for (let i = 0; i < sorted.length; i++) {
    const b = sorted[i];
    if (!Number.isInteger(b.minPoints) || b.minPoints < 1 || !Number.isInteger(b.quotaYuan) || b.quotaYuan < 1 || b.quotaYuan > 10_000_000) return null;
    if (i > 0 && (b.minPoints === sorted[i - 1].minPoints || b.quotaYuan <= sorted[i - 1].quotaYuan)) return null;
  }
  return sorted;
}

/** The band earned points reach (null below the first) and the next one up (null at the top). */
export function bandFor(bands: readonly Band[], earned: number): { band: Band | null; index: number; next: Band | null } {
  let index = -1;
  bands.forEach((b, i) => { if (earned >= b.minPoints) index = i; });
  return { band: index >= 0 ? bands[index] : null, index, next: bands[index + 1] ?? null };
}

/** Shanghai-time month helpers: "2026-11" → [first instant, first instant of the next month). */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  return { from: new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000), to: new Date(Date.UTC(y, m, 1) - 8 * 3_600_000) };
}

/** The month (YYYY-MM, Shanghai) an instant falls in. */
export function monthOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** The 12 months ending at `to` (exclusive): the window the quota reads. */
export function twelveMonthsBefore(to: Date): Date {
  const s = new Date(to.getTime() + 8 * 3_600_000);
  return new Date(Date.UTC(s.getUTCFullYear() - 1, s.getUTCMonth(), s.getUTCDate(), s.getUTCHours(), s.getUTCMinutes(), s.getUTCSeconds(), s.getUTCMilliseconds()) - 8 * 3_600_000);
}

/** "2025-01-01" (a Shanghai calendar day) → its first instant. */
export function dayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) - 8 * 3_600_000);
}
