/**
 * The sensors module's domain events. Alarms are emitted by the rule engine (alarms.ts) and, set-based
 * in SQL, by the alarm sweep (no data, unacknowledged too long: the fields marked optional are absent there).
 */
export interface AlarmPayload {
  alarmId: string;
  /** The asset's name (a reservoir, a station). */
  asset: string;
  /** The alarm type (water_level, rainfall, no_data …). */
  type: string;
  severity: string;
  value?: number | null;
  reason?: string | null;
  /** True when the severity rose (or the alarm is new); false when it fell. */
  rose?: boolean;
}

export interface AlarmClearedPayload {
  alarmId: string;
  asset: string;
  type: string;
  caseId: string | null;
}

export interface SensorsEvents {
  'alarm.raised': AlarmPayload;
  'alarm.severity_changed': AlarmPayload;
  'alarm.escalated': AlarmPayload;
  'alarm.cleared': AlarmClearedPayload;
  /** A rule set was written: every process reloads its rules. */
  'sensors.rules_changed': { scope: string; target: string; version: number };
}
