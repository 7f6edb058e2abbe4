/**
 * Validation of a GeoJSON import of regions and grids (pure: the caller supplies what the database
 * already holds). Bad features reject the whole import, each named by its id; overlaps between
 * siblings and gaps in a parent's coverage are reported as warnings.
 */
import {
  areaKm2, areasOverlap, bboxOf, centroidOf, geometryProblems, toWgs84,
  type AreaGeom, type Crs, type Position, type Ring,
} from './geo.ts';
import { parseRegionCode, RegionCodeError, type ParsedCode } from './region-codes.ts';
import type { RegionInsert } from './regions.repository.ts';

export interface ImportFeatureError {
  id: string;
  problems: string[];
}
export interface OverlapWarning {
  a: string;
  b: string;
}
export interface GapWarning {
  parentCode: string;
  coveredPct: number;
  uncoveredKm2: number;
}

export interface PreparedImport {
  rows: RegionInsert[];
  errors: ImportFeatureError[];
}

const NEEDS_GEOMETRY = new Set(['village', 'grid', 'microgrid']);

function convertGeometry(g: AreaGeom, crs: Crs): AreaGeom {
  if (crs === 'wgs84') return g;
  const ring = (r: Ring): Ring => r.map((p) => toWgs84(p[0], p[1], crs) as Position);
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(ring)) };
}

/** Turn features into rows, collecting every problem (nothing is thrown). */
export function prepareImport(
  input: unknown,
  opts: { crs: Crs; defaultVintage: number; existing: Set<string> },
): PreparedImport {
  const errors: ImportFeatureError[] = [];
  const fc = input as { type?: string; features?: unknown[] };
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    return { rows: [], errors: [{ id: '(body)', problems: ['expected a GeoJSON FeatureCollection with a features array'] }] };
  }
  const rows: RegionInsert[] = [];
  const seen = new Set<string>();
  fc.features.forEach((f, index) => {
    const feature = f as { type?: string; id?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown };
    const props = feature?.properties ?? {};
    const id = String(props.code ?? feature?.id ?? `#${index}`);
    const problems: string[] = [];
    if (feature?.type !== 'Feature') problems.push('not a GeoJSON Feature');
    let parsed: ParsedCode | null = null;
    try {
      parsed = parseRegionCode(String(props.code ?? feature?.id ?? ''));
    } catch (err) {
      problems.push(err instanceof RegionCodeError ? `code: ${err.message}` : 'code is missing');
    }
    if (seen.has(id)) problems.push('code appears twice in this import');
    seen.add(id);
    const name = typeof props.name === 'string' ? props.name.trim() : '';
    if (!name) problems.push('name is missing');
    if (props.vintage !== undefined && !(Number.isInteger(props.vintage) && (props.vintage as number) >= 1980 && (props.vintage as number) <= 2100)) {
      problems.push('vintage must be a year');
    }
    if (props.households !== undefined && props.households !== null && !(Number.isInteger(props.households) && (props.households as number) >= 0)) {
      problems.push('households must be a whole number ≥ 0');
    }
    let geometry: AreaGeom | null = null;
    if (feature?.geometry) {
      const gp = geometryProblems(feature.geometry);
      if (gp.length) problems.push(...gp.map((p) => `geometry: ${p}`));
      else geometry = convertGeometry(feature.geometry as AreaGeom, opts.crs);
    } else if (parsed && NEEDS_GEOMETRY.has(parsed.level)) {
      problems.push(`geometry: a ${parsed.level} needs a Polygon or MultiPolygon`);
    }
    if (parsed?.parentCode && !opts.existing.has(parsed.parentCode) && !fc.features!.some((o) => {
      const op = (o as { properties?: Record<string, unknown> })?.properties;
      return String(op?.code ?? (o as { id?: unknown })?.id) === parsed!.parentCode;
    })) {
      problems.push(`parent ${parsed.parentCode} does not exist (import it first or in the same file)`);
    }
    if (problems.length || !parsed) {
      errors.push({ id, problems });
      return;
    }
    const bbox = geometry ? bboxOf(geometry) : null;
    const center = geometry ? centroidOf(geometry) : null;
    rows.push({
      code: parsed.code,
      scope: parsed.scope,
      parentCode: parsed.parentCode,
      level: parsed.level,
      kind: parsed.kind,
      name,
      nameEn: typeof props.name_en === 'string' ? props.name_en : null,
      vintage: (props.vintage as number | undefined) ?? opts.defaultVintage,
      households: (props.households as number | undefined) ?? null,
      geometry,
      minLon: bbox?.[0] ?? null,
      minLat: bbox?.[1] ?? null,
      maxLon: bbox?.[2] ?? null,
      maxLat: bbox?.[3] ?? null,
      centerLon: center?.[0] ?? null,
      centerLat: center?.[1] ?? null,
    });
  });
  // parents first, so a reader of a partial listing never meets an orphan
  rows.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  return { rows, errors };
}

interface AreaRef {
  code: string;
  parentCode: string | null;
  geometry: AreaGeom;
}

/** Siblings (same parent) whose areas share interior. */
export function findOverlaps(areas: AreaRef[]): OverlapWarning[] {
  const byParent = new Map<string, AreaRef[]>();
  for (const a of areas) {
    const k = a.parentCode ?? '';
    (byParent.get(k) ?? byParent.set(k, []).get(k)!).push(a);
  }
  const out: OverlapWarning[] = [];
  for (const group of byParent.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        if (areasOverlap(group[i].geometry, group[j].geometry)) out.push({ a: group[i].code, b: group[j].code });
      }
    }
  }
  return out;
}

/** Parents whose children (all with geometry) leave more than 0.5 % of the parent uncovered. */
export function findGaps(parents: AreaRef[], children: AreaRef[]): GapWarning[] {
  const out: GapWarning[] = [];
  for (const p of parents) {
    const kids = children.filter((c) => c.parentCode === p.code);
    if (kids.length === 0) continue;
    const parentArea = areaKm2(p.geometry);
    const covered = kids.reduce((s, k) => s + areaKm2(k.geometry), 0);
    const pct = parentArea > 0 ? (covered / parentArea) * 100 : 100;
    if (pct < 99.5) out.push({ parentCode: p.code, coveredPct: Math.round(pct * 10) / 10, uncoveredKm2: Math.round((parentArea - covered) * 1000) / 1000 });
  }
  return out;
}
