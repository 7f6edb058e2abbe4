/**
 * What each kind of reader gets of a case (issue 11, fault 1). Staff whose scope covers the case see
 * all of it. Its reporter sees their case without the inside of the handling: no staff or organisation
 * ids, no internal notes (a return's or escalation's reason, a co-handler's note). A follower ("me too")
 * sees the public view — what Open311 shows: number, category, state, level, the area and rounded
 * location, times, and the timeline as actions and times only, plus their own "me too".
 */
import { iso, isoOrNull } from '../platform/contract.ts';
import { maskPersonalText } from '../platform/privacy.ts';
import type { CaseReader, CaseView, TimelineEntry } from './cases.contract.ts';
import type { CaseRow, TimelineRow } from './cases.repository.ts';

export type { CaseReader };

/** Notes written to the reporter (an answer, why a report was not taken, what was done), not among staff. */
const NOTES_FOR_REPORTER = new Set(['answer', 'reject', 'self_handle', 'feedback', 'close', 'rate', 'report']);

/** Public coordinates: three decimals, about 100 m (as Open311). */
const coarse = (v: number) => Math.round(v * 1000) / 1000;

export function presentTimeline(entries: TimelineRow[], view: CaseReader, viewerId: string): TimelineEntry[] {
  if (view === 'staff') {
    return entries.map((t) => ({
      id: t.id, at: iso(t.at), action: t.action, fromState: t.fromState, toState: t.toState, level: t.level,
      actorId: t.actorId, note: t.note, media: t.media, data: (t.data ?? {}) as Record<string, unknown>,
    }));
  }
  return entries.map((t) => {
    const own = t.actorId !== null && t.actorId === viewerId;
    const noteShown = view === 'reporter' ? NOTES_FOR_REPORTER.has(t.action) || own : own;
    return {
      id: t.id, at: iso(t.at), action: t.action, fromState: t.fromState, toState: t.toState, level: t.level,
      actorId: own ? t.actorId : null,
      note: noteShown ? t.note : null,
      media: view === 'reporter' && (own || NOTES_FOR_REPORTER.has(t.action)) ? t.media : [],
      data: view === 'reporter' && t.action === 'rate' ? (t.data ?? {}) as Record<string, unknown> : {},
    };
  });
}

/**
 * The case row as this reader may see it (no timeline: see presentTimeline). Never the row itself:
 * the reporter's idempotency key (clientKey) and the columns added later stay out unless listed here.
 */
export function presentCase(row: CaseRow, view: CaseReader): CaseView {
  const common = {
    id: row.id, no: row.no, categoryCode: row.categoryCode, severity: row.severity, state: row.state, level: row.level,
    source: row.source, reportedAt: iso(row.reportedAt), registeredAt: isoOrNull(row.registeredAt), dispatchedAt: isoOrNull(row.dispatchedAt),
    signedAt: isoOrNull(row.signedAt), feedbackAt: isoOrNull(row.feedbackAt), closedAt: isoOrNull(row.closedAt),
    signDeadline: isoOrNull(row.signDeadline), deadline: isoOrNull(row.deadline),
    supervision: row.supervision, reportCount: row.reportCount, mergedInto: row.mergedInto, updatedAt: iso(row.updatedAt),
    // the handling's inside stays inside
    assigneeId: null, assignedOrgId: null, coHandlers: [] as CaseView['coHandlers'],
  };
  if (view === 'staff') {
    return {
      ...common, title: row.title, description: row.description, regionCode: row.regionCode, villageCode: row.villageCode,
      lon: row.lon, lat: row.lat, reporterId: row.reporterId, media: row.media, rating: row.rating, ratedAt: isoOrNull(row.ratedAt),
      reworkCount: row.reworkCount, reopenCount: row.reopenCount,
      assigneeId: row.assigneeId, assignedOrgId: row.assignedOrgId, coHandlers: row.coHandlers,
      fixedDeadline: isoOrNull(row.fixedDeadline), lateAt: isoOrNull(row.lateAt), lateLevel: row.lateLevel, suspendedAt: isoOrNull(row.suspendedAt),
      requestedUntil: isoOrNull(row.requestedUntil), overdueAt: isoOrNull(row.overdueAt), closedOnTime: row.closedOnTime,
      extensionCount: row.extensionCount, sourceRef: row.sourceRef, version: row.version,
    };
  }
  if (view === 'reporter') {
    return {
      ...common, title: row.title, description: row.description, regionCode: row.regionCode, villageCode: row.villageCode,
      lon: row.lon, lat: row.lat, reporterId: row.reporterId, media: row.media, rating: row.rating, ratedAt: isoOrNull(row.ratedAt),
      reworkCount: row.reworkCount, reopenCount: row.reopenCount,
    };
  }
  return {
    ...common, title: maskPersonalText(row.title), description: '', regionCode: row.villageCode, villageCode: row.villageCode,
    lon: coarse(row.lon), lat: coarse(row.lat), reporterId: null, media: [] as string[], rating: null, ratedAt: null,
    reworkCount: 0, reopenCount: row.reopenCount,
  };
}
