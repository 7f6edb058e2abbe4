/**
 * Assets and devices (DOMAIN.md §3): reservoirs with their characteristic levels, sensors with access
 * tokens, and the readings history for charts, downsampled to min/max/avg per time bucket.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { assertCan, staffScopePatterns, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { badRequest, notFound } from '../platform/errors.ts';
import type { DeviceTokens } from '../devices/index.ts';
import { CONNECTION_SQL, type DeviceConnection } from './alarm-sweep.ts';
import { floodLimitAt, SEVERITIES, type Severity } from './rules.ts';
import { assets, devices } from './sensors.schema.ts';
import { iso } from '../platform/contract.ts';
import type { AssetView, DeviceView, NewDevice, RainSummary, ReadingHistory, RevokedDevice } from './sensors.contract.ts';
import { rainSummary } from './rain-summary.ts';
import { READING_KEYS_SQL } from './reading-keys.ts';

export const DEVICE_KINDS: Record<string, { unit: string; min: number; max: number; interval: number; zh: string }> = {
  water_level: { unit: 'm', min: 0, max: 2000, interval: 300, zh: '水位计' },
  rainfall: { unit: 'mm', min: 0, max: 500, interval: 300, zh: '雨量计' },
  seepage_pressure: { unit: 'kPa', min: 0, max: 2000, interval: 600, zh: '渗压计' },
  seepage_flow: { unit: 'L/s', min: 0, max: 1000, interval: 600, zh: '量水堰' },
  displacement: { unit: 'mm', min: -1000, max: 1000, interval: 3600, zh: '位移计' },
  settlement: { unit: 'mm', min: -1000, max: 1000, interval: 3600, zh: '沉降标点' },
};

export type AssetRow = typeof assets.$inferSelect;

export class SensorsService {
  constructor(
    private p: Platform,
    private tokens: DeviceTokens,
  ) {}

  async addAsset(values: typeof assets.$inferInsert): Promise<AssetRow> {
    const [a] = await this.p.db.insert(assets).values(values).returning();
    return a;
  }

  async listAssets(actor: Actor | null) {
    return this.p.db.select().from(assets)
      .where(sql`${assets.regionCode} LIKE ANY(${sql.param(staffScopePatterns(actor))}::text[])`).orderBy(asc(assets.name));
  }

  /**
   * The assets of the caller's area for the monitoring screen: each with its devices' latest value (an
   * index scan backwards per device) and the highest severity among its open alarms.
   */
  async overview(actor: Actor, opts: { assetId?: string } = {}): Promise<AssetView[]> {
    const list = (await this.listAssets(actor)).filter((a) => !opts.assetId || a.id === opts.assetId);
    if (list.length === 0) return [];
    const ids = list.map((a) => a.id);
    const latest = await this.p.database.raw<{ asset_id: string; id: string; kind: string; unit: string; name: string; value: number | null; ts: Date | null }>(`
      SELECT d.asset_id, d.id, d.kind, d.unit, d.name, r.value, r.ts
        FROM devices d
        LEFT JOIN LATERAL (
          -- the newest under either key the kind's reading may carry (reading-keys.ts): one index scan backwards each
          SELECT k.value, k.ts FROM unnest(${READING_KEYS_SQL}) AS keys(key)
           CROSS JOIN LATERAL (SELECT value, ts FROM sensor_readings
                                WHERE device_id = d.id AND key = keys.key AND value IS NOT NULL ORDER BY ts DESC LIMIT 1) k
           ORDER BY k.ts DESC LIMIT 1) r ON true
       WHERE d.asset_id = ANY($1::uuid[]) ORDER BY d.kind`, [ids]);
    const open = await this.p.database.raw<{ asset_id: string; severity: Severity }>(
      "SELECT asset_id, severity FROM alarms WHERE asset_id = ANY($1::uuid[]) AND state <> 'cleared'", [ids]);
    return list.map((a) => {
      const sev = open.filter((x) => x.asset_id === a.id).map((x) => x.severity).sort((x, y) => SEVERITIES.indexOf(y) - SEVERITIES.indexOf(x))[0] ?? null;
      return {
        id: a.id, kind: a.kind, name: a.name, regionCode: a.regionCode, lon: a.lon, lat: a.lat, capacityClass: a.capacityClass, floodLimits: a.floodLimits,
        normalLevel: a.normalLevel, designFloodLevel: a.designFloodLevel, checkFloodLevel: a.checkFloodLevel, crestLevel: a.crestLevel, createdAt: iso(a.createdAt),
        state: sev ?? 'normal',
        // the 汛限 of today's season, so screens need not know the season rule
        floodLimit: floodLimitAt(a.floodLimits, a.normalLevel, Date.now()),
        devices: latest.filter((d) => d.asset_id === a.id).map((d) => ({ id: d.id, kind: d.kind, unit: d.unit, name: d.name, value: d.value, at: d.ts ? new Date(d.ts).toISOString() : null })),
      };
    });
  }

  /** 雨情 of the caller's area (rain-summary.ts). */
  async rain(actor: Actor, now = new Date()): Promise<RainSummary> {
    return rainSummary(this.p, staffScopePatterns(actor), now);
  }

  /** One asset as the overview shows it (latest readings and state), or null when not in the caller's area. */
  async assetView(actor: Actor, assetId: string) {
    return (await this.overview(actor, { assetId }))[0] ?? null;
  }

  /** A new sensor on an asset; returns its access token (shown once). */
  async addDevice(actor: Actor | null, input: { assetName?: string; assetId?: string; kind: string; name?: string; token?: string }): Promise<NewDevice> {
    const spec = DEVICE_KINDS[input.kind];
    if (!spec) throw badRequest('VALIDATION_FAILED', `kind must be one of ${Object.keys(DEVICE_KINDS).join(', ')}`, { field: 'kind' });
    const [asset] = await this.p.db.select().from(assets).where(input.assetId ? eq(assets.id, input.assetId) : eq(assets.name, input.assetName ?? ''));
    if (!asset) throw notFound('ASSET_NOT_FOUND', `No asset ${input.assetName ?? input.assetId}`, { field: 'asset' });
    if (actor) assertCan(actor, 'sensors.configure', asset.regionCode);
    const name = input.name ?? `${asset.name}${spec.zh}`;
    // the token and the device row in one transaction: a failure leaves neither (issue 11 #15)
    const { id, token } = await this.p.tx(async (tx: Db) => {
      const token = await this.tokens.create({ deviceKind: input.kind, name, regionCode: asset.regionCode }, input.token, tx);
      const [d] = await tx.insert(devices).values({
        tokenId: token.id, assetId: asset.id, kind: input.kind, name, unit: spec.unit, minValue: spec.min, maxValue: spec.max, intervalSeconds: spec.interval,
      }).returning({ id: devices.id });
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'device.added', entity: 'device', entityId: d.id, regionCode: asset.regionCode, details: { name, kind: input.kind } });
      return { id: d.id, token };
    });
    return { id, token: token.token, name };
  }

  /** Devices (all for the CLI; the caller's area for the console), with whether their token still works. */
  async listDevices(actor: Actor | null = null, opts: { assetId?: string } = {}): Promise<DeviceView[]> {
    const rows = await this.p.database.raw<{ id: string; name: string; kind: string; unit: string; asset: string; asset_id: string; region: string; last_seen_at: Date | null; token_id: string; connection: DeviceConnection }>(`
      SELECT d.id, d.name, d.kind, d.unit, a.name AS asset, a.id AS asset_id, a.region_code AS region, d.last_seen_at, d.token_id,
             ${CONNECTION_SQL} AS connection
        FROM devices d JOIN assets a ON a.id = d.asset_id
       WHERE ($1::uuid IS NULL OR a.id = $1) AND a.region_code LIKE ANY($2::text[]) ORDER BY a.name, d.name`, [opts.assetId ?? null, staffScopePatterns(actor)]);
    // whether a token still works is the devices module's to say
    const revoked = await this.tokens.revokedAmong(rows.map((r) => r.token_id));
    return rows.map((r) => ({
      id: r.id, name: r.name, kind: r.kind, unit: r.unit, asset: r.asset, assetId: r.asset_id, lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at).toISOString() : null, tokenId: r.token_id, revoked: revoked.has(r.token_id),
      connection: r.connection,
    }));
  }

  /** Revoke a device's token (an administrator of its area): it is refused from then on. */
  async revokeDevice(actor: Actor, id: string): Promise<RevokedDevice> {
    const [d] = await this.p.db.select({ tokenId: devices.tokenId, region: assets.regionCode, name: devices.name }).from(devices).innerJoin(assets, eq(assets.id, devices.assetId)).where(eq(devices.id, id));
    if (!d) throw notFound('DEVICE_NOT_FOUND', 'No such device');
    assertCan(actor, 'sensors.configure', d.region, () => notFound('DEVICE_NOT_FOUND', 'No such device'));
    await this.tokens.revoke(d.tokenId);
    await writeAudit(this.p.db, { actorId: actor.id, action: 'device.revoked', entity: 'device', entityId: id, regionCode: d.region, details: { name: d.name } });
    return { id, revoked: true };
  }

  /** Readings of a device between two times, downsampled to at most `buckets` min/max/avg points. */
  async history(actor: Actor, deviceId: string, q: { key: string; from: Date; to: Date; buckets: number }): Promise<ReadingHistory> {
    const [d] = await this.p.db.select({ id: devices.id, region: assets.regionCode }).from(devices).innerJoin(assets, eq(assets.id, devices.assetId)).where(eq(devices.id, deviceId));
    if (!d) throw notFound('DEVICE_NOT_FOUND', 'No such device');
    assertCan(actor, 'sensors.read', d.region, () => notFound('DEVICE_NOT_FOUND', 'No such device'));
    if (q.to.getTime() <= q.from.getTime()) throw badRequest('VALIDATION_FAILED', 'to must be after from', { field: 'to' });
    const width = Math.max(1, Math.ceil((q.to.getTime() - q.from.getTime()) / q.buckets / 1000));
    const rows = await this.p.database.raw<{ t: Date; min: number; max: number; avg: number; n: number }>(`
      SELECT to_timestamp(floor(extract(epoch FROM ts) / $5) * $5) AS t, min(value) AS min, max(value) AS max, avg(value) AS avg, count(*)::int AS n
        FROM sensor_readings WHERE device_id = $1 AND key = $2 AND ts >= $3 AND ts < $4 AND value IS NOT NULL
       GROUP BY 1 ORDER BY 1`, [deviceId, q.key, q.from.toISOString(), q.to.toISOString(), width], { prepare: true });
    return { key: q.key, bucketSeconds: width, points: rows.map((r) => ({ t: new Date(r.t).toISOString(), min: Number(r.min), max: Number(r.max), avg: Number(r.avg), n: r.n })) };
  }
}
