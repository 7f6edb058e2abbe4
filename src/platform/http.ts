/** Fastify typing shared by every module's routes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyPluginOptions } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { Actor, Permission } from './access.ts';

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

export const errorResponses = (...statuses: number[]): Record<number, TSchema> =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

export const SESSION_COOKIE = 'vb_session';
