/**
 * The demo's bulletins (issue 18 item 4), through the service as the scheduler makes them: the last
 * four weeks' 周通报 of 沟溪乡 and last month's 月督查, counted from the history's clock, so the bulletins
 * page opens on a list with rankings, 红黑榜 and overdue cases from the year of history.
 */
import { scopeOfRegionCode } from '../platform/access.ts';
import { periodOf } from '../platform/periods.ts';
import type { ModuleServices as Services } from '../platform/module.ts';

export const DEMO_BULLETIN_WEEKS = 4;

export async function seedBulletins(services: Services, codeByName: Map<string, string>, now = new Date()): Promise<{ bulletins: number; ms: number }> {
  const t = Date.now();
  const township = codeByName.get('沟溪乡')!;
  let made = 0;
  const weeks: string[] = [];
  for (let week = periodOf('week', now); weeks.length < DEMO_BULLETIN_WEEKS;) {
    week = periodOf('week', new Date(week.from.getTime() - 1));
    weeks.unshift(week.start);
  }
  // the party branches' index of each period, as the index job (every 15 minutes) had kept it while the
  // period was current: the history's visits were written after the fact, so it is computed here
  const scope = scopeOfRegionCode(township);
  const lastMonth = periodOf('month', new Date(periodOf('month', now).from.getTime() - 1));
  await services.partyIndex.recomputeScope(scope, new Date(lastMonth.to.getTime() - 1), ['month']);
  for (const start of weeks) await services.partyIndex.recomputeScope(scope, new Date(`${start}T12:00:00+08:00`), ['week']);
  // oldest first, as the scheduler would have made them: the newest message is last week's
  if ((await services.bulletins.generate(null, { kind: 'monthly', regionCode: township }, now)).created) made++;
  for (const start of weeks) {
    if ((await services.bulletins.generate(null, { kind: 'weekly', regionCode: township, periodStart: start }, now)).created) made++;
  }
  return { bulletins: made, ms: Date.now() - t };
}
