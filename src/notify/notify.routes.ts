/** Notification channels (group robots per region and level, administrators) and each person's in-app messages. */
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import type { NotifyService } from './notify.service.ts';
import { Channel, Inbox } from './notify.contract.ts';

export const notifyRoutes: RoutesPlugin<{ notify: NotifyService }> = async (app, { notify }) => {
  app.post('/api/notify/channels', {
    config: { access: { permission: 'notify.channels' } },
    schema: {
      tags: ['notify'], summary: 'Add a group robot (DingTalk-style webhook) for a region and case level',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 100 }),
        regionCode: Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' }),
        level: Type.Union(['village', 'township', 'district', 'city'].map((l) => Type.Literal(l))),
        url: Type.String({ format: 'uri', pattern: '^https?://' }),
        secret: Type.Optional(Type.String({ maxLength: 200 })),
      }, { additionalProperties: false }),
      response: { 201: Channel, ...errorResponses(400, 401, 403) },
    },
  }, async (req, reply) => reply.status(201).send(await notify.addChannel(requireActor(req.actor), req.body)));

  app.get('/api/notifications', {
    config: { access: 'authenticated' },
    schema: { tags: ['notify'], summary: 'The caller\'s in-app messages, newest first, and how many are unread', querystring: Type.Object({ unread: Type.Optional(Type.Boolean()) }), response: { 200: Inbox, ...errorResponses(401) } },
  }, async (req) => notify.inbox(requireActor(req.actor), { unread: req.query.unread }));

  app.post('/api/notifications/read', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['notify'], summary: 'Mark messages read (all without ids)',
      body: Type.Optional(Type.Object({ ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200 })) }, { additionalProperties: false })),
      response: { 200: Inbox, ...errorResponses(400, 401) },
    },
  }, async (req) => notify.markRead(requireActor(req.actor), req.body?.ids));
};
