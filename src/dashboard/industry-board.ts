/**
 * The 数字产业 board (issue 18, from issue 20's places): published homestays by 浙江 grade and their rooms,
 * restaurants, sights and venues, the products of 未来商城, and the enterprises and 共富工坊 with the jobs
 * they give villagers and their yearly output. Read through the places module's query function; the
 * names on it are of public listings, never of people.
 */
import { industryBoard as readIndustry } from '../places/index.ts';
import { scopeOfRegionCode } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import type { IndustryBoard } from './dashboard.contract.ts';

/** Listings change by the day: the wall re-reads every ten minutes. */
const INTERVAL_SEC = 600;

export async function industryBoard(p: Platform, region: IndustryBoard['region'], namesOf: (codes: string[]) => Promise<Record<string, string>>): Promise<IndustryBoard> {
  const d = await readIndustry(p.db, scopeOfRegionCode(region.code));
  const panel = { asOf: new Date().toISOString(), intervalSec: INTERVAL_SEC };
  const units = d.units.slice(0, 12);
  const names = await namesOf([...new Set(units.map((u) => u.regionCode))]);
  return {
    region,
    places: { ...panel, byKind: d.byKind, products: d.products },
    homestays: { ...panel, total: d.homestays.total, rooms: d.homestays.rooms, byGrade: d.homestays.byGrade },
    units: {
      ...panel,
      totals: d.totals,
      items: units.map((u) => ({ name: u.name, kind: u.kind, village: names[u.regionCode] ?? u.regionCode, industry: u.industry, employees: u.employees, jobsForVillagers: u.jobsForVillagers, yearlyOutputWan: u.yearlyOutputWan })),
    },
  };
}
