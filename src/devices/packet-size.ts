/**
 * A maximum MQTT packet size for the embedded broker (issue 11 #11: a 60 MB message was accepted).
 * Aedes' parser buffers a whole packet before it looks at it, so the guard reads the fixed header of
 * every packet as the bytes arrive (type byte, then the variable-length "remaining length") and refuses
 * a packet announced larger than the limit before its body is buffered: MQTT 3.1.1 has no reason code for
 * that, so the server closes the network connection (§4.8), and says why in the log.
 */
export class PacketSizeGuard {
  private phase: 'type' | 'length' | 'body' = 'type';
  private length = 0;
  private lengthBytes = 0;
  private multiplier = 1;
  private left = 0;

  constructor(readonly max: number) {}

  /** Follow the bytes; returns the size of a packet over the limit (or of a broken length), else null. */
  check(buf: Buffer): number | null {
    let i = 0;
    while (i < buf.length) {
      if (this.phase === 'type') {
        i++;
        this.phase = 'length';
        this.length = 0;
        this.lengthBytes = 0;
        this.multiplier = 1;
      } else if (this.phase === 'length') {
        const b = buf[i++];
        this.length += (b & 0x7f) * this.multiplier;
        this.multiplier *= 128;
        this.lengthBytes++;
        if (b & 0x80) {
          if (this.lengthBytes === 4) return Infinity; // a malformed length: no more than four bytes
          continue;
        }
        const size = 1 + this.lengthBytes + this.length;
        if (size > this.max) return size;
        this.left = this.length;
        this.phase = this.left > 0 ? 'body' : 'type';
      } else {
        const take = Math.min(this.left, buf.length - i);
        i += take;
        this.left -= take;
        if (this.left === 0) this.phase = 'type';
      }
    }
    return null;
  }
}
