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
const OTP_PER_HOUR = 5;

const SESSION_CACHE_MS = 5000;
const SESSION_CACHE_MAX = 10_000;

export class AuthService {
  private cache = new Map<string, { actor: Actor | null; until: number }>();

  constructor(
    private p: Platform,
    private usersService: UsersService,
    private sms: SmsSender,
  ) {}

  private async openSession(userId: string, kind: 'session' | 'api' = 'session'): Promise<{ token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.p.config.sessionTtlHours * 3600_000);
    await repo.insertSession(this.p.db, sha256(token), userId, kind, expiresAt);
    return { token, expiresAt };
  }

  async loginWithPassword(username: string, password: string): Promise<LoginResult> {
    const user = await repo.findUserByUsername(this.p.db, username);
    const ok = await verifyPassword(password, user?.passwordHash ?? null);
    if (!user || !ok) throw unauthorized('Wrong user name or password', 'INVALID_CREDENTIALS');
    if (user.disabled) throw forbidden('This account is disabled');
    const session = await this.openSession(user.id);
    await writeAudit(this.p.db, { actorId: user.id, action: 'auth.login', entity: 'user', entityId: user.id, details: { method: 'password' } });
    this.p.log.info({ actorId: user.id }, 'staff logged in');
    return { ...session, actor: await this.usersService.actorOf(user.id) };
  }

  /** Send a 6-digit code. Throttled per phone (cooldown and hourly cap). */
  async requestOtp(phoneInput: string): Promise<{ expiresInSeconds: number }> {
    const phone = normalisePhone(phoneInput);
    if (!phone) throw badRequest('PHONE_INVALID', 'Not a mainland mobile number (11 digits starting with 1)', { field: 'phone' });
    const cfg = this.p.config;
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
  async verifyOtp(phoneInput: string, code: string): Promise<LoginResult> {
    const phone = normalisePhone(phoneInput);
    if (!phone) throw badRequest('PHONE_INVALID', 'Not a mainland mobile number', { field: 'phone' });
    const otp = await repo.latestOtp(this.p.db, phone);
    if (!otp || otp.consumedAt) throw unauthorized('No code was requested for this number, or it was used', 'OTP_INVALID');
    if (new Date(otp.expiresAt).getTime() < Date.now()) throw unauthorized('The code has expired; ask for a new one', 'OTP_EXPIRED');
    if (otp.attempts >= OTP_MAX_ATTEMPTS) throw unauthorized('Too many wrong codes; ask for a new one', 'OTP_EXPIRED');
    const expected = Buffer.from(otp.codeHash, 'hex');
    const actual = Buffer.from(sha256(`${phone}:${code}`), 'hex');
    if (!crypto.timingSafeEqual(expected, actual)) {
      await repo.bumpOtpAttempts(this.p.db, otp.id);
      throw unauthorized('Wrong code', 'OTP_INVALID');
    }
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
      rows.map((r) => ({ role: r.role, regionCode: r.region_code, organisationId: r.organisation_id })));
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
