/**
 * A decision that touches no case, as one statement (a hot path, hand-written): clearing an alarm, and
 * raising or changing one that opens no case (a warning; a gauge's own sensor fault; any alarm of an asset
 * that is not a reservoir). On a noisy stream these are ≈ 85 % of the decisions; as a transaction each was
 * six round trips (BEGIN, the open alarm FOR UPDATE, the alarm, its timeline row, its event, COMMIT), and
 * over loopback TCP on these machines the round trips, not the work, were the cost: a PostgreSQL
 * backend sat "idle in transaction" waiting for the next statement. Same rows, same event payloads
 * (sensors.events.ts) as the transaction in alarms.ts, which still handles decisions with a case.
 */
import type { Platform } from '../platform/context.ts';
import { eventTypeSql, outboxInsertSql, payloadSql } from '../platform/events.ts';
import type { Decision } from './rules.ts';
import type { AlarmClearedPayload, AlarmPayload } from './sensors.events.ts';

const RANK = "ARRAY['warning','major','critical']::text[]";

/** $1 device, $2 type, $3 cleared at, $4 value, $5 note, $6 region, $7 asset name. */
const CLEAR = `
  WITH cur AS (SELECT id FROM alarms WHERE device_id = $1 AND type = $2 AND state <> 'cleared' FOR UPDATE),
  upd AS (
    UPDATE alarms a SET state = 'cleared', cleared_at = $3, updated_at = now(), value = $4 FROM cur WHERE a.id = cur.id
    RETURNING a.id, a.case_id, a.episode_id),
  tl AS (INSERT INTO alarm_events (alarm_id, action, value, note) SELECT id, 'cleared', $4, $5 FROM upd),
  -- the episode is over when its last open alarm clears (alarm-cases.ts, onCleared)
  ep AS (
    UPDATE alarm_episodes e SET cleared_at = $3 FROM upd
     WHERE e.id = upd.episode_id AND NOT EXISTS (SELECT 1 FROM alarms x WHERE x.episode_id = upd.episode_id AND x.state <> 'cleared' AND x.id <> upd.id)),
  ev AS (${outboxInsertSql({
    type: eventTypeSql('alarm.cleared'), regionCode: '$6', aggregateId: 'upd.id::text',
    payload: payloadSql<AlarmClearedPayload>({ alarmId: 'upd.id', asset: '$7::text', type: '$2::text', caseId: 'upd.case_id' }),
  }, 'upd')})
  SELECT count(*)::int AS n FROM upd`;

/** $1 device, $2 type, $3 severity, $4 value, $5 reason, $6 rule versions, $7 asset id, $8 started at, $9 region, $10 asset name. */
const RAISE = `
  WITH cur AS (SELECT id, severity FROM alarms WHERE device_id = $1 AND type = $2 AND state <> 'cleared' FOR UPDATE),
  upd AS (
    UPDATE alarms a SET severity = $3, value = $4, reason = $5, rules = $6, updated_at = now(),
           state = CASE WHEN array_position(${RANK}, $3::text) > array_position(${RANK}, cur.severity) THEN 'active_unack' ELSE a.state END
      FROM cur WHERE a.id = cur.id AND cur.severity <> $3
    RETURNING a.id, array_position(${RANK}, $3::text) > array_position(${RANK}, cur.severity) AS rose, false AS fresh),
  ins AS (
    INSERT INTO alarms (asset_id, device_id, type, severity, state, value, reason, started_at, rules)
      SELECT $7, $1, $2, $3, 'active_unack', $4, $5, $8, $6 WHERE NOT EXISTS (SELECT 1 FROM cur)
    RETURNING id, true AS rose, true AS fresh),
  ch AS (SELECT * FROM upd UNION ALL SELECT * FROM ins),
  tl AS (INSERT INTO alarm_events (alarm_id, action, severity, value, note) SELECT id, CASE WHEN fresh THEN 'raised' ELSE 'severity' END, $3, $4, $5 FROM ch),
  ev AS (${outboxInsertSql({
    type: `CASE WHEN ch.fresh THEN ${eventTypeSql('alarm.raised')} ELSE ${eventTypeSql('alarm.severity_changed')} END`, regionCode: '$9', aggregateId: 'ch.id::text',
    payload: payloadSql<AlarmPayload>({ alarmId: 'ch.id', asset: '$10::text', type: '$2::text', severity: '$3::text', value: '$4::float8', reason: '$5::text', rose: 'ch.rose' }),
  }, 'ch')})
  SELECT count(*)::int AS n FROM ch`;

export interface PlainAsset {
  id: string;
  name: string;
  regionCode: string;
}

/**
 * Apply one case-free decision in one statement; the event bus is told, as after a transaction. Its commit
 * does not wait for the WAL flush (`lazyCommit`): a crash may lose the last fraction of a second of
 * decisions, and with them nothing else — the rule cursor is written after them the same way, so it
 * cannot be durable while they are not, and the next process judges those readings again.
 */
export async function applyPlain(p: Platform, deviceId: string, a: PlainAsset, d: Decision, versions: string): Promise<void> {
  const params = d.action === 'clear'
    ? [deviceId, d.type, new Date(d.ts).toISOString(), d.value, d.reason, a.regionCode, a.name]
    : [deviceId, d.type, d.severity, d.value, d.reason, versions, a.id, new Date(d.ts).toISOString(), a.regionCode, a.name];
  // derived from stored readings: a decision lost in a crash is made again by the catch-up (rule-cursors.ts)
  const [{ n }] = await p.database.raw<{ n: number }>(d.action === 'clear' ? CLEAR : RAISE, params, { prepare: true, lazyCommit: true });
  if (n > 0) p.events.kick();
}
