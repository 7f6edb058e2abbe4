/**
 * Telling people: one notice (a task, an escalation, a warning, an alarm) becomes, in one statement,
 * an in-app row per person (the bell), an SMS due per person who has a phone, a message due per group
 * robot of the level, and a `notification.delivered` event so the bells of those told reload at once.
 *
 * Idempotency: a row per (key, person) and per (event, person) — a replayed event, an alarm flapping
 * back to a severity it had, or a warning swept twice adds nothing and sends nothing. Robot messages
 * are one per (channel, key).
 *
 * Quiet hours: a non-urgent notice's SMS and robot message are due when they end; urgent ones at once.
 * Sending (`sendDue`) claims due rows with a lease (FOR UPDATE SKIP LOCKED, so several processes never
 * send one twice), sends outside any transaction, and marks them sent; a failure moves them on with
 * backoff (given up after MAX_ATTEMPTS). It runs right after each notice for what is due now, and on
 * the sweeper's tick for the rest.
 */
import type { Platform } from '../platform/context.ts';
import { eventTypeSql, outboxInsertSql } from '../platform/events.ts';
import type { SmsSender, UsersService } from '../people/index.ts';
import { sendMarkdown } from './dingtalk.ts';
import { sendableAt, type QuietHours } from './quiet-hours.ts';

export type NoticeKind = 'task' | 'co_task' | 'escalation' | 'supervision' | 'deadline_soon' | 'deadline_passed' | 'alarm';

export interface Notice {
  /** The domain event it comes from. */
  eventId: number;
  /** One message per (key, person): what the notice is about, e.g. `alarm:<id>:critical`. */
  key: string;
  kind: NoticeKind;
  recipients: string[];
  title: string;
  body: string;
  caseId?: string | null;
  alarmId?: string | null;
  urgent: boolean;
  /** Region of the event (the realtime stream's scope for the bells' reload signal). */
  regionCode: string | null;
  /** Post to the group robots of this level covering this region, too. */
  robot?: { regionCode: string; level: string; title: string; text: string } | null;
}

export interface RobotChannel {
  id: string;
  url: string;
  secret: string | null;
}

/** A sent message's lease: a process that dies mid-send leaves it to be claimed again after this. */
const LEASE = "interval '5 minutes'";

/** `notification.delivered` for the people just told (one event per notice, none when nobody was). */
const DELIVERED_INSERT = outboxInsertSql({
  type: eventTypeSql('notification.delivered'), regionCode: '$15::text', aggregateId: 'NULL',
  payload: "jsonb_build_object('recipients', jsonb_agg(user_id), 'kind', $7::text, 'caseId', $5::uuid, 'alarmId', $6::uuid)",
}, 'told HAVING count(*) > 0');
const backoffSeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
/** A gateway or robot still failing after this many tries (about a day) is given up on; the bell row stays. */
const MAX_ATTEMPTS = 30;

export class NoticeDesk {
  /** The clock quiet hours and due times are judged by (tests move it). */
  now: () => Date = () => new Date();

  constructor(
    private p: Platform,
    private users: UsersService,
    private sms: SmsSender,
    private quiet: QuietHours | null,
    private channelsFor: (regionCode: string, level: string) => Promise<RobotChannel[]>,
  ) {}

  /** Record a notice (idempotent) and send what is due now. Returns the people newly told. */
  async deliver(n: Notice): Promise<string[]> {
    const recipients = [...new Set(n.recipients.filter(Boolean))];
    const channels = n.robot ? await this.channelsFor(n.robot.regionCode, n.robot.level) : [];
    if (recipients.length === 0 && channels.length === 0) return [];
    const now = this.now();
    const due = n.urgent ? now : sendableAt(now, this.quiet);
    const phones = await this.users.phonesOf(recipients);
    const [r] = await this.p.database.raw<{ told: string[] | null }>(`
      WITH told AS (
        INSERT INTO user_notifications (event_id, user_id, title, body, case_id, alarm_id, kind, urgent, dedupe_key, sms_due_at)
        SELECT $1::bigint, r.u, $3::text, $4::text, $5::uuid, $6::uuid, $7::text, $8::boolean, $9::text, CASE WHEN r.phone THEN $10::timestamptz END
          FROM unnest($2::uuid[], $11::boolean[]) AS r(u, phone)
        ON CONFLICT DO NOTHING
        RETURNING user_id),
      robots AS (
        INSERT INTO notify_robot_messages (channel_id, dedupe_key, title, text, due_at)
        SELECT ch, $9::text, $12::text, $13::text, $10::timestamptz FROM unnest($14::uuid[]) AS ch
        ON CONFLICT DO NOTHING
        RETURNING 1),
      ev AS (
        ${DELIVERED_INSERT}
        RETURNING 1)
      SELECT (SELECT array_agg(user_id::text) FROM told) AS told, (SELECT count(*) FROM robots) AS robots, (SELECT count(*) FROM ev) AS ev`,
    [n.eventId, recipients, n.title, n.body, n.caseId ?? null, n.alarmId ?? null, n.kind, n.urgent, n.key, due,
      recipients.map((u) => !!phones[u]), n.robot?.title ?? '', n.robot?.text ?? '', channels.map((c) => c.id), n.regionCode]);
    const told = r?.told ?? [];
    if (told.length) this.p.events.kick();
    const anyPush = channels.length > 0 || recipients.some((u) => phones[u]);
    if (anyPush && due.getTime() <= now.getTime()) await this.sendDue({ key: n.key });
    return told;
  }

