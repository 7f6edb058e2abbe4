/** AI cameras: detection intake, episode dedup, actions (speaker, cases, notifications), console. */
export { CamerasService, OFFLINE_AFTER_SECONDS, type NewCamera } from './cameras.service.ts';
export { CameraIntake } from './intake.ts';
export { CameraActions } from './actions.ts';
export { CameraPolicies } from './policies.ts';
export { camerasRoutes } from './cameras.routes.ts';
export { CAMERA_CLOCK_JOB, cameraClockJob, cameraClockTick } from './clock.ts';
export { cameraMediaReaders } from './media-owners.ts';
