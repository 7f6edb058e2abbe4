/**
 * The rule engine for reservoir sensors (DOMAIN.md §3), pure and in memory: readings of one device go in
 * in timestamp order, alarm decisions come out. Per (device, key) it keeps a few numbers (last value and
 * time, the streak, a pending odd value, a rain window), well under 2 KB a device.
 *
 * - Water level: ≥ 汛限 (flood-limit of the season) → warning, ≥ design flood → major, ≥ check flood or
 *   rising faster than `riseCriticalMPerH` → critical. A level must hold for `inARow` readings before it
 *   raises (or raises further); it clears only below the threshold minus `hysteresisM`.
 * - A single odd value (a jump larger than `jumpM` from the last) is held back and re-measured: the next
 *   reading confirms it or it is dropped as noise.
 * - Rainfall: the sum over `rainWindowMin` minutes ≥ `rainWarnMm` → warning (cleared below half of it).
 * - A value outside the device's physical range is a sensor fault: its own alarm, never a dam alarm.
 */
export type Severity = 'warning' | 'major' | 'critical';
export const SEVERITIES: Severity[] = ['warning', 'major', 'critical'];
export type AlarmType = 'water_level' | 'rainfall' | 'sensor_fault';

export interface Levels {
  floodLimit: number | null;
  design: number | null;
  check: number | null;
}

export interface RuleConfig {
  inARow: number;
  hysteresisM: number;
  jumpM: number;
  riseCriticalMPerH: number;
  rainWindowMin: number;
  rainWarnMm: number;
}

export const DEFAULT_RULES: RuleConfig = { inARow: 2, hysteresisM: 0.1, jumpM: 1.5, riseCriticalMPerH: 0.5, rainWindowMin: 60, rainWarnMm: 30 };

/** What the engine decided for an alarm type: raise or change to a severity, or clear. */
export interface Decision {
  type: AlarmType;
  action: 'raise' | 'clear';
  severity: Severity | null;
  ts: number;
  value: number;
  reason: string;
}

interface KeyState {
  lastTs: number;
  lastValue: number | null;
  lastValueTs: number | null;
  pending: { ts: number; value: number } | null;
  /** Severity the current streak points at, and how long the streak is. */
  streakSeverity: Severity | null;
  streak: number;
  /** Readings in a row below the active threshold minus the hysteresis. */
  below: number;
  active: Severity | null;
  rain: { ts: number; value: number }[];
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

export class RuleEngine {
  private state = new Map<string, KeyState>();

