/**
 * The credit module's objects for the security suites: per region, a partner bank of its district, the
 * region household's consent, last month's extract and a dividend of its village on notice; the path
 * parameters that name them and the bodies that get credit routes past validation.
 */
import type { InjectOptions } from 'fastify';
import type { VillageBrain } from '../../src/app.ts';
import type { DeclaredRoute } from '../../src/platform/http.ts';
import { awardPoints, makeBank } from '../builders/credit.ts';
import type { RegionObjects } from '../helpers/world.ts';

const creditOfRegion = new WeakMap<RegionObjects, { bankCode: string; token: string; extractId: string; month: string; dividendId: string }>();
const creditOf = (o: RegionObjects) => creditOfRegion.get(o)!;

function lastMonth() {
  const s = new Date(Date.now() + 8 * 3_600_000);
  const first = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() - 1, 1));
  return { month: first.toISOString().slice(0, 7), from: first.toISOString().slice(0, 10), to: new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), 0)).toISOString().slice(0, 10), mid: new Date(first.getTime() + 9 * 86_400_000) };
}

export async function makeRegionCredit(vb: VillageBrain, o: RegionObjects): Promise<void> {
  const last = lastMonth();
  // a township's branch of the bank: the sibling region's bank does not serve the own village
  const { bank, token } = await makeBank(vb, o.township);
  await awardPoints(vb, o.resident.id, 30, last.mid);
  await vb.services.credit.consent(await vb.services.users.actorOf(o.resident.id), bank.code);
  const { extract } = await vb.services.creditExtracts.generate(null, { bankCode: bank.code, month: last.month });
  const d = await vb.services.dividends.create(null, { regionCode: o.village, title: '矩阵分红', periodFrom: last.from, periodTo: last.to, poolYuan: '100' });
  creditOfRegion.set(o, { bankCode: bank.code, token, extractId: extract.id, month: last.month, dividendId: d.id });
}

export const creditKeys = (o: RegionObjects): string[] => {
  const c = creditOfRegion.get(o);
  return c ? [c.bankCode, c.extractId, c.dividendId] : [];
};

export const CREDIT_PARAMS: Record<string, (o: RegionObjects) => string> = {
  'consents/:bankCode': (o) => creditOf(o).bankCode,
  'tiers/:regionCode': (o) => o.village,
  'extracts/:id': (o) => creditOf(o).extractId,
  'extracts/:month': (o) => creditOf(o).month,
  'dividends/:id': (o) => creditOf(o).dividendId,
};

export function creditExample(route: DeclaredRoute, o: RegionObjects): Pick<InjectOptions, 'query' | 'payload' | 'headers'> | null {
  const json = (payload: unknown) => ({ payload: payload as object });
  const last = lastMonth();
  switch (`${route.method} ${route.url}`) {
    case 'POST /api/me/credit/consents': return json({ bankCode: creditOf(o).bankCode });
    case 'GET /api/credit/tiers': case 'GET /api/credit/consents': case 'GET /api/credit/dividends': case 'GET /api/credit/dividends/board': return { query: { region: o.village } };
    case 'PUT /api/credit/tiers/:regionCode': return json({ bands: [{ minPoints: 100, quotaYuan: 10_000 }] });
    case 'POST /api/credit/banks': return json({ code: `matrix-${process.pid}-${Math.floor(Math.random() * 1e9)}`, nameZh: '矩阵银行', nameEn: 'Matrix bank', regionCode: o.area.district });
    // made already: answered again (200), nothing new
    case 'POST /api/credit/extracts': return json({ bankCode: creditOf(o).bankCode, month: creditOf(o).month });
    case 'POST /api/credit/dividends': return json({ regionCode: o.village, title: '矩阵分红', periodFrom: last.from, periodTo: last.to, poolYuan: '100' });
    case 'POST /api/credit/dividends/:id/objections': return json({ reason: '矩阵异议' });
    case 'POST /api/credit/dividends/:id/decision': return json({ decision: 'uphold', reason: '矩阵复核' });
    default: return null;
  }
}
