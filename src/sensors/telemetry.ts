/**
 * ThingsBoard-compatible telemetry bodies (DOMAIN.md §3), parsed without IO: `{"key": value, …}`,
 * `{"ts": ms, "values": {…}}`, or an array of those. Like ThingsBoard, every value kind is telemetry:
 * numbers (and numeric strings; booleans count as 0/1) are `value`s the rules judge; other strings,
 * objects and arrays are stored as `data` (JSON) and only shown. Timestamps more than a day ahead or a
 * year behind the server's clock are refused.
 *
 * A reading without the device's `ts` is marked `stamped`: the ingest gives it a unique server stamp
 * (see ingest.ts), never a bare millisecond shared with other messages.
 */
export interface Reading {
  key: string;
  /** Milliseconds since 1970: the device's `ts`, or the server's clock when `stamped`. */
  ts: number;
  value: number;
}

/** Anything a device may send as a value: a number for the rules, or text/JSON kept as it came. */
export interface Datum {
  key: string;
  ts: number;
  /** The numeric value (rules judge these), or null for text/JSON. */
  value: number | null;
  /** A string, object or array that is not a number (stored as JSON). */
  data: unknown;
  /** No `ts` from the device: index of the item in the body (each item gets a stamp of its own). */
  stamped: number | null;
}

export interface Parsed {
  readings: Datum[];
  /** What was wrong with the parts that were not taken (empty when everything was). */
  problems: string[];
}

const DAY = 86_400_000;
const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;
/** Text and JSON values are kept as sent, up to this many characters of JSON. */
export const MAX_DATA_CHARS = 4096;

/** PostgreSQL text and jsonb take neither NUL nor half a surrogate pair; such a value is refused by name. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function storable(v: unknown): boolean {
  if (typeof v === 'string') return !UNSTORABLE.test(v);
  if (Array.isArray(v)) return v.every(storable);
  if (v && typeof v === 'object') return Object.entries(v).every(([k, x]) => !UNSTORABLE.test(k) && storable(x));
  return true;
}

/** Only the numeric readings (what the rules judge), in the rules' shape. */
export function numeric(data: Datum[]): Reading[] {
  return data.filter((d): d is Datum & { value: number } => d.value !== null).map((d) => ({ key: d.key, ts: d.ts, value: d.value }));
}

function values(obj: Record<string, unknown>, ts: number, stamped: number | null, out: Parsed, where: string): void {
  for (const [key, raw] of Object.entries(obj)) {
    if (!KEY.test(key)) {
      out.problems.push(`${where}: "${key.slice(0, 40).replace(/[\u0000-\u001f]/g, '?')}" is not a telemetry key`);
      continue;
    }
    if (raw === null || raw === undefined) {
      out.problems.push(`${where}: ${key} has no value`);
      continue;
    }
    if (typeof raw === 'number' || typeof raw === 'boolean') {
      const value = Number(raw);
      if (!Number.isFinite(value)) out.problems.push(`${where}: ${key} is not a finite number`);
      else out.readings.push({ key, ts, value, data: null, stamped });
      continue;
    }
    // a numeric string is a number (gauges that quote their values), any other string is text
    if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) {
      out.readings.push({ key, ts, value: Number(raw), data: null, stamped });
      continue;
    }
    if (!storable(raw)) {
      out.problems.push(`${where}: ${key} contains a NUL character or half a surrogate pair`);
      continue;
    }
    if (JSON.stringify(raw).length > MAX_DATA_CHARS) {
      out.problems.push(`${where}: ${key} is longer than ${MAX_DATA_CHARS} characters`);
      continue;
    }
    out.readings.push({ key, ts, value: null, data: raw, stamped });
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
      values(o.values as Record<string, unknown>, Math.round(ts), null, out, where);
    } else {
      values(o, now, i, out, where);
    }
  });
  return out;
}
