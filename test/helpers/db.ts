/**
 * Databases for tests. Every test file gets its own: PGlite from a copy of a migrated template
 * data directory (initdb once per migration set, not once per file), and — when TEST_DATABASE_URL
 * is set — a throwaway PostgreSQL database created for the file and dropped after it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../src/platform/db/index.ts';
import { PROJECT_ROOT } from '../../src/platform/paths.ts';

export type DbKind = 'pglite' | 'postgres';

/** The kinds the suite runs on: always PGlite; PostgreSQL too when TEST_DATABASE_URL is set. */
export function dbKinds(): DbKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

function migrationsHash(): string {
  const h = crypto.createHash('sha256');
  const walk = (d: string) => {
    for (const f of fs.readdirSync(d).sort()) {
      const p = path.join(d, f);
      if (fs.statSync(p).isDirectory()) walk(p);
      else h.update(f).update(fs.readFileSync(p));
    }
  };
  walk(MIGRATIONS_DIR);
  return h.digest('hex').slice(0, 16);
}

/**
 * The migrated template data dir. scripts/run-tests.mjs builds it before the runner starts; when a
 * test file runs on its own, the first process to need it builds it and the others wait.
 */
export async function pgliteTemplate(): Promise<string> {
  const dir = path.join(PROJECT_ROOT, '.tmp', `pglite-template-${migrationsHash()}`);
  const ready = path.join(dir, '.ready');
  const lockDir = `${dir}.building`;
  const deadline = Date.now() + 10 * 60_000;
  while (!fs.existsSync(ready)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the PGlite test template (${lockDir})`);
    try {
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      fs.mkdirSync(lockDir, { recursive: false }); // atomic: one test process builds, the rest wait
    } catch {
      // a builder that died leaves its lock behind: take over after 5 minutes
      try {
        if (Date.now() - fs.statSync(lockDir).mtimeMs > 5 * 60_000) fs.rmSync(lockDir, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      const db = await openDatabase({ databaseUrl: null, pgliteDir: dir, holder: 'test template' });
      await db.migrate();
      await db.close();
      fs.writeFileSync(ready, new Date().toISOString());
    } finally {
      fs.rmSync(lockDir, { recursive: true, force: true });
    }
  }
  return dir;
}

if (process.argv.includes('--prepare-template')) {
  console.log(`PGlite test template: ${await pgliteTemplate()}`);
}

export interface TestDatabase {
  database: Database;
  kind: DbKind;
  /** The PGlite data directory (to reopen it after a simulated restart); null for PostgreSQL. */
  dir: string | null;
  url: string | null;
  drop(): Promise<void>;
}

export async function openTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const template = await pgliteTemplate();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-test-pglite-'));
    fs.cpSync(template, dir, { recursive: true });
    fs.rmSync(path.join(dir, '.vb-lock'), { force: true });
    const database = await openDatabase({ databaseUrl: null, pgliteDir: dir, holder: 'test' });
    await database.migrate();
    return {
      database, kind, dir, url: null,
      async drop() {
        await database.close().catch(() => {});
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `vbt_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await openDatabase({ databaseUrl: url, pgliteDir: null });
  await database.migrate();
  return {
    database, kind, dir: null, url,
    async drop() {
      await database.close().catch(() => {});
      const c2 = new pg.Client({ connectionString: admin });
      await c2.connect();
      await c2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c2.end();
    },
  };
}
