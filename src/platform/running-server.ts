/**
 * Where a running `vb start` listens, written next to the data it serves so that a command in
 * another shell (`vb simulate`) finds it without being told the port.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Where a running `vb start` says it listens (written next to the data it serves, removed when it stops). */
export const RUNNING_SERVER_FILE = 'server.json';

export function recordRunningServer(dataDir: string, port: number): void {
  const file = path.join(dataDir, RUNNING_SERVER_FILE);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, port }));
    process.once('exit', () => {
      try {
        if ((JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number }).pid === process.pid) fs.unlinkSync(file);
      } catch {
        /* already gone */
      }
    });
  } catch {
    // a read-only data directory only costs the simulator's guess
  }
}

/**
 * The server the simulator talks to when no --url is given: PORT when this shell sets it, else the
 * port the running server (same DATA_DIR) recorded, else the default 3000.
 */
export function defaultServerUrl(env: Record<string, string | undefined>, dataDir: string, configuredPort: number): string {
  if (env.PORT) return `http://localhost:${configuredPort}`;
  try {
    const running = JSON.parse(fs.readFileSync(path.join(dataDir, RUNNING_SERVER_FILE), 'utf8')) as { pid: number; port: number };
    process.kill(running.pid, 0); // throws when that server is gone
    if (Number.isInteger(running.port) && running.port > 0) return `http://localhost:${running.port}`;
  } catch {
    /* no running server recorded */
  }
  return `http://localhost:${configuredPort}`;
}
