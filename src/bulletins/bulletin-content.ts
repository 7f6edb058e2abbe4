/**
 * A bulletin's content, pure: from the figures of the period and of the one before, the numbered title,
 * the ranking with its tie rules, the 红黑榜 by the public thresholds, and the overdue and 督办 lists.
 * The content holds no generation time, so the same figures give the same canonical JSON and hash.
 */
import { createHash } from 'node:crypto';
import type { PeriodKind } from '../platform/periods.ts';

export const BULLETIN_KINDS = ['weekly', 'monthly', 'yearly'] as const;
export type BulletinKind = (typeof BULLETIN_KINDS)[number];
export const PERIOD_OF: Record<BulletinKind, PeriodKind> = { weekly: 'week', monthly: 'month', yearly: 'year' };
export const KIND_ZH: Record<BulletinKind, string> = { weekly: '周通报', monthly: '月督查通报', yearly: '年度考核通报' };
export const KIND_EN: Record<BulletinKind, string> = { weekly: 'Weekly bulletin', monthly: 'Monthly inspection', yearly: 'Annual assessment' };

/**
 * The public thresholds of the 红黑榜, printed in every bulletin. 红榜: at least RED_MIN_DUE cases due,
 * 按期结案率 ≥ RED_ON_TIME, 满意率 ≥ RED_SATISFACTION (or nobody rated) and nothing overdue at the end.
 * 黑榜: 按期结案率 < BLACK_ON_TIME (with something due), or BLACK_OVERDUE or more overdue at the end, or
 * 满意率 < BLACK_SATISFACTION over at least BLACK_MIN_RATINGS ratings. The 70 % line is the practice's
 * pass mark for the on-time rate (DOMAIN.md, assessment scores).
 */
export const THRESHOLDS = {
  redMinDue: 3, redOnTime: 95, redSatisfaction: 90,
  blackOnTime: 70, blackOverdue: 3, blackSatisfaction: 60, blackMinRatings: 3,
} as const;

/** The tie rules, in order, printed under the ranking. */
export const TIE_RULES_ZH = '排名规则：按期结案率高者在前；相同则满意率高者在前（无评价者在后）；再相同则期末超期件少者在前；再相同则办结件多者在前；四项均相同者并列同一名次（下一名次顺延），并列者按区划代码排列。本期无到期案件的单位不参评。';
export const TIE_RULES_EN = 'Ranked by on-time close rate; ties by satisfaction (units nobody rated last), then fewer cases overdue at the end, then more closed; equal on all four share a rank (the next rank is skipped) and are listed by region code. Units with nothing due in the period are not ranked.';

/** One unit's figures (a village of a township, a township of a district) for a period. */
export interface UnitFigures {
  code: string;
  name: string;
  received: number;
  due: number;
  closed: number;
  closedOnTime: number;
  onTimeRate: number | null;
  ratings: number;
  satisfaction: number | null;
  /** Cases overdue at the end of the period. */
  overdue: number;
}

export interface Totals {
  received: number;
  closed: number;
  onTimeRate: number | null;
  satisfaction: number | null;
  overdue: number;
}

export interface RankedUnit extends UnitFigures {
  /** Competition rank (1, 2, 2, 4); null: not ranked (nothing due). */
  rank: number | null;
  /** Change of the on-time rate against the last period, percentage points (null: either side has none). */
  onTimeChange: number | null;
  list: 'red' | 'black' | null;
  /** Why on the 黑榜 / 红榜, in words. */
  reasons: string[];
}

export interface ListedCase {
  no: string;
  category: string;
  unit: string;
  level: string;
  lateAt: string;
  /** Days overdue at the end of the period (whole days, at least 1). */
  days: number;
  supervision: string;
  /** Still open now, or closed after the period's end (the date). */
  status: string;
}

export interface BulletinContent {
  kind: BulletinKind;
  region: { code: string; name: string; level: string };
  period: { start: string; end: string };
  number: { year: number; serial: number; label: string };
  title: string;
  totals: { current: Totals; previous: Totals; change: { received: number; closed: number; onTimeRate: number | null; satisfaction: number | null } };
  units: RankedUnit[];
  thresholds: typeof THRESHOLDS;
  tieRules: { zh: string; en: string };
  overdue: { total: number; items: ListedCase[] };
  supervised: { total: number; items: ListedCase[] };
  /**
   * 党员服务力指数 of the period: the party branches of the area ranked by their members' average index
   * (partywork's ranking, branches only — never a person in a bulletin). Absent in bulletins made before
   * it was added.
   */
  indices?: { branches: IndexedBranch[] };
}

export interface IndexedBranch { rank: number; name: string; unit: string; members: number; average: number; valuedLogs: number }

const SUPERVISION_ZH = ['—', '催办', '督办', '通报'];
const LEVEL_ZH: Record<string, string> = { village: '村级', township: '乡镇级', district: '区级', city: '市级' };
const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((a - b) * 10) / 10);

