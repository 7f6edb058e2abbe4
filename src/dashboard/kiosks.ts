/**
 * Kiosk tokens: a wall shows one region's screen without anyone logged in. An administrator of the
 * region issues one (route or `vb screen-kiosk add`), bound to the region, with an expiry; revoking it
 * takes the wall off at its next reading of the figures (within a minute: it then says why); an open
 * stream ends at its next reconnect. Only the token's SHA-256 is stored; the token is shown once. A wall
 * may drill down its map: the token shows its region and the regions inside it, nothing beside or above.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { assertCan, requireActor, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { isoOrNull, iso } from '../platform/contract.ts';
import type { Platform } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import type { Kiosk, NewKiosk } from './dashboard.contract.ts';
import { findKiosk, insertKiosk, listKiosks, revokeKiosk, touchKiosk, type KioskRow } from './kiosks.repository.ts';

const HOUR = 3_600_000;
export const KIOSK_MAX_HOURS = 24 * 366;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const noKiosk = () => new AppError('KIOSK_NOT_FOUND', 404, 'No such kiosk token');
const noScreen = () => new AppError('SCREEN_NOT_FOUND', 404, 'No screen for this region');
export const kioskRefused = () => new AppError('KIOSK_TOKEN_INVALID', 401, 'The kiosk token has expired, was revoked or is unknown');

function present(r: KioskRow, now = Date.now()): Kiosk {
  const state = r.revoked_at ? 'revoked' : new Date(r.expires_at).getTime() <= now ? 'expired' : 'active';
  return {
    id: r.id, regionCode: r.region_code, name: r.name, createdAt: iso(r.created_at), expiresAt: iso(r.expires_at),
    revokedAt: isoOrNull(r.revoked_at), lastSeenAt: isoOrNull(r.last_seen_at), state,
  };
}

export class KiosksService {
  constructor(private p: Platform, private regionExists: (code: string) => Promise<boolean>) {}

  /** A new token for a region's wall (null actor: the CLI). */
  async create(actor: Actor | null, input: { regionCode: string; name: string; hours: number }): Promise<NewKiosk> {
    if (actor) assertCan(actor, 'screen.kiosks', input.regionCode, noScreen);
    if (!Number.isInteger(input.hours) || input.hours < 1 || input.hours > KIOSK_MAX_HOURS) {
      throw new AppError('KIOSK_EXPIRY_INVALID', 422, 'A kiosk token lasts between 1 hour and 1 year', { field: 'hours' });
    }
    if (!/^\d{12}$/.test(input.regionCode) || !(await this.regionExists(input.regionCode))) throw noScreen();
    const token = `vbk_${randomBytes(24).toString('base64url')}`;
    const row = await insertKiosk(this.p.db, {
      regionCode: input.regionCode, name: input.name, tokenHash: hash(token), createdBy: actor?.id ?? null,
      expiresAt: new Date(Date.now() + input.hours * HOUR).toISOString(),
    });
    const kiosk = present(row);
    return { kiosk, token, url: `/screen/${kiosk.regionCode}?kiosk=${token}` };
  }

  /** The kiosks of the caller's area, or of one region in it (newest first). */
  async list(actor: Actor | null, regionCode?: string): Promise<Kiosk[]> {
    const scopes = actor ? scopesFor(requireActor(actor), 'screen.kiosks') : [''];
    const within = regionCode ? (scopes.some((s) => regionCode.startsWith(s)) ? [regionCode] : []) : scopes;
    if (within.length === 0) return [];
    return (await listKiosks(this.p.db, within)).map((x) => present(x));
  }

  /** Revoke (idempotent: a revoked one stays as it was); the walls' open streams end at once. */
  async revoke(actor: Actor | null, id: string): Promise<Kiosk> {
    const row = await findKiosk(this.p.db, id);
    if (!row) throw noKiosk();
    if (actor) assertCan(actor, 'screen.kiosks', row.region_code, noKiosk);
    const revoked = await this.p.tx(async (tx) => {
      const r = await revokeKiosk(tx, id, actor?.id ?? null);
      await emitEvent(tx, 'screen.kiosk_revoked', { kioskId: id }, { regionCode: r.region_code, aggregateId: id });
      return r;
    });
    return present(revoked);
  }

  /** The walls' streams this process holds, per kiosk token. */
  private streams = new Map<string, Set<ServerResponse>>();

  /** Hold a wall's open stream, so that a revocation can end it. */
  holdStream(kioskId: string, res: ServerResponse): void {
    let set = this.streams.get(kioskId);
    if (!set) this.streams.set(kioskId, (set = new Set()));
    set.add(res);
    res.on('close', () => {
      set.delete(res);
      if (set.size === 0 && this.streams.get(kioskId) === set) this.streams.delete(kioskId);
    });
  }

  /** A token was revoked (in any process): its walls get a last frame (they read again, and say why) and their streams end. */
  endStreams(kioskId: string): void {
    for (const res of this.streams.get(kioskId) ?? []) {
      res.write('event: screen.kiosk_revoked\ndata: {}\n\n');
      res.end();
    }
  }

  /**
   * The region a token shows, checked against the one asked for: unknown, expired or revoked → 401
   * (the wall says so in words); its region or one inside it → shown (the map's drill-down); any other
   * region → 404, as a region one may not see.
   */
  async check(token: string | undefined, regionCode: string): Promise<{ id: string }> {
    if (!token) throw kioskRefused();
    const row = await touchKiosk(this.p.db, hash(token));
    if (!row || !row.valid) throw kioskRefused();
    if (!regionCode.startsWith(scopeOfRegionCode(row.region_code))) throw noScreen();
    return { id: row.id };
  }
}
