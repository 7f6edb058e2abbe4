/**
 * One error model. Services throw AppError with a module-owned UPPER_SNAKE code; the single
 * Fastify error handler turns it into `{ error: { code, message, details } }`. The `message` is English for
 * API clients; what a person reads comes from the code's entry in the catalogue (./error-text.ts).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_TEXT } from './error-text.ts';

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** As Fastify names it, so error handlers of their own (Open311's) see a 4xx as one. */
  get statusCode(): number {
    return this.status;
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 400, message, details);
export const unauthorized = (message = 'Log-in required', code = 'UNAUTHENTICATED') =>
  new AppError(code, 401, message);
export const forbidden = (message = 'Not allowed', details?: Record<string, unknown>) =>
  new AppError('FORBIDDEN', 403, message, details);
export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 404, message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 409, message, details);

/** Postgres unique-violation → the given AppError (works for node-postgres and PGlite). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/**
 * DATABASE_UNAVAILABLE (503, Retry-After): the database refused, dropped or did not answer. The client
 * should try again shortly; nothing of the request was committed.
 */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';
/** What a person is told for the platform's own codes: from the catalogue (the web app shows the Chinese one). */
export const PLATFORM_ERROR_TEXT: Record<string, { zh: string; en: string }> = {
  [DATABASE_UNAVAILABLE]: ERROR_TEXT[DATABASE_UNAVAILABLE],
};
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket and driver failures of node-postgres and the SQLSTATEs of a server that is going or gone. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', '53300', '57014', '08000', '08001', '08003', '08004', '08006',
]);
const UNREACHABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|database unavailable|Client has encountered a connection error|connection timeout/i;

/** Whether an error (or what it wraps: Drizzle wraps the driver's) says the database could not be reached. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e instanceof AppError) return e.code === DATABASE_UNAVAILABLE;
    if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && UNREACHABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

interface AjvLikeError {
  instancePath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

function fieldOf(e: AjvLikeError): string {
  const p = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const missing = e.params?.missingProperty ?? e.params?.requiredProperties;
  if (missing) return [p, Array.isArray(missing) ? missing[0] : missing].filter(Boolean).join('.');
  // a oneOf discriminated by a tag (one body schema per action): the tag is the field at fault
  if (typeof e.params?.tag === 'string') return [p, e.params.tag].filter(Boolean).join('.');
  const extra = e.params?.additionalProperty;
  if (extra) return [p, extra].filter(Boolean).join('.');
  return p || '(body)';
}

/** Codes for the 4xx errors Fastify and its plugins raise themselves. */
const FRAMEWORK_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_REQ_FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_FILES_LIMIT: 'TOO_MANY_FILES',
  FST_PARTS_LIMIT: 'TOO_MANY_PARTS',
  FST_FIELDS_LIMIT: 'TOO_MANY_FIELDS',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'MULTIPART_REQUIRED',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_BAD_URL: 'BAD_URL',
};

/**
 * Errors the router raises before any route or error handler runs (a path segment past maxParamLength:
 * 414; a malformed percent-encoding: 400), in the one error model. Passed as Fastify's `frameworkErrors`.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if ((err.statusCode ?? 500) >= 500) {
    request.log.error({ err }, 'router error');
    return void reply.status(500).send({ error: { code: 'INTERNAL', message: 'Internal server error', details: {} } });
  }
  const status = err.statusCode!;
  const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path segment is too long' : err.code === 'FST_ERR_BAD_URL' ? 'The URL is not validly encoded' : err.message;
  void reply.status(status).send({ error: { code: FRAMEWORK_CODES[err.code] ?? 'BAD_REQUEST', message, details: {} } });
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    // first: the driver's own words (addresses, ports) stay in the log
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err: (err as Error).message }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return reply.status(503).send({
        error: { code: DATABASE_UNAVAILABLE, message: PLATFORM_ERROR_TEXT[DATABASE_UNAVAILABLE].en, details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS } },
      });
    }
    if (err instanceof AppError) {
      if (err.status >= 500) request.log.error({ err }, err.message);
      const retry = err.details?.retryAfterSeconds;
      if (typeof retry === 'number' && (err.status === 429 || err.status === 503)) reply.header('retry-after', String(Math.max(1, Math.ceil(retry))));
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, details: err.details ?? {} } });
    }
    const fe = err as FastifyError & { validation?: AjvLikeError[]; validationContext?: string };
    if (fe.validation) {
      const first = fe.validation[0] ?? {};
      const field = fieldOf(first);
      const where = fe.validationContext ?? 'body';
      return reply.status(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: `${where}.${field}: ${first.message ?? 'invalid'}`,
          details: { field, in: where, problems: fe.validation.map((v) => ({ field: fieldOf(v), message: v.message })) },
        },
      });
    }
    const status = fe.statusCode ?? 500;
    if (status < 500) {
      const code = FRAMEWORK_CODES[fe.code] ?? (err instanceof SyntaxError ? 'MALFORMED_BODY' : 'BAD_REQUEST');
      return reply.status(status).send({ error: { code, message: err.message, details: {} } });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Internal server error', details: {} } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}`, details: {} } }),
  );
}
