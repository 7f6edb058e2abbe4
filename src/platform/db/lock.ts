/**
 * PGlite is single-process: two processes opening one data directory would corrupt it. A lock file
 * with the holder's pid turns that into a clear message ("the server (pid 123) holds …").
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';

export interface DataDirLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dir: string, holder: string): DataDirLock {
  const file = path.join(dir, '.vb-lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const cur = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
          if (cur.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let cur: { pid?: number; holder?: string; since?: string } = {};
      try {
        cur = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        /* unreadable: treat as stale */
      }
      if (cur.pid && cur.pid !== process.pid && alive(cur.pid)) {
        throw new AppError(
          'DATA_DIR_LOCKED',
          409,
          `The embedded database in ${dir} is in use by "${cur.holder ?? 'another process'}" (pid ${cur.pid}, since ${cur.since}). ` +
            `PGlite serves one process at a time: stop that process first, or set DATABASE_URL to use PostgreSQL.`,
        );
      }
      fs.rmSync(file, { force: true }); // stale lock from a crashed process
    }
  }
  throw new AppError('DATA_DIR_LOCKED', 409, `Could not lock ${dir}`);
}
