/**
 * Point → (village, grid, micro-grid) lookup. A static packed R-tree (Flatbush) over the bounding
 * boxes of each level's polygons narrows the candidates; an exact point-in-polygon test decides.
 * Built from the regions table at start and rebuilt after an import; lives in memory (100,000 grids
 * with ~10 vertices each take tens of MB).
 */
import Flatbush from 'flatbush';
import { bboxOf, pointInGeometry, type AreaGeom } from './geo.ts';

export interface IndexedArea {
  code: string;
  parentCode: string | null;
  geometry: AreaGeom;
}

export interface PointPlacement {
  villageCode: string | null;
  gridCode: string | null;
  microgridCode: string | null;
}

class LevelIndex {
  private tree: Flatbush | null = null;
  constructor(private areas: IndexedArea[]) {
    if (areas.length === 0) return;
    this.tree = new Flatbush(areas.length);
    for (const a of areas) {
      const b = bboxOf(a.geometry);
      this.tree.add(b[0], b[1], b[2], b[3]);
    }
    this.tree.finish();
  }
  get size(): number {
    return this.areas.length;
  }
  find(lon: number, lat: number): IndexedArea | null {
    if (!this.tree) return null;
    const hits = this.tree.search(lon, lat, lon, lat);
    // smallest index first makes the answer deterministic where (invalid) overlaps exist
    hits.sort((a, b) => a - b);
    for (const i of hits) if (pointInGeometry(lon, lat, this.areas[i].geometry)) return this.areas[i];
    return null;
  }
}

export class GridIndex {
  private villages: LevelIndex;
  private grids: LevelIndex;
  private microgrids: LevelIndex;

  constructor(areas: { villages: IndexedArea[]; grids: IndexedArea[]; microgrids: IndexedArea[] }) {
    this.villages = new LevelIndex(areas.villages);
    this.grids = new LevelIndex(areas.grids);
    this.microgrids = new LevelIndex(areas.microgrids);
  }

  get counts() {
    return { villages: this.villages.size, grids: this.grids.size, microgrids: this.microgrids.size };
  }

  /** Where a WGS-84 point falls. A grid implies its village; without a grid the village is searched. */
  locate(lon: number, lat: number): PointPlacement {
    const grid = this.grids.find(lon, lat);
    if (grid) {
      const micro = this.microgrids.size ? this.microgrids.find(lon, lat) : null;
      return { villageCode: grid.parentCode, gridCode: grid.code, microgridCode: micro?.code ?? null };
    }
    const village = this.villages.find(lon, lat);
    return { villageCode: village?.code ?? null, gridCode: null, microgridCode: null };
  }
}
