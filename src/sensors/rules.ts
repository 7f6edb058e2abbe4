/**
 * The rule engine for monitored assets (DOMAIN.md §3), pure and in memory: readings of one device go in
 * in timestamp order, alarm decisions come out. Per (device, key) it keeps a few numbers (last value and
 * time, the streak, a pending odd value, a rain window, a running mean and variance), well under 2 KB a
 * device. What it checks is data (`RuleConfig`, per device kind with overrides per asset and device,
 * versioned in `rule-sets.ts`):
 *
 * - Tiered thresholds: a water level ≥ 汛限 (flood-limit of the season) → warning, ≥ design flood →
 *   major, ≥ check flood or rising faster than `riseCriticalPerH` → critical; other kinds (seepage
 *   pressure, displacement, settlement…) have absolute `thresholds`. A level must hold for `inARow`
 *   readings *and* `holdMinutes` ("lasts N minutes") before it raises (or raises further); it clears only
 *   below the threshold minus `hysteresis`, held as long.
 * - A single odd value (a jump larger than `jump` from the last) is held back and re-measured: the next
 *   reading confirms it or it is dropped as noise. A confirmed change larger than `suddenChange` is its
 *   own alarm (seepage sudden change).
 * - A statistical band from the device's own history: an exponentially weighted mean and variance; once
 *   `bandMinSamples` readings are known, a value more than `bandSigma` standard deviations away raises
 *   `out_of_band`, cleared when `inARow` readings are back inside — or, when the values stay out for
 *   `bandMinSamples` readings, accepted as the new normal and learnt afresh.
 * - Rainfall: the sum over `rainWindowMin` minutes ≥ `rainWarnMm` → warning (cleared below half of it).
 * - A value outside the device's physical range is a sensor fault: its own alarm, never a dam alarm.
 * - The rate of rise is a least-squares slope over the last `riseWindowMin` minutes, never one step: a
 *   noisy gauge (±0.35 m a minute around 汛限) made a single-step rate critical thousands of times. The
 *   slope counts only with `riseMinPoints` readings spanning at least half the window and a fit that
 *   explains the readings (r² ≥ `riseMinR2`): a real rise is steady, jitter is not.
 */
import { riseRate } from './rise-rate.ts';

export { riseRate };

export type Severity = 'warning' | 'major' | 'critical';
export const SEVERITIES: Severity[] = ['warning', 'major', 'critical'];
export type AlarmType = 'water_level' | 'threshold' | 'sudden_change' | 'out_of_band' | 'rainfall' | 'sensor_fault';

export interface Levels {
  floodLimit: number | null;
  design: number | null;
  check: number | null;
}

export interface Thresholds {
  warning: number | null;
  major: number | null;
  critical: number | null;
}

export interface RuleConfig {
  /** Readings in a row a new severity (or a clear) must hold. */
  inARow: number;
  /** Minutes a new severity (or a clear) must hold as well ("lasts N minutes"); 0 = readings only. */
  holdMinutes: number;
  /** Clearing needs the value this far below the active threshold (the unit of the device). */
  hysteresis: number;
  /** A change larger than this between two readings is re-measured before it counts; null = off. */
  jump: number | null;
  /** Water level only: rising faster than this (m/h) above the flood limit is critical at once. */
  riseCriticalPerH: number | null;
  /** The rise rate is the regression slope over this many minutes of readings. */
  riseWindowMin: number;
  /** …of at least this many readings (spanning at least half the window). */
  riseMinPoints: number;
  /** …whose straight line explains at least this share of their variance (0…1). */
  riseMinR2: number;
  /** Cases (alarm-cases.ts): an alarm raised again within this many minutes of its episode's last clear joins its open case. */
  reraiseWindowMin: number;
  /** Cases: beyond this many new alarm cases in a township within an hour, further ones join one supervising case. */
  stormCasesPerHour: number;
  /** Absolute thresholds for kinds other than water level (the reservoir's levels are used there). */
  thresholds: Thresholds | null;
  /** A confirmed change larger than this between two readings raises `sudden_change`; null = off. */
  suddenChange: number | null;
  /** Standard deviations from the device's own running mean that raise `out_of_band`; null = off. */
  bandSigma: number | null;
  bandMinSamples: number;
  /** Weight of a new reading in the running mean and variance (0…1). */
  bandAlpha: number;
  rainWindowMin: number;
  rainWarnMm: number;
}

