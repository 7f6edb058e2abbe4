/** Need-to-know grants for administrators: list, grant, revoke (GrantsService). */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import type { GrantsService } from './grants.service.ts';

const RegionCode = Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' });
const Grant = Type.Object({
  id: Type.String({ format: 'uuid' }),
  permission: Type.String(),
  permissionName: Type.Union([Type.Object({ zh: Type.String(), en: Type.String() }), Type.Null()]),
  holder: Type.Object({ kind: Type.Union([Type.Literal('user'), Type.Literal('organisation')]), id: Type.String({ format: 'uuid' }), name: Type.Union([Type.String(), Type.Null()]) }),
  regionCode: Type.String(),
  reason: Type.String(),
  grantedBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const grantsRoutes: RoutesPlugin<{ grants: GrantsService }> = async (app, { grants }) => {
  app.get('/api/grants', {
    config: { access: { permission: 'users.write' } },
    schema: {
      tags: ['people'], summary: 'Need-to-know grants in the caller\'s area (live ones unless includeRevoked)',
      querystring: Type.Object({ permission: Type.Optional(Type.String({ maxLength: 64 })), includeRevoked: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Grant) }), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => ({ items: await grants.list(requireActor(req.actor), req.query) }));

  app.post('/api/grants', {
    config: { access: { permission: 'users.write' } },
    schema: {
      tags: ['people'], summary: 'Grant a need-to-know permission to a person or an organisation in a region (audited)',
      body: Type.Object({
        permission: Type.String({ minLength: 3, maxLength: 64 }),
        userId: Type.Optional(Type.String({ format: 'uuid' })),
        organisationId: Type.Optional(Type.String({ format: 'uuid' })),
        regionCode: RegionCode,
        reason: Type.String({ minLength: 2, maxLength: 500, pattern: '\\S' }),
      }, { additionalProperties: false }),
      response: { 201: Grant, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await grants.grant(requireActor(req.actor), req.body)));

  app.post('/api/grants/:id/revoke', {
    config: { access: { permission: 'users.write' } },
    schema: {
      tags: ['people'], summary: 'Revoke a grant (kept, with who revoked it; audited)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 200: Grant, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => grants.revoke(requireActor(req.actor), req.params.id, req.body.reason ?? null));
};
