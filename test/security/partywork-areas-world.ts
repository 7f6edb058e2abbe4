/**
 * The area indices' objects for the security suites (partywork area-index.routes.ts): per region, a party
 * organisation that 下沉 to its village, the path parameters that name it and the formula's kind, and
 * bodies that get past validation.
 */
import crypto from 'node:crypto';
import type { InjectOptions } from 'fastify';
import type { VillageBrain } from '../../src/app.ts';
import type { DeclaredRoute } from '../../src/platform/http.ts';
import type { RegionObjects } from '../helpers/world.ts';

const orgOfRegion = new WeakMap<RegionObjects, string>();
let n = 0;

export async function makeRegionServiceOrg(vb: VillageBrain, o: RegionObjects): Promise<void> {
  const admin = await vb.services.users.createUser(null, { username: `matrix-pwo-${process.pid}-${++n}`, displayName: '矩阵管理员', password: 'matrix-password-1', kind: 'staff', homeRegionCode: o.village, memberships: [{ role: 'admin', regionCode: o.village }] });
  const org = await vb.services.partyAreaIndex.registerOrg(await vb.services.users.actorOf(admin.id), { name: `矩阵机关党支部-${n}`, kind: 'machine', regionCode: o.village, contactName: '矩阵', contactPhone: '13900000000' });
  orgOfRegion.set(o, org.id);
}

export const partyAreasKeys = (o: RegionObjects): string[] => {
  const id = orgOfRegion.get(o);
  return id ? [id] : [];
};

export const PARTY_AREAS_PARAMS: Record<string, (o: RegionObjects) => string> = {
  'area-formula/:kind': () => 'grid',
  'area-formula/:regionCode': (o) => o.village,
  'service-orgs/:id': (o) => orgOfRegion.get(o)!,
};

export function partyAreasExample(route: DeclaredRoute, o: RegionObjects): Pick<InjectOptions, 'query' | 'payload'> | null {
  switch (`${route.method} ${route.url}`) {
    case 'GET /api/partywork/area-indices': return { query: { kind: 'grid', region: o.village, period: 'month' } };
    case 'PUT /api/partywork/area-formula/:kind/:regionCode': return { payload: { params: { satisfactionWeight: 0.6, onTimeWeight: 0.4, basicallyCredit: 0.8 } } };
    case 'GET /api/partywork/service-orgs': return { query: { region: o.village } };
    case 'POST /api/partywork/service-orgs': return { payload: { name: `矩阵企业党支部-${crypto.randomUUID().slice(0, 6)}`, kind: 'enterprise', regionCode: o.village, contactName: '矩阵', contactPhone: '13900000001' } };
    case 'POST /api/partywork/service-orgs/:id/services':
      return { payload: { id: crypto.randomUUID(), servedOn: new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10), what: '矩阵服务' } };
    default: return null;
  }
}
