/**
 * Geometry helpers, pure: coordinate systems, point-in-polygon, bounding boxes, areas, validation.
 * Coordinates are [lon, lat] in WGS-84 everywhere inside the platform.
 */

export type Position = [number, number];
export type Ring = Position[];
export interface PolygonGeom {
  type: 'Polygon';
  coordinates: Ring[];
}
export interface MultiPolygonGeom {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export type AreaGeom = PolygonGeom | MultiPolygonGeom;
export type BBox = [number, number, number, number]; // minLon, minLat, maxLon, maxLat

// ---------------------------------------------------------------- coordinate systems
// GCJ-02 (国测局, WeChat/Amap) and BD-09 (Baidu) are obfuscated WGS-84. The forward transforms are
// the published Krasovsky-ellipsoid formulas; the inverse is found by fixed-point iteration, which
// converges to well under a centimetre in a few steps.
const A = 6378245.0;
const EE = 0.006693421622965943;

function outOfChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function transformLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

export function wgs84ToGcj02(lon: number, lat: number): Position {
  if (outOfChina(lon, lat)) return [lon, lat];
  let dLat = transformLat(lon - 105, lat - 35);
  let dLon = transformLon(lon - 105, lat - 35);
  const radLat = (lat / 180) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

export function gcj02ToWgs84(lon: number, lat: number): Position {
  if (outOfChina(lon, lat)) return [lon, lat];
  let wLon = lon;
  let wLat = lat;
  for (let i = 0; i < 10; i++) {
    const [gLon, gLat] = wgs84ToGcj02(wLon, wLat);
    const dx = gLon - lon;
    const dy = gLat - lat;
    wLon -= dx;
    wLat -= dy;
    if (Math.abs(dx) < 1e-9 && Math.abs(dy) < 1e-9) break;
  }
  return [wLon, wLat];
}

const X_PI = (Math.PI * 3000.0) / 180.0;

export function gcj02ToBd09(lon: number, lat: number): Position {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** The published closed-form inverse (≈0.1 m off), refined by fixed-point iteration. */
export function bd09ToGcj02(lon: number, lat: number): Position {
  const x = lon - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
  let gLon = z * Math.cos(theta);
  let gLat = z * Math.sin(theta);
  for (let i = 0; i < 5; i++) {
    const [bLon, bLat] = gcj02ToBd09(gLon, gLat);
    gLon -= bLon - lon;
    gLat -= bLat - lat;
    if (Math.abs(bLon - lon) < 1e-10 && Math.abs(bLat - lat) < 1e-10) break;
  }
  return [gLon, gLat];
}

export const bd09ToWgs84 = (lon: number, lat: number): Position => gcj02ToWgs84(...bd09ToGcj02(lon, lat));
export const wgs84ToBd09 = (lon: number, lat: number): Position => gcj02ToBd09(...wgs84ToGcj02(lon, lat));

export type Crs = 'wgs84' | 'gcj02' | 'bd09';

/** Any accepted input system → WGS-84. */
export function toWgs84(lon: number, lat: number, crs: Crs = 'wgs84'): Position {
  if (crs === 'gcj02') return gcj02ToWgs84(lon, lat);
  if (crs === 'bd09') return bd09ToWgs84(lon, lat);
  return [lon, lat];
}

/** Rough box around mainland China and its islands, for rejecting impossible input. */
export function isInChina(lon: number, lat: number): boolean {
  return !outOfChina(lon, lat);
}

// ---------------------------------------------------------------- polygons
export function polygonsOf(g: AreaGeom): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function bboxOf(g: AreaGeom): BBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of polygonsOf(g)) {
    for (const [x, y] of poly[0]) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Even-odd ray cast on one ring. */
export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInGeometry(x: number, y: number, g: AreaGeom): boolean {
  for (const poly of polygonsOf(g)) {
    if (!pointInRing(x, y, poly[0])) continue;
    let inHole = false;
    for (let h = 1; h < poly.length; h++) if (pointInRing(x, y, poly[h])) inHole = true;
    if (!inHole) return true;
  }
  return false;
}

/** Signed shoelace area of a ring in degree² (positive = counter-clockwise). */
export function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s / 2;
}

/** Approximate area in km² (equirectangular at the ring's latitude; fine at village scale). */
export function areaKm2(g: AreaGeom): number {
  let total = 0;
  for (const poly of polygonsOf(g)) {
    poly.forEach((ring, i) => {
      const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
      const k = 111.32 * 111.32 * Math.cos((lat * Math.PI) / 180);
      total += (i === 0 ? 1 : -1) * Math.abs(ringArea(ring)) * k;
    });
  }
  return total;
}

export function centroidOf(g: AreaGeom): Position {
  // area-weighted centroid of the largest outer ring, falling back to the bbox centre
  let best: Ring | null = null;
  let bestArea = 0;
  for (const poly of polygonsOf(g)) {
    const a = Math.abs(ringArea(poly[0]));
    if (a > bestArea) [best, bestArea] = [poly[0], a];
  }
  if (!best || bestArea === 0) {
    const b = bboxOf(g);
    return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
  }
  let cx = 0, cy = 0, a = 0;
  for (let i = 0, j = best.length - 1; i < best.length; j = i++) {
    const f = best[j][0] * best[i][1] - best[i][0] * best[j][1];
    cx += (best[j][0] + best[i][0]) * f;
    cy += (best[j][1] + best[i][1]) * f;
    a += f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/** Do segments p1p2 and p3p4 cross at a single interior point (touching and collinear don't count)? */
export function segmentsCross(p1: Position, p2: Position, p3: Position, p4: Position): boolean {
  const d = (a: Position, b: Position, c: Position) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  const eps = 1e-12;
  const d1 = d(p3, p4, p1), d2 = d(p3, p4, p2), d3 = d(p1, p2, p3), d4 = d(p1, p2, p4);
  return ((d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps)) && ((d3 > eps && d4 < -eps) || (d3 < -eps && d4 > eps));
}

/** Problems with a geometry, empty when it is a valid polygon or multipolygon in lon/lat. */
export function geometryProblems(g: unknown): string[] {
  const problems: string[] = [];
  const geom = g as { type?: string; coordinates?: unknown };
  if (!geom || typeof geom !== 'object') return ['geometry is missing'];
  if (geom.type !== 'Polygon' && geom.type !== 'MultiPolygon') return [`geometry type must be Polygon or MultiPolygon, not ${geom.type}`];
  const polys = (geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates) as unknown[];
  if (!Array.isArray(polys) || polys.length === 0) return ['geometry has no coordinates'];
  polys.forEach((poly, pi) => {
    if (!Array.isArray(poly) || poly.length === 0) {
      problems.push(`polygon ${pi} has no rings`);
      return;
    }
    poly.forEach((ring: unknown, ri: number) => {
      const where = `polygon ${pi} ring ${ri}`;
      if (!Array.isArray(ring) || ring.length < 4) {
        problems.push(`${where} needs at least 4 positions (a closed triangle)`);
        return;
      }
      for (const p of ring as unknown[]) {
        if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
          problems.push(`${where} has a position that is not [lon, lat] numbers`);
          return;
        }
        if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
          problems.push(`${where} has a position out of range: [${p[0]}, ${p[1]}]`);
          return;
        }
      }
      const r = ring as Ring;
      const first = r[0], last = r[r.length - 1];
      if (first[0] !== last[0] || first[1] !== last[1]) {
        problems.push(`${where} is not closed (first position ${JSON.stringify(first)} ≠ last ${JSON.stringify(last)})`);
        return;
      }
      if (Math.abs(ringArea(r)) < 1e-14) problems.push(`${where} has no area`);
      if (r.length <= 2000 && selfIntersects(r)) problems.push(`${where} intersects itself`);
    });
  });
  return problems;
}

function selfIntersects(r: Ring): boolean {
  const n = r.length - 1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent through the closing point
      if (segmentsCross(r[i], r[i + 1], r[j], r[j + 1])) return true;
    }
  }
  return false;
}

