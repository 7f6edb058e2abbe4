/** Party work: the register (branches, members, roster import), 联户 tasks, visit logs and their review, the visit rules. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Items, Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import {
  BranchKindSchema, BranchView, ImportResult, LogCase, LoggedVisit, LogPage, LogView, MemberPage, MemberStatusSchema, MemberView, MyPartyWork, NeedSchema,
  PostSchema, SettingsView, TaskKindSchema, TaskPage, TaskStateSchema, TaskView,
} from './partywork.contract.ts';
import type { RegisterService } from './register.service.ts';
import type { TasksService } from './tasks.service.ts';
import type { VisitsService } from './visits.service.ts';
import type { LogCasesService } from './log-case.service.ts';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const RegionCode = Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' });
const Page = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })) };
const Reason = Type.Object({ reason: Text(200) }, { additionalProperties: false });
const Profile = {
  status: MemberStatusSchema, reported: Type.Optional(Type.Boolean()), identityShown: Type.Optional(Type.Boolean()),
  posts: Type.Optional(Type.Array(PostSchema, { maxItems: 4 })), relationElsewhere: Type.Optional(Type.Union([Text(120), Type.Null()])),
};
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lon = Type.Number({ minimum: -180, maximum: 180 });

export const partyworkRoutes: RoutesPlugin<{ register: RegisterService; tasks: TasksService; visits: VisitsService; logCases: LogCasesService }> = async (app, { register, tasks, visits, logCases }) => {
  // ——— the register ———
  app.get('/api/partywork/branches', {
    config: { access: { permission: 'partywork.read' } },
    schema: { tags: ['partywork'], summary: 'The area\'s party branches (兼合式 residential ones included) with their member counts', querystring: Type.Object({ region: Type.Optional(RegionCode) }, { additionalProperties: false }), response: { 200: Items(BranchView), ...errorResponses(400, 401, 403) } },
  }, async (req) => register.branches(requireActor(req.actor), req.query));

  app.post('/api/partywork/branches', {
    config: { access: { permission: 'partywork.manage' } },
    schema: {
      tags: ['partywork'], summary: 'Create a branch in a township, village or community',
      body: Type.Object({ regionCode: RegionCode, name: Text(80), kind: BranchKindSchema }, { additionalProperties: false }),
      response: { 201: BranchView, ...errorResponses(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await register.createBranch(requireActor(req.actor), req.body)));

  app.get('/api/partywork/members', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'The area\'s party members, names masked; `region` or `branchId` narrows the list',
      querystring: Type.Object({ region: Type.Optional(RegionCode), branchId: Type.Optional(Uuid), ...Page }, { additionalProperties: false }),
      response: { 200: MemberPage, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => register.list(requireActor(req.actor), req.query));

  app.get('/api/partywork/members/:userId', {
    config: { access: { permission: 'partywork.read' } },
    schema: { tags: ['partywork'], summary: 'One party member\'s profile', params: Type.Object({ userId: Uuid }), response: { 200: MemberView, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => register.get(requireActor(req.actor), req.params.userId));

  app.post('/api/partywork/members', {
    config: { access: { permission: 'partywork.manage' } },
    schema: {
      tags: ['partywork'], summary: 'Register a person as a party member of a branch',
      body: Type.Object({ userId: Uuid, branchId: Uuid, ...Profile }, { additionalProperties: false }),
      response: { 201: MemberView, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await register.register(requireActor(req.actor), req.body)));

  app.patch('/api/partywork/members/:userId', {
    config: { access: { permission: 'partywork.manage' } },
    schema: {
      tags: ['partywork'], summary: 'Change a member\'s branch, status (在职/退休/流动), 报到 and 亮身份 flags or posts', params: Type.Object({ userId: Uuid }),
      body: Type.Object({ branchId: Type.Optional(Uuid), ...Profile, status: Type.Optional(MemberStatusSchema) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: MemberView, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => register.update(requireActor(req.actor), req.params.userId, req.body));

  app.post('/api/partywork/members/import', {
    config: { access: { permission: 'partywork.manage' } },
    schema: {
      tags: ['partywork'], summary: 'Import a roster (CSV: 姓名,手机号,支部,状态,报到,亮身份,职务,组织关系所在) for the branches under a region: all rows or none, problems by row',
      body: Type.Object({ regionCode: RegionCode, csv: Type.String({ minLength: 1, maxLength: 1_000_000 }), dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: ImportResult, ...errorResponses(400, 401, 403, 422) },
    },
  }, async (req) => register.importRoster(requireActor(req.actor), req.body));

  // ——— tasks ———
  app.get('/api/me/partywork', {
    config: { access: { permission: 'partywork.serve' } },
    schema: { tags: ['partywork'], summary: 'My party work: my profile, the tasks I hold, the open tasks of my branch\'s area', response: { 200: MyPartyWork, ...errorResponses(401, 403) } },
  }, async (req) => tasks.mine(requireActor(req.actor)));

  app.get('/api/partywork/tasks', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'The area\'s 联户/联楼/联事 tasks; per member or per household with `memberId` or `householdId`',
      querystring: Type.Object({ region: Type.Optional(RegionCode), state: Type.Optional(TaskStateSchema), memberId: Type.Optional(Uuid), householdId: Type.Optional(Uuid), ...Page }, { additionalProperties: false }),
      response: { 200: TaskPage, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => tasks.list(requireActor(req.actor), req.query));

  app.get('/api/partywork/tasks/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['partywork'], summary: 'One task: staff of its area, or the member holding it', params: Type.Object({ id: Uuid }), response: { 200: TaskView, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => tasks.get(requireActor(req.actor), req.params.id));

  app.post('/api/partywork/tasks', {
    config: { access: { permission: 'partywork.tasks' } },
    schema: {
      tags: ['partywork'], summary: 'Publish a task for a household (联户), a building (联楼) or an issue (联事) of your grid, with the expected gap between visits',
      body: Type.Object({
        kind: TaskKindSchema, householdId: Type.Optional(Uuid), subject: Type.Optional(Text(120)), note: Type.Optional(Text(500)),
        frequencyDays: Type.Integer({ minimum: 1, maximum: 366 }), regionCode: Type.Optional(RegionCode), lat: Type.Optional(Lat), lon: Type.Optional(Lon),
      }, { additionalProperties: false, dependentRequired: { lat: ['lon'], lon: ['lat'] } }),
      response: { 201: TaskView, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await tasks.publish(requireActor(req.actor), req.body)));

  // ——— visit logs ———
  app.post('/api/partywork/logs', {
    config: { access: { permission: 'partywork.serve' } },
    schema: {
      tags: ['partywork'], summary: '走亲打卡: log a visit for a task you hold (the phone\'s id: a log synced twice is stored once); outside the geofence it is flagged, not refused',
      body: Type.Object({
        id: Uuid, taskId: Uuid, visitedAt: Type.String({ format: 'date-time' }), lat: Lat, lon: Lon, accuracyM: Type.Number({ minimum: 0, maximum: 100_000 }),
        photoId: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })), note: Text(1000), needs: Type.Optional(Type.Array(NeedSchema, { maxItems: 6 })),
      }, { additionalProperties: false }),
      response: { 200: LoggedVisit, 201: LoggedVisit, ...errorResponses(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => {
    const r = await visits.log(requireActor(req.actor), req.body);
    return reply.status(r.existed ? 200 : 201).send(r);
  });

  app.get('/api/me/partywork/logs', {
    config: { access: { permission: 'partywork.serve' } },
    schema: { tags: ['partywork'], summary: 'My visit logs and their review', querystring: Type.Object({ ...Page }, { additionalProperties: false }), response: { 200: LogPage, ...errorResponses(400, 401, 403) } },
  }, async (req) => visits.mine(requireActor(req.actor), req.query));

  app.get('/api/partywork/logs', {
    config: { access: { permission: 'partywork.read' } },
    schema: {
      tags: ['partywork'], summary: 'The area\'s visit logs; `status=pending` is the review queue, oldest first',
      querystring: Type.Object({
        region: Type.Optional(RegionCode), status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('valued'), Type.Literal('rejected')])),
        memberId: Type.Optional(Uuid), taskId: Type.Optional(Uuid), ...Page,
      }, { additionalProperties: false }),
      response: { 200: LogPage, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => visits.list(requireActor(req.actor), req.query));

  app.post('/api/partywork/logs/:id/review', {
    config: { access: { permission: 'partywork.review' } },
    schema: {
      tags: ['partywork'], summary: 'Review a log once (the grid worker of its grid): 真实有价值 pays party service points (0 over the weekly cap, saying why), or reject with a reason',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ decision: Type.Union([Type.Literal('valued'), Type.Literal('rejected')]), reason: Type.Optional(Text(200)) }, { additionalProperties: false }),
      response: { 200: LogView, ...errorResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => visits.review(requireActor(req.actor), req.params.id, req.body));

  app.post('/api/partywork/logs/:id/case', {
    // the log's member (a resident with the 党员 role) or a grid worker of its grid: the service decides
    config: { access: 'authenticated' },
    schema: {
      tags: ['partywork'], summary: 'Open a case from a visit log in one tap (孔奶奶 unwell → the grid worker\'s case): once; a second tap answers the same case (200)',
      params: Type.Object({ id: Uuid }),
      body: Type.Optional(Type.Object({ urgent: Type.Optional(Type.Boolean()), note: Type.Optional(Text(500)) }, { additionalProperties: false })),
      response: { 200: LogCase, 201: LogCase, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const r = await logCases.open(requireActor(req.actor), req.params.id, req.body ?? {});
    return reply.status(r.created ? 201 : 200).send(r);
  });

  // ——— a task's moves (after the logs: the authorization matrix logs a visit on the active task before moving it) ———
  app.post('/api/partywork/tasks/:id/claim', {
    config: { access: { permission: 'partywork.serve' } },
    schema: { tags: ['partywork'], summary: 'Claim an open task of your branch\'s area', params: Type.Object({ id: Uuid }), response: { 200: TaskView, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => tasks.act(requireActor(req.actor), req.params.id, 'claim'));

  app.post('/api/partywork/tasks/:id/release', {
    config: { access: { permission: 'partywork.serve' } },
    schema: { tags: ['partywork'], summary: 'Give back a task you hold (it is open again)', params: Type.Object({ id: Uuid }), response: { 200: TaskView, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => tasks.act(requireActor(req.actor), req.params.id, 'release'));

  app.post('/api/partywork/tasks/:id/accept', {
    config: { access: { permission: 'partywork.tasks' } },
    schema: { tags: ['partywork'], summary: 'Accept the member who claimed the task (it becomes active)', params: Type.Object({ id: Uuid }), response: { 200: TaskView, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (req) => tasks.act(requireActor(req.actor), req.params.id, 'accept'));

  app.post('/api/partywork/tasks/:id/decline', {
    config: { access: { permission: 'partywork.tasks' } },
    schema: { tags: ['partywork'], summary: 'Decline the claim, with a reason (the task is open again)', params: Type.Object({ id: Uuid }), body: Reason, response: { 200: TaskView, ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (req) => tasks.act(requireActor(req.actor), req.params.id, 'decline', req.body.reason));

  app.post('/api/partywork/tasks/:id/close', {
    config: { access: { permission: 'partywork.tasks' } },
    schema: { tags: ['partywork'], summary: 'Close the task, with a reason', params: Type.Object({ id: Uuid }), body: Reason, response: { 200: TaskView, ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (req) => tasks.act(requireActor(req.actor), req.params.id, 'close', req.body.reason));

  // ——— visit rules ———
  app.get('/api/partywork/settings/:regionCode', {
    config: { access: { permission: 'partywork.read' } },
    schema: { tags: ['partywork'], summary: 'The visit rules in force for a place (weekly cap, geofence, minimum gap, points per log)', params: Type.Object({ regionCode: RegionCode }), response: { 200: SettingsView, ...errorResponses(400, 401, 403) } },
  }, async (req) => visits.settings(requireActor(req.actor), req.params.regionCode));

  app.put('/api/partywork/settings/:regionCode', {
    config: { access: { permission: 'partywork.manage' } },
    schema: {
      tags: ['partywork'], summary: 'Set the visit rules of a township or village (its places inherit them)', params: Type.Object({ regionCode: RegionCode }),
      body: Type.Object({
        weeklyCap: Type.Integer({ minimum: 0, maximum: 50 }), geofenceM: Type.Integer({ minimum: 10, maximum: 5000 }),
        minGapMinutes: Type.Integer({ minimum: 0, maximum: 10080 }), pointsPerLog: Type.Integer({ minimum: 0, maximum: 100 }),
      }, { additionalProperties: false }),
      response: { 200: SettingsView, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => visits.putSettings(requireActor(req.actor), req.params.regionCode, req.body));
};
