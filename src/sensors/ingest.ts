/**
 * The one ingest pipeline for device telemetry (HTTP now; MQTT and cameras feed the same `take`):
 * token → device, parse, then batched durable writes — readings from many messages share one multi-row
 * INSERT (group commit, like reports). Whatever cannot be taken goes to the dead-letter table with its
 * reason; nothing throws out of here except a refused token (or a database failure, which is not
 * acknowledged, so the device sends again).
 *
 * Exactly once (issue 11 #2): a reading's identity is (device, key, ts).
 * - With the device's `ts` it survives redelivery: a QoS 1 resend hits the primary key and is skipped.
 * - Without `ts` the reading gets a server stamp with microseconds (`serverStamp`): strictly increasing in
 *   this process and never on a whole millisecond, so two messages never share one (the old bare
 *   millisecond dropped all but one of them, yet acknowledged them all), and a device's own millisecond
 *   `ts` can never collide with a server stamp. Should another process stamp the same microsecond for the
 *   same device and key, the rows that did not go in are stamped again and written again — a ts-less
 *   reading is never dropped as a "duplicate". The price: a ts-less message redelivered after a crash
 *   (stored, not yet acknowledged) is stored twice; it carries nothing that says it is the same message.
 *   Devices that need exactly-once send `ts`.
 * `stored` counts the rows this message actually wrote.
 */
import type { Platform } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { GroupCommit } from '../platform/group-commit.ts';
import { deadLetter, type DeviceChannel, type DeviceTokens } from '../devices/index.ts';
import { RuleBacklog } from './rule-backlog.ts';
import { numeric, parseTelemetry, type Datum, type Reading } from './telemetry.ts';

export interface DeviceInfo {
  id: string;
  assetId: string;
  kind: string;
  minValue: number | null;
  maxValue: number | null;
}

interface Pending {
  deviceId: string;
  readings: Datum[];
}

export interface Taken {
  /** Rows written by this message (a redelivered reading with `ts` is not written again). */
  stored: number;
  /** Readings accepted from the body (stored now or before); 0 means nothing in it was usable. */
  accepted: number;
  refused: string[];
}

let lastMicros = 0;
/** Microseconds since 1970 for a reading without `ts`: unique in this process, never a whole millisecond. */
export function serverStamp(now = Date.now()): number {
  let us = Math.max(now * 1000, lastMicros + 1);
  if (us % 1000 === 0) us += 1;
  lastMicros = us;
  return us;
}

const isoMicros = (us: number) => `${new Date(Math.floor(us / 1000)).toISOString().slice(0, -1)}${String(us % 1000).padStart(3, '0')}Z`;

/**
 * `devices.last_seen_at` is when the server last heard from the device (arrival, not the readings' own
 * times: a device sending a backlog is alive now), moved at most once per this many seconds — silence is
 * judged in minutes (3 × the reporting interval). Rewriting it for every batch made as many device-row
 * updates as readings, and two batches in flight waited on each other's row locks; a row another batch is
 * moving right now is skipped (SKIP LOCKED: it is being set to now anyway).
 */
const SEEN_EVERY_SECONDS = 10;

/**
 * MQTT messages acknowledged whose rules may still wait: ≈ 20 s of a noisy stream's decisions at the rate
 * the alarms keep up with, a few MB of readings. Beyond it the acknowledgements wait for the rules.
 */
const RULE_BACKLOG = 20_000;

/** How often rows whose server stamp another process took at the same microsecond are stamped again. */
const RESTAMPS = 5;

export class TelemetryIngest {
  /** Messages queued while a batch is written go together in the next one (up to 2,000 readings). */
  private writer = new GroupCommit<Pending, number>((batch) => this.insert(batch), { parallel: 2, maxWeight: 2000, weight: (m) => m.readings.length });

  /** The device of an access token (cached 30 s; a revoked token stops working within that time). */
  readonly deviceOf: (token: string) => Promise<DeviceInfo | null>;

  constructor(
    private p: Platform,
    tokens: DeviceTokens,
  ) {
    this.deviceOf = tokens.lookup<DeviceInfo>(async (tokenId) => {
      const [d] = await this.p.database.raw<{ id: string; asset_id: string; kind: string; min_value: number | null; max_value: number | null }>(
        'SELECT id, asset_id, kind, min_value, max_value FROM devices WHERE token_id = $1', [tokenId], { prepare: true });
      return d ? { id: d.id, assetId: d.asset_id, kind: d.kind, minValue: d.min_value, maxValue: d.max_value } : null;
    });
  }

  /** MQTT messages stored and acknowledged whose rules have not run yet (bounded: see rule-backlog.ts). */
  readonly rules = new RuleBacklog(RULE_BACKLOG);

  /** Called with the numeric readings of each message once they are stored (the alarms module sets it). */
  onStored: ((device: DeviceInfo, readings: Reading[]) => Promise<void>) | null = null;


