/**
 * Case events → people told (bell, SMS, the level's robot where the old path does not post already):
 *
 * | event                        | who                                                        | key (per person)        |
 * | case.dispatched              | the lead (a person, or an organisation's members); co-handlers | case, dispatched_at |
 * | case.escalated               | the command room of the level it lands on                  | case, level             |
 * | case.overdue (催办)          | handlers + command room                                    | case, clock, deadline   |
 * | case.supervised (督办/通报)  | handlers + command room                                    | case, step, overdue_at  |
 * | notify.deadline_warning      | handlers (+ command room once passed)                      | case, clock, deadline   |
 *
 * Keys come from what the event means, read from the case as it is now, not from the event's id: a
 * replayed event or a duplicated one (same transition emitted twice) tells nobody twice, while a real
 * second dispatch (after a return) has a new dispatched_at and is told. An event that is no longer true
 * when it arrives (the case was returned, signed or extended since) tells nobody.
 *
 * 催办 and the deadline job's "passed" warning describe one moment: they share the key
 * `deadline:<case>:<clock>_passed:<deadline>`, so whichever arrives first tells each person and the other
 * adds nothing. Robots: escalations, 催办 and 督办 are posted by NotifyService.onCaseEvent already; this
 * module posts dispatches and approaching deadlines. The person who acted is not told of their own act.
 */
import { caseFacts, type CaseFacts } from '../cases/index.ts';
import type { Platform } from '../platform/context.ts';
import type { DomainEvent, EventMap, EventOf } from '../platform/events.ts';
import { DEADLINE_WARNING } from './deadline-warnings.ts';
import type { Notice, NoticeDesk } from './notices.ts';
import type { Recipients, Target } from './recipients.ts';

const LEVEL_ZH: Record<string, string> = { village: '村', township: '乡镇', district: '区', city: '市' };

/** States with a running clock and someone on the case: 催办 and 督办 concern these only. */
const ON_THE_CLOCK = ['DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED'];
const OPEN = ['PENDING_ACCEPT', 'REGISTERED', 'DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED', 'SUSPENDED', 'VERIFYING'];

export const CASE_NOTICE_EVENTS = ['case.dispatched', 'case.escalated', 'case.overdue', 'case.supervised', DEADLINE_WARNING] as const;
type NoticeEvent = EventOf<EventMap, (typeof CASE_NOTICE_EVENTS)[number]>;


/** Beijing time, to the minute ("11/29 14:30"): short enough for an SMS. */
const fmt = (d: Date | string) => new Date(d).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : 'none');

export class CaseNotices {
  constructor(
    private p: Platform,
    private desk: NoticeDesk,
    private who: Recipients,
  ) {}

  subscribe(): void {
    for (const type of CASE_NOTICE_EVENTS) this.p.events.subscribe(type, (e) => this.on(e));
  }

  /** The lead and the co-handlers still at work (pending only: those yet to sign). */
  private handlers(c: CaseFacts, opts: { pendingOnly?: boolean } = {}): Target[] {
    const open = (s: string) => (opts.pendingOnly ? s === 'pending' : s === 'pending' || s === 'signed');
    return [{ userId: c.assignee_id, orgId: c.assigned_org_id }, ...c.co_handlers.filter((h) => open(h.status))];
  }

  async on(e: NoticeEvent): Promise<void> {
    const payload = e.payload;
    if (!payload.caseId) return;
    const c = await caseFacts(this.p.database, payload.caseId);
    if (!c) return;
    const notices = await this.noticesFor(e, c);
    for (const n of notices) {
      n.recipients = n.recipients.filter((id) => !('actorId' in payload) || id !== payload.actorId);
      await this.desk.deliver(n);
    }
  }

  private base(e: DomainEvent, c: CaseFacts) {
    return { eventId: e.id, caseId: c.id, urgent: c.urgent, regionCode: e.regionCode ?? c.region_code };
  }

  private async noticesFor(e: NoticeEvent, c: CaseFacts): Promise<Notice[]> {
    switch (e.type) {
      case 'case.dispatched': return this.dispatched(e, c);
      case 'case.escalated': {
        const level = e.payload.level ?? c.level;
        if (!OPEN.includes(c.state) || c.level !== level) return []; // closed, or climbed further since
        return [{
          ...this.base(e, c), key: `case:${c.id}:level:${level}`, kind: 'escalation', recipients: await this.who.commandRoom(level, c.village_code),
          title: `【上报至${LEVEL_ZH[level] ?? level}级】${c.title}`, body: `事件 ${c.no} 已上报至${LEVEL_ZH[level] ?? level}级，请受理并派遣`,
        }];
      }
      case 'case.overdue': {
        // 催办 at the deadline: the same message as the deadline job's "passed" warning
        const sign = c.state === 'DISPATCHED';
        const at = sign ? c.sign_deadline : c.deadline;
        if (!at || !ON_THE_CLOCK.includes(c.state)) return [];
        return [await this.passed(e, c, sign ? 'sign' : 'handle', at)];
      }
      case 'case.supervised': {
        const step = e.payload.supervision ?? c.supervision;
        const word = step >= 3 ? '通报' : '督办';
        // handled, or an extension approved since (the ladder starts again)
        if (c.supervision !== step || !ON_THE_CLOCK.includes(c.state)) return [];
        return [{
          ...this.base(e, c), key: `case:${c.id}:supervision:${step}:${iso(c.overdue_at)}`, kind: 'supervision',
          recipients: [...await this.who.ofTargets(this.handlers(c)), ...await this.who.commandRoom(c.level, c.village_code)],
          title: `【${word}】${c.title}`, body: `事件 ${c.no} 超期未办结，已${word}${c.deadline ? `（处置时限 ${fmt(c.deadline)}）` : ''}，请尽快办理`,
        }];
      }
      case DEADLINE_WARNING: return this.deadlineWarning(e, c);
      default: return [];
    }
  }

