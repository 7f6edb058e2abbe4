/**
 * buildApp(config): opens the database, migrates, wires platform and modules, registers routes in a
 * fixed order. No listen() here (src/server.ts does that), so tests use app.inject().
 */
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { caseMediaReaders, CasesService, casesAdminRoutes, casesRoutes, caseSweepJob, CONFIG_CHANGED, SourceCases } from './cases/index.ts';
import { notifyClockJob, NotifyService, notifyRoutes } from './notify/index.ts';
import { PublicLimits } from './platform/rate-limit.ts';
import { Open311Service, open311FrameworkError, open311KeyRoutes, open311Routes } from './open311/index.ts';
import { cameraClockJob, cameraMediaReaders, CameraActions, CameraIntake, CameraPolicies, CamerasService, camerasRoutes } from './cameras/index.ts';
import { inspectionMediaReaders, InspectionsService, inspectionsRoutes } from './inspections/index.ts';
import { alarmSweepJob, AlarmsService, readingPartitionsJob, RuleSets, SensorsService, sensorsRoutes, TelemetryIngest } from './sensors/index.ts';
import { AuthService, createSmsSender, peopleRoutes, UsersService } from './people/index.ts';
import { featuresRoutes } from './people/features.routes.ts';
import { clientConfigRoutes } from './platform/client-config.routes.ts';
import { trustProxyOption, type Config } from './platform/config.ts';
import { makeTx, type Platform } from './platform/context.ts';
import { openDatabase, type Database } from './platform/db/index.ts';
import { frameworkErrors, registerErrorHandler } from './platform/errors.ts';
import type {} from './events.ts'; // fills the platform's EventMap (declaration merging)
import { EventBus, type EventMap } from './platform/events.ts';
import { registerAccessControl, SESSION_COOKIE } from './platform/http.ts';
import { createLogger } from './platform/logger.ts';
import { platformRoutes } from './platform/platform.routes.ts';
import { RealtimeHub } from './platform/realtime.ts';
import { Scheduler } from './platform/scheduler.ts';
import { MediaStore } from './platform/storage.ts';
import { VERSION } from './platform/paths.ts';
import { registerValidators } from './platform/validation.ts';
import { registerWeb } from './platform/web.ts';
import { RegionsService, regionsRoutes } from './regions/index.ts';

export { VERSION };

export interface Services {
  regions: RegionsService;
  users: UsersService;
  auth: AuthService;
  cases: CasesService;
  notify: NotifyService;
  open311: Open311Service;
  sensors: SensorsService;
  ingest: TelemetryIngest;
  alarms: AlarmsService;
  /** Cases opened by alarms, cameras and inspections (one idempotent transaction each). */
  sourceCases: SourceCases;
  inspections: InspectionsService;
  cameras: CamerasService;
  cameraIntake: CameraIntake;
  cameraActions: CameraActions;
  cameraPolicies: CameraPolicies;
}

export interface VillageBrain {
  app: FastifyInstance;
  platform: Platform;
  services: Services;
  realtime: RealtimeHub;
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
}

