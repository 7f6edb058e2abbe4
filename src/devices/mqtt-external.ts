/**
 * The subscriber to an external broker (MQTT_URL: Mosquitto, EMQX…). Devices put their token in the
 * topic (`v1/devices/<token>/telemetry`); up to `inFlight` messages are taken at once, each PUBACK sent
 * only once its readings are stored (mqtt-inbound.ts).
 *
 * Several ingest processes: device affinity, not a shared subscription (issue 13 #4). The rules keep a
 * device's state (streaks, hysteresis, the rise-rate window) in the process that judges it; a shared
 * subscription hands a device's readings to whichever member is next, so each process would judge
 * fragments. Instead the devices are split into INGEST_PARTITIONS partitions by a hash of their token;
 * each process subscribes to the whole stream and takes only its partition's devices, acknowledging
 * the rest at once. A partition is a lease (a PostgreSQL advisory lock): a second process configured
 * for the same partition stands by and takes over when the holder dies, with the same MQTT client id —
 * the session, and the messages the broker queued in it, belong to the partition, not to a host.
 */
import type { Logger } from 'pino';
import type { MqttClient } from 'mqtt';
import type { AdvisoryLease } from '../platform/db/lease.ts';
import { BrokerWatch, DROPPED_TOPIC, type IngestHealth } from './broker-watch.ts';
import { concurrentInbound, newInboundStats, type InOrder } from './mqtt-inbound.ts';
import type { DeviceChannel, MqttHandle, MqttLimits } from './mqtt.ts';

/** The advisory-lock key of an ingest partition (first key: "ingest", second: the partition). */
export const INGEST_LEASE_KEY = (partition: number): [number, number] => [0x76620001, partition];

export interface Partition {
  index: number;
  count: number;
}

/** Which partition a device token belongs to (FNV-1a: stable across processes, versions and restarts). */
export function partitionOf(token: string, count: number): number {
  if (count <= 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % count;
}

export interface ExternalOptions {
  /** The MQTT client id: the persistent session (INGEST_ID). */
  clientId?: string;
  clean?: boolean;
  /** This process's share of the devices (INGEST_PARTITION of INGEST_PARTITIONS); default all. */
  partition?: Partition;
  /** When given, the subscriber runs only while this process holds the lease (hot standby otherwise). */
  lease?: AdvisoryLease;
}

const tokenIn = (topic: string) => topic.split('/')[2] ?? '';

export async function subscribeExternal(
  channels: readonly DeviceChannel[], log: Logger, url: string, opts: ExternalOptions = {}, limits: MqttLimits = {},
): Promise<MqttHandle> {
  const mqtt = await import('mqtt');
  const topics = channels.map((c) => `${c.prefix}/+/${c.suffix}`);
  const clean = opts.clean ?? false;
  const max = limits.maxPacketBytes;
  const window = limits.inFlight ?? 500;
  const part = opts.partition ?? { index: 0, count: 1 };
  const clientId = opts.clientId ?? `villagebrain-ingest-${part.index}of${part.count}`;
  const mine = (topic: string) => part.count <= 1 || topic.startsWith('$SYS/') || partitionOf(tokenIn(topic), part.count) === part.index;
  const stats = newInboundStats();
  const watch = new BrokerWatch(log, stats, window);
  const where = url.replace(/\/\/[^@]*@/, '//***@');

  const take = async (packet: { topic: string; payload: Buffer | string; retain: boolean }, inOrder: InOrder) => {
    const payload = packet.payload as Buffer;
    if (packet.topic.startsWith('$SYS/')) return watch.onSys(packet.topic, payload, packet.retain);
    const token = tokenIn(packet.topic);
    if (max && payload.length > max) {
      // a broker that ignores our Maximum Packet Size: dropped (acknowledged), said in the log
      log.warn({ topic: packet.topic.replace(token, '***'), bytes: payload.length, max }, 'MQTT message larger than MQTT_MAX_PACKET_BYTES dropped');
      return;
    }
    const channel = channels.find((c) => packet.topic.startsWith(`${c.prefix}/`) && packet.topic.endsWith(`/${c.suffix}`));
    try {
      // the channel keeps the device's order with inOrder (telemetry: stored at once, judged in order)
      if (channel) await channel.take(token, payload, inOrder);
      else log.warn({ topic: packet.topic.replace(token, '***') }, 'MQTT message on a topic no device channel takes dropped');
    } catch (err) {
      if ((err as { status?: number }).status !== 401) throw err;
      // acked: a wrong token will not become right by redelivery
      log.warn({ topic: packet.topic.replace(token, '***') }, 'telemetry with an unknown device token dropped');
    }
  };

  let client: MqttClient | null = null;
  /** Connect and subscribe; resolves once subscribed (or after 10 s: the client keeps trying). */
  const connect = () => {
    if (client) return Promise.resolve();
    const c = mqtt.connect(url, {
      clientId, clean, reconnectPeriod: 1000, connectTimeout: 10_000,
      // MQTT 5: the broker learns our Maximum Packet Size; a persistent session must say how long it lives
      protocolVersion: 5,
      // Receive Maximum: how many unacknowledged messages the broker may have out to us (our window)
      properties: { receiveMaximum: window, ...(max ? { maximumPacketSize: max } : {}), ...(clean ? {} : { sessionExpiryInterval: 86_400 }) },
    });
    client = c;
    concurrentInbound(c, log, window, take, tokenIn, mine, stats);
    c.on('connect', () => {
      c.subscribe(topics, { qos: 1 }, (err) => {
        if (err) log.error({ err }, `cannot subscribe to ${topics.join(', ')}`);
        else log.info({ url: where, partition: `${part.index}/${part.count}`, clientId }, 'subscribed to the external MQTT broker');
      });
      // the broker's own drop counter (Mosquitto; other brokers simply never send it)
      c.subscribe(DROPPED_TOPIC, { qos: 0 }, () => {});
    });
    c.on('error', (err) => log.warn({ err: err.message }, 'MQTT client error (it reconnects)'));
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      c.once('packetreceive', function wait(p) {
        if (p.cmd === 'suback') {
          clearTimeout(timer);
          resolve();
        } else c.once('packetreceive', wait);
      });
    });
  };
  /** Stop taking messages: what is unacknowledged is redelivered to the partition's next holder. */
  const disconnect = async (force: boolean) => {
    const c = client;
    client = null;
    await c?.endAsync(force).catch(() => {});
  };

  const ticker = setInterval(() => watch.tick(), 5000);
  ticker.unref();
  const lease = opts.lease;
  if (!lease) await connect();
  else {
    let first: Promise<void> | null = null;
    lease.onHeld(() => {
      first = connect();
    });
    // lost: another process may hold the partition already, so stop at once (no DISCONNECT handshake)
    lease.onLost(() => void disconnect(true));
    lease.start();
    await lease.ready();
    if (first) await first;
    else log.info({ partition: `${part.index}/${part.count}` }, 'another process holds this ingest partition: standing by');
  }
  return {
    port: null,
    inbound: stats,
    health: (): IngestHealth => ({
      ...Object.assign({}, ...channels.map((c) => c.health?.() ?? {})), ...watch.health(), partition: `${part.index}/${part.count}`, lease: lease?.state ?? 'held',
    }),
    close: async () => {
      clearInterval(ticker);
      await lease?.close();
      await disconnect(false);
    },
  };
}
