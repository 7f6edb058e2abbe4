/** The rule engine alone: readings judged per second on one core, and memory per active device. */
import { DEFAULT_RULES, RuleEngine, type DeviceRules } from '../src/sensors/rules.ts';
import { fmt, type BenchRow } from './lib.ts';

export function benchRules(smoke: boolean): BenchRow[] {
  const rules: DeviceRules = { kind: 'water_level', minValue: 0, maxValue: 2000, levels: { floodLimit: 111.5, design: 114.2, check: 115 }, config: DEFAULT_RULES };
  const devices = smoke ? 1_000 : 10_000;
  const perDevice = smoke ? 50 : 200;
  // a realistic mix: slow waves around the flood limit, so alarms raise and clear now and then
  const batches = Array.from({ length: devices }, (_, d) =>
    Array.from({ length: perDevice }, (_, i) => ({ key: 'level', ts: 1_750_000_000_000 + i * 60_000, value: 111.2 + Math.sin((i + d) / 15) * 0.6 })));
  const global = globalThis as { gc?: () => void };
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const engine = new RuleEngine();
  const t0 = performance.now();
  let decisions = 0;
  for (let d = 0; d < devices; d++) decisions += engine.evaluate(`device-${d}`, rules, batches[d]).length;
  const seconds = (performance.now() - t0) / 1000;
  global.gc?.();
  const perDeviceBytes = (process.memoryUsage().heapUsed - heap0) / devices;
  // baseline: the same loop doing only a comparison per reading
  const t1 = performance.now();
  let above = 0;
  for (const b of batches) for (const r of b) if (r.value >= 111.5) above++;
  const baseSeconds = (performance.now() - t1) / 1000;
  const n = devices * perDevice;
  return [{
    name: `rule evaluation alone (water level tiers, hysteresis, re-measure, rise rate): ${fmt(n)} readings of ${fmt(devices)} devices, one core (${fmt(decisions)} decisions, ${fmt(above)} readings above the limit)`,
    value: `${fmt(n / seconds)} readings/s`,
    baseline: `${fmt(n / baseSeconds)} readings/s: one comparison each`,
    ratio: fmt(seconds / baseSeconds, 1),
    target: '≥ 1,000,000 readings/s',
    ok: n / seconds >= 1_000_000,
  }, {
    name: `rule-engine memory per active device (${fmt(devices)} devices${global.gc ? '' : ', without --expose-gc: rough'})`,
    value: `${fmt(perDeviceBytes)} bytes`,
    baseline: '—',
    ratio: '—',
    target: '< 2 KB',
    ok: perDeviceBytes < 2048,
  }];
}
