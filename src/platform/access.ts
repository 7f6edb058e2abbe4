/**
 * Who may do what, where. A role is held in a region scope (a code prefix: '330802' = the whole
 * district, '330802201200' = one village). A permission is granted at a region when some membership
 * whose role carries it has a scope that the region's code starts with.
 *
 * Lives in platform (not people) so every module can check access without importing people;
 * people resolves the Actor from a session and manages memberships.
 */
import { forbidden, unauthorized } from './errors.ts';

export const ROLES = [
  'resident', 'tourist', 'grid_worker', 'party_member', 'operator',
  'shift_lead', 'dispatcher', 'handler', 'leader', 'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_ZH: Record<Role, string> = {
  resident: '村民', tourist: '游客', grid_worker: '网格员', party_member: '党员', operator: '受理员',
  shift_lead: '值班长', dispatcher: '派遣员', handler: '处置人员', leader: '领导', admin: '管理员',
};

/**
 * Permissions are owned by the modules that check them: each declares its own, with words and the roles
 * that hold them, in `<module>.permissions.ts` (`definePermissions`), names them in its descriptor, and
 * adds their names to `Permissions` by declaration merging (so a typo is a type error while the
 * platform names no module). The platform keeps the scope mechanism and the registry, assembled as the
 * modules are built; docs/permissions.md is generated from it (role × permission × module).
 */
export interface Permissions {
  'audit.read': true;
  'media.upload': true;
  'events.stream': true;
}
export type Permission = keyof Permissions & string;

export interface PermissionDef {
  zh: string;
  en: string;
  /** Roles that hold it wherever they hold the role. */
  roles: readonly Role[];
  /**
   * Need-to-know: a role alone does not give it — an explicit grant to the person or their organisation
   * does (people's access grants), in the grant's region scope; `roles` then lists who may be granted it.
   */
  needToKnow?: boolean;
}

export type PermissionDefs<K extends string = string> = Record<K, PermissionDef>;

/** A module's permissions (typed by their names; registered when the module is built). */
export function definePermissions<K extends string>(defs: PermissionDefs<K>): PermissionDefs<K> {
  return defs;
}

/** Who sees an area's work: the roles of the command rooms, the grid and the handlers. */
export const STAFF_ROLES: readonly Role[] = ['grid_worker', 'handler', 'operator', 'dispatcher', 'shift_lead', 'leader', 'admin'];

const registry = new Map<string, PermissionDef & { module: string }>();
const byRole = new Map<Role, Set<string>>(ROLES.map((r) => [r, new Set<string>()]));

/** Add a module's permissions to the registry (idempotent; two modules cannot declare one name). */
export function registerPermissions(module: string, defs: PermissionDefs): void {
  for (const [name, def] of Object.entries(defs)) {
    const known = registry.get(name);
    if (known && known.module !== module) throw new Error(`permission ${name} is declared by ${known.module} and ${module}`);
    registry.set(name, { ...def, module });
    for (const role of ROLES) {
      if (def.roles.includes(role) && !def.needToKnow) byRole.get(role)!.add(name);
      else byRole.get(role)!.delete(name);
    }
  }
}

registerPermissions('platform', {
  'audit.read': { zh: '查看审计日志', en: 'Read the audit log', roles: ['leader', 'admin'] },
  'media.upload': { zh: '上传照片', en: 'Upload photos', roles: ['resident', 'tourist', 'party_member', ...STAFF_ROLES] },
  'events.stream': { zh: '接收辖区实时事件', en: 'Receive the area\'s live events', roles: STAFF_ROLES },
});

/** The registry: every permission with its module, words and roles. */
export function permissionRegistry(): ReadonlyMap<string, Readonly<PermissionDef & { module: string }>> {
  return registry;
}

/** The permissions a role holds by itself (need-to-know ones never: they are granted). */
export function rolePermissions(role: Role): Permission[] {
  return [...(byRole.get(role) ?? [])] as Permission[];
}

const holds = (role: Role, perm: string) => byRole.get(role)?.has(perm) ?? false;

/**
 * Scope prefix of a region code: the part every descendant's code starts with. Province, city,
 * district, township and village codes are 12 digits with trailing zero parts (scopes of 2, 4, 6, 9,
 * 12 digits); grid (15) and micro-grid (18) codes are their own scope. regions/region-codes.ts
 * parses codes in full and agrees with this (tested).
 */
export function scopeOfRegionCode(code: string): string {
  if (code.length > 12) return code;
  for (const len of [2, 4, 6, 9]) if (/^0+$/.test(code.slice(len))) return code.slice(0, len);
  return code;
}

/**
 * The codes of every region whose scope covers `code` (itself and its ancestors), nearest first: a row
 * with region code X covers `code` exactly when X is in this list, which lets SQL ask
 * `region_code = ANY(…)` (indexable) instead of filtering rows in JavaScript. A scope prefix (say a
 * township's 9 digits) is taken as its region's code.
 */
