/**
 * Fitting the demo's synthetic townships, villages and grids to the real 柯城区 outline
 * (./geo/kecheng-outline.json): a lattice whose rows span the district's width at their latitude,
 * and every cell cut to the outline, so children still tile their parents and the district.
 */
import outline from './geo/kecheng-outline.json' with { type: 'json' };

type P = [number, number];

export const DISTRICT_OUTLINE: P[] = outline.geometry.coordinates[0] as P[];

/** The outline's west and east extent between two latitudes (and where it crosses them). */
function extentBetween(ring: P[], latLo: number, latHi: number): [number, number] {
  let w = Infinity;
  let e = -Infinity;
  const take = (x: number) => {
    w = Math.min(w, x);
    e = Math.max(e, x);
  };
  for (let i = 0; i + 1 < ring.length; i++) {
    const [a, b] = [ring[i], ring[i + 1]];
    if (a[1] >= latLo && a[1] <= latHi) take(a[0]);
    for (const lat of [latLo, latHi]) {
      if ((a[1] - lat) * (b[1] - lat) < 0) take(a[0] + ((lat - a[1]) / (b[1] - a[1])) * (b[0] - a[0]));
    }
  }
  return [w, e];
}

/** Length of the horizontal line at `lat` that lies inside the ring. */
function chordAt(ring: P[], lat: number): number {
  const xs: number[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const [a, b] = [ring[i], ring[i + 1]];
    if ((a[1] > lat) !== (b[1] > lat)) xs.push(a[0] + ((lat - a[1]) / (b[1] - a[1])) * (b[0] - a[0]));
  }
  xs.sort((x, y) => x - y);
  let len = 0;
  for (let i = 0; i + 1 < xs.length; i += 2) len += xs[i + 1] - xs[i];
  return len;
}

/** Length of the vertical line at `lon` inside the ring, counted between two latitudes. */
function verticalChordAt(ring: P[], lon: number, latLo: number, latHi: number): number {
  const ys: number[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const [a, b] = [ring[i], ring[i + 1]];
    if ((a[0] > lon) !== (b[0] > lon)) ys.push(a[1] + ((lon - a[0]) / (b[0] - a[0])) * (b[1] - a[1]));
  }
  ys.sort((x, y) => x - y);
  let len = 0;
  for (let i = 0; i + 1 < ys.length; i += 2) len += Math.max(0, Math.min(ys[i + 1], latHi) - Math.max(ys[i], latLo));
  return len;
}

/**
 * The corners' replacement for an area that is not a quadrilateral: `at(u, v)` maps the unit square onto a
 * lattice over `ring` whose rows hold equal shares of its area, and whose row r runs from the ring's west
 * to its east edge over the bands either side of it (plus a margin), so the cells cover the whole ring.
 */
export function outlineLattice(ring: P[], rows: number, margin = 0.001): (u: number, v: number) => P {
  const lats = ring.map((p) => p[1]);
  const north = Math.max(...lats) + margin;
  const south = Math.min(...lats) - margin;
  // cumulative area from the north, sampled
  const steps = 400;
  const cum = [0];
  for (let i = 1; i <= steps; i++) cum.push(cum[i - 1] + chordAt(ring, north - ((i - 0.5) / steps) * (north - south)));
  const rowLat = Array.from({ length: rows + 1 }, (_, r) => {
    if (r === 0) return north;
    if (r === rows) return south;
    const i = cum.findIndex((c) => c >= (cum[steps] * r) / rows);
    return north - (i / steps) * (north - south);
  });
  // along each row, u is the share of the area of the bands either side of it (so cells are of a size)
  const column = rowLat.map((_, r) => {
    const lo = rowLat[Math.min(rows, r + 1)];
    const hi = rowLat[Math.max(0, r - 1)];
    const [w0, e0] = extentBetween(ring, lo, hi);
    const [w, e] = [w0 - margin, e0 + margin];
    const n = 200;
    const weights = Array.from({ length: n }, (_, i) => verticalChordAt(ring, w + ((i + 0.5) / n) * (e - w), lo, hi));
    const mean = weights.reduce((a, b) => a + b, 0) / n || 1;
    const cumW = [0];
    for (const x of weights) cumW.push(cumW[cumW.length - 1] + x + 0.05 * mean); // never flat: no cell collapses
    return (u: number) => {
      const target = u * cumW[n];
      const i = Math.min(n - 1, Math.max(0, cumW.findIndex((c) => c >= target) - 1));
      const k = (target - cumW[i]) / (cumW[i + 1] - cumW[i]);
      return w + ((i + Math.min(1, Math.max(0, k))) / n) * (e - w);
    };
  });
  return (u, v) => {
    const f = Math.min(rows - 1e-9, Math.max(0, v * rows));
    const r = Math.floor(f);
    const k = f - r;
    return [column[r](u) + (column[r + 1](u) - column[r](u)) * k, rowLat[r] + (rowLat[r + 1] - rowLat[r]) * k];
  };
}