/** ISO 8601 week number and its year of a Monday (YYYY-MM-DD): 周通报 are numbered by it. */
export function isoWeek(monday: string): { year: number; week: number } {
  const d = new Date(`${monday}T00:00:00Z`);
  const thursday = new Date(d.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  return { year, week: Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1 };
}

/** The issue number: 沟溪乡〔2026〕第48期 (weekly: the ISO week; monthly: the month; yearly: 1). */
export function numberOf(kind: BulletinKind, regionName: string, periodStart: string): { year: number; serial: number; label: string } {
  const [y, m] = periodStart.split('-').map(Number);
  const { year, serial } = kind === 'weekly' ? (({ year: wy, week }) => ({ year: wy, serial: week }))(isoWeek(periodStart)) : { year: y, serial: kind === 'monthly' ? m : 1 };
  return { year, serial, label: `${regionName}〔${year}〕第${serial}期` };
}

/** Sort key comparison of the tie rules (negative: a ranks before b). */
function compareUnits(a: UnitFigures, b: UnitFigures): number {
  return (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1)
    || (b.satisfaction ?? -1) - (a.satisfaction ?? -1)
    || a.overdue - b.overdue
    || b.closed - a.closed;
}

/** Rank the units by the tie rules; units with nothing due are listed after, unranked. */
export function rankUnits(units: UnitFigures[], previous: Map<string, UnitFigures>): RankedUnit[] {
  const ranked = units.filter((u) => u.due > 0).sort((a, b) => compareUnits(a, b) || a.code.localeCompare(b.code));
  const out: RankedUnit[] = [];
  ranked.forEach((u, i) => {
    const tie = i > 0 && compareUnits(ranked[i - 1], u) === 0;
    out.push({ ...u, rank: tie ? out[i - 1].rank : i + 1, onTimeChange: delta(u.onTimeRate, previous.get(u.code)?.onTimeRate ?? null), ...redBlack(u) });
  });
  for (const u of units.filter((x) => x.due === 0).sort((a, b) => a.code.localeCompare(b.code))) {
    out.push({ ...u, rank: null, onTimeChange: null, ...redBlack(u) });
  }
  return out;
}

/** Which list a unit is on, and why (the black list wins: a unit on both is not praised). */
export function redBlack(u: UnitFigures): { list: 'red' | 'black' | null; reasons: string[] } {
  const t = THRESHOLDS;
  const black: string[] = [];
  if (u.due > 0 && u.onTimeRate !== null && u.onTimeRate < t.blackOnTime) black.push(`按期结案率 ${u.onTimeRate}% 低于 ${t.blackOnTime}%`);
  if (u.overdue >= t.blackOverdue) black.push(`期末超期未结 ${u.overdue} 件（≥ ${t.blackOverdue} 件）`);
  if (u.ratings >= t.blackMinRatings && u.satisfaction !== null && u.satisfaction < t.blackSatisfaction) black.push(`满意率 ${u.satisfaction}% 低于 ${t.blackSatisfaction}%`);
  if (black.length) return { list: 'black', reasons: black };
  if (u.due >= t.redMinDue && (u.onTimeRate ?? 0) >= t.redOnTime && (u.satisfaction === null || u.satisfaction >= t.redSatisfaction) && u.overdue === 0) {
    return { list: 'red', reasons: [`按期结案率 ${u.onTimeRate}%，满意率 ${u.satisfaction === null ? '无评价' : `${u.satisfaction}%`}，无超期`] };
  }
  return { list: null, reasons: [] };
}

export interface OverdueInput {
  no: string;
  category: string | null;
  unitName: string;
  level: string;
  lateAt: string;
  supervision: number;
  closedAt: string | null;
}

/** A listed case as printed: days overdue at the period's end, the flag and what became of it. */
export function listCase(c: OverdueInput, periodEnd: Date): ListedCase {
  const days = Math.max(1, Math.floor((periodEnd.getTime() - Date.parse(c.lateAt)) / 86_400_000));
  return {
    no: c.no, category: c.category ?? '—', unit: c.unitName, level: LEVEL_ZH[c.level] ?? c.level, lateAt: c.lateAt, days,
    supervision: SUPERVISION_ZH[c.supervision] ?? '—', status: c.closedAt ? `期后办结（${shanghaiDate(c.closedAt)}）` : '仍未办结',
  };
}

export function changeOf(current: Totals, previous: Totals) {
  return {
    received: current.received - previous.received, closed: current.closed - previous.closed,
    onTimeRate: delta(current.onTimeRate, previous.onTimeRate), satisfaction: delta(current.satisfaction, previous.satisfaction),
  };
}

/** JSON with keys sorted at every level: the canonical form the hash is taken of. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export const contentHash = (c: BulletinContent): string => createHash('sha256').update(canonicalJson(c)).digest('hex');
export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The Shanghai date of an instant. */
export const shanghaiDate = (t: string | Date): string => new Date(new Date(t).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The group robot's message for a published bulletin (DingTalk markdown): number and period, the
 * figures, the red and black lists by name, and a link to the bulletin (an absolute one when the
 * platform knows its address, PUBLIC_URL; otherwise where to find it in the console).
 */
export function robotMessage(c: BulletinContent, regionName: string, publicUrl: string | null, id: string): { title: string; text: string } {
  const title = `${KIND_ZH[c.kind]} ${c.number.label}`;
  const t = c.totals.current;
  const names = (list: 'red' | 'black') => c.units.filter((u) => u.list === list).map((u) => u.name).join('、') || '无';
  const rate = (x: number | null) => (x === null ? '—' : `${x}%`);
  return {
    title,
    text: [
      `### ${regionName} ${title}`,
      `- 统计期间：${c.period.start} 至 ${c.period.end}`,
      `- 受理 ${t.received} 件，办结 ${t.closed} 件，按期结案率 ${rate(t.onTimeRate)}，满意率 ${rate(t.satisfaction)}，期末超期未结 ${t.overdue} 件`,
      `- 红榜：${names('red')}`,
      `- 黑榜：${names('black')}`,
      publicUrl ? `- [查看通报全文、排名和督办清单](${publicUrl}/app/bulletins/${id})` : '- 全文、排名和督办清单请登录乡村大脑「通报考核」查看',
    ].join('\n'),
  };
}
