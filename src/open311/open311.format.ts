/**
 * Open311 GeoReport v2 wire formats: every resource as JSON or XML (chosen by the `.json` / `.xml`
 * extension), errors as a list of {code, description}, datetimes ISO 8601 with the +08:00 offset.
 */
import { XMLBuilder } from 'fast-xml-parser';

export type Format = 'json' | 'xml';

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 429,
    readonly description: string,
  ) {
    super(description);
  }
}

/** `requests.json` → { name: 'requests', format: 'json' }; no extension means JSON. */
export function splitFormat(file: string): { name: string; format: Format } {
  const dot = file.lastIndexOf('.');
  if (dot < 0) return { name: file, format: 'json' };
  const ext = file.slice(dot + 1).toLowerCase();
  if (ext !== 'json' && ext !== 'xml') throw new Open311Error(400, `Unknown format ".${ext}": use .json or .xml`);
  return { name: file.slice(0, dot), format: ext };
}

/** ISO 8601 in China Standard Time, e.g. 2026-11-22T18:05:00+08:00. */
export function isoCst(d: Date | string | null | undefined): string | null {
  if (!d) return null;
  const t = new Date(d).getTime();
  if (Number.isNaN(t)) return null;
  return `${new Date(t + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** The element name of one item of each list, in the GeoReport v2 XML documents. */
const ITEM_OF: Record<string, string> = {
  services: 'service', service_requests: 'request', errors: 'error', attributes: 'attribute', values: 'value',
  endpoints: 'endpoint', formats: 'format', timeline: 'entry',
};

/** Lists become wrapper elements with one child per item; nulls become empty elements. */
function toXmlTree(value: unknown, name: string): unknown {
  if (Array.isArray(value)) return { [ITEM_OF[name] ?? 'item']: value.map((v) => toXmlTree(v, ITEM_OF[name] ?? 'item')) };
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toXmlTree(v, k)]));
  return String(value);
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: true, processEntities: true });

/** A document: `root` is the list element for arrays (services, service_requests, errors) or the root. */
export function render(format: Format, root: string, body: unknown): { type: string; text: string } {
  if (format === 'json') return { type: 'application/json; charset=utf-8', text: JSON.stringify(body) };
  const tree = { [root]: toXmlTree(body, root) };
  return { type: 'text/xml; charset=utf-8', text: `<?xml version="1.0" encoding="utf-8"?>${builder.build(tree)}` };
}

export function renderError(format: Format, status: number, description: string) {
  return render(format, 'errors', [{ code: status, description }]);
}
