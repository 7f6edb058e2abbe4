/** Serves the built web app (web/dist) with a single-page-app fallback to index.html. */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

import { WEB_DIST } from './paths.ts';

export async function registerWeb(app: FastifyInstance): Promise<boolean> {
  const index = path.join(WEB_DIST, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn('web/dist is missing: the API runs, the web app is not served (run `npm run build:web`)');
    return false;
  }
  // the build's assets have their content's hash in their names: a browser keeps them for a year and
  // never asks again; anything else (a favicon) for an hour. Brotli or gzip copies made by the build.
  await app.register(fastifyStatic, {
    root: WEB_DIST, prefix: '/', wildcard: false, index: false, maxAge: '1h', preCompressed: true,
    setHeaders: (res, file) => {
      if (file.startsWith(path.join(WEB_DIST, 'assets') + path.sep)) res.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  const html = fs.readFileSync(index);
  const spa = async (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  app.get('/', { config: { access: 'public' } }, spa);
  app.get('/app', { config: { access: 'public' } }, spa); // typed by hand without the slash
  app.get('/app/*', { config: { access: 'public' } }, spa);
  app.get('/screen/*', { config: { access: 'public' } }, spa); // the big screen (dashboard), full window
  return true;
}
