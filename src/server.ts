/** `vb start`: build the app, seed the demo on an empty database, listen, shut down cleanly. */
import { buildApp, type VillageBrain } from './app.ts';
import { demoLoginLines, seedDemo } from './demo/seed-demo.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/index.ts';

export async function startServer(config: Config, database?: Database): Promise<VillageBrain> {
  const vb = await buildApp(config, { database });
  let seededNow = false;
  if (config.seedDemo && (await vb.services.regions.count()) === 0) {
    vb.platform.log.info('empty database: seeding the demo region (柯城区)…');
    seededNow = (await seedDemo(vb.platform, vb.services)).seeded;
    await vb.services.regions.rebuildIndex();
  }
  const address = await vb.app.listen({ port: config.port, host: config.host });
  const shown = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  const lines = [
    '',
    `  Village Brain 乡村大脑 is running at ${shown}   (ready ${Math.round(process.uptime() * 1000)} ms after launch)`,
    `  Database: ${vb.platform.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}`,
    `  API docs: ${shown}/docs    Health: ${shown}/healthz`,
  ];
  if (config.seedDemo) lines.push(seededNow ? '  Demo data seeded. Log-ins:' : '  Demo log-ins:', ...demoLoginLines());
  console.log(lines.join('\n') + '\n');

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
  return vb;
}
