/** `vb start`: build the app, let the modules prepare (the demo's seed), listen, start them, shut down cleanly. */
import { buildApp, type VillageBrain } from './app.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/index.ts';

export async function startServer(config: Config, database?: Database): Promise<VillageBrain> {
  const vb = await buildApp(config, { database });
  await vb.prepare();
  // signals are handled from here on: a stop during the rest of the start-up still shuts down cleanly
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    vb.platform.log.info({ signal }, 'shutting down');
    await vb.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const address = await vb.app.listen({ port: config.port, host: config.host });
  // `vb simulate` finds this server's port without being told (PORT=8080 npm start, then simulate)
  const { recordRunningServer } = await import('./platform/running-server.ts');
  recordRunningServer(config.dataDir, (vb.app.server.address() as import('node:net').AddressInfo).port);
  const moduleLines = await vb.start();
  const shown = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  const lines = [
    '',
    `  Village Brain 乡村大脑 is running at ${shown}   (ready ${Math.round(process.uptime() * 1000)} ms after launch)`,
    `  Database: ${vb.platform.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}`,
    `  API docs: ${shown}/docs    Health: ${shown}/healthz`,
    ...moduleLines,
  ];
  console.log(lines.join('\n') + '\n');
  return vb;
}
