/**
 * Rankings and 红黑榜 (issue 19 item 5), pure: periods (a Monday-to-Sunday week, a month, a year, in
 * Shanghai time, named by their first day), the public thresholds of the boards, the order and the
 * aggregates of a list, and the content its hash is taken over. A board says who reached a public mark
 * (红榜: earned at least `red`; 黑榜: lost points in the period — earned at most `black`, below zero by
 * default), never a quota: nobody is on the black board for not taking part.
 */
import { createHash } from 'node:crypto';
import { scopeOfRegionCode } from '../platform/access.ts';
import { periodOf, type Period, type PeriodKind as RankPeriod } from '../platform/periods.ts';
import { stableJson } from './ledger.ts';

/** The ranking periods are the platform's (platform/periods.ts): a Shanghai week, month or year. */
export { PERIOD_KINDS as RANK_PERIODS, type PeriodKind as RankPeriod } from '../platform/periods.ts';
/** resident: points earned by households (or people without one); grid_worker: service, from 满意 ratings. */
export const RANK_LEDGERS = ['resident', 'grid_worker'] as const;
export type RankLedger = (typeof RANK_LEDGERS)[number];

export { periodNamed, periodOf, type Period } from '../platform/periods.ts';

/** The period before the one `t` falls in (last month's 红黑榜). */
export const previousPeriod = (kind: RankPeriod, t: Date): Period => periodOf(kind, new Date(periodOf(kind, t).from.getTime() - 1));

export type Thresholds = Record<RankPeriod, { red: number; black: number }>;
/** The defaults where an area set none: a week's 10, a month's 30, a year's 300 points for 红榜; 黑榜 below zero. */
export const DEFAULT_THRESHOLDS: Thresholds = { week: { red: 10, black: -1 }, month: { red: 30, black: -1 }, year: { red: 300, black: -1 } };

export type Board = 'red' | 'black' | null;
export const boardOf = (earned: number, t: { red: number; black: number }): Board => (earned >= t.red ? 'red' : earned <= t.black ? 'black' : null);

export interface Earned { subject: string; regionCode: string; earned: number }
export interface Entry extends Earned { rank: number; board: Board }
export interface Aggregate { regionCode: string; subjects: number; total: number; average: number; red: number; black: number }

/** Most earned first (ties share a rank, then by subject id so the order is one order). */
export function rank(rows: readonly Earned[], t: { red: number; black: number }): Entry[] {
  const sorted = [...rows].sort((a, b) => b.earned - a.earned || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
  let prev = Number.NaN;
  let r = 0;
  return sorted.map((e, i) => {
    if (e.earned !== prev) { r = i + 1; prev = e.earned; }
    return { subject: e.subject, regionCode: e.regionCode, earned: e.earned, rank: r, board: boardOf(e.earned, t) };
  });
}

/** Totals of the whole list and per place one level below the area (villages of a township, grids of a village). */
export function aggregates(entries: readonly Entry[], area: string): { all: Aggregate; byPlace: Aggregate[] } {
  // one level below the area's scope: a district's townships, a township's villages, a village's grids
  const scope = scopeOfRegionCode(area).length;
  const level = scope < 6 ? 6 : scope < 9 ? 9 : scope < 12 ? 12 : 15;
  const sum = (code: string, list: readonly Entry[]): Aggregate => {
    const total = list.reduce((s, e) => s + e.earned, 0);
    return { regionCode: code, subjects: list.length, total, average: list.length ? Math.round((total / list.length) * 100) / 100 : 0, red: list.filter((e) => e.board === 'red').length, black: list.filter((e) => e.board === 'black').length };
  };
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const k = e.regionCode.length < level ? e.regionCode : level <= 12 ? e.regionCode.slice(0, level).padEnd(12, '0') : e.regionCode.slice(0, level);
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return { all: sum(area, entries), byPlace: [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => sum(k, v)) };
}

export interface ListContent {
  regionCode: string; ledger: RankLedger; kind: RankPeriod; start: string;
  thresholds: { red: number; black: number }; aggregatesOnly: boolean;
  entries: Entry[]; aggregates: { all: Aggregate; byPlace: Aggregate[] };
}

/** What a published list holds and hashes: with aggregates only, no entry (no person or household is ranked). */
export function listContent(h: Omit<ListContent, 'entries' | 'aggregates'>, earned: readonly Earned[]): ListContent {
  const entries = rank(earned, h.thresholds);
  return { ...h, entries: h.aggregatesOnly ? [] : entries, aggregates: aggregates(entries, h.regionCode) };
}

/** SHA-256 of the content as sorted-key JSON: the same ledger, the same hash. */
export const hashOf = (c: unknown) => createHash('sha256').update(stableJson(c)).digest('hex');
