/** Exports of the case queue and the KPI table (CSV/XLSX) and of the cases in scope (GeoJSON): issue 18, item 5. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { sendTable } from '../platform/table-export.ts';
import type { UsersService } from '../people/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { LEVELS, STATES } from './case-machine.ts';
import { CaseExports, type QueueFilter } from './case-exports.ts';
import type { CasesService } from './cases.service.ts';
import { SOURCES } from './sources.ts';

const lit = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Format = lit(['csv', 'xlsx'] as const);
const Lang = Type.Optional(lit(['zh', 'en'] as const));
const RegionCode = Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' });
const QueueQuery = {
  state: Type.Optional(Type.Array(lit(STATES))),
  level: Type.Optional(Type.Array(lit(LEVELS))),
  category: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
  source: Type.Optional(lit(SOURCES)),
  overdue: Type.Optional(Type.Boolean()),
  mine: Type.Optional(Type.Boolean()),
};
type QueueQs = { state?: string[]; level?: string[]; category?: string; source?: string; overdue?: boolean; mine?: boolean };
const filterOf = (q: QueueQs): QueueFilter => ({ states: q.state, levels: q.level, categoryCode: q.category, source: q.source, overdue: q.overdue, mine: q.mine });

const Point = Type.Object({ type: Type.Literal('Point'), coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }) });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const CaseFeatures = Type.Object({
  type: Type.Literal('FeatureCollection'),
  truncated: Type.Boolean({ description: 'true when the cases in scope exceed the export limit (20,000): narrow the filters' }),
  features: Type.Array(Type.Object({
    type: Type.Literal('Feature'), id: Type.String(), geometry: Point,
    properties: Type.Object({
      no: Type.String(), title: Type.String(), categoryCode: Nullable(Type.String()), state: Type.String(), level: Type.String(), source: Type.String(),
      severity: Type.String(), villageCode: Type.String(), regionCode: Type.String(), reportedAt: Type.String(), deadline: Nullable(Type.String()),
      closedAt: Nullable(Type.String()), supervision: Type.Integer(),
    }),
  })),
});

export const caseExportsRoutes: RoutesPlugin<{ cases: CasesService; regions: RegionsService; users: UsersService; platform: Platform }> = async (app, { cases, regions, users, platform }) => {
  const exports = new CaseExports(cases, regions, users);
  /** An export leaves the platform: who took which table is in the audit log (filters and row count, no rows). */
  const audit = (actorId: string, what: string, details: Record<string, unknown>) =>
    platform.tx((tx) => writeAudit(tx, { actorId, action: 'cases.exported', entity: 'export', details: { what, ...details } }));

  app.get('/api/cases/export/:format', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['cases'], summary: 'The case queue as the caller sees it, with the page\'s filters, as CSV (UTF-8 with BOM) or XLSX; at most 20,000 rows (x-export-truncated: true when there were more)',
      params: Type.Object({ format: Format }),
      querystring: Type.Object({ ...QueueQuery, lang: Lang }),
      response: errorResponses(400, 401, 403),
    },
  }, async (req, reply) => {
    const actor = requireActor(req.actor);
    const { table, truncated } = await exports.queueTable(actor, filterOf(req.query), req.query.lang ?? 'zh');
    await audit(actor.id, 'queue', { format: req.params.format, rows: table.rows.length, truncated, filter: req.query });
    reply.header('x-export-rows', String(table.rows.length)).header('x-export-truncated', String(truncated));
    return sendTable(reply, table, req.params.format, 'cases');
  });

  app.get('/api/cases/export.geojson', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['cases'], summary: 'The cases in the caller\'s scope, with the queue\'s filters, as a GeoJSON FeatureCollection (WGS 84 points; at most 20,000)',
      querystring: Type.Object(QueueQuery),
      response: { 200: CaseFeatures, ...errorResponses(400, 401, 403) },
    },
  }, async (req, reply) => {
    const actor = requireActor(req.actor);
    const fc = await exports.geoJson(actor, filterOf(req.query));
    await audit(actor.id, 'geojson', { rows: fc.features.length, truncated: fc.truncated, filter: req.query });
    return reply.type('application/geo+json; charset=utf-8').header('content-disposition', 'attachment; filename="cases.geojson"').send(fc);
  });

  app.get('/api/kpis/export/:format', {
    config: { access: { permission: 'cases.read' } },
    schema: {
      tags: ['cases'], summary: 'The KPI table of a region and period (as GET /api/kpis) as CSV (UTF-8 with BOM) or XLSX',
      params: Type.Object({ format: Format }),
      querystring: Type.Object({
        region: RegionCode, from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }),
        groupBy: Type.Optional(lit(['none', 'category', 'organisation', 'level', 'village'] as const)), lang: Lang,
      }),
      response: errorResponses(400, 401, 403),
    },
  }, async (req, reply) => {
    const actor = requireActor(req.actor);
    const q = req.query;
    const table = await exports.kpiTable(actor, { regionCode: q.region, from: new Date(q.from), to: new Date(q.to), groupBy: q.groupBy ?? 'none' }, q.lang ?? 'zh');
    await audit(actor.id, 'kpis', { format: req.params.format, rows: table.rows.length, region: q.region, groupBy: q.groupBy ?? 'none' });
    return sendTable(reply, table, req.params.format, 'kpis');
  });
};
