/** SQL of the need-to-know grants (people's access_grants); region scope in SQL. */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';

export interface GrantRow {
  id: string;
  permission: string;
  user_id: string | null;
  user_name: string | null;
  organisation_id: string | null;
  organisation_name: string | null;
  region_code: string;
  reason: string;
  granted_by: string | null;
  created_at: Date | string;
  revoked_at: Date | string | null;
}

const SELECT_GRANTS = sql`
  SELECT g.id, g.permission, g.user_id, u.display_name AS user_name, g.organisation_id, o.name AS organisation_name,
         g.region_code, g.reason, g.granted_by, g.created_at, g.revoked_at
    FROM access_grants g
    LEFT JOIN users u ON u.id = g.user_id
    LEFT JOIN organisations o ON o.id = g.organisation_id`;

/** Grants whose region lies in one of the scopes (LIKE patterns), newest first. */
export async function listGrants(db: Db, patterns: string[], opts: { permission?: string; includeRevoked?: boolean }): Promise<GrantRow[]> {
  const r = (await db.execute(sql`${SELECT_GRANTS}
   WHERE (${sql.join(patterns.length ? patterns.map((p) => sql`g.region_code LIKE ${p}`) : [sql`false`], sql` OR `)})
     ${opts.permission ? sql`AND g.permission = ${opts.permission}` : sql``}
     ${opts.includeRevoked ? sql`` : sql`AND g.revoked_at IS NULL`}
   ORDER BY g.created_at DESC, g.id
   LIMIT 500`)) as unknown as { rows: GrantRow[] };
  return r.rows;
}

export async function findGrant(db: Db, id: string): Promise<GrantRow | undefined> {
  const r = (await db.execute(sql`${SELECT_GRANTS} WHERE g.id = ${id}`)) as unknown as { rows: GrantRow[] };
  return r.rows[0];
}

/** Is the same grant (permission, holder, region) in force? */
export async function liveGrantExists(db: Db, g: { permission: string; userId: string | null; organisationId: string | null; regionCode: string }): Promise<boolean> {
  const r = (await db.execute(sql`
    SELECT 1 FROM access_grants
     WHERE revoked_at IS NULL AND permission = ${g.permission} AND region_code = ${g.regionCode}
       AND user_id IS NOT DISTINCT FROM ${g.userId}::uuid AND organisation_id IS NOT DISTINCT FROM ${g.organisationId}::uuid
     LIMIT 1`)) as unknown as { rows: unknown[] };
  return r.rows.length > 0;
}

export async function insertGrant(tx: Db, g: { permission: string; userId: string | null; organisationId: string | null; regionCode: string; reason: string; grantedBy: string | null }): Promise<string> {
  const r = (await tx.execute(sql`
    INSERT INTO access_grants (permission, user_id, organisation_id, region_code, reason, granted_by)
    VALUES (${g.permission}, ${g.userId}::uuid, ${g.organisationId}::uuid, ${g.regionCode}, ${g.reason}, ${g.grantedBy}::uuid)
    RETURNING id`)) as unknown as { rows: { id: string }[] };
  return r.rows[0].id;
}

/** Revoke a live grant; false when it was not live. */
export async function revokeGrant(tx: Db, id: string, by: string | null): Promise<boolean> {
  const r = (await tx.execute(sql`
    UPDATE access_grants SET revoked_at = now(), revoked_by = ${by}::uuid WHERE id = ${id} AND revoked_at IS NULL RETURNING id`)) as unknown as { rows: unknown[] };
  return r.rows.length > 0;
}
