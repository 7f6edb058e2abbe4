/** Fastify typing shared by every module's routes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyPluginOptions } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { Actor } from './access.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in user (session cookie or bearer token), or null. */
    actor: Actor | null;
    /** The raw token the actor came with (for log-out). */
    authToken: string | undefined;
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
