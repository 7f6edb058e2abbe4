/**
 * What the security suites share: two districts (own and another) each with one object of every kind,
 * one account per role in the own district, and how to turn a route of the route table into a real
 * request — its path parameters filled with real object ids by the kind of object they name, and a
 * plausible query or body for routes that need one.
 */
import type { InjectOptions } from 'fastify';
import type { VillageBrain } from '../../src/app.ts';
import type { DeclaredRoute } from '../../src/platform/http.ts';
import { previousPeriod, uuidv7 } from '../../src/points/index.ts';
import { makeArea, makeResident, makeStaff } from '../helpers/factories.ts';
import { makeBranch, makeHouseholdTask, makePartyMember } from '../builders/partywork.ts';
import { CREDIT_PARAMS, creditExample, creditKeys, makeRegionCredit } from './credit-world.ts';
import { DASHBOARD_PARAMS, dashboardExample, dashboardKeys, makeRegionKiosk } from './dashboard-world.ts';
import { IDEAS_PARAMS, ideasExample, ideasKeys, makeRegionIdeas } from './ideas-world.ts';
import { BULLETINS_PARAMS, bulletinsExample, bulletinsKeys, makeRegionBulletin } from './bulletins-world.ts';
import { PARTY_AREAS_PARAMS, makeRegionServiceOrg, partyAreasExample, partyAreasKeys } from './partywork-areas-world.ts';
import { PLACES_PARAMS, placesExample, placesKeys, makeRegionPlaces } from './places-world.ts';
import { CAST, makeCast, makeRegionObjects, objectKeys, tinyJpeg, type CastRole, type RegionObjects } from '../helpers/world.ts';

export interface SecurityWorld {
  /** Objects in the cast's own village (and township, district). */
  own: RegionObjects;
  /** Objects in a village of the other township of the same district: outside every role's scope but the district's. */
  sibling: RegionObjects;
  /** Objects in another district. */
  other: RegionObjects;
  cast: Record<CastRole, { id: string | null; auth: Record<string, string> }>;
  open311Key: { id: string; key: string };
  cameraCategory: string;
  /** A small JPEG for upload routes. */
  jpeg: Buffer;
}

export async function buildSecurityWorld(vb: VillageBrain): Promise<SecurityWorld> {
  const areaA = await makeArea(vb);
  const areaB = await makeArea(vb);
  const cast = await makeCast(vb, areaA);
  const own = await makeRegionObjects(vb, areaA, cast.handler);
  const sibling = await makeRegionObjects(vb, areaA, await makeStaff(vb, 'handler', areaA.townships[1]), 2);
  const other = await makeRegionObjects(vb, areaB, await makeStaff(vb, 'handler', areaB.townships[0]));
  const open311Key = await vb.services.open311.addKey(null, 'security-suite');
  const cameraCategory = vb.services.cameraPolicies.list()[0].categoryCode;
  for (const o of [own, sibling, other]) pointsOfRegion.set(o, await awardPoints(vb, o.resident.id));
  for (const o of [own, sibling, other]) householdOfRegion.set(o, await makeRegionHousehold(vb, o));
  for (const o of [own, sibling, other]) partyOfRegion.set(o, await makeRegionPartyWork(vb, o, o === own ? cast.party_member.id! : null));
  for (const o of [own, sibling, other]) shopOfRegion.set(o, await makeRegionShop(vb, o));
  for (const o of [own, sibling, other]) await makeRegionCredit(vb, o);
  for (const o of [own, sibling, other]) await makeRegionKiosk(vb, o);
  for (const o of [own, sibling, other]) await makeRegionBulletin(vb, o);
  for (const o of [own, sibling, other]) await makeRegionPlaces(vb, o);
  for (const o of [own, sibling, other]) await makeRegionIdeas(vb, o);
  for (const o of [own, sibling, other]) await makeRegionServiceOrg(vb, o);
  return { own, sibling, other, cast, open311Key, cameraCategory, jpeg: await tinyJpeg() };
}

export { CAST, type CastRole };

