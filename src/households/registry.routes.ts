/** The registry's routes (一户一档): a household's page, reveals and who revealed, people, tags and place, the roster import. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { RelationSchema } from './households.contract.ts';
import { HouseholdRecord, ImportResult, PersonRoleSchema, Revealed, RevealList } from './registry.contract.ts';
import type { HouseholdRegistry } from './registry.service.ts';

const Id = Type.Object({ id: Uuid });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Rule = Type.Union([Type.Literal('idNumber'), Type.Literal('namePhone'), Type.Literal('nameBirth')]);

export const registryRoutes: RoutesPlugin<{ registry: HouseholdRegistry }> = async (app, { registry }) => {
  app.get('/api/households/:id/record', {
    // need-to-know, checked by the service: the grid's worker, or a households.read grant; anyone else 404
    config: { access: 'authenticated' },
    schema: {
      tags: ['households'], summary: 'A household\'s page (一户一档): people with roles (ID numbers and phones masked), tags, grid and point, change history; audited',
      params: Id, response: { 200: HouseholdRecord, ...errorResponses(400, 401, 404) },
    },
  }, async (req) => registry.record(requireActor(req.actor), req.params.id));

  app.post('/api/households/:id/people/:personId/reveal', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['households'], summary: 'Show one person\'s ID number or phone in full (need-to-know); every reveal is audited and listed to the household',
      params: Type.Object({ id: Uuid, personId: Uuid }),
      body: Type.Object({ field: Type.Union([Type.Literal('idNumber'), Type.Literal('phone')]) }, { additionalProperties: false }),
      response: { 200: Revealed, ...errorResponses(400, 401, 404, 503) },
    },
  }, async (req) => registry.reveal(requireActor(req.actor), req.params.id, req.params.personId, req.body.field));

  app.get('/api/households/:id/reveals', {
    config: { access: 'authenticated' },
    schema: { tags: ['households'], summary: 'Who opened the household, revealed whose ID number or phone, or scanned its card (need-to-know)', params: Id, response: { 200: RevealList, ...errorResponses(400, 401, 404) } },
  }, async (req) => registry.reveals(requireActor(req.actor), req.params.id));

  app.get('/api/me/household/reveals', {
    config: { access: 'authenticated' },
    schema: { tags: ['households'], summary: '谁看过我家的信息: who opened my household\'s record, revealed an ID number or phone, or scanned our card', response: { 200: RevealList, ...errorResponses(401) } },
  }, async (req) => registry.myReveals(requireActor(req.actor)));

  app.post('/api/households/:id/people', {
    config: { access: { permission: 'households.manage' } },
    schema: {
      tags: ['households'], summary: 'Put a person on the household\'s record (no account needed): the ID number is checked (GB 11643) and stored encrypted',
      params: Id,
      body: Type.Object({
        name: Text(40), relation: RelationSchema, idNumber: Type.Optional(Type.String({ maxLength: 24 })), phone: Type.Optional(Type.String({ maxLength: 20 })),
        roles: Type.Optional(Type.Array(PersonRoleSchema, { maxItems: 2 })),
      }, { additionalProperties: false }),
      response: { 200: HouseholdRecord, ...errorResponses(400, 401, 403, 404, 422, 503) },
    },
  }, async (req) => (await registry.addPerson(requireActor(req.actor), req.params.id, req.body))!);

  app.post('/api/households/:id/people/:personId/roles', {
    config: { access: { permission: 'households.manage' } },
    schema: {
      tags: ['households'], summary: 'A person\'s roles in the household: contact (联系人), proxy (代办人)',
      params: Type.Object({ id: Uuid, personId: Uuid }), body: Type.Object({ roles: Type.Array(PersonRoleSchema, { maxItems: 2 }) }, { additionalProperties: false }),
      response: { 200: HouseholdRecord, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => registry.setRoles(requireActor(req.actor), req.params.id, req.params.personId, req.body.roles));

  app.post('/api/households/:id/update', {
    config: { access: { permission: 'households.manage' } },
    schema: {
      tags: ['households'], summary: 'Change tags, address, grid or address point; each change is a history row (old → new)',
      params: Id,
      body: Type.Object({
        tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 12 }), { maxItems: 10 })), address: Type.Optional(Text(120)),
        gridCode: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{15}$' }), Type.Null()])),
        lon: Type.Optional(Type.Number({ minimum: 73, maximum: 136 })), lat: Type.Optional(Type.Number({ minimum: 3, maximum: 54 })),
      }, { additionalProperties: false }),
      response: { 200: HouseholdRecord, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (req) => registry.update(requireActor(req.actor), req.params.id, req.body));

  app.post('/api/households/import', {
    config: { access: { permission: 'households.manage' } },
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags: ['households'], summary: 'Import a village\'s households (CSV or XLSX, one row per person): all or nothing; a bad row is 400 naming it, suspected duplicates 409 until confirmed separate',
      body: Type.Object({
        regionCode: Type.String({ pattern: '^[0-9]{12}$' }), format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]), data: Type.String({ minLength: 1, maxLength: 8_000_000 }),
        rules: Type.Optional(Type.Array(Rule, { maxItems: 3 })), separate: Type.Optional(Type.Array(Type.Integer({ minimum: 2, maximum: 100_000 }), { maxItems: 10_000 })),
      }, { additionalProperties: false }),
      response: { 200: ImportResult, ...errorResponses(400, 401, 403, 409, 413, 422, 503) },
    },
  }, async (req) => registry.importRoster(requireActor(req.actor), req.body));
};