  /**
   * Post to the group robots of a level covering a region, once per key and channel, through the same
   * queue as the notices (quiet hours for a non-urgent message, retries with backoff, several processes).
   */
  async toRobots(key: string, robot: { regionCode: string; level: string; title: string; text: string }, urgent: boolean): Promise<number> {
    const channels = await this.channelsFor(robot.regionCode, robot.level);
    if (channels.length === 0) return 0;
    const now = this.now();
    const due = urgent ? now : sendableAt(now, this.quiet);
    await this.p.database.raw(`
      INSERT INTO notify_robot_messages (channel_id, dedupe_key, title, text, due_at)
      SELECT ch, $1::text, $2::text, $3::text, $4::timestamptz FROM unnest($5::uuid[]) AS ch
      ON CONFLICT DO NOTHING`, [key, robot.title, robot.text, due, channels.map((c) => c.id)]);
    if (due.getTime() <= now.getTime()) await this.sendDue({ key });
    return channels.length;
  }

  /**
   * Send the SMS and robot messages that are due (of one key, or all). Safe to run in several
   * processes at once: rows are claimed with a lease before anything is sent.
   */
  async sendDue(opts: { key?: string; limit?: number } = {}): Promise<{ sms: number; robot: number; failed: number }> {
    const now = this.now();
    const limit = opts.limit ?? 500;
    const out = { sms: 0, robot: 0, failed: 0 };
    const sms = await this.p.database.raw<{ id: string; user_id: string; title: string; body: string; sms_attempts: number }>(`
      UPDATE user_notifications SET sms_due_at = $1::timestamptz + ${LEASE}, sms_attempts = sms_attempts + 1
       WHERE id IN (SELECT id FROM user_notifications
                     WHERE sms_at IS NULL AND sms_due_at <= $1::timestamptz AND ($2::text IS NULL OR dedupe_key = $2::text) AND sms_attempts < ${MAX_ATTEMPTS}
                     ORDER BY sms_due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING id, user_id, title, body, sms_attempts`, [now, opts.key ?? null, limit]);
    const phones = await this.users.phonesOf([...new Set(sms.map((s) => s.user_id))]);
    for (const s of sms) {
      const phone = phones[s.user_id];
      try {
        if (phone) await this.sms.send(this.p.db, phone, `【乡村大脑】${s.title}：${s.body}`.slice(0, 300));
        // no phone (any more): nothing to send, the in-app row stays
        await this.p.database.raw(phone ? 'UPDATE user_notifications SET sms_at = now() WHERE id = $1' : 'UPDATE user_notifications SET sms_due_at = NULL WHERE id = $1', [s.id]);
        if (phone) out.sms++;
      } catch (err) {
        out.failed++;
        this.p.log.warn({ notificationId: s.id, err: (err as Error).message }, 'notice SMS failed; retried later');
        await this.p.database.raw(`UPDATE user_notifications SET sms_due_at = $2::timestamptz + make_interval(secs => $3) WHERE id = $1`, [s.id, now, backoffSeconds(s.sms_attempts)]);
      }
    }
    const robots = await this.p.database.raw<{ id: string; title: string; text: string; attempts: number; url: string | null; secret: string | null }>(`
      WITH claimed AS (
        UPDATE notify_robot_messages SET due_at = $1::timestamptz + ${LEASE}, attempts = attempts + 1
         WHERE id IN (SELECT id FROM notify_robot_messages
                       WHERE sent_at IS NULL AND due_at <= $1::timestamptz AND ($2::text IS NULL OR dedupe_key = $2::text) AND attempts < ${MAX_ATTEMPTS}
                       ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id, channel_id, title, text, attempts)
      SELECT m.id, m.title, m.text, m.attempts, ch.url, ch.secret FROM claimed m LEFT JOIN notification_channels ch ON ch.id = m.channel_id`,
    [now, opts.key ?? null, limit]);
    for (const m of robots) {
      try {
        if (m.url) await sendMarkdown(m.url, m.secret, m.title, m.text); // a removed channel: nothing to send
        await this.p.database.raw('UPDATE notify_robot_messages SET sent_at = now() WHERE id = $1', [m.id]);
        if (m.url) out.robot++;
      } catch (err) {
        out.failed++;
        this.p.log.warn({ robotMessageId: m.id, err: (err as Error).message }, 'group robot message failed; retried later');
        await this.p.database.raw('UPDATE notify_robot_messages SET due_at = $2::timestamptz + make_interval(secs => $3) WHERE id = $1', [m.id, now, backoffSeconds(m.attempts)]);
      }
    }
    return out;
  }
}
