/** HTTP routes of the case workflow. */
import { Type } from 'typebox';
import { assertCan, requireActor } from '../platform/access.ts';
import { forbidden } from '../platform/errors.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import type { PublicLimits } from '../platform/rate-limit.ts';
import { Resume, resumeFrom, type RealtimeHub } from '../platform/realtime.ts';
import { LEVELS, STATES } from './case-machine.ts';
import { ActionBodySchema, DispatchTargetsSchema, MediaIds } from './action-schemas.ts';
import { SOURCES, STAFF_SOURCES, type ActionInput, type CasesService } from './cases.service.ts';
import { personalFilter } from './followers.ts';
import { questionPoint } from './question-place.ts';
import type { RegionsService } from '../regions/index.ts';
import { Items } from '../platform/contract.ts';
import { CaseDetail, CaseSummary, CaseView, Category, KpiRow, MeTooAnswer, NearbyCase } from './cases.contract.ts';

const lit = <T extends string>(xs: readonly T[], opts: { description?: string } = {}) => Type.Union(xs.map((x) => Type.Literal(x)), opts);
const Uuid = Type.String({ format: 'uuid' });

export const casesRoutes: RoutesPlugin<{ cases: CasesService; limits: PublicLimits; realtime: RealtimeHub; regions: RegionsService }> = async (app, { cases, limits, realtime, regions }) => {
  /** Residents, tourists and anonymous clients are limited per person and per IP; staff are not. */
  const limit = (req: { ip: string }, actor: { id: string; kind: string }) => {
    if (actor.kind !== 'staff') limits.check({ ip: req.ip, person: actor.id });
  };
  app.get('/api/case-categories', {
    config: { access: 'public' },
    schema: {
      tags: ['cases'], summary: 'Event categories with their time limits (all=true: retired ones too, for administrators)',
      querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }),
      response: { 200: Items(Category), ...errorResponses(401, 403) },
    },
  }, async (req) => {
    if (req.query.all) assertCan(requireActor(req.actor), 'categories.write');
    return { items: await cases.categories(!!req.query.all) };
  });

  app.post('/api/cases', {
    config: { access: { permission: 'cases.report' } },
    schema: {
      tags: ['cases'], summary: 'Report a problem (placed in its village and grid by its location)',
      body: Type.Object({
        title: Type.String({ minLength: 1, maxLength: 200 }),
        description: Type.Optional(Type.String({ maxLength: 4000 })),
        categoryCode: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
        severity: Type.Optional(lit(['normal', 'urgent'] as const)),
        // a question (1501) may name a village or township (regionCode) instead: see question-place.ts
        lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
        lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
        regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
        crs: Type.Optional(lit(['wgs84', 'gcj02', 'bd09'] as const)),
        source: Type.Optional(lit(STAFF_SOURCES, { description: 'staff only: the manual channel the report came through (default grid_worker); device and Open311 cases come through their own intake paths, a resident\'s or tourist\'s channel is their account' })),
        media: Type.Optional(MediaIds),
        clientKey: Type.Optional(Type.String({ minLength: 8, maxLength: 80 })),
      }, { additionalProperties: false }),
      response: { 201: CaseView, ...errorResponses(400, 401, 403, 422, 429) },
    },
  }, async (req, reply) => {
    const actor = requireActor(req.actor);
    assertCan(actor, 'cases.report');
    // the channel is the route's: a resident's or tourist's is their account; staff pick a manual one
    if (actor.kind !== 'staff' && req.body.source) throw forbidden(`A ${actor.kind} reports as ${actor.kind}; source is for staff`, { field: 'source' });
    const source = actor.kind === 'staff' ? req.body.source ?? 'grid_worker' : actor.kind;
    limit(req, actor);
    const { regionCode: _asked, ...body } = req.body;
    const row = await cases.report(actor, { ...body, ...(await questionPoint(regions, req.body)), source });
    return reply.status(201).send(cases.present(actor, row));
  });

  app.get('/api/cases', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['cases'], summary: 'The case queue of the caller\'s area (or the caller\'s own reports)',
      querystring: Type.Object({
        state: Type.Optional(Type.Array(lit(STATES))),
        level: Type.Optional(Type.Array(lit(LEVELS))),
        category: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
        source: Type.Optional(lit(SOURCES)),
        overdue: Type.Optional(Type.Boolean()),
        mine: Type.Optional(Type.Boolean({ description: 'only cases assigned to me or my organisation' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        offset: Type.Optional(Type.Integer({ minimum: 0 })),
      }),
      response: { 200: Items(CaseView), ...errorResponses(401) },
    },
  }, async (req, reply) => {
    const q = req.query;
    // read before the rows: a stream opened later resumes from here (the console asks for its queue before
    // its live stream is open)
    reply.header('x-event-head', String(await realtime.head()));
    const items = await cases.list(requireActor(req.actor), {
      states: q.state, levels: q.level, categoryCode: q.category, source: q.source, overdue: q.overdue, mine: q.mine, limit: q.limit ?? 50, offset: q.offset ?? 0,
    });
    return { items };
  });

  app.get('/api/cases/summary', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['cases'], summary: 'Today\'s new, closed, open, overdue and escalated cases of the caller\'s area (or one region in it) and the last 14 days (the workbench)',
      querystring: Type.Object({ region: Type.Optional(Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' })) }),
      response: { 200: CaseSummary, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => cases.summary(requireActor(req.actor), req.query.region));

  app.get('/api/kpis', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['cases'], summary: 'KPIs of a region and period: 结案率, 按期结案率, 返工率, 超期未结, handling time, satisfaction …',
      querystring: Type.Object({
        region: Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' }),
        from: Type.String({ format: 'date-time' }),
        to: Type.String({ format: 'date-time' }),
        groupBy: Type.Optional(lit(['none', 'category', 'organisation', 'level', 'village'] as const)),
      }),
      response: { 200: Items(KpiRow), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => ({
    items: await cases.kpis(requireActor(req.actor), {
      regionCode: req.query.region, from: new Date(req.query.from), to: new Date(req.query.to), groupBy: req.query.groupBy ?? 'none',
    }),
  }));

  app.get('/api/cases/nearby', {
    config: { access: { permission: 'cases.report' } },
    schema: {
      tags: ['cases'], summary: 'Open cases of a category near a point (possible duplicates, offered while reporting)',
      querystring: Type.Object({
        lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }),
        crs: Type.Optional(lit(['wgs84', 'gcj02', 'bd09'] as const)), category: Type.String({ pattern: '^[0-9]{4}$' }),
      }),
      response: { 200: Items(NearbyCase), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => ({ items: await cases.nearby(requireActor(req.actor), { ...req.query, categoryCode: req.query.category }) }));

  app.post('/api/cases/:id/me-too', {
    config: { access: { permission: 'cases.report' } },
    schema: {
      tags: ['cases'],
      summary: '"Me too" (我也遇到): follow an open case and count one more report — from the position of the report in progress, within the category\'s duplicate radius of the case, same category',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({
        lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }),
        crs: Type.Optional(lit(['wgs84', 'gcj02', 'bd09'] as const)), categoryCode: Type.String({ pattern: '^[0-9]{4}$' }),
      }, { additionalProperties: false }),
      response: { 200: MeTooAnswer, ...errorResponses(400, 401, 403, 404, 409, 429) },
    },
  }, async (req) => {
    const actor = requireActor(req.actor);
    limit(req, actor);
    return cases.meToo(actor, req.params.id, req.body);
  });

  app.get('/api/cases/my-events', {
    config: { access: 'authenticated' },
    // a stream: its messages are the client event map's (src/client-events.ts), not a JSON body
    schema: { tags: ['cases'], summary: 'Live changes of the cases I reported or follow (Server-Sent Events), for residents and tourists; Last-Event-ID or lastEventId resumes', querystring: Resume, response: errorResponses(400, 401) },
  }, async (req, reply) => {
    const actor = requireActor(req.actor);
    await realtime.attach(reply, [], personalFilter(actor.id, await cases.followedIds(actor.id)), resumeFrom(req));
  });

  app.get('/api/cases/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['cases'], summary: 'A case with its timeline and the actions the caller may take', params: Type.Object({ id: Uuid }), response: { 200: CaseDetail, ...errorResponses(401, 404) } },
  }, async (req) => cases.get(requireActor(req.actor), req.params.id));

  app.get('/api/cases/:id/dispatch-targets', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['cases'],
      summary: 'Whom the command room may dispatch the case to: the default from the category\'s lead kind and the case\'s grid (its grid worker first), then the other options; never the command room itself',
      params: Type.Object({ id: Uuid }),
      querystring: Type.Object({ category: Type.Optional(Type.String({ pattern: '^[0-9]{4}$', description: 'the category chosen while registering (default: the case\'s)' })) }, { additionalProperties: false }),
      response: { 200: DispatchTargetsSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => cases.dispatchTargets(requireActor(req.actor), req.params.id, req.query.category));

  app.post('/api/cases/:id/actions', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['cases'], summary: 'Take an action on a case (accept, dispatch with co-handlers, sign, feedback, co_sign, co_feedback, close, rate, escalate …)',
      params: Type.Object({ id: Uuid }),
      body: ActionBodySchema,
      response: { 200: CaseView, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const actor = requireActor(req.actor);
    const body = { media: [], ...req.body } as unknown as ActionInput;
    // the reporter (rating) gets their view of the result, not the whole row
    return cases.present(actor, await cases.act(actor, req.params.id, body));
  });
};
