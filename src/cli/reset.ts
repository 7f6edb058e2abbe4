/** `vb reset`: delete all data, after asking. */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { openDatabase } from '../platform/db/index.ts';
import { AppError } from '../platform/errors.ts';
import type { CliCommand } from '../platform/module.ts';

export const resetCommand: CliCommand = {
  summary: 'Delete ALL data (asks first; --yes skips the question)',
  usage: 'vb reset [--yes]',
  options: { yes: { type: 'boolean' } },
  async run({ config, values }) {
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
      const { acquireDataDirLock } = await import('../platform/db/lock.ts');
      const pgliteDir = path.join(config.dataDir, 'pglite');
      if (fs.existsSync(pgliteDir)) acquireDataDirLock(pgliteDir, 'vb reset').release();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    }
    console.log(`Deleted ${what}. The next start migrates and seeds again.`);
  },
};
