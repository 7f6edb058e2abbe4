/**
 * Log-in: staff with user name + password (scrypt); residents and tourists with phone + one-time
 * code sent by the SMS adapter. Sessions are random tokens (only their SHA-256 is stored), used as
 * an HTTP-only cookie by the web app and as a bearer token by API clients.
 */
import crypto from 'node:crypto';
import type { Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { AppError, badRequest, forbidden, unauthorized } from '../platform/errors.ts';
import { Backoff, tooManyAttempts } from '../platform/rate-limit.ts';
import { maskPhone, normalisePhone } from '../platform/privacy.ts';
import { newToken, sha256, verifyPassword } from './passwords.ts';
import * as repo from './people.repository.ts';
import { users } from './people.schema.ts';
import type { SmsSender } from './sms.ts';
import { actorFromRows, type UsersService } from './users.service.ts';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
}

const OTP_MAX_ATTEMPTS = 5;
/** Back-off after the free attempts: 2 s, 4 s, 8 s … at most 15 min; forgotten after an hour without any. */
const BACKOFF_BASE_MS = 2000;
const BACKOFF_MAX_MS = 15 * 60_000;
const OTP_PER_HOUR = 5;

const SESSION_CACHE_MS = 5000;
const SESSION_CACHE_MAX = 10_000;

export class AuthService {
  private cache = new Map<string, { actor: Actor | null; until: number }>();
  /** Password guesses per account and per client address. */
  private logins: Backoff;
  private loginsPerIp: Backoff;
  /** Codes sent per client address (SMS costs money: a script must not pump them), and codes tried per address. */
  private otpSends: Backoff;
  private otpGuesses: Backoff;

  constructor(
    private p: Platform,
    private usersService: UsersService,
    private sms: SmsSender,
  ) {
    const c = p.config;
    this.logins = new Backoff(c.loginAttemptsPerAccount, BACKOFF_BASE_MS, BACKOFF_MAX_MS);
    this.loginsPerIp = new Backoff(c.loginAttemptsPerIp, BACKOFF_BASE_MS, BACKOFF_MAX_MS);
    this.otpSends = new Backoff(c.otpSendsPerIp, BACKOFF_BASE_MS * 5, 60 * 60_000);
    this.otpGuesses = new Backoff(c.loginAttemptsPerIp, BACKOFF_BASE_MS, BACKOFF_MAX_MS);
  }

