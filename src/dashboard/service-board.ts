/**
 * The 智慧便民 board's figures: people's own requests (村民, 游客, 热线, Open311) from the case rollups —
 * today, the last 30 days by day and by channel, and how many of them were closed — the area's first
 * response and satisfaction (the cases module's KPI function), and the points residents earned this month
 * by rule (the points rollup, recomputed from the ledger every minute: points-rollup.ts).
 */
import { computeKpis } from '../cases/index.ts';
import { scopeOfRegionCode } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import type { ServiceBoard } from './dashboard.contract.ts';
import type { PointsRollup } from './points-rollup.ts';
import { closedSince, reportedSince, shanghaiDay } from './rollup.repository.ts';

/** The channels a person uses themselves. */
export const PEOPLE_SOURCES = ['resident', 'tourist', 'hotline', 'open311'] as const;
const DAYS = 30;
const RULES_SHOWN = 6;
const INTERVAL_SEC = 300;

export async function serviceBoard(p: Platform, pointsRollup: PointsRollup, region: ServiceBoard['region'], now = new Date()): Promise<ServiceBoard> {
  const scope = scopeOfRegionCode(region.code);
  const today = shanghaiDay(now);
  const days = Array.from({ length: DAYS }, (_, i) => shanghaiDay(new Date(now.getTime() - (DAYS - 1 - i) * 86_400_000)));
  const month = today.slice(0, 7);
  const people = new Set<string>(PEOPLE_SOURCES);
  const [reported, closed, [kpi], points] = await Promise.all([
    reportedSince(p.db, scope, days[0]),
    closedSince(p.db, scope, days[0], PEOPLE_SOURCES),
    computeKpis(p.db, { scope, from: new Date(now.getTime() - DAYS * 86_400_000), to: now, groupBy: 'none' }),
    pointsRollup.month(scope, month),
  ]);
  const ours = reported.filter((r) => people.has(r.source) && r.state !== 'MERGED');
  const byDay = new Map<string, number>();
  const bySource = new Map<string, number>();
  for (const r of ours) {
    byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.cases);
    bySource.set(r.source, (bySource.get(r.source) ?? 0) + r.cases);
  }
  const closedByDay = new Map(closed.map((c) => [c.day, c.cases]));
  const byRule = new Map(points.byRule.map((r) => [r.rule, r.points]));
  const asOf = new Date().toISOString();
  const panel = { asOf, intervalSec: INTERVAL_SEC };
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, n) => a + n, 0);
  return {
    region,
    counts: {
      ...panel, reportedToday: byDay.get(today) ?? 0, reported30: sum(byDay), closed30: sum(closedByDay),
      firstResponseMinutes: kpi?.firstResponseMinutes ?? null, satisfaction: kpi?.satisfaction ?? null,
    },
    trend: { ...panel, days: days.map((day) => ({ day, reported: byDay.get(day) ?? 0, closed: closedByDay.get(day) ?? 0 })) },
    bySource: { ...panel, items: [...bySource].map(([source, count]) => ({ source, count })).sort((a, b) => b.count - a.count) },
    points: {
      ...panel, month, earned: sum(byRule), people: points.people,
      byRule: [...byRule].map(([rule, n]) => ({ rule, points: n })).filter((r) => r.points > 0).sort((a, b) => b.points - a.points).slice(0, RULES_SHOWN),
    },
  };
}
