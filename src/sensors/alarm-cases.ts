/**
 * From alarms to cases, so that a command room can live with them (issues 12 and 13):
 *
 * - One case per asset and condition episode. The first major or critical alarm of an asset's condition
 *   (its water level; another sensor's threshold) opens an episode and its case — registered, dispatched
 *   to the village's grid worker — in the alarm's own transaction, keyed by the episode
 *   (`alarm-episode:<id>`, see cases/from-source.ts): a crash leaves neither half. An alarm raised again
 *   while the episode's case is open and within `reraiseWindowMin` of its last clear (or from another
 *   gauge of the same dam) joins the episode with a timeline note instead of opening another case.
 * - A rising alarm raises the case's severity and title, never its level, and never takes the case from
 *   the person on the dam: the township is told and supervises (督办, a timeline note); it takes the case
 *   over only when someone there acts. The episode remembers the highest severity it reached, so an
 *   alarm flapping major → critical → major → critical raises the case once.
 * - An alarm-storm guard per township: beyond `stormCasesPerHour` new episodes in an hour (device time),
 *   further ones join one supervising case of the township (registered at the township level), and the
 *   command room is told once, when it opens.
 *
 * Everything here runs on the caller's transaction; who to dispatch to and whom to tell are looked up
 * before it (`prepare`).
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { emitEvent, NOTIFICATION_REQUESTED, type NotificationRequest } from '../platform/events.ts';
import { Lru } from '../platform/lru.ts';
import type { Place, SourceCases } from '../cases/index.ts';
import type { UsersService } from '../people/index.ts';
import { SEVERITIES, type Decision, type RuleConfig, type Severity } from './rules.ts';
import { alarmEpisodes, alarmEvents, alarms, assets } from './sensors.schema.ts';

type AssetRow = typeof assets.$inferSelect;
type EpisodeRow = typeof alarmEpisodes.$inferSelect;

export const SEVERITY_ZH: Record<string, string> = { warning: '预警', major: '重大告警', critical: '危急告警' };
export const TYPE_ZH: Record<string, string> = { water_level: '水位', threshold: '监测值', sudden_change: '突变', out_of_band: '异常', rainfall: '降雨', sensor_fault: '传感器故障', no_data: '数据中断' };
const OPEN = sql.raw("('PENDING_ACCEPT','REGISTERED','DISPATCHED','PROCESSING','EXTENSION_REQUESTED','SUSPENDED','VERIFYING')");
/** 水库隐患: the category of every alarm case. */
const ALARM_CATEGORY = '1202';
const rank = (s: string | null) => SEVERITIES.indexOf(s as Severity);
const shanghai = (ms: number) => new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
export const townshipOf = (villageCode: string) => villageCode.slice(0, 9).padEnd(12, '0');

/** Who is concerned, looked up before the transaction. */
export interface Concerned {
  worker: string | null;
  /** The township's command room (operators and shift leads). */
  commandRoom: string[];
  /** Where the asset's case goes (its grid). */
  place: Place;
}

/** The alarm as the transaction left it. */
export interface AlarmRef {
  id: string;
  caseId: string | null;
  episodeId: string | null;
}

export type CaseOutcome = 'opened' | 'attached' | 'raised' | 'grouped' | 'storm_opened' | 'unchanged';

export class AlarmCases {
  constructor(
    private p: Platform,
    private source: SourceCases,
    private users: UsersService,
  ) {}

  /**
   * Who is concerned, per asset, kept 30 s: a noisy gauge flapping between major and critical asked the
   * same four questions (place, two contact lists, the route) for every decision. A new grid worker or
   * operator is asked for after at most that long.
   */
  private concerned = new Lru<string, Promise<Concerned>>(2000, 30_000);

  prepare(a: AssetRow): Promise<Concerned> {
    let c = this.concerned.get(a.id);
    if (!c) {
      c = this.lookUp(a);
      this.concerned.set(a.id, c);
      c.catch(() => this.concerned.delete(a.id));
    }
    return c;
  }

  private async lookUp(a: AssetRow): Promise<Concerned> {
    const township = townshipOf(a.regionCode);
    const [place, operators, leads] = await Promise.all([
      // a dam no grid covers (an outline drawn short of it) still gets its case, in the asset's own village
      this.source.place(a.lon, a.lat).catch((err: unknown) => {
        if ((err as { code?: string }).code !== 'POINT_OUTSIDE_GRIDS') throw err;
        return { regionCode: a.regionCode, villageCode: a.regionCode.slice(0, 12), lon: a.lon, lat: a.lat };
      }),
      this.users.contacts({ role: 'operator', regionCodes: [township] }),
      this.users.contacts({ role: 'shift_lead', regionCodes: [township] }),
    ]);
    // the one routing rule (cases/routing.ts), with the source's choice of lead: the grid worker of the
    // dam's grid, else of its village — the person on the dam; the water bureau supervises from the command room
    const route = await this.source.route(ALARM_CATEGORY, { regionCode: place.regionCode, villageCode: place.villageCode }, { lead: 'grid_worker' });
    const worker = route && 'assigneeId' in route ? route.assigneeId : null;
    return { place, worker, commandRoom: [...new Set([...operators, ...leads].map((r) => r.id))] };
  }

