/** The party index's periods: the platform's Shanghai weeks, months and years (platform/periods.ts). */
import { PERIOD_KINDS, periodOf, type Period } from '../platform/periods.ts';

export { PERIOD_KINDS, periodNamed, periodOf, type Period, type PeriodKind } from '../platform/periods.ts';

/** The week, month and year `t` falls in: what one review or register change recomputes. */
export const periodsAt = (t: Date): Period[] => PERIOD_KINDS.map((k) => periodOf(k, t));
