/** The community/street console (党建工作台): the 走亲 trend, branches, members and tasks with their figures, the 先锋考评 sheet. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import type { PartyConsoleService } from './console.service.ts';
import { BranchSummaries, MemberFiguresPage, MemberStatusSchema, TaskOverview, TaskStateSchema, VisitTrend } from './partywork.contract.ts';

const RegionCode = Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' });
const Page = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })) };
const Area = { region: Type.Optional(RegionCode) };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The sheet's bytes, not JSON: a handler of its own, typed by its request only (as the shop's statement). */
const appraisalHandler = (pc: PartyConsoleService) => async (req: FastifyRequest<{ Params: { id: string }; Querystring: { year?: number } }>, reply: FastifyReply) => {
  const s = await pc.appraisal(requireActor(req.actor), req.params.id, req.query.year);
  const name = `${s.branchName}-${s.year}年先锋考评.xlsx`;
  return reply.type(XLSX).header('cache-control', 'no-store').header('x-export-rows', String(s.rows))
    .header('content-disposition', `attachment; filename="party-appraisal-${s.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(s.file);
};

export const partyConsoleRoutes: RoutesPlugin<{ console: PartyConsoleService }> = async (app, { console: pc }) => {
  const sendAppraisal = appraisalHandler(pc);
  app.get('/api/partywork/trend', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'The 12-month 走亲 trend of an area: visit logs by the month of the visit (China\'s time), how many were found 真实有价值, rejected or still waiting, and how many members logged',
      querystring: Type.Object(Area, { additionalProperties: false }), response: { 200: VisitTrend, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => pc.trend(requireActor(req.actor), req.query));

  app.get('/api/partywork/branches/summary', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'The area\'s branches (兼合式 included) with member counts, this month\'s visits and valued visits, and the members\' average index',
      querystring: Type.Object(Area, { additionalProperties: false }), response: { 200: BranchSummaries, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => pc.branches(requireActor(req.actor), req.query));

  app.get('/api/partywork/members/figures', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'The area\'s members (names masked) with this month\'s visits, last visit and index; by branch, by status, or a search of names (`q`)',
      querystring: Type.Object({
        ...Area, branchId: Type.Optional(Uuid), status: Type.Optional(MemberStatusSchema), q: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })), ...Page,
      }, { additionalProperties: false }),
      response: { 200: MemberFiguresPage, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => pc.members(requireActor(req.actor), req.query));

  app.get('/api/partywork/tasks/overview', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'The area\'s 联户/联楼/联事 tasks counted by state, and a page of them (per member or household) with their visits and the last one; names masked',
      querystring: Type.Object({ ...Area, state: Type.Optional(TaskStateSchema), memberId: Type.Optional(Uuid), householdId: Type.Optional(Uuid), ...Page }, { additionalProperties: false }),
      response: { 200: TaskOverview, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => pc.taskOverview(requireActor(req.actor), req.query));

  app.get('/api/partywork/branches/:id/appraisal.xlsx', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'The branch\'s year-end 先锋考评 sheet (XLSX): one row per member with the year\'s figures and an empty 考评等次 column; the same figures give the same bytes; audited',
      params: Type.Object({ id: Uuid }),
      querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false }),
      response: errorResponses(400, 401, 403, 404),
    },
  }, sendAppraisal);
};