  private async dispatched(e: DomainEvent, c: CaseFacts): Promise<Notice[]> {
    // returned, escalated or closed since: nobody holds this task any more
    if (!c.dispatched_at || !['DISPATCHED', 'PROCESSING', 'EXTENSION_REQUESTED', 'SUSPENDED'].includes(c.state)) return [];
    const lead = await this.who.ofTargets([{ userId: c.assignee_id, orgId: c.assigned_org_id }]);
    const key = `case:${c.id}:dispatch:${iso(c.dispatched_at)}`;
    const co = (await this.who.ofTargets(c.co_handlers.filter((h) => h.status === 'pending'))).filter((id) => !lead.includes(id));
    const sign = c.state === 'DISPATCHED' && c.sign_deadline ? `，请于 ${fmt(c.sign_deadline)} 前签收` : '';
    const title = `【新任务】${c.title}`;
    const notices: Notice[] = [{
      ...this.base(e, c), key, kind: 'task', recipients: lead, title, body: `事件 ${c.no}${c.category ? `（${c.category}）` : ''}已派遣给您${sign}`,
      robot: { regionCode: c.region_code, level: c.level, title, text: [`### 【派遣】${c.title}`, `- 事件编号：${c.no}`, c.category ? `- 类别：${c.category}` : '', `- 层级：${LEVEL_ZH[c.level] ?? c.level}`, sign ? `- 签收时限：${fmt(c.sign_deadline!)}` : ''].filter(Boolean).join('\n') },
    }];
    if (co.length) {
      notices.push({ ...this.base(e, c), key: `${key}:co`, kind: 'co_task', recipients: co, title: `【协办任务】${c.title}`, body: `事件 ${c.no} 请您协同办理${sign}` });
    }
    return notices;
  }

  /** The deadline (or the signing deadline) passed: handlers and the command room. */
  private async passed(e: DomainEvent, c: CaseFacts, clock: 'sign' | 'handle', at: Date | string): Promise<Notice> {
    const sign = clock === 'sign';
    return {
      ...this.base(e, c), key: `deadline:${c.id}:${sign ? 'sign_passed' : 'passed'}:${iso(at)}`, kind: 'deadline_passed',
      recipients: [...await this.who.ofTargets(this.handlers(c, { pendingOnly: sign })), ...await this.who.commandRoom(c.level, c.village_code)],
      title: sign ? `【超时未签收】${c.title}` : `【已超期·催办】${c.title}`,
      body: sign ? `事件 ${c.no} 签收时限 ${fmt(at)} 已过，请立即签收` : `事件 ${c.no} 处置时限 ${fmt(at)} 已过，请尽快办理并反馈`,
    };
  }

  private async deadlineWarning(e: EventOf<EventMap, typeof DEADLINE_WARNING>, c: CaseFacts): Promise<Notice[]> {
    const w = e.payload;
    const sign = w.clock === 'sign';
    const current = sign ? (c.state === 'DISPATCHED' ? c.sign_deadline : null) : (['PROCESSING', 'EXTENSION_REQUESTED'].includes(c.state) ? c.deadline : null);
    // signed, handled, extended or taken back since the sweep: the warning is no longer true
    if (!current || iso(current) !== iso(w.deadline)) return [];
    if (w.kind === 'passed') return [await this.passed(e, c, w.clock, w.deadline)];
    const title = sign ? `【即将超时未签收】${c.title}` : `【即将到期】${c.title}`;
    const body = sign ? `事件 ${c.no} 请于 ${fmt(w.deadline)} 前签收` : `事件 ${c.no} 处置时限 ${fmt(w.deadline)}，已用去四分之三，请抓紧办理`;
    return [{
      ...this.base(e, c), key: `deadline:${c.id}:${sign ? 'sign_soon' : 'soon'}:${iso(w.deadline)}`, kind: 'deadline_soon',
      recipients: await this.who.ofTargets(this.handlers(c, { pendingOnly: sign })), title, body,
      robot: { regionCode: c.region_code, level: c.level, title, text: [`### ${title}`, `- 事件编号：${c.no}`, `- ${sign ? '签收' : '处置'}时限：${fmt(w.deadline)}`].join('\n') },
    }];
  }
}
