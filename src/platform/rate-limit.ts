/**
 * Rate limits for what the public can post (reports, photos, "me too", Open311 requests): a fixed
 * window per key (person, IP address, API key), kept in memory per process. With several processes
 * behind a load balancer each counts on its own, so the effective limit is at most N times the
 * setting — enough against a script flooding one village's queue.
 */
import { AppError } from './errors.ts';
import { Lru } from './lru.ts';

export class RateLimiter {
  private windows: Lru<string, { start: number; count: number }>;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.windows = new Lru(100_000, windowMs);
  }

  /** Count one use; false (and the seconds to wait) when the key is over its limit. */
  take(key: string, now = Date.now()): { ok: boolean; retryAfterSeconds: number } {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) w = { start: now, count: 0 };
    w.count++;
    this.windows.set(key, w);
    const ok = w.count <= this.limit;
    return { ok, retryAfterSeconds: ok ? 0 : Math.ceil((w.start + this.windowMs - now) / 1000) };
  }

  /** As take, throwing 429 RATE_LIMITED. */
  check(key: string, what: string): void {
    const r = this.take(key);
    if (!r.ok) throw new AppError('RATE_LIMITED', 429, `Too many ${what}; try again in ${r.retryAfterSeconds} s`, { retryAfterSeconds: r.retryAfterSeconds });
  }
}

/** The limits of the public channels, from the settings. */
export class PublicLimits {
  readonly perPerson: RateLimiter;
  readonly perIp: RateLimiter;

  constructor(perPersonPerHour: number, perIpPerMinute: number) {
    this.perPerson = new RateLimiter(perPersonPerHour, 3_600_000);
    this.perIp = new RateLimiter(perIpPerMinute, 60_000);
  }

  /** A post by a resident, tourist or API client (staff are not limited per person). */
  check(opts: { ip: string; person?: string | null }, what = 'reports'): void {
    this.perIp.check(`ip:${opts.ip}`, what);
    if (opts.person) this.perPerson.check(`p:${opts.person}`, what);
  }
}
