/**
 * The demo's AI cameras (DOMAIN.md §4, seeds 003/004/005), placed in 柯城区: 府山街道's bin points
 * (owned by its cleaning company) and streets (street vending and parking, with IP speakers), 沟溪乡's
 * "sentinels" watching for burning, and one at 杨家源水库 for fishing. The seed's street-vending
 * cameras are in 温溪镇 (青田县), outside this district; the demo puts them on 府山街道's streets.
 * Tokens are well known (`demo-c01`), so the simulator can push events; the speakers are the
 * simulator's (`vb simulate --cameras` answers at SIM_SPEAKER_URL), and without it they do not answer,
 * so a vendor's case opens without the warning — as with a broken speaker.
 */
import type { Platform } from '../platform/context.ts';
import type { ModuleServices as Services } from '../platform/module.ts';

export const SIM_SPEAKER_PORT = 3901;

export interface DemoCamera {
  name: string;
  village: string;
  vendor: 'hikvision' | 'dahua' | 'generic';
  view: string;
  /** What the simulator makes it see. */
  sees: 'bin' | 'vendor' | 'parking' | 'smoke' | 'fishing';
  speaker?: boolean;
  org?: 'cleaning' | 'enforcement';
}

export const DEMO_CAMERAS: DemoCamera[] = [
  ...['府山社区', '坊门街社区', '县学街社区', '蛟池街社区', '府山社区', '坊门街社区'].map((v, i): DemoCamera => ({
    name: `府山${i + 1}号垃圾桶点`, village: v, vendor: 'dahua', view: `${v}${i + 1}号垃圾桶点`, sees: 'bin', org: 'cleaning',
  })),
  ...['府山社区', '县学街社区', '蛟池街社区', '坊门街社区'].map((v, i): DemoCamera => ({
    name: `府山街口${i + 1}`, village: v, vendor: 'hikvision', view: `${v}主街人行道`, sees: 'vendor', speaker: true, org: 'enforcement',
  })),
  { name: '府山停车点1', village: '府山社区', vendor: 'hikvision', view: '府山社区消防通道', sees: 'parking', org: 'enforcement' },
  { name: '府山停车点2', village: '县学街社区', vendor: 'hikvision', view: '县学街社区路口', sees: 'parking', org: 'enforcement' },
  ...['余东村', '沟溪村', '斗目垅村', '碗窑村'].map((v, i): DemoCamera => ({ name: `沟溪哨兵${i + 1}`, village: v, vendor: 'generic', view: `${v}田间`, sees: 'smoke' })),
  { name: '杨家源水库岸边', village: '麻蓬村', vendor: 'generic', view: '杨家源水库库尾', sees: 'fishing' },
];

/**
 * What each kind of view reports: the code the simulator pushes, the category migration 0002's vendor
 * codes map it to, and the label on its snapshots.
 */
export const SEES: Record<DemoCamera['sees'], { code: string; category: string; label: string }> = {
  bin: { code: '895', category: '0108', label: 'BIN FULL' },
  vendor: { code: 'street_vendor', category: '0501', label: 'VENDOR' },
  parking: { code: 'illegalParking', category: '0502', label: 'PARKED CAR' },
  smoke: { code: 'smoke_fire', category: '0107', label: 'SMOKE' },
  fishing: { code: 'person_at_water', category: '1201', label: 'ANGLER' },
};

export const demoCameraToken = (index: number) => `demo-c${String(index + 1).padStart(2, '0')}`;

export async function seedCameras(p: Platform, services: Services, codeByName: Map<string, string>, orgIds: Map<string, string>): Promise<number> {
  for (const [i, c] of DEMO_CAMERAS.entries()) {
    const village = codeByName.get(c.village)!;
    const [r] = await p.database.raw<{ center_lon: number; center_lat: number; parent_code: string }>('SELECT center_lon, center_lat, parent_code FROM regions WHERE code = $1', [village]);
    // spread the cameras of a village a little around its centre
    const k = DEMO_CAMERAS.slice(0, i).filter((x) => x.village === c.village).length;
    await services.cameras.add(null, {
      name: c.name, lon: r.center_lon + 0.0008 * Math.cos(k * 2.1), lat: r.center_lat + 0.0006 * Math.sin(k * 2.1), vendor: c.vendor, view: c.view,
      speakerUrl: c.speaker ? `http://127.0.0.1:${SIM_SPEAKER_PORT}/speakers/${demoCameraToken(i)}` : null,
      organisationId: c.org ? orgIds.get(`${r.parent_code}:${c.org}`) ?? null : null, token: demoCameraToken(i),
    });
  }
  return DEMO_CAMERAS.length;
}
