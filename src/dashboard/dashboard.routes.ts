/**
 * The big screen's routes: a person's (`screen.view`, session) and a wall's (`/api/kiosk/…`, a kiosk
 * token of the region in `?kiosk=` — an EventSource cannot send headers), each as the figures, the map
 * and the live stream; and the administrator's kiosk tokens.
 */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Items, Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { Resume, resumeFrom, type RealtimeHub } from '../platform/realtime.ts';
import { IndustryBoard, Kiosk, NewKiosk, PartyBoard, ScreenMap, ScreenView, ServiceBoard } from './dashboard.contract.ts';
import { KIOSK_MAX_HOURS, type KiosksService } from './kiosks.ts';
import type { ScreenService } from './screen.service.ts';

const Region = Type.Object({ region: Type.String({ pattern: '^[0-9]{12}$', description: '12-digit code of a district, township or village' }) });
const KioskQuery = Type.Object({ kiosk: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })) });
const KioskStreamQuery = Type.Object({ ...KioskQuery.properties, ...Resume.properties });
// a stream answers Server-Sent Events (frames: dashboard.contract.ts ScreenFrame), not a JSON body
const STREAM = 'Live changes of the region\'s cases as small frames (case number, state, village; no personal data) — Server-Sent Events; the wall re-reads its figures on each';

