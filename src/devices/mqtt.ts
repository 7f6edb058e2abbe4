/**
 * The devices' MQTT broker (DOMAIN.md §3): the sensors' telemetry, into the same ingest as HTTP, and the
 * cameras' edge boxes — each a channel the device modules contribute (`device.channels`).
 *
 * - Embedded broker (Aedes, default port 1883): ThingsBoard-style — the device's access token is the
 *   user name, the topic `v1/devices/me/telemetry`. An unknown token is refused at CONNECT (return code
 *   4); a QoS 1 message is acknowledged only after its readings are durable, so a device whose message
 *   was lost in a crash sends it again (and the primary key stores it once).
 * - External broker (MQTT_URL: Mosquitto, EMQX): mqtt-external.ts subscribes to
 *   `v1/devices/+/telemetry` (devices put their token in the topic); several ingest processes split the
 *   devices into partitions (device affinity, so each device's rules run in one process). Up to 500
 *   messages are taken at once (mqtt-inbound.ts), each PUBACK sent only once its readings are stored.
 *   The client reconnects by itself after a broker restart; its session is persistent (clean: false).
 * - A message that cannot be taken (malformed, a NUL byte, no usable value) is dead-lettered and then
 *   acknowledged: redelivery would not make it good, and holding it back wedged the device (issue 11 #9).
 *   Only a failure to write (the database is away) leaves a message unacknowledged.
 * - Packets larger than MQTT_MAX_PACKET_BYTES are refused (issue 11 #11): the embedded broker closes the
 *   connection as the oversized packet's header arrives (packet-size.ts); the external subscriber
 *   connects with MQTT 5 and announces the limit as its Maximum Packet Size, so the broker does not send
 *   it larger messages (set Mosquitto's `max_packet_size` to the same value so the device itself is
 *   refused), and drops any that still come with a log line.
 */
import net from 'node:net';
import type { Logger } from 'pino';
import type { IngestHealth } from './broker-watch.ts';
import type { InboundStats, InOrder } from './mqtt-inbound.ts';
import { PacketSizeGuard } from './packet-size.ts';

/**
 * A kind of device on the broker (the sensors' telemetry, the cameras' edge boxes): its topic with the
 * token as user name (`v1/devices/me/telemetry`, `v1/cameras/me/events`), the prefix and suffix under
 * which an external broker carries the token in the topic (`v1/devices/<token>/telemetry`), whether a
 * token is one of its devices, and how to take a message. `inOrder` (the external subscriber's): runs
 * the part of the work that must keep the device's order — a channel that stores first and judges in
 * order (telemetry) passes it on, one that judges a message as a whole wraps all of it.
 */
export interface DeviceChannel {
  topic: string;
  prefix: string;
  suffix: string;
  knows(token: string): Promise<boolean>;
  take(token: string, payload: Buffer, inOrder?: InOrder): Promise<unknown>;
  /** What /healthz says of the channel's work behind the acknowledgement (the rules still to run). */
  health?(): Record<string, number>;
}

export interface MqttLimits {
  /** The largest MQTT packet taken, in bytes (MQTT_MAX_PACKET_BYTES); 0 or unset: no limit. */
  maxPacketBytes?: number;
  /** External subscriber: messages taken at once, unacknowledged (default 500). */
  inFlight?: number;
}

export interface MqttHandle {
  /** The port the embedded broker listens on (null: none). */
  port: number | null;
  /** The external subscriber's inbound counters. */
  inbound?: InboundStats;
  /** The external subscriber: keeping up? (the broker's drop counter, the in-flight window) — on /healthz. */
  health?: () => IngestHealth;
  close(): Promise<void>;
}

const tokenOf = new WeakMap<object, string>();

/** The embedded broker. A taken port is reported in one line and the rest of the platform goes on. */
export async function startEmbeddedBroker(channels: readonly DeviceChannel[], log: Logger, port: number, host = '0.0.0.0', limits: MqttLimits = {}): Promise<MqttHandle> {
  const { Aedes } = await import('aedes');
  const broker = await Aedes.createBroker({ heartbeatInterval: 3_600_000 });
  // in the channels' order: the sensors' telemetry (most devices) is asked first
  const known = async (token: string) => {
    for (const c of channels) if (await c.knows(token)) return true;
    return false;
  };
  broker.authenticate = (client, username, _password, done) => {
    known(username ?? '').then((ok) => {
      if (!ok) return done(Object.assign(new Error('Unknown or revoked device token'), { returnCode: 4 as const }), false);
      tokenOf.set(client, username!);
      done(null, true);
    }, (err: Error) => done(Object.assign(err, { returnCode: 3 as const }), false));
  };
  broker.authorizePublish = (client, packet, callback) => {
    if (!client) return callback(null); // the broker's own ($SYS)
    const channel = channels.find((c) => c.topic === packet.topic);
    if (!channel) return callback(new Error(`devices publish to ${channels.map((c) => c.topic).join(' or ')}`));
    const taken = channel.take(tokenOf.get(client)!, packet.payload as Buffer);
    taken.then(() => callback(null), (err: Error & { status?: number }) => {
      // a sensor's token on the camera topic (or the other way round): refused, not retried
      if (err.status === 401) return callback(new Error('this device does not publish here'));
      log.error({ err }, 'mqtt telemetry not stored; the device will send it again');
      callback(err);
    });
  };
  broker.authorizeSubscribe = (_client, subscription, callback) => callback(new Error(`devices do not subscribe (${subscription.topic})`));
  const server = net.createServer((socket) => {
    const client = broker.handle(socket) as unknown as { _parser: { parse(buf: Buffer): number } };
    const max = limits.maxPacketBytes;
    if (!max) return;
    // Aedes reads the socket into its parser (`_parser.parse`), which buffers whole packets: the guard
    // sees the same bytes first and stops an oversized packet at its header
    const guard = new PacketSizeGuard(max);
    const parser = client._parser;
    const parse = parser.parse.bind(parser);
    parser.parse = (buf: Buffer) => {
      const over = guard.check(buf);
      if (over === null) return parse(buf);
      log.warn({ remote: socket.remoteAddress, token: tokenOf.has(client) ? '***' : undefined, bytes: Number.isFinite(over) ? over : 'malformed length', max },
        'MQTT packet larger than MQTT_MAX_PACKET_BYTES refused: connection closed');
      socket.destroy();
      return 0;
    };
  });
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        log.warn(`MQTT port ${port} is taken (another broker runs there): the embedded broker is off. Point MQTT_URL at that broker, or set MQTT_PORT.`);
        resolve(false);
      } else {
        log.error({ err }, 'embedded MQTT broker failed to start; the rest of the platform goes on');
        resolve(false);
      }
    });
    server.listen(port, host, () => resolve(true));
  });
  if (!listening) {
    await new Promise<void>((r) => broker.close(() => r()));
    return { port: null, close: async () => {} };
  }
  const actual = (server.address() as net.AddressInfo).port;
  log.info({ port: actual }, 'embedded MQTT broker listening (user name = device token, topic v1/devices/me/telemetry)');
  return {
    port: actual,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      broker.close();
    }),
  };
}

export { subscribeExternal, partitionOf, INGEST_LEASE_KEY, type ExternalOptions, type Partition } from './mqtt-external.ts';
