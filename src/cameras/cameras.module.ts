/** The cameras module: AI camera detections, episodes, the speaker, cases and the camera console. */
import { CONFIG_CHANGED } from '../cases/index.ts';
import { AppError } from '../platform/errors.ts';
import { defineModule } from '../platform/module.ts';
import { CAMERAS_ERRORS } from './cameras.errors.ts';
import { CAMERAS_PERMISSIONS } from './cameras.permissions.ts';
import { CameraActions } from './actions.ts';
import { CamerasService } from './cameras.service.ts';
import { camerasRoutes } from './cameras.routes.ts';
import { cameraClockJob } from './clock.ts';
import { CameraIntake } from './intake.ts';
import { cameraMediaReaders } from './media-owners.ts';
import { CameraPolicies } from './policies.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    cameras: CamerasService;
    cameraIntake: CameraIntake;
    cameraActions: CameraActions;
    cameraPolicies: CameraPolicies;
  }
}

export const camerasModule = defineModule({
  name: 'cameras',
  permissions: CAMERAS_PERMISSIONS,
  errors: CAMERAS_ERRORS,
  needs: ['regions', 'people', 'cases', 'devices'],
  async build({ platform, use, contribute }) {
    const cameraPolicies = new CameraPolicies(platform);
    const cameras = new CamerasService(platform, use('deviceTokens'), use('regions'));
    const cameraIntake = new CameraIntake(platform, use('deviceTokens'), use('cases'), cameraPolicies.of);
    const cameraActions = new CameraActions(platform, use('sourceCases'), use('users'), cameraPolicies.of);
    cameraIntake.onTriggered = (events) => cameraActions.onTriggered(events);
    platform.media.registerOwner('cameras', cameraMediaReaders(platform.database));
    // the cameras' edge boxes publish on the devices' broker
    contribute('device.channels', cameraIntake.mqttChannel());
    await cameraPolicies.load();
    await cameraIntake.loadCodes();
    return { cameras, cameraIntake, cameraActions, cameraPolicies };
  },
  on: {
    // a bin case closes itself once the cleaner's photo is in and the camera no longer sees the overflow
    'case.feedback_given': async (e, { cameraActions }) => {
      if (e.payload.source === 'camera') await cameraActions.onFeedback(e.payload.caseId);
    },
  },
  everywhere: {
    // vendor codes are the case module's table: reload when an administrator changes them
    [CONFIG_CHANGED]: (_e, { cameraIntake }) => cameraIntake.loadCodes(),
  },
  jobs: ({ cameras, cameraIntake, cameraActions }, { platform }) => cameraClockJob(platform, cameraIntake, cameraActions, cameras),
  routes: (app, { cameras, cameraIntake, cameraPolicies }) => app.register(camerasRoutes, { cameras, intake: cameraIntake, policies: cameraPolicies }),
  stop: ({ cameraIntake }) => cameraIntake.idle(),
  commands: {
    camera: {
      summary: 'AI cameras: `camera add --name NAME --lat LAT --lon LON` prints a new token; `camera list`',
      usage:
        'vb camera add --name NAME --lat LAT --lon LON [--vendor hikvision|dahua|generic] [--view TEXT] [--speaker URL]\n' +
        'vb camera list',
      options: { name: { type: 'string' }, lat: { type: 'string' }, lon: { type: 'string' }, vendor: { type: 'string' }, view: { type: 'string' }, speaker: { type: 'string' } },
      async run({ values: v, positionals, withCore }) {
        if (positionals[0] === 'add') {
          const lat = Number(v.lat);
          const lon = Number(v.lon);
          if (!v.name || v.lat === undefined || v.lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) throw new AppError('USAGE', 2, 'Usage: vb camera add --name NAME --lat LAT --lon LON');
          await withCore(async ({ services }) => {
            const c = await services.cameras.add(null, { name: v.name as string, lat, lon, vendor: v.vendor as string | undefined, view: v.view as string | undefined, speakerUrl: v.speaker as string | undefined });
            console.log(`Camera "${c.name}" (${c.id}) added in ${c.regionCode}. Its token (shown once):\n${c.token}`);
            console.log('HTTP: POST /api/v1/cameras/<token>/events (ISAPI XML/JSON, multipart with Picture, or generic JSON)   MQTT: topic v1/cameras/me/events, user name = token');
          });
          return;
        }
        if (positionals[0] !== 'list') throw new AppError('USAGE', 2, 'Usage: vb camera add … | vb camera list');
        await withCore(async ({ services }) => {
          const rows = await services.cameras.list(null);
          for (const c of rows) console.log(`${c.name.padEnd(16, '　')} ${c.vendor.padEnd(9)} ${c.regionCode} ${c.state}${c.lastEventAt ? `  last event ${c.lastEventAt}` : ''}`);
          console.log(`${rows.length} cameras.`);
        });
      },
    },
  },
});
