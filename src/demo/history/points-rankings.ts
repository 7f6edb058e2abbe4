/**
 * The demo's expiry and 红黑榜 (issue 19), after the year of points: 余大伯 (13800000001) has points of
 * last year left that expire at the end of this year — a council meeting and a tidy yard of last
 * autumn, dated then through the ledger's clock — and is told so when the notice is due; 余东村's 红黑榜
 * of last month is published by the district's administrator (a snapshot whose hash the ledger gives
 * again: `GET /api/points/rankings/lists/:id/verify`). Through the services, deterministic: the award's
 * id comes from its business key, and publishing again answers the list that stands.
 */
import type { Platform } from '../../platform/context.ts';
import type { ModuleServices as Services } from '../../platform/module.ts';
import { keyedUuid, previousPeriod } from '../../points/index.ts';

const SHIFT = 8 * 3_600_000;

export async function seedRankingsAndExpiry(p: Platform, services: Services, codeByName: Map<string, string>, known: Map<string, string>, now: number): Promise<{ listId: string | null; expiring: number }> {
  const at = new Date(now);
  const resident = known.get('13800000001');
  let expiring = 0;
  if (resident) {
    const year = new Date(now + SHIFT).getUTCFullYear() - services.pointsExpiry.keepYears;
    const account = await services.points.accountOf(resident);
    const issuance = await services.points.systemAccount('resident', 'issuance');
    // last autumn's points (10 October, 9:00 Shanghai), by the ledger's clock then
    const then = new Date(Date.UTC(year, 9, 10, 1));
    const awards = [[20, '参加村民议事会', 'council_meeting'], [10, '宅前屋后无乱堆物', 'tidy_frontyard']] as const;
    const results = await services.points.apply(awards.map(([amount, reason, rule], i) => {
      const key = `demo:expiring:${year}:${i}`;
      return { id: keyedUuid(key), ledger: 'resident' as const, debitAccountId: issuance.id, creditAccountId: account.id, amount, code: 'award' as const, reason, businessKey: key, ruleId: rule };
    }), then);
    if (results.some((r) => !r.ok && r.code !== 'POINTS_BUSINESS_KEY_EXISTS' && r.code !== 'POINTS_TRANSFER_EXISTS')) p.log.warn({ results }, 'demo: expiring points not written');
    expiring = (await services.pointsExpiry.upcoming(resident, 'resident', at)).amount;
    await services.pointsExpiry.noticeDue(at);
  }
  const yudong = codeByName.get('余东村');
  const admin = known.get('admin');
  if (!yudong || !admin) return { listId: null, expiring };
  const list = await services.pointsRankings.publish(await services.users.actorOf(admin), { regionCode: yudong, period: 'month', start: previousPeriod('month', at).start }, at);
  return { listId: list.list.id, expiring };
}
