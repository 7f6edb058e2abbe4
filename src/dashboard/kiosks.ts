/**
 * Kiosk tokens: a wall shows one region's screen without anyone logged in. An administrator of the
 * region issues one (route or `vb screen-kiosk add`), bound to the region, with an expiry; revoking it
 * takes the wall off at its next request (the stream is closed by the server's next check). Only the
 * token's SHA-256 is stored; the token is shown once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { assertCan, requireActor, scopesFor, type Actor } from '../platform/access.ts';
import { isoOrNull, iso } from '../platform/contract.ts';
import type { Platform } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { Kiosk, NewKiosk } from './dashboard.contract.ts';

type Rows<T> = { rows: T[] };

interface KioskRow {
  id: string; region_code: string; name: string; created_at: Date | string; expires_at: Date | string;
  revoked_at: Date | string | null; last_seen_at: Date | string | null;
}

const HOUR = 3_600_000;
export const KIOSK_MAX_HOURS = 24 * 366;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const noKiosk = () => new AppError('KIOSK_NOT_FOUND', 404, 'No such kiosk token');
export const kioskRefused = () => new AppError('KIOSK_TOKEN_INVALID', 401, 'The kiosk token has expired, was revoked or is unknown');

function present(r: KioskRow, now = Date.now()): Kiosk {
  const state = r.revoked_at ? 'revoked' : new Date(r.expires_at).getTime() <= now ? 'expired' : 'active';
  return {
    id: r.id, regionCode: r.region_code, name: r.name, createdAt: iso(r.created_at), expiresAt: iso(r.expires_at),
    revokedAt: isoOrNull(r.revoked_at), lastSeenAt: isoOrNull(r.last_seen_at), state,
  };
}

const COLS = sql`id, region_code, name, created_at, expires_at, revoked_at, last_seen_at`;

export class KiosksService {
  constructor(private p: Platform, private regionExists: (code: string) => Promise<boolean>) {}

  /** A new token for a region's wall (null actor: the CLI). */
  async create(actor: Actor | null, input: { regionCode: string; name: string; hours: number }): Promise<NewKiosk> {
    if (actor) assertCan(actor, 'screen.kiosks', input.regionCode, () => new AppError('SCREEN_NOT_FOUND', 404, 'No screen for this region'));
    if (!Number.isInteger(input.hours) || input.hours < 1 || input.hours > KIOSK_MAX_HOURS) {
      throw new AppError('KIOSK_EXPIRY_INVALID', 422, 'A kiosk token lasts between 1 hour and 1 year', { field: 'hours' });
    }
    if (!(await this.regionExists(input.regionCode))) throw new AppError('SCREEN_NOT_FOUND', 404, 'No screen for this region');
    const token = `vbk_${randomBytes(24).toString('base64url')}`;
    const expires = new Date(Date.now() + input.hours * HOUR).toISOString();
    const r = (await this.p.db.execute(sql`
      INSERT INTO screen_kiosks (region_code, name, token_hash, created_by, expires_at)
      VALUES (${input.regionCode}, ${input.name}, ${hash(token)}, ${actor?.id ?? null}::uuid, ${expires}::timestamptz)
      RETURNING ${COLS}`)) as unknown as Rows<KioskRow>;
    const kiosk = present(r.rows[0]);
    return { kiosk, token, url: `/screen/${kiosk.regionCode}?kiosk=${token}` };
  }

  /** The kiosks of the caller's area (newest first). */
  async list(actor: Actor | null, regionCode?: string): Promise<Kiosk[]> {
    const scopes = actor ? scopesFor(requireActor(actor), 'screen.kiosks') : [''];
    const within = regionCode ? scopes.filter((s) => regionCode.startsWith(s)).map(() => regionCode) : scopes;
    if (within.length === 0) return [];
    const r = (await this.p.db.execute(sql`SELECT ${COLS} FROM screen_kiosks
      WHERE region_code LIKE ANY(${sql.param(within.map((s) => `${s}%`))}::text[]) ORDER BY created_at DESC LIMIT 200`)) as unknown as Rows<KioskRow>;
    return r.rows.map((x) => present(x));
  }

  /** Revoke (idempotent: a revoked one stays as it was). */
  async revoke(actor: Actor | null, id: string): Promise<Kiosk> {
    const [row] = ((await this.p.db.execute(sql`SELECT ${COLS} FROM screen_kiosks WHERE id = ${id}::uuid`)) as unknown as Rows<KioskRow>).rows;
    if (!row) throw noKiosk();
    if (actor) assertCan(actor, 'screen.kiosks', row.region_code, noKiosk);
    const r = (await this.p.db.execute(sql`UPDATE screen_kiosks SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, ${actor?.id ?? null}::uuid)
      WHERE id = ${id}::uuid RETURNING ${COLS}`)) as unknown as Rows<KioskRow>;
    return present(r.rows[0]);
  }

  /**
   * The region a token shows, checked against the one asked for: unknown, expired or revoked → 401
   * (the wall says so in words); valid for another region → 404, as a region one may not see.
   */
  async check(token: string | undefined, regionCode: string): Promise<void> {
    if (!token) throw kioskRefused();
    const [row] = ((await this.p.db.execute(sql`
      UPDATE screen_kiosks SET last_seen_at = now() WHERE token_hash = ${hash(token)}
      RETURNING region_code, (revoked_at IS NULL AND expires_at > now()) AS valid`)) as unknown as Rows<{ region_code: string; valid: boolean }>).rows;
    if (!row || !row.valid) throw kioskRefused();
    if (row.region_code !== regionCode) throw new AppError('SCREEN_NOT_FOUND', 404, 'No screen for this region');
  }
}
