/**
 * Factories: each call creates fresh, uniquely coded data, so tests never share mutable fixtures.
 * makeArea builds a district with 2 townships × 2 villages × 2 grids of real square polygons at a
 * spot of its own on the map.
 */
import type { VillageBrain } from '../../src/app.ts';
import type { Role } from '../../src/platform/access.ts';

let areaCounter = Math.floor(Math.random() * 40) * 10;
let userCounter = 0;

type Ring = [number, number][];
const box = (lon: number, lat: number, w: number, h: number): Ring => [
  [lon, lat], [lon + w, lat], [lon + w, lat + h], [lon, lat + h], [lon, lat],
];

export interface Area {
  district: string;
  townships: string[]; // 2: a 镇 (serial 101) and a 乡 (serial 201)
  villages: string[]; // 4: villages[0..1] in townships[0], villages[2..3] in townships[1]
  grids: string[]; // 8: grids[2i], grids[2i+1] in villages[i]
  /** A point inside each grid (WGS-84), same order as grids. */
  gridPoints: [number, number][];
  origin: [number, number];
}

export function areaFeatures(n: number) {
  // district n sits in a 0.4° cell of a 40 × 20 lattice over central China (lon 100–116, lat 24–32)
  const lon0 = 100 + (n % 40) * 0.4;
  const lat0 = 24 + (Math.floor(n / 40) % 20) * 0.4;
  const city = String(10 + Math.floor(n / 90)).padStart(2, '0');
  const dist = String(1 + (n % 90)).padStart(2, '0');
  const district = `36${city}${dist}000000`;
  const features: { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }[] = [];
  const f = (code: string, name: string, ring: Ring | null) =>
    features.push({ type: 'Feature', properties: { code, name }, geometry: ring ? { type: 'Polygon', coordinates: [ring] } : null });
  f('360000000000', '江西省(测试)', null);
  f(`36${city}00000000`, `测试市${city}`, null);
  f(district, `测试区${n}`, box(lon0, lat0, 0.2, 0.2));
  const area: Area = { district, townships: [], villages: [], grids: [], gridPoints: [], origin: [lon0, lat0] };
  ['101', '201'].forEach((t, ti) => {
    const tCode = `36${city}${dist}${t}000`;
    area.townships.push(tCode);
    f(tCode, `测试镇${n}-${ti}`, box(lon0 + ti * 0.1, lat0, 0.1, 0.2));
    ['201', '202'].forEach((v, vi) => {
      const vCode = `36${city}${dist}${t}${v}`;
      area.villages.push(vCode);
      const vLon = lon0 + ti * 0.1;
      const vLat = lat0 + vi * 0.1;
      f(vCode, `测试村${n}-${ti}-${vi}`, box(vLon, vLat, 0.1, 0.1));
      [0, 1].forEach((g) => {
        const gCode = `${vCode}00${g + 1}`;
        area.grids.push(gCode);
        area.gridPoints.push([vLon + g * 0.05 + 0.025, vLat + 0.05]);
        f(gCode, `网格${g + 1}`, box(vLon + g * 0.05, vLat, 0.05, 0.1));
      });
    });
  });
  return { features, area };
}

export async function makeArea(vb: VillageBrain): Promise<Area> {
  const { features, area } = areaFeatures(areaCounter++);
  await vb.services.regions.importGeoJson(null, { type: 'FeatureCollection', features });
  return area;
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  token: string;
  auth: { authorization: string };
}

/** A staff user with one role in one region, logged in. */
export async function makeStaff(vb: VillageBrain, role: Role, regionCode: string, extra: { organisationId?: string } = {}): Promise<TestUser> {
  const username = `u${process.pid}-${++userCounter}-${role}`.replace(/_/g, '-');
  const password = 'test-password-1';
  const u = await vb.services.users.createUser(null, {
    username, displayName: `${role} ${userCounter}`, password, kind: 'staff', homeRegionCode: regionCode,
    memberships: [{ role, regionCode, organisationId: extra.organisationId ?? null }],
  });
  const { token } = await vb.services.auth.loginWithPassword(username, password);
  return { id: u.id, username, password, token, auth: { authorization: `Bearer ${token}` } };
}

let phoneCounter = Math.floor(Math.random() * 1_000_000);
/** A fresh, valid mainland mobile number. */
export function makePhone(): string {
  phoneCounter = (phoneCounter + 7919) % 100_000_000;
  return `137${String(phoneCounter).padStart(8, '0')}`;
}

/**
 * A resident or tourist with a session. They log in by phone + SMS code (tested in auth.test.ts);
 * here the session is opened directly.
 */
export async function makeResident(vb: VillageBrain, village: string | null, kind: 'resident' | 'tourist' = 'resident', displayName?: string) {
  const phone = makePhone();
  const u = await vb.services.users.createUser(null, {
    displayName: displayName ?? (kind === 'resident' ? '村民' : '游客'), phone, kind, homeRegionCode: village,
    memberships: village ? [{ role: kind, regionCode: village }] : [],
  });
  const { sessions } = await import('../../src/people/people.schema.ts');
  const { newToken, sha256 } = await import('../../src/people/passwords.ts');
  const t = newToken();
  await vb.platform.db.insert(sessions).values({ tokenHash: sha256(t), userId: u.id, expiresAt: new Date(Date.now() + 3600_000) });
  return { id: u.id, phone, auth: { authorization: `Bearer ${t}` } };
}
