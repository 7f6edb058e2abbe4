/**
 * SMS adapter. `log` (development): the text goes to the log and the sms_outbox table and nowhere
 * else. `http`: POST {phone, text} as JSON to SMS_HTTP_URL (a gateway of the operator's choice).
 * Every message sent is recorded in sms_outbox; a gateway failure is a 502 SMS_SEND_FAILED.
 * Phone numbers are masked in the log.
 */
import type { Logger } from 'pino';
import type { Db } from '../platform/db/index.ts';
import { AppError } from '../platform/errors.ts';
import { maskPhone } from '../platform/privacy.ts';
import { smsOutbox } from './people.schema.ts';

export interface SmsSender {
  /**
   * Deliver (log or gateway), then record in sms_outbox with `db`. Call it outside a transaction:
   * the gateway call must not hold one open. A failure is a 502 SMS_SEND_FAILED and records nothing.
   */
  send(db: Db, phone: string, text: string): Promise<void>;
}

export function createSmsSender(kind: 'log' | 'http', url: string | null, log: Logger): SmsSender {
  return {
    async send(db, phone, text) {
      if (kind === 'log') {
        log.info({ to: maskPhone(phone), sms: text }, 'SMS (development provider: not sent)');
        await db.insert(smsOutbox).values({ phone, text, provider: 'log', status: 'logged' });
        return;
      }
      try {
        const res = await fetch(url!, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ phone, text }),
          signal: AbortSignal.timeout(5000),
        });
        if (!res.ok) throw new Error(`gateway answered ${res.status}`);
      } catch (err) {
        log.warn({ to: maskPhone(phone), err: (err as Error).message }, 'SMS gateway failed');
        throw new AppError('SMS_SEND_FAILED', 502, 'The SMS could not be sent; try again shortly', { reason: (err as Error).message });
      }
      await db.insert(smsOutbox).values({ phone, text, provider: 'http', status: 'sent' });
    },
  };
}
