/**
 * The bulletins module's objects for the security suites: per region, last week's 周通报 of its village's
 * township (own and sibling are two townships of one district, so a village's staff read their own
 * township's and get 404 for the sibling's), the path parameters that name it and a body for making one.
 */
import type { InjectOptions } from 'fastify';
import type { VillageBrain } from '../../src/app.ts';
import type { DeclaredRoute } from '../../src/platform/http.ts';
import type { RegionObjects } from '../helpers/world.ts';

const bulletinOfRegion = new WeakMap<RegionObjects, string>();
const townshipOf = (o: RegionObjects) => `${o.village.slice(0, 9)}000`;

export async function makeRegionBulletin(vb: VillageBrain, o: RegionObjects): Promise<void> {
  const made = await vb.services.bulletins.generate(null, { kind: 'weekly', regionCode: townshipOf(o) });
  bulletinOfRegion.set(o, made.bulletin.id);
}

export const bulletinsKeys = (o: RegionObjects): string[] => {
  const id = bulletinOfRegion.get(o);
  return id ? [id] : [];
};

export const BULLETINS_PARAMS: Record<string, (o: RegionObjects) => string> = {
  'bulletins/:id': (o) => bulletinOfRegion.get(o)!,
  'files/:format': () => 'xlsx',
};

export function bulletinsExample(route: DeclaredRoute, o: RegionObjects): Pick<InjectOptions, 'query' | 'payload'> | null {
  switch (`${route.method} ${route.url}`) {
    case 'POST /api/bulletins': return { payload: { kind: 'monthly', regionCode: townshipOf(o) } };
    default: return null;
  }
}
