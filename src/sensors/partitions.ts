/**
 * Monthly partitions of `sensor_readings` (migration 0012): this month and the next two always exist, so
 * readings never pile up in the DEFAULT partition (which would block making a month's partition later).
 * A platform job: at the first start, then hourly (switched off with the sweeps, `SWEEP_INTERVAL_MS=0`);
 * idempotent and safe with several processes (a lost race on CREATE TABLE is a duplicate-table error,
 * ignored).
 */
import type { Platform } from '../platform/context.ts';

export async function ensureReadingPartitions(p: Platform, monthsAhead = 2): Promise<number> {
  let made = 0;
  for (let m = 0; m <= monthsAhead; m++) {
    try {
      const [r] = await p.database.raw<{ made: boolean }>('SELECT sensor_readings_add_month(now() + make_interval(months => $1::int)) AS made', [m]);
      if (r?.made) made++;
    } catch (err) {
      if ((err as { code?: string }).code !== '42P07') throw err; // another process made it first
    }
  }
  return made;
}

export const READING_PARTITIONS_JOB = 'sensors.reading_partitions';

export function readingPartitionsJob(p: Platform): void {
  p.scheduler.every(READING_PARTITIONS_JOB, { intervalMs: p.config.sweepIntervalMs > 0 ? 3_600_000 : 0 }, async () => {
    const made = await ensureReadingPartitions(p);
    if (made) p.log.info({ made }, 'readings: monthly partitions made');
    return made;
  }, { firstRun: 'now' });
}
