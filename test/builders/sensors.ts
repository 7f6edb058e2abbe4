/**
 * Sensors builders: a monitored reservoir (the sensors module's "asset") and its devices, made
 * through the sensors service as an administrator would (`vb device add` is the same call).
 */
import assert from 'node:assert/strict';
import type { VillageBrain } from '../../src/app.ts';

type NewAsset = Parameters<VillageBrain['services']['sensors']['addAsset']>[0];
export type Reservoir = Awaited<ReturnType<VillageBrain['services']['sensors']['addAsset']>>;
export type Device = Awaited<ReturnType<VillageBrain['services']['sensors']['addDevice']>>;

/** A reservoir's water levels (metres): what its alarm rules compare readings with. */
export type ReservoirLevels = Pick<NewAsset, 'normalLevel' | 'floodLimits' | 'designFloodLevel' | 'checkFloodLevel' | 'crestLevel'>;

/**
 * The demo's 杨家源水库 all year round: above 111.5 (the flood limit) a warning, above 114.2 (design
 * flood level) major — a case for the village's grid worker — above 115 (check flood level) critical.
 */
export const FLOOD_LIMIT_LEVELS: ReservoirLevels = {
  normalLevel: 112, floodLimits: [{ from: '01-01', to: '12-31', level: 111.5 }], designFloodLevel: 114.2, checkFloodLevel: 115, crestLevel: 116,
};

/** A flood limit that holds all year (normal level at it), and the design and check flood levels above it. */
export const allYearLevels = (levels: { flood: number; design: number; check: number }): ReservoirLevels => ({
  normalLevel: levels.flood, floodLimits: [{ from: '01-01', to: '12-31', level: levels.flood }], designFloodLevel: levels.design, checkFloodLevel: levels.check,
});

let reservoirCounter = 0;

/**
 * A reservoir in a village at a point. Without `levels` it has no thresholds (readings raise no
 * level alarm); `name` defaults to a fresh one (names are unique: devices are added by it).
 */
export async function makeReservoir(vb: VillageBrain, opts: { village: string; at: [number, number]; name?: string; levels?: ReservoirLevels }): Promise<Reservoir> {
  const [lon, lat] = opts.at;
  const name = opts.name ?? `测试水库-${process.pid}-${++reservoirCounter}`;
  return vb.services.sensors.addAsset({ kind: 'reservoir', name, regionCode: opts.village, lon, lat, ...opts.levels });
}

/** A device on a reservoir (a water-level gauge unless `kind` says otherwise), with its access token. */
export async function makeDevice(vb: VillageBrain, reservoir: { name: string }, opts: { kind?: string; name?: string; token?: string } = {}): Promise<Device> {
  return vb.services.sensors.addDevice(null, { assetName: reservoir.name, kind: opts.kind ?? 'water_level', ...(opts.name ? { name: opts.name } : {}), ...(opts.token ? { token: opts.token } : {}) });
}

/**
 * A gauge's own uploads over HTTP: each `send(…levels)` posts one water-level reading per level, the
 * first at `from` (ms) and each next `everyMs` later, and by default checks each is answered 200.
 */
export function levelFeed(vb: VillageBrain, device: { token: string }, opts: { from: number; everyMs: number; checkOk?: boolean }): (...levels: number[]) => Promise<void> {
  let i = 0;
  return async (...levels) => {
    for (const level of levels) {
      const r = await vb.app.inject({ method: 'POST', url: `/api/v1/${device.token}/telemetry`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ ts: opts.from + i++ * opts.everyMs, values: { level } }) });
      if (opts.checkOk !== false) assert.equal(r.statusCode, 200, r.body);
    }
  };
}