export function bboxesOverlap(a: BBox, b: BBox): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/**
 * Do two areas overlap (share interior)? Edges crossing, or a vertex of one strictly inside the
 * other, or identical rings. Shared borders between neighbours do not count.
 */
export function areasOverlap(a: AreaGeom, b: AreaGeom): boolean {
  if (!bboxesOverlap(bboxOf(a), bboxOf(b))) return false;
  const ringsA = polygonsOf(a).map((p) => p[0]);
  const ringsB = polygonsOf(b).map((p) => p[0]);
  for (const ra of ringsA) {
    for (const rb of ringsB) {
      for (let i = 0; i + 1 < ra.length; i++) {
        for (let j = 0; j + 1 < rb.length; j++) if (segmentsCross(ra[i], ra[i + 1], rb[j], rb[j + 1])) return true;
      }
    }
  }
  const strictlyInside = (p: Position, g: AreaGeom, other: Ring[]) =>
    pointInGeometry(p[0], p[1], g) && !other.some((r) => r.some((q) => q[0] === p[0] && q[1] === p[1]));
  // a vertex strictly inside the other, or the centroid of one inside the other (nested, identical)
  if (ringsA.some((r) => r.some((p) => strictlyInside(p, b, ringsB)))) return true;
  if (ringsB.some((r) => r.some((p) => strictlyInside(p, a, ringsA)))) return true;
  const ca = centroidOf(a);
  return pointInGeometry(ca[0], ca[1], b);
}