  /**
   * Take one message (its readings are written at once; the rules run through `inOrder` when given).
   * Throws 401 for an unknown or revoked token; otherwise answers how many readings
   * were stored (new rows), how many were usable, and what was refused (also in the dead-letter table,
   * with the payload's bytes as they came).
   */
  /**
   * The sensors' telemetry on the devices' broker: user name = device token, topic
   * `v1/devices/me/telemetry` (or `v1/devices/<token>/telemetry` through an external broker); stored at
   * once, acknowledged when durable, judged in the device's order behind it.
   */
  mqttChannel(): DeviceChannel {
    return {
      topic: 'v1/devices/me/telemetry', prefix: 'v1/devices', suffix: 'telemetry',
      knows: async (token) => (await this.deviceOf(token)) !== null,
      take: (token, payload, inOrder) => this.take('mqtt', token, payload, inOrder),
      health: () => ({ rulesPending: this.rules.pending, judged: this.rules.judged }),
    };
  }

  async take(channel: 'http' | 'mqtt', token: string, raw: string | Buffer, inOrder?: <T>(fn: () => Promise<T>) => Promise<T>): Promise<Taken> {
    const device = await this.deviceOf(token);
    if (!device) throw new AppError('DEVICE_TOKEN_INVALID', 401, 'Unknown or revoked device token');
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      await deadLetter(this.p, channel, device.id, 'malformed JSON', bytes);
      return { stored: 0, accepted: 0, refused: ['malformed JSON'] };
    }
    const parsed = parseTelemetry(body);
    if (parsed.readings.length === 0 && parsed.problems.length === 0) parsed.problems.push('no values');
    if (parsed.problems.length) await deadLetter(this.p, channel, device.id, parsed.problems.join('; '), bytes);
    const stored = parsed.readings.length ? await this.writer.add({ deviceId: device.id, readings: parsed.readings }) : 0;
    // rules run after the readings are durable (numbers only); a failure there never loses a reading
    const judged = numeric(parsed.readings);
    const onStored = this.onStored;
    if (judged.length && onStored) {
      const judge = () => onStored(device, judged).catch((err: unknown) => this.p.log.error({ err, deviceId: device.id }, 'rule evaluation failed'));
      // MQTT (`inOrder`: the subscriber's turn per device): judged behind the acknowledgement, in order,
      // the backlog bounded (rule-backlog.ts); HTTP answers once judged
      if (inOrder) await this.rules.add(inOrder(judge));
      else await judge();
    }
    return { stored, accepted: parsed.readings.length, refused: parsed.problems };
  }


  /**
   * Readings written after the fact (the demo's year of history): stored and last-seen moved like any
   * batch, but the rules do not run on them — an alarm of last July is not news today.
   */
  async storeHistory(deviceId: string, readings: Reading[]): Promise<number> {
    // history carries its own times: numbers only, never server-stamped
    return (await this.insert([{ deviceId, readings: readings.map((r) => ({ ...r, data: null, stamped: null })) }]))[0];
  }

  /**
   * One statement for the batch: new readings in (a redelivered device-`ts` reading skipped), last-seen
   * times moved on (see SEEN_EVERY_SECONDS); answers the rows each message wrote. Server-stamped rows that collided are stamped
   * again and written in a further statement.
   */
  private async insert(batch: Pending[]): Promise<number[]> {
    const counts = batch.map(() => 0);
    // one stamp per item of a body (its keys share it); a fresh one for each item
    let rows = batch.flatMap((m, mi) => {
      const stamps = new Map<number, number>();
      return m.readings.map((r) => {
        let t: string;
        if (r.stamped === null) t = new Date(r.ts).toISOString();
        else {
          if (!stamps.has(r.stamped)) stamps.set(r.stamped, serverStamp(r.ts));
          t = isoMicros(stamps.get(r.stamped)!);
        }
        return { n: 0, m: mi, d: m.deviceId, k: r.key, t, v: r.value, j: r.value === null ? r.data : null, s: r.stamped !== null };
      });
    });
    for (let round = 0; rows.length; round++) {
      rows.forEach((r, n) => (r.n = n));
      const inserted = new Set((await this.p.database.raw<{ n: number }>(`
        WITH i AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(n int, d uuid, k text, t timestamptz, v float8, j jsonb)),
        ins AS (
          INSERT INTO sensor_readings (device_id, key, ts, value, data) SELECT DISTINCT ON (d, k, t) d, k, t, v, j FROM i ORDER BY d, k, t, n
          ON CONFLICT DO NOTHING RETURNING device_id, key, ts),
        stale AS (
          SELECT id FROM devices WHERE id IN (SELECT d FROM i) AND (last_seen_at IS NULL OR last_seen_at < now() - interval '${SEEN_EVERY_SECONDS} seconds')
            ORDER BY id FOR UPDATE SKIP LOCKED),
        seen AS (UPDATE devices SET last_seen_at = now() WHERE id IN (SELECT id FROM stale) RETURNING 1)
        SELECT DISTINCT ON (i.d, i.k, i.t) i.n FROM ins JOIN i ON i.d = ins.device_id AND i.k = ins.key AND i.t = ins.ts ORDER BY i.d, i.k, i.t, i.n`,
      [JSON.stringify(rows.map(({ n, d, k, t, v, j }) => ({ n, d, k, t, v, j })))], { prepare: true })).map((r) => r.n));
      for (const r of rows) if (inserted.has(r.n)) counts[r.m]++;
      // device-ts rows not inserted were there already (a redelivery); server-stamped ones collided
      rows = rows.filter((r) => r.s && !inserted.has(r.n));
      if (rows.length && round >= RESTAMPS) throw new Error(`${rows.length} server-stamped readings collided ${RESTAMPS} times`);
      for (const r of rows) r.t = isoMicros(serverStamp());
    }
    return counts;
  }
}
