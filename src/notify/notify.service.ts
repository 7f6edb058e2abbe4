/**
 * Notifications out of domain events: case escalations and overdue steps go to the group robot of the
 * level that now holds the case (its region or any ancestor region's channel of that level); a major or
 * critical monitoring alarm goes to the township's robot at once, and an alarm nobody acknowledged in
 * time to the district's. Subscribes through the outbox, so a failed send is retried; sent pairs are
 * logged.
 */
import { and, eq, sql } from 'drizzle-orm';
import { assertCan, scopeOfRegionCode, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { badRequest } from '../platform/errors.ts';
import type { DomainEvent } from '../platform/events.ts';
import { sendMarkdown } from './dingtalk.ts';
import { notificationChannels, notificationLog } from './notify.schema.ts';

const LEVEL_ZH: Record<string, string> = { village: '村', township: '乡镇', district: '区', city: '市' };
const SUPERVISION_ZH = ['', '催办', '督办', '通报'];
export const NOTIFIED_EVENTS = ['case.escalated', 'case.overdue', 'case.supervised'];
export const ALARM_EVENTS = ['alarm.raised', 'alarm.severity_changed', 'alarm.escalated'];
const ALARM_ZH: Record<string, string> = { warning: '预警', major: '重大告警', critical: '危急告警' };
const ALARM_TYPE_ZH: Record<string, string> = { water_level: '水位', threshold: '监测值', sudden_change: '突变', out_of_band: '异常波动', rainfall: '降雨', sensor_fault: '传感器故障', no_data: '数据中断' };

export class NotifyService {
  constructor(private p: Platform) {}

  subscribe(): void {
    for (const type of NOTIFIED_EVENTS) this.p.events.subscribe(type, (e) => this.onCaseEvent(e));
    for (const type of ALARM_EVENTS) this.p.events.subscribe(type, (e) => this.onAlarmEvent(e));
  }

  async addChannel(actor: Actor | null, input: { name: string; regionCode: string; level: string; url: string; secret?: string | null }) {
    if (actor) assertCan(actor, 'orgs.write', input.regionCode);
    if (!['village', 'township', 'district', 'city'].includes(input.level)) throw badRequest('VALIDATION_FAILED', 'level must be village, township, district or city', { field: 'level' });
    const [row] = await this.p.db.insert(notificationChannels).values({ ...input, secret: input.secret ?? null }).returning();
    return { ...row, secret: row.secret ? '***' : null };
  }

  /** Channels of a level whose region covers the case's region. */
  private async channelsFor(regionCode: string, level: string) {
    const rows = await this.p.db.select().from(notificationChannels).where(eq(notificationChannels.level, level));
    return rows.filter((c) => regionCode.startsWith(scopeOfRegionCode(c.regionCode)));
  }

  /** Send to each channel once per event (an event retried by the outbox skips the channels it reached). */
  private async send(e: DomainEvent, regionCode: string, level: string, title: string, text: string): Promise<void> {
    for (const ch of await this.channelsFor(regionCode, level)) {
      const [sent] = await this.p.db.select().from(notificationLog).where(and(eq(notificationLog.eventId, e.id), eq(notificationLog.channelId, ch.id)));
      if (sent) continue;
      await sendMarkdown(ch.url, ch.secret, title, text); // throws → the outbox retries the event
      await this.p.db.insert(notificationLog).values({ eventId: e.id, channelId: ch.id }).onConflictDoNothing();
    }
  }

  /**
   * A major or critical alarm (raised, or risen to it) → the township's robot; an alarm left
   * unacknowledged (`alarm.escalated`) → the district's. Warnings stay on the screens.
   */
  private async onAlarmEvent(e: DomainEvent): Promise<void> {
    const a = e.payload as { asset: string; type: string; severity: string; value?: number; reason?: string; rose?: boolean };
    if (!e.regionCode) return;
    const escalated = e.type === 'alarm.escalated';
    if (!escalated && ((a.severity !== 'major' && a.severity !== 'critical') || a.rose === false)) return;
    const what = `${a.asset}${ALARM_TYPE_ZH[a.type] ?? ''}${ALARM_ZH[a.severity] ?? a.severity}`;
    const title = escalated ? `【告警未确认】${what}` : `【${ALARM_ZH[a.severity]}】${what}`;
    const text = [
      `### ${title}`,
      a.reason ? `- 原因：${a.reason}` : '',
      escalated ? '- 告警超过 30 分钟无人确认，请督促处置' : '- 请立即确认告警并组织处置',
      `- 时间：${new Date(e.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}`,
    ].filter(Boolean).join('\n');
    await this.send(e, e.regionCode, escalated ? 'district' : 'township', title, text);
  }

  private async onCaseEvent(e: DomainEvent): Promise<void> {
    const c = e.payload as { no: string; title: string; level: string; regionCode: string; supervision?: number; categoryCode?: string; deadline?: string | null };
    const what = e.type === 'case.escalated' ? `上报至${LEVEL_ZH[c.level] ?? c.level}级` : SUPERVISION_ZH[c.supervision ?? 1] || '超期';
    const title = `【${what}】${c.title}`;
    const text = [
      `### ${title}`,
      `- 事件编号：${c.no}`,
      `- 当前层级：${LEVEL_ZH[c.level] ?? c.level}`,
      c.categoryCode ? `- 类别：${c.categoryCode}` : '',
      c.deadline ? `- 处置时限：${new Date(c.deadline).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}` : '',
      `- 时间：${new Date(e.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}`,
    ].filter(Boolean).join('\n');
    await this.send(e, c.regionCode, c.level, title, text);
  }

  async sentCount(): Promise<number> {
    const [r] = await this.p.db.select({ n: sql<number>`count(*)::int` }).from(notificationLog);
    return r.n;
  }
}
