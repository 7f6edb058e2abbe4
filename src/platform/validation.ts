/**
 * Request validation. Query strings, params and headers are text, so they are coerced ("50" → 50);
 * JSON bodies are not: `{"displayName": 42}` is a 400 naming the field, not a silent "42".
 *
 * Two rules hold for every route, whatever its own schema says, so that bad input is a 400 naming the
 * field and never a 500 from PostgreSQL:
 * - text: no NUL character (PostgreSQL text and jsonb cannot hold it) and no unpaired UTF-16
 *   surrogate (not encodable as UTF-8). Checked on every string of the parsed body (keys too, also
 *   inside free-form objects), query string and path params, including routes without a schema
 *   (Open311's form bodies).
 * - numbers: every integer and number schema without its own bounds gets ±MAX_SAFE_INTEGER, so
 *   `offset=1e30` or `ids:[1e20]` (which JSON and the query coercion happily accept as integers)
 *   are refused instead of overflowing a column or a JavaScript integer.
 * Bodies a route parses itself (device telemetry and camera pushes, multipart fields) can use
 * `unsafeTextPath` on what they parsed.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { AppError } from './errors.ts';

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ coerceTypes: coerce ? 'array' : false, useDefaults: true, removeAdditional: false, allErrors: false, strict: false,
    // oneOf + discriminator (one body schema per action): only the branch the tag names is checked
    discriminator: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

/** A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isSafeText = (s: string): boolean => !UNSAFE_TEXT.test(s);

/**
 * The path ('' for the value itself, 'a.b.0' inside objects/arrays) of the first string — value or
 * key — that PostgreSQL cannot store, or null when every string is safe.
 */
export function unsafeTextPath(value: unknown, at = '', depth = 0): string | null {
  if (typeof value === 'string') return isSafeText(value) ? null : at;
  if (value === null || typeof value !== 'object' || depth > 64 || Buffer.isBuffer(value)) return null;
  const join = (k: string | number) => (at ? `${at}.${k}` : String(k));
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = unsafeTextPath(value[i], join(i), depth + 1);
      if (p !== null) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (!isSafeText(k)) return join(k.replace(UNSAFE_TEXT, '\uFFFD'));
    const p = unsafeTextPath(v, join(k), depth + 1);
    if (p !== null) return p;
  }
  return null;
}

/**
 * Text PostgreSQL can store, for what must be kept whatever it holds (a device's refused message and
 * the reason quoting it): NUL written as the six characters `\u0000`, unpaired surrogates as U+FFFD.
 */
export function storableText(s: string): string {
  return isSafeText(s) ? s : s.replace(/\u0000/g, '\\u0000').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export const UNSAFE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired surrogates';

/** The 400 for an unstorable string, shaped like every other validation error. */
export function unsafeTextError(where: string, field: string): AppError {
  const name = field || `(${where})`;
  return new AppError('VALIDATION_FAILED', 400, `${where}.${name}: ${UNSAFE_TEXT_MESSAGE}`, {
    field: name, in: where, problems: [{ field: name, message: UNSAFE_TEXT_MESSAGE }],
  });
}

/** Keys whose values are data, not sub-schemas. */
const DATA_KEYS = new Set(['const', 'enum', 'default', 'examples', 'example']);

const isNumeric = (type: unknown) =>
  type === 'integer' || type === 'number' || (Array.isArray(type) && (type.includes('integer') || type.includes('number')));

/**
 * A copy of the schema with bounds on every integer and number that has none of its own. A copy,
 * so the route's schema (and the OpenAPI document made from it) stays as written.
 */
export function withDefaultBounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withDefaultBounds);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = DATA_KEYS.has(k) ? v : withDefaultBounds(v);
  if (isNumeric(out.type)) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = Number.MAX_SAFE_INTEGER;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = -Number.MAX_SAFE_INTEGER;
  }
  return out;
}

function checkText(req: FastifyRequest): void {
  for (const where of ['params', 'querystring', 'body'] as const) {
    const value = where === 'params' ? req.params : where === 'querystring' ? req.query : req.body;
    // a body a route keeps as text (device pushes) is that route's to read
    if (where === 'body' && (value === null || typeof value !== 'object')) continue;
    const field = unsafeTextPath(value);
    if (field !== null) throw unsafeTextError(where, field);
  }
}

export function registerValidators(app: FastifyInstance): void {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(withDefaultBounds(schema) as object));
  // before the schema (and for routes without one): every parsed string must be storable
  app.addHook('preValidation', async (req) => checkText(req));
}
