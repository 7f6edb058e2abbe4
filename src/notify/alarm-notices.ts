/**
 * Monitoring alarms → people told (always urgent: quiet hours do not hold them back).
 *
 * - raised at, or risen to, major or critical: the grid worker(s) of the asset's grid and village (the
 *   person on the dam) and the township's command room; critical also the district's.
 * - left unacknowledged (`alarm.escalated`): the district's command room.
 *
 * Keyed `alarm:<id>:<severity>`: an alarm flapping major → critical → major → critical tells each
 * person once per severity, never once per rise. The group robots hear of alarms through
 * NotifyService.onAlarmEvent already. The alarm's case, if it has one by now, rides along for the
 * click-through.
 */
import type { Platform } from '../platform/context.ts';
import type { EventMap, EventOf } from '../platform/events.ts';
import type { NoticeDesk } from './notices.ts';
import type { Recipients } from './recipients.ts';

export const ALARM_NOTICE_EVENTS = ['alarm.raised', 'alarm.severity_changed', 'alarm.escalated'] as const;

const SEVERITY_ZH: Record<string, string> = { warning: '预警', major: '重大告警', critical: '危急告警' };
const TYPE_ZH: Record<string, string> = { water_level: '水位', threshold: '监测值', sudden_change: '突变', out_of_band: '异常波动', rainfall: '降雨', sensor_fault: '传感器故障', no_data: '数据中断' };

export class AlarmNotices {
  constructor(
    private p: Platform,
    private desk: NoticeDesk,
    private who: Recipients,
  ) {}

  subscribe(): void {
    for (const type of ALARM_NOTICE_EVENTS) this.p.events.subscribe(type, (e) => this.on(e));
  }

  async on(e: EventOf<EventMap, (typeof ALARM_NOTICE_EVENTS)[number]>): Promise<void> {
    const a = e.payload;
    const region = e.regionCode;
    if (!region || !a.alarmId) return;
    const escalated = e.type === 'alarm.escalated';
    if (!escalated && ((a.severity !== 'major' && a.severity !== 'critical') || a.rose === false)) return;
    const village = region.slice(0, 12);
    const recipients = escalated
      ? await this.who.commandRoom('district', village)
      : [
          ...await this.who.gridWorkers(region),
          ...await this.who.commandRoom('township', village),
          ...(a.severity === 'critical' ? await this.who.commandRoom('district', village) : []),
        ];
    const [row] = await this.p.database.raw<{ case_id: string | null; state: string }>('SELECT case_id, state FROM alarms WHERE id = $1', [a.alarmId]);
    // cleared since (an old event replayed, a history seeded): nothing to tell; acknowledged: nobody to chase
    if (row && (row.state === 'cleared' || (escalated && row.state !== 'active_unack'))) return;
    const what = `${a.asset}${TYPE_ZH[a.type] ?? ''}${SEVERITY_ZH[a.severity] ?? a.severity}`;
    await this.desk.deliver({
      eventId: e.id, key: `alarm:${a.alarmId}:${escalated ? 'unacknowledged' : a.severity}`, kind: 'alarm', urgent: true,
      recipients, alarmId: a.alarmId, caseId: row?.case_id ?? null, regionCode: region,
      title: escalated ? `【告警未确认】${what}` : `【${SEVERITY_ZH[a.severity]}】${what}`,
      body: escalated ? '告警超过 30 分钟无人确认，请督促处置' : `${a.reason ? `${a.reason}。` : ''}请立即确认告警并组织处置`,
    });
  }
}