/** Each region's points: its resident's account, an award to it (what corrections reverse) and a claim of theirs under review. */
const pointsOfRegion = new WeakMap<RegionObjects, { accountId: string; transferId: string; claimId: string; listId: string }>();
const pointsOf = (o: RegionObjects) => pointsOfRegion.get(o)!;

async function awardPoints(vb: VillageBrain, userId: string) {
  const account = await vb.services.points.accountOf(userId);
  const issuance = await vb.services.points.systemAccount('resident', 'issuance');
  const [r] = await vb.services.points.apply([{ id: uuidv7(), ledger: 'resident', debitAccountId: issuance.id, creditAccountId: account.id, amount: 20, code: 'award', reason: '矩阵奖励' }]);
  if (!r.ok) throw new Error(`the builder could not award points: ${r.code}`);
  const claim = await vb.services.pointsClaims.claim(await vb.services.users.actorOf(userId), { id: uuidv7(), ruleKey: 'council_meeting', note: '矩阵申报' });
  const village = (await vb.services.users.actorOf(userId)).homeRegionCode!;
  const list = await vb.services.pointsRankings.publish(await vb.services.users.actorOf((await makeStaff(vb, 'admin', village)).id), { regionCode: village, period: 'month', start: previousPeriod('month', new Date()).start });
  return { accountId: account.id, transferId: r.id, claimId: claim.claim.id, listId: list.list.id };
}

/**
 * Each region's household: its resident as the head (so a matrix call removing "the member" is a 409,
 * and creating a household with that resident too) and a second member; its card token.
 */
const householdOfRegion = new WeakMap<RegionObjects, { id: string; token: string; memberId: string; personId: string }>();
const householdOf = (o: RegionObjects) => householdOfRegion.get(o)!;

async function makeRegionHousehold(vb: VillageBrain, o: RegionObjects) {
  const other = await makeResident(vb, o.village);
  const h = await vb.services.households.create(null, { regionCode: o.village, name: '矩阵家', address: '矩阵村 1号', headUserId: o.resident.id, members: [{ userId: other.id, relation: 'spouse' }] });
  const ref = await vb.platform.database.raw<{ card_token: string }>('SELECT card_token FROM households WHERE id = $1', [h.id]);
  const [person] = await vb.platform.database.raw<{ id: string }>('SELECT id FROM household_people WHERE household_id = $1 AND user_id = $2', [h.id, o.resident.id]);
  return { id: h.id, token: ref[0].card_token, memberId: other.id, personId: person.id };
}

/**
 * Each region's party work: a branch of its village with the region's resident registered in it, a
 * member (the cast's party member in the own village) holding an accepted 联户 task for the region's
 * household, and a visit log of theirs waiting for review.
 */
const partyOfRegion = new WeakMap<RegionObjects, { branchId: string; branchName: string; taskId: string; logId: string; exemptionId: string }>();
const partyOf = (o: RegionObjects) => partyOfRegion.get(o)!;

async function makeRegionPartyWork(vb: VillageBrain, o: RegionObjects, castMember: string | null) {
  const branch = await makeBranch(vb, { regionCode: o.village });
  await vb.services.partyRegister.register(null, { userId: o.resident.id, branchId: branch.id, status: 'serving' });
  let member = { id: castMember ?? '' };
  if (castMember) await vb.services.partyRegister.register(null, { userId: castMember, branchId: branch.id, status: 'retired' });
  else member = await makePartyMember(vb, branch);
  const gridWorker = await makeStaff(vb, 'grid_worker', o.village);
  const [lon, lat] = o.point;
  const memberActor = await vb.services.users.actorOf(member.id);
  const task = await makeHouseholdTask(vb, { gridWorkerId: gridWorker.id, householdId: householdOf(o).id, point: { lat, lon } });
  await vb.services.partyTasks.act(memberActor, task.id, 'claim');
  await vb.services.partyTasks.act(await vb.services.users.actorOf(gridWorker.id), task.id, 'accept');
  const log = await vb.services.partyVisits.log(memberActor, { id: crypto.randomUUID(), taskId: task.id, visitedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), lat, lon, accuracyM: 10, note: '矩阵走访' });
  // the branch's decision to exempt the region's resident, waiting for the township's approval
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const exemption = await vb.services.partyExemptions.record(await vb.services.users.actorOf((await makeStaff(vb, 'admin', o.village)).id), o.resident.id, { reason: '矩阵免走访', decidedOn: today });
  return { branchId: branch.id, branchName: branch.name, taskId: task.id, logId: log.log.id, exemptionId: exemption.id };
}

