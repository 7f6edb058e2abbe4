/**
 * The clock side of alarms, a platform job on the sweep interval: set-based statements, safe with
 * several processes.
 * - No data: a device that has reported and then fell silent for three of its intervals gets a `no_data`
 *   alarm (a sensor fault, never a dam alarm) — one per device, whatever runs the sweep; it clears once the
 *   device reports again. A device that has never reported has no data to miss: it is "never connected"
 *   (its connection state, `CONNECTION_SQL`), not an alarm — a newly installed station raised a wall of
 *   "no data" warnings before its first reading.
 * - An alarm left unacknowledged for `escalateAfterMinutes` is escalated once (`alarm.escalated`, for
 *   the next level's screens and robots).
 */
import { sql } from 'drizzle-orm';
import type { Platform } from '../platform/context.ts';
import { eventTypeSql, outboxInsertSql } from '../platform/events.ts';

/** A device's connection as the console shows it. */
export type DeviceConnection = 'never_connected' | 'online' | 'silent';
/** The connection state of device `d` (SQL, for lists): silent after three intervals without a reading. */
export const CONNECTION_SQL = `CASE WHEN d.last_seen_at IS NULL THEN 'never_connected'
  WHEN d.last_seen_at < now() - make_interval(secs => d.interval_seconds * 3) THEN 'silent' ELSE 'online' END`;

export interface AlarmSweepResult {
  silent: number;
  back: number;
  escalated: number;
}

const count = (r: unknown) => Number((r as { rows: { n: number }[] }).rows[0]?.n ?? 0);

export async function sweepAlarms(p: Platform, opts: { escalateAfterMinutes?: number } = {}): Promise<AlarmSweepResult> {
  const after = opts.escalateAfterMinutes ?? 30;
  return p.tx(async (tx) => {
    const silent = count(await tx.execute(sql`
      WITH s AS (
        INSERT INTO alarms (asset_id, device_id, type, severity, state, value, reason, started_at)
        SELECT d.asset_id, d.id, 'no_data', 'warning', 'active_unack', 0, '超过 ' || (d.interval_seconds * 3 / 60) || ' 分钟没有数据', now()
          FROM devices d
         WHERE d.last_seen_at IS NOT NULL AND d.last_seen_at < now() - make_interval(secs => d.interval_seconds * 3)
           AND NOT EXISTS (SELECT 1 FROM alarms o WHERE o.device_id = d.id AND o.type = 'no_data' AND o.state <> 'cleared')
        ON CONFLICT (device_id, type) WHERE state <> 'cleared' DO NOTHING
        RETURNING id, asset_id),
      e AS (INSERT INTO alarm_events (alarm_id, action, severity, note) SELECT id, 'raised', 'warning', 'no data' FROM s RETURNING 1),
      o AS (${sql.raw(outboxInsertSql({ type: eventTypeSql('alarm.raised'), regionCode: 'a.region_code', aggregateId: 's.id::text',
              payload: "jsonb_build_object('alarmId', s.id, 'asset', a.name, 'type', 'no_data', 'severity', 'warning')" }, 's JOIN assets a ON a.id = s.asset_id'))} RETURNING 1)
      SELECT count(*)::int AS n FROM s`));
    const back = count(await tx.execute(sql`
      WITH c AS (
        UPDATE alarms al SET state = 'cleared', cleared_at = now(), updated_at = now()
          FROM devices d
         WHERE al.device_id = d.id AND al.type = 'no_data' AND al.state <> 'cleared'
           AND d.last_seen_at >= now() - make_interval(secs => d.interval_seconds * 3)
        RETURNING al.id),
      e AS (INSERT INTO alarm_events (alarm_id, action, note) SELECT id, 'cleared', 'data again' FROM c RETURNING 1)
      SELECT count(*)::int AS n FROM c`));
    const escalated = count(await tx.execute(sql`
      WITH x AS (
        UPDATE alarms SET escalated_at = now(), updated_at = now()
         WHERE state = 'active_unack' AND escalated_at IS NULL AND updated_at < now() - make_interval(mins => ${after})
        RETURNING id, asset_id, severity, type),
      e AS (INSERT INTO alarm_events (alarm_id, action, severity, note) SELECT id, 'escalated', severity, ${`unacknowledged for ${after} minutes`} FROM x RETURNING 1),
      o AS (${sql.raw(outboxInsertSql({ type: eventTypeSql('alarm.escalated'), regionCode: 'a.region_code', aggregateId: 'x.id::text',
              payload: "jsonb_build_object('alarmId', x.id, 'asset', a.name, 'type', x.type, 'severity', x.severity)" }, 'x JOIN assets a ON a.id = x.asset_id'))} RETURNING 1)
      SELECT count(*)::int AS n FROM x`));
    return { silent, back, escalated };
  });
}

export const ALARM_SWEEP_JOB = 'sensors.alarm_sweep';

/** The sweep as a platform job, on the case sweep's interval (`SWEEP_INTERVAL_MS`; 0 switches it off). */
export function alarmSweepJob(p: Platform): void {
  p.scheduler.every(ALARM_SWEEP_JOB, { intervalMs: p.config.sweepIntervalMs }, async () => {
    const r = await sweepAlarms(p);
    if (r.silent + r.back + r.escalated > 0) p.log.info(r, 'alarm sweep');
    return r;
  });
}
