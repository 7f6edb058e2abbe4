/**
 * Presenters of the sensors module's answers (sensors.contract.ts): each lists the fields the API shows
 * and writes timestamps as ISO text, so a column added to a table does not leak into an answer.
 */
import { iso, isoOrNull } from '../platform/contract.ts';
import type { AlarmEvent, AlarmView, RuleSetVersion, Rules } from './sensors.contract.ts';

type When = Date | string;
/** An alarm as alarms.ts's presentAlarm gives it (the row, its asset's name and the device/arrival times). */
export interface AlarmLike {
  id: string; assetId: string; asset: string; deviceId: string; type: string; severity: string; state: string; value: number; reason: string;
  startedAt: When; raisedAt: When; updatedAt: When; acknowledgedAt: When | null; acknowledgedBy: string | null; clearedAt: When | null;
  escalatedAt: When | null; caseId: string | null; episodeId: string | null; rules: string | null;
  deviceTime: string; arrivalTime: string; arrivalDelaySeconds: number;
}

export function alarmView(a: AlarmLike): AlarmView {
  return {
    id: a.id, assetId: a.assetId, asset: a.asset, deviceId: a.deviceId, type: a.type, severity: a.severity, state: a.state, value: a.value,
    reason: a.reason, startedAt: iso(a.startedAt), raisedAt: iso(a.raisedAt), updatedAt: iso(a.updatedAt),
    acknowledgedAt: isoOrNull(a.acknowledgedAt), acknowledgedBy: a.acknowledgedBy, clearedAt: isoOrNull(a.clearedAt),
    escalatedAt: isoOrNull(a.escalatedAt), caseId: a.caseId, episodeId: a.episodeId, rules: a.rules,
    deviceTime: a.deviceTime, arrivalTime: a.arrivalTime, arrivalDelaySeconds: a.arrivalDelaySeconds,
  };
}

export function alarmEventView(e: { id: number; alarmId: string; at: When; action: string; severity: string | null; value: number | null; note: string | null; actorId: string | null }): AlarmEvent {
  return { id: e.id, alarmId: e.alarmId, at: iso(e.at), action: e.action, severity: e.severity, value: e.value, note: e.note, actorId: e.actorId };
}

export function ruleSetView(r: { id: number; scope: string; target: string; version: number; overrides: Record<string, unknown>; note: string | null; createdBy: string | null; createdAt: When }): RuleSetVersion {
  return { id: r.id, scope: r.scope, target: r.target, version: r.version, overrides: r.overrides as Rules, note: r.note, createdBy: r.createdBy, createdAt: iso(r.createdAt) };
}