/** Each region's points shop: an item of its village and an open order of its resident's household. */
const shopOfRegion = new WeakMap<RegionObjects, { itemId: string; orderId: string; orderToken: string }>();
const shopOf = (o: RegionObjects) => shopOfRegion.get(o)!;

async function makeRegionShop(vb: VillageBrain, o: RegionObjects) {
  const item = await vb.services.shopCatalogue.create(null, { regionCode: o.village, name: '矩阵米', unit: '1 袋', price: 1, initialStock: 50 });
  const order = await vb.services.shop.order(await vb.services.users.actorOf(o.resident.id), { itemId: item.id });
  return { itemId: item.id, orderId: order.id, orderToken: order.token };
}

/** Does the request name one of these objects (or their village or township)? */
export function namesObjectOf(request: unknown, o: RegionObjects): boolean {
  const text = JSON.stringify(request);
  const points = pointsOfRegion.get(o);
  const household = householdOfRegion.get(o);
  const party = partyOfRegion.get(o);
  const shop = shopOfRegion.get(o);
  return [...(shop ? [shop.itemId, shop.orderId, shop.orderToken] : []), ...objectKeys(o), ...(points ? [points.accountId, points.transferId, points.claimId, points.listId] : []), ...(household ? [household.id, household.token] : []),
    ...(party ? [party.branchId, party.taskId, party.logId, party.exemptionId] : []), ...creditKeys(o), ...dashboardKeys(o), ...bulletinsKeys(o), ...placesKeys(o), ...ideasKeys(o), ...partyAreasKeys(o)].some((k) => text.includes(k));
}

/** The routes to probe: the route table less the HEAD twins of GET routes and plugins' own routes. */
export function probedRoutes(table: readonly DeclaredRoute[]): DeclaredRoute[] {
  return table.filter((r) => r.method !== 'HEAD' && (r.access !== undefined || r.url.startsWith('/api/')));
}

/**
 * The object a path parameter names, by the literal segment before it and its name. A route whose
 * parameter is not here fails the suites: add the kind of object it names.
 */
