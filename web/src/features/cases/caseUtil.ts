import { useEffect, useState } from 'react';
import { CASE_STREAM_EVENTS, type ResidentCaseUpdate } from '../../../../src/client-events.ts';
import { useLive } from '../../shared/live.ts';
import { api } from '../../shared/api.ts';
import { getLang, t } from '../../shared/i18n.ts';

/** What the case routes answer (the server's contract). */
import type { CaseView as CaseRow, Category } from '../../../../src/cases/cases.contract.ts';
export type { CaseView as CaseRow, TimelineEntry as TimelineRow, CaseDetail as CaseDetailData, Category } from '../../../../src/cases/cases.contract.ts';
// the contract sends these as plain strings: the machine's own lists type the keys of their words (`state_${CaseState}`)
import type { ActionName } from '../../../../src/cases/case-machine.ts';
export type { ActionName, CaseLevel, CaseStateName as CaseState, CoStatus, Rating } from '../../../../src/cases/case-machine.ts';
export type { CaseSource } from '../../../../src/cases/sources.ts';
export type { LimitUnit } from '../../../../src/cases/calendar.ts';
/** An action on a case: a command, or a step no one commands (a report, supervision, a duplicate merged in, me too). */
export type CaseAction = ActionName | 'report' | 'urge' | 'supervise' | 'report_publicly' | 'absorb' | 'me_too' | 'escalate';
/** 催办, 督办, 通报: how many times a case was supervised (shown from 1 to 3). */
export type Supervision = 1 | 2 | 3;

export const STATE_COLOR: Record<string, string> = {
  PENDING_ACCEPT: 'gold', REGISTERED: 'blue', DISPATCHED: 'orange', PROCESSING: 'processing', EXTENSION_REQUESTED: 'purple',
  SUSPENDED: 'default', VERIFYING: 'cyan', CLOSED: 'green', RATED: 'success', ARCHIVED: 'default', REJECTED: 'default', MERGED: 'default',
};

export function duration(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000));
  if (m < 60) return `${m} ${t('minutes')}`;
  if (m < 48 * 60) return `${Math.floor(m / 60)} ${t('hours')} ${m % 60} ${t('minutes')}`;
  return `${Math.floor(m / 1440)} ${t('days')} ${Math.floor((m % 1440) / 60)} ${t('hours')}`;
}

/** The deadline that applies now (signing or handling), and whether it has passed. */
export function clock(c: CaseRow, now = Date.now()): { at: string | null; overdue: boolean } {
  const at = c.state === 'DISPATCHED' ? c.signDeadline : ['PROCESSING', 'EXTENSION_REQUESTED'].includes(c.state) ? c.deadline : null;
  return { at, overdue: !!at && new Date(at).getTime() < now };
}

// one formatter for every call (toLocaleString's defaults spelled out): toLocaleString builds a new one
// each time, ≈1 ms a call on a busy machine — 40 calls a queue page
const TIME = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
export const formatTime = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? d.toLocaleString() : TIME.format(d); // format() throws on an invalid date
};

/** Reload when a case event arrives (Server-Sent Events): staff get their area's, residents their own cases'. */
export const MY_EVENTS = '/api/cases/my-events';
// both streams' messages carry at least these (src/client-events.ts: StaffFrame, ResidentFrame)
export function useCaseEvents(onEvent: (type: string, data: { payload?: Partial<ResidentCaseUpdate> }) => void, url = '/api/events/stream') {
  useLive(url, CASE_STREAM_EVENTS, (type, frame) => onEvent(type, frame as { payload?: Partial<ResidentCaseUpdate> }));
}

/** Scope prefix of a region code (same rule as the server's platform/access.ts). */
export function scopeOf(code: string): string {
  if (code.length > 12) return code;
  for (const len of [2, 4, 6, 9]) if (/^0+$/.test(code.slice(len))) return code.slice(0, len);
  return code;
}

let categoryCache: Promise<Category[]> | null = null;
/** Category names by code, fetched once per page load. */
export function useCategoryNames(): (code: string | null) => string {
  const [cats, setCats] = useState<Category[]>([]);
  useEffect(() => {
    categoryCache ??= api<{ items: Category[] }>('/api/case-categories').then((r) => r.items);
    void categoryCache.then(setCats);
  }, []);
  return (code) => {
    if (!code) return '—';
    const k = cats.find((c) => c.code === code);
    return k ? (getLang() === 'en' ? k.nameEn : k.name) : code;
  };
}
