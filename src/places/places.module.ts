/** Places (issue 20 item 2): homestays, restaurants, sights, venues, products, enterprises and 共富工坊 — owners' listings, the village's approval, the tourist's map. */
import { defineModule } from '../platform/module.ts';
import { PublicPlaces } from './places-public.ts';
import { PLACES_ERRORS } from './places.errors.ts';
import { PLACES_PERMISSIONS } from './places.permissions.ts';
import { placesRoutes } from './places.routes.ts';
import { PlacesService } from './places.service.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    places: PlacesService;
    publicPlaces: PublicPlaces;
  }
}

export const placesModule = defineModule({
  name: 'places',
  permissions: PLACES_PERMISSIONS,
  errors: PLACES_ERRORS,
  needs: ['regions', 'people', 'cases', 'households'],
  build: ({ platform, use }) => {
    const places = new PlacesService(platform, use('households'), use('users'), use('regions'));
    const publicPlaces = new PublicPlaces(platform, use('regions'), use('sourceCases'));
    // a listing's photos (and a pending revision's): readable by the staff of its village (and their uploader)
    platform.media.registerOwner('places', (id) => places.photoReaders(id));
    return { places, publicPlaces };
  },
  routes: (app, { places, publicPlaces }, { platform }) => app.register(placesRoutes, { places, publicPlaces, platform }),
});
