/**
 * Alarm decisions of many devices in one transaction (issue 13, throughput of the external ingest).
 *
 * A noisy stream makes a decision (raise, severity, clear) for ≈ 8 % of its readings: 15,600 on the
 * benchmark's 200,000. Each was a transaction of its own of ≈ 9 statements (lock the open alarm, write
 * it, its timeline row, its outbox event, then the case work), ≈ 140,000 statements a run sharing the
 * pool with the readings' INSERTs — the acknowledgements waited behind them (0.17 of the raw rate).
 *
 * Here the decisions that arrive while a batch is written go together in the next one (a group commit,
 * one batch at a time): one statement locks and reads the open alarms of every (device, type) in the
 * batch, the decisions are applied in memory in order, one statement writes the alarm rows, their
 * timeline and their events. What concerns cases (a serious raise opening or joining its episode, a clear
 * closing an episode's window) runs after it on the same transaction, decision by decision, with the
 * advisory locks of the whole batch taken first in one order (two batches never wait on each other in a
 * circle). A decision still writes its alarm and its case or neither. A failed batch is tried again one
 * message at a time, so one bad decision fails only its own message.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { GroupCommit } from '../platform/group-commit.ts';
import type { AlarmCases, AlarmRef, Concerned } from './alarm-cases.ts';
import { townshipOf } from './alarm-cases.ts';
import type { DeviceInfo } from './ingest.ts';
import { SEVERITIES, type Decision, type RuleConfig } from './rules.ts';
import type { assets } from './sensors.schema.ts';

type AssetRow = typeof assets.$inferSelect;

/** Alarm types about the dam itself (not the sensor): a major or critical one opens a case. */
export const CASE_TYPES = new Set(['water_level', 'threshold']);

/** One message's decisions for one device, with what the case work needs (looked up before the transaction). */
export interface Judgement {
  device: DeviceInfo;
  asset: AssetRow;
  decisions: Decision[];
  versions: string;
  config: RuleConfig;
  /** Who is concerned, when one of the decisions is a serious raise of a case type. */
  who: Concerned | null;
}

/** Whether a decision opens or joins a case (and so needs `Concerned`). */
export const caseWorthy = (a: AssetRow, d: Decision) =>
  CASE_TYPES.has(d.type) && a.kind === 'reservoir' && d.action === 'raise' && (d.severity === 'major' || d.severity === 'critical');

interface OpenAlarm {
  id: string;
  severity: string;
  state: string;
  value: number;
  reason: string;
  rules: string | null;
  clearedAt: string | null;
  caseId: string | null;
  episodeId: string | null;
  /** Inserted by this batch (written with its final state), or read from the table (updated). */
  fresh: boolean;
  deviceId: string;
  assetId: string;
  type: string;
  startedAt: string;
}

type CaseWork = { kind: 'raised'; alarm: OpenAlarm; j: Judgement; d: Decision } | { kind: 'cleared'; alarm: OpenAlarm; at: Date };

const rank = (s: string | null) => SEVERITIES.indexOf(s as never);

/** Writers of decisions at once (each a transaction, so a pool connection, while it writes). */
const LANES = 4;
const laneOf = (township: string) => {
  let h = 0;
  for (let i = 0; i < township.length; i++) h = (Math.imul(h, 31) + township.charCodeAt(i)) | 0;
  return (h >>> 0) % LANES;
};

export class AlarmDecisions {
  /**
   * One writer per lane of townships, each one batch at a time (the next gathers meanwhile). What a
   * decision touches — its device's alarms, its asset's episode and case, its township's storm count and
   * supervising case — belongs to one township, so lanes never wait on each other's locks, and a device's
   * decisions are written in the order they were judged (a device stays in its asset's township).
   */
  private lanes = Array.from({ length: LANES }, () => new GroupCommit<Judgement, void>((batch) => this.write(batch), {
    parallel: 1, maxWeight: 500, weight: (j) => j.decisions.length, retrySingly: true,
  }));

  constructor(
    private p: Platform,
    private cases: AlarmCases,
  ) {}

