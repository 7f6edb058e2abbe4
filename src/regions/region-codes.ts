/**
 * Statistical area codes (统计用区划代码): province 2 + prefecture 2 + county 2 + township 3 +
 * village 3 = 12 digits; a grid adds a 3-digit serial (15), a micro-grid another 3 (18).
 * Pure functions, no IO.
 */

export const LEVELS = ['province', 'city', 'district', 'township', 'village', 'grid', 'microgrid'] as const;
export type RegionLevel = (typeof LEVELS)[number];

/** Significant digits of each level: the scope prefix that every descendant's code starts with. */
export const SCOPE_LENGTH: Record<RegionLevel, number> = {
  province: 2,
  city: 4,
  district: 6,
  township: 9,
  village: 12,
  grid: 15,
  microgrid: 18,
};

export const LEVEL_ZH: Record<RegionLevel, string> = {
  province: '省',
  city: '市',
  district: '区/县',
  township: '乡镇/街道',
  village: '村/社区',
  grid: '网格',
  microgrid: '微网格',
};

/** 街道 001–099, 镇 100–199, 乡 200–399; 居委会/社区 001–199, 村委会 200–399. */
export type RegionKind = 'subdistrict' | 'town' | 'township' | 'community' | 'village' | null;

export interface ParsedCode {
  code: string;
  level: RegionLevel;
  scope: string;
  parentCode: string | null;
  kind: RegionKind;
}

export class RegionCodeError extends Error {}

/** Parse a code; throws RegionCodeError with a readable reason. */
export function parseRegionCode(code: string): ParsedCode {
  if (!/^\d+$/.test(code)) throw new RegionCodeError(`"${code}" must contain digits only`);
  if (![12, 15, 18].includes(code.length)) throw new RegionCodeError(`"${code}" must have 12, 15 or 18 digits (has ${code.length})`);
  if (code.length === 18) {
    if (code.slice(15) === '000') throw new RegionCodeError(`micro-grid serial of "${code}" must not be 000`);
    const grid = parseRegionCode(code.slice(0, 15));
    return { code, level: 'microgrid', scope: code, parentCode: grid.code, kind: null };
  }
  if (code.length === 15) {
    if (code.slice(12) === '000') throw new RegionCodeError(`grid serial of "${code}" must not be 000`);
    const village = parseRegionCode(code.slice(0, 12));
    if (village.level !== 'village') throw new RegionCodeError(`grid "${code}" must belong to a village code, not a ${village.level}`);
    return { code, level: 'grid', scope: code, parentCode: village.code, kind: null };
  }
  const p = code.slice(0, 2);
  const c = code.slice(2, 4);
  const d = code.slice(4, 6);
  const t = code.slice(6, 9);
  const v = code.slice(9, 12);
  if (p === '00') throw new RegionCodeError(`"${code}": province part must not be 00`);
  const zeros = (s: string) => /^0+$/.test(s);
  let level: RegionLevel;
  if (zeros(c + d + t + v)) level = 'province';
  else if (zeros(d + t + v)) level = 'city';
  else if (zeros(t + v)) level = 'district';
  else if (zeros(v)) level = 'township';
  else level = 'village';
  // a non-zero part below a zero part is malformed (e.g. 330000100000)
  if ((zeros(c) && !zeros(d + t + v)) || (zeros(d) && !zeros(t + v)) || (zeros(t) && !zeros(v))) {
    throw new RegionCodeError(`"${code}" has a non-zero part below a zero part`);
  }
  const scope = code.slice(0, SCOPE_LENGTH[level]);
  const parentCode =
    level === 'province' ? null
    : level === 'city' ? p.padEnd(12, '0')
    : level === 'district' ? (p + c).padEnd(12, '0')
    : level === 'township' ? (p + c + d).padEnd(12, '0')
    : (p + c + d + t).padEnd(12, '0');
  let kind: RegionKind = null;
  if (level === 'township') {
    const n = Number(t);
    kind = n < 100 ? 'subdistrict' : n < 200 ? 'town' : n < 400 ? 'township' : null;
  } else if (level === 'village') {
    const n = Number(v);
    kind = n < 200 ? 'community' : n < 400 ? 'village' : null;
  }
  return { code, level, scope, parentCode, kind };
}

export function isValidRegionCode(code: string): boolean {
  try {
    parseRegionCode(code);
    return true;
  } catch {
    return false;
  }
}

/** Scope prefix of a code (the part every descendant shares). */
export function scopeOf(code: string): string {
  return parseRegionCode(code).scope;
}

/** Is `code` inside (or equal to) the region whose scope prefix is `scope`? */
export function withinScope(code: string, scope: string): boolean {
  return code.startsWith(scope);
}

export function levelIndex(level: RegionLevel): number {
  return LEVELS.indexOf(level);
}

/** Codes of every ancestor of a code, nearest first (grid → village → township → … → province). */
export function ancestorCodes(code: string): string[] {
  const out: string[] = [];
  let parent = parseRegionCode(code).parentCode;
  while (parent) {
    out.push(parent);
    parent = parseRegionCode(parent).parentCode;
  }
  return out;
}
