/**
 * buildApp(config): opens the database, migrates, builds the platform and then the modules of
 * src/modules.ts generically (platform/module.ts), and registers their routes in that order. No
 * listen() here (src/server.ts does that), so tests use app.inject().
 */
import path from 'node:path';
import zlib from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { PublicLimits } from './platform/rate-limit.ts';
import { clientConfigRoutes } from './platform/client-config.routes.ts';
import { trustProxyOption, type Config } from './platform/config.ts';
import { makeTx, type Platform } from './platform/context.ts';
import { openDatabase, type Database } from './platform/db/index.ts';
import { frameworkErrors, registerErrorHandler } from './platform/errors.ts';
import type {} from './events.ts'; // fills the platform's EventMap (declaration merging)
import { registerAccessControl, SESSION_COOKIE } from './platform/http.ts';
import { buildModules, type AnyModule, type BuiltModule, type Core, type ModuleContext, type ModuleServices, type Started } from './platform/module.ts';
import { MODULES } from './modules.ts';
import { EventBus, type EventMap } from './platform/events.ts';
import { createLogger } from './platform/logger.ts';
import { platformRoutes } from './platform/platform.routes.ts';
import { RealtimeHub } from './platform/realtime.ts';
import { Scheduler } from './platform/scheduler.ts';
import { MediaStore } from './platform/storage.ts';
import { VERSION } from './platform/paths.ts';
import { registerValidators } from './platform/validation.ts';
import { registerWeb } from './platform/web.ts';

export { VERSION };

/** Every module's services by name (each module declares its own in `<module>.module.ts`). */
export type Services = ModuleServices;

export interface VillageBrain extends Core {
  app: FastifyInstance;
  realtime: RealtimeHub;
  /** The built modules, in order. */
  modules: BuiltModule[];
  /** `vb start`, before listening: each module's `prepare` (the demo's seed). */
  prepare(): Promise<void>;
  /** `vb start`, once listening: each module's `start` (the broker, the demo's life); the banner lines they return. */
  start(): Promise<string[]>;
  close(): Promise<void>;
}

export interface BuildOptions {
  /** An already-open database (tests); otherwise opened from config. */
  database?: Database;
  logger?: Logger;
  /** Apply migrations (default true). */
  migrate?: boolean;
  /** Start delivering domain events at once (default true). False lets a caller subscribe first. */
  startEvents?: boolean;
  /** The modules to build (default: src/modules.ts); a test adds one of its own. */
  modules?: readonly AnyModule[];
}

export interface BuiltCore extends Core {
  modules: BuiltModule[];
  ctx: ModuleContext;
}

/** Platform + modules without HTTP: what the CLI uses. */
export async function buildCore(config: Config, opts: BuildOptions = {}): Promise<BuiltCore> {
  const log = opts.logger ?? createLogger(config.logLevel);
  const database =
    opts.database ??
    (await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite'), holder: `vb ${process.argv.slice(2).join(' ')}`.trim(), tuning: config }));
  if (opts.migrate !== false) await database.migrate();
  const events = new EventBus<EventMap>(database, log.child({ mod: 'outbox' }), config.outboxPollMs);
  const platform: Platform = {
    config, database, db: database.db, log, events,
    scheduler: new Scheduler(database, log.child({ mod: 'scheduler' })),
    media: new MediaStore(config.dataDir, config.mediaMaxBytes, config.mediaMaxPixels),
    limits: new PublicLimits(config.reportsPerHourPerPerson, config.postsPerMinutePerIp),
    tx: makeTx(database.db, events),
  };
  const { built, services, ctx } = await buildModules(platform, opts.modules ?? MODULES);
  return { platform, services, modules: built, ctx, contributions: ctx.contributions };
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<VillageBrain> {
  const core = await buildCore(config, opts);
  const { platform, modules } = core;
  const routerErrors = modules.flatMap(({ def }) => Object.entries(def.frameworkErrors ?? {}));
  const app = Fastify({
    loggerInstance: platform.log as unknown as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    trustProxy: trustProxyOption(config.trustProxy), // off unless TRUST_PROXY names the proxies: X-Forwarded-For is the client's to write
    // a module whose clients read another error model (Open311) answers the router's errors under its prefix
    frameworkErrors: (err, req, reply) => (routerErrors.find(([prefix]) => req.url.startsWith(prefix))?.[1] ?? frameworkErrors)(err, req, reply),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;

  registerErrorHandler(app);
  registerValidators(app);
  registerAccessControl(app); // before any route: every /api/ route must declare who may call it
  await app.register(cookie);
  // answers over 1 KB go brotli (quality 4: ≈ gzip's speed, smaller) or gzip to a browser that takes it —
  // the queue's 200 cases are 190 KB of JSON, ≈ 20 KB on a grid worker's 4G. Before the static files
  // (their brotli copies are made by the build), never on the live streams (hijacked, never buffered).
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });
  await app.register(multipart, { limits: { fileSize: config.mediaMaxBytes, files: 10, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Village Brain API (乡村大脑)', version: VERSION, description: 'Grassroots governance platform. Errors: {error:{code,message,details}}.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const realtime = new RealtimeHub(platform.events, platform.database, platform.log.child({ mod: 'realtime' }), config);
  await realtime.start();
  for (const { def, own, ctx } of modules) await def.http?.(app, own, { ...ctx, realtime }); // root hooks (who is calling) before any route

  await app.register(platformRoutes, { platform, realtime, version: VERSION });
  await app.register(clientConfigRoutes, { platform });
  for (const { def, own, ctx } of modules) await def.routes?.(app, own, { ...ctx, realtime });
  if (config.serveWeb) await registerWeb(app);

  if (opts.startEvents !== false) {
    platform.events.start();
    platform.scheduler.start();
  }
  const started: Started[] = [];
  let closed = false;
  return {
    ...core, app, realtime,
    async prepare() {
      for (const { def, own, ctx } of modules) {
        const s = await def.prepare?.(own, ctx);
        if (s) started.push(s);
      }
    },
    async start() {
      const prepared = started.flatMap((s) => s.banner ?? []);
      const lines: string[] = [];
      for (const { def, own, ctx } of modules) {
        const s = await def.start?.(own, ctx);
        if (s) {
          started.push(s);
          lines.push(...(s.banner ?? []));
        }
      }
      return [...lines, ...prepared];
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const s of [...started].reverse()) await s.stop?.(); // the demo's life, the broker
      await platform.scheduler.stop(); // waits for the jobs in progress
      for (const { def, own, ctx } of [...modules].reverse()) await def.stop?.(own, ctx);
      // live streams first: an open one keeps its connection, and the HTTP server's close waits for every
      // connection — a console tab left open made a stop (SIGTERM, a restart) hang until killed
      await realtime.stop();
      await app.close();
      await platform.events.stop();
      await platform.database.close();
    },
  };
}
