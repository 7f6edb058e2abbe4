/**
 * A bulletin's figures, read through the modules that own them: the cases module's KPI and overdue query
 * functions, the regions module's names and villages. A township's units are its villages (one grouped
 * KPI query a period); a district's are its townships (one query each: their counts are exact, not
 * summed from rounded shares).
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

const figures = (code: string, name: string, k: KpiRow | undefined, overdue: number): UnitFigures => ({
  code, name, received: k?.received ?? 0, due: k?.due ?? 0, closed: k?.closed ?? 0, closedOnTime: k?.closedOnTime ?? 0,
  onTimeRate: k?.onTimeRate ?? null, ratings: k?.ratings ?? 0, satisfaction: k?.satisfaction ?? null, overdue,
});

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
  let rows: UnitFigures[];
  if (region.level === 'township') {
    const byVillage = new Map((await computeKpis(db, { scope, ...q, groupBy: 'village' })).map((r) => [r.group, r]));
    rows = [...units].map(([code, name]) => figures(code, name, byVillage.get(code), overdueOf(code)));
  } else {
    rows = [];
    for (const [code, name] of units) rows.push(figures(code, name, (await computeKpis(db, { scope: scopeOfRegionCode(code), ...q, groupBy: 'none' }))[0], overdueOf(code)));
  }
  const [all] = await computeKpis(db, { scope, ...q, groupBy: 'none' });
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
