/**
 * The client event map: what each Server-Sent Events message carries, per stream, and the event names
 * the web listens to. Shared with the web (web/src imports this file; it imports types only, so no
 * server code reaches the browser bundle).
 *
 * Two streams (platform/realtime.ts):
 * - `/api/events/stream` (staff, their area's events): `StaffFrame` — the domain event as stored, payload
 *   per `EventMap` (src/events.ts). Staff may see every field of their area's events.
 * - `/api/cases/my-events` (a resident's own and followed cases): `ResidentFrame` — the presenter
 *   `personalFilter` (cases/followers.ts) keeps the case number and state only: no staff ids (assignee,
 *   organisation, actor), no notes, no other residents' ids.
 */
import type { CaseTransitionEvent, ResidentCaseUpdate } from './cases/case.events.ts';
import type { EventMap } from './platform/events.ts';
import type {} from './events.ts'; // fills EventMap (declaration merging)

/** A staff stream message: `event: <type>`, data as below. */
export interface StaffFrame<K extends keyof EventMap & string = keyof EventMap & string> {
  id: number;
  type: K;
  regionCode: string | null;
  aggregateId: string | null;
  payload: EventMap[K];
  createdAt: string;
}

export type { ResidentCaseUpdate };

/** A resident stream message. */
export interface ResidentFrame {
  id: number;
  type: string;
  payload: ResidentCaseUpdate;
}

/** Case events the case pages reload on (staff stream and the residents' stream alike). */
export const CASE_STREAM_EVENTS = [
  'case.reported', 'case.registered', 'case.dispatched', 'case.signed', 'case.feedback_given', 'case.closed', 'case.rated',
  'case.escalated', 'case.overdue', 'case.supervised', 'case.returned', 'case.rejected', 'case.reopened', 'case.self_handled', 'case.merged',
  'case.co_signed', 'case.co_feedback_given', 'case.co_handler_waived', 'case.answered', 'case.me_too',
] as const satisfies readonly (CaseTransitionEvent | 'case.me_too')[];

/** Alarm events the reservoirs page reloads on. */
export const ALARM_STREAM_EVENTS = ['alarm.raised', 'alarm.severity_changed', 'alarm.cleared'] as const satisfies readonly (keyof EventMap)[];

/** Events the cameras page reloads on (its cases opening and closing too). */
export const CAMERA_STREAM_EVENTS = ['camera.triggered', 'camera.offline', 'case.reported', 'case.closed'] as const satisfies readonly (keyof EventMap)[];

/** The bell refreshes when someone asked for the reader to be told. */
export const NOTIFICATION_STREAM_EVENT = 'notification.requested' satisfies keyof EventMap;
