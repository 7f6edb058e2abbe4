/**
 * Token → device for the device intakes (sensors, cameras): the token is checked by the people module,
 * the device row found by the intake's `load`, and the answer (a miss too) cached for 30 s — so a revoked
 * token stops working within that time, in every intake alike.
 */
import { Lru } from '../platform/lru.ts';
import type { UsersService } from './users.service.ts';

export function deviceLookup<T>(users: UsersService, load: (tokenId: string) => Promise<T | null>, size = 50_000): (token: string) => Promise<T | null> {
  const cache = new Lru<string, T | null>(size, 30_000);
  return async (token) => {
    const hit = cache.get(token);
    if (hit !== undefined) return hit;
    const t = await users.resolveDeviceToken(token);
    const device = t ? await load(t.id) : null;
    cache.set(token, device);
    return device;
  };
}
