/** Earning rules, settings, the scoring group, claims and their review, the 公示 board, objections, 复核, the village report. */
import { Type, type Static, type TObject, type TSchema } from 'typebox';
import { requireActor, type Actor } from '../platform/access.ts';
import { errorResponses, type RouteAccess, type RoutesPlugin } from '../platform/http.ts';
import type { ClaimStatus as Status } from './claims-model.ts';
import { Cap, ClaimPage, ClaimStatus, ClaimView, PointsReport, Reason, RegionCode, RuleView, Scorers, SettingsView, Village } from './points.contract.ts';
import type { ClaimsQueries } from './claims.queries.ts';
import type { ClaimsService } from './claims.service.ts';
import type { RulesService } from './rules.service.ts';
import { UUID_V7_PATTERN } from './uuidv7.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time' });
const Page = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })) };
const ClaimId = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Claimed = Type.Object({ created: Type.Boolean(), claim: ClaimView });

export const claimsRoutes: RoutesPlugin<{ rules: RulesService; claims: ClaimsService; queries: ClaimsQueries }> = async (app, { rules, claims, queries }) => {
  app.get('/api/points/rules', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['points'], summary: 'How to earn points here: the rules in force at a place (the caller\'s village by default) and its scoring settings',
      querystring: Type.Object({ regionCode: Type.Optional(RegionCode) }, { additionalProperties: false }),
      response: { 200: Type.Object({ rules: Type.Array(RuleView), settings: SettingsView }), ...errorResponses(400, 401) },
    },
  }, async (req) => rules.inForce(req.query.regionCode ?? requireActor(req.actor).homeRegionCode ?? ''));

  app.get('/api/points/rules/all', {
    config: { access: { permission: 'points.manage' } },
    schema: { tags: ['points'], summary: 'Every version of the rules written in the caller\'s area', response: { 200: Type.Array(RuleView), ...errorResponses(401, 403) } },
  }, async (req) => rules.list(requireActor(req.actor)));

  app.post('/api/points/rules', {
    config: { access: { permission: 'points.manage' } },
    schema: {
      tags: ['points'], summary: 'A new earning rule, or the next version of one (past awards keep the version they used)',
      body: Type.Object({
        regionCode: RegionCode, key: Type.String({ pattern: '^[a-z][a-z0-9_]{1,47}$' }), nameZh: Type.String({ minLength: 2, maxLength: 80, pattern: '\\S' }),
        nameEn: Type.String({ minLength: 2, maxLength: 120, pattern: '\\S' }), ledger: Type.Union([Type.Literal('resident'), Type.Literal('grid_worker')]), amount: Type.Integer({ minimum: -10_000, maximum: 10_000 }),
        trigger: Type.Union([Type.Literal('claim'), Type.Literal('case.closed'), Type.Literal('case.rated')]), categoryCode: Type.Optional(Nullable(Type.String({ maxLength: 32 }))), capDay: Cap, capMonth: Cap, capYear: Cap,
        needsPhoto: Type.Optional(Type.Boolean()), needsGps: Type.Optional(Type.Boolean()), needsCase: Type.Optional(Type.Boolean()), skipReview: Type.Optional(Type.Boolean()),
        publicNotice: Type.Optional(Type.Boolean()), active: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: RuleView, ...errorResponses(400, 401, 403, 409, 422) },
    },
  }, async (req) => rules.save(requireActor(req.actor), req.body));

  app.get('/api/points/settings/:regionCode', {
    config: { access: { permission: 'points.read' } },
    schema: { tags: ['points'], summary: 'The scoring settings in force at a place', params: Type.Object({ regionCode: RegionCode }), response: { 200: SettingsView, ...errorResponses(400, 401, 403) } },
  }, async (req) => rules.settings(requireActor(req.actor), req.params.regionCode));

  app.post('/api/points/settings', {
    config: { access: { permission: 'points.manage' } },
    schema: {
      tags: ['points'], summary: 'Set a village\'s or township\'s quorum, 公示 days, 复核 days and ¥ per point',
      body: Type.Object({
        regionCode: RegionCode, quorum: Type.Integer({ minimum: 1, maximum: 15 }), noticeDays: Type.Integer({ minimum: 1, maximum: 30 }),
        recheckDays: Type.Integer({ minimum: 1, maximum: 30 }), yuanPerPoint: Type.Number({ minimum: 0, maximum: 100 }),
      }, { additionalProperties: false }),
      response: { 200: SettingsView, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => rules.saveSettings(requireActor(req.actor), req.body));

  app.get('/api/points/scorers/:regionCode', {
    config: { access: { permission: 'points.read' } },
    schema: { tags: ['points'], summary: 'A village\'s scoring group (评分小组)', params: Type.Object({ regionCode: Village }), response: { 200: Scorers, ...errorResponses(400, 401, 403) } },
  }, async (req) => rules.scorers(requireActor(req.actor), req.params.regionCode));

  for (const [path, action] of [['/api/points/scorers', 'add'], ['/api/points/scorers/remove', 'remove']] as const) {
    app.post(path, {
      config: { access: { permission: 'points.manage' } },
      schema: {
        tags: ['points'], summary: action === 'add' ? 'Add a person to a village\'s scoring group' : 'Take a person off a village\'s scoring group',
        body: Type.Object({ regionCode: Village, userId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: Scorers, ...errorResponses(400, 401, 403, 404) },
      },
    }, async (req) => (action === 'add' ? rules.addScorer : rules.removeScorer).call(rules, requireActor(req.actor), req.body.regionCode, req.body.userId));
  }

  app.post('/api/points/claims', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['points'], summary: 'Claim points (申报) with evidence — for oneself, or by a grid worker for a villager; idempotent by the client\'s id',
      body: Type.Object({
        id: Type.String({ pattern: UUID_V7_PATTERN, maxLength: 36 }), ruleKey: Type.String({ minLength: 2, maxLength: 48 }),
        beneficiaryId: Type.Optional(Type.String({ format: 'uuid' })), note: Type.Optional(Type.String({ maxLength: 500 })),
        photos: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 6 })),
        caseId: Type.Optional(Type.String({ format: 'uuid' })),
        lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })), lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })), eventTime: Type.Optional(Time),
      }, { additionalProperties: false }),
      response: { 200: Claimed, ...errorResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => {
    const actor = requireActor(req.actor);
    const r = await claims.claim(actor, req.body);
    return { created: r.created, claim: await queries.one(actor, r.claim.id) };
  });

  app.get('/api/me/points/claims', {
    config: { access: 'authenticated' },
    schema: { tags: ['points'], summary: 'My claims and awards, with their state', querystring: Type.Object(Page, { additionalProperties: false }), response: { 200: ClaimPage, ...errorResponses(400, 401) } },
  }, async (req) => queries.mine(requireActor(req.actor), req.query));

  app.get('/api/me/points/scoring', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['points'], summary: 'The villages whose scoring group (评分小组) the caller sits on (empty for most people)',
      response: { 200: Type.Object({ villages: Type.Array(Type.String()) }), ...errorResponses(401) },
    },
  }, async (req) => ({ villages: await queries.scoringVillages(requireActor(req.actor)) }));

  app.get('/api/points/claims', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['points'], summary: 'Claims of the caller\'s scoring villages and staff area (the review queue with status=reviewing)',
      querystring: Type.Object({ status: Type.Optional(Type.Array(ClaimStatus, { maxItems: 6 })), regionCode: Type.Optional(RegionCode), ...Page }, { additionalProperties: false }),
      response: { 200: ClaimPage, ...errorResponses(400, 401) },
    },
  }, async (req) => queries.list(requireActor(req.actor), req.query));

  app.get('/api/points/claims/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['points'], summary: 'One claim with its votes and objections', params: ClaimId, response: { 200: ClaimView, ...errorResponses(400, 401, 404) } },
  }, async (req) => queries.one(requireActor(req.actor), req.params.id));

  /**
   * A step on one claim (a vote, an objection, a 复核): the same route but for who may call it, what it
   * takes and says, and the service call. Staff and scorers get the claim back as they see it; an
   * objector only its state (the claim is not theirs to read: they see the board).
   */
  const step = <B extends TObject, R extends TSchema>(name: string, o: {
    access: RouteAccess; summary: string; body: B; response: R; run: (actor: Actor, id: string, body: Static<B>) => Promise<Static<R>>;
  }) => app.post(`/api/points/claims/:id/${name}`, {
    config: { access: o.access },
    schema: { tags: ['points'], summary: o.summary, params: ClaimId, body: o.body, response: { 200: o.response, ...errorResponses(400, 401, 403, 404, 409) } },
    // the type provider cannot resolve a generic schema's types; `run` is checked against them where each step is declared
  }, (req) => o.run(requireActor(req.actor), req.params.id, req.body as Static<B>) as never);

  step('votes', {
    access: 'authenticated', summary: 'A scoring-group member approves or rejects (with a reason); at the quorum the award goes on the 公示 board',
    body: Type.Object({ decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
    response: ClaimView, run: async (actor, id, body) => { await claims.vote(actor, id, body); return queries.one(actor, id); },
  });
  step('objections', {
    access: 'authenticated', summary: '异议: a villager objects to an award on the 公示 board (the township then decides)',
    body: Type.Object({ reason: Reason }, { additionalProperties: false }),
    response: Type.Object({ ok: Type.Boolean(), status: ClaimStatus }), run: async (actor, id, body) => ({ ok: true, status: (await claims.object(actor, id, body.reason)).status as Status }),
  });
  step('recheck', {
    access: { permission: 'points.recheck' }, summary: '复核: the township upholds the award (back on notice) or overturns it (the points are released)',
    body: Type.Object({ decision: Type.Union([Type.Literal('uphold'), Type.Literal('overturn')]), reason: Reason }, { additionalProperties: false }),
    response: ClaimView, run: async (actor, id, body) => { await claims.recheck(actor, id, body); return queries.one(actor, id); },
  });

  app.get('/api/points/board', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['points'], summary: '公示 board: the village\'s awards on notice (names masked) — the caller\'s village, or one in a staff member\'s area',
      querystring: Type.Object({ regionCode: Type.Optional(Village) }, { additionalProperties: false }),
      response: { 200: Type.Object({ regionCode: Nullable(Type.String()), items: Type.Array(ClaimView) }), ...errorResponses(400, 401) },
    },
  }, async (req) => queries.board(requireActor(req.actor), req.query.regionCode));

  app.get('/api/points/report/:regionCode', {
    config: { access: { permission: 'points.read' } },
    schema: {
      tags: ['points'], summary: 'A village\'s points liability (outstanding spendable points × ¥ per point) and the month\'s 人情分 alerts (> 3× the median)',
      params: Type.Object({ regionCode: Village }), querystring: Type.Object({ month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })) }, { additionalProperties: false }),
      response: {
        200: PointsReport,
        ...errorResponses(400, 401, 403, 404),
      },
    },
  }, async (req) => queries.report(requireActor(req.actor), req.params.regionCode, req.query.month));
};
