/** What every CLI command shares: building the platform and modules for one command, quietly. */
import type { BuiltCore } from '../app.ts';
import type { Config } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';

/** Builds the platform and every module (migrating first), runs fn, closes the database. */
export async function withCore<T>(config: Config, fn: (core: BuiltCore) => Promise<T>): Promise<T> {
  const { buildCore } = await import('../app.ts');
  const core = await buildCore(config, { logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) });
  try {
    return await fn(core);
  } finally {
    await core.platform.database.close();
  }
}
