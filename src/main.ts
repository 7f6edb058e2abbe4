#!/usr/bin/env node
/** The `vb` command line: `npm run vb -- <command> [options]`. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, SETTINGS_DOC, type Config } from './platform/config.ts';
import { openDatabase } from './platform/db/index.ts';
import { AppError } from './platform/errors.ts';
import { createLogger } from './platform/logger.ts';
// Heavy modules (Fastify, Drizzle, sharp…) are imported by the commands that need them, so `start`
// can begin opening the embedded database (a WASM compile) while they load.

interface Command {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
  run(config: Config, values: Record<string, unknown>, positionals: string[]): Promise<void>;
}

type Core = Awaited<ReturnType<(typeof import('./app.ts'))['buildCore']>>;

async function withCore<T>(config: Config, fn: (core: Core) => Promise<T>): Promise<T> {
  const { buildCore } = await import('./app.ts');
  const core = await buildCore(config, { logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) });
  try {
    return await fn(core);
  } finally {
    await core.platform.database.close();
  }
}

const COMMANDS: Record<string, Command> = {
  start: {
    summary: 'Migrate, seed the demo on an empty database, and serve the API and web app',
    usage: 'vb start',
    options: {},
    async run(config) {
      const database = openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite'), holder: 'vb start (server)', tuning: config });
      database.catch(() => {}); // awaited below; avoid an unhandled rejection while modules load
      const { startServer } = await import('./server.ts');
      await startServer(config, await database);
    },
  },
  migrate: {
    summary: 'Apply the committed SQL migrations (migrations/) and exit',
    usage: 'vb migrate',
    options: {},
    async run(config) {
      await withCore(config, async () => console.log('Migrations applied.'));
    },
  },
  seed: {
    summary: 'Seed data; --demo loads the demo region (柯城区) unless it is already there',
    usage: 'vb seed --demo',
    options: { demo: { type: 'boolean' } },
    async run(config, values) {
      if (!values.demo) throw new AppError('USAGE', 2, 'Say what to seed: vb seed --demo');
      const { seedDemo } = await import('./demo/seed-demo.ts');
      await withCore(config, async ({ platform, services }) => {
        const r = await seedDemo(platform, services);
        console.log(r.seeded ? `Demo seeded: ${r.regions} regions, ${r.organisations} organisations, ${r.users} users.` : 'The demo region is already there; nothing changed.');
        if (r.history) console.log(`A year of history: ${r.history.cases} cases (${r.history.lianNan} "两难" at the district), ${r.history.readings} readings in ${(r.history.ms / 1000).toFixed(1)} s.`);
      });
    },
  },
  user: {
    summary: 'Manage users: `user add`',
    usage:
      'vb user add --name NAME (--username U [--password P] | --phone PHONE) [--kind staff|resident|tourist]\n' +
      '            [--role ROLE --region CODE]…  (a generated password is printed when --password is left out)',
    options: {
      name: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' }, phone: { type: 'string' },
      kind: { type: 'string' }, role: { type: 'string', multiple: true }, region: { type: 'string', multiple: true },
    },
    async run(config, v, positionals) {
      if (positionals[0] !== 'add') throw new AppError('USAGE', 2, 'Unknown user command; try: vb user add --help');
      const roles = (v.role as string[] | undefined) ?? [];
      const regionsArg = (v.region as string[] | undefined) ?? [];
      if (roles.length !== regionsArg.length) throw new AppError('USAGE', 2, 'Give one --region for each --role');
      const kind = ((v.kind as string) ?? (v.username ? 'staff' : 'resident')) as 'staff' | 'resident' | 'tourist';
      let password = v.password as string | undefined;
      const generated = kind === 'staff' && !password;
      if (generated) password = crypto.randomBytes(9).toString('base64url');
      await withCore(config, async ({ services }) => {
        const u = await services.users.createUser(null, {
          displayName: (v.name as string) ?? (v.username as string) ?? '', username: v.username as string, phone: v.phone as string,
          password, kind, homeRegionCode: regionsArg[0] ?? null,
          memberships: roles.map((role, i) => ({ role, regionCode: regionsArg[i] })),
        });
        console.log(`User created: ${u.id} ${u.username ?? u.phone} (${u.memberships.map((m) => `${m.role}@${m.regionCode}`).join(', ') || 'no roles'})`);
        if (generated) console.log(`Generated password: ${password}`);
      });
    },
  },
  regions: {
    summary: 'Import regions and grids from a GeoJSON file: `regions import FILE`',
    usage:
      'vb regions import FILE.geojson [--crs wgs84|gcj02|bd09] [--dry-run]\n' +
      '  Features need properties.code (12/15/18 digits) and properties.name; a bad feature rejects the\n' +
      '  whole file (each one named); overlaps and gaps are reported.',
    options: { crs: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    async run(config, v, positionals) {
      if (positionals[0] !== 'import' || !positionals[1]) throw new AppError('USAGE', 2, 'Usage: vb regions import FILE.geojson');
      const crs = (v.crs as string | undefined) ?? 'wgs84';
      if (!['wgs84', 'gcj02', 'bd09'].includes(crs)) throw new AppError('USAGE', 2, '--crs must be wgs84, gcj02 or bd09');
      let input: unknown;
      try {
        input = JSON.parse(fs.readFileSync(positionals[1], 'utf8'));
      } catch (err) {
        throw new AppError('IMPORT_UNREADABLE', 2, `Cannot read ${positionals[1]} as JSON: ${(err as Error).message}`);
      }
      await withCore(config, async ({ services }) => {
        try {
          const r = await services.regions.importGeoJson(null, input, { crs: crs as 'wgs84', dryRun: !!v['dry-run'] });
          console.log(`${r.dryRun ? 'Dry run (nothing written)' : 'Imported'}: ${r.created} new, ${r.updated} updated.`);
          for (const o of r.overlaps) console.log(`  overlap: ${o.a} and ${o.b}`);
          for (const g of r.gaps) console.log(`  gap: children of ${g.parentCode} cover ${g.coveredPct} % (${g.uncoveredKm2} km² uncovered)`);
        } catch (err) {
          const errors = (err as AppError).details?.errors as { id: string; problems: string[] }[] | undefined;
          if (errors) for (const e of errors) console.error(`  ${e.id}: ${e.problems.join('; ')}`);
          throw err;
        }
      });
    },
  },
  camera: {
    summary: 'AI cameras: `camera add --name NAME --lat LAT --lon LON` prints a new token; `camera list`',
    usage:
      'vb camera add --name NAME --lat LAT --lon LON [--vendor hikvision|dahua|generic] [--view TEXT] [--speaker URL]\n' +
      'vb camera list',
    options: { name: { type: 'string' }, lat: { type: 'string' }, lon: { type: 'string' }, vendor: { type: 'string' }, view: { type: 'string' }, speaker: { type: 'string' } },
    async run(config, v, positionals) {
      if (positionals[0] === 'add') {
        const lat = Number(v.lat);
        const lon = Number(v.lon);
        if (!v.name || v.lat === undefined || v.lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) throw new AppError('USAGE', 2, 'Usage: vb camera add --name NAME --lat LAT --lon LON');
        await withCore(config, async ({ services }) => {
          const c = await services.cameras.add(null, { name: v.name as string, lat, lon, vendor: v.vendor as string | undefined, view: v.view as string | undefined, speakerUrl: v.speaker as string | undefined });
          console.log(`Camera "${c.name}" (${c.id}) added in ${c.regionCode}. Its token (shown once):\n${c.token}`);
          console.log('HTTP: POST /api/v1/cameras/<token>/events (ISAPI XML/JSON, multipart with Picture, or generic JSON)   MQTT: topic v1/cameras/me/events, user name = token');
        });
        return;
      }
      if (positionals[0] !== 'list') throw new AppError('USAGE', 2, 'Usage: vb camera add … | vb camera list');
      await withCore(config, async ({ services }) => {
        const rows = await services.cameras.list(null);
        for (const c of rows) console.log(`${c.name.padEnd(16, '　')} ${c.vendor.padEnd(9)} ${c.regionCode} ${c.state}${c.lastEventAt ? `  last event ${c.lastEventAt}` : ''}`);
        console.log(`${rows.length} cameras.`);
      });
    },
  },
  device: {
    summary: 'Sensors: `device add --asset NAME --kind KIND` prints a new access token; `device list`',
    usage:
      'vb device add --asset NAME --kind water_level|rainfall|seepage_pressure|seepage_flow|displacement|settlement [--name N]\n' +
      'vb device list      (the demo devices show their well-known tokens; others only their names)',
    options: { asset: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' } },
    async run(config, v, positionals) {
      if (positionals[0] === 'add') {
        if (!v.asset || !v.kind) throw new AppError('USAGE', 2, 'Usage: vb device add --asset NAME --kind KIND');
        await withCore(config, async ({ services }) => {
          const d = await services.sensors.addDevice(null, { assetName: v.asset as string, kind: v.kind as string, name: v.name as string | undefined });
          console.log(`Device "${d.name}" (${d.id}) added. Its access token (shown once):\n${d.token}`);
          console.log('HTTP: POST /api/v1/<token>/telemetry   MQTT: topic v1/devices/me/telemetry, user name = token');
        });
        return;
      }
      if (positionals[0] !== 'list') throw new AppError('USAGE', 2, 'Usage: vb device add … | vb device list');
      const { DEMO_RESERVOIRS, demoToken } = await import('./demo/reservoirs.ts');
      await withCore(config, async ({ services }) => {
        const rows = await services.sensors.listDevices();
        for (const d of rows) {
          // a demo device still on its well-known token shows it; others only their names
          const i = DEMO_RESERVOIRS.findIndex((r) => r.name === d.asset);
          const candidate = i >= 0 ? demoToken(i, d.kind) : null;
          const token = candidate && (await services.users.resolveDeviceToken(candidate))?.id === d.tokenId ? candidate : null;
          console.log(`${d.asset.padEnd(8, '　')} ${d.kind.padEnd(17)} ${d.unit.padEnd(4)} ${d.revoked ? '(revoked)' : token ?? '(token not shown)'}${d.lastSeenAt ? `  last seen ${d.lastSeenAt}` : ''}`);
        }
        console.log(`${rows.length} devices.`);
      });
    },
  },
  simulate: {
    summary: 'Demo devices report to a running server; --storm NAME makes one reservoir flood',
    usage: 'vb simulate [--url (default: the running server\'s port, else PORT or 3000)] [--via auto|mqtt|http] [--storm 杨家源水库] [--rounds 24] [--every 2000]   (each round is half an hour of readings; auto = MQTT when the server has a broker)\n' +
      'vb simulate --cameras [--url …] [--minutes 10] [--fast]   (the demo cameras: vendors warned by the speaker, bins, parking, smoke, an angler)',
    options: { url: { type: 'string' }, via: { type: 'string' }, storm: { type: 'string' }, rounds: { type: 'string' }, every: { type: 'string' }, cameras: { type: 'boolean' }, minutes: { type: 'string' }, fast: { type: 'boolean' } },
    async run(config, v) {
      if (v.cameras) {
        const { simulateCameras } = await import('./demo/camera-sim.ts');
        const minutes = Number(v.minutes ?? 10);
        if (!(minutes > 0 && minutes <= 24 * 60)) throw new AppError('USAGE', 2, '--minutes is a number of minutes (up to a day)');
        const { defaultServerUrl } = await import('./demo/simulator.ts');
        const url = (v.url as string | undefined) ?? defaultServerUrl(process.env, config.dataDir, config.port);
        const r = await simulateCameras({ url, minutes, fast: v.fast === true, log: (l) => console.log(l) });
        console.log(`Sent ${r.sent} camera events to ${url}; ${r.warnings} speaker warnings heard${r.failed ? `; ${r.failed} failed (is the server running?)` : ''}.`);
        if (r.warnings === 0 && r.sent > 0) {
          console.log('No warning was played: speakers stay quiet 22:00–07:00 Beijing time (事件配置 → 摄像头策略 → 0501 to change it), or the server cannot reach this simulator\'s speaker port; the vendors\' cases opened without a warning.');
        }
        if (r.sent === 0) process.exitCode = 1;
        return;
      }
      const { defaultServerUrl, pickTransport, simulate } = await import('./demo/simulator.ts');
      const rounds = Number(v.rounds ?? 24);
      const every = Number(v.every ?? 2000);
      if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(every) || every < 0) throw new AppError('USAGE', 2, '--rounds and --every are whole numbers');
      const url = (v.url as string | undefined) ?? defaultServerUrl(process.env, config.dataDir, config.port);
      const via = (v.via as string | undefined) ?? 'auto';
      if (!['auto', 'mqtt', 'http'].includes(via)) throw new AppError('USAGE', 2, '--via is auto, mqtt or http');
      try {
        const transport = await pickTransport(url, via as 'auto', config.mqttUrl ?? null);
        const to = transport.via === 'mqtt' ? `${transport.broker} (MQTT)` : `${url} (HTTP)`;
        const r = await simulate({ url, transport, storm: (v.storm as string | undefined) ?? null, rounds, intervalMs: every, log: (l) => console.log(l) });
        console.log(`Sent ${r.sent} messages to ${to}${r.failed ? `; ${r.failed} failed (is the server running?)` : ''}.`);
        if (r.sent === 0) process.exitCode = 1;
      } catch (err) {
        throw new AppError('USAGE', 2, (err as Error).message);
      }
    },
  },
  'open311-key': {
    summary: 'Open311 API keys: `open311-key add NAME` prints a new key for a client',
    usage: 'vb open311-key add NAME   (the key is printed once; only its hash is stored)',
    options: {},
    async run(config, _v, positionals) {
      if (positionals[0] !== 'add' || !positionals[1]) throw new AppError('USAGE', 2, 'Usage: vb open311-key add NAME');
      await withCore(config, async ({ services }) => {
        const k = await services.open311.addKey(null, positionals.slice(1).join(' '));
        console.log(`Open311 key for "${k.name}" (${k.id}):\n${k.key}`);
      });
    },
  },
  reset: {
    summary: 'Delete ALL data (asks first; --yes skips the question)',
    usage: 'vb reset [--yes]',
    options: { yes: { type: 'boolean' } },
    async run(config, values) {
      const what = config.databaseUrl ? 'every table in the PostgreSQL database (DATABASE_URL)' : `the data directory ${config.dataDir}`;
      if (!values.yes) {
        if (!process.stdin.isTTY) throw new AppError('USAGE', 2, `Refusing to delete ${what} without a terminal; pass --yes to confirm`);
        const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
        const answer = await rl.question(`This deletes ${what}. Type "reset" to confirm: `);
        rl.close();
        if (answer.trim() !== 'reset') {
          console.log('Nothing deleted.');
          return;
        }
      }
      if (config.databaseUrl) {
        const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: null });
        const { sql } = await import('drizzle-orm');
        await db.db.execute(sql`DROP SCHEMA IF EXISTS public CASCADE`);
        await db.db.execute(sql`CREATE SCHEMA public`);
        await db.db.execute(sql`DROP SCHEMA IF EXISTS drizzle CASCADE`);
        await db.close();
        fs.rmSync(path.join(config.dataDir, 'media'), { recursive: true, force: true });
      } else {
        // refuse while a server holds the embedded database
        const { acquireDataDirLock } = await import('./platform/db/lock.ts');
        const pgliteDir = path.join(config.dataDir, 'pglite');
        if (fs.existsSync(pgliteDir)) acquireDataDirLock(pgliteDir, 'vb reset').release();
        fs.rmSync(config.dataDir, { recursive: true, force: true });
      }
      console.log(`Deleted ${what}. The next start migrates and seeds again.`);
    },
  },
  help: {
    summary: 'Show the commands and settings',
    usage: 'vb help [COMMAND]',
    options: {},
    async run(_c, _v, positionals) {
      if (positionals[0] && COMMANDS[positionals[0]]) return printCommandHelp(positionals[0]);
      printHelp();
    },
  },
};

function printCommandHelp(name: string) {
  const c = COMMANDS[name];
  console.log(`${c.summary}\n\nUsage: npm run vb -- ${c.usage.replace(/^vb /, '')}`);
}

function printHelp() {
  console.log('Village Brain 乡村大脑 — command line\n\nUsage: npm run vb -- <command> [options]   (each command answers --help)\n');
  for (const [name, c] of Object.entries(COMMANDS)) console.log(`  ${name.padEnd(10)} ${c.summary}`);
  console.log('\nSettings (environment variables):');
  for (const [k, def, doc] of SETTINGS_DOC) console.log(`  ${k.padEnd(22)} ${def.padEnd(18)} ${doc}`);
}

export async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n`);
    printHelp();
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest, allowPositionals: true, strict: true,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      printCommandHelp(name);
      return 0;
    }
    const config = loadConfig();
    await command.run(config, values, positionals);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    else if (err instanceof AppError) console.error(`Error (${err.code}): ${err.message}${err.details?.field ? ` [field: ${err.details.field}]` : ''}`);
    else if ((err as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) console.error(`${(err as Error).message}\n\nUsage: npm run vb -- ${command.usage.replace(/^vb /, '')}`);
    else console.error(err);
    return err instanceof AppError && err.status === 2 ? 2 : 1;
  }
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  main(process.argv.slice(2)).then((code) => {
    // `start` keeps serving; every other command ends here
    if (code !== 0 || process.argv[2] !== 'start') process.exit(code);
  });
}
