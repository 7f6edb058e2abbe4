/** The points shop (积分超市): the public surface other modules import. */
export { ShopService, DEFAULT_TIMEOUTS, type ShopTimeouts } from './shop.service.ts';
export { ShopCatalogue } from './shop-catalogue.service.ts';
export { shopRoutes } from './shop.routes.ts';
export type { CatalogueItem, ItemView, OrderView, Statement } from './shop.contract.ts';
