/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits, so ids sort by creation time and
 * a B-tree index on them grows at its right edge. Written here because the `uuid` package in
 * node_modules is v8 (no v7) and only a dependency of a dependency. Within one millisecond the ids of
 * one process still increase: the 12-bit `rand_a` field is a counter seeded at random (RFC 9562 §6.2,
 * method 1), and the timestamp is borrowed from the next millisecond when it overflows.
 */
import { randomBytes } from 'node:crypto';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The same test as a JSON-schema pattern, for request bodies. */
export const UUID_V7_PATTERN = V7.source;

let lastMs = 0;
let counter = 0;

export function uuidv7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = randomBytes(2).readUInt16BE(0) & 0x7ff; // start low in the 12 bits: room to count up
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isUuidV7(id: string): boolean {
  return V7.test(id);
}
