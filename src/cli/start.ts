/** `vb start`: open the database while the server's modules load, then serve. */
import path from 'node:path';
import { openDatabase } from '../platform/db/index.ts';
import type { CliCommand } from '../platform/module.ts';

export const startCommand: CliCommand = {
  summary: 'Migrate, seed the demo on an empty database, and serve the API and web app',
  usage: 'vb start',
  options: {},
  async run({ config }) {
    // the embedded database compiles its WASM while Fastify, Drizzle, sharp… load
    const database = openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite'), holder: 'vb start (server)', tuning: config });
    database.catch(() => {}); // awaited below; avoid an unhandled rejection while modules load
    const { startServer } = await import('../server.ts');
    await startServer(config, await database);
  },
};