/** Platform + services without HTTP: what the CLI uses. */
export async function buildCore(config: Config, opts: BuildOptions = {}): Promise<{ platform: Platform; services: Services }> {
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
  const regions = new RegionsService(platform);
  const users = new UsersService(platform, { exists: (code) => regions.exists(code), names: (codes) => regions.names(codes) });
  const sms = createSmsSender(config.smsProvider, config.smsHttpUrl, log);
  const auth = new AuthService(platform, users, sms);
  const cases = new CasesService(platform, regions, users);
  const notify = new NotifyService(platform, users, sms);
  const open311 = new Open311Service(platform, cases, regions, users);
  const sensors = new SensorsService(platform, users);
  const ingest = new TelemetryIngest(platform, users);
  const ruleSets = new RuleSets(platform);
  // alarms, cameras and inspections open their cases through one transactional, idempotent path
  const sourceCases = new SourceCases(platform, cases, regions);
  const alarms = new AlarmsService(platform, sourceCases, users, ruleSets);
  const inspections = new InspectionsService(platform, sensors, sourceCases);
  const cameraPolicies = new CameraPolicies(platform);
  const cameras = new CamerasService(platform, users, regions);
  const cameraIntake = new CameraIntake(platform, users, cases, cameraPolicies.of);
  const cameraActions = new CameraActions(platform, sourceCases, users, cameraPolicies.of);
  cameraIntake.onTriggered = (events) => cameraActions.onTriggered(events);
  // vendor codes are the case module's table: reload when an administrator changes them
  platform.events.subscribeEverywhere(CONFIG_CHANGED, () => cameraIntake.loadCodes());
  // a bin case closes itself once the cleaner's photo is in and the camera no longer sees the overflow
  platform.events.subscribe('case.feedback_given', (e) => {
    const c = e.payload;
    return c.source === 'camera' ? cameraActions.onFeedback(c.caseId).then(() => undefined) : undefined;
  });
  // who may read a stored photo: each module that keeps media ids answers for its own
  platform.media.registerOwner('cases', caseMediaReaders(database));
  platform.media.registerOwner('cameras', cameraMediaReaders(database));
  platform.media.registerOwner('inspections', inspectionMediaReaders(database));
  ingest.onStored = (device, readings) => alarms.onReadings(device, readings);
  notify.subscribe();
  // the clock work, as jobs of the one scheduler (started by buildApp; `runNow` runs one at once)
  caseSweepJob(platform);
  alarmSweepJob(platform);
  readingPartitionsJob(platform);
  notifyClockJob(platform, notify); // deadline warnings (75 % and expiry), messages held back by quiet hours or a failure
  cameraClockJob(platform, cameraIntake, cameraActions, cameras);
  await regions.rebuildIndex();
  await cases.loadCalendar();
  await cases.loadCategories();
  await ruleSets.load();
  await cameraPolicies.load();
  await cameraIntake.loadCodes();
  return { platform, services: { regions, users, auth, cases, sourceCases, notify, open311, sensors, ingest, alarms, inspections, cameras, cameraIntake, cameraActions, cameraPolicies } };
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<VillageBrain> {
  const { platform, services } = await buildCore(config, opts);
  const app = Fastify({
    loggerInstance: platform.log as unknown as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    trustProxy: trustProxyOption(config.trustProxy), // off unless TRUST_PROXY names the proxies: X-Forwarded-For is the client's to write
    // Open311 clients read the standard's error list, everyone else the one error model
    frameworkErrors: (err, req, reply) => (req.url.startsWith('/open311/') ? open311FrameworkError : frameworkErrors)(err, req, reply),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;

  registerErrorHandler(app);
  registerValidators(app);
  registerAccessControl(app); // before any route: every /api/ route must declare who may call it
  await app.register(cookie);
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

  // who is calling: session cookie or bearer token
  app.decorateRequest('actor', null);
  app.decorateRequest('authToken', undefined);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : req.cookies[SESSION_COOKIE];
    req.authToken = token;
    req.actor = token ? await services.auth.resolve(token) : null;
  });

  const realtime = new RealtimeHub(platform.events, platform.database, platform.log.child({ mod: 'realtime' }), config);
  await realtime.start();

  await app.register(platformRoutes, { platform, realtime, version: VERSION });
  await app.register(peopleRoutes, { auth: services.auth, users: services.users, cookieSecure: config.cookieSecure });
  await app.register(featuresRoutes, { platform });
  await app.register(clientConfigRoutes, { platform });
  await app.register(regionsRoutes, { regions: services.regions, importBodyLimit: 200 * 1_048_576 });
  await app.register(casesRoutes, { cases: services.cases, limits: platform.limits, realtime, regions: services.regions });
  await app.register(casesAdminRoutes, { cases: services.cases });
  await app.register(notifyRoutes, { notify: services.notify });
  await app.register(open311Routes, { open311: services.open311 });
  await app.register(open311KeyRoutes, { open311: services.open311 });
  await app.register(sensorsRoutes, { sensors: services.sensors, ingest: services.ingest, alarms: services.alarms });
  await app.register(inspectionsRoutes, { inspections: services.inspections });
  await app.register(camerasRoutes, { cameras: services.cameras, intake: services.cameraIntake, policies: services.cameraPolicies });
  if (config.serveWeb) await registerWeb(app);

  if (opts.startEvents !== false) {
    platform.events.start();
    platform.scheduler.start();
  }
  let closed = false;
  return {
    app, platform, services, realtime,
    async close() {
      if (closed) return;
      closed = true;
      await platform.scheduler.stop(); // waits for the jobs in progress
      await services.cameraIntake.idle();
      await app.close();
      await realtime.stop();
      await platform.events.stop();
      await platform.database.close();
    },
  };
}
