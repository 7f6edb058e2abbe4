/**
 * The area indices' formulas (柯城 邻礼通, issue 17), pure: what a version weighs and how a breakdown
 * becomes a score. Three kinds beside the member index:
 * - 网格服务力 (`grid`) and 物业服务力 (`property`): out of 100,
 *     satisfaction part = 100 × satisfactionWeight × (满意 + basicallyCredit × 基本满意) / ratings
 *     on-time part      = 100 × onTimeWeight × closed on time / closed
 *   A part without data (no rating, nothing closed) hands its weight to the other; with neither there
 *   is no score (the unit is listed last, "no data yet"). Rounded to one decimal.
 * - 机关党组织小区服务力 (`organisation`): whole points,
 *     services × perService + solved × perSolved + households served × perHousehold.
 */
export const AREA_KINDS = ['grid', 'property', 'organisation'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

export interface RatingFormula {
  /** share of the score from the residents' ratings (0–1; with onTimeWeight it makes 1) */
  satisfactionWeight: number;
  /** share from the on-time rate of the closings (0–1) */
  onTimeWeight: number;
  /** how much a 基本满意 counts beside a 满意 (0–1) */
  basicallyCredit: number;
}

export interface OrganisationFormula {
  perService: number;
  perSolved: number;
  perHousehold: number;
}

export type AreaFormula = RatingFormula | OrganisationFormula;

/** Version 1 of each kind, everywhere (the migration writes the same). */
export const DEFAULT_AREA_FORMULAS: { grid: RatingFormula; property: RatingFormula; organisation: OrganisationFormula } = {
  grid: { satisfactionWeight: 0.6, onTimeWeight: 0.4, basicallyCredit: 0.8 },
  property: { satisfactionWeight: 0.6, onTimeWeight: 0.4, basicallyCredit: 0.8 },
  organisation: { perService: 1, perSolved: 5, perHousehold: 0 },
};

export interface RatingCounts {
  ratings: number;
  satisfied: number;
  basicallySatisfied: number;
  closed: number;
  closedOnTime: number;
}

export interface OrganisationCounts {
  services: number;
  solved: number;
  households: number;
}

/** The two parts and the score of a grid or a property company (null: no data). */
export function ratingScore(f: RatingFormula, c: RatingCounts): { satisfactionPart: number | null; onTimePart: number | null; score: number | null } {
  const satisfaction = c.ratings > 0 ? (c.satisfied + f.basicallyCredit * c.basicallySatisfied) / c.ratings : null;
  const onTime = c.closed > 0 ? c.closedOnTime / c.closed : null;
  const total = (satisfaction === null ? 0 : f.satisfactionWeight) + (onTime === null ? 0 : f.onTimeWeight);
  if (total === 0) return { satisfactionPart: satisfaction === null ? null : 0, onTimePart: onTime === null ? null : 0, score: satisfaction === null && onTime === null ? null : 0 };
  // the weights of the parts that have data, made to sum to 1
  const sp = satisfaction === null ? null : round1((100 * f.satisfactionWeight * satisfaction) / total);
  const op = onTime === null ? null : round1((100 * f.onTimeWeight * onTime) / total);
  return { satisfactionPart: sp, onTimePart: op, score: round1((sp ?? 0) + (op ?? 0)) };
}

export function organisationScore(f: OrganisationFormula, c: OrganisationCounts): number {
  return c.services * f.perService + c.solved * f.perSolved + c.households * f.perHousehold;
}

/** Whether the two weights of a rating formula make a whole (a tolerance for decimals typed by hand). */
export const weightsWhole = (f: RatingFormula) => Math.abs(f.satisfactionWeight + f.onTimeWeight - 1) < 1e-9;

const round1 = (x: number) => Math.round(x * 10) / 10;
