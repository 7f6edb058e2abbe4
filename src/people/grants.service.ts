/**
 * Need-to-know grants: an administrator gives a permission that no role implies (a household's record, a
 * petition) to one person or to an organisation, in a region, with a reason; revoking keeps the row.
 * Both steps are audited. The grant counts only while the holder keeps a role that may be granted it
 * in that area (platform/access.ts `effectiveGrants`), and a change reaches a live session within the
 * session cache's five seconds.
 */
import { assertCan, effectiveGrants, permissionRegistry, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { badRequest, conflict, isUniqueViolation, notFound } from '../platform/errors.ts';
import * as repo from './grants.repository.ts';
import { findOrganisation, findUserById, membershipsOf } from './people.repository.ts';
import { actorFromRows, type RegionLookup } from './users.service.ts';

export interface NewGrant {
  permission: string;
  userId?: string | null;
  organisationId?: string | null;
  regionCode: string;
  reason: string;
}

export interface GrantView {
  id: string;
  permission: string;
  /** The permission's words, for the administrator's list. */
  permissionName: { zh: string; en: string } | null;
  holder: { kind: 'user' | 'organisation'; id: string; name: string | null };
  regionCode: string;
  reason: string;
  grantedBy: string | null;
  createdAt: string;
  revokedAt: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

function present(r: repo.GrantRow): GrantView {
  const def = permissionRegistry().get(r.permission);
  return {
    id: r.id, permission: r.permission, permissionName: def ? { zh: def.zh, en: def.en } : null,
    holder: r.user_id ? { kind: 'user', id: r.user_id, name: r.user_name } : { kind: 'organisation', id: r.organisation_id!, name: r.organisation_name },
    regionCode: r.region_code, reason: r.reason, grantedBy: r.granted_by, createdAt: iso(r.created_at), revokedAt: r.revoked_at ? iso(r.revoked_at) : null,
  };
}

export class GrantsService {
  constructor(
    private p: Platform,
    private regions: RegionLookup,
  ) {}

  async list(actor: Actor, opts: { permission?: string; includeRevoked?: boolean } = {}): Promise<GrantView[]> {
    assertCan(actor, 'users.write');
    const patterns = scopesFor(actor, 'users.write').map((s) => `${s}%`);
    return (await repo.listGrants(this.p.db, patterns, opts)).map(present);
  }

  async grant(actor: Actor, input: NewGrant): Promise<GrantView> {
    assertCan(actor, 'users.write', input.regionCode);
    const def = permissionRegistry().get(input.permission);
    if (!def) throw badRequest('PERMISSION_UNKNOWN', `No permission ${input.permission}`, { field: 'permission' });
    if (!def.needToKnow) throw badRequest('GRANT_NOT_NEEDED', `${input.permission} comes with a role`, { field: 'permission' });
    const userId = input.userId ?? null;
    const organisationId = input.organisationId ?? null;
    if ((userId === null) === (organisationId === null)) throw badRequest('GRANT_HOLDER', 'Name one person or one organisation', { field: 'userId' });
    if (!(await this.regions.exists(input.regionCode))) throw badRequest('REGION_NOT_FOUND', `No region ${input.regionCode}`, { field: 'regionCode' });
    if (userId) {
      const user = await findUserById(this.p.db, userId);
      if (!user) throw badRequest('USER_NOT_FOUND', 'No such user', { field: 'userId' });
      const holder = actorFromRows(user.id, user.kind, user.displayName, user.homeRegionCode, await membershipsOf(this.p.db, user.id));
      const stored = { permission: input.permission, regionCode: input.regionCode, organisationId: null };
      if (effectiveGrants(holder.memberships, [stored]).length === 0) throw badRequest('GRANT_NOT_ELIGIBLE', 'No eligible role in that area', { field: 'userId' });
    } else {
      const org = await findOrganisation(this.p.db, organisationId!);
      if (!org) throw badRequest('ORGANISATION_NOT_FOUND', 'No such organisation', { field: 'organisationId' });
      // an organisation is granted within its own area (a township's office for its villages, not the district)
      if (!scopeOfRegionCode(input.regionCode).startsWith(scopeOfRegionCode(org.regionCode))) {
        throw badRequest('GRANT_NOT_ELIGIBLE', 'The region lies outside the organisation\'s area', { field: 'regionCode' });
      }
    }
    const row = { permission: input.permission, userId, organisationId, regionCode: input.regionCode };
    if (await repo.liveGrantExists(this.p.db, row)) throw conflict('GRANT_EXISTS', 'The same grant is in force');
    const id = await this.p.tx(async (tx) => {
      // the check above answers the usual case; the unique index the race between two administrators
      const newId = await repo.insertGrant(tx, { ...row, reason: input.reason.trim(), grantedBy: actor.id }).catch((err: unknown) => {
        throw isUniqueViolation(err) ? conflict('GRANT_EXISTS', 'The same grant is in force') : err;
      });
      await writeAudit(tx, {
        actorId: actor.id, action: 'grant.created', entity: 'access_grant', entityId: newId, regionCode: input.regionCode,
        details: { permission: input.permission, userId, organisationId, reason: input.reason.trim() },
      });
      return newId;
    });
    return present((await repo.findGrant(this.p.db, id))!);
  }

  async revoke(actor: Actor, id: string, reason: string | null = null): Promise<GrantView> {
    const row = await repo.findGrant(this.p.db, id);
    if (!row) throw notFound('GRANT_NOT_FOUND', 'No such grant');
    assertCan(actor, 'users.write', row.region_code, () => notFound('GRANT_NOT_FOUND', 'No such grant'));
    await this.p.tx(async (tx) => {
      if (!(await repo.revokeGrant(tx, id, actor.id))) return; // already revoked: answering the same is idempotent
      await writeAudit(tx, {
        actorId: actor.id, action: 'grant.revoked', entity: 'access_grant', entityId: id, regionCode: row.region_code,
        details: { permission: row.permission, userId: row.user_id, organisationId: row.organisation_id, reason },
      });
    });
    return present((await repo.findGrant(this.p.db, id))!);
  }
}
