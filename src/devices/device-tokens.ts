/**
 * Device credentials for the device intakes (sensors, cameras): issued once (only the hash is kept),
 * revoked, and resolved — `lookup` gives an intake its token → device function, the answer (a miss too)
 * cached for 30 s, so a revoked token stops working within that time in every intake alike.
 */
import crypto from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { Lru } from '../platform/lru.ts';
import { deviceTokens } from './devices.schema.ts';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const newToken = () => crypto.randomBytes(32).toString('base64url');

export type DeviceTokenRow = typeof deviceTokens.$inferSelect;

export class DeviceTokens {
  constructor(private p: Pick<Platform, 'db' | 'database'>) {}

  /**
   * A credential for a device, shown once: random, or the given one for the demo's well-known devices.
   * `db` is the caller's transaction when the device row goes in with it.
   */
  async create(input: { deviceKind: string; name: string; regionCode: string }, given?: string, db: Db = this.p.db): Promise<{ id: string; token: string }> {
    const token = given ?? newToken();
    const [d] = await db.insert(deviceTokens).values({ ...input, tokenHash: sha256(token) }).returning({ id: deviceTokens.id });
    return { id: d.id, token };
  }

  /** Revoke a credential: it is refused from now on (the intakes' caches allow up to 30 s). */
  async revoke(tokenId: string): Promise<void> {
    await this.p.database.raw('UPDATE device_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [tokenId]);
  }

  /** The live credential a token is, or null. */
  async resolve(token: string): Promise<DeviceTokenRow | null> {
    if (!token || token.length > 200) return null;
    const [d] = await this.p.db.select().from(deviceTokens).where(and(eq(deviceTokens.tokenHash, sha256(token)), isNull(deviceTokens.revokedAt)));
    return d ?? null;
  }

  /** Which of these credentials are revoked (a device list's 已停用). */
  async revokedAmong(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.p.database.raw<{ id: string }>('SELECT id FROM device_tokens WHERE id = ANY($1::uuid[]) AND revoked_at IS NOT NULL', [[...new Set(ids)]]);
    return new Set(rows.map((r) => r.id));
  }

  /** Token → device for an intake: the token checked here, the device row found by the intake's `load`. */
  lookup<T>(load: (tokenId: string) => Promise<T | null>, size = 50_000): (token: string) => Promise<T | null> {
    const cache = new Lru<string, T | null>(size, 30_000);
    return async (token) => {
      const hit = cache.get(token);
      if (hit !== undefined) return hit;
      const t = await this.resolve(token);
      const device = t ? await load(t.id) : null;
      cache.set(token, device);
      return device;
    };
  }
}
