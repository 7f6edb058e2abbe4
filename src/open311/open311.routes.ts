/**
 * Open311 GeoReport v2 at /open311/v2/ (JSON or XML by extension, errors in the standard's list),
 * and the administrators' API-key routes under /api/open311/keys.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../platform/errors.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { Open311Error, render, renderError, splitFormat, type Format } from './open311.format.ts';
import type { Open311Service, RequestQuery } from './open311.service.ts';
import { Items, Ok } from '../platform/contract.ts';
import { NewOpen311Key, Open311Key } from './open311.contract.ts';

const SPEC = 'http://wiki.open311.org/GeoReport_v2';

/** The format asked for by the last path segment (for errors raised before a route ran). */
function formatOf(url: string): Format {
  const path = url.split('?')[0];
  return path.toLowerCase().endsWith('.xml') ? 'xml' : 'json';
}

/**
 * A form body, strictly: a percent-encoding that is not UTF-8 (say, a lone surrogate's bytes) is a 400,
 * not text quietly mended with U+FFFD as URLSearchParams would.
 */
function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    try {
      out[decodeURIComponent(k.replace(/\+/g, ' '))] = decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      throw Object.assign(new Error('The form is not validly encoded (percent-encoding that is not UTF-8)'), { statusCode: 400 });
    }
  }
  return out;
}

/**
 * The router's own refusals (a bad percent-encoding, a path segment over its limit) under /open311/:
 * the standard's error list, like every other Open311 answer (Fastify's `frameworkErrors` runs before
 * any route, so the plugin's error handler never sees them).
 */
export function open311FrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const status = (err.statusCode ?? 500) < 500 ? err.statusCode! : 500;
  if (status === 500) req.log.error({ err }, 'open311 router error');
  const description = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path segment is too long' : err.code === 'FST_ERR_BAD_URL' ? 'The URL is not validly encoded' : status === 500 ? 'Internal server error' : 'Bad request';
  const { type, text } = renderError(formatOf(req.url), status, description);
  void reply.status(status).type(type).send(text);
}

export const open311Routes: RoutesPlugin<{ open311: Open311Service }> = async (app, { open311 }) => {
  // the standard posts form-encoded bodies; malformed ones and bad JSON end in the error list below
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.setErrorHandler((err, req, reply) => {
    const format = formatOf(req.url);
    let status = 500;
    let description = 'Internal server error';
    if (err instanceof Open311Error) ({ status, description } = err);
    else if (isDatabaseUnavailable(err)) {
      // as on every other route: 503 with a time to retry, the driver's words only in the log
      req.log.warn({ err: (err as Error).message }, 'database unavailable');
      status = 503;
      description = 'The service is unavailable for the moment; please retry';
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    } else if ((err as { statusCode?: number }).statusCode && (err as { statusCode: number }).statusCode < 500) {
      // the standard's error list, with the status that says what went wrong (413 too large, 415 …)
      status = (err as { statusCode: number }).statusCode;
      description = status === 413 ? 'The request body is too large' : `The request could not be read: ${(err as Error).message}`;
    } else req.log.error({ err }, 'open311 request failed');
    const { type, text } = renderError(format, status, description);
    return reply.status(status).type(type).send(text);
  });

  const send = (reply: import('fastify').FastifyReply, format: Format, root: string, body: unknown, status = 200) => {
    const { type, text } = render(format, root, body);
    return reply.status(status).type(type).send(text);
  };

  // GeoReport v2 answers the standard's JSON or XML as text (render): no response schema, the
  // standard is the contract (open311.format.ts), and the routes stay out of the OpenAPI document
  const hide = { hide: true };

  app.get('/open311/v2/:file', { config: { access: 'open311' }, schema: hide }, async (req, reply) => {
    const { name, format } = splitFormat((req.params as { file: string }).file);
    const query = req.query as RequestQuery;
    if (name === 'discovery') {
      const url = `${req.protocol}://${req.host}/open311/v2/`; // behind a proxy: X-Forwarded-* (trustProxy)
      return send(reply, format, 'discovery', {
        changeset: '2026-11-22T00:00:00+08:00', contact: '乡村大脑 (Village Brain) 平台管理员', key_service: '向平台管理员申请 api_key (npm run vb -- open311-key add NAME)',
        endpoints: [{ specification: SPEC, url, changeset: '2026-11-22T00:00:00+08:00', type: 'production', formats: ['application/json', 'text/xml'] }],
      });
    }
    if (name === 'services') return send(reply, format, 'services', await open311.services());
    if (name === 'requests') return send(reply, format, 'service_requests', await open311.list(query));
    throw new Open311Error(404, `No resource ${name}`);
  });

  app.get('/open311/v2/:dir/:file', { config: { access: 'open311' }, schema: hide }, async (req, reply) => {
    const { dir, file } = req.params as { dir: string; file: string };
    const { name, format } = splitFormat(file);
    const extensions = (req.query as RequestQuery).extensions === 'true';
    if (dir === 'services') return send(reply, format, 'service_definition', await open311.definition(name));
    if (dir === 'requests') return send(reply, format, 'service_requests', await open311.one(name, extensions));
    if (dir === 'tokens') return send(reply, format, 'service_requests', await open311.token(name));
    throw new Open311Error(404, `No resource ${dir}/${name}`);
  });

  app.post('/open311/v2/:file', { config: { access: 'open311' }, schema: hide }, async (req, reply) => {
    const { name, format } = splitFormat((req.params as { file: string }).file);
    if (name !== 'requests') throw new Open311Error(404, `No resource ${name}`);
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Open311Error(400, 'Post the request form-encoded (application/x-www-form-urlencoded)');
    const form = Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, v === null || v === undefined ? undefined : String(v)]));
    return send(reply, format, 'service_requests', await open311.create(form, req.ip));
  });

};

/** Administrators manage client keys (outside the Open311 plugin: ordinary API errors here). */
export const open311KeyRoutes: RoutesPlugin<{ open311: Open311Service }> = async (app, { open311 }) => {
  app.get('/api/open311/keys', { config: { access: { permission: 'open311.keys' } }, schema: { tags: ['open311'], summary: 'Open311 API keys (admin)', response: { 200: Items(Open311Key), ...errorResponses(401, 403) } } }, async (req) => ({
    items: await open311.listKeys(requireActor(req.actor)),
  }));
  app.post('/api/open311/keys', {
    config: { access: { permission: 'open311.keys' } },
    schema: {
      tags: ['open311'], summary: 'Create an Open311 API key; the key is shown once (admin)',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
      response: { 201: NewOpen311Key, ...errorResponses(400, 401, 403) },
    },
  }, async (req, reply) => reply.status(201).send(await open311.addKey(requireActor(req.actor), req.body.name)));
  app.delete('/api/open311/keys/:id', {
    config: { access: { permission: 'open311.keys' } },
    schema: { tags: ['open311'], summary: 'Revoke an Open311 API key (admin)', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: Ok, ...errorResponses(401, 403, 404) } },
  }, async (req) => {
    await open311.revokeKey(requireActor(req.actor), req.params.id);
    return { ok: true };
  });
};