const PARAMS: Record<string, (o: RegionObjects, w: SecurityWorld) => string> = {
  'media/:id': (o) => o.mediaId,
  'cases/:id': (o) => o.caseId,
  'alarms/:id': (o) => o.alarmId,
  'devices/:id': (o) => o.device.id,
  'episodes/:id': (o) => o.episodeId,
  'inspections/:id': (o) => o.inspectionId,
  'items/:item': () => 'dam_crest',
  'regions/:code': (o) => o.village,
  'keys/:id': (_o, w) => w.open311Key.id,
  'case-categories/:code': () => '0998',
  'overrides/:date': () => '2031-03-03',
  'vendor-codes/:vendor': () => 'matrixcam',
  'vendor-codes/:code': () => 'EVT1',
  'policies/:category': (_o, w) => w.cameraCategory,
  // a device's credential is its identity, not an object of a region: always the own one
  'v1/:token': (_o, w) => w.own.device.token,
  'cameras/:token': (_o, w) => w.own.camera.token,
  'v2/:dir': () => 'requests',
  // no module declares a need-to-know permission yet, so no grant exists to name: a well-formed unknown id
  'grants/:id': () => '00000000-0000-4000-8000-000000000000',
  // the region's resident's points account
  'accounts/:id': (o) => pointsOf(o).accountId,
  // a claim of the region's resident, under review
  'claims/:id': (o) => pointsOf(o).claimId,
  'lists/:id': (o) => pointsOf(o).listId, // the 红黑榜 of the region's village for last month
  'settings/:regionCode': (o) => o.village,
  'scorers/:regionCode': (o) => o.village,
  'report/:regionCode': (o) => o.village,
  // the region's household, its head (removing the head without a new one is a 409: nothing changes) and its card
  'households/:id': (o) => householdOf(o).id,
  'members/:userId': (o) => o.resident.id,
  'people/:personId': (o) => householdOf(o).personId, // the registry's record of the household's head
  'by-card/:token': (o) => householdOf(o).token,
  'items/:id': (o) => shopOf(o).itemId,
  'orders/:id': (o) => shopOf(o).orderId,
  'by-token/:token': (o) => shopOf(o).orderToken,
  'counter/:token': (o) => householdOf(o).token,
  // party work: the region's 联户 task and its member's visit log (members/:userId is the region's resident, a registered member)
  'tasks/:id': (o) => partyOf(o).taskId,
  'logs/:id': (o) => partyOf(o).logId,
  // the exemption of the region's resident waiting for approval, and the region's branch (its monthly summaries)
  'exemptions/:id': (o) => partyOf(o).exemptionId,
  'branches/:id': (o) => partyOf(o).branchId,
  // a reminder to a branch secretary: none exists in the world, so a well-formed unknown id (404 to everyone allowed)
  'duties/:id': () => '00000000-0000-4000-8000-000000000001',
  'targets/:regionCode': (o) => o.village,
  // the member formula and the rankings' switch of the region's village
  'formula/:regionCode': (o) => o.village,
  'export/:format': () => 'csv', // the case queue's and the KPI table's exports
  'switch/:regionCode': (o) => o.village,
  ...CREDIT_PARAMS,
  ...DASHBOARD_PARAMS,
  ...BULLETINS_PARAMS,
  ...PLACES_PARAMS,
  ...IDEAS_PARAMS,
  ...PARTY_AREAS_PARAMS,
};

export function fillPath(route: DeclaredRoute, o: RegionObjects, w: SecurityWorld): string {
  const parts = route.url.split('/');
  const params = parts.filter((p) => p.startsWith(':'));
  return parts.map((p, i) => {
    if (!p.startsWith(':')) return p;
    const before = parts.slice(0, i).reverse().find((x) => !x.startsWith(':'));
    // Open311: /open311/v2/:file is a list (requests.json), /open311/v2/:dir/:file one request
    if (before === 'v2' && p === ':file') return params.length === 1 ? 'requests.json' : `${o.caseNo}.json`;
    const fill = PARAMS[`${before}/${p}`];
    if (!fill) throw new Error(`${route.method} ${route.url}: no object for ${p} (add its kind to PARAMS in test/security/world.ts)`);
    return encodeURIComponent(fill(o, w));
  }).join('/');
}

let seq = 0;
const day = 86_400_000;

/**
 * A query or body that gets the route past validation, so what answers is the access check. Routes not
 * listed get none (a required body then answers 400 to those allowed, which the matrix accepts).
 */
