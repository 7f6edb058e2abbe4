/** Admin routes: categories and time limits, vendor event codes, calendar overrides. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { Items, Ok } from '../platform/contract.ts';
import { CalendarOverride, Category, VendorCode } from './cases.contract.ts';
import { LIMIT_UNITS } from './admin.ts';
import type { CasesService } from './cases.service.ts';
import { SOURCES } from './sources.ts';

const lit = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Limit = Type.Integer({ minimum: 1, maximum: 100_000 });
const CategoryBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  leadKind: Type.Optional(Type.String({ minLength: 1, maxLength: 24 })),
  limitValue: Type.Optional(Limit), limitUnit: Type.Optional(lit(LIMIT_UNITS)),
  urgentLimitValue: Type.Optional(Limit), urgentLimitUnit: Type.Optional(lit(LIMIT_UNITS)),
  signLimitValue: Type.Optional(Limit), signLimitUnit: Type.Optional(lit(LIMIT_UNITS)),
  autoEscalate: Type.Optional(Type.Boolean()),
  sources: Type.Optional(Type.Array(lit(SOURCES), { minItems: 1, maxItems: SOURCES.length })),
  duplicateRadiusM: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
const Code = Type.Object({ code: Type.String({ pattern: '^[0-9]{4}$' }) });
// a calendar date: 2031-02-30 is not one (format date checks the days of the month, leap years too)
const DateParam = Type.Object({ date: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', format: 'date' }) });

export const casesAdminRoutes: RoutesPlugin<{ cases: CasesService }> = async (app, { cases }) => {
  app.post('/api/case-categories/:code', {
    config: { access: { permission: 'categories.write' } },
    schema: { tags: ['cases'], summary: 'Add a category (admin)', params: Code, body: CategoryBody, response: { 201: Category, ...errorResponses(400, 401, 403, 409) } },
  }, async (req, reply) => reply.status(201).send(await cases.admin.createCategory(requireActor(req.actor), req.params.code, req.body)));

  app.patch('/api/case-categories/:code', {
    config: { access: { permission: 'categories.write' } },
    schema: { tags: ['cases'], summary: 'Change a category: names, time limits, sources, escalation (admin)', params: Code, body: CategoryBody, response: { 200: Category, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => cases.admin.updateCategory(requireActor(req.actor), req.params.code, req.body));

  app.get('/api/calendar/overrides', { config: { access: 'authenticated' }, schema: { tags: ['cases'], summary: 'Working-day overrides of the business calendar', response: { 200: Items(CalendarOverride), ...errorResponses(401) } } }, async (req) => {
    requireActor(req.actor);
    return { items: await cases.admin.listOverrides() };
  });

  app.put('/api/calendar/overrides/:date', {
    config: { access: { permission: 'categories.write' } },
    schema: {
      tags: ['cases'], summary: 'Make a date a working day or a day off (admin)', params: DateParam,
      body: Type.Object({ working: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      response: { 200: CalendarOverride, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => cases.admin.setOverride(requireActor(req.actor), req.params.date, req.body.working, req.body.note ?? null));

  app.delete('/api/calendar/overrides/:date', {
    config: { access: { permission: 'categories.write' } },
    schema: { tags: ['cases'], summary: 'Remove an override (admin)', params: DateParam, response: { 200: Ok, ...errorResponses(401, 403) } },
  }, async (req) => {
    await cases.admin.removeOverride(requireActor(req.actor), req.params.date);
    return { ok: true };
  });

  const VendorParam = Type.Object({ vendor: Type.String({ pattern: '^[A-Za-z0-9_-]{2,24}$' }), code: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,40}$' }) });
  app.get('/api/vendor-codes', { config: { access: 'authenticated' }, schema: { tags: ['cases'], summary: 'Camera vendors\' event ids and the categories they raise', response: { 200: Items(VendorCode), ...errorResponses(401) } } }, async (req) => {
    requireActor(req.actor);
    return { items: await cases.admin.listVendorCodes() };
  });

  app.put('/api/vendor-codes/:vendor/:code', {
    config: { access: { permission: 'categories.write' } },
    schema: {
      tags: ['cases'], summary: 'Map a vendor event id to a category (admin)', params: VendorParam,
      body: Type.Object({ categoryCode: Type.String({ pattern: '^[0-9]{4}$' }), description: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      response: { 200: VendorCode, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => cases.admin.setVendorCode(requireActor(req.actor), req.params.vendor, req.params.code, req.body.categoryCode, req.body.description ?? null));

  app.delete('/api/vendor-codes/:vendor/:code', {
    config: { access: { permission: 'categories.write' } },
    schema: { tags: ['cases'], summary: 'Remove a vendor event mapping (admin)', params: VendorParam, response: { 200: Ok, ...errorResponses(401, 403, 404) } },
  }, async (req) => {
    await cases.admin.removeVendorCode(requireActor(req.actor), req.params.vendor, req.params.code);
    return { ok: true };
  });
};
