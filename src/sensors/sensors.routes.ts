/**
 * Device telemetry over HTTP, ThingsBoard-compatible (`POST /api/v1/{token}/telemetry`), and the
 * assets, devices and readings history for the console.
 */
import { Type } from 'typebox';
import { assertCan, requireActor } from '../platform/access.ts';
import { badRequest } from '../platform/errors.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import type { AlarmsService } from './alarms.ts';
import type { TelemetryIngest } from './ingest.ts';
import type { SensorsService } from './sensors.service.ts';
import { Items } from '../platform/contract.ts';
import { AlarmEvent, AlarmView, AssetView, DeviceView, NewDevice, ReadingHistory, RevokedDevice, RuleSetVersion, RulesOverview, TelemetryTaken } from './sensors.contract.ts';
import { alarmEventView, alarmView } from './views.ts';

export const sensorsRoutes: RoutesPlugin<{ sensors: SensorsService; ingest: TelemetryIngest; alarms: AlarmsService }> = async (app, { sensors, ingest, alarms }) => {
  // device bodies stay text: a malformed one is a dead letter with its reason, not a parser error
  // (in a child context of its own; the rest of the API keeps the JSON parser)
  const devicesApi: RoutesPlugin = async (app) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.post('/api/v1/:token/telemetry', {
      config: { access: 'device' },
      schema: {
        tags: ['sensors'], summary: 'Device telemetry (ThingsBoard-compatible): {"key": v}, {"ts": ms, "values": {...}} or an array of those',
        description: 'Any value kind is telemetry (numbers for the rules; text, booleans and JSON kept). 200 `{stored, refused}` when anything in the body was usable '
          + '(`stored` counts new rows: a resent reading with `ts` is not stored twice; `refused` names the parts not taken); 400 TELEMETRY_REFUSED with the reasons when nothing was.',
        params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }), response: { 200: TelemetryTaken, ...errorResponses(400, 401) },
      },
    }, async (req) => {
      const r = await ingest.take('http', req.params.token, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      // nothing usable: the device must not be told it succeeded (the dead letter keeps the body)
      if (r.accepted === 0) throw badRequest('TELEMETRY_REFUSED', `Nothing in the body was taken: ${r.refused.join('; ')}`.slice(0, 500), { refused: r.refused });
      return { stored: r.stored, refused: r.refused };
    });
  };
  await app.register(devicesApi);

  app.get('/api/sensors/assets', {
    config: { access: 'authenticated' },
    schema: { tags: ['sensors'], summary: 'Monitored assets (reservoirs) of the caller\'s area, with their devices\' latest values and state', response: { 200: Items(AssetView), ...errorResponses(401) } },
  }, async (req) => ({ items: await sensors.overview(requireActor(req.actor)) }));

  app.get('/api/sensors/devices', {
    config: { access: 'authenticated' },
    schema: { tags: ['sensors'], summary: 'Devices of the caller\'s area (of one asset with assetId)', querystring: Type.Object({ assetId: Type.Optional(Type.String({ format: 'uuid' })) }), response: { 200: Items(DeviceView), ...errorResponses(401) } },
  }, async (req) => ({ items: await sensors.listDevices(requireActor(req.actor), { assetId: req.query.assetId }) }));

  app.post('/api/sensors/devices', {
    config: { access: { permission: 'sensors.configure' } },
    schema: {
      tags: ['sensors'], summary: 'Add a sensor to an asset (administrators); the answer carries its access token, shown once',
      body: Type.Object({ assetId: Type.String({ format: 'uuid' }), kind: Type.String({ maxLength: 24 }), name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false }),
      response: { 201: NewDevice, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.status(201).send(await sensors.addDevice(requireActor(req.actor), req.body)));

  app.post('/api/sensors/devices/:id/revoke', {
    config: { access: { permission: 'sensors.configure' } },
    schema: { tags: ['sensors'], summary: 'Revoke a device\'s token (administrators)', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: RevokedDevice, ...errorResponses(401, 403, 404) } },
  }, async (req) => sensors.revokeDevice(requireActor(req.actor), req.params.id));

  app.get('/api/sensors/devices/:id/history', {
    config: { access: { permission: 'sensors.read' } },
    schema: {
      tags: ['sensors'], summary: 'Readings of a device, downsampled to min/max/avg per bucket (for charts)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      querystring: Type.Object({
        key: Type.String({ minLength: 1, maxLength: 40 }), from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }),
        buckets: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
      }),
      response: { 200: ReadingHistory, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => sensors.history(requireActor(req.actor), req.params.id, {
    key: req.query.key, from: new Date(req.query.from), to: new Date(req.query.to), buckets: req.query.buckets ?? 200,
  }));

  app.get('/api/sensors/alarms', {
    config: { access: 'authenticated' },
    schema: { tags: ['sensors'], summary: 'Alarms of the caller\'s area (open=true: not cleared)', querystring: Type.Object({ open: Type.Optional(Type.Boolean()) }), response: { 200: Items(AlarmView), ...errorResponses(401) } },
  }, async (req) => ({ items: (await alarms.list(requireActor(req.actor), { open: req.query.open })).map(alarmView) }));

  app.post('/api/sensors/alarms/:id/acknowledge', {
    config: { access: { permission: 'alarms.handle' } },
    schema: { tags: ['sensors'], summary: 'Acknowledge an alarm', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: AlarmView, ...errorResponses(401, 404, 409) } },
  }, async (req) => alarmView(await alarms.acknowledge(requireActor(req.actor), req.params.id)));

  app.post('/api/sensors/alarms/:id/clear', {
    config: { access: { permission: 'alarms.handle' } },
    schema: {
      tags: ['sensors'], summary: 'Clear an alarm by hand (the cause is dealt with); if the condition persists the next readings raise it again',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }), body: Type.Optional(Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })),
      response: { 200: AlarmView, ...errorResponses(401, 404, 409) },
    },
  }, async (req) => alarmView(await alarms.clear(requireActor(req.actor), req.params.id, req.body?.note)));

  app.get('/api/sensors/rules', {
    config: { access: { permission: 'sensors.read' } },
    schema: { tags: ['sensors'], summary: 'Alarm rules: the built-in rules per device kind and the newest override version of every kind, asset and device', response: { 200: RulesOverview, ...errorResponses(401, 403) } },
  }, async (req) => {
    assertCan(requireActor(req.actor), 'sensors.read'); // staff only
    return alarms.rules.overview();
  });

  app.get('/api/sensors/rules/history', {
    config: { access: { permission: 'sensors.read' } },
    schema: {
      tags: ['sensors'], summary: 'Every version of one scope\'s rule overrides, newest first',
      querystring: Type.Object({ scope: Type.String({ maxLength: 8 }), target: Type.String({ minLength: 1, maxLength: 80 }) }), response: { 200: Items(RuleSetVersion), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => ({ items: await alarms.rules.history(requireActor(req.actor), req.query.scope, req.query.target) }));

  app.post('/api/sensors/rules', {
    config: { access: { permission: 'sensors.configure' } },
    schema: {
      tags: ['sensors'],
      summary: 'A new version of the rule overrides of a device kind (target = kind), an asset\'s devices of a kind (target = "<asset id>/<kind>") or one device (target = device id)',
      body: Type.Object({
        scope: Type.String({ maxLength: 8 }), target: Type.String({ minLength: 1, maxLength: 80 }),
        overrides: Type.Record(Type.String(), Type.Unknown()), note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
      }, { additionalProperties: false }),
      response: { 200: RuleSetVersion, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (req) => alarms.rules.put(requireActor(req.actor), req.body));

  app.get('/api/sensors/alarms/:id/timeline', {
    config: { access: { permission: 'sensors.read' } },
    schema: { tags: ['sensors'], summary: 'Every change of an alarm', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: Items(AlarmEvent), ...errorResponses(401, 404) } },
  }, async (req) => ({ items: (await alarms.timeline(requireActor(req.actor), req.params.id)).map(alarmEventView) }));
};
