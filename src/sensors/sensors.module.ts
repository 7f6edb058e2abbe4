/** The sensors module: reservoirs and their gauges, telemetry ingest (HTTP and MQTT), rules and alarms. */
import { AppError } from '../platform/errors.ts';
import { defineModule } from '../platform/module.ts';
import { SENSORS_ERRORS } from './sensors.errors.ts';
import { SENSORS_PERMISSIONS } from './sensors.permissions.ts';
import { alarmSweepJob } from './alarm-sweep.ts';
import { AlarmsService } from './alarms.ts';
import { TelemetryIngest } from './ingest.ts';
import { readingPartitionsJob } from './partitions.ts';
import { RuleSets } from './rule-sets.ts';
import { SensorsService } from './sensors.service.ts';
import { sensorsRoutes } from './sensors.routes.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    sensors: SensorsService;
    ingest: TelemetryIngest;
    alarms: AlarmsService;
  }
  interface Contributions {
    /** Who can still show a device's token for `vb device list` (the demo's well-known tokens); null: nobody. */
    'device.token-hints': (device: { asset: string; kind: string; tokenId: string }) => Promise<string | null>;
  }
}

export const sensorsModule = defineModule({
  name: 'sensors',
  permissions: SENSORS_PERMISSIONS,
  errors: SENSORS_ERRORS,
  needs: ['people', 'cases', 'devices'],
  async build({ platform, use, contribute }) {
    const sensors = new SensorsService(platform, use('deviceTokens'));
    const ingest = new TelemetryIngest(platform, use('deviceTokens'));
    // the telemetry rides on the devices' broker (the first channel: most devices are gauges)
    contribute('device.channels', ingest.mqttChannel());
    const ruleSets = new RuleSets(platform);
    const alarms = new AlarmsService(platform, use('sourceCases'), use('users'), ruleSets);
    ingest.onStored = (device, readings) => alarms.onReadings(device, readings);
    await ruleSets.load();
    return { sensors, ingest, alarms };
  },
  jobs(_own, { platform }) {
    alarmSweepJob(platform);
    readingPartitionsJob(platform);
  },
  routes: (app, { sensors, ingest, alarms }) => app.register(sensorsRoutes, { sensors, ingest, alarms }),
  // the devices' broker is closed by now (started things stop before modules): let the rules of what was acknowledged finish, then save how far they got
  // (at most 10 s: with the database gone they cannot finish, and the next process judges them from the cursors)
  async stop({ ingest, alarms }, { platform }) {
    const waited = await Promise.race([ingest.rules.drained().then(() => true), new Promise<false>((r) => setTimeout(r, 10_000, false).unref())]);
    if (!waited) platform.log.warn({ pending: ingest.rules.pending }, 'stopping with alarm rules not yet run: the next start judges those readings');
    await alarms.cursors.close();
  },
  commands: {
    device: {
      summary: 'Sensors: `device add --asset NAME --kind KIND` prints a new access token; `device list`',
      usage:
        'vb device add --asset NAME --kind water_level|rainfall|seepage_pressure|seepage_flow|displacement|settlement [--name N]\n' +
        'vb device list      (the demo devices show their well-known tokens; others only their names)',
      options: { asset: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' } },
      async run({ values: v, positionals, withCore }) {
        if (positionals[0] === 'add') {
          if (!v.asset || !v.kind) throw new AppError('USAGE', 2, 'Usage: vb device add --asset NAME --kind KIND');
          await withCore(async ({ services }) => {
            const d = await services.sensors.addDevice(null, { assetName: v.asset as string, kind: v.kind as string, name: v.name as string | undefined });
            console.log(`Device "${d.name}" (${d.id}) added. Its access token (shown once):\n${d.token}`);
            console.log('HTTP: POST /api/v1/<token>/telemetry   MQTT: topic v1/devices/me/telemetry, user name = token');
          });
          return;
        }
        if (positionals[0] !== 'list') throw new AppError('USAGE', 2, 'Usage: vb device add … | vb device list');
        await withCore(async ({ services, contributions }) => {
          const rows = await services.sensors.listDevices();
          // the demo's devices keep well-known tokens: the demo says which (sensors knows no demo)
          const hints = contributions('device.token-hints');
          const shown = await Promise.all(rows.map(async (d) => {
            for (const hint of hints) {
              const token = await hint(d);
              if (token) return token;
            }
            return null;
          }));
          rows.forEach((d, i) => {
            console.log(`${d.asset.padEnd(8, '　')} ${d.kind.padEnd(17)} ${d.unit.padEnd(4)} ${d.revoked ? '(revoked)' : shown[i] ?? '(token not shown)'}${d.lastSeenAt ? `  last seen ${d.lastSeenAt}` : ''}`);
          });
          console.log(`${rows.length} devices.`);
        });
      },
    },
  },
});

