/** What every module receives: the database, logger, config, event bus and media store. */
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { withTx, type Database, type Db } from './db/index.ts';
import type { EventBus } from './events.ts';
import type { PublicLimits } from './rate-limit.ts';
import type { Scheduler } from './scheduler.ts';
import type { MediaStore } from './storage.ts';

export interface Platform {
  config: Config;
  database: Database;
  db: Db;
  log: Logger;
  events: EventBus;
  /** The one clock: periodic jobs and delayed jobs (platform/scheduler.ts). */
  scheduler: Scheduler;
  media: MediaStore;
  /** Rate limits of the public channels (reports, photos, "me too", Open311). */
  limits: PublicLimits;
  /** How devices reach this process over MQTT (set by `vb start`; /healthz shows it, `vb simulate` uses it). */
  mqtt?: { mode: 'embedded' | 'external' | 'off'; port: number | null };
  /** One transaction; domain events it emitted are delivered right after it commits. */
  tx<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}

export function makeTx(db: Db, events: EventBus): Platform['tx'] {
  return async (fn) => {
    const result = await withTx(db, fn);
    events.kick();
    return result;
  };
}
