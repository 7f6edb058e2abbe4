/**
 * The cameras' clock, a platform job every few seconds (`CAMERA_TICK_MS`; 0 switches it off): episodes
 * silent past their category's silence close, street vendors' grace periods end (a case or "left"),
 * claims whose lease ran out are retried, and cameras silent for five minutes go offline. Each step is
 * its own statement; a failure is logged and recorded by the scheduler, and the next tick tries again.
 */
import type { Platform } from '../platform/context.ts';
import type { CameraActions } from './actions.ts';
import type { CamerasService } from './cameras.service.ts';
import type { CameraIntake } from './intake.ts';

export const CAMERA_CLOCK_JOB = 'cameras.clock';

/** One tick of the clock (the job; tests call the steps or `scheduler.runNow(CAMERA_CLOCK_JOB)`). */
export async function cameraClockTick(intake: CameraIntake, actions: CameraActions, cameras: CamerasService, now = Date.now()) {
  const closed = await intake.closeSilent(now);
  const acted = await actions.sweep();
  const offline = await cameras.checkHealth();
  return { closed, ...acted, offline };
}

export function cameraClockJob(p: Platform, intake: CameraIntake, actions: CameraActions, cameras: CamerasService): void {
  p.scheduler.every(CAMERA_CLOCK_JOB, { intervalMs: p.config.cameraTickMs }, async () => {
    const r = await cameraClockTick(intake, actions, cameras);
    if (r.cases + r.left + r.offline > 0) p.log.info(r, 'camera clock');
    return r;
  });
}
