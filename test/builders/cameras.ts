/** Cameras builders: an AI camera where it stands, made through the cameras service (as `vb camera add`). */
import type { VillageBrain } from '../../src/app.ts';
import type { NewCamera } from '../../src/cameras/index.ts';

export type Camera = Awaited<ReturnType<VillageBrain['services']['cameras']['add']>>;

let cameraCounter = 0;

/** A camera at a point (its region is where the point lies); `name` defaults to a fresh one. */
export async function makeCamera(vb: VillageBrain, opts: { at: [number, number]; name?: string } & Omit<Partial<NewCamera>, 'lon' | 'lat'>): Promise<Camera> {
  const { at, name, ...rest } = opts;
  return vb.services.cameras.add(null, { name: name ?? `测试摄像头-${process.pid}-${++cameraCounter}`, lon: at[0], lat: at[1], ...rest });
}