const BASE: RuleConfig = {
  inARow: 2, holdMinutes: 0, hysteresis: 0, jump: null, riseCriticalPerH: null, riseWindowMin: 30, riseMinPoints: 3, riseMinR2: 0.6, reraiseWindowMin: 120, stormCasesPerHour: 10, thresholds: null, suddenChange: null,
  bandSigma: null, bandMinSamples: 30, bandAlpha: 0.01, rainWindowMin: 60, rainWarnMm: 30,
};

/** The rules of each device kind before any asset or device override (admins version their own on top). */
export const KIND_RULES: Record<string, RuleConfig> = {
  water_level: { ...BASE, hysteresis: 0.1, jump: 1.5, riseCriticalPerH: 0.5 },
  rainfall: { ...BASE },
  seepage_pressure: { ...BASE, jump: 200, suddenChange: 50, bandSigma: 4, holdMinutes: 20, inARow: 2, hysteresis: 5 },
  seepage_flow: { ...BASE, jump: 100, suddenChange: 20, bandSigma: 4, holdMinutes: 20, hysteresis: 1 },
  displacement: { ...BASE, thresholds: { warning: 20, major: 40, critical: 80 }, jump: 50, suddenChange: 10, hysteresis: 2 },
  settlement: { ...BASE, thresholds: { warning: 20, major: 40, critical: 80 }, jump: 50, suddenChange: 10, hysteresis: 2 },
};
export const DEFAULT_RULES: RuleConfig = KIND_RULES.water_level;

/** Fields an override may set, with their bounds (checked by the rule-set API). */
export const RULE_FIELDS: Record<keyof RuleConfig, 'count' | 'number' | 'number?' | 'fraction' | 'thresholds'> = {
  inARow: 'count', holdMinutes: 'number', hysteresis: 'number', jump: 'number?', riseCriticalPerH: 'number?', thresholds: 'thresholds',
  riseWindowMin: 'count', riseMinPoints: 'count', riseMinR2: 'fraction', reraiseWindowMin: 'count', stormCasesPerHour: 'count',
  suddenChange: 'number?', bandSigma: 'number?', bandMinSamples: 'count', bandAlpha: 'fraction', rainWindowMin: 'count', rainWarnMm: 'number',
};

/** What the engine decided for an alarm type: raise or change to a severity, or clear. */
export interface Decision {
  type: AlarmType;
  action: 'raise' | 'clear';
  severity: Severity | null;
  ts: number;
  value: number;
  reason: string;
}

interface Tier {
  active: Severity | null;
  /** Severity the current streak points at, how long (readings) and since when. */
  streakSeverity: Severity | null;
  streak: number;
  streakSince: number;
  /** Readings below the active threshold minus the hysteresis, and since when. */
  below: number;
  belowSince: number;
}

interface KeyState {
  lastTs: number;
  lastValue: number | null;
  lastValueTs: number | null;
  pending: { ts: number; value: number } | null;
  tier: Tier;
  sudden: boolean;
  band: { n: number; mean: number; variance: number; active: boolean; inside: number; outside: number };
  rain: { ts: number; value: number }[];
  /** Confirmed values of the last `riseWindowMin` minutes (water level with a rise rule only). */
  rise: { ts: number; value: number }[];
  faulty: boolean;
}

export interface DeviceRules {
  kind: string;
  minValue: number | null;
  maxValue: number | null;
  levels: Levels;
  config: RuleConfig;
}

const rank = (s: Severity | null) => (s === null ? -1 : SEVERITIES.indexOf(s));
const fmt = (v: number) => String(Math.round(v * 1000) / 1000);
const LEVEL_NAME: Record<Severity, string> = { warning: '汛限水位', major: '设计洪水位', critical: '校核洪水位' };
const SEVERITY_ZH: Record<Severity, string> = { warning: '预警', major: '重大', critical: '危急' };

