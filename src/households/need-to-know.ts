/**
 * Who sees a household (need-to-know, PIPL): the grid worker of the grid its address lies in (without a
 * grant: it is their grid), and staff granted households.read for its area (people's access grants).
 * The village's administrator (households.manage) reads what they keep. Everybody else is told it does not exist (404), so its existence does not leak. The same rule is the
 * list's SQL (`scopeSql`), cut before LIMIT.
 */
import { sql, type SQL } from 'drizzle-orm';
import { can, scopesFor, type Actor } from '../platform/access.ts';

export type SeenAs = 'grid' | 'grant' | 'manage';

export function seenAs(actor: Actor, row: { regionCode: string; gridCode: string | null }): SeenAs | null {
  if (can(actor, 'households.read', row.regionCode)) return 'grant';
  // the administrator who keeps the village's record (households.manage) reads what they write
  if (can(actor, 'households.manage', row.regionCode)) return 'manage';
  const where = row.gridCode ?? row.regionCode;
  return gridScopes(actor).some((s) => where.startsWith(s)) ? 'grid' : null;
}

/** The grid worker's own areas (a grid, or the village they serve whole). */
export const gridScopes = (actor: Actor) => actor.memberships.filter((m) => m.role === 'grid_worker').map((m) => m.scope);

/** Does the actor see any household at all (a list to show)? */
export const seesAny = (actor: Actor) => scopesFor(actor, 'households.read').length > 0 || gridScopes(actor).length > 0;

/** The households `h` the actor sees, as SQL. */
export function scopeSql(actor: Actor): SQL {
  const granted = scopesFor(actor, 'households.read').map((s) => sql`h.region_code LIKE ${`${s}%`}`);
  const grids = gridScopes(actor).map((s) => sql`coalesce(h.grid_code, h.region_code) LIKE ${`${s}%`}`);
  const all = [...granted, ...grids];
  return all.length ? sql`(${sql.join(all, sql` OR `)})` : sql`false`;
}
