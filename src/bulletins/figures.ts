/**
 * A bulletin's figures, read through the modules that own them: the cases module's KPI and overdue query
 * functions, the regions module's names and villages. A township's units are its villages, a district's
 * its townships: either way one KPI query grouped by village a period, the villages' counts summed into
 * their township's (counts, never rounded rates, are summed: the rates are computed from the sums).
 */
import { computeKpis, overdueCasesAt, type KpiRow } from '../cases/index.ts';
import type { Db } from '../platform/db/index.ts';
import type { Period } from '../platform/periods.ts';
import { scopeOfRegionCode } from '../platform/access.ts';
import type { RegionsService } from '../regions/index.ts';
import {
  changeOf, listCase, numberOf, rankUnits, shanghaiDate, THRESHOLDS, TIE_RULES_EN, TIE_RULES_ZH, KIND_ZH,
  type BulletinContent, type BulletinKind, type Totals, type UnitFigures,
} from './bulletin-content.ts';

/** Cases printed in each list (the totals count them all). */
export const LISTED = 50;

export interface BulletinRegion { code: string; name: string; level: 'township' | 'district' }

/** A unit's figures from the KPI rows of its villages (the same rounding as the KPIs: 0.1 %). */
function figures(code: string, name: string, rows: KpiRow[], overdue: number): UnitFigures {
  const sum = (f: (k: KpiRow) => number) => rows.reduce((a, k) => a + f(k), 0);
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);
  const due = sum((k) => k.due);
  const closedOnTime = sum((k) => k.closedOnTime);
  const ratings = sum((k) => k.ratings);
  return {
    code, name, received: sum((k) => k.received), due, closed: sum((k) => k.closed), closedOnTime,
    onTimeRate: ratio(closedOnTime, due), ratings, satisfaction: ratio(sum((k) => k.satisfied), ratings), overdue,
  };
}

const totals = (k: KpiRow | undefined, overdue: number): Totals => ({
  received: k?.received ?? 0, closed: k?.closed ?? 0, onTimeRate: k?.onTimeRate ?? null, satisfaction: k?.satisfaction ?? null, overdue,
});

/** The region's units (code → name): a township's villages, a district's townships. */
export async function unitsOf(regions: RegionsService, region: BulletinRegion): Promise<Map<string, string>> {
  const scope = scopeOfRegionCode(region.code);
  const villages = (await regions.places()).filter((v) => v.code.startsWith(scope)).sort((a, b) => a.code.localeCompare(b.code));
  if (region.level === 'township') return new Map(villages.map((v) => [v.code, v.name]));
  const townships = [...new Set(villages.map((v) => `${v.code.slice(0, 9)}000`))];
  const names = await regions.names(townships);
  return new Map(townships.map((c) => [c, names[c] ?? c]));
}

/** One period's unit figures and overdue counts. */
async function periodFigures(db: Db, region: BulletinRegion, units: Map<string, string>, period: Period) {
  const scope = scopeOfRegionCode(region.code);
  const q = { from: period.from, to: period.to };
  const overdue = await overdueCasesAt(db, scope, period.to, 0);
  const overdueOf = (unit: string) => Object.entries(overdue.byVillage).filter(([v]) => v.startsWith(scopeOfRegionCode(unit))).reduce((a, [, n]) => a + n, 0);
  const [byVillage, [all]] = await Promise.all([computeKpis(db, { scope, ...q, groupBy: 'village' }), computeKpis(db, { scope, ...q, groupBy: 'none' })]);
  const rows = [...units].map(([code, name]) => figures(code, name, byVillage.filter((k) => k.group?.startsWith(scopeOfRegionCode(code))), overdueOf(code)));
  return { rows, totals: totals(all, overdue.total) };
}

/** The content of a bulletin of a region for a finished period (the caller checked that it is one). */
export async function computeContent(db: Db, regions: RegionsService, kind: BulletinKind, region: BulletinRegion, period: Period, previous: Period): Promise<BulletinContent> {
  const units = await unitsOf(regions, region);
  const scope = scopeOfRegionCode(region.code);
  const current = await periodFigures(db, region, units, period);
  const before = await periodFigures(db, region, units, previous);
  const [overdue, supervised] = await Promise.all([overdueCasesAt(db, scope, period.to, LISTED), overdueCasesAt(db, scope, period.to, LISTED, 2)]);
  const unitOf = (village: string) => (region.level === 'township' ? units.get(village) : units.get(`${village.slice(0, 9)}000`)) ?? village;
  const list = (items: typeof overdue.items) => items.map((c) => listCase({ ...c, unitName: unitOf(c.villageCode) }, period.to));
  const end = shanghaiDate(new Date(period.to.getTime() - 1));
  const number = numberOf(kind, region.name, period.start);
  return {
    kind, region, period: { start: period.start, end }, number,
    title: `关于${region.name}${period.start}至${end}基层治理事件办理情况的${KIND_ZH[kind]}`,
    totals: { current: current.totals, previous: before.totals, change: changeOf(current.totals, before.totals) },
    units: rankUnits(current.rows, new Map(before.rows.map((r) => [r.code, r]))),
    thresholds: THRESHOLDS,
    tieRules: { zh: TIE_RULES_ZH, en: TIE_RULES_EN },
    overdue: { total: overdue.total, items: list(overdue.items) },
    supervised: { total: supervised.total, items: list(supervised.items) },
  };
}