const newState = (): KeyState => ({
  lastTs: -Infinity, lastValue: null, lastValueTs: null, pending: null,
  tier: { active: null, streakSeverity: null, streak: 0, streakSince: 0, below: 0, belowSince: 0 },
  sudden: false, band: { n: 0, mean: 0, variance: 0, active: false, inside: 0, outside: 0 }, rain: [], rise: [], faulty: false,
});

export class RuleEngine {
  private state = new Map<string, KeyState>();
  /** What is already raised for a device (from the open alarms after a restart), applied to its new key states. */
  private seeds = new Map<string, Map<AlarmType, Severity>>();
  private known = new Set<string>();

  get size(): number {
    return this.state.size;
  }

  /** Has this device been seeded or judged since the engine started? */
  knows(deviceId: string): boolean {
    return this.known.has(deviceId);
  }

  /**
   * Start a device from its open alarms (a new process, or after a restart): without this, an alarm
   * raised before the restart would never clear, since the engine would not know it is active.
   */
  seed(deviceId: string, open: { type: string; severity: string }[]): void {
    this.known.add(deviceId);
    const raised = open.filter((a) => SEVERITIES.includes(a.severity as Severity));
    if (raised.length) this.seeds.set(deviceId, new Map(raised.map((a) => [a.type as AlarmType, a.severity as Severity])));
  }

  /** Forget a device (an alarm cleared by hand, its rules changed, or it was removed). */
  forget(deviceId: string): void {
    for (const k of this.state.keys()) if (k.startsWith(`${deviceId}|`)) this.state.delete(k);
    this.seeds.delete(deviceId);
    this.known.delete(deviceId);
  }

  /** Evaluate one device's readings (any order in; evaluated by time). Readings older than the last seen are stored but not judged. */
  evaluate(deviceId: string, rules: DeviceRules, readings: { key: string; ts: number; value: number }[]): Decision[] {
    const out: Decision[] = [];
    // judged in time order (sorted only when they did not arrive so)
    const sorted = readings.every((r, i) => i === 0 || readings[i - 1].ts <= r.ts) ? readings : [...readings].sort((a, b) => a.ts - b.ts);
    let lastKey: string | null = null;
    let s: KeyState | undefined;
    for (const r of sorted) {
      if (r.key !== lastKey) {
        lastKey = r.key;
        const id = `${deviceId}|${r.key}`;
        s = this.state.get(id);
        if (!s) {
          this.state.set(id, (s = newState()));
          const seed = this.seeds.get(deviceId);
          if (seed) {
            s.tier.active = seed.get('water_level') ?? seed.get('threshold') ?? seed.get('rainfall') ?? null;
            s.faulty = seed.has('sensor_fault');
            s.sudden = seed.has('sudden_change');
            s.band.active = seed.has('out_of_band');
          }
        }
      }
      if (!s) continue;
      if (r.ts <= s.lastTs) continue;
      s.lastTs = r.ts;
      // a value outside the physical range: the sensor, not the dam
      if ((rules.minValue !== null && r.value < rules.minValue) || (rules.maxValue !== null && r.value > rules.maxValue)) {
        if (!s.faulty) out.push({ type: 'sensor_fault', action: 'raise', severity: 'warning', ts: r.ts, value: r.value, reason: `读数 ${fmt(r.value)} 超出量程 ${rules.minValue}～${rules.maxValue}` });
        s.faulty = true;
        continue;
      }
      if (s.faulty) {
        s.faulty = false;
        out.push({ type: 'sensor_fault', action: 'clear', severity: null, ts: r.ts, value: r.value, reason: '读数恢复正常' });
      }
      if (rules.kind === 'rainfall') {
        if (r.key === 'rain' || r.key === 'rainfall') this.rain(s, rules.config, r, out);
      } else if (rules.kind === 'water_level') {
        if (r.key === 'level' || r.key === 'water_level') this.value(s, rules, r, out);
      } else if (r.key === 'value' || r.key === rules.kind) this.value(s, rules, r, out);
    }
    return out;
  }

