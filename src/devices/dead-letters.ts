/**
 * Device messages that could not be taken go here with their reason (sensor telemetry, camera events):
 * one table and one writer for every device intake, so none of them crashes on bad input and staff find
 * the reasons in one place.
 *
 * Any bytes can be a dead letter (issue 11 #9: a NUL byte once failed this insert, so the poison message
 * was never acknowledged and wedged its device). The payload column is text: a payload that is UTF-8
 * without NUL is kept as it came; any other (NUL, broken UTF-8, binary) is kept as base64 and the reason
 * says so — nothing is lost, and nothing can make this insert fail.
 */
import type { Platform } from '../platform/context.ts';
import { storableText } from '../platform/validation.ts';

const MAX_TEXT = 10_000;
const MAX_BYTES = 7_500; // base64 of it fits in MAX_TEXT
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The stored form of a payload: [text, note for the reason]. */
export function payloadText(payload: string | Buffer): [string, string] {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  let text: string | null = null;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = null;
  }
  if (text !== null && !text.includes('\u0000') && (typeof payload !== 'string' || text === payload)) {
    return [text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text, text.length > MAX_TEXT ? ` (payload cut at ${MAX_TEXT} characters of ${text.length})` : ''];
  }
  const cut = bytes.length > MAX_BYTES;
  return [bytes.subarray(0, MAX_BYTES).toString('base64'), ` (payload in base64: not UTF-8 text or contains NUL${cut ? `; first ${MAX_BYTES} of ${bytes.length} bytes` : ''})`];
}

export async function deadLetter(p: Platform, channel: string, deviceId: string | null, reason: string, payload: string | Buffer): Promise<void> {
  const [text, note] = payloadText(payload);
  await p.database.raw('INSERT INTO ingest_dead_letters (channel, device_id, reason, payload) VALUES ($1, $2, $3, $4)',
    [channel, deviceId, storableText(reason.slice(0, 2000 - note.length)) + note, text], { prepare: true });
}
