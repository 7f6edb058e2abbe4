/**
 * Who is "verified in the village": a resident (or party member) whose home region lies in the idea's
 * or poll's area — a grid's code under the village counts; a township-wide idea takes the township's
 * residents. The voter key makes "one per person or per household" one unique column.
 */
import { can, scopeOfRegionCode, type Actor } from '../platform/access.ts';
import type { HouseholdsService } from '../households/index.ts';

/** A village's and its township's 12-digit codes from a home code (village 12 digits, grid 15, micro-grid 18). */
export function homeAreas(home: string | null | undefined): string[] {
  if (!home || home.length < 12) return [];
  return [home.slice(0, 12), `${home.slice(0, 9)}000`];
}

export const isVillage = (code: string) => /^[0-9]{12}$/.test(code) && !code.endsWith('000');
export const isTownship = (code: string) => /^[0-9]{9}000$/.test(code) && !code.endsWith('000000');

export function verifiedIn(actor: Actor, regionCode: string): boolean {
  return actor.kind !== 'tourist' && can(actor, 'ideas.take_part') && !!actor.homeRegionCode?.startsWith(scopeOfRegionCode(regionCode));
}

/** What a person may read: the ideas of their own village and township, or (staff) of the area they manage. */
export const mayRead = (actor: Actor, regionCode: string) => verifiedIn(actor, regionCode) || can(actor, 'ideas.manage', regionCode) || can(actor, 'ideas.count_paper', regionCode);

/** 'p:<user>' per person; 'h:<household>' per household (a person without a household counts alone). */
export async function voterKey(households: HouseholdsService, userId: string, mode: string): Promise<string> {
  if (mode !== 'household') return `p:${userId}`;
  const hh = await households.householdOf(userId);
  return hh ? `h:${hh.id}` : `p:${userId}`;
}

/** The keys by which this person may already have supported or voted (themself and their household). */
export async function keysOf(households: HouseholdsService, userId: string): Promise<string[]> {
  const hh = await households.householdOf(userId);
  return hh ? [`p:${userId}`, `h:${hh.id}`] : [`p:${userId}`];
}
