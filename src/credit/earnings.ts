/**
 * Points earned per household over an area and period, with the rule mix: the households' roster and
 * the ledger's per-person earnings (both trusted bulk queries of their modules) rolled up here. A
 * person counts for the household they belong to now; a person in no household counts for none.
 */
import type { RosterHousehold } from '../households/index.ts';
import type { EarnedRow } from '../points/index.ts';

export interface HouseholdEarning {
  household: RosterHousehold;
  points: number;
  /** by rule, most points first (ties by key) */
  mix: { rule: string; name: string; points: number }[];
}

export interface EarningSources {
  roster: { in(scope: string): Promise<RosterHousehold[]> };
  earned: { byHolderAndRule(scope: string, from: Date, to: Date): Promise<EarnedRow[]> };
}

export async function householdEarnings(src: EarningSources, scope: string, from: Date, to: Date): Promise<HouseholdEarning[]> {
  const [households, rows] = await Promise.all([src.roster.in(scope), src.earned.byHolderAndRule(scope, from, to)]);
  const ofPerson = new Map<string, RosterHousehold>();
  for (const h of households) for (const m of h.memberIds) ofPerson.set(m, h);
  const mixes = new Map<string, Map<string, { name: string; points: number }>>();
  for (const r of rows) {
    const h = ofPerson.get(r.holderId);
    if (!h) continue;
    const mix = mixes.get(h.id) ?? new Map();
    mixes.set(h.id, mix);
    const m = mix.get(r.ruleKey) ?? { name: r.ruleName, points: 0 };
    m.points += r.earned;
    mix.set(r.ruleKey, m);
  }
  return households.map((household) => {
    const mix = [...(mixes.get(household.id) ?? new Map<string, { name: string; points: number }>()).entries()]
      .map(([rule, m]) => ({ rule, name: m.name, points: m.points })).filter((m) => m.points !== 0)
      .sort((a, b) => b.points - a.points || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
    return { household, points: mix.reduce((s, m) => s + m.points, 0), mix };
  });
}