export function exampleOf(route: DeclaredRoute, o: RegionObjects, w: SecurityWorld): Pick<InjectOptions, 'query' | 'payload' | 'headers'> {
  const [lon, lat] = w.own.point;
  const n = `${process.pid}-${++seq}`;
  const json = (payload: unknown) => ({ payload: payload as object });
  switch (`${route.method} ${route.url}`) {
    case 'POST /api/auth/login': return json({ username: `nobody-${n}`, password: 'wrong-password' });
    case 'POST /api/auth/otp/request': return json({ phone: '13700000000' });
    case 'POST /api/auth/otp/verify': return json({ phone: '13700000000', code: '000000' });
    case 'POST /api/users': return json({ username: `m-${n}`, displayName: '矩阵', password: 'matrix-password-1', kind: 'staff', memberships: [{ role: 'grid_worker', regionCode: o.village }] });
    // users.read comes with roles: the administrator is refused with a 400 after the scope check
    case 'POST /api/grants': return json({ permission: 'users.read', userId: w.cast.handler.id, regionCode: o.village, reason: '矩阵授权' });
    case 'POST /api/grants/:id/revoke': return json({ reason: '矩阵' });
    case 'POST /api/organisations': return json({ name: `矩阵单位-${n}`, kind: 'cleaning', regionCode: o.township });
    case 'POST /api/media': return multipart('file', 'photo.jpg', 'image/jpeg', w.jpeg);
    case 'POST /api/regions/locate': return json({ lon, lat });
    case 'POST /api/regions/import': return json({ type: 'FeatureCollection', features: [] });
    case 'POST /api/cases': return json({ title: `矩阵上报 ${n}`, categoryCode: '0107', lon, lat });
    case 'GET /api/kpis':
    case 'GET /api/kpis/export/:format': return { query: { region: o.township, from: new Date(Date.now() - 30 * day).toISOString(), to: new Date().toISOString() } };
    case 'GET /api/cases/nearby': return { query: { lon: String(lon), lat: String(lat), category: '0107' } };
    case 'POST /api/cases/:id/actions': return json({ action: 'register' });
    // "me too" from the caller's report in progress, at the own village's point: near only the own case
    case 'POST /api/cases/:id/me-too': return json({ lon, lat, categoryCode: '0107' });
    case 'POST /api/case-categories/:code': return json({ name: '矩阵类别', nameEn: 'Matrix', limitValue: 3, limitUnit: 'working_days' });
    case 'PATCH /api/case-categories/:code': return json({ name: '矩阵类别二' });
    case 'PUT /api/calendar/overrides/:date': return json({ working: true, note: '矩阵' });
    case 'PUT /api/vendor-codes/:vendor/:code': return json({ categoryCode: '0107' });
    case 'POST /api/notify/channels': return json({ name: `矩阵群-${n}`, regionCode: o.township, level: 'township', url: 'http://127.0.0.1:9/robot' });
    case 'POST /api/notifications/read': return json({});
    case 'POST /open311/v2/:file':
      return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ api_key: w.open311Key.key, service_code: '0107', lat: String(lat), long: String(lon), description: '矩阵' }).toString() };
    case 'POST /api/open311/keys': return json({ name: `矩阵-${n}` });
    case 'POST /api/v1/:token/telemetry': return { headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ ts: Date.now() - 1000 - seq, values: { level: 110 } }) };
    case 'POST /api/v1/cameras/:token/events': return { headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ type: 'exposed_garbage', confidence: 0.5, time: Date.now() - 1000 }) };
    case 'POST /api/sensors/devices': return json({ assetId: o.assetId, kind: 'water_level' });
    case 'GET /api/sensors/devices': return { query: { assetId: o.assetId } };
    case 'GET /api/inspections': return { query: { assetId: o.assetId } };
    case 'GET /api/cameras/episodes': return { query: { cameraId: o.camera.id } };
    case 'GET /api/sensors/devices/:id/history': return { query: { key: 'level', from: new Date(Date.now() - day).toISOString(), to: new Date().toISOString() } };
    case 'POST /api/sensors/alarms/:id/clear': return json({ note: '矩阵' });
    case 'GET /api/sensors/rules/history': return { query: { scope: 'device', target: o.device.id } };
    case 'POST /api/sensors/rules': return json({ scope: 'device', target: o.device.id, overrides: {} });
    case 'POST /api/inspections': return json({ assetId: o.assetId });
    case 'POST /api/inspections/:id/track': return json({ points: [{ lon, lat, ts: Date.now() }] });
    case 'PUT /api/inspections/:id/items/:item': return json({ result: 'ok' });
    case 'POST /api/inspections/:id/finish': return json({});
    case 'POST /api/cameras': return json({ name: `矩阵摄像头-${n}`, lon, lat });
    case 'POST /api/cameras/episodes/:id/mark': return json({ falsePositive: true });
    case 'PUT /api/cameras/policies/:category': return json({});
    // a correction of the region's award: a fresh client id each time, so the administrator's own calls succeed
    case 'POST /api/points/transfers': return json({ id: uuidv7(), reversesId: pointsOf(o).transferId, amount: 1, reason: '矩阵更正' });
    case 'GET /api/points/accounts': return { query: { regionCode: o.village } };
    case 'POST /api/points/rules': return json({ regionCode: o.village, key: 'matrix_rule', nameZh: '矩阵项目', nameEn: 'Matrix rule', ledger: 'resident', amount: 1, trigger: 'claim' });
    case 'POST /api/points/settings': return json({ regionCode: o.village, quorum: 3, noticeDays: 7, recheckDays: 5, yuanPerPoint: 0.2 });
    case 'POST /api/points/scorers': case 'POST /api/points/scorers/remove': return json({ regionCode: o.village, userId: o.resident.id });
    case 'POST /api/points/claims': return json({ id: uuidv7(), ruleKey: 'council_meeting', note: '矩阵申报' });
    case 'POST /api/points/claims/:id/votes': return json({ decision: 'reject', reason: '矩阵审核' });
    case 'POST /api/points/claims/:id/objections': return json({ reason: '矩阵异议' });
    case 'POST /api/points/claims/:id/recheck': return json({ decision: 'uphold', reason: '矩阵复核' });
    // the region's resident already heads a household: creating another with them is a 409, as adding them again
    case 'POST /api/households': return json({ regionCode: o.village, name: '矩阵家', address: '矩阵村 2号', headUserId: o.resident.id });
    case 'POST /api/households/:id/members': return json({ userId: o.resident.id, relation: 'child' });
    case 'POST /api/households/:id/members/:userId/remove': return json({});
    // naming the head again changes nothing
    case 'POST /api/households/:id/head': return json({ userId: o.resident.id });
    case 'POST /api/households/:id/card/rotate': return json({ reason: '矩阵补卡' });
    case 'GET /api/households': return { query: { region: o.village } };
    case 'POST /api/households/:id/people/:personId/reveal': return json({ field: 'phone' });
    case 'POST /api/households/:id/people': return json({ name: '矩阵老人', relation: 'parent', idNumber: '11010519491231002X' });
    case 'POST /api/households/:id/people/:personId/roles': return json({ roles: ['contact'] });
    case 'POST /api/households/:id/update': return json({ tags: ['矩阵'] });
    case 'POST /api/households/import': return json({ regionCode: o.village, format: 'csv', data: '户号,姓名,与户主关系,身份证号,手机,网格,地址,标签\n1,矩阵户主,户主,,13912340000,,矩阵村 3号,' });
    case 'POST /api/shop/orders': return json({ itemId: shopOf(o).itemId });
    case 'POST /api/shop/counter/orders': return json({ cardToken: householdOf(o).token, itemId: shopOf(o).itemId });
    case 'GET /api/shop/items': case 'GET /api/shop/orders': return { query: { region: o.village } };
    case 'GET /api/shop/statement': case 'GET /api/shop/statement.xlsx': return { query: { region: o.village, month: '2026-11' } };
    case 'POST /api/shop/items': return json({ regionCode: o.village, name: `矩阵货-${n}`, unit: '1 个', price: 5 });
    case 'PATCH /api/shop/items/:id': return json({ price: 2 });
    case 'POST /api/shop/items/:id/restock': return json({ quantity: 1 });
    // party work: a branch of a fresh name; registering the region's resident again is a 409; the import only checks (dry run)
    case 'POST /api/partywork/branches': return json({ regionCode: o.village, name: `矩阵支部-${n}`, kind: 'residential' });
    case 'POST /api/partywork/members': return json({ userId: o.resident.id, branchId: partyOf(o).branchId, status: 'serving' });
    case 'PATCH /api/partywork/members/:userId': return json({ reported: true });
    case 'POST /api/partywork/members/import': return json({ regionCode: o.village, csv: `姓名,手机号,支部,状态\n矩阵,13900000000,${partyOf(o).branchName},在职`, dryRun: true });
    case 'GET /api/partywork/members': case 'GET /api/partywork/branches': case 'GET /api/partywork/tasks': case 'GET /api/partywork/logs':
      return { query: { region: o.village } };
    case 'POST /api/partywork/tasks': return json({ kind: 'building', subject: `矩阵楼-${n}`, regionCode: o.village, frequencyDays: 7 });
    case 'POST /api/partywork/tasks/:id/decline': case 'POST /api/partywork/tasks/:id/close': return json({ reason: '矩阵' });
    case 'POST /api/partywork/logs': return json({ id: crypto.randomUUID(), taskId: partyOf(o).taskId, visitedAt: new Date(Date.now() - 3_600_000).toISOString(), lon, lat, accuracyM: 10, note: '矩阵' });
    case 'POST /api/partywork/logs/:id/review': return json({ decision: 'rejected', reason: '矩阵审核' });
    case 'POST /api/partywork/logs/:id/case': return json({ note: '矩阵' });
    case 'GET /api/partywork/rankings': return { query: { region: o.village, period: 'month' } };
    // the console: the region's village as the place asked; the sheet of this year
    case 'GET /api/partywork/trend': case 'GET /api/partywork/branches/summary': case 'GET /api/partywork/members/figures': case 'GET /api/partywork/tasks/overview':
      return { query: { region: o.village } };
    case 'GET /api/partywork/branches/:id/appraisal.xlsx': return { query: { year: String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()) } };
    case 'GET /api/points/rankings': return { query: { region: o.village, period: 'month' } };
    case 'POST /api/points/rankings/lists': return json({ regionCode: o.village, period: 'year', start: '2025-01-01' });
    case 'PUT /api/points/rankings/settings/:regionCode': return json({ aggregatesOnly: false });
    case 'POST /api/points/rankings/lists/:id/objections': return json({ reason: '矩阵异议' });
    case 'POST /api/points/rankings/lists/:id/recheck': return json({ decision: 'uphold', reason: '矩阵复核' });
    case 'PUT /api/partywork/rankings/switch/:regionCode': return json({ aggregatesOnly: false });
    case 'PUT /api/partywork/formula/:regionCode':
      return json({ params: { reported: 10, identityShown: 10, posts: { owners_committee: 5, branch_committee: 5, branch_secretary: 8, building_lead: 3 }, perPoint: 1, perDeduction: 1 }, note: '矩阵' });
    case 'POST /api/partywork/members/:userId/deductions': return json({ id: crypto.randomUUID(), points: 1, reason: '矩阵扣分' });
    case 'POST /api/partywork/members/:userId/exemptions': return json({ reason: '矩阵免走访', decidedOn: '2026-01-05' });
    case 'POST /api/partywork/exemptions/:id/decision': return json({ decision: 'rejected', note: '矩阵' });
    case 'GET /api/partywork/exemptions': case 'GET /api/partywork/targets': case 'GET /api/partywork/reviews/overdue': return { query: { region: o.village } };
    case 'PUT /api/partywork/targets/:regionCode': return json({ visitsPerHousehold: 2 });
    case 'PUT /api/partywork/settings/:regionCode': return json({ weeklyCap: 2, geofenceM: 100, minGapMinutes: 240, pointsPerLog: 3 });
    default: return creditExample(route, o) ?? dashboardExample(route, o, w.own) ?? bulletinsExample(route, o) ?? placesExample(route, o) ?? ideasExample(route, o) ?? partyAreasExample(route, o) ?? {};
  }
}

/** A multipart/form-data body with one file part. */
export function multipart(field: string, filename: string, type: string, bytes: Buffer): Pick<InjectOptions, 'payload' | 'headers'> {
  const b = 'vbsuiteboundary';
  const payload = Buffer.concat([
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`), bytes, Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Send a request and read its answer; a stream (Server-Sent Events) is read up to its headers and
 * then dropped, as a browser leaving the page would.
 */
export async function send(vb: VillageBrain, opts: InjectOptions): Promise<Answer> {
  const abort = new AbortController();
  const res = await vb.app.inject({ ...opts, payloadAsStream: true, signal: abort.signal } as InjectOptions);
  const contentType = String(res.headers['content-type'] ?? '');
  if (contentType.startsWith('text/event-stream')) {
    abort.abort();
    return { status: res.statusCode, contentType, body: '' };
  }
  const chunks: Buffer[] = [];
  for await (const c of res.stream()) chunks.push(Buffer.from(c as Buffer));
  return { status: res.statusCode, contentType, body: Buffer.concat(chunks).toString('utf8') };
}
