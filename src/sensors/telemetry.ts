/**
 * ThingsBoard-compatible telemetry bodies (DOMAIN.md §3), parsed without IO: `{"key": value, …}`,
 * `{"ts": ms, "values": {…}}`, or an array of those. Numbers (or numeric strings) only; booleans
 * count as 0/1. Timestamps more than a day ahead or a year behind the server's clock are refused.
 */
export interface Reading {
  key: string;
  ts: number;
  value: number;
}

export interface Parsed {
  readings: Reading[];
  /** What was wrong with the parts that were not taken (empty when everything was). */
  problems: string[];
}

const DAY = 86_400_000;
const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;

function values(obj: Record<string, unknown>, ts: number, out: Parsed, where: string): void {
  for (const [key, raw] of Object.entries(obj)) {
    if (!KEY.test(key)) {
      out.problems.push(`${where}: "${key.slice(0, 40)}" is not a telemetry key`);
      continue;
    }
    const value = typeof raw === 'boolean' ? Number(raw) : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      out.problems.push(`${where}: ${key} is not a number`);
      continue;
    }
    out.readings.push({ key, ts, value });
  }
}

export function parseTelemetry(body: unknown, now = Date.now()): Parsed {
  const out: Parsed = { readings: [], problems: [] };
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) out.problems.push('empty array');
  items.forEach((item, i) => {
    const where = Array.isArray(body) ? `[${i}]` : 'body';
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      out.problems.push(`${where}: not an object`);
      return;
    }
    const o = item as Record<string, unknown>;
    if ('values' in o) {
      const ts = typeof o.ts === 'number' ? o.ts : typeof o.ts === 'string' ? Number(o.ts) : NaN;
      if (!Number.isFinite(ts)) return void out.problems.push(`${where}: ts must be milliseconds since 1970`);
      if (ts > now + DAY || ts < now - 365 * DAY) return void out.problems.push(`${where}: ts ${new Date(ts).toISOString()} is too far from now`);
      if (o.values === null || typeof o.values !== 'object' || Array.isArray(o.values)) return void out.problems.push(`${where}: values must be an object`);
      values(o.values as Record<string, unknown>, Math.round(ts), out, where);
    } else {
      values(o, now, out, where);
    }
  });
  return out;
}