export const screenRoutes: RoutesPlugin<{ screen: ScreenService; kiosks: KiosksService; realtime: RealtimeHub }> = async (app, { screen, kiosks, realtime }) => {
  app.get('/api/screen/:region', {
    config: { access: { permission: 'screen.view' } },
    schema: { tags: ['dashboard'], summary: 'The big screen of a region: counters, trend, sources and states, villages, ticker, pins, reservoirs and cameras, each with its data time', params: Region, response: { 200: ScreenView, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => {
    screen.assertViewer(requireActor(req.actor), req.params.region);
    return screen.view(req.params.region);
  });

  app.get('/api/screen/:region/map', {
    config: { access: { permission: 'screen.view' } },
    schema: { tags: ['dashboard'], summary: 'The region\'s outline and its townships and villages with boundaries, for the screen\'s map', params: Region, response: { 200: ScreenMap, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => {
    screen.assertViewer(requireActor(req.actor), req.params.region);
    return screen.map(req.params.region);
  });

  app.get('/api/screen/:region/party', {
    config: { access: { permission: 'screen.view' } },
    schema: { tags: ['dashboard'], summary: 'The screen\'s 数字党建 board: members and branches, visits (走亲打卡) today, this month and by month, branches by index — aggregates only', params: Region, response: { 200: PartyBoard, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => {
    screen.assertViewer(requireActor(req.actor), req.params.region);
    return screen.partyBoard(req.params.region);
  });

  app.get('/api/screen/:region/service', {
    config: { access: { permission: 'screen.view' } },
    schema: { tags: ['dashboard'], summary: 'The screen\'s 智慧便民 board: people\'s own requests today and by day, by channel, closed, first response and satisfaction, points earned this month by rule — aggregates only', params: Region, response: { 200: ServiceBoard, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => {
    screen.assertViewer(requireActor(req.actor), req.params.region);
    return screen.serviceBoard(req.params.region);
  });

  app.get('/api/screen/:region/industry', {
    config: { access: { permission: 'screen.view' } },
    schema: { tags: ['dashboard'], summary: 'The screen\'s 数字产业 board: published homestays by grade and rooms, restaurants, sights, products, enterprises and 共富工坊 with jobs and output — listings only, no people', params: Region, response: { 200: IndustryBoard, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => {
    screen.assertViewer(requireActor(req.actor), req.params.region);
    return screen.industryBoard(req.params.region);
  });

  app.get('/api/screen/:region/stream', {
    config: { access: { permission: 'screen.view' } },
    schema: { tags: ['dashboard'], summary: STREAM, params: Region, querystring: Resume, response: errorResponses(400, 401, 403, 404) },
  }, async (req, reply) => {
    screen.assertViewer(requireActor(req.actor), req.params.region);
    await screen.region(req.params.region);
    await realtime.attach(reply, [], screen.frameFilter(req.params.region) as never, resumeFrom(req));
  });

  app.get('/api/kiosk/screen/:region', {
    config: { access: 'device' },
    schema: { tags: ['dashboard'], summary: 'The big screen for a wall, with its kiosk token (`?kiosk=`): 401 when the token expired or was revoked, 404 for another region', params: Region, querystring: KioskQuery, response: { 200: ScreenView, ...errorResponses(400, 401, 404) } },
  }, async (req) => {
    await kiosks.check(req.query.kiosk, req.params.region);
    return screen.view(req.params.region);
  });

  app.get('/api/kiosk/screen/:region/map', {
    config: { access: 'device' },
    schema: { tags: ['dashboard'], summary: 'The screen\'s map for a wall, with its kiosk token', params: Region, querystring: KioskQuery, response: { 200: ScreenMap, ...errorResponses(400, 401, 404) } },
  }, async (req) => {
    await kiosks.check(req.query.kiosk, req.params.region);
    return screen.map(req.params.region);
  });

  app.get('/api/kiosk/screen/:region/party', {
    config: { access: 'device' },
    schema: { tags: ['dashboard'], summary: 'The 数字党建 board for a wall, with its kiosk token', params: Region, querystring: KioskQuery, response: { 200: PartyBoard, ...errorResponses(400, 401, 404) } },
  }, async (req) => {
    await kiosks.check(req.query.kiosk, req.params.region);
    return screen.partyBoard(req.params.region);
  });

  app.get('/api/kiosk/screen/:region/service', {
    config: { access: 'device' },
    schema: { tags: ['dashboard'], summary: 'The 智慧便民 board for a wall, with its kiosk token', params: Region, querystring: KioskQuery, response: { 200: ServiceBoard, ...errorResponses(400, 401, 404) } },
  }, async (req) => {
    await kiosks.check(req.query.kiosk, req.params.region);
    return screen.serviceBoard(req.params.region);
  });

  app.get('/api/kiosk/screen/:region/industry', {
    config: { access: 'device' },
    schema: { tags: ['dashboard'], summary: 'The 数字产业 board for a wall, with its kiosk token', params: Region, querystring: KioskQuery, response: { 200: IndustryBoard, ...errorResponses(400, 401, 404) } },
  }, async (req) => {
    await kiosks.check(req.query.kiosk, req.params.region);
    return screen.industryBoard(req.params.region);
  });

  app.get('/api/kiosk/screen/:region/stream', {
    config: { access: 'device' },
    schema: { tags: ['dashboard'], summary: `${STREAM} (a wall, with its kiosk token)`, params: Region, querystring: KioskStreamQuery, response: errorResponses(400, 401, 404) },
  }, async (req, reply) => {
    const kiosk = await kiosks.check(req.query.kiosk, req.params.region);
    kiosks.holdStream(kiosk.id, reply.raw);
    await realtime.attach(reply, [], screen.frameFilter(req.params.region) as never, resumeFrom(req));
  });

  app.get('/api/screen-kiosks', {
    config: { access: { permission: 'screen.kiosks' } },
    schema: { tags: ['dashboard'], summary: 'Kiosk tokens of the caller\'s area (or of one region), newest first', querystring: Type.Object({ region: Type.Optional(Region.properties.region) }, { additionalProperties: false }), response: { 200: Items(Kiosk), ...errorResponses(400, 401, 403) } },
  }, async (req) => ({ items: await kiosks.list(requireActor(req.actor), req.query.region) }));

  app.post('/api/screen-kiosks', {
    config: { access: { permission: 'screen.kiosks' } },
    schema: {
      tags: ['dashboard'], summary: 'A kiosk token for a wall that shows one region\'s screen with nobody logged in; the token is in this answer only',
      body: Type.Object({
        regionCode: Region.properties.region, name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }),
        hours: Type.Integer({ minimum: 1, maximum: KIOSK_MAX_HOURS, description: 'how long it lasts' }),
      }, { additionalProperties: false }),
      response: { 200: NewKiosk, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (req) => kiosks.create(requireActor(req.actor), req.body));

  app.post('/api/screen-kiosks/:id/revoke', {
    config: { access: { permission: 'screen.kiosks' } },
    schema: { tags: ['dashboard'], summary: 'Revoke a kiosk token: the wall shows that it was revoked at its next refresh', params: Type.Object({ id: Uuid }), response: { 200: Kiosk, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => kiosks.revoke(requireActor(req.actor), req.params.id));
};
