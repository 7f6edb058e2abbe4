/** SQL of the kiosk tokens (dashboard.schema.ts screenKiosks): only the token's SHA-256 is stored. */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';

type Rows<T> = { rows: T[] };

export interface KioskRow {
  id: string; region_code: string; name: string; created_at: Date | string; expires_at: Date | string;
  revoked_at: Date | string | null; last_seen_at: Date | string | null;
}

const COLS = sql`id, region_code, name, created_at, expires_at, revoked_at, last_seen_at`;

export async function insertKiosk(db: Db, k: { regionCode: string; name: string; tokenHash: string; createdBy: string | null; expiresAt: string }): Promise<KioskRow> {
  const r = (await db.execute(sql`
    INSERT INTO screen_kiosks (region_code, name, token_hash, created_by, expires_at)
    VALUES (${k.regionCode}, ${k.name}, ${k.tokenHash}, ${k.createdBy}::uuid, ${k.expiresAt}::timestamptz)
    RETURNING ${COLS}`)) as unknown as Rows<KioskRow>;
  return r.rows[0];
}

/** The kiosks under any of these scopes (region code prefixes), newest first. */
export async function listKiosks(db: Db, scopes: readonly string[], limit = 200): Promise<KioskRow[]> {
  const r = (await db.execute(sql`SELECT ${COLS} FROM screen_kiosks
    WHERE region_code LIKE ANY(${sql.param(scopes.map((s) => `${s}%`))}::text[]) ORDER BY created_at DESC LIMIT ${limit}`)) as unknown as Rows<KioskRow>;
  return r.rows;
}

export async function findKiosk(db: Db, id: string): Promise<KioskRow | undefined> {
  return ((await db.execute(sql`SELECT ${COLS} FROM screen_kiosks WHERE id = ${id}::uuid`)) as unknown as Rows<KioskRow>).rows[0];
}

/** Revoke once: a revoked token keeps when and by whom. */
export async function revokeKiosk(db: Db, id: string, by: string | null): Promise<KioskRow> {
  const r = (await db.execute(sql`UPDATE screen_kiosks SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, ${by}::uuid)
    WHERE id = ${id}::uuid RETURNING ${COLS}`)) as unknown as Rows<KioskRow>;
  return r.rows[0];
}

/**
 * The token's region and whether it is valid now (unexpired, not revoked); undefined: no such token. Its
 * last-seen time is written at most once a minute (a wall reads every second while cases change).
 */
export async function touchKiosk(db: Db, tokenHash: string): Promise<{ id: string; region_code: string; valid: boolean } | undefined> {
  const [row] = ((await db.execute(sql`
    SELECT id, region_code, (revoked_at IS NULL AND expires_at > now()) AS valid, (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute') AS due
      FROM screen_kiosks WHERE token_hash = ${tokenHash}`)) as unknown as Rows<{ id: string; region_code: string; valid: boolean; due: boolean }>).rows;
  if (row?.valid && row.due) await db.execute(sql`UPDATE screen_kiosks SET last_seen_at = now() WHERE id = ${row.id}::uuid`);
  return row && { id: row.id, region_code: row.region_code, valid: row.valid };
}
