/**
 * The one ingest pipeline for device telemetry (HTTP now; MQTT and cameras feed the same `take`):
 * token → device, parse, then batched durable writes — readings from many messages share one multi-row
 * INSERT (group commit, like reports), duplicates (a QoS 1 redelivery) are dropped by the primary key.
 * Whatever cannot be taken goes to the dead-letter table with its reason; nothing throws out of here
 * except a refused token.
 */
import type { Platform } from '../platform/context.ts';
import { deadLetter } from '../platform/dead-letters.ts';
import { AppError } from '../platform/errors.ts';
import { GroupCommit } from '../platform/group-commit.ts';
import { deviceLookup, type UsersService } from '../people/index.ts';
import { parseTelemetry, type Reading } from './telemetry.ts';

export interface DeviceInfo {
  id: string;
  assetId: string;
  kind: string;
  minValue: number | null;
  maxValue: number | null;
}

interface Pending {
  deviceId: string;
  readings: Reading[];
}

export class TelemetryIngest {
  /** Messages queued while a batch is written go together in the next one (up to 2,000 readings). */
  private writer = new GroupCommit<Pending, number>((batch) => this.insert(batch), { parallel: 2, maxWeight: 2000, weight: (m) => m.readings.length });

  /** The device of an access token (cached 30 s; a revoked token stops working within that time). */
  readonly deviceOf: (token: string) => Promise<DeviceInfo | null>;

  constructor(
    private p: Platform,
    users: UsersService,
  ) {
    this.deviceOf = deviceLookup<DeviceInfo>(users, async (tokenId) => {
      const [d] = await this.p.database.raw<{ id: string; asset_id: string; kind: string; min_value: number | null; max_value: number | null }>(
        'SELECT id, asset_id, kind, min_value, max_value FROM devices WHERE token_id = $1', [tokenId], { prepare: true });
      return d ? { id: d.id, assetId: d.asset_id, kind: d.kind, minValue: d.min_value, maxValue: d.max_value } : null;
    });
  }

  /** Called with the readings of each message once they are stored (the alarms module sets it). */
  onStored: ((device: DeviceInfo, readings: Reading[]) => Promise<void>) | null = null;


  /**
   * Take one message. Throws 401 for an unknown or revoked token; otherwise answers with how many
   * readings were stored (new ones) and what was refused (also written to the dead-letter table).
   */
  async take(channel: 'http' | 'mqtt', token: string, raw: string | Buffer): Promise<{ stored: number; refused: string[] }> {
    const device = await this.deviceOf(token);
    if (!device) throw new AppError('DEVICE_TOKEN_INVALID', 401, 'Unknown or revoked device token');
    const text = typeof raw === 'string' ? raw : raw.toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      await deadLetter(this.p, channel, device.id, 'malformed JSON', text);
      return { stored: 0, refused: ['malformed JSON'] };
    }
    const parsed = parseTelemetry(body);
    if (parsed.problems.length) await deadLetter(this.p, channel, device.id, parsed.problems.join('; '), text);
    const stored = parsed.readings.length ? await this.writer.add({ deviceId: device.id, readings: parsed.readings }) : 0;
    // rules run after the readings are durable; a failure there never loses a reading
    if (parsed.readings.length && this.onStored) {
      await this.onStored(device, parsed.readings).catch((err: unknown) => this.p.log.error({ err, deviceId: device.id }, 'rule evaluation failed'));
    }
    return { stored, refused: parsed.problems };
  }


  /**
   * Readings written after the fact (the demo's year of history): stored and last-seen moved like any
   * batch, but the rules do not run on them — an alarm of last July is not news today.
   */
  async storeHistory(deviceId: string, readings: Reading[]): Promise<number> {
    return (await this.insert([{ deviceId, readings }]))[0];
  }

  /** One statement for the batch: new readings in (duplicates skipped), last-seen times moved on. */
  private async insert(batch: Pending[]): Promise<number[]> {
    const rows = batch.flatMap((m, i) => m.readings.map((r) => ({ m: i, d: m.deviceId, k: r.key, t: new Date(r.ts).toISOString(), v: r.value })));
    const inserted = await this.p.database.raw<{ m: number; n: number }>(`
      WITH i AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(m int, d uuid, k text, t timestamptz, v float8)),
      ins AS (
        INSERT INTO sensor_readings (device_id, key, ts, value) SELECT DISTINCT ON (d, k, t) d, k, t, v FROM i
        ON CONFLICT DO NOTHING RETURNING device_id, key, ts),
      seen AS (
        UPDATE devices SET last_seen_at = greatest(coalesce(last_seen_at, '-infinity'), s.t)
          FROM (SELECT d, max(t) AS t FROM i GROUP BY d) s WHERE devices.id = s.d RETURNING 1)
      SELECT i.m, count(*)::int AS n FROM ins JOIN i ON i.d = ins.device_id AND i.k = ins.key AND i.t = ins.ts GROUP BY i.m`,
    [JSON.stringify(rows)], { prepare: true });
    const counts = batch.map(() => 0);
    for (const r of inserted) counts[r.m] = r.n;
    return counts;
  }
}
