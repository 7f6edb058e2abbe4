/**
 * Notifications out of domain events: case escalations and overdue steps go to the group robot of the
 * level that now holds the case (its region or any ancestor region's channel of that level); a major or
 * critical monitoring alarm goes to the township's robot at once, and an alarm nobody acknowledged in
 * time to the district's. Subscribes through the outbox, so a failed send is retried; sent pairs are
 * logged.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { assertCan, coveringRegionCodes, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { badRequest } from '../platform/errors.ts';
import { iso } from '../platform/contract.ts';
import type { Channel, Inbox } from './notify.contract.ts';
import { NOTIFICATION_REQUESTED, type DomainEvent, type EventMap, type EventOf } from '../platform/events.ts';
import { caseFacts } from '../cases/index.ts';
import type { SmsSender, UsersService } from '../people/index.ts';
import { sendMarkdown } from './dingtalk.ts';
import { notificationChannels, notificationLog } from './notify.schema.ts';
import { AlarmNotices } from './alarm-notices.ts';
import { CaseNotices } from './case-notices.ts';
import { sweepDeadlines } from './deadline-warnings.ts';
import { NoticeDesk } from './notices.ts';
import { isQuietAt, parseQuietHours, sendableAt, type QuietHours } from './quiet-hours.ts';
import { Recipients } from './recipients.ts';

const LEVEL_ZH: Record<string, string> = { village: '村', township: '乡镇', district: '区', city: '市' };
const SUPERVISION_ZH = ['', '催办', '督办', '通报'];
export const NOTIFIED_EVENTS = ['case.escalated', 'case.overdue', 'case.supervised'] as const;
export const ALARM_EVENTS = ['alarm.raised', 'alarm.severity_changed', 'alarm.escalated'] as const;
const ALARM_ZH: Record<string, string> = { warning: '预警', major: '重大告警', critical: '危急告警' };
const ALARM_TYPE_ZH: Record<string, string> = { water_level: '水位', threshold: '监测值', sudden_change: '突变', out_of_band: '异常波动', rainfall: '降雨', sensor_fault: '传感器故障', no_data: '数据中断' };

export class NotifyService {
  /** Tasks, escalations, 催办/督办, deadlines and alarms to the people responsible (see notices.ts). */
  readonly desk: NoticeDesk;
  private quiet: QuietHours | null;

  constructor(
    private p: Platform,
    private users: UsersService,
    private sms: SmsSender,
  ) {
    this.quiet = parseQuietHours(p.config.notifyQuietHours ?? 'off');
    this.desk = new NoticeDesk(p, users, sms, this.quiet, (region, level) => this.channelsFor(region, level));
  }

  /** The notify module's clock work (on the case sweeper's tick): deadline warnings, then what is due to send. */
  async clockWork(): Promise<{ soon: number; passed: number; sms: number; robot: number; failed: number }> {
    const warned = await sweepDeadlines(this.p);
    return { ...warned, ...(await this.desk.sendDue()) };
  }

  subscribe(): void {
    const recipients = new Recipients(this.users);
    new CaseNotices(this.p, this.desk, recipients).subscribe();
    new AlarmNotices(this.p, this.desk, recipients).subscribe();
    this.p.events.subscribe(NOTIFICATION_REQUESTED, (e) => this.onRequested(e));
    for (const type of NOTIFIED_EVENTS) this.p.events.subscribe(type, (e) => this.onCaseEvent(e));
    for (const type of ALARM_EVENTS) this.p.events.subscribe(type, (e) => this.onAlarmEvent(e));
    this.p.events.subscribe('camera.offline', (e) => this.onCameraOffline(e));
  }

  async addChannel(actor: Actor | null, input: { name: string; regionCode: string; level: string; url: string; secret?: string | null }): Promise<Channel> {
    if (actor) assertCan(actor, 'notify.channels', input.regionCode);
    if (!['village', 'township', 'district', 'city'].includes(input.level)) throw badRequest('VALIDATION_FAILED', 'level must be village, township, district or city', { field: 'level' });
    const [row] = await this.p.db.insert(notificationChannels).values({ ...input, secret: input.secret ?? null }).returning();
    return { id: row.id, name: row.name, regionCode: row.regionCode, level: row.level, kind: row.kind, url: row.url, hasSecret: !!row.secret, createdAt: iso(row.createdAt) };
  }

  /** Channels of a level whose region covers the case's region. */
  private async channelsFor(regionCode: string, level: string) {
    return this.p.db.select().from(notificationChannels)
      .where(and(eq(notificationChannels.level, level), inArray(notificationChannels.regionCode, coveringRegionCodes(regionCode))));
  }

  /**
   * Send to each channel once per event (an event retried by the outbox skips the channels it reached).
   * Not urgent and in quiet hours: queued for their end instead (logged as handled, sent by clockWork).
   */
  private async send(e: DomainEvent, regionCode: string, level: string, title: string, text: string, urgent = true): Promise<void> {
    const now = this.desk.now();
    const deferred = !urgent && isQuietAt(now, this.quiet);
    for (const ch of await this.channelsFor(regionCode, level)) {
      const [sent] = await this.p.db.select().from(notificationLog).where(and(eq(notificationLog.eventId, e.id), eq(notificationLog.channelId, ch.id)));
      if (sent) continue;
      if (deferred) {
        await this.p.database.raw(`
          WITH q AS (INSERT INTO notify_robot_messages (channel_id, dedupe_key, title, text, due_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1)
          INSERT INTO notification_log (event_id, channel_id) VALUES ($6, $1) ON CONFLICT DO NOTHING`,
        [ch.id, `event:${e.id}`, title, text, sendableAt(now, this.quiet), e.id]);
        continue;
      }
      await sendMarkdown(ch.url, ch.secret, title, text); // throws → the outbox retries the event
      await this.p.db.insert(notificationLog).values({ eventId: e.id, channelId: ch.id }).onConflictDoNothing();
    }
  }

  /**
   * A major or critical alarm (raised, or risen to it) → the township's robot; an alarm left
   * unacknowledged (`alarm.escalated`) → the district's. Warnings stay on the screens.
   */
  private async onAlarmEvent(e: EventOf<EventMap, (typeof ALARM_EVENTS)[number]>): Promise<void> {
    const a = e.payload;
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

  /** A camera silent for five minutes: the township's robot hears of it (someone checks power and network). */
  private async onCameraOffline(e: EventOf<EventMap, 'camera.offline'>): Promise<void> {
    const c = e.payload;
    if (!e.regionCode) return;
    const title = `【摄像头离线】${c.name}`;
    const text = [`### ${title}`, '- 超过 5 分钟没有心跳或事件，请检查供电与网络', `- 时间：${new Date(e.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}`].join('\n');
    await this.send(e, e.regionCode, 'township', title, text, false);
  }

  private async onCaseEvent(e: EventOf<EventMap, (typeof NOTIFIED_EVENTS)[number]>): Promise<void> {
    const c = e.payload;
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
    const facts = await caseFacts(this.p.database, c.caseId);
    await this.send(e, c.regionCode, c.level, title, text, facts?.urgent ?? true);
  }

  /**
   * In-app rows once per (event, person), then an SMS to each who has a phone and has not had it yet.
   * A person the notice desk told about this case at the same moment (the dispatch of a camera's bin case
   * to the cleaning company; an alarm's rise, which the alarm module may also ask to tell) is not told the
   * same thing twice.
   */
  private async onRequested(e: EventOf<EventMap, typeof NOTIFICATION_REQUESTED>): Promise<void> {
    const m = e.payload;
    if (m.robot) await this.desk.toRobots(`request:${e.id}`, m.robot, false); // once per event and channel: a retried event posts no second time
    const recipients = [...new Set(m.recipients)];
    if (recipients.length === 0) return;
    await this.p.database.raw(`
      INSERT INTO user_notifications (event_id, user_id, title, body, case_id, link)
      SELECT $1, u, $3, $4, $5, $8 FROM unnest($2::uuid[]) AS u
       WHERE $7::boolean
          OR NOT EXISTS (SELECT 1 FROM user_notifications n WHERE n.case_id = $5::uuid AND n.user_id = u AND n.kind IS NOT NULL
                           AND n.created_at > $6::timestamptz - interval '1 minute')
      ON CONFLICT (event_id, user_id) DO NOTHING`,
    [e.id, recipients, m.title, m.body, m.caseId ?? null, e.createdAt, m.always === true, m.link ?? null]);
    if (!m.sms) return;
    const pending = await this.p.database.raw<{ user_id: string }>('SELECT user_id FROM user_notifications WHERE event_id = $1 AND sms_at IS NULL', [e.id]);
    const phones = await this.users.phonesOf(pending.map((r) => r.user_id));
    for (const r of pending) {
      const phone = phones[r.user_id];
      if (phone) await this.sms.send(this.p.db, phone, `【乡村大脑】${m.title}：${m.body}`.slice(0, 300)); // throws → the outbox retries the rest
      await this.p.database.raw('UPDATE user_notifications SET sms_at = now() WHERE event_id = $1 AND user_id = $2', [e.id, r.user_id]);
    }
  }

  /** The caller's messages, newest first. */
  async inbox(actor: Actor, opts: { unread?: boolean } = {}): Promise<Inbox> {
    const rows = await this.p.database.raw<{ id: number; title: string; body: string; case_id: string | null; created_at: Date; read_at: Date | null; kind: string | null; alarm_id: string | null; urgent: boolean; link: string | null }>(
      'SELECT id, title, body, case_id, created_at, read_at, kind, alarm_id, urgent, link FROM user_notifications WHERE user_id = $1 AND ($2::boolean IS NOT TRUE OR read_at IS NULL) ORDER BY id DESC LIMIT 50',
      [actor.id, opts.unread ?? null]);
    const [{ n }] = await this.p.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM user_notifications WHERE user_id = $1 AND read_at IS NULL', [actor.id]);
    return {
      unread: n,
      items: rows.map((r) => ({
        id: Number(r.id), title: r.title, body: r.body, caseId: r.case_id, createdAt: new Date(r.created_at).toISOString(), read: r.read_at !== null,
        // what it is about and where a click leads: the case, or the alarm (with its case when it has one)
        kind: r.kind ?? 'message', alarmId: r.alarm_id, urgent: r.urgent, link: r.link,
      })),
    };
  }

  /** Mark the caller's messages read (all of them when no ids are given). */
  async markRead(actor: Actor, ids?: number[]): Promise<Inbox> {
    await this.p.database.raw('UPDATE user_notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))', [actor.id, ids ?? null]);
    return this.inbox(actor);
  }

  async sentCount(): Promise<number> {
    const [r] = await this.p.db.select({ n: sql<number>`count(*)::int` }).from(notificationLog);
    return r.n;
  }
}
