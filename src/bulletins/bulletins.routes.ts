/**
 * Bulletins routes: the caller's list (their area's and the areas above and below it on their line),
 * one bulletin with its tables, its archived files, and making a missing one for a finished period.
 */
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Items, Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { BULLETIN_KINDS } from './bulletin-content.ts';
import { Bulletin, BulletinDetail, Generated } from './bulletins.contract.ts';
import type { BulletinsService } from './bulletins.service.ts';

const Kind = Type.Union(BULLETIN_KINDS.map((k) => Type.Literal(k)), { description: 'weekly 周通报, monthly 月督查, yearly 年考核' });
const RegionCode = Type.String({ pattern: '^[0-9]{12}$', description: '12-digit code of a township or district' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'first day of the period (a Monday, the 1st of a month, 1 January)' });
const Id = Type.Object({ id: Uuid });

// the file's own name is Chinese (RFC 5987 filename*), with an ASCII one for old clients
const sendFile = (reply: FastifyReply, f: { name: string; type: string; file: Buffer }, ext: string) => reply.type(f.type).header('cache-control', 'no-store')
  .header('content-disposition', `attachment; filename="bulletin.${ext}"; filename*=UTF-8''${encodeURIComponent(f.name)}`).send(f.file);

export const bulletinsRoutes: RoutesPlugin<{ bulletins: BulletinsService }> = async (app, { bulletins }) => {
  app.get('/api/bulletins', {
    config: { access: { permission: 'bulletins.read' } },
    schema: {
      tags: ['bulletins'], summary: 'Bulletins the caller may read, newest period first',
      querystring: Type.Object({ region: Type.Optional(RegionCode), kind: Type.Optional(Kind) }, { additionalProperties: false }),
      response: { 200: Items(Bulletin), ...errorResponses(400, 401, 403) },
    },
  }, async (req) => ({ items: await bulletins.list(requireActor(req.actor), req.query) }));

  app.get('/api/bulletins/:id', {
    config: { access: { permission: 'bulletins.read' } },
    schema: { tags: ['bulletins'], summary: 'One bulletin with its rankings, 红黑榜, overdue and 督办 lists (404 outside the caller\'s line of areas)', params: Id, response: { 200: BulletinDetail, ...errorResponses(400, 401, 403, 404) } },
  }, async (req) => bulletins.get(requireActor(req.actor), req.params.id));

  app.get('/api/bulletins/:id/files/:format', {
    config: { access: { permission: 'bulletins.read' } },
    schema: {
      tags: ['bulletins'], summary: 'The archived PDF or Excel file (503 BULLETIN_PDF_UNAVAILABLE: no Chromium on the server for a PDF not made yet)',
      params: Type.Object({ id: Uuid, format: Type.Union([Type.Literal('pdf'), Type.Literal('xlsx')]) }),
      response: errorResponses(400, 401, 403, 404, 503),
    },
  }, async (req, reply) => {
    const f = await bulletins.file(requireActor(req.actor), req.params.id, req.params.format);
    return sendFile(reply, f, req.params.format);
  });

  app.post('/api/bulletins', {
    config: { access: { permission: 'bulletins.generate' } },
    schema: {
      tags: ['bulletins'], summary: 'Make (or answer the archived) bulletin of a finished period for a township or district; 400 BULLETIN_PERIOD_NOT_OVER for a period not ended',
      body: Type.Object({ kind: Kind, regionCode: RegionCode, periodStart: Type.Optional(Day) }, { additionalProperties: false }),
      response: { 200: Generated, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => bulletins.generate(requireActor(req.actor), req.body));
};
