/**
 * Builders for suites that need one real object of every kind in a region (the authorization matrix,
 * the bad-input suite): a reported case with a photo, a reservoir with a water-level sensor and an
 * alarm, a camera with an episode, an inspection, an organisation; and one account per role.
 */
import sharp from 'sharp';
import type { VillageBrain } from '../../src/app.ts';
import type { Actor, Role } from '../../src/platform/access.ts';
import { FLOOD_LIMIT_LEVELS, makeCamera, makeDevice, makeOrganisation, makeReservoir } from '../builders/index.ts';
import { makeResident, makeStaff, type Area } from './factories.ts';

let worldCounter = 0;

export interface RegionObjects {
  area: Area;
  /** The village the objects are in, and its township. */
  village: string;
  township: string;
  /** A point inside the village's first grid (WGS-84). */
  point: [number, number];
  resident: { id: string; auth: { authorization: string } };
  caseId: string;
  caseNo: string;
  mediaId: string;
  assetId: string;
  device: { id: string; token: string };
  alarmId: string;
  camera: { id: string; token: string };
  episodeId: string;
  inspectionId: string;
  organisationId: string;
}

/** A small JPEG; `shade` makes it another picture (media ids are content hashes: each region's photo must be its own). */
export const tinyJpeg = (shade = 0) => sharp({ create: { width: 16, height: 12, channels: 3, background: { r: 90, g: (120 + shade * 7) % 256, b: (60 + shade * 13) % 256 } } }).jpeg().toBuffer();

async function actorOf(vb: VillageBrain, auth: Record<string, string>): Promise<Actor> {
  const actor = await vb.services.auth.resolve(auth.authorization?.slice('Bearer '.length));
  if (!actor) throw new Error('no session for the builder');
  return actor;
}

/**
 * One object of every kind in area.villages[villageIndex] (its first grid). `inspector` is the staff
 * member whose inspection it is (staff of the village's township).
 */
export async function makeRegionObjects(vb: VillageBrain, area: Area, inspector: { auth: Record<string, string> }, villageIndex = 0): Promise<RegionObjects> {
  const n = `${process.pid}-${++worldCounter}`;
  const village = area.villages[villageIndex];
  const township = area.townships[Math.floor(villageIndex / 2)];
  const point = area.gridPoints[villageIndex * 2];
  const [lon, lat] = point;
  const resident = await makeResident(vb, village);
  const residentActor = await actorOf(vb, resident.auth);

  const media = await vb.platform.media.saveImage(vb.platform.db, await tinyJpeg(worldCounter), resident.id);
  const reported = await vb.services.cases.report(residentActor, { title: `路灯不亮 ${n}`, description: '村口路灯坏了', categoryCode: '0107', lon, lat, source: 'resident', media: [media.id] });

  const asset = await makeReservoir(vb, { village, at: point, name: `水库-${n}`, levels: FLOOD_LIMIT_LEVELS });
  const device = await makeDevice(vb, asset);
  const t0 = Date.now() - 5 * 3_600_000;
  // over the flood limit: a warning alarm (no case)
  await vb.services.ingest.take('http', device.token, JSON.stringify([111.6, 111.7, 111.8, 111.9, 112.0].map((level, i) => ({ ts: t0 + i * 600_000, values: { level } }))));
  const [alarm] = await vb.platform.database.raw<{ id: string }>('SELECT id FROM alarms WHERE device_id = $1 ORDER BY id LIMIT 1', [device.id]);
  if (!alarm) throw new Error('the builder raised no alarm');

  const camera = await makeCamera(vb, { at: point, name: `摄像头-${n}`, view: '村口' });
  await vb.services.cameraIntake.take('http', camera.token, { kind: 'json', text: JSON.stringify([{ type: 'exposed_garbage', confidence: 0.9, time: Date.now() - 60_000 }]) });
  await vb.services.cameraIntake.idle();
  const [episode] = await vb.platform.database.raw<{ id: string }>('SELECT id FROM camera_episodes WHERE camera_id = $1 LIMIT 1', [camera.id]);
  if (!episode) throw new Error('the builder opened no camera episode');

  const inspection = await vb.services.inspections.start(await actorOf(vb, inspector.auth), asset.id);
  const org = await makeOrganisation(vb, { kind: 'cleaning', regionCode: township, name: `保洁公司-${n}` });

  return {
    area, village, township, point, resident, caseId: reported.id, caseNo: reported.no, mediaId: media.id, assetId: asset.id,
    device: { id: device.id, token: device.token }, alarmId: alarm.id, camera: { id: camera.id, token: camera.token },
    episodeId: episode.id, inspectionId: (inspection as { id: string }).id, organisationId: org.id,
  };
}

/** The ids and region codes that identify a region's objects (to tell whether a request names one). */
export function objectKeys(o: RegionObjects): string[] {
  return [o.caseId, o.caseNo, o.mediaId, o.assetId, o.device.id, o.device.token, o.alarmId, o.camera.id, o.camera.token, o.episodeId, o.inspectionId, o.organisationId,
    o.village, o.township];
}

/** The roles of the matrix, in its column order ('anonymous' has no account). */
export const CAST = ['anonymous', 'resident', 'tourist', 'party_member', 'grid_worker', 'handler', 'operator', 'dispatcher', 'shift_lead', 'leader', 'admin'] as const;
export type CastRole = (typeof CAST)[number];

/**
 * One logged-in account per role in the area: residents and tourists at home in villages[0], the
 * grid worker and party member in villages[0], the command room in townships[0], the administrator
 * over the district.
 */
export async function makeCast(vb: VillageBrain, area: Area): Promise<Record<CastRole, { id: string | null; auth: Record<string, string> }>> {
  const staffAt = (role: Role): string =>
    role === 'admin' || role === 'leader' ? area.district : role === 'grid_worker' || role === 'party_member' ? area.villages[0] : area.townships[0];
  const cast = { anonymous: { id: null, auth: {} } } as Record<CastRole, { id: string | null; auth: Record<string, string> }>;
  for (const role of CAST) {
    if (role === 'anonymous') continue;
    if (role === 'resident' || role === 'tourist') {
      const r = await makeResident(vb, area.villages[0], role);
      cast[role] = { id: r.id, auth: r.auth };
    } else {
      const s = await makeStaff(vb, role, staffAt(role));
      cast[role] = { id: s.id, auth: s.auth };
    }
  }
  return cast;
}
