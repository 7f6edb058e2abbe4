/** `vb start`: build the app, seed the demo on an empty database, listen, shut down cleanly. */
import { buildApp, type VillageBrain } from './app.ts';
import { demoLoginLines, seedDemo } from './demo/seed-demo.ts';
import { DISTRICT } from './demo/demo-data.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/index.ts';

export async function startServer(config: Config, database?: Database): Promise<VillageBrain> {
  const vb = await buildApp(config, { database });
  let seededNow = false;
  if (config.seedDemo && (await vb.services.regions.count()) === 0) {
    vb.platform.log.info('empty database: seeding the demo region (柯城区)…');
    seededNow = (await seedDemo(vb.platform, vb.services)).seeded;
    await vb.services.regions.rebuildIndex();
  }
  // signals are handled from here on: a stop during the rest of the start-up still shuts down cleanly
  let mqtt: { close(): Promise<void>; port: number | null; health?: () => unknown } | null = null;
  let stopping = false;
  let life: { stop(): Promise<void> } | null = null;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    vb.platform.log.info({ signal }, 'shutting down');
    await life?.stop();
    await mqtt?.close();
    await vb.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const address = await vb.app.listen({ port: config.port, host: config.host });
  // `vb simulate` finds this server's port without being told (PORT=8080 npm start, then simulate)
  const { recordRunningServer } = await import('./demo/simulator.ts');
  recordRunningServer(config.dataDir, (vb.app.server.address() as import('node:net').AddressInfo).port);
  // device telemetry over MQTT: an external broker when MQTT_URL is set, else the embedded one
  const { startEmbeddedBroker, subscribeExternal, INGEST_LEASE_KEY } = await import('./sensors/mqtt.ts');
  const { AdvisoryLease } = await import('./platform/db/lease.ts');
  const mqttLog = vb.platform.log.child({ mod: 'mqtt' });
  const channels = [vb.services.cameraIntake.mqttChannel()]; // cameras' edge boxes share the broker
  mqtt = config.mqttUrl
    ? await subscribeExternal(vb.services.ingest, mqttLog, config.mqttUrl, {
      clientId: config.ingestId,
      partition: { index: config.ingestPartition, count: config.ingestPartitions },
      // one process per partition: a second one stands by (rule state lives in the process)
      lease: new AdvisoryLease(vb.platform.database, INGEST_LEASE_KEY(config.ingestPartition), `ingest-${config.ingestPartition}of${config.ingestPartitions}`, mqttLog),
    }, channels, { maxPacketBytes: config.mqttMaxPacketBytes, inFlight: config.mqttInFlight })
    : config.mqttPort > 0 ? await startEmbeddedBroker(vb.services.ingest, mqttLog, config.mqttPort, config.host, channels, { maxPacketBytes: config.mqttMaxPacketBytes }) : null;
  vb.platform.mqtt = config.mqttUrl ? { mode: 'external', port: null } : mqtt?.port ? { mode: 'embedded', port: mqtt.port } : { mode: 'off', port: null };
  // /healthz shows whether the external subscriber keeps up (the broker's drops, a full in-flight window)
  const health = mqtt?.health;
  if (health) Object.defineProperty(vb.platform.mqtt, 'ingest', { enumerable: true, get: health });
  // the demo keeps moving (DEMO_LIFE; never in production, where config turns it off)
  if (config.seedDemo && config.demoLife && (await vb.services.regions.exists(DISTRICT.code))) {
    const { VillageLife } = await import('./demo/village-life.ts');
    const running = new VillageLife(vb.platform, vb.services);
    running.start();
    life = running;
  }
  const shown = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  const lines = [
    '',
    `  Village Brain 乡村大脑 is running at ${shown}   (ready ${Math.round(process.uptime() * 1000)} ms after launch)`,
    `  Database: ${vb.platform.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}`,
    `  API docs: ${shown}/docs    Health: ${shown}/healthz`,
    config.mqttUrl ? `  MQTT: MQTT_URL, ingest partition ${config.ingestPartition + 1} of ${config.ingestPartitions} (devices publish to v1/devices/<token>/telemetry)`
      : mqtt?.port ? `  MQTT: embedded broker on port ${mqtt.port} (user name = device token; npm run vb -- device list)` : '  MQTT: off (telemetry over HTTP: POST /api/v1/<token>/telemetry)',
  ];
  if (life) lines.push('  Village life: readings every minute, a few reports and detections an hour (DEMO_LIFE=false turns it off)');
  if (config.seedDemo) lines.push(seededNow ? '  Demo data seeded. Log-ins:' : '  Demo log-ins:', ...demoLoginLines());
  console.log(lines.join('\n') + '\n');

  return vb;
}