  /** A measured value (level, pressure, displacement…): re-measure odd ones, then thresholds, sudden change and band. */
  private value(s: KeyState, rules: DeviceRules, r: { ts: number; value: number }, out: Decision[]): void {
    const c = rules.config;
    // re-measure before alarming on a single odd value
    if (c.jump !== null && s.lastValue !== null && Math.abs(r.value - s.lastValue) > c.jump && !s.pending) {
      s.pending = r;
      return;
    }
    if (s.pending) {
      const confirmed = Math.abs(r.value - s.pending.value) <= (c.jump ?? Infinity);
      s.pending = null;
      if (!confirmed && s.lastValue !== null && c.jump !== null && Math.abs(r.value - s.lastValue) > c.jump) {
        // still odd in another direction: keep the newest as the one to re-measure
        s.pending = r;
        return;
      }
    }
    const prev = s.lastValue;
    s.lastValue = r.value;
    s.lastValueTs = r.ts;
    const isLevel = rules.kind === 'water_level';
    const t: Thresholds = isLevel ? { warning: rules.levels.floodLimit, major: rules.levels.design, critical: rules.levels.check } : c.thresholds ?? { warning: null, major: null, critical: null };
    let risePerH = 0;
    if (isLevel && c.riseCriticalPerH !== null) {
      s.rise.push({ ts: r.ts, value: r.value });
      const from = r.ts - c.riseWindowMin * 60_000;
      while (s.rise.length && s.rise[0].ts < from) s.rise.shift();
      risePerH = riseRate(s.rise, c) ?? 0;
    }
    const fastRise = isLevel && c.riseCriticalPerH !== null && risePerH > c.riseCriticalPerH && t.warning !== null && r.value >= t.warning;
    this.tiers(s.tier, c, t, r, fastRise, isLevel, out, risePerH);
    // a confirmed sudden change (seepage): raised on the change, cleared once the next step is calm
    if (c.suddenChange !== null && prev !== null) {
      const step = r.value - prev;
      if (Math.abs(step) > c.suddenChange && !s.sudden) {
        s.sudden = true;
        out.push({ type: 'sudden_change', action: 'raise', severity: 'warning', ts: r.ts, value: r.value, reason: `突变 ${step > 0 ? '+' : ''}${fmt(step)}（${fmt(prev)} → ${fmt(r.value)}）` });
      } else if (Math.abs(step) <= c.suddenChange / 2 && s.sudden) {
        s.sudden = false;
        out.push({ type: 'sudden_change', action: 'clear', severity: null, ts: r.ts, value: r.value, reason: '变化恢复平稳' });
      }
    }
    if (c.bandSigma !== null) this.band(s.band, c, c.bandSigma, r, out);
  }

  private tiers(s: Tier, c: RuleConfig, t: Thresholds, r: { ts: number; value: number }, fastRise: boolean, isLevel: boolean, out: Decision[], risePerH: number): void {
    const at = (level: number | null) => level !== null && r.value >= level;
    const target: Severity | null = at(t.critical) || fastRise ? 'critical' : at(t.major) ? 'major' : at(t.warning) ? 'warning' : null;
    if (target === s.streakSeverity) s.streak++;
    else {
      s.streak = 1;
      s.streakSince = r.ts;
      s.streakSeverity = target;
    }
    const held = (n: number, since: number) => n >= c.inARow && r.ts - since >= c.holdMinutes * 60_000;
    const type: AlarmType = isLevel ? 'water_level' : 'threshold';
    if (rank(target) >= rank(s.active)) s.below = 0;
    if (rank(target) > rank(s.active)) {
      // rising: the streak must hold (a critical rise rate counts at once)
      if (held(s.streak, s.streakSince) || fastRise) {
        s.active = target;
        const reason = fastRise && !at(t.critical)
          ? `水位 ${fmt(r.value)} m，每小时上涨 ${risePerH.toFixed(2)} m`
          : isLevel ? `水位 ${fmt(r.value)} m，达到${LEVEL_NAME[target!]} ${t[target!]} m` : `读数 ${fmt(r.value)}，达到${SEVERITY_ZH[target!]}阈值 ${t[target!]}`;
        out.push({ type, action: 'raise', severity: target, ts: r.ts, value: r.value, reason });
      }
      return;
    }
    if (s.active !== null && rank(target) < rank(s.active)) {
      // falling: only after the readings stayed below the active threshold minus the hysteresis
      const threshold = t[s.active];
      if (threshold !== null && r.value < threshold - c.hysteresis) {
        if (s.below === 0) s.belowSince = r.ts;
        s.below++;
      } else s.below = 0;
      if (held(s.below, s.belowSince)) {
        s.below = 0;
        s.active = target;
        const what = isLevel ? `水位 ${fmt(r.value)} m` : `读数 ${fmt(r.value)}`;
        out.push(target === null
          ? { type, action: 'clear', severity: null, ts: r.ts, value: r.value, reason: `${what}，回落到 ${threshold} 以下` }
          : { type, action: 'raise', severity: target, ts: r.ts, value: r.value, reason: `${what}，回落为${SEVERITY_ZH[target]}` });
      }
    }
  }

