/**
 * Notifications out of domain events. Today: case escalations and overdue steps go to the group
 * robot of the level that now holds the case (its region or any ancestor region's channel of that
 * level). Subscribes through the outbox, so a failed send is retried; sent pairs are logged.
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

export class NotifyService {
  constructor(private p: Platform) {}

  subscribe(): void {
    for (const type of NOTIFIED_EVENTS) this.p.events.subscribe(type, (e) => this.onCaseEvent(e));
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

  private async onCaseEvent(e: DomainEvent): Promise<void> {
    const c = e.payload as { no: string; title: string; level: string; regionCode: string; supervision?: number; categoryCode?: string; deadline?: string | null };
    const channels = await this.channelsFor(c.regionCode, c.level);
    for (const ch of channels) {
      const [sent] = await this.p.db.select().from(notificationLog).where(and(eq(notificationLog.eventId, e.id), eq(notificationLog.channelId, ch.id)));
      if (sent) continue;
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
      await sendMarkdown(ch.url, ch.secret, title, text); // throws → the outbox retries the event
      await this.p.db.insert(notificationLog).values({ eventId: e.id, channelId: ch.id }).onConflictDoNothing();
    }
  }

  async sentCount(): Promise<number> {
    const [r] = await this.p.db.select({ n: sql<number>`count(*)::int` }).from(notificationLog);
    return r.n;
  }
}
