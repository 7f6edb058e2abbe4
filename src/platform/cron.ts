/**
 * A five-field cron (`minute hour day-of-month month day-of-week`) read on Asia/Shanghai wall-clock time
 * (UTC+8 all year, no daylight saving, so a fixed shift is exact). Our own 30 lines instead of a library:
 * the scheduler needs `next(after)` and nothing else.
 *
 * Each field takes `*`, `n`, `a-b`, a step after any of these (`a-b/s`; `a/s` runs from a to the
 * field's end; a star with a step is every s-th value) and comma lists of these; day-of-week is 0–7 with 0 and 7 both Sunday. As in Vixie cron, when both day fields are
 * restricted (neither starts with `*`) a day matches either of them; otherwise both must match.
 */

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const MINUTE = 60_000;

export interface CronSpec {
  source: string;
  /** The allowed values of each field, as lookup tables indexed by the value. */
  minute: boolean[];
  hour: boolean[];
  dom: boolean[];
  month: boolean[];
  /** 0–6, Sunday = 0 (a 7 in the expression is folded onto 0). */
  dow: boolean[];
  domStar: boolean;
  dowStar: boolean;
}

const FIELDS = [
  { key: 'minute', min: 0, max: 59 },
  { key: 'hour', min: 0, max: 23 },
  { key: 'dom', min: 1, max: 31 },
  { key: 'month', min: 1, max: 12 },
  { key: 'dow', min: 0, max: 7 },
] as const;

function parseField(text: string, min: number, max: number, what: string): boolean[] {
  const allowed = new Array<boolean>(max + 1).fill(false);
  const int = (s: string) => {
    if (!/^\d+$/.test(s)) throw new Error(`cron ${what}: "${s}" is not a number`);
    const n = Number(s);
    if (n < min || n > max) throw new Error(`cron ${what}: ${n} is outside ${min}–${max}`);
    return n;
  };
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined || range === '') throw new Error(`cron ${what}: cannot read "${part}"`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || !/^\d+$/.test(stepText ?? '1')) throw new Error(`cron ${what}: bad step in "${part}"`);
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [min, max];
    else if (range.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined) throw new Error(`cron ${what}: cannot read "${part}"`);
      [lo, hi] = [int(a), int(b)];
      if (lo > hi) throw new Error(`cron ${what}: ${lo}-${hi} runs backwards`);
    } else [lo, hi] = [int(range), stepText === undefined ? int(range) : max];
    for (let v = lo; v <= hi; v += step) allowed[v] = true;
  }
  return allowed;
}

export function parseCron(expr: string): CronSpec {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron "${expr}": expected 5 fields (minute hour day month weekday), got ${parts.length}`);
  const [minute, hour, dom, month, dowRaw] = FIELDS.map((f, i) => parseField(parts[i], f.min, f.max, `${f.key} in "${expr}"`));
  const dow = dowRaw.slice(0, 7);
  if (dowRaw[7]) dow[0] = true;
  const spec: CronSpec = { source: expr, minute, hour, dom, month, dow, domStar: parts[2].startsWith('*'), dowStar: parts[4].startsWith('*') };
  // an expression that never fires (30 February) is refused now rather than silently never run
  nextCronRun(spec, new Date(0));
  return spec;
}

function dayMatches(c: CronSpec, d: Date): boolean {
  const dom = c.dom[d.getUTCDate()];
  const dow = c.dow[d.getUTCDay()];
  if (c.domStar || c.dowStar) return dom && dow;
  return dom || dow;
}

/**
 * The earliest whole minute strictly after `after` that the expression matches, on Shanghai time.
 * Walks months, days, hours and minutes, skipping whole units that cannot match (a few thousand steps
 * at worst); gives up after 50 years, which even "29 February on a Monday" never needs.
 */
export function nextCronRun(c: CronSpec, after: Date): Date {
  // shifted so that the UTC getters read Shanghai wall-clock time
  const d = new Date(Math.floor((after.getTime() + SHANGHAI_OFFSET_MS) / MINUTE) * MINUTE + MINUTE);
  const limit = d.getTime() + 50 * 366 * 86_400_000;
  while (d.getTime() <= limit) {
    if (!c.month[d.getUTCMonth() + 1]) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(c, d)) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0, 0, 0);
    } else if (!c.hour[d.getUTCHours()]) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
    } else if (!c.minute[d.getUTCMinutes()]) {
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
    } else {
      return new Date(d.getTime() - SHANGHAI_OFFSET_MS);
    }
  }
  throw new Error(`cron "${c.source}" never fires`);
}
