/**
 * From readings to alarms to cases (DOMAIN.md §3). After readings are stored, the rule engine judges
 * them; its decisions become alarm rows (one open per device and type) with a timeline. A major or
 * critical water-level alarm of a reservoir opens — or joins — its asset's condition episode and the
 * episode's one urgent case (category 1202), routed to the village's grid worker, in the alarm's own
 * transaction (alarm-cases.ts). A rising alarm raises the case's severity, never its level. Clearing an
 * alarm does not close its case: a person checks.
 */
import { and, desc, eq, like, ne, or, sql } from 'drizzle-orm';
import { assertCan, staffScopes, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { conflict, notFound } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import { Lru } from '../platform/lru.ts';
import type { SourceCases } from '../cases/index.ts';
import type { UsersService } from '../people/index.ts';
import { AlarmCases, type CaseOutcome, type Concerned } from './alarm-cases.ts';
import { applyPlain } from './alarm-decisions.ts';
import type { DeviceInfo } from './ingest.ts';
import { RuleCursors } from './rule-cursors.ts';
import type { RuleSets } from './rule-sets.ts';
import { floodLimitAt, RuleEngine, SEVERITIES, type Decision, type DeviceRules, type RuleConfig } from './rules.ts';
import { alarmEvents, alarms, assets } from './sensors.schema.ts';
import type { Reading } from './telemetry.ts';

/** Alarm types about the dam itself (not the sensor): a major or critical one opens a case. */
const CASE_TYPES = new Set(['water_level', 'threshold']);
type AssetRow = typeof assets.$inferSelect;
type AlarmRow = typeof alarms.$inferSelect;

/** An alarm as the API shows it: device time and arrival (server) time apart, both ISO (shown in Asia/Shanghai). */
export function presentAlarm(a: AlarmRow, asset: string) {
  const device = new Date(a.startedAt);
  const arrival = new Date(a.raisedAt);
  return {
    ...a, asset,
    /** When the reading that raised it was taken (the device's clock). */
    deviceTime: device.toISOString(),
    /** When the server received it and raised the alarm. */
    arrivalTime: arrival.toISOString(),
    /** Seconds between the two (late readings, a device clock off); 0 when they agree within a minute. */
    arrivalDelaySeconds: Math.abs(arrival.getTime() - device.getTime()) < 60_000 ? 0 : Math.round((arrival.getTime() - device.getTime()) / 1000),
  };
}

export class AlarmsService {
  readonly engine = new RuleEngine();
  private assets = new Lru<string, AssetRow>(10_000, 60_000);
  readonly cases: AlarmCases;
  readonly cursors: RuleCursors;

  constructor(
    private p: Platform,
    source: SourceCases,
    users: UsersService,
    readonly rules: RuleSets,
  ) {
    this.cases = new AlarmCases(p, source, users);
    this.cursors = new RuleCursors(p);
  }

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
    if (!this.engine.knows(device.id)) {
      // first readings of this device in this process: start from what is already raised, and judge
      // first what an earlier process stored and acknowledged but never judged (rule-cursors.ts)
      const open = await this.p.database.raw<{ type: string; severity: string }>("SELECT type, severity FROM alarms WHERE device_id = $1 AND state <> 'cleared'", [device.id], { prepare: true });
      this.engine.seed(device.id, open);
      const missed = await this.cursors.missed(device.id, Math.min(...readings.map((r) => r.ts)));
      if (missed.length) readings = [...missed, ...readings];
    }
    const ts = readings[readings.length - 1].ts;
    const eff = this.rules.effective(device);
    const rules: DeviceRules = {
      kind: device.kind, minValue: device.minValue, maxValue: device.maxValue, config: eff.config,
      levels: { floodLimit: floodLimitAt(a.floodLimits, a.normalLevel, ts), design: a.designFloodLevel, check: a.checkFloodLevel },
    };
    for (const d of this.engine.evaluate(device.id, rules, readings)) {
      try {
        await this.apply(device, a, d, eff.versions, eff.config);
      } catch (err) {
        // nothing of the decision was written: start the device again from what the database holds
        this.engine.forget(device.id);
        throw err;
      }
    }
    this.cursors.judged(device.id, Math.max(...readings.map((r) => r.ts)));
  }

  /**
   * One decision: the alarm, its timeline and event, and — a serious alarm of a reservoir — its case, in
   * one transaction; a decision without a case (every clear, a warning) in one statement.
   */
  async apply(device: DeviceInfo, a: AssetRow, d: Decision, versions: string, cfg: RuleConfig): Promise<CaseOutcome | null> {
    const caseWorthy = CASE_TYPES.has(d.type) && a.kind === 'reservoir';
    const serious = d.action === 'raise' && (d.severity === 'major' || d.severity === 'critical');
    // looked up before the transaction (on PGlite a pool query would wait for it)
    const who: Concerned | null = caseWorthy && serious ? await this.cases.prepare(a) : null;
    // no case to open or raise: the same rows and event in one statement (alarm-decisions.ts)
    if (!who) return applyPlain(this.p, device.id, a, d, versions).then(() => null);
    return this.p.tx(async (tx: Db) => {
      const [open] = await tx.select().from(alarms).where(and(eq(alarms.deviceId, device.id), eq(alarms.type, d.type), ne(alarms.state, 'cleared'))).for('update');
      const at = new Date(d.ts);
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
      await emitEvent(tx, open ? 'alarm.severity_changed' : 'alarm.raised', { alarmId: id, asset: a.name, type: d.type, severity: d.severity!, value: d.value, reason: d.reason, rose },
        { regionCode: a.regionCode, aggregateId: id });
      if (!who) return null;
      return this.cases.onRaised(tx, { id, caseId: open?.caseId ?? null, episodeId: open?.episodeId ?? null }, a, d, cfg, who);
    });
  }

  /** Alarms of the caller's area, open first; the area is part of the query (never cut before it). */
  async list(actor: Actor, opts: { open?: boolean } = {}) {
    const scopes = staffScopes(actor);
    if (scopes.length === 0) return [];
    const rows = await this.p.db.select({ alarm: alarms, asset: assets.name }).from(alarms).innerJoin(assets, eq(assets.id, alarms.assetId))
      .where(and(or(...scopes.map((s) => like(assets.regionCode, `${s}%`))), opts.open ? ne(alarms.state, 'cleared') : undefined))
      .orderBy(desc(alarms.updatedAt)).limit(500);
    return rows.map((r) => presentAlarm(r.alarm, r.asset));
  }

  async acknowledge(actor: Actor, id: string) {
    const [row] = await this.p.db.select({ alarm: alarms, region: assets.regionCode, asset: assets.name }).from(alarms).innerJoin(assets, eq(assets.id, alarms.assetId)).where(eq(alarms.id, id));
    if (!row) throw notFound('ALARM_NOT_FOUND', 'No such alarm');
    assertCan(actor, 'alarms.handle', row.region, () => notFound('ALARM_NOT_FOUND', 'No such alarm'));
    if (row.alarm.state !== 'active_unack') throw conflict('ALARM_NOT_UNACKNOWLEDGED', `The alarm is ${row.alarm.state}`, { state: row.alarm.state });
    await this.p.tx(async (tx: Db) => {
      await tx.update(alarms).set({ state: 'active_ack', acknowledgedAt: sql`now()`, acknowledgedBy: actor.id, updatedAt: sql`now()` }).where(eq(alarms.id, id));
      await tx.insert(alarmEvents).values({ alarmId: id, action: 'acknowledged', actorId: actor.id });
    });
    return presentAlarm({ ...row.alarm, state: 'active_ack' }, row.asset);
  }

  /**
   * A person clears an alarm (the cause is dealt with). The engine forgets the device's streaks, so if
   * the condition is still there the next readings raise it again; the alarm's case stays as it is.
   */
  async clear(actor: Actor, id: string, note?: string | null) {
    const [row] = await this.p.db.select({ alarm: alarms, region: assets.regionCode, asset: assets.name }).from(alarms).innerJoin(assets, eq(assets.id, alarms.assetId)).where(eq(alarms.id, id));
    if (!row) throw notFound('ALARM_NOT_FOUND', 'No such alarm');
    assertCan(actor, 'alarms.handle', row.region, () => notFound('ALARM_NOT_FOUND', 'No such alarm'));
    if (row.alarm.state === 'cleared') throw conflict('ALARM_CLEARED', 'The alarm is already cleared', { state: row.alarm.state });
    await this.p.tx(async (tx: Db) => {
      await tx.update(alarms).set({ state: 'cleared', clearedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(alarms.id, id));
      await this.cases.onCleared(tx, row.alarm, new Date());
      await tx.insert(alarmEvents).values({ alarmId: id, action: 'cleared', actorId: actor.id, note: note?.trim() || '人工解除' });
      await emitEvent(tx, 'alarm.cleared', { alarmId: id, asset: row.asset, type: row.alarm.type, caseId: row.alarm.caseId }, { regionCode: row.region, aggregateId: id });
    });
    this.engine.forget(row.alarm.deviceId);
    return presentAlarm({ ...row.alarm, state: 'cleared' }, row.asset);
  }

  async timeline(actor: Actor, id: string) {
    const [row] = await this.p.db.select({ region: assets.regionCode }).from(alarms).innerJoin(assets, eq(assets.id, alarms.assetId)).where(eq(alarms.id, id));
    if (!row) throw notFound('ALARM_NOT_FOUND', 'No such alarm');
    assertCan(actor, 'sensors.read', row.region, () => notFound('ALARM_NOT_FOUND', 'No such alarm'));
    return this.p.db.select().from(alarmEvents).where(eq(alarmEvents.alarmId, id)).orderBy(alarmEvents.id);
  }
}
