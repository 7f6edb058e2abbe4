/**
 * Bad inputs generated from a route's OpenAPI body schema: for each property, a wrong type, a huge
 * string, a NUL, a lone surrogate, an out-of-range number; for the body, malformed JSON, the wrong
 * top-level type, a missing required field, an unexpected field, a body over the size limit; for each
 * path parameter, a NUL and an invalid UTF-8 sequence. Device and Open311 routes get bodies of their
 * own kind (raw text, forms).
 */
import type { InjectOptions } from 'fastify';

export interface BadInput {
  /** The input class, and the field it is about when it is about one. */
  cls: string;
  field?: string;
  opts: Pick<InjectOptions, 'url' | 'payload' | 'headers'>;
}

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
};

export const HUGE = 100_001;
const JSON_TYPE = { 'content-type': 'application/json' };

/** The kind of value a schema takes (a union of literals is a string). */
function kindOf(s: Schema): string {
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) {
    const kinds = [...new Set(alts.map(kindOf).filter((k) => k !== 'null'))];
    return kinds.length === 1 ? kinds[0] : 'mixed';
  }
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  return t ?? (s.enum ? typeof s.enum[0] : 'unknown');
}

/** The properties of an object body, merged over the members of a union of objects. */
export function propertiesOf(s: Schema): { props: Record<string, Schema>; required: Set<string>; closed: boolean } {
  const members = s.anyOf ?? s.oneOf;
  if (members?.length && members.every((m) => kindOf(m) === 'object')) {
    const parts = members.map(propertiesOf);
    return {
      props: Object.assign({}, ...parts.map((p) => p.props)),
      required: new Set(parts.map((p) => [...p.required]).reduce((a, b) => a.filter((x) => b.includes(x)))),
      closed: parts.every((p) => p.closed),
    };
  }
  return { props: s.properties ?? {}, required: new Set(s.required ?? []), closed: s.additionalProperties === false };
}

/** Wrong-typed values: never coerced in a JSON body (see platform/validation.ts). */
function wrongType(kind: string): unknown {
  switch (kind) {
    case 'string': return 12345;
    case 'number': case 'integer': return 'not-a-number';
    case 'boolean': return 'maybe';
    case 'array': return 'not-a-list';
    case 'object': return 'not-an-object';
    default: return { unexpected: ['shape'] };
  }
}

/** Bad values of one property, by its kind. */
function badValues(s: Schema): [string, unknown][] {
  const kind = kindOf(s);
  const out: [string, unknown][] = [['wrong type', wrongType(kind)]];
  if (kind === 'string') out.push(['huge string', 'x'.repeat(HUGE)], ['NUL', 'a\u0000b'], ['lone surrogate', 'a\ud800b']);
  if (kind === 'number' || kind === 'integer') {
    out.push(['out of range 1e30', 1e30]);
    if (s.minimum !== undefined && s.minimum > -1) out.push(['out of range -1', -1]);
  }
  if (kind === 'array' && s.items) {
    const item = kindOf(s.items);
    if (item === 'number' || item === 'integer') out.push(['out of range 1e20 in array', [1e20]]);
    if (item === 'string') out.push(['NUL in array', ['a\u0000b']], ['lone surrogate in array', ['a\ud800b']]);
  }
  return out;
}

/** Bad JSON bodies for a route taking a JSON body (schema from the OpenAPI document, base a valid body). */
export function jsonBodyCases(url: string, schema: Schema | null, base: Record<string, unknown> | undefined, bodyLimit: number): BadInput[] {
  const cases: BadInput[] = [
    { cls: 'malformed JSON', opts: { url, headers: JSON_TYPE, payload: '{"broken": ' } },
    { cls: 'oversized body', opts: { url, headers: JSON_TYPE, payload: JSON.stringify({ padding: 'x'.repeat(bodyLimit + 16) }) } },
  ];
  if (!schema) return cases;
  cases.push({ cls: 'wrong top-level type', opts: { url, headers: JSON_TYPE, payload: '["not", "an", "object"]' } });
  const { props, required, closed } = propertiesOf(schema);
  const body = base ?? {};
  const with_ = (field: string, value: unknown) => JSON.stringify({ ...body, [field]: value });
  for (const field of Object.keys(props).sort()) {
    if (required.has(field) && field in body) {
      const { [field]: _, ...rest } = body;
      cases.push({ cls: 'missing required field', field, opts: { url, headers: JSON_TYPE, payload: JSON.stringify(rest) } });
    }
    for (const [cls, value] of badValues(props[field])) cases.push({ cls, field, opts: { url, headers: JSON_TYPE, payload: with_(field, value) } });
  }
  if (closed) cases.push({ cls: 'unexpected field', field: 'unexpectedField', opts: { url, headers: JSON_TYPE, payload: with_('unexpectedField', 1) } });
  return cases;
}

