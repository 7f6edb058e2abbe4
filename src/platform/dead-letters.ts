/**
 * Device messages that could not be taken go here with their reason (sensor telemetry, camera events):
 * one table and one writer for every device intake, so none of them crashes on bad input and staff find
 * the reasons in one place.
 */
import type { Platform } from './context.ts';
import { storableText } from './validation.ts';

export async function deadLetter(p: Platform, channel: string, deviceId: string | null, reason: string, payload: string): Promise<void> {
  await p.database.raw('INSERT INTO ingest_dead_letters (channel, device_id, reason, payload) VALUES ($1, $2, $3, $4)',
    [channel, deviceId, storableText(reason.slice(0, 2000)), storableText(payload.slice(0, 10_000))], { prepare: true });
}
