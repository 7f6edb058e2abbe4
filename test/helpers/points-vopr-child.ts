/**
 * The process the points VOPR kills with SIGKILL (points-vopr-executor.ts): the points and claims
 * services on DATABASE_URL, applying one JSON request a line from stdin and answering one JSON line on stdout.
 * Prints READY once it can take requests.
 */
import readline from 'node:readline';
import { buildCore } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { inProcess, serve } from './points-vopr-executor.ts';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SWEEP_INTERVAL_MS: '0', CAMERA_TICK_MS: '0', DEMO_HISTORY: 'false', DEMO_LIFE: 'false' });
const { platform, services } = await buildCore(config, { logger: createLogger('silent', { pretty: false }), migrate: false });
const lines = readline.createInterface({ input: process.stdin });
const executor = inProcess(services);
process.stdout.write('READY\n');
// one request at a time, in order: the workload waits for each answer before it sends the next
for await (const line of lines) process.stdout.write(`${await serve(executor, line)}\n`);
await platform.database.close();
process.exit(0);