/** Bad path parameters: a NUL, an invalid UTF-8 sequence (a lone surrogate's bytes), a huge value. */
export function pathCases(routeUrl: string, filled: string, payload: InjectOptions['payload'], headers: InjectOptions['headers']): BadInput[] {
  const template = routeUrl.split('/');
  const parts = filled.split('/');
  const out: BadInput[] = [];
  template.forEach((seg, i) => {
    if (!seg.startsWith(':')) return;
    for (const [cls, value] of [['NUL', 'a%00b'], ['lone surrogate', 'a%ED%A0%80b'], ['huge string', 'x'.repeat(5000)]] as const) {
      const url = parts.map((p, j) => (j === i ? value : p)).join('/');
      out.push({ cls: `path: ${cls}`, field: seg.slice(1), opts: { url, payload, headers } });
    }
  });
  return out;
}

/** Device bodies are text: malformed ones, no usable value, NUL, surrogates, huge keys and numbers. */
export function deviceCases(url: string, bodyLimit: number): BadInput[] {
  const raw = (cls: string, payload: string) => ({ cls, opts: { url, headers: JSON_TYPE, payload } });
  return [
    raw('malformed JSON', '{"level": '),
    raw('empty body', ''),
    raw('wrong top-level type', '"just text"'),
    raw('no usable value', '{}'),
    raw('NUL', '{"lev\\u0000el": 1}'),
    raw('lone surrogate', '{"lev\\ud800el": 1}'),
    raw('huge string', JSON.stringify({ ['k'.repeat(HUGE)]: 1 })),
    raw('out of range 1e400', '{"level": 1e400}'),
    raw('oversized body', JSON.stringify({ padding: 'x'.repeat(bodyLimit + 16) })),
  ];
}

/** Open311 POST requests (form-encoded): the base form with one field missing or bad. */
export function open311Cases(url: string, base: Record<string, string>, bodyLimit: number): BadInput[] {
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
  // a lone surrogate cannot be percent-encoded as text (URLSearchParams sends U+FFFD): its raw UTF-8 bytes go instead
  const form = (cls: string, field: string | undefined, f: Record<string, string>) =>
    ({ cls, field, opts: { url, headers: FORM, payload: new URLSearchParams(f).toString().replaceAll('%EF%BF%BD', '%ED%A0%80') } });
  const cases: BadInput[] = [
    { cls: 'malformed JSON', opts: { url, headers: JSON_TYPE, payload: '{"service_code": ' } },
    { cls: 'oversized body', opts: { url, headers: FORM, payload: `description=${'x'.repeat(bodyLimit + 16)}` } },
  ];
  for (const field of ['service_code', 'lat', 'long', 'api_key']) {
    const { [field]: _, ...rest } = base;
    cases.push(form('missing required field', field, rest));
  }
  for (const field of ['description', 'address_string', 'email', 'first_name', 'phone', 'service_code', 'device_id']) {
    cases.push(form('NUL', field, { ...base, [field]: 'a\u0000b' }), form('lone surrogate', field, { ...base, [field]: 'a\ud800b' }), form('huge string', field, { ...base, [field]: 'x'.repeat(HUGE) }));
  }
  for (const field of ['lat', 'long']) cases.push(form('out of range 1e30', field, { ...base, [field]: '1e30' }), form('wrong type', field, { ...base, [field]: 'north' }));
  return cases;
}

/** The upload route: not multipart, a broken multipart, a file that is not an image, one over the limit. */
export function uploadCases(url: string, mediaMaxBytes: number): BadInput[] {
  const b = 'vbsuitebad';
  const part = (bytes: Buffer, type: string) => Buffer.concat([
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="f.jpg"\r\nContent-Type: ${type}\r\n\r\n`), bytes, Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  const MP = { 'content-type': `multipart/form-data; boundary=${b}` };
  return [
    { cls: 'not multipart', opts: { url, headers: JSON_TYPE, payload: '{"file": "x"}' } },
    { cls: 'malformed multipart', opts: { url, headers: MP, payload: `--${b}\r\nContent-Disposition: form-data; name="file"; filename="f.jpg"\r\n\r\nno closing boundary` } },
    { cls: 'not an image', opts: { url, headers: MP, payload: part(Buffer.from('this is not a picture'), 'image/jpeg') } },
    { cls: 'oversized file', opts: { url, headers: MP, payload: part(Buffer.alloc(mediaMaxBytes + 1024, 0xff), 'image/jpeg') } },
  ];
}

/**
 * Bad query strings of a read route: a NUL and a huge value in each text parameter, 1e30 in each number.
 * (No lone surrogate: a query string is UTF-8, and an invalid sequence stays the literal text.)
 */
export function queryCases(url: string, params: { name: string; schema: Schema }[], base: Record<string, string>): BadInput[] {
  const out: BadInput[] = [];
  const q = (extra: Record<string, string>) => {
    const all = { ...base, ...extra };
    return `${url}?${Object.entries(all).map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}`;
  };
  const enc = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, encodeURIComponent(v)]));
  const plain = enc(base);
  for (const { name, schema } of params) {
    const kind = kindOf(schema);
    if (kind === 'string' || kind === 'array') {
      out.push({ cls: 'query: NUL', field: name, opts: { url: q({ ...plain, [name]: 'a%00b' }) } });
      out.push({ cls: 'query: huge string', field: name, opts: { url: q({ ...plain, [name]: 'x'.repeat(5000) }) } });
    }
    if (kind === 'number' || kind === 'integer') out.push({ cls: 'query: out of range 1e30', field: name, opts: { url: q({ ...plain, [name]: '1e30' }) } });
  }
  return out;
}
