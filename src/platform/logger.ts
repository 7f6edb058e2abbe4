/** pino, structured; human-readable on a terminal, JSON lines otherwise. Phones and secrets redacted. */
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { LOG_REDACT_PATHS } from './privacy.ts';

export function createLogger(level: string, opts: { pretty?: boolean } = {}): Logger {
  const options = { level, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } };
  const usePretty = opts.pretty ?? Boolean(process.stdout.isTTY);
  return usePretty ? pino(options, pretty({ sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' })) : pino(options);
}