  get size(): number {
    return this.state.size;
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
        if (!s) this.state.set(id, (s = { lastTs: -Infinity, lastValue: null, lastValueTs: null, pending: null, streakSeverity: null, streak: 0, below: 0, active: null, rain: [], faulty: false }));
      }
      if (!s) continue;
      if (r.ts <= s.lastTs) continue;
      s.lastTs = r.ts;
      // a value outside the physical range: the sensor, not the dam
      if ((rules.minValue !== null && r.value < rules.minValue) || (rules.maxValue !== null && r.value > rules.maxValue)) {
        if (!s.faulty) out.push({ type: 'sensor_fault', action: 'raise', severity: 'warning', ts: r.ts, value: r.value, reason: `value ${r.value} outside ${rules.minValue}…${rules.maxValue}` });
        s.faulty = true;
        continue;
      }
      if (s.faulty) {
        s.faulty = false;
        out.push({ type: 'sensor_fault', action: 'clear', severity: null, ts: r.ts, value: r.value, reason: 'values back in range' });
      }
      if (rules.kind === 'water_level' && (r.key === 'level' || r.key === 'water_level')) this.level(s, rules, r, out);
      else if (rules.kind === 'rainfall' && (r.key === 'rain' || r.key === 'rainfall')) this.rain(s, rules.config, r, out);
    }
    return out;
  }

  private level(s: KeyState, rules: DeviceRules, r: { ts: number; value: number }, out: Decision[]): void {
    const { config: c, levels } = rules;
    // re-measure before alarming on a single odd value
    if (s.lastValue !== null && Math.abs(r.value - s.lastValue) > c.jumpM && !s.pending) {
      s.pending = r;
      return;
    }
    if (s.pending) {
      const confirmed = Math.abs(r.value - s.pending.value) <= c.jumpM;
      s.pending = null;
      if (!confirmed && s.lastValue !== null && Math.abs(r.value - s.lastValue) > c.jumpM) {
        // still odd in another direction: keep the newest as the one to re-measure
        s.pending = r;
        return;
      }
    }
    const prev = s.lastValue;
    const prevTs = s.lastValueTs ?? r.ts;
    s.lastValue = r.value;
    s.lastValueTs = r.ts;
    const risePerH = prev !== null && r.ts > prevTs ? ((r.value - prev) / (r.ts - prevTs)) * 3_600_000 : 0;
    const at = (level: number | null) => level !== null && r.value >= level;
    const target: Severity | null =
      at(levels.check) || (risePerH > c.riseCriticalMPerH && at(levels.floodLimit)) ? 'critical' : at(levels.design) ? 'major' : at(levels.floodLimit) ? 'warning' : null;
    s.streak = target === s.streakSeverity ? s.streak + 1 : 1;
    s.streakSeverity = target;
    if (rank(target) >= rank(s.active)) s.below = 0;
    if (rank(target) > rank(s.active)) {
      // rising: the streak must hold (a critical rise rate counts at once)
      if (s.streak >= c.inARow || (target === 'critical' && risePerH > c.riseCriticalMPerH)) {
        s.active = target;
        out.push({ type: 'water_level', action: 'raise', severity: target, ts: r.ts, value: r.value, reason: risePerH > c.riseCriticalMPerH && target === 'critical' && !at(levels.check) ? `rising ${risePerH.toFixed(2)} m/h` : `level ${r.value} m` });
      }
      return;
    }
    if (s.active !== null && rank(target) < rank(s.active)) {
      // falling: only after `inARow` readings below the active threshold minus the hysteresis
      const threshold = s.active === 'critical' ? levels.check : s.active === 'major' ? levels.design : levels.floodLimit;
      s.below = threshold !== null && r.value < threshold - c.hysteresisM ? s.below + 1 : 0;
      if (s.below >= c.inARow) {
        s.below = 0;
        const was = s.active;
        s.active = target;
        out.push(target === null
          ? { type: 'water_level', action: 'clear', severity: null, ts: r.ts, value: r.value, reason: `level ${r.value} m, below ${threshold} m` }
          : { type: 'water_level', action: 'raise', severity: target, ts: r.ts, value: r.value, reason: `level ${r.value} m, down from ${was}` });
      }
    }
  }

  private rain(s: KeyState, c: RuleConfig, r: { ts: number; value: number }, out: Decision[]): void {
    s.rain.push({ ts: r.ts, value: r.value });
    const from = r.ts - c.rainWindowMin * 60_000;
    while (s.rain.length && s.rain[0].ts <= from) s.rain.shift();
    const sum = s.rain.reduce((a, x) => a + x.value, 0);
    if (s.active === null && sum >= c.rainWarnMm) {
      s.active = 'warning';
      out.push({ type: 'rainfall', action: 'raise', severity: 'warning', ts: r.ts, value: sum, reason: `${sum.toFixed(1)} mm in ${c.rainWindowMin} min` });
    } else if (s.active !== null && sum < c.rainWarnMm / 2) {
      s.active = null;
      out.push({ type: 'rainfall', action: 'clear', severity: null, ts: r.ts, value: sum, reason: `${sum.toFixed(1)} mm in ${c.rainWindowMin} min` });
    }
  }
}

/** 汛限水位 of the season the time falls in (MM-DD periods), else the normal level. */
export function floodLimitAt(periods: { from: string; to: string; level: number }[], normal: number | null, ts: number): number | null {
  const d = new Date(ts + 8 * 3_600_000).toISOString().slice(5, 10); // Asia/Shanghai month-day
  return periods.find((p) => p.from <= d && d <= p.to)?.level ?? normal;
}
