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

/**
 * Exponential back-off for guesses (passwords, one-time codes) and costly sends (SMS): a key may use
 * `free` attempts; each one after that locks the key for baseMs·2^(n−free−1), at most maxMs. An
 * attempt is counted when it starts (so a burst of parallel guesses cannot all slip in before the first
 * one fails) and taken back by `succeeded`. A key's count is forgotten `forgetMs` after its last attempt.
 * In memory per process, like RateLimiter.
 */
export class Backoff {
  private keys: Lru<string, { attempts: number; lockedUntil: number; last: number }>;

  constructor(
    readonly free: number,
    readonly baseMs: number,
    readonly maxMs: number,
    readonly forgetMs = 3_600_000,
  ) {
    this.keys = new Lru(100_000, forgetMs + maxMs);
  }

  private entry(key: string, now: number) {
    const e = this.keys.get(key);
    return !e || (now >= e.lockedUntil && now - e.last >= this.forgetMs) ? { attempts: 0, lockedUntil: 0, last: now } : e;
  }

  /** Seconds the key must still wait (0: it may try now). */
  waitSeconds(key: string, now = Date.now()): number {
    const e = this.keys.get(key);
    return e && e.lockedUntil > now ? Math.ceil((e.lockedUntil - now) / 1000) : 0;
  }

  /**
   * Start an attempt for every key: refused (with the longest wait) when any of them is locked, and
   * then nothing is counted; otherwise counted for each, locking a key that is past its free attempts.
   */
  attempt(keys: string[], now = Date.now()): { ok: boolean; retryAfterSeconds: number } {
    const wait = Math.max(0, ...keys.map((k) => this.waitSeconds(k, now)));
    if (wait > 0) return { ok: false, retryAfterSeconds: wait };
    for (const k of keys) {
      const e = this.entry(k, now);
      e.attempts++;
      e.last = now;
      if (e.attempts > this.free) e.lockedUntil = now + Math.min(this.maxMs, this.baseMs * 2 ** Math.min(30, e.attempts - this.free - 1));
      this.keys.set(k, e);
    }
    return { ok: true, retryAfterSeconds: 0 };
  }

  /** The attempt succeeded: forget the key's count (a correct password clears its account's lock). */
  succeeded(key: string): void {
    this.keys.delete(key);
  }

  /** Take one attempt back without clearing the rest (a success from a shared address). */
  forgive(key: string): void {
    const e = this.keys.get(key);
    if (!e) return;
    e.attempts = Math.max(0, e.attempts - 1);
    if (e.attempts <= this.free) e.lockedUntil = 0;
    this.keys.set(key, e);
  }
}

/** The 429 of a throttled log-in or code: Retry-After is set from details.retryAfterSeconds. */
export function tooManyAttempts(retryAfterSeconds: number, what: string): AppError {
  return new AppError('TOO_MANY_ATTEMPTS', 429, `Too many ${what}; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}
