/**
 * UUIDv7 in the browser (RFC 9562; the server's twin is src/points/uuidv7.ts, which uses node:crypto):
 * 48 bits of Unix milliseconds, version 7, then random bits from crypto.getRandomValues. The server
 * takes a claim's id from the client so that a retry after a lost answer is the same claim, not two.
 */
let lastMs = 0;
let counter = 0;

export function uuidv7(now = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  if (now > lastMs) {
    lastMs = now;
    counter = ((bytes[6] << 8) | bytes[7]) & 0x7ff; // start low in the 12 bits: room to count up
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  // 48-bit milliseconds, big-endian (bit operations are 32-bit, so divide)
  for (let i = 5, ms = lastMs; i >= 0; i--, ms = Math.floor(ms / 256)) bytes[i] = ms % 256;
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
