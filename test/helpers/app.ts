/** A full app on a test database, with a temporary data dir for media. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type VillageBrain } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import type { AnyModule } from '../../src/platform/module.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { openTestDatabase, type DbKind, type TestDatabase } from './db.ts';

export interface TestApp extends VillageBrain {
  testDb: TestDatabase;
  config: Config;
  /** Close the app and drop its database and data dir. */
  destroy(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-test-data-'));
  return loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SERVE_WEB: 'false', OTP_COOLDOWN_SECONDS: '0', OUTBOX_POLL_MS: '50', SWEEP_INTERVAL_MS: '0', CAMERA_TICK_MS: '0', NOTIFY_QUIET_HOURS: 'off', DEMO_HISTORY: 'false', DEMO_LIFE: 'false', ...overrides });
}

/** `modules`: the application's list and more (a test's own module), else src/modules.ts. */
export async function createTestApp(kind: DbKind, env: Record<string, string> = {}, testDb?: TestDatabase, modules?: readonly AnyModule[]): Promise<TestApp> {
  const config = testConfig(env);
  const db = testDb ?? (await openTestDatabase(kind));
  const vb = await buildApp(config, { database: db.database, modules, logger: createLogger((process.env.TEST_LOG_LEVEL ?? 'silent') as 'silent', { pretty: false }) });
  return Object.assign(vb, {
    testDb: db,
    config,
    async destroy() {
      await vb.close();
      await db.drop();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  });
}
