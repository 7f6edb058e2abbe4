/**
 * Per-area visit targets (the Community Health Toolkit's per-area goals): a month's visits owed scale
 * with households — an area's target is the households of its active 联户 tasks held by members not
 * exempted × the region's visits per household a month (the nearest covering region's setting, else
 * 2). Progress counts the month's logs of those tasks that were not rejected, per area and per member.
 */
import { sql } from 'drizzle-orm';
import { assertCan, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { maskName } from '../platform/privacy.ts';
import type { UsersService } from '../people/index.ts';
import type { Progress, TargetsView } from './duties.contract.ts';
import * as repo from './duties.repository.ts';
import { periodOf } from './periods.ts';
import { inScopes } from './register.repository.ts';

/** Visits per household a month where no region sets one (柯城: 联户 about every two weeks). */
export const DEFAULT_VISITS_PER_HOUSEHOLD = 2;

export class TargetsService {
  constructor(private p: Platform, private users: UsersService, private regions: { names(codes: string[]): Promise<Record<string, string>> }) {}

  async rateFor(regionCode: string): Promise<{ rate: number; from: string }> {
    return (await repo.targetRateFor(this.p.db, regionCode)) ?? { rate: DEFAULT_VISITS_PER_HOUSEHOLD, from: 'default' };
  }

  async putRate(actor: Actor, regionCode: string, visitsPerHousehold: number): Promise<{ regionCode: string; visitsPerHousehold: number; from: string }> {
    assertCan(actor, 'partywork.manage', regionCode);
    await this.p.tx(async (tx) => {
      await repo.putTargetRate(tx, regionCode, visitsPerHousehold, actor.id);
      await writeAudit(tx, { actorId: actor.id, action: 'partywork.target_changed', entity: 'party_targets', entityId: null, regionCode, details: { visitsPerHousehold } });
    });
    const r = await this.rateFor(regionCode);
    return { regionCode, visitsPerHousehold: r.rate, from: r.from };
  }

  /** The month's progress of the areas and members of the caller's scope (or of `region` within it). */
  async progress(actor: Actor, q: { region?: string }, at = new Date()): Promise<TargetsView> {
    // another area's region is refused (its rate is the area's setting), not answered empty
    assertCan(actor, 'partywork.read', q.region);
    const patterns = scopesFor(actor, 'partywork.read').map((s) => `${s}%`);
    const region = q.region ? scopeOfRegionCode(q.region) : undefined;
    const where = sql`${inScopes('t.region_code', patterns)} ${region ? sql`AND t.region_code LIKE ${`${region}%`}` : sql``}`;
    const month = periodOf('month', at);
    const [areas, members] = await Promise.all([
      repo.progress(this.p.db, 'area', where, month.from, month.to, at),
      repo.progress(this.p.db, 'member', where, month.from, month.to, at),
    ]);
    const names = { ...(await this.regions.names(areas.map((a) => a.key))), ...(await this.users.namesOf(members.map((m) => m.key))) };
    const rates = new Map<string, number>();
    const rateOf = async (code: string) => {
      if (!rates.has(code)) rates.set(code, (await this.rateFor(code)).rate);
      return rates.get(code)!;
    };
    const head = await this.rateFor(q.region ?? areas[0]?.region_code ?? actor.homeRegionCode ?? '');
    const show = async (r: repo.ProgressRow, name: string): Promise<Progress> => {
      const rate = await rateOf(r.region_code);
      return { key: r.key, name, regionCode: r.region_code, households: Number(r.households), rate, target: Number(r.households) * rate, visits: Number(r.visits), exempt: r.exempt === true };
    };
    const out: TargetsView = { month: month.start, rate: head.rate, rateFrom: head.from, areas: [], members: [] };
    for (const a of areas) out.areas.push(await show(a, names[a.key] ?? a.key));
    for (const m of members) out.members.push(await show(m, maskName(names[m.key] ?? '') ?? ''));
    return out;
  }

  /** A member's own month against the target (trusted: their page); null when they hold no 联户 task. */
  async mine(userId: string, at = new Date()): Promise<Progress | null> {
    const month = periodOf('month', at);
    const [row] = await repo.progress(this.p.db, 'member', sql`t.member_id = ${userId}::uuid`, month.from, month.to, at);
    if (!row) return null;
    const rate = (await this.rateFor(row.region_code)).rate;
    const name = (await this.users.namesOf([userId]))[userId] ?? '';
    return { key: row.key, name, regionCode: row.region_code, households: Number(row.households), rate, target: Number(row.households) * rate, visits: Number(row.visits), exempt: row.exempt === true };
  }
}
