/**
 * From readings to alarms to cases (DOMAIN.md §3). After readings are stored, the rule engine judges
 * them; its decisions become alarm rows (one open per device and type) with a timeline. A major or
 * critical water-level alarm opens an urgent case (category 1202) at the reservoir, routed by the
 * system to the village's grid worker (the township command room sees it in its queue); when the alarm
 * rises further the case climbs a level. Clearing an alarm does not close its case: a person checks.
 */
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { assertCan, staffIn, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { conflict, notFound } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import { Lru } from '../platform/lru.ts';
import type { CasesService } from '../cases/index.ts';
import type { UsersService } from '../people/index.ts';
import type { DeviceInfo } from './ingest.ts';
import type { RuleSets } from './rule-sets.ts';
import { floodLimitAt, RuleEngine, SEVERITIES, type Decision, type DeviceRules } from './rules.ts';
import { alarmEvents, alarms, assets } from './sensors.schema.ts';
import type { Reading } from './telemetry.ts';

const SEVERITY_ZH: Record<string, string> = { warning: '预警', major: '重大告警', critical: '危急告警' };
const TYPE_ZH: Record<string, string> = { water_level: '水位', threshold: '监测值', sudden_change: '突变', out_of_band: '异常', rainfall: '降雨', sensor_fault: '传感器故障', no_data: '数据中断' };
/** Alarm types about the dam itself (not the sensor): a major or critical one opens a case. */
const CASE_TYPES = new Set(['water_level', 'threshold']);
type AssetRow = typeof assets.$inferSelect;

export class AlarmsService {
  readonly engine = new RuleEngine();
  private assets = new Lru<string, AssetRow>(10_000, 60_000);

  constructor(
    private p: Platform,
    private cases: CasesService,
    private users: UsersService,
    readonly rules: RuleSets,
  ) {}

  private async asset(id: string): Promise<AssetRow> {
    let a = this.assets.get(id);
    if (!a) {
      [a] = await this.p.db.select().from(assets).where(eq(assets.id, id));
      this.assets.set(id, a);
    }
    return a;
  }

  /** Judge freshly stored readings of a device and act on the decisions. */
  async onReadings(device: DeviceInfo, readings: Reading[]): Promise<void> {
    if (readings.length === 0) return;
    const a = await this.asset(device.assetId);
    const ts = readings[readings.length - 1].ts;
    if (!this.engine.knows(device.id)) {
      // first readings of this device in this process: start from what is already raised
      const open = await this.p.database.raw<{ type: string; severity: string }>("SELECT type, severity FROM alarms WHERE device_id = $1 AND state <> 'cleared'", [device.id], { prepare: true });
      this.engine.seed(device.id, open);
    }
    const eff = this.rules.effective(device);
    const rules: DeviceRules = {
      kind: device.kind, minValue: device.minValue, maxValue: device.maxValue, config: eff.config,
      levels: { floodLimit: floodLimitAt(a.floodLimits, a.normalLevel, ts), design: a.designFloodLevel, check: a.checkFloodLevel },
    };
    for (const d of this.engine.evaluate(device.id, rules, readings)) await this.apply(device, a, d, eff.versions);
  }

  private async apply(device: DeviceInfo, a: AssetRow, d: Decision, versions: string): Promise<void> {
    const result = await this.p.tx(async (tx: Db) => {
      const [open] = await tx.select().from(alarms).where(and(eq(alarms.deviceId, device.id), eq(alarms.type, d.type), ne(alarms.state, 'cleared'))).for('update');
      const at = new Date(d.ts);
      if (d.action === 'clear') {
        if (!open) return null;
        await tx.update(alarms).set({ state: 'cleared', clearedAt: at, updatedAt: sql`now()`, value: d.value }).where(eq(alarms.id, open.id));
        await tx.insert(alarmEvents).values({ alarmId: open.id, action: 'cleared', value: d.value, note: d.reason });
        await emitEvent(tx, 'alarm.cleared', { alarmId: open.id, asset: a.name, type: d.type, caseId: open.caseId }, { regionCode: a.regionCode, aggregateId: open.id });
        return null;
      }
      if (open && open.severity === d.severity) return null;
      const rose = !open || SEVERITIES.indexOf(d.severity!) > SEVERITIES.indexOf(open.severity as never);
      let id: string;
      if (open) {
        id = open.id;
        await tx.update(alarms).set({ severity: d.severity!, value: d.value, reason: d.reason, rules: versions, updatedAt: sql`now()`, ...(rose ? { state: 'active_unack' } : {}) }).where(eq(alarms.id, id));
        await tx.insert(alarmEvents).values({ alarmId: id, action: 'severity', severity: d.severity, value: d.value, note: d.reason });
      } else {
        [{ id }] = await tx.insert(alarms).values({
          assetId: a.id, deviceId: device.id, type: d.type, severity: d.severity!, state: 'active_unack', value: d.value, reason: d.reason, startedAt: at, rules: versions,
        }).returning({ id: alarms.id });
        await tx.insert(alarmEvents).values({ alarmId: id, action: 'raised', severity: d.severity, value: d.value, note: d.reason });
      }
      await emitEvent(tx, open ? 'alarm.severity_changed' : 'alarm.raised', { alarmId: id, asset: a.name, type: d.type, severity: d.severity, value: d.value, reason: d.reason, rose },
        { regionCode: a.regionCode, aggregateId: id });
      return { id, rose, caseId: open?.caseId ?? null };
    });
    // a major or critical reservoir alarm opens a case, and a rising one climbs
    if (!result || !CASE_TYPES.has(d.type) || a.kind !== 'reservoir' || (d.severity !== 'major' && d.severity !== 'critical')) return;
    if (!result.caseId) await this.openCase(result.id, a, d);
    else if (result.rose) await this.escalateCase(result.id, result.caseId, d);
  }

  private async openCase(alarmId: string, a: AssetRow, d: Decision): Promise<void> {
    const title = `${a.name}${TYPE_ZH[d.type] ?? ''}${SEVERITY_ZH[d.severity!]}`;
    const c = await this.cases.report(null, {
      title, description: `${d.reason}（${new Date(d.ts).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}）`,
      categoryCode: '1202', severity: 'urgent', lon: a.lon, lat: a.lat, source: 'sensor',
    });
    await this.cases.act(null, c.id, { action: 'register', severity: 'urgent', categoryCode: '1202' }, { system: true });
    const worker = await this.users.staffIn('grid_worker', a.regionCode);
    if (worker) await this.cases.act(null, c.id, { action: 'dispatch', assigneeId: worker }, { system: true });
    await this.p.db.update(alarms).set({ caseId: c.id }).where(eq(alarms.id, alarmId));
    await this.p.db.insert(alarmEvents).values({ alarmId, action: 'case_opened', note: c.no });
  }

  private async escalateCase(alarmId: string, caseId: string, d: Decision): Promise<void> {
    try {
      await this.cases.act(null, caseId, { action: 'escalate', reason: `告警升级为${SEVERITY_ZH[d.severity!]}：${d.reason}` }, { system: true });
      await this.p.db.insert(alarmEvents).values({ alarmId, action: 'case_escalated', severity: d.severity });
    } catch (err) {
      // a case already closed or at the city level stays as it is; the alarm still rose
      this.p.log.warn({ err, alarmId, caseId }, 'alarm rose; its case could not be escalated');
    }
  }

  /** Alarms of the caller's area, open first. */
  async list(actor: Actor, opts: { open?: boolean } = {}) {
    const rows = await this.p.db.select({ alarm: alarms, asset: assets.name, region: assets.regionCode }).from(alarms).innerJoin(assets, eq(assets.id, alarms.assetId))
      .where(opts.open ? ne(alarms.state, 'cleared') : undefined).orderBy(desc(alarms.updatedAt)).limit(500);
    return rows.filter((r) => staffIn(actor, r.region))
      .map((r) => ({ ...r.alarm, asset: r.asset }));
  }

  async acknowledge(actor: Actor, id: string) {
    const [row] = await this.p.db.select({ alarm: alarms, region: assets.regionCode }).from(alarms).innerJoin(assets, eq(assets.id, alarms.assetId)).where(eq(alarms.id, id));
    if (!row) throw notFound('ALARM_NOT_FOUND', 'No such alarm');
    assertCan(actor, 'cases.read', row.region, () => notFound('ALARM_NOT_FOUND', 'No such alarm'));
    if (row.alarm.state !== 'active_unack') throw conflict('ALARM_NOT_UNACKNOWLEDGED', `The alarm is ${row.alarm.state}`, { state: row.alarm.state });
    await this.p.tx(async (tx: Db) => {
      await tx.update(alarms).set({ state: 'active_ack', acknowledgedAt: sql`now()`, acknowledgedBy: actor.id, updatedAt: sql`now()` }).where(eq(alarms.id, id));
      await tx.insert(alarmEvents).values({ alarmId: id, action: 'acknowledged', actorId: actor.id });
    });
    return { ...row.alarm, state: 'active_ack' };
  }

  /**
   * A person clears an alarm (the cause is dealt with). The engine forgets the device's streaks, so if
   * the condition is still there the next readings raise it again; the alarm's case stays as it is.
   */
  async clear(actor: Actor, id: string, note?: string | null) {
    const [row] = await this.p.db.select({ alarm: alarms, region: assets.regionCode, asset: assets.name }).from(alarms).innerJoin(assets, eq(assets.id, alarms.assetId)).where(eq(alarms.id, id));
    if (!row) throw notFound('ALARM_NOT_FOUND', 'No such alarm');
    assertCan(actor, 'cases.read', row.region, () => notFound('ALARM_NOT_FOUND', 'No such alarm'));
    if (row.alarm.state === 'cleared') throw conflict('ALARM_CLEARED', 'The alarm is already cleared', { state: row.alarm.state });
    await this.p.tx(async (tx: Db) => {
      await tx.update(alarms).set({ state: 'cleared', clearedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(alarms.id, id));
      await tx.insert(alarmEvents).values({ alarmId: id, action: 'cleared', actorId: actor.id, note: note?.trim() || '人工解除' });
      await emitEvent(tx, 'alarm.cleared', { alarmId: id, asset: row.asset, type: row.alarm.type, caseId: row.alarm.caseId }, { regionCode: row.region, aggregateId: id });
    });
    this.engine.forget(row.alarm.deviceId);
    return { ...row.alarm, state: 'cleared' };
  }

  async timeline(actor: Actor, id: string) {
    const [row] = await this.p.db.select({ region: assets.regionCode }).from(alarms).innerJoin(assets, eq(assets.id, alarms.assetId)).where(eq(alarms.id, id));
    if (!row) throw notFound('ALARM_NOT_FOUND', 'No such alarm');
    assertCan(actor, 'cases.read', row.region, () => notFound('ALARM_NOT_FOUND', 'No such alarm'));
    return this.p.db.select().from(alarmEvents).where(eq(alarmEvents.alarmId, id)).orderBy(alarmEvents.id);
  }
}