export function coveringRegionCodes(code: string): string[] {
  const out: string[] = [];
  for (const len of [18, 15]) if (code.length >= len) out.push(code.slice(0, len));
  for (const len of [12, 9, 6, 4, 2]) if (code.length >= len) out.push(code.slice(0, len).padEnd(12, '0'));
  return [...new Set(out)];
}

export interface Membership {
  role: Role;
  /** Scope prefix of the region the role is held in. */
  scope: string;
  regionCode: string;
  organisationId: string | null;
}

/** An explicit grant of a need-to-know permission, to the person or one of their organisations, in a scope. */
export interface Grant {
  permission: string;
  scope: string;
}

export interface Actor {
  id: string;
  kind: 'staff' | 'resident' | 'tourist';
  displayName: string;
  homeRegionCode: string | null;
  memberships: Membership[];
  /** Need-to-know grants (people's access grants); none for most. */
  grants?: Grant[];
}

/** A grant as stored (people's access_grants): to the person (organisationId null) or to one of their organisations. */
export interface StoredGrant {
  permission: string;
  regionCode: string;
  organisationId: string | null;
}

/**
 * The grants that count for a person: of a need-to-know permission still declared, and held through a
 * role that may be granted it, in an area that covers the grant's region — through the organisation
 * the grant names when it names one. A person who changes role or organisation loses the grant with it.
 */
export function effectiveGrants(memberships: readonly Membership[], stored: readonly StoredGrant[]): Grant[] {
  const out: Grant[] = [];
  for (const g of stored) {
    const def = registry.get(g.permission);
    if (!def?.needToKnow) continue;
    const scope = scopeOfRegionCode(g.regionCode);
    const through = memberships.some((m) => def.roles.includes(m.role) && scope.startsWith(m.scope) && (g.organisationId === null || m.organisationId === g.organisationId));
    if (through) out.push({ permission: g.permission, scope });
  }
  return out;
}

export function isRole(r: string): r is Role {
  return (ROLES as readonly string[]).includes(r);
}

export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw unauthorized();
  return actor;
}

/** Scopes (code prefixes) in which the actor holds the permission. */
export function scopesFor(actor: Actor, perm: Permission): string[] {
  const scopes = [
    ...actor.memberships.filter((m) => holds(m.role, perm)).map((m) => m.scope),
    ...(actor.grants ?? []).filter((g) => g.permission === perm).map((g) => g.scope),
  ];
  // drop scopes already covered by a wider one
  return scopes.filter((s, i) => !scopes.some((o, j) => j !== i && s.startsWith(o) && (o !== s || j < i)));
}

export function can(actor: Actor, perm: Permission, regionCode?: string): boolean {
  const within = (scope: string) => regionCode === undefined || regionCode.startsWith(scope);
  return actor.memberships.some((m) => holds(m.role, perm) && within(m.scope)) || (actor.grants ?? []).some((g) => g.permission === perm && within(g.scope));
}

/**
 * Throws 403 when the actor lacks the permission at that region. Reading another region's record
 * should answer 404 instead (no leak of its existence): pass `hideAs` for that.
 */
export function assertCan(actor: Actor, perm: Permission, regionCode?: string, hideAs?: () => Error): void {
  if (can(actor, perm, regionCode)) return;
  if (hideAs && can(actor, perm)) throw hideAs();
  throw forbidden(`Permission ${perm} is needed${regionCode ? ` in region ${regionCode}` : ''}`, { permission: perm, regionCode });
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.memberships.some((m) => roles.includes(m.role));
}

/** Roles of the public (residents, tourists, party members as such): they see their own, not an area's. */
const PUBLIC_ROLES: readonly string[] = ['resident', 'tourist', 'party_member'];

/** Does the actor work in a scope covering this region (a staff role there)? */
export function staffIn(actor: Actor, regionCode: string): boolean {
  return actor.memberships.some((m) => !PUBLIC_ROLES.includes(m.role) && regionCode.startsWith(m.scope));
}

/** The scopes where the actor holds a staff role. */
export function staffScopes(actor: Actor): string[] {
  return actor.memberships.filter((m) => !PUBLIC_ROLES.includes(m.role)).map((m) => m.scope);
}

/**
 * The actor's staff area as `LIKE` patterns for SQL (`region_code LIKE ANY($n::text[])`), so a list is
 * cut to the caller's area before any LIMIT; null (the CLI, the system) sees everything. Region codes
 * are digits, so a scope never carries a LIKE wildcard of its own.
 */
export function staffScopePatterns(actor: Actor | null): string[] {
  return actor ? staffScopes(actor).map((s) => `${s}%`) : ['%'];
}
