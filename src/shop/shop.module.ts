/** The points shop (积分超市, issue 19 item 1): a catalogue per village or township, orders and 核销 through the points ledger. */
import { defineModule } from '../platform/module.ts';
import { ShopCatalogue } from './shop-catalogue.service.ts';
import { SHOP_ERRORS } from './shop.errors.ts';
import { SHOP_PERMISSIONS } from './shop.permissions.ts';
import { shopRoutes } from './shop.routes.ts';
import { ShopService } from './shop.service.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    shop: ShopService;
    shopCatalogue: ShopCatalogue;
  }
}

/** Orders whose hold ran out are marked expired (the points module's job releases the points and stock). */
export const SHOP_EXPIRY_JOB = 'shop.mark_expired';

export const shopModule = defineModule({
  name: 'shop',
  permissions: SHOP_PERMISSIONS,
  errors: SHOP_ERRORS,
  needs: ['regions', 'people', 'households', 'points'],
  build: ({ platform, use }) => {
    const regions = use('regions');
    const { shopOrderHoldDays, shopCounterHoldMinutes } = platform.config;
    const shop = new ShopService(platform, use('points'), use('households'), use('users'), { orderSeconds: shopOrderHoldDays * 86_400, counterSeconds: shopCounterHoldMinutes * 60 });
    shop.regionNames = (codes) => regions.names(codes);
    const shopCatalogue = new ShopCatalogue(platform, use('points'), shop, regions);
    platform.media.registerOwner('shop', (id) => shopCatalogue.photoReaders(id));
    return { shop, shopCatalogue };
  },
  jobs: ({ shop }, { platform }) => {
    platform.scheduler.every(SHOP_EXPIRY_JOB, { intervalMs: 60_000 }, () => shop.markExpired());
  },
  routes: (app, { shop, shopCatalogue }, { platform }) => app.register(shopRoutes, { shop, catalogue: shopCatalogue, platform }),
});
