/** Regions and grids: hierarchy reads within the caller's scope, GeoJSON import, point placement. */
import { assertCan, coveringRegionCodes, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { AppError, badRequest, notFound } from '../platform/errors.ts';
import { iso } from '../platform/contract.ts';
import { emitEvent } from '../platform/events.ts';
import { isInChina, toWgs84, type AreaGeom, type Crs } from './geo.ts';
import { GridIndex, type IndexedArea, type PointPlacement } from './grid-index.ts';
import { findGaps, findOverlaps, prepareImport, type GapWarning, type OverlapWarning } from './region-import.ts';
import { ancestorCodes, isValidRegionCode, SCOPE_LENGTH, type RegionLevel } from './region-codes.ts';
import type { BaseMapRegion, Geometry, RegionDetail, RegionFeatureCollection } from './regions.contract.ts';
import * as repo from './regions.repository.ts';

export const CURRENT_VINTAGE = 2024;

export interface ImportReport {
  dryRun: boolean;
  created: number;
  updated: number;
  overlaps: OverlapWarning[];
  gaps: GapWarning[];
}

export interface Placement extends PointPlacement {
  lon: number;
  lat: number;
  townshipCode: string | null;
  names: Record<string, string>;
}

const regionNotFound = (code: string) => notFound('REGION_NOT_FOUND', `No region ${code}`, { code });

export class RegionsService {
  private index: GridIndex = new GridIndex({ villages: [], grids: [], microgrids: [] });

  constructor(private p: Platform) {}

  /** (Re)build the in-memory point index from the database. */
  async rebuildIndex(): Promise<void> {
    const rows = await repo.loadIndexedAreas(this.p.db);
    const by = (level: string): IndexedArea[] => rows.filter((r) => r.level === level);
    this.index = new GridIndex({ villages: by('village'), grids: by('grid'), microgrids: by('microgrid') });
    this.p.log.info(this.index.counts, 'region index built');
  }

  get indexCounts() {
    return this.index.counts;
  }

  async getRegion(actor: Actor, code: string) {
    if (!isValidRegionCode(code)) throw badRequest('REGION_CODE_INVALID', `"${code}" is not a region code`, { field: 'code' });
    // a region above the actor's scope (their district when they are a village worker) is readable
    // as a name only: the path to their own area must be shown
    const row = await repo.findRegion(this.p.db, code);
    const readable = scopesFor(actor, 'regions.read').some((s) => code.startsWith(s) || s.startsWith(row?.scope ?? code));
    if (!row || !readable) throw regionNotFound(code);
    return row;
  }

  /** One region with its geometry, presented for the API. */
  async regionDetail(actor: Actor, code: string): Promise<RegionDetail> {
    const { geometry, createdAt, updatedAt, code: c, scope, parentCode, level, kind, name, nameEn, vintage, households, centerLon, centerLat, minLon, minLat, maxLon, maxLat } = await this.getRegion(actor, code);
    return {
      code: c, scope, parentCode, level, kind, name, nameEn, vintage, households, centerLon, centerLat,
      geometry: (geometry ?? null) as Geometry | null, minLon, minLat, maxLon, maxLat, createdAt: iso(createdAt), updatedAt: iso(updatedAt),
    };
  }

  /** Children of a region as a GeoJSON FeatureCollection (the region page's map). */
  async childFeatures(actor: Actor, code: string): Promise<RegionFeatureCollection> {
    const rows = await this.children(actor, code, true);
    return {
      type: 'FeatureCollection',
      features: rows.map(({ geometry, ...props }) => ({ type: 'Feature', id: props.code, properties: props, geometry: (geometry ?? null) as Geometry | null })),
    };
  }

  /** Children of a region, with geometry for maps. Only within the actor's scope. */
  async children(actor: Actor, code: string, withGeometry = true) {
    const parent = await this.getRegion(actor, code);
    const scopes = scopesFor(actor, 'regions.read');
    // inside a scope, or on the path down to one (a village worker sees their township among the district's)
    const onPath = scopes.flatMap((s) => coveringRegionCodes(s.length <= 12 ? s.padEnd(12, '0') : s));
    return repo.listChildren(this.p.db, parent.code, withGeometry, { scopes, onPath });
  }

  /** The tree the actor may see: their scopes' regions down to `deepest`, plus the ancestors leading to them. */
  async tree(actor: Actor, deepest: RegionLevel = 'grid') {
    const scopes = scopesFor(actor, 'regions.read');
    if (scopes.length === 0) assertCan(actor, 'regions.read');
    const rows = await repo.listSubtree(this.p.db, scopes, Math.max(12, SCOPE_LENGTH[deepest]));
    const filtered = rows.filter((r) => SCOPE_LENGTH[r.level as RegionLevel] <= SCOPE_LENGTH[deepest]);
    const have = new Set(filtered.map((r) => r.code));
    const ancestors = new Set(scopes.flatMap((s) => ancestorCodes(s.padEnd(s.length <= 12 ? 12 : s.length, '0'))).filter((c) => !have.has(c)));
    const extra = await repo.findRegions(this.p.db, [...ancestors]);
    return [...extra, ...filtered].sort((a, b) => a.code.localeCompare(b.code));
  }

  /** Villages and communities with their township and centre: public facts, for the report form's picker. */
  async places(): Promise<{ code: string; name: string; township: string; lon: number | null; lat: number | null }[]> {
    const rows = await repo.listSubtree(this.p.db, [''], 12);
    const names = new Map(rows.map((r) => [r.code, r.name]));
    return rows.filter((r) => r.level === 'village').map((r) => ({
      code: r.code, name: r.name, township: names.get(`${r.code.slice(0, 9)}000`) ?? '', lon: r.centerLon, lat: r.centerLat,
    }));
  }

  /** Districts, townships and villages with boundaries and centres, for the base map of any signed-in user. */
  async baseMap(): Promise<BaseMapRegion[]> {
    return (await repo.listBaseMap(this.p.db)).map((r) => ({ ...r, geometry: (r.geometry ?? null) as Geometry | null }));
  }

  /**
   * A village's grids with their boundaries, unscoped: the caller decides who may see them (the big
   * screen shows them to the village's staff and its kiosk wall).
   */
  async gridsOf(villageCode: string): Promise<BaseMapRegion[]> {
    return (await repo.listGridsOf(this.p.db, villageCode)).map((r) => ({ ...r, geometry: (r.geometry ?? null) as Geometry | null }));
  }

  /** Place a point (any accepted coordinate system) in village and grid. */
  async locate(lon: number, lat: number, crs: Crs = 'wgs84'): Promise<Placement> {
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || !isInChina(lon, lat)) {
      throw badRequest('COORDINATES_OUT_OF_RANGE', `(${lon}, ${lat}) is not a location in China`, { field: 'lon' });
    }
    const [wLon, wLat] = toWgs84(lon, lat, crs);
    const placed = this.index.locate(wLon, wLat);
    if (!placed.gridCode) {
      throw new AppError('POINT_OUTSIDE_GRIDS', 422, `No grid covers (${wLon.toFixed(6)}, ${wLat.toFixed(6)})`, {
        lon: wLon, lat: wLat, villageCode: placed.villageCode,
      });
    }
    const codes = [placed.villageCode!, placed.gridCode, placed.microgridCode].filter((c): c is string => !!c);
    const townshipCode = placed.villageCode!.slice(0, 9).padEnd(12, '0');
    const rows = await repo.findRegions(this.p.db, [...codes, townshipCode]);
    return { ...placed, lon: wLon, lat: wLat, townshipCode, names: Object.fromEntries(rows.map((r) => [r.code, r.name])) };
  }

  /**
   * Import regions and grids from a GeoJSON FeatureCollection (properties: code, name, name_en?,
   * vintage?, households?). Any bad feature rejects the whole import (400 naming each feature);
   * overlaps and gaps are reported. `dryRun` validates only.
   */
  async importGeoJson(actor: Actor | null, input: unknown, opts: { crs?: Crs; dryRun?: boolean } = {}): Promise<ImportReport> {
    const crs = opts.crs ?? 'wgs84';
    const features = ((input as { features?: unknown[] })?.features ?? []) as { properties?: { code?: unknown } }[];
    const codes = features.map((f) => String(f?.properties?.code ?? '')).filter(isValidRegionCode);
    const existing = await repo.existingCodes(this.p.db, [...new Set(codes.flatMap((c) => [c, ...ancestorCodes(c)]))]);
    const prepared = prepareImport(input, { crs, defaultVintage: CURRENT_VINTAGE, existing });
    if (prepared.errors.length) {
      throw badRequest('IMPORT_REJECTED', `${prepared.errors.length} feature(s) rejected; nothing was imported`, {
        field: prepared.errors[0].id,
        errors: prepared.errors,
      });
    }
    if (actor) for (const r of prepared.rows) assertCan(actor, 'regions.write', r.code);

    // overlaps among siblings (new + stored), gaps in parents that have geometry
    const withGeom = prepared.rows.filter((r) => r.geometry) as (repo.RegionInsert & { geometry: AreaGeom })[];
    const touchedParents = [...new Set(withGeom.map((r) => r.parentCode).filter((c): c is string => !!c))];
    const stored = await repo.siblingsWithGeometry(this.p.db, touchedParents);
    const newCodes = new Set(withGeom.map((r) => r.code));
    const siblings = [
      ...stored.filter((s) => !newCodes.has(s.code)),
      ...withGeom.map((r) => ({ code: r.code, parentCode: r.parentCode ?? null, geometry: r.geometry })),
    ];
    const overlaps = findOverlaps(siblings);
    const parentRows = await Promise.all(touchedParents.map(async (c) => {
      const inBatch = withGeom.find((r) => r.code === c);
      if (inBatch) return { code: c, parentCode: inBatch.parentCode ?? null, geometry: inBatch.geometry };
      const row = await repo.findRegion(this.p.db, c);
      return row?.geometry ? { code: c, parentCode: row.parentCode, geometry: row.geometry as AreaGeom } : null;
    }));
    const gaps = findGaps(parentRows.filter((x): x is NonNullable<typeof x> => !!x), siblings);

    const created = prepared.rows.filter((r) => !existing.has(r.code)).length;
    const report: ImportReport = { dryRun: !!opts.dryRun, created, updated: prepared.rows.length - created, overlaps, gaps };
    if (opts.dryRun) return report;
    await this.p.tx(async (tx: Db) => {
      await repo.upsertRegions(tx, prepared.rows);
      await writeAudit(tx, {
        actorId: actor?.id ?? null, action: 'regions.imported', entity: 'region', entityId: prepared.rows[0]?.code ?? null,
        details: { created, updated: report.updated, overlaps: overlaps.length, gaps: gaps.length },
      });
      await emitEvent(tx, 'regions.imported', { created, updated: report.updated, codes: prepared.rows.length }, {});
    });
    await this.rebuildIndex();
    return report;
  }

  async exists(code: string): Promise<boolean> {
    return isValidRegionCode(code) && !!(await repo.findRegion(this.p.db, code));
  }

  async names(codes: string[]): Promise<Record<string, string>> {
    const rows = await repo.findRegions(this.p.db, codes.filter(isValidRegionCode));
    return Object.fromEntries(rows.map((r) => [r.code, r.name]));
  }

  async count(): Promise<number> {
    return repo.countRegions(this.p.db);
  }
}
