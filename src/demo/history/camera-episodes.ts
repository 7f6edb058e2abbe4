/** Camera episodes of the demo's year: see seedCameraHistory. */
import type { Services } from '../../app.ts';
import type { Platform } from '../../platform/context.ts';

export async function seedCameraHistory(_p: Platform, _services: Services, _rand: () => number, _now: number, _days: number): Promise<number> {
  return 0;
}
