/**
 * The places module's objects for the security suites: per region, a published place of its village
 * (what tourists read and ask about: public, so not an object of the region's scope) and a listing
 * waiting for approval (the village's: its staff edit and approve it, others get 403/404), the path
 * parameters that name them and the bodies for the writes.
 */
import type { InjectOptions } from 'fastify';
import type { VillageBrain } from '../../src/app.ts';
import type { DeclaredRoute } from '../../src/platform/http.ts';
import type { RegionObjects } from '../helpers/world.ts';

const placesOfRegion = new WeakMap<RegionObjects, { publicId: string; listingId: string }>();
const of = (o: RegionObjects) => placesOfRegion.get(o)!;

export async function makeRegionPlaces(vb: VillageBrain, o: RegionObjects): Promise<void> {
  const [lon, lat] = o.point;
  const base = { regionCode: o.village, lon, lat, submit: true } as const;
  const shown = await vb.services.places.create(null, { ...base, kind: 'venue', name: '矩阵美术馆', attrs: { hours: '09:00–17:00' }, photos: [o.mediaId] });
  await vb.services.places.approve(null, shown.id);
  const listing = await vb.services.places.create(null, { ...base, kind: 'restaurant', name: '矩阵饭店', attrs: { seats: 10 } });
  placesOfRegion.set(o, { publicId: shown.id, listingId: listing.id });
}

/** The waiting listing names the region; the published place is everyone's to read. */
export const placesKeys = (o: RegionObjects): string[] => {
  const p = placesOfRegion.get(o);
  return p ? [p.listingId] : [];
};

export const PLACES_PARAMS: Record<string, (o: RegionObjects) => string> = {
  'public/:id': (o) => of(o).publicId,
  'photos/:n': () => '0',
  'villages/:code': (o) => o.village,
  'places/:id': (o) => of(o).listingId,
  'guides/:code': (o) => o.village,
};

export function placesExample(route: DeclaredRoute, o: RegionObjects): Pick<InjectOptions, 'query' | 'payload'> | null {
  const [lon, lat] = o.point;
  switch (`${route.method} ${route.url}`) {
    case 'GET /api/places/public': return { query: { region: o.village, q: '美术' } };
    case 'GET /api/places/listings': return { query: { region: o.village } };
    case 'POST /api/places/listings': return { payload: { regionCode: o.village, kind: 'toilet', name: '矩阵公厕', lon, lat, attrs: {} } };
    case 'PATCH /api/places/:id': return { payload: { description: '矩阵修改' } };
    case 'POST /api/places/:id/reject': return { payload: { reason: '矩阵退回' } };
    case 'POST /api/places/public/:id/ask': return { payload: { question: '矩阵咨询：几点开门？' } };
    case 'PUT /api/places/guides/:code': return { payload: { intro: '矩阵村简介' } };
    default: return null;
  }
}
