/**
 * What each kind of reader gets of a case (issue 11, fault 1). Staff whose scope covers the case see
 * all of it. Its reporter sees their case without the inside of the handling: no staff or organisation
 * ids, no internal notes (a return's or escalation's reason, a co-handler's note). A follower ("me too")
 * sees the public view — what Open311 shows: number, category, state, level, the area and rounded
 * location, times, and the timeline as actions and times only, plus their own "me too".
 */
import { maskPersonalText } from '../platform/privacy.ts';
import type { CaseRow, TimelineRow } from './cases.repository.ts';

export type CaseView = 'staff' | 'reporter' | 'public';

/** Notes written to the reporter (an answer, why a report was not taken, what was done), not among staff. */
const NOTES_FOR_REPORTER = new Set(['answer', 'reject', 'self_handle', 'feedback', 'close', 'rate', 'report']);

/** Public coordinates: three decimals, about 100 m (as Open311). */
const coarse = (v: number) => Math.round(v * 1000) / 1000;

export function presentTimeline(entries: TimelineRow[], view: CaseView, viewerId: string) {
  if (view === 'staff') return entries;
  return entries.map((t) => {
    const own = t.actorId !== null && t.actorId === viewerId;
    const noteShown = view === 'reporter' ? NOTES_FOR_REPORTER.has(t.action) || own : own;
    return {
      id: t.id, at: t.at, action: t.action, fromState: t.fromState, toState: t.toState, level: t.level,
      actorId: own ? t.actorId : null,
      note: noteShown ? t.note : null,
      media: view === 'reporter' && (own || NOTES_FOR_REPORTER.has(t.action)) ? t.media : [],
      data: view === 'reporter' && t.action === 'rate' ? t.data : {},
    };
  });
}

/** The case row as this reader may see it (no timeline: see presentTimeline). */
export function presentCase(row: CaseRow, view: CaseView) {
  if (view === 'staff') return row;
  const common = {
    id: row.id, no: row.no, categoryCode: row.categoryCode, severity: row.severity, state: row.state, level: row.level,
    source: row.source, reportedAt: row.reportedAt, registeredAt: row.registeredAt, dispatchedAt: row.dispatchedAt,
    signedAt: row.signedAt, feedbackAt: row.feedbackAt, closedAt: row.closedAt, signDeadline: row.signDeadline, deadline: row.deadline,
    supervision: row.supervision, reportCount: row.reportCount, mergedInto: row.mergedInto, updatedAt: row.updatedAt,
    // the handling's inside stays inside
    assigneeId: null, assignedOrgId: null, coHandlers: [] as CaseRow['coHandlers'],
  };
  if (view === 'reporter') {
    return {
      ...common, title: row.title, description: row.description, regionCode: row.regionCode, villageCode: row.villageCode,
      lon: row.lon, lat: row.lat, reporterId: row.reporterId, media: row.media, rating: row.rating, ratedAt: row.ratedAt,
      reworkCount: row.reworkCount, reopenCount: row.reopenCount, clientKey: row.clientKey,
    };
  }
  return {
    ...common, title: maskPersonalText(row.title), description: '', regionCode: row.villageCode, villageCode: row.villageCode,
    lon: coarse(row.lon), lat: coarse(row.lat), reporterId: null, media: [] as string[], rating: null, ratedAt: null,
    reworkCount: 0, reopenCount: row.reopenCount, clientKey: null,
  };
}
