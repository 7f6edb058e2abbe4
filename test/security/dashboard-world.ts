/**
 * The dashboard module's objects for the security suites: per region, a kiosk token of its village (a
 * wall's screen), the path parameters that name the screen's region and the kiosk, and the bodies and
 * queries that get the screen's routes past validation.
 */
import type { InjectOptions } from 'fastify';
import type { VillageBrain } from '../../src/app.ts';
import type { DeclaredRoute } from '../../src/platform/http.ts';
import type { RegionObjects } from '../helpers/world.ts';

const kioskOfRegion = new WeakMap<RegionObjects, { id: string; token: string }>();

export async function makeRegionKiosk(vb: VillageBrain, o: RegionObjects): Promise<void> {
  const k = await vb.services.kiosks.create(null, { regionCode: o.village, name: '矩阵大屏', hours: 24 });
  kioskOfRegion.set(o, { id: k.kiosk.id, token: k.token });
}

export const dashboardKeys = (o: RegionObjects): string[] => {
  const k = kioskOfRegion.get(o);
  return k ? [k.id, k.token] : [];
};

export const DASHBOARD_PARAMS: Record<string, (o: RegionObjects) => string> = {
  // the screen of the region's village (for a wall: with the own region's kiosk token, so another region is a 404)
  'screen/:region': (o) => o.village,
  'screen-kiosks/:id': (o) => kioskOfRegion.get(o)!.id,
};

export function dashboardExample(route: DeclaredRoute, o: RegionObjects, own: RegionObjects): Pick<InjectOptions, 'query' | 'payload'> | null {
  switch (`${route.method} ${route.url}`) {
    case 'GET /api/kiosk/screen/:region': case 'GET /api/kiosk/screen/:region/map': case 'GET /api/kiosk/screen/:region/stream':
      return { query: { kiosk: kioskOfRegion.get(own)!.token } };
    case 'GET /api/screen-kiosks': return { query: { region: o.village } };
    case 'POST /api/screen-kiosks': return { payload: { regionCode: o.village, name: '矩阵大屏', hours: 24 } };
    default: return null;
  }
}
