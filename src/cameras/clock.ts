/**
 * The cameras' clock, every few seconds: episodes silent past their category's silence close, street
 * vendors' grace periods end (a case or "left"), claims whose lease ran out are retried, and cameras
 * silent for five minutes go offline. Each step is its own statement; a failure is logged and the next
 * tick tries again.
 */
import type { Platform } from '../platform/context.ts';
import type { CameraActions } from './actions.ts';
import type { CamerasService } from './cameras.service.ts';
import type { CameraIntake } from './intake.ts';

export class CameraClock {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private p: Platform,
    private intake: CameraIntake,
    private actions: CameraActions,
    private cameras: CamerasService,
  ) {}

  async tick(now = Date.now()) {
    const closed = await this.intake.closeSilent(now);
    const acted = await this.actions.sweep();
    const offline = await this.cameras.checkHealth();
    return { closed, ...acted, offline };
  }

  start(everyMs: number): void {
    if (everyMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = true;
      this.tick().then((r) => {
        if (r.cases + r.left + r.offline > 0) this.p.log.info(r, 'camera clock');
      }, (err: unknown) => this.p.log.error({ err }, 'camera clock failed')).finally(() => (this.running = false));
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }
}
