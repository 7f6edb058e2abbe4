/**
 * The notify module's domain events. (`notification.requested`, which any module emits to have people
 * told, belongs to the platform: see platform/events.ts.)
 */
export const DEADLINE_WARNING = 'notify.deadline_warning';

/** A case past 75 % of a time limit ("soon") or past it ("passed"); written in SQL by the clock job. */
export interface DeadlineWarning {
  caseId: string;
  no: string;
  title: string;
  level: string;
  clock: 'sign' | 'handle';
  kind: 'soon' | 'passed';
  deadline: string;
}

export interface NotifyEvents {
  [DEADLINE_WARNING]: DeadlineWarning;
  /** People were told (bell rows written): their live pages refresh the bell. */
  'notification.delivered': { recipients: string[]; kind: string; caseId: string | null; alarmId: string | null };
}