  private band(b: KeyState['band'], c: RuleConfig, k: number, r: { ts: number; value: number }, out: Decision[]): void {
    if (b.n >= c.bandMinSamples) {
      const sd = Math.sqrt(b.variance);
      const outside = sd > 0 && Math.abs(r.value - b.mean) > k * sd;
      if (outside) {
        // a value out of the band never widens it; one that stays out long enough is the new normal
        b.inside = 0;
        b.outside++;
        if (!b.active) {
          b.active = true;
          out.push({ type: 'out_of_band', action: 'raise', severity: 'warning', ts: r.ts, value: r.value, reason: `读数 ${fmt(r.value)} 偏离历史均值 ${fmt(b.mean)} 超过 ${k} 倍标准差（${fmt(sd)}）` });
        } else if (b.outside >= c.bandMinSamples) {
          Object.assign(b, { n: 0, mean: 0, variance: 0, active: false, outside: 0 });
          out.push({ type: 'out_of_band', action: 'clear', severity: null, ts: r.ts, value: r.value, reason: `读数稳定在新的水平 ${fmt(r.value)}，重新学习区间` });
        }
        return;
      }
      b.outside = 0;
      if (b.active && ++b.inside >= c.inARow) {
        b.active = false;
        out.push({ type: 'out_of_band', action: 'clear', severity: null, ts: r.ts, value: r.value, reason: '读数回到历史区间' });
      }
    }
    // exponentially weighted mean and variance (plain running ones while warming up)
    const a = b.n < c.bandMinSamples ? 1 / (b.n + 1) : c.bandAlpha;
    const d = r.value - b.mean;
    b.mean += a * d;
    b.variance = (1 - a) * (b.variance + a * d * d);
    b.n++;
  }

  private rain(s: KeyState, c: RuleConfig, r: { ts: number; value: number }, out: Decision[]): void {
    s.rain.push({ ts: r.ts, value: r.value });
    const from = r.ts - c.rainWindowMin * 60_000;
    while (s.rain.length && s.rain[0].ts <= from) s.rain.shift();
    const sum = s.rain.reduce((a, x) => a + x.value, 0);
    const t = s.tier;
    if (t.active === null && sum >= c.rainWarnMm) {
      t.active = 'warning';
      out.push({ type: 'rainfall', action: 'raise', severity: 'warning', ts: r.ts, value: sum, reason: `${c.rainWindowMin} 分钟累计降雨 ${sum.toFixed(1)} mm` });
    } else if (t.active !== null && sum < c.rainWarnMm / 2) {
      t.active = null;
      out.push({ type: 'rainfall', action: 'clear', severity: null, ts: r.ts, value: sum, reason: `${c.rainWindowMin} 分钟累计降雨 ${sum.toFixed(1)} mm` });
    }
  }
}

/** 汛限水位 of the season the time falls in (MM-DD periods), else the normal level. */
export function floodLimitAt(periods: { from: string; to: string; level: number }[], normal: number | null, ts: number): number | null {
  const d = new Date(ts + 8 * 3_600_000).toISOString().slice(5, 10); // Asia/Shanghai month-day
  return periods.find((p) => p.from <= d && d <= p.to)?.level ?? normal;
}
