/**
 * Many messages at once on the external subscriber (issue 13 #1). mqtt.js hands `handleMessage` one
 * PUBLISH at a time and reads the next packet only once the PUBACK of the last is sent — so the ingest's
 * group commit never grouped anything (≈ 557 msg/s) and a PINGRESP stuck behind the queue cost the
 * connection every 90 s under load.
 *
 * Here `handleMessage` starts the message's work and lets mqtt.js go on at once, while the PUBACK that
 * mqtt.js then sends is held back until that message's readings are durable (the client's private
 * `_sendPacket` is wrapped for that: mqtt.js has no manual-ack API). So:
 * - up to `window` messages are in flight (the parser waits when the window is full), their readings
 *   sharing the ingest's multi-row statements;
 * - each PUBACK goes out only after its own commit (acknowledged ⊆ stored);
 * - a device's messages are written concurrently, but the part of each that must see them in order
 *   (the rules; a camera's whole message) runs only once the device's previous message's ordered part is
 *   done (`inOrder`, a chain per device): a backlog of one device is not drained one round trip at a time;
 * - telemetry is acknowledged once stored; its rules run after, in that chain, behind a bounded backlog
 *   (ingest.ts): an alarm decision — a transaction with a case perhaps — no longer holds the PUBACKs;
 * - a message that could not be stored (the database away) is never acknowledged: the connection is
 *   dropped so the broker delivers it again on the persistent session; PUBACKs of a connection that is
 *   gone are not sent (the broker redelivers those too, and `ts` dedups them).
 */
import type { MqttClient } from 'mqtt';
import type { IPublishPacket, Packet } from 'mqtt-packet';
import type { Logger } from 'pino';

type SendPacket = (packet: Packet, cb?: (err?: Error) => void, ...rest: unknown[]) => void;

export interface InboundStats {
  inFlight: number;
  /** The most messages in flight at once so far. */
  peak: number;
  taken: number;
  failed: number;
  /** Messages of devices in another process's partition: acknowledged at once, not taken here. */
  skipped: number;
}

export const newInboundStats = (): InboundStats => ({ inFlight: 0, peak: 0, taken: 0, failed: 0, skipped: 0 });

/**
 * Take messages concurrently; `take` resolves once stored (or once refused for good, to be acked).
 * Messages `mine` says no to (another partition's devices) are acknowledged at once and counted as skipped.
 * `stats` may be shared by the clients of one consumer over its reconnections.
 */
/**
 * Runs `fn` once the same device's previous message's ordered part is done (its rules see readings in
 * arrival order). The message's turn ends when `fn` settles — not when the message is acknowledged — so
 * the rules may run behind the acknowledgements and still in order.
 */
export type InOrder = <T>(fn: () => Promise<T>) => Promise<T>;

export function concurrentInbound(
  client: MqttClient, log: Logger, window: number, take: (packet: IPublishPacket, inOrder: InOrder) => Promise<void>, deviceOf: (topic: string) => string,
  mine: (topic: string) => boolean = () => true, stats: InboundStats = newInboundStats(),
): InboundStats {
  const pending = new Map<number, { done: Promise<boolean>; connection: number }>();
  const chains = new Map<string, Promise<unknown>>();
  const held: (() => void)[] = [];
  let connection = 0;
  client.on('connect', () => void connection++);
  client.on('close', () => void connection++);

  const c = client as unknown as { _sendPacket: SendPacket; stream?: { destroy(): void; cork?(): void; uncork?(): void } };
  const send = c._sendPacket.bind(client);
  // the PUBACKs of one commit (a batch of readings) leave together: one write, not one per message
  let acks: { packet: Packet; connection: number }[] = [];
  const sendAcks = () => {
    const batch = acks;
    acks = [];
    const stream = c.stream;
    stream?.cork?.();
    for (const a of batch) if (a.connection === connection) send(a.packet);
    stream?.uncork?.();
  };
  c._sendPacket = (packet, cb, ...rest) => {
    const p = packet.cmd === 'puback' && packet.messageId !== undefined ? pending.get(packet.messageId) : undefined;
    if (!p) return send(packet, cb, ...rest);
    pending.delete(packet.messageId!);
    cb?.(); // mqtt.js reads on; the PUBACK waits for the commit
    void p.done.then((ok) => {
      if (!ok || p.connection !== connection) return;
      acks.push({ packet, connection: p.connection });
      if (acks.length === 1) setImmediate(sendAcks);
    });
  };

  const release = () => {
    stats.inFlight--;
    held.shift()?.();
  };

  client.handleMessage = (packet, callback) => {
    if (!mine(packet.topic)) {
      stats.skipped++;
      return callback();
    }
    const device = deviceOf(packet.topic);
    // a device's messages are written concurrently; only their ordered part (the rules) waits its turn
    const before = chains.get(device) ?? Promise.resolve();
    let settle!: () => void;
    const turn = new Promise<void>((resolve) => (settle = resolve));
    chains.set(device, turn);
    const endTurn = () => {
      settle();
      if (chains.get(device) === turn) chains.delete(device);
    };
    // the turn ends when the ordered part ends — which may be after the PUBACK (rules behind the ack)
    let ordered = false;
    const inOrder: InOrder = (fn) => {
      ordered = true;
      const run = before.then(fn);
      void run.then(endTurn, endTurn);
      return run;
    };
    stats.inFlight++;
    stats.peak = Math.max(stats.peak, stats.inFlight);
    const done = take(packet, inOrder).then(() => {
      if (!packet.topic.startsWith('$SYS/')) stats.taken++; // the broker's own counters are not messages taken
      return true;
    }, (err: unknown) => {
      stats.failed++;
      log.error({ err }, 'mqtt message not stored; reconnecting so that the broker delivers it again');
      c.stream?.destroy();
      return false;
    });
    void done.then(() => {
      // a message with nothing to judge in order hands the turn on once taken (after the one before it)
      if (!ordered) void before.then(endTurn);
      release();
    });
    if (packet.qos > 0 && packet.messageId !== undefined) pending.set(packet.messageId, { done, connection });
    if (stats.inFlight < window) callback();
    else held.push(callback);
  };
  return stats;
}
