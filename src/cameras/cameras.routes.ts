/**
 * Cameras over HTTP: the event push (`POST /api/v1/cameras/{token}/events`: ISAPI XML or JSON, the
 * generic JSON, or multipart with the JPEG `Picture` part), and the console's cameras, episodes,
 * false-positive marks, policies and the cleaning companies' performance.
 */
import { Type } from 'typebox';
import { assertCan, requireActor } from '../platform/access.ts';
import { badRequest } from '../platform/errors.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import type { CameraPolicies } from './policies.ts';
import type { CamerasService } from './cameras.service.ts';
import type { CameraIntake } from './intake.ts';
import { Items } from '../platform/contract.ts';
import { CameraView, Cleaning, EpisodeMark, EpisodeView, NewCamera, PolicyRow, PushTaken } from './cameras.contract.ts';

const looksXml = (s: string) => s.trimStart().startsWith('<');

export const camerasRoutes: RoutesPlugin<{ cameras: CamerasService; intake: CameraIntake; policies: CameraPolicies }> = async (app, { cameras, intake, policies }) => {
  // device bodies stay text (a malformed one is a dead letter with its reason), in a child context
  const push: RoutesPlugin = async (app) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(['application/json', 'application/xml', 'text/xml', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
    app.post('/api/v1/cameras/:token/events', {
      config: { access: 'device' },
      schema: {
        tags: ['cameras'], summary: 'Camera events: Hikvision ISAPI EventNotificationAlert (XML/JSON, or multipart with the JPEG Picture part) or generic JSON detections',
        description: '200 `{taken, heartbeat, refused}` when anything was taken (or a heartbeat); 400 CAMERA_EVENT_REFUSED with the reasons when nothing was (the push is kept as a dead letter). '
          + 'A picture that is not an image: the detection is kept without it or refused, as the category\'s policy `badPicture` says, and `refused` says which.',
        params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }), response: { 200: PushTaken, ...errorResponses(400, 401, 413) },
      },
    }, async (req) => {
      const pictures: Buffer[] = [];
      const refused: string[] = [];
      let text = typeof req.body === 'string' ? req.body : '';
      if (req.isMultipart()) {
        try {
          for await (const part of req.parts()) {
            if (part.type === 'file') {
              let bytes: Buffer;
              try {
                bytes = await part.toBuffer();
              } catch (err) {
                const e = err as { code?: string; statusCode?: number };
                if (e.code !== 'FST_REQ_FILE_TOO_LARGE' && e.statusCode !== 413) throw err;
                refused.push(`picture ${part.fieldname}: larger than the limit`);
                continue;
              }
              if (part.mimetype.includes('xml') || part.mimetype.includes('json') || /\.(xml|json)$/i.test(part.filename)) text = bytes.toString('utf8');
              else pictures.push(bytes);
            } else if (typeof part.value === 'string' && !text) text = part.value;
          }
        } catch (err) {
          const e = err as { code?: string; statusCode?: number; message: string };
          if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) {
            // the picture over the limit is dropped; the event before it is still taken
            refused.push('picture: larger than the limit');
          } else {
            // a broken body: its reason in the dead-letter table (once the token is known), a clear 400
            const reason = `malformed multipart: ${e.message}`;
            await intake.refuse('http', req.params.token, reason);
            throw badRequest('MULTIPART_MALFORMED', reason);
          }
        }
      }
      const kind = looksXml(text) ? 'xml' : 'json';
      const r = await intake.take('http', req.params.token, { kind, text }, pictures);
      if (refused.length) await intake.refuse('http', req.params.token, refused.join('; '), text);
      const all = [...refused, ...r.refused];
      // nothing taken and reasons why (malformed XML, unknown codes…): the camera must not read it as success
      if (r.taken === 0 && !r.heartbeat && all.length) throw badRequest('CAMERA_EVENT_REFUSED', `Nothing in the push was taken: ${all.join('; ')}`.slice(0, 500), { refused: all });
      return { taken: r.taken, heartbeat: r.heartbeat, refused: all };
    });
  };
  await app.register(push);

  app.get('/api/cameras', {
    config: { access: 'authenticated' },
    schema: { tags: ['cameras'], summary: 'Cameras of the caller\'s area with state, last event and false-positive rate', response: { 200: Items(CameraView), ...errorResponses(401) } },
  }, async (req) => ({ items: await cameras.list(requireActor(req.actor)) }));

  app.post('/api/cameras', {
    config: { access: { permission: 'cameras.configure' } },
    schema: {
      tags: ['cameras'], summary: 'Add a camera (administrators); the answer carries its token, shown once',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 100 }), lon: Type.Number(), lat: Type.Number(),
        vendor: Type.Optional(Type.String({ maxLength: 24 })), view: Type.Optional(Type.String({ maxLength: 200 })),
        channels: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })), capabilities: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{4}$' }), { maxItems: 20 })),
        speakerUrl: Type.Optional(Type.String({ maxLength: 500 })), organisationId: Type.Optional(Type.String({ format: 'uuid' })),
      }, { additionalProperties: false }),
      response: { 201: NewCamera, ...errorResponses(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await cameras.add(requireActor(req.actor), req.body)));

  app.get('/api/cameras/episodes', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['cameras'], summary: 'Recent detection episodes of the caller\'s area with snapshots and actions taken',
      querystring: Type.Object({ cameraId: Type.Optional(Type.String({ format: 'uuid' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
      response: { 200: Items(EpisodeView), ...errorResponses(401) },
    },
  }, async (req) => ({ items: await cameras.episodes(requireActor(req.actor), req.query) }));

  app.post('/api/cameras/episodes/:id/mark', {
    config: { access: { permission: 'cameras.review' } },
    schema: {
      tags: ['cameras'], summary: 'Mark an episode a false positive (or a real one)', params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      body: Type.Object({ falsePositive: Type.Boolean() }, { additionalProperties: false }), response: { 200: EpisodeMark, ...errorResponses(400, 401, 404) },
    },
  }, async (req) => cameras.mark(requireActor(req.actor), req.params.id, req.body.falsePositive));

  app.get('/api/cameras/cleaning', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['cameras'], summary: 'Overflowing bins per cleaning company and area: count, minutes to the cleaner\'s photo, on time',
      querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })) }), response: { 200: Items(Cleaning), ...errorResponses(401) },
    },
  }, async (req) => ({ items: await cameras.cleaningPerformance(requireActor(req.actor), req.query.days ?? 30) }));

  app.get('/api/cameras/policies', {
    config: { access: { permission: 'cameras.read' } },
    schema: { tags: ['cameras'], summary: 'What each camera category does (thresholds, action, speaker clip, quiet hours)', response: { 200: Items(PolicyRow), ...errorResponses(401, 403) } },
  }, async (req) => {
    assertCan(requireActor(req.actor), 'cameras.read'); // staff only
    return { items: policies.list() };
  });

  app.put('/api/cameras/policies/:category', {
    config: { access: { permission: 'cameras.configure' } },
    schema: {
      tags: ['cameras'], summary: 'Override a category\'s camera policy (administrators; {} returns to the built-in one)',
      params: Type.Object({ category: Type.String({ maxLength: 4 }) }), body: Type.Record(Type.String(), Type.Unknown()), response: { 200: PolicyRow, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => policies.set(requireActor(req.actor), req.params.category, req.body));
};