  private async openSession(userId: string, kind: 'session' | 'api' = 'session'): Promise<{ token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.p.config.sessionTtlHours * 3600_000);
    await repo.insertSession(this.p.db, sha256(token), userId, kind, expiresAt);
    return { token, expiresAt };
  }

  /**
   * Throttled per account and per client address (`ip`, when the call comes over HTTP): past the free
   * attempts each one waits twice as long as the last (429 TOO_MANY_ATTEMPTS with Retry-After), a
   * correct password included, so a guesser gains nothing by going on.
   */
  async loginWithPassword(username: string, password: string, ip?: string): Promise<LoginResult> {
    const account = `acct:${username.trim().toLowerCase()}`;
    const address = ip ? [`ip:${ip}`] : [];
    const a = this.logins.attempt([account]);
    const b = a.ok ? this.loginsPerIp.attempt(address) : a;
    if (!b.ok) {
      if (a.ok) this.logins.forgive(account); // refused by the address: the account's count stays as it was
      throw tooManyAttempts(b.retryAfterSeconds, 'log-in attempts');
    }
    const user = await repo.findUserByUsername(this.p.db, username);
    const ok = await verifyPassword(password, user?.passwordHash ?? null);
    if (!user || !ok) throw unauthorized('Wrong user name or password', 'INVALID_CREDENTIALS');
    this.logins.succeeded(account);
    if (ip) this.loginsPerIp.forgive(`ip:${ip}`);
    if (user.disabled) throw forbidden('This account is disabled');
    const session = await this.openSession(user.id);
    await writeAudit(this.p.db, { actorId: user.id, action: 'auth.login', entity: 'user', entityId: user.id, details: { method: 'password' } });
    this.p.log.info({ actorId: user.id }, 'staff logged in');
    return { ...session, actor: await this.usersService.actorOf(user.id) };
  }

  /** Send a 6-digit code. Throttled per phone (cooldown and hourly cap) and per client address (back-off). */
  async requestOtp(phoneInput: string, ip?: string): Promise<{ expiresInSeconds: number }> {
    const phone = normalisePhone(phoneInput);
    if (!phone) throw badRequest('PHONE_INVALID', 'Not a mainland mobile number (11 digits starting with 1)', { field: 'phone' });
    const cfg = this.p.config;
    const sends = this.otpSends.attempt(ip ? [`ip:${ip}`] : []);
    if (!sends.ok) throw tooManyAttempts(sends.retryAfterSeconds, 'codes requested from this address');
    const last = await repo.latestOtp(this.p.db, phone);
    if (last && Date.now() - new Date(last.createdAt).getTime() < cfg.otpCooldownSeconds * 1000) {
      const wait = Math.ceil(cfg.otpCooldownSeconds - (Date.now() - new Date(last.createdAt).getTime()) / 1000);
      throw new AppError('OTP_TOO_SOON', 429, `Wait ${wait} s before asking for another code`, { field: 'phone', retryAfterSeconds: wait });
    }
    if ((await repo.countOtpsSince(this.p.db, phone, new Date(Date.now() - 3600_000))) >= OTP_PER_HOUR) {
      throw new AppError('OTP_RATE_LIMITED', 429, 'Too many codes for this number in the last hour', { field: 'phone', retryAfterSeconds: 3600 });
    }
    const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
    // send first (no transaction held during the gateway call); a failed send stores no code
    await this.sms.send(this.p.db, phone, `【乡村大脑】验证码 ${code}，${Math.round(cfg.otpTtlSeconds / 60)} 分钟内有效。如非本人操作请忽略。`);
    await repo.insertOtp(this.p.db, phone, sha256(`${phone}:${code}`), new Date(Date.now() + cfg.otpTtlSeconds * 1000));
    return { expiresInSeconds: cfg.otpTtlSeconds };
  }

  /** Check a code; a phone seen for the first time becomes a tourist account. */
  async verifyOtp(phoneInput: string, code: string, ip?: string): Promise<LoginResult> {
    const phone = normalisePhone(phoneInput);
    if (!phone) throw badRequest('PHONE_INVALID', 'Not a mainland mobile number', { field: 'phone' });
    const address = ip ? `ip:${ip}` : null;
    const guess = this.otpGuesses.attempt(address ? [address] : []);
    if (!guess.ok) throw tooManyAttempts(guess.retryAfterSeconds, 'wrong codes from this address');
    const otp = await repo.latestOtp(this.p.db, phone);
    if (!otp || otp.consumedAt) throw unauthorized('No code was requested for this number, or it was used', 'OTP_INVALID');
    if (new Date(otp.expiresAt).getTime() < Date.now()) throw unauthorized('The code has expired; ask for a new one', 'OTP_EXPIRED');
    // the attempt is taken in the database before the comparison (parallel guesses cannot share one)
    if (!(await repo.claimOtpAttempt(this.p.db, otp.id, OTP_MAX_ATTEMPTS))) throw unauthorized('Too many wrong codes; ask for a new one', 'OTP_EXPIRED');
    const expected = Buffer.from(otp.codeHash, 'hex');
    const actual = Buffer.from(sha256(`${phone}:${code}`), 'hex');
    if (!crypto.timingSafeEqual(expected, actual)) throw unauthorized('Wrong code', 'OTP_INVALID');
    if (address) this.otpGuesses.forgive(address);
    if (!(await repo.consumeOtp(this.p.db, otp.id))) throw unauthorized('The code was already used', 'OTP_INVALID');
    let user = await repo.findUserByPhone(this.p.db, phone);
    if (!user) {
      [user] = await this.p.db
        .insert(users)
        .values({ phone, kind: 'tourist', displayName: `游客${phone.slice(-4)}` })
        .onConflictDoNothing()
        .returning();
      user ??= await repo.findUserByPhone(this.p.db, phone);
      this.p.log.info({ phone: maskPhone(phone) }, 'new tourist account');
    }
    if (user.disabled) throw forbidden('This account is disabled');
    const session = await this.openSession(user.id);
    await writeAudit(this.p.db, { actorId: user.id, action: 'auth.login', entity: 'user', entityId: user.id, details: { method: 'otp' } });
    return { ...session, actor: await this.usersService.actorOf(user.id) };
  }

  /**
   * The actor behind a session or bearer token, or null. One joined query, then kept for
   * SESSION_CACHE_MS in this process: a log-out here evicts at once; a log-out, disabled account or
   * changed role in another process is seen here within that time.
   */
  async resolve(token: string | undefined): Promise<Actor | null> {
    if (!token || token.length > 200) return null;
    const hash = sha256(token);
    const now = Date.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.actor;
    const rows = await repo.findSessionActor(this.p.db, hash);
    const u = rows[0];
    const actor = !u || u.disabled ? null : actorFromRows(u.id, u.kind, u.display_name, u.home_region_code,
      rows.map((r) => ({ role: r.role, regionCode: r.region_code, organisationId: r.organisation_id })), repo.parseJson(u.grants) ?? []);
    if (this.cache.size >= SESSION_CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(hash, { actor, until: now + SESSION_CACHE_MS });
    return actor;
  }

  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    const hash = sha256(token);
    this.cache.delete(hash);
    await repo.deleteSession(this.p.db, hash);
  }
}