const cross = (o: P, a: P, b: P) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Is the closed ring convex (the clipping below needs a convex window)? */
export function isConvex(ring: P[]): boolean {
  const n = ring.length - 1;
  let sign = 0;
  for (let i = 0; i < n; i++) {
    const c = cross(ring[i], ring[(i + 1) % n], ring[(i + 2) % n]);
    if (Math.abs(c) < 1e-15) continue;
    if (sign === 0) sign = Math.sign(c);
    else if (Math.sign(c) !== sign) return false;
  }
  return true;
}

function ringArea(r: P[]): number {
  let a = 0;
  for (let i = 0; i + 1 < r.length; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return a / 2;
}

type Line = readonly [P, P];
const before = (p: P, q: P) => p[0] < q[0] || (p[0] === q[0] && p[1] < q[1]);
const canonical = (l: Line): Line => (before(l[0], l[1]) ? l : [l[1], l[0]]);

/**
 * Where two lines meet, computed from their canonical forms: neighbouring cells cut the same outline
 * segment at their shared edge, and must get the very same point (or the import sees them overlap).
 */
function meet(l1: Line, l2: Line): P {
  for (const p of l1) for (const q of l2) if (p[0] === q[0] && p[1] === q[1]) return p; // cells' shared corner
  const [[a, b], [c, d]] = before(canonical(l1)[0], canonical(l2)[0]) ? [canonical(l1), canonical(l2)] : [canonical(l2), canonical(l1)];
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const ex = d[0] - c[0], ey = d[1] - c[1];
  const t = ((c[0] - a[0]) * ey - (c[1] - a[1]) * ex) / (dx * ey - dy * ex);
  return [a[0] + t * dx, a[1] + t * dy];
}

/**
 * An area (the district's outline by default) cut to a convex cell (Sutherland–Hodgman: the area is the
 * subject, the cell the window). Each edge remembers the line it lies on (an outline segment or a cell
 * edge) so crossings are computed the same way in every cell. Where the area leaves and re-enters the
 * cell, the pieces are joined along the cell's edge (zero-width, so point lookups and areas are right).
 * Null when nothing of the area is in the cell.
 */
export function clipToOutline(cell: P[], subject: P[] = DISTRICT_OUTLINE): P[] | null {
  const win = cell.slice(0, -1);
  const ccw = ringArea(cell) > 0;
  type V = { p: P; next: Line };
  const src = subject.slice(0, -1);
  let out: V[] = src.map((p, i) => ({ p, next: [p, src[(i + 1) % src.length]] as const }));
  for (let i = 0; i < win.length && out.length; i++) {
    const e: Line = [win[i], win[(i + 1) % win.length]];
    const inside = (p: P) => (ccw ? cross(e[0], e[1], p) : -cross(e[0], e[1], p)) >= 0;
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j++) {
      const cur = input[j];
      const nxt = input[(j + 1) % input.length];
      if (inside(nxt.p)) {
        if (!inside(cur.p)) out.push({ p: meet(cur.next, e), next: cur.next });
        out.push(nxt);
      } else if (inside(cur.p)) out.push({ p: meet(cur.next, e), next: e });
    }
  }
  const ring = out.map((v) => v.p).filter((p, i, all) => i === 0 || p[0] !== all[i - 1][0] || p[1] !== all[i - 1][1]);
  if (ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]) ring.pop();
  if (ring.length < 3) return null;
  ring.push(ring[0]);
  return Math.abs(ringArea(ring)) < 1e-7 ? null : ring; // under ≈ 1,000 m²: nothing there
}
