/** Fastify typing shared by every module's routes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyPluginOptions, onRequestHookHandler } from 'fastify';
import { Type } from 'typebox';
import { assertCan, type Actor, type Permission } from './access.ts';
import { unauthorized } from './errors.ts';

/**
 * Who may call a route, declared on the route itself (`config: { access }`). The authorization matrix
 * test reads these declarations from the route table, so a route without one fails the suite.
 * - 'public': anyone, logged in or not (public writes are rate-limited by the route)
 * - 'authenticated': any logged-in account; the service decides what it may see (its own records)
 * - 'device': a sensor's or camera's access token, not a user session
 * - 'open311': GeoReport v2 (anonymous reads, API key for writes)
 * - { permission }: a role carrying the permission in some region; the service checks the region
 *   of the object (another region's object answers 404)
 */
export type RouteAccess = 'public' | 'authenticated' | 'device' | 'open311' | { permission: Permission };

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in user (session cookie or bearer token), or null. */
    actor: Actor | null;
    /** The raw token the actor came with (for log-out). */
    authToken: string | undefined;
  }
  interface FastifyContextConfig {
    /** Who may call the route (see RouteAccess). */
    access?: RouteAccess;
  }
}

export type RoutesPlugin<O extends FastifyPluginOptions = Record<never, never>> = FastifyPluginAsyncTypebox<O>;

/** The shape of every error body, for OpenAPI. */
export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Record(Type.String(), Type.Unknown()) }),
});

/** Error answers for OpenAPI, typed by status so a route's success schema still types its handler's answer. */
export const errorResponses = <S extends number[]>(...statuses: S): { [K in S[number]]: typeof ErrorBody } =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as { [K in S[number]]: typeof ErrorBody };

export const SESSION_COOKIE = 'vb_session';

/** One entry of the route table: what the authorization matrix and the bad-input suite walk. */
export interface DeclaredRoute {
  method: string;
  url: string;
  /** Undefined only outside /api/ (plugins' own routes: the API docs, static files). */
  access: RouteAccess | undefined;
}

const routeTables = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** Every route registered on the app since registerAccessControl, in registration order. */
export function declaredRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return routeTables.get(app) ?? [];
}

export function describeAccess(access: RouteAccess | undefined): string {
  return access === undefined ? 'public (undeclared, outside /api/)' : typeof access === 'string' ? access : `permission ${access.permission}`;
}

/**
 * Enforces the declarations generically, before any body is parsed or validated: no session → 401 on
 * every route that is not public, device or open311; a `{ permission }` the actor holds in no region →
 * 403. The region of the object is still the service's business (another region's object is a 404).
 * An `/api/` route without a declaration stops the app at start-up.
 *
 * Call before any route is registered. The guard is added as the route's own onRequest hook, so it
 * runs after the app-wide hook that resolves the session, whichever was added first.
 */
export function registerAccessControl(app: FastifyInstance): void {
  const table: DeclaredRoute[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = [route.method].flat();
    if (!access && route.url.startsWith('/api/')) {
      throw new Error(`${methods.join(',')} ${route.url} declares no access: add config: { access } to its route options`);
    }
    for (const method of methods) table.push({ method, url: route.url, access });
    if (access === undefined || access === 'public' || access === 'device' || access === 'open311') return;
    const guard: onRequestHookHandler = async (req) => {
      if (!req.actor) throw unauthorized();
      if (typeof access === 'object') assertCan(req.actor, access.permission);
    };
    route.onRequest = [...[route.onRequest ?? []].flat(), guard];
  });
}
