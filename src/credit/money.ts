/**
 * Money and shares, pure: yuan typed by people → whole fen (a pool that is not a whole number of fen
 * is refused, never rounded), and the largest-remainder split of a pool over points so Σ payouts is
 * the pool to the fen. BigInt throughout: pool × points reaches 10^17 for a county, past 2^53.
 */

/** "165130", "165130.5", "165130.50", 165130.5 → fen; null when not a whole number of fen (or negative, or absurd). */
export function yuanToFen(input: string | number): number | null {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : input.trim();
  const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const decimals = (m[2] ?? '').replace(/0+$/, '');
  if (decimals.length > 2) return null;
  return Number(m[1]) * 100 + Number(decimals.padEnd(2, '0'));
}

/** 16513000 → "165130.00": how fen are written in files and answers (no float ever touches money). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

export interface ShareInput { id: string; points: number }
export interface Share { id: string; points: number; fen: number }

/**
 * Split `poolFen` pro rata to points (units with points ≤ 0 get nothing) by the largest remainder:
 * each unit gets floor(pool × p / P), and the fen left over go one each to the largest remainders,
 * ties broken by id — so the result depends only on the inputs, never on their order.
 */
export function splitPool(poolFen: number, units: readonly ShareInput[]): Share[] {
  const sorted = [...units].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const total = sorted.reduce((s, u) => s + BigInt(Math.max(0, u.points)), 0n);
  if (total === 0n) return sorted.map((u) => ({ id: u.id, points: u.points, fen: 0 }));
  const pool = BigInt(poolFen);
  const parts = sorted.map((u) => {
    const p = BigInt(Math.max(0, u.points));
    return { id: u.id, points: u.points, fen: (pool * p) / total, rem: (pool * p) % total };
  });
  let left = pool - parts.reduce((s, x) => s + x.fen, 0n);
  const order = parts.map((_, i) => i).sort((i, j) => (parts[j].rem > parts[i].rem ? 1 : parts[j].rem < parts[i].rem ? -1 : i - j));
  for (const i of order) {
    if (left <= 0n) break;
    if (parts[i].rem === 0n) continue;
    parts[i].fen += 1n;
    left -= 1n;
  }
  return parts.map((x) => ({ id: x.id, points: x.points, fen: Number(x.fen) }));
}
