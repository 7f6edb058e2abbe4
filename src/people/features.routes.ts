/**
 * What the logged-in user can do where they work: the web app builds its menu from this, so the
 * cleaning company is not offered the reservoirs, a grid worker whose village has no reservoir gets no
 * 一键巡库, and a party member gets reporting and their own reports instead of a dead end.
 *
 * Facts, not permissions: every route still checks its own access. Counts are of the user's staff
 * scopes (region prefixes, in SQL).
 */
import { hasRole, requireActor, staffScopes, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { Features, type Feature } from './people.contract.ts';

export { FEATURES, type Feature } from './people.contract.ts';

const COMMAND_ROLES = ['operator', 'shift_lead', 'dispatcher', 'leader', 'admin'] as const;
/** Organisations whose handlers look after reservoirs (the others — cleaning, enforcement … — do not). */
const RESERVOIR_ORG_KINDS = ['water_bureau'];


async function countIn(p: Platform, table: 'assets' | 'cameras', scopes: string[], extra = ''): Promise<number> {
  if (scopes.length === 0) return 0;
  const [row] = await p.database.raw<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE region_code LIKE ANY($1::text[])${extra}`, [scopes.map((s) => `${s}%`)]);
  return row?.n ?? 0;
}

export async function featuresOf(p: Platform, actor: Actor): Promise<Features> {
  const scopes = staffScopes(actor);
  const orgIds = actor.memberships.map((m) => m.organisationId).filter((x): x is string => !!x);
  const orgs = orgIds.length ? await p.database.raw<{ id: string; kind: string }>('SELECT id, kind FROM organisations WHERE id = ANY($1::uuid[])', [orgIds]) : [];
  const kindOf = new Map(orgs.map((o) => [o.id, o.kind]));
  const reservoirs = await countIn(p, 'assets', scopes, " AND kind = 'reservoir'");
  const cameras = await countIn(p, 'cameras', scopes);
  const command = hasRole(actor, ...COMMAND_ROLES);
  const gridWorker = hasRole(actor, 'grid_worker');
  // a handler of a reservoir organisation, or one without an organisation (a village's own handler)
  const reservoirHandler = actor.memberships.some((m) => m.role === 'handler' && (!m.organisationId || RESERVOIR_ORG_KINDS.includes(kindOf.get(m.organisationId) ?? '')));
  const features: Feature[] = [];
  if (command) features.push('cases');
  if (gridWorker || hasRole(actor, 'handler')) features.push('tasks');
  if (reservoirs > 0 && (gridWorker || reservoirHandler)) features.push('inspect');
  if (reservoirs > 0 && (command || gridWorker || reservoirHandler)) features.push('reservoirs');
  if (cameras > 0 && command) features.push('cameras');
  // the public's roles report and follow their own reports (party members are staff accounts without an area's queue)
  if (actor.kind !== 'staff' || (hasRole(actor, 'party_member') && !command && !gridWorker && !hasRole(actor, 'handler'))) features.push('report');
  // villagers (and party members, villagers too) have a household: its page, its card, its loan quota; a tourist has none
  if (actor.kind === 'resident' || hasRole(actor, 'resident', 'party_member')) features.push('household');
  return { features, reservoirs, cameras, organisationKinds: [...new Set(orgs.map((o) => o.kind))] };
}

export const featuresRoutes: RoutesPlugin<{ platform: Platform }> = async (app, { platform }) => {
  app.get('/api/me/features', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Which parts of the app apply to the logged-in user in their area (the menu)', response: { 200: Features, ...errorResponses(401) } },
  }, async (req) => featuresOf(platform, requireActor(req.actor)));
};
