import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import mqttPacket from 'mqtt-packet';
import { PacketSizeGuard } from './packet-size.ts';

const publish = (bytes: number) => mqttPacket.generate({ cmd: 'publish', topic: 't', payload: Buffer.alloc(bytes, 1), qos: 1, messageId: 1, dup: false, retain: false });

describe('MQTT packet size guard', () => {
  it('follows packets over any chunking and stops at the first one over the limit (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 700 }), fc.integer({ min: 64, max: 2500 }), (sizes, chunk, max) => {
      const packets = sizes.map(publish);
      const stream = Buffer.concat(packets);
      const firstOver = packets.findIndex((p) => p.length > max);
      const guard = new PacketSizeGuard(max);
      let flagged: number | null = null;
      let at = -1;
      for (let i = 0; i < stream.length && flagged === null; i += chunk) {
        flagged = guard.check(stream.subarray(i, i + chunk));
        at = i;
      }
      if (firstOver === -1) return flagged === null;
      const start = packets.slice(0, firstOver).reduce((a, p) => a + p.length, 0);
      // flagged with the packet's true size, in the chunk that holds its length bytes (before its body)
      return flagged === packets[firstOver].length && at <= start + 4;
    }), { numRuns: 500 });
  });

  it('a length of more than four bytes is malformed', () => {
    assert.equal(new PacketSizeGuard(1000).check(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])), Infinity);
  });
});