  /** Resolves once the judgement's alarms (and cases) are committed. */
  take(j: Judgement): Promise<void> {
    return this.lanes[laneOf(townshipOf(j.asset.regionCode))].add(j);
  }

  private async write(batch: Judgement[]): Promise<void[]> {
    await this.p.tx((tx) => this.apply(tx, batch));
    return batch.map(() => undefined);
  }

  /** Apply a batch on a transaction: alarms set-based, then the case work in decision order. */
  async apply(tx: Db, batch: Judgement[]): Promise<void> {
    const rows = (q: unknown) => (q as { rows: Record<string, unknown>[] }).rows;
    // the case locks of the whole batch first, in one order (onRaised takes them again: re-entrant)
    const locks = new Set<string>();
    for (const j of batch) for (const d of j.decisions) {
      if (!caseWorthy(j.asset, d)) continue;
      locks.add(`alarm-episode:${j.asset.id}:${d.type}`);
      locks.add(`alarm-storm:${townshipOf(j.asset.regionCode)}`);
    }
    if (locks.size) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h FROM jsonb_array_elements_text(${JSON.stringify([...locks])}::jsonb) AS k ORDER BY 1) s`);
    }
    const keys = [...new Set(batch.flatMap((j) => j.decisions.map((d) => `${j.device.id}|${d.type}`)))];
    const open = new Map<string, OpenAlarm>();
    for (const r of rows(await tx.execute(sql`
      SELECT id, device_id, asset_id, type, severity, state, value, reason, rules, started_at, cleared_at, case_id, episode_id FROM alarms
       WHERE (device_id, type) IN (SELECT split_part(k, '|', 1)::uuid, split_part(k, '|', 2) FROM jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) AS k) AND state <> 'cleared'
       ORDER BY id FOR UPDATE`))) {
      open.set(`${r.device_id}|${r.type}`, {
        id: r.id as string, deviceId: r.device_id as string, assetId: r.asset_id as string, type: r.type as string, severity: r.severity as string,
        state: r.state as string, value: r.value as number, reason: r.reason as string, rules: r.rules as string | null,
        startedAt: new Date(r.started_at as string).toISOString(), clearedAt: null, caseId: r.case_id as string | null, episodeId: r.episode_id as string | null, fresh: false,
      });
    }
    const written = new Map<string, OpenAlarm>(); // every alarm row this batch writes, by id
    const events: { n: number; alarm_id: string; action: string; severity: string | null; value: number; note: string }[] = [];
    const outbox: { n: number; type: string; region_code: string; aggregate_id: string; payload: Record<string, unknown> }[] = [];
    const work: CaseWork[] = [];
    for (const j of batch) {
      const a = j.asset;
      for (const d of j.decisions) {
        const key = `${j.device.id}|${d.type}`;
        const cur = open.get(key);
        const at = new Date(d.ts).toISOString();
        if (d.action === 'clear') {
          if (!cur) continue;
          Object.assign(cur, { state: 'cleared', clearedAt: at, value: d.value });
          written.set(cur.id, cur);
          open.delete(key);
          events.push({ n: events.length, alarm_id: cur.id, action: 'cleared', severity: null, value: d.value, note: d.reason });
          outbox.push({ n: outbox.length, type: 'alarm.cleared', region_code: a.regionCode, aggregate_id: cur.id, payload: { alarmId: cur.id, asset: a.name, type: d.type, caseId: cur.caseId } });
          if (cur.episodeId || work.some((w) => w.alarm === cur)) work.push({ kind: 'cleared', alarm: cur, at: new Date(d.ts) });
          continue;
        }
        if (cur && cur.severity === d.severity) continue;
        const rose = !cur || rank(d.severity) > rank(cur.severity);
        let alarm: OpenAlarm;
        if (cur) {
          alarm = Object.assign(cur, { severity: d.severity!, value: d.value, reason: d.reason, rules: j.versions, ...(rose ? { state: 'active_unack' } : {}) });
          events.push({ n: events.length, alarm_id: cur.id, action: 'severity', severity: d.severity, value: d.value, note: d.reason });
        } else {
          alarm = {
            id: randomUUID(), deviceId: j.device.id, assetId: a.id, type: d.type, severity: d.severity!, state: 'active_unack', value: d.value, reason: d.reason,
            rules: j.versions, startedAt: at, clearedAt: null, caseId: null, episodeId: null, fresh: true,
          };
          open.set(key, alarm);
          events.push({ n: events.length, alarm_id: alarm.id, action: 'raised', severity: d.severity, value: d.value, note: d.reason });
        }
        written.set(alarm.id, alarm);
        outbox.push({
          n: outbox.length, type: cur ? 'alarm.severity_changed' : 'alarm.raised', region_code: a.regionCode, aggregate_id: alarm.id,
          payload: { alarmId: alarm.id, asset: a.name, type: d.type, severity: d.severity!, value: d.value, reason: d.reason, rose },
        });
        if (caseWorthy(a, d) && j.who) work.push({ kind: 'raised', alarm, j, d });
      }
    }
    if (written.size === 0) return;
    const all = [...written.values()];
    const json = (x: unknown) => JSON.stringify(x);
    // the open alarms updated first (one cleared here may make room for a new one of the same device and
    // type: the one-open index is checked row by row), then the new ones in their final state
    const cols = sql.raw(`AS w(id uuid, "deviceId" uuid, "assetId" uuid, type text, severity text, state text, value float8, reason text, rules text,
                          "startedAt" timestamptz, "clearedAt" timestamptz)`);
    const updated = all.filter((x) => !x.fresh);
    const fresh = all.filter((x) => x.fresh);
    if (updated.length) {
      await tx.execute(sql`
        UPDATE alarms SET severity = w.severity, state = w.state, value = w.value, reason = w.reason, rules = w.rules,
               cleared_at = coalesce(w."clearedAt", alarms.cleared_at), updated_at = now()
          FROM jsonb_to_recordset(${json(updated)}::jsonb) ${cols} WHERE alarms.id = w.id`);
    }
    if (fresh.length) {
      await tx.execute(sql`
        INSERT INTO alarms (id, asset_id, device_id, type, severity, state, value, reason, started_at, rules, cleared_at)
        SELECT id, "assetId", "deviceId", type, severity, state, value, reason, "startedAt", rules, "clearedAt" FROM jsonb_to_recordset(${json(fresh)}::jsonb) ${cols}`);
    }
    // the timeline and the events after the rows they point at (their ids keep the decisions' order)
    await tx.execute(sql`
      WITH ev AS (INSERT INTO alarm_events (alarm_id, action, severity, value, note)
                  SELECT alarm_id, action, severity, value, note FROM jsonb_to_recordset(${json(events)}::jsonb)
                    AS e(n int, alarm_id uuid, action text, severity text, value float8, note text) ORDER BY n RETURNING 1)
      INSERT INTO outbox_events (type, region_code, aggregate_id, payload)
      SELECT type, region_code, aggregate_id, payload FROM jsonb_to_recordset(${json(outbox)}::jsonb)
        AS o(n int, type text, region_code text, aggregate_id text, payload jsonb) ORDER BY n`);
    // the case work, decision by decision (an alarm linked earlier in this batch is read back first)
    const linked = new Set<string>();
    for (const w of work) {
      const ref: AlarmRef = { id: w.alarm.id, caseId: w.alarm.caseId, episodeId: w.alarm.episodeId };
      if (linked.has(ref.id)) {
        const [r] = rows(await tx.execute(sql`SELECT case_id, episode_id FROM alarms WHERE id = ${ref.id}`));
        Object.assign(ref, { caseId: r.case_id, episodeId: r.episode_id });
      }
      if (w.kind === 'cleared') await this.cases.onCleared(tx, ref, w.at);
      else {
        await this.cases.onRaised(tx, ref, w.j.asset, w.d, w.j.config, w.j.who!);
        linked.add(ref.id);
      }
    }
  }
}
