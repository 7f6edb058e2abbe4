/**
 * Expiry of points (issue 19 item 4), pure: points earned in year Y expire at the end of Y + keepYears
 * (default 1: earned in 2025, gone at the end of 2026), Asia/Shanghai. Lots are FIFO: spending takes the
 * oldest points first. Lots are not stored; they follow from the ledger (see expiry.service.ts): what is
 * left at the end of the cycle of everything earned up to the end of Y is
 *
 *   due(Y) = min( max(0, credits(up to end of Y) − debits(before the expiry moment) − expired(cycles < Y)),
 *                 available now )
 *
 * because, with a balance that never goes below zero, FIFO spending has taken min(credits ≤ Y, debits)
 * from the lots of Y and before. `LotQueue` is the plain model the property test checks this against.
 */
const SHIFT = 8 * 3_600_000;

/** The year (Shanghai) a moment falls in. */
export const yearOf = (t: Date | number) => new Date(new Date(t).getTime() + SHIFT).getUTCFullYear();
/** 1 January of a year, 00:00 Shanghai. */
export const yearStartOf = (year: number) => new Date(Date.UTC(year, 0, 1) - SHIFT);

/** The moment the points earned in `year` expire: the end of year + keepYears. */
export const expiryMoment = (year: number, keepYears = 1) => yearStartOf(year + keepYears + 1);

/** The cycles (years of earning) whose expiry moment has passed at `now`, oldest first, from `firstYear`. */
export function cyclesDue(firstYear: number, now: Date, keepYears = 1): number[] {
  const out: number[] = [];
  for (let y = firstYear; expiryMoment(y, keepYears).getTime() <= now.getTime(); y++) out.push(y);
  return out;
}

/** The cycle whose expiry comes next after `now` (its moment > now). */
export const nextCycle = (now: Date, keepYears = 1) => yearOf(now) - keepYears;

export interface LotSums {
  /** posted credits to the account up to the end of the cycle's year */
  creditsUpTo: number;
  /** posted debits before the expiry moment, not counting expiries */
  debitsBefore: number;
  /** what the expiries of earlier cycles took */
  expiredBefore: number;
  /** what the account can spend now (a cap: a late run never takes more than is there) */
  available: number;
}

/** What expires of a cycle, from the sums (see the file's comment). */
export const dueOf = (s: LotSums) => Math.max(0, Math.min(s.creditsUpTo - s.debitsBefore - s.expiredBefore, s.available));

/** The plain model: a FIFO queue of lots, each (year, amount left). */
export class LotQueue {
  lots: { year: number; left: number }[] = [];
  earn(year: number, amount: number) {
    const last = this.lots.at(-1);
    if (last && last.year === year) last.left += amount;
    else this.lots.push({ year, left: amount });
  }
  get balance() { return this.lots.reduce((s, l) => s + l.left, 0); }
  /** Take from the oldest lots first; refuses (false) more than the balance. */
  spend(amount: number): boolean {
    if (amount > this.balance) return false;
    for (const l of this.lots) {
      const take = Math.min(l.left, amount);
      l.left -= take;
      amount -= take;
    }
    this.lots = this.lots.filter((l) => l.left > 0);
    return true;
  }
  /** Expire what is left of the lots of `year` and before; how much. */
  expire(year: number): number {
    const gone = this.lots.filter((l) => l.year <= year).reduce((s, l) => s + l.left, 0);
    this.lots = this.lots.filter((l) => l.year > year);
    return gone;
  }
}
