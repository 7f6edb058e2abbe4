/** HTTP routes of the regions module. */
import { Type } from 'typebox';
import { assertCan, requireActor } from '../platform/access.ts';
import { Items } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { BaseMapRegion, ImportReport, Place, Placement, RegionDetail, RegionFeatureCollection, RegionSummary } from './regions.contract.ts';
import type { RegionsService } from './regions.service.ts';

const Code = Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$', description: '12-digit area code, 15 for a grid, 18 for a micro-grid' });
const Crs = Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')], { default: 'wgs84' });

export const regionsRoutes: RoutesPlugin<{ regions: RegionsService; importBodyLimit: number }> = async (app, { regions, importBodyLimit }) => {
  app.get('/api/regions/tree', {
    config: { access: { permission: 'regions.read' } },
    schema: {
      tags: ['regions'], summary: 'The region tree within the caller\'s scope',
      querystring: Type.Object({ deepest: Type.Optional(Type.Union(['district', 'township', 'village', 'grid', 'microgrid'].map((l) => Type.Literal(l)))) }),
      response: { 200: Items(RegionSummary), ...errorResponses(401, 403) },
    },
  }, async (req) => ({ items: await regions.tree(requireActor(req.actor), (req.query.deepest ?? 'grid') as 'grid') }));

  app.get('/api/places', {
    config: { access: 'authenticated' },
    schema: { tags: ['regions'], summary: 'Villages and communities with their township and centre (for report forms)', response: { 200: Items(Place), ...errorResponses(401) } },
  }, async (req) => {
    requireActor(req.actor);
    return { items: await regions.places() };
  });

  app.get('/api/map/regions', {
    config: { access: 'authenticated' },
    schema: { tags: ['regions'], summary: 'Districts, townships and villages with boundaries: the offline base map (public geography, no scope)', response: { 200: Items(BaseMapRegion), ...errorResponses(401) } },
  }, async (req) => {
    requireActor(req.actor);
    return { items: await regions.baseMap() };
  });

  app.get('/api/regions/:code', {
    config: { access: 'authenticated' },
    schema: { tags: ['regions'], summary: 'One region with its geometry', params: Type.Object({ code: Code }), response: { 200: RegionDetail, ...errorResponses(400, 401, 404) } },
  }, async (req) => regions.regionDetail(requireActor(req.actor), req.params.code));

  app.get('/api/regions/:code/children', {
    config: { access: 'authenticated' },
    schema: { tags: ['regions'], summary: 'Children of a region as a GeoJSON FeatureCollection', params: Type.Object({ code: Code }), response: { 200: RegionFeatureCollection, ...errorResponses(400, 401, 404) } },
  }, async (req) => regions.childFeatures(requireActor(req.actor), req.params.code));

  app.post('/api/regions/locate', {
    config: { access: 'public' },
    schema: {
      tags: ['regions'], summary: 'Place a point in its village and grid (WGS-84, GCJ-02 or BD-09 input)',
      body: Type.Object({ lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }), crs: Type.Optional(Crs) }, { additionalProperties: false }),
      response: { 200: Placement, ...errorResponses(400, 422) },
    },
  }, async (req) => regions.locate(req.body.lon, req.body.lat, req.body.crs));

  app.post('/api/regions/import', {
    config: { access: { permission: 'regions.write' } },
    bodyLimit: importBodyLimit,
    schema: {
      tags: ['regions'], summary: 'Import regions and grids from GeoJSON (admin). Bad features reject the import; overlaps and gaps are reported.',
      querystring: Type.Object({ crs: Type.Optional(Crs), dryRun: Type.Optional(Type.Boolean()) }),
      body: Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(Type.Unknown(), { maxItems: 200_000 }) }),
      response: { 200: ImportReport, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => {
    const actor = requireActor(req.actor);
    assertCan(actor, 'regions.write');
    return regions.importGeoJson(actor, req.body, { crs: req.query.crs, dryRun: req.query.dryRun });
  });
};
