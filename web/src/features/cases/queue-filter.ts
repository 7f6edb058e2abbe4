/**
 * The queue's filters applied to one case, as the server applies them to the list (GET /api/cases:
 * states, levels, overdue — cases.repository.ts listCases / overdueNow), so a live event can put one
 * case in, move it or take it out without reloading the 200 rows.
 */
import type { CaseRow } from './caseUtil.ts';

export interface QueueFilter {
  states: string[];
  levels: string[];
  overdue: boolean;
}

/** The queue's address for these filters (the rows the page asks for, and the shell prefetches unfiltered). */
export function queueUrl({ states, levels, overdue }: QueueFilter): string {
  const q = new URLSearchParams({ limit: '200' });
  states.forEach((s) => q.append('state', s));
  levels.forEach((l) => q.append('level', l));
  if (overdue) q.set('overdue', 'true');
  return `/api/cases?${q}`;
}

/** The same filters as a file (the server's exports: CSV/XLSX of the queue, GeoJSON of its cases), in the page's language. */
export function exportUrl({ states, levels, overdue }: QueueFilter, format: 'csv' | 'xlsx' | 'geojson', lang: 'zh' | 'en'): string {
  const q = new URLSearchParams();
  states.forEach((s) => q.append('state', s));
  levels.forEach((l) => q.append('level', l));
  if (overdue) q.set('overdue', 'true');
  if (format === 'geojson') return `/api/cases/export.geojson?${q}`;
  q.set('lang', lang);
  return `/api/cases/export/${format}?${q}`;
}

const HANDLING = ['DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED'];
const LATE_OPEN = ['REGISTERED', ...HANDLING];

export function overdueNow(c: CaseRow, now: number): boolean {
  const past = (at: string | null | undefined) => !!at && new Date(at).getTime() < now;
  return (HANDLING.includes(c.state) && (past(c.deadline) || past(c.signDeadline))) || (!!c.lateAt && LATE_OPEN.includes(c.state));
}

export function fitsQueue(c: CaseRow, f: QueueFilter, now: number): boolean {
  return (f.states.length === 0 || f.states.includes(c.state)) && (f.levels.length === 0 || f.levels.includes(c.level)) && (!f.overdue || overdueNow(c, now));
}

/** The queue with `c` put in its place (newest reported first, as the server orders), or taken out. */
export function applyToQueue(rows: CaseRow[], id: string, c: CaseRow | null, f: QueueFilter, now: number, limit = 200): CaseRow[] {
  const rest = rows.filter((r) => r.id !== id);
  if (!c || !fitsQueue(c, f, now)) return rest;
  const at = rest.findIndex((r) => r.reportedAt < c.reportedAt || (r.reportedAt === c.reportedAt && r.id < c.id));
  const next = at < 0 ? [...rest, c] : [...rest.slice(0, at), c, ...rest.slice(at)];
  return next.slice(0, limit);
}
