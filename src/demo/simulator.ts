/**
 * A device simulator for the demo (`vb simulate`): the demo's reservoir gauges report over HTTP with
 * their well-known tokens, like real devices would. Calm weather by default; `--storm NAME` makes that
 * reservoir's level climb 0.2 m per simulated half hour (rain falling) until it passes the check flood
 * level, so the warning → major → critical chain can be watched in the console. Time runs fast: each
 * round is half an hour of readings, back-dated so the last one is now.
 */
import { DEMO_RESERVOIRS, demoToken } from './reservoirs.ts';

export interface SimulateOptions {
  url: string;
  storm: string | null;
  rounds: number;
  intervalMs: number;
  log: (line: string) => void;
}

export async function simulate(o: SimulateOptions): Promise<{ sent: number; failed: number }> {
  const stormIndex = o.storm ? DEMO_RESERVOIRS.findIndex((r) => r.name === o.storm) : -1;
  if (o.storm && stormIndex < 0) throw new Error(`No demo reservoir named ${o.storm}; try ${DEMO_RESERVOIRS[0].name}`);
  let sent = 0;
  let failed = 0;
  const post = async (token: string, body: unknown) => {
    const r = await fetch(`${o.url}/api/v1/${token}/telemetry`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
    if (r?.ok) sent++;
    else failed++;
  };
  const start = Date.now() - o.rounds * 1_800_000;
  for (let round = 0; round < o.rounds; round++) {
    const ts = start + (round + 1) * 1_800_000;
    await Promise.all(DEMO_RESERVOIRS.map(async (r, i) => {
      const storm = i === stormIndex;
      const level = storm ? r.base - 1 + round * 0.2 : r.base - 1 + Math.sin((round + i) / 6) * 0.3;
      await post(demoToken(i, 'water_level'), { ts, values: { level: Math.round(level * 100) / 100 } });
      await post(demoToken(i, 'rainfall'), { ts, values: { rain: storm ? 6 + (round % 3) : Math.max(0, Math.round(Math.sin(round / 4) * 10) / 10) } });
      if (r.seepage) await post(demoToken(i, 'seepage_pressure'), { ts, values: { value: 120 + (storm ? round * 2 : 0) } });
    }));
    if (stormIndex >= 0) o.log(`round ${round + 1}/${o.rounds}: ${o.storm} at ${(DEMO_RESERVOIRS[stormIndex].base - 1 + round * 0.2).toFixed(1)} m`);
    if (o.intervalMs > 0 && round < o.rounds - 1) await new Promise((res) => setTimeout(res, o.intervalMs));
  }
  return { sent, failed };
}
