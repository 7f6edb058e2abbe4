/**
 * The devices module (issue 14 #7): device credentials and the MQTT broker — embedded (Aedes) or an
 * external one (MQTT_URL) — below the device modules. Sensors and cameras each contribute a channel
 * (`device.channels`: topic, token check, how to take a message); this module runs the broker for all
 * of them, so cameras no longer reach into sensors for it.
 */
import { AdvisoryLease } from '../platform/db/lease.ts';
import { defineModule, type ModuleContext, type Started } from '../platform/module.ts';
import { DeviceTokens } from './device-tokens.ts';
import { INGEST_LEASE_KEY, startEmbeddedBroker, subscribeExternal, type DeviceChannel } from './mqtt.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    deviceTokens: DeviceTokens;
  }
  interface Contributions {
    /** The kinds of device on the broker (the sensors' telemetry first, the cameras' edge boxes). */
    'device.channels': DeviceChannel;
  }
}

export const devicesModule = defineModule({
  name: 'devices',
  build: ({ platform }) => ({ deviceTokens: new DeviceTokens(platform) }),
  start: (_own, ctx) => startMqtt(ctx),
});

/** Device messages over MQTT: an external broker when MQTT_URL is set, else the embedded one (MQTT_PORT; 0 = off). */
async function startMqtt({ platform, contributions }: ModuleContext): Promise<Started> {
  const { config } = platform;
  const log = platform.log.child({ mod: 'mqtt' });
  const channels = contributions('device.channels');
  const limits = { maxPacketBytes: config.mqttMaxPacketBytes, inFlight: config.mqttInFlight };
  const mqtt = config.mqttUrl
    ? await subscribeExternal(channels, log, config.mqttUrl, {
      clientId: config.ingestId,
      partition: { index: config.ingestPartition, count: config.ingestPartitions },
      // one process per partition: a second one stands by (rule state lives in the process)
      lease: new AdvisoryLease(platform.database, INGEST_LEASE_KEY(config.ingestPartition), `ingest-${config.ingestPartition}of${config.ingestPartitions}`, log),
    }, limits)
    : config.mqttPort > 0 ? await startEmbeddedBroker(channels, log, config.mqttPort, config.host, limits) : null;
  platform.mqtt = config.mqttUrl ? { mode: 'external', port: null } : mqtt?.port ? { mode: 'embedded', port: mqtt.port } : { mode: 'off', port: null };
  // /healthz shows whether the external subscriber keeps up (the broker's drops, a full in-flight window)
  const health = mqtt?.health;
  if (health) Object.defineProperty(platform.mqtt, 'ingest', { enumerable: true, get: health });
  const banner = config.mqttUrl
    ? `  MQTT: MQTT_URL, ingest partition ${config.ingestPartition + 1} of ${config.ingestPartitions} (devices publish to v1/devices/<token>/telemetry)`
    : mqtt?.port ? `  MQTT: embedded broker on port ${mqtt.port} (user name = device token; npm run vb -- device list)` : '  MQTT: off (telemetry over HTTP: POST /api/v1/<token>/telemetry)';
  return { banner: [banner], stop: async () => mqtt?.close() };
}