  /** A major or critical alarm of a case condition was raised or changed (rose or not). */
  async onRaised(tx: Db, alarm: AlarmRef, a: AssetRow, d: Decision, cfg: RuleConfig, who: Concerned): Promise<CaseOutcome> {
    // one writer per asset and condition at a time (two gauges of a dam, two processes)
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`alarm-episode:${a.id}:${d.type}`}))`);
    let ep: EpisodeRow | undefined;
    if (alarm.episodeId) {
      const [own] = await tx.select({ e: alarmEpisodes, open: sql<boolean>`${alarmEpisodes.caseId} IN (SELECT id FROM cases WHERE state IN ${OPEN})` })
        .from(alarmEpisodes).where(eq(alarmEpisodes.id, alarm.episodeId));
      // its case was closed by a person while the alarm stayed: only a worse condition opens a new one
      if (own && !own.open && rank(d.severity) <= rank(own.e.severity)) return 'unchanged';
      if (own?.open) ep = own.e;
    }
    if (!ep) {
      [ep] = await tx.select({ e: alarmEpisodes }).from(alarmEpisodes)
        .where(and(eq(alarmEpisodes.assetId, a.id), eq(alarmEpisodes.condition, d.type),
          sql`${alarmEpisodes.caseId} IN (SELECT id FROM cases WHERE state IN ${OPEN})`,
          sql`(${alarmEpisodes.clearedAt} IS NULL OR ${alarmEpisodes.clearedAt} >= ${new Date(d.ts - cfg.reraiseWindowMin * 60_000)})`))
        .orderBy(sql`${alarmEpisodes.openedAt} DESC`).limit(1).then((r) => r.map((x) => x.e));
      if (ep) {
        await tx.update(alarms).set({ caseId: ep.caseId, episodeId: ep.id }).where(eq(alarms.id, alarm.id));
        await tx.update(alarmEpisodes).set({ clearedAt: null }).where(eq(alarmEpisodes.id, ep.id));
        await this.source.note(tx, ep.caseId, {
          action: 'alarm_attached', note: `${a.name}${TYPE_ZH[d.type] ?? ''}再次告警（${SEVERITY_ZH[d.severity!]}）：${d.reason}`,
          data: { alarmId: alarm.id, episodeId: ep.id, severity: d.severity }, event: 'case.noted',
        });
        await tx.insert(alarmEvents).values({ alarmId: alarm.id, action: 'case_attached', severity: d.severity, note: ep.caseId });
      }
    }
    if (ep) {
      if (rank(d.severity) <= rank(ep.severity)) return alarm.episodeId ? 'unchanged' : 'attached';
      await this.raise(tx, alarm, ep, a, d, who);
      return 'raised';
    }
    return this.openEpisode(tx, alarm, a, d, cfg, who);
  }

  /** The alarm cleared (by the water or by hand): its episode's clear time, once none of its alarms is open. */
  async onCleared(tx: Db, alarm: AlarmRef, at: Date): Promise<void> {
    if (!alarm.episodeId) return;
    await tx.execute(sql`
      UPDATE alarm_episodes SET cleared_at = ${at}
       WHERE id = ${alarm.episodeId} AND NOT EXISTS (SELECT 1 FROM alarms WHERE episode_id = ${alarm.episodeId} AND state <> 'cleared' AND id <> ${alarm.id})`);
  }

  /** The condition got worse within its episode: the case's severity and title follow, the township supervises. */
  private async raise(tx: Db, alarm: AlarmRef, ep: EpisodeRow, a: AssetRow, d: Decision, who: Concerned): Promise<void> {
    await tx.update(alarmEpisodes).set({ severity: d.severity! }).where(eq(alarmEpisodes.id, ep.id));
    const what = `${a.name}${TYPE_ZH[d.type] ?? ''}${SEVERITY_ZH[d.severity!]}`;
    const after = await this.source.note(tx, ep.caseId, {
      action: 'severity_raised', note: `告警升级为${SEVERITY_ZH[d.severity!]}：${d.reason}${ep.grouped ? '' : '；乡镇指挥室督办'}`,
      data: { alarmId: alarm.id, episodeId: ep.id, severity: d.severity, supervisingLevel: ep.grouped ? null : 'township' },
      // a grouped episode's case is the township's own: its title names the storm, not one dam
      set: ep.grouped ? { severity: 'urgent' } : { title: what, severity: 'urgent' }, event: 'case.severity_raised',
    });
    await tx.insert(alarmEvents).values({ alarmId: alarm.id, action: 'case_raised', severity: d.severity, note: ep.caseId });
    if (!after) return; // the case was closed meanwhile: the alarm stays on the screens
    const recipients = [...new Set([...(after.assigneeId ? [after.assigneeId] : []), ...who.commandRoom])];
    await this.tell(tx, a, after.id, recipients, `【${SEVERITY_ZH[d.severity!]}】${what}`,
      `${d.reason}。事件 ${after.no} 由${after.assigneeId ? '网格员继续处置，乡镇指挥室督办' : '乡镇指挥室派遣'}（设备时间 ${shanghai(d.ts)}）`);
  }

  private async openEpisode(tx: Db, alarm: AlarmRef, a: AssetRow, d: Decision, cfg: RuleConfig, who: Concerned): Promise<CaseOutcome> {
    const township = townshipOf(a.regionCode);
    const at = new Date(d.ts);
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`alarm-storm:${township}`}))`);
    const [{ n }] = (await tx.execute(sql`
      SELECT count(*)::int AS n FROM alarm_episodes WHERE township_code = ${township} AND NOT grouped AND opened_at > ${new Date(d.ts - 3_600_000)}`) as unknown as { rows: { n: number }[] }).rows;
    const episodeId = randomUUID();
    const link = async (t: Db, caseId: string, grouped: boolean) => {
      await t.insert(alarmEpisodes).values({ id: episodeId, assetId: a.id, condition: d.type, townshipCode: township, caseId, severity: d.severity!, grouped, openedAt: at });
      await t.update(alarms).set({ caseId, episodeId }).where(eq(alarms.id, alarm.id));
    };
    if (n >= cfg.stormCasesPerHour) return this.group(tx, alarm, a, d, township, n, who, (caseId) => link(tx, caseId, true));
    const title = `${a.name}${TYPE_ZH[d.type] ?? ''}${SEVERITY_ZH[d.severity!]}`;
    const late = Date.now() - d.ts > 120_000 ? `，${shanghai(Date.now())} 收到` : '';
    const { case: c } = await this.source.open({
      source: 'sensor', sourceRef: `alarm-episode:${episodeId}`, title,
      description: `${d.reason}（设备时间 ${shanghai(d.ts)}${late}）`,
      categoryCode: ALARM_CATEGORY, severity: 'urgent', lon: a.lon, lat: a.lat, place: who.place,
      register: {}, dispatch: who.worker ? { assigneeId: who.worker } : null,
      link: (t, made) => link(t, made.id, false),
    }, tx);
    await tx.insert(alarmEvents).values({ alarmId: alarm.id, action: 'case_opened', note: c.no });
    const recipients = [...new Set([...(who.worker ? [who.worker] : []), ...who.commandRoom])];
    await this.tell(tx, a, c.id, recipients, `【${SEVERITY_ZH[d.severity!]}】${title}`,
      who.worker ? `${d.reason}。事件 ${c.no} 已派网格员处置` : `${d.reason}。事件 ${c.no} 无人接手，请指挥室派遣`);
    return 'opened';
  }

  /** Past the township's hourly limit: the episode joins the township's one supervising case. */
  private async group(tx: Db, alarm: AlarmRef, a: AssetRow, d: Decision, township: string, n: number, who: Concerned, link: (caseId: string) => Promise<void>): Promise<CaseOutcome> {
    const [open] = (await tx.execute(sql`
      SELECT id FROM cases WHERE source = 'sensor' AND source_ref LIKE ${`alarm-storm:${township}:%`} AND state IN ${OPEN}
       ORDER BY reported_at DESC LIMIT 1`) as unknown as { rows: { id: string }[] }).rows;
    const note = `${a.name}${TYPE_ZH[d.type] ?? ''}${SEVERITY_ZH[d.severity!]}：${d.reason}（设备时间 ${shanghai(d.ts)}）`;
    if (open) {
      await link(open.id);
      await this.source.note(tx, open.id, { action: 'alarm_grouped', note, data: { alarmId: alarm.id, assetId: a.id, severity: d.severity }, event: 'case.noted' });
      await tx.insert(alarmEvents).values({ alarmId: alarm.id, action: 'case_grouped', note: open.id });
      return 'grouped';
    }
    const { case: c } = await this.source.open({
      source: 'sensor', sourceRef: `alarm-storm:${township}:${d.ts}`, title: `乡镇水库告警集中：一小时内超过 ${n} 处`,
      description: `一小时内本乡镇已有 ${n} 处监测告警立案，其后的告警并入本事件统一督办。首个并入：${note}`,
      categoryCode: ALARM_CATEGORY, severity: 'urgent', lon: a.lon, lat: a.lat, place: { regionCode: township, villageCode: a.regionCode },
      register: { level: 'township' }, link: (_t, made) => link(made.id),
    }, tx);
    await tx.insert(alarmEvents).values({ alarmId: alarm.id, action: 'case_grouped', note: c.no });
    // the command room is told once, when the storm case opens; later alarms only note it
    await this.tell(tx, a, c.id, who.commandRoom, '【告警集中】乡镇水库告警过多，已并案督办', `一小时内超过 ${n} 处告警，其后的告警并入事件 ${c.no}，请指挥室统一调度`, true);
    return 'storm_opened';
  }

  private async tell(tx: Db, a: AssetRow, caseId: string, recipients: string[], title: string, body: string, always = false): Promise<void> {
    if (recipients.length === 0) return;
    const request: NotificationRequest = { recipients, title, body, caseId, sms: true, always };
    await emitEvent(tx, NOTIFICATION_REQUESTED, { ...request }, { regionCode: a.regionCode, aggregateId: caseId });
  }
}
