/** How fast a level rises, judged over a window of readings rather than on single steps. */
import type { RuleConfig } from './rules.ts';

/**
 * The least-squares slope (m/h) of the window's readings, or null when it does not count: too few
 * readings, too short a span (a burst of readings seconds apart says nothing about an hour), or a line
 * that does not explain them (r² below `riseMinR2`: jitter, not a rise).
 */
export function riseRate(points: { ts: number; value: number }[], c: Pick<RuleConfig, 'riseWindowMin' | 'riseMinPoints' | 'riseMinR2'>): number | null {
  const n = points.length;
  if (n < Math.max(2, c.riseMinPoints)) return null;
  if (points[n - 1].ts - points[0].ts < (c.riseWindowMin * 60_000) / 2) return null;
  const t0 = points[0].ts;
  let st = 0;
  let sv = 0;
  for (const p of points) {
    st += (p.ts - t0) / 3_600_000;
    sv += p.value;
  }
  const mt = st / n;
  const mv = sv / n;
  let stt = 0;
  let stv = 0;
  let svv = 0;
  for (const p of points) {
    const dt = (p.ts - t0) / 3_600_000 - mt;
    const dv = p.value - mv;
    stt += dt * dt;
    stv += dt * dv;
    svv += dv * dv;
  }
  if (stt === 0) return null;
  const slope = stv / stt;
  const r2 = svv === 0 ? 0 : (stv * stv) / (stt * svv);
  return r2 >= c.riseMinR2 ? slope : null;
}
