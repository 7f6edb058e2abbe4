/** HTTP routes of the people module: log-in, me, users, organisations. Schemas + service calls only. */
import { Type } from 'typebox';
import { requireActor, rolePermissions, scopesFor, type Permission } from '../platform/access.ts';
import { errorResponses, SESSION_COOKIE, type RoutesPlugin } from '../platform/http.ts';
import type { AuthService, LoginResult } from './auth.service.ts';
import { LoginAnswer, Me, Organisation, OtpSent, UserView } from './people.contract.ts';
import { Items, Ok } from '../platform/contract.ts';
import { ORGANISATION_KINDS, type UsersService } from './users.service.ts';

const Phone = Type.String({ minLength: 5, maxLength: 20 });
const RoleList = ['resident', 'tourist', 'grid_worker', 'party_member', 'operator', 'shift_lead', 'dispatcher', 'handler', 'leader', 'admin'];

export const peopleRoutes: RoutesPlugin<{ auth: AuthService; users: UsersService; cookieSecure: boolean }> = async (app, opts) => {
  const { auth, users } = opts;

  const startSession = (reply: import('fastify').FastifyReply, r: LoginResult): LoginAnswer => {
    reply.setCookie(SESSION_COOKIE, r.token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: opts.cookieSecure, expires: r.expiresAt,
    });
    const { id, kind, displayName, homeRegionCode, memberships, grants } = r.actor;
    return { token: r.token, expiresAt: r.expiresAt.toISOString(), user: { id, kind, displayName, homeRegionCode, memberships, grants } };
  };

  app.post('/api/auth/login', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'], summary: 'Staff log-in with user name and password',
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: LoginAnswer, ...errorResponses(400, 401, 403, 429) },
    },
  }, async (req, reply) => startSession(reply, await auth.loginWithPassword(req.body.username, req.body.password, req.ip)));

  app.post('/api/auth/otp/request', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'], summary: 'Send a one-time code to a phone (residents and tourists)',
      body: Type.Object({ phone: Phone }, { additionalProperties: false }),
      response: { 200: OtpSent, ...errorResponses(400, 429) },
    },
  }, async (req) => auth.requestOtp(req.body.phone, req.ip));

  app.post('/api/auth/otp/verify', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'], summary: 'Log in with phone and one-time code',
      body: Type.Object({ phone: Phone, code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false }),
      response: { 200: LoginAnswer, ...errorResponses(400, 401, 403, 429) },
    },
  }, async (req, reply) => startSession(reply, await auth.verifyOtp(req.body.phone, req.body.code, req.ip)));

  app.post('/api/auth/logout', { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'End the session', response: { 200: Ok } } }, async (req, reply) => {
    await auth.logout(req.authToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/me', { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'The logged-in user, roles, scopes and permissions', response: { 200: Me, ...errorResponses(401) } } }, async (req): Promise<Me> => {
    const actor = requireActor(req.actor);
    const permissions = [...new Set([...actor.memberships.flatMap((m) => rolePermissions(m.role)), ...(actor.grants ?? []).map((g) => g.permission as Permission)])];
    const { id, kind, displayName, homeRegionCode, memberships, grants } = actor;
    return {
      id, kind, displayName, homeRegionCode, memberships, grants, permissions,
      scopes: Object.fromEntries(permissions.map((p) => [p, scopesFor(actor, p)])),
      regionNames: await users.ownRegionNames(actor),
    };
  });

  app.get('/api/users', {
    config: { access: { permission: 'users.read' } },
    schema: {
      tags: ['people'], summary: 'Users in the caller\'s region scope (phones masked)',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 64 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
      response: { 200: Items(UserView), ...errorResponses(401, 403) },
    },
  }, async (req) => ({ items: await users.listUsers(requireActor(req.actor), req.query) }));

  app.post('/api/users', {
    config: { access: { permission: 'users.write' } },
    schema: {
      tags: ['people'], summary: 'Create a user with roles in regions',
      body: Type.Object({
        username: Type.Optional(Type.String({ maxLength: 64 })),
        displayName: Type.String({ minLength: 1, maxLength: 100 }),
        phone: Type.Optional(Phone),
        password: Type.Optional(Type.String({ maxLength: 200 })),
        kind: Type.Union([Type.Literal('staff'), Type.Literal('resident'), Type.Literal('tourist')]),
        homeRegionCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' })),
        memberships: Type.Optional(Type.Array(Type.Object({
          role: Type.Union(RoleList.map((r) => Type.Literal(r))),
          regionCode: Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' }),
          organisationId: Type.Optional(Type.String({ format: 'uuid' })),
        }, { additionalProperties: false }), { maxItems: 20 })),
      }, { additionalProperties: false }),
      response: { 201: UserView, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (req, reply) => {
    const created = await users.createUser(requireActor(req.actor), req.body);
    return reply.status(201).send(created);
  });

  app.get('/api/organisations', { config: { access: { permission: 'orgs.read' } }, schema: { tags: ['people'], summary: 'Organisations in scope', response: { 200: Items(Organisation), ...errorResponses(401, 403) } } },
    async (req) => ({ items: await users.listOrganisations(requireActor(req.actor)) }));

  app.post('/api/organisations', {
    config: { access: { permission: 'orgs.write' } },
    schema: {
      tags: ['people'], summary: 'Create an organisation',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 100 }),
        kind: Type.Union(ORGANISATION_KINDS.map((k) => Type.Literal(k))),
        regionCode: Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' }),
      }, { additionalProperties: false }),
      response: { 201: Organisation, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await users.createOrganisation(requireActor(req.actor), req.body)));
};
