/**
 * Versioned rule overrides (DOMAIN.md §3): per device kind, per asset and kind, per device. A change is a
 * new version, never an edit; the newest version of each applies, device over asset over kind over the
 * built-in `KIND_RULES`. The newest versions are held in memory (a few hundred rows at most) and reloaded
 * in every server process on `sensors.rules_changed`.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { assertCan, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { badRequest, notFound } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import { KIND_RULES, RULE_FIELDS, type RuleConfig } from './rules.ts';
import { assets, devices, sensorRuleSets } from './sensors.schema.ts';
import type { Rules, RuleSetVersion, RulesOverview } from './sensors.contract.ts';
import { ruleSetView } from './views.ts';

export const RULES_CHANGED = 'sensors.rules_changed';
export type RuleScope = 'kind' | 'asset' | 'device';
const SCOPES: RuleScope[] = ['kind', 'asset', 'device'];

interface Latest {
  version: number;
  overrides: Partial<RuleConfig>;
}

export interface EffectiveRules {
  config: RuleConfig;
  /** Which versions made it, e.g. "water_level v2 · asset v1"; "built-in" when none. */
  versions: string;
}

/** Check an override object field by field; the error names the field. */
export function checkOverrides(input: unknown): Partial<RuleConfig> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw badRequest('VALIDATION_FAILED', 'overrides must be an object', { field: 'overrides' });
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    const kind = RULE_FIELDS[k as keyof RuleConfig];
    const field = `overrides.${k}`;
    const num = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
    if (!kind) throw badRequest('VALIDATION_FAILED', `Unknown rule field ${k}; known: ${Object.keys(RULE_FIELDS).join(', ')}`, { field });
    const ok =
      kind === 'count' ? Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 10_000
      : kind === 'number' ? num(v) && (v as number) >= 0
      : kind === 'number?' ? v === null || (num(v) && (v as number) > 0)
      : kind === 'fraction' ? num(v) && (v as number) > 0 && (v as number) <= 1
      : v === null || checkThresholds(v);
    if (!ok) {
      const what = { count: 'a whole number from 1 to 10000', number: 'a number ≥ 0', 'number?': 'a number > 0 or null', fraction: 'a number in (0, 1]', thresholds: '{warning, major, critical}: numbers or null, rising' }[kind];
      throw badRequest('VALIDATION_FAILED', `${k} must be ${what}`, { field });
    }
    out[k] = v;
  }
  return out as Partial<RuleConfig>;
}

function checkThresholds(v: unknown): boolean {
  if (!v || typeof v !== 'object') return false;
  const t = v as Record<string, unknown>;
  if (Object.keys(t).some((k) => !['warning', 'major', 'critical'].includes(k))) return false;
  const set = (['warning', 'major', 'critical'] as const).map((k) => t[k] ?? null);
  if (set.some((x) => x !== null && !(typeof x === 'number' && Number.isFinite(x)))) return false;
  const nums = set.filter((x): x is number => x !== null);
  return nums.every((x, i) => i === 0 || x > nums[i - 1]);
}

export class RuleSets {
  private latest = new Map<string, Latest>();

  constructor(private p: Platform) {
    p.events.subscribeEverywhere(RULES_CHANGED, () => this.load());
  }

  async load(): Promise<void> {
    const rows = await this.p.database.raw<{ scope: string; target: string; version: number; overrides: Partial<RuleConfig> }>(
      'SELECT DISTINCT ON (scope, target) scope, target, version, overrides FROM sensor_rule_sets ORDER BY scope, target, version DESC', []);
    this.latest = new Map(rows.map((r) => [`${r.scope}:${r.target}`, { version: r.version, overrides: r.overrides }]));
  }

  /** The rules a device runs on now. */
  effective(device: { id: string; assetId: string; kind: string }): EffectiveRules {
    const base = KIND_RULES[device.kind] ?? KIND_RULES.water_level;
    const layers: [string, Latest | undefined][] = [
      [device.kind, this.latest.get(`kind:${device.kind}`)],
      ['asset', this.latest.get(`asset:${device.assetId}/${device.kind}`)],
      ['device', this.latest.get(`device:${device.id}`)],
    ];
    let config = base;
    const versions: string[] = [];
    for (const [name, l] of layers) {
      if (!l) continue;
      config = { ...config, ...l.overrides };
      versions.push(`${name} v${l.version}`);
    }
    return { config, versions: versions.join(' · ') || 'built-in' };
  }

  /** Where a scope's target lives, for the permission check; throws when the target does not exist. */
  private async regionOf(scope: RuleScope, target: string): Promise<string | null> {
    if (scope === 'kind') {
      if (!KIND_RULES[target]) throw badRequest('VALIDATION_FAILED', `target must be a device kind: ${Object.keys(KIND_RULES).join(', ')}`, { field: 'target' });
      return null;
    }
    if (scope === 'asset') {
      const [id, kind] = target.split('/');
      if (!kind || !KIND_RULES[kind] || !/^[0-9a-f-]{36}$/i.test(id)) throw badRequest('VALIDATION_FAILED', 'target must be "<asset id>/<device kind>"', { field: 'target' });
      const [a] = await this.p.db.select({ region: assets.regionCode }).from(assets).where(eq(assets.id, id));
      if (!a) throw notFound('ASSET_NOT_FOUND', 'No such asset', { field: 'target' });
      return a.region;
    }
    if (!/^[0-9a-f-]{36}$/i.test(target)) throw badRequest('VALIDATION_FAILED', 'target must be a device id', { field: 'target' });
    const [d] = await this.p.db.select({ region: assets.regionCode }).from(devices).innerJoin(assets, eq(assets.id, devices.assetId)).where(eq(devices.id, target));
    if (!d) throw notFound('DEVICE_NOT_FOUND', 'No such device', { field: 'target' });
    return d.region;
  }

  /** A new version of a scope's overrides (the whole set: fields left out fall back to the layer below). */
  async put(actor: Actor, input: { scope: string; target: string; overrides: unknown; note?: string | null }): Promise<RuleSetVersion> {
    if (!SCOPES.includes(input.scope as RuleScope)) throw badRequest('VALIDATION_FAILED', 'scope must be kind, asset or device', { field: 'scope' });
    const scope = input.scope as RuleScope;
    const overrides = checkOverrides(input.overrides);
    const region = await this.regionOf(scope, input.target);
    assertCan(actor, 'sensors.configure', region ?? undefined);
    const row = await this.p.tx(async (tx: Db) => {
      // one writer per target at a time: the version number is max + 1 under the lock
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`rules:${scope}:${input.target}`}))`);
      const [last] = await tx.select({ v: sensorRuleSets.version }).from(sensorRuleSets)
        .where(and(eq(sensorRuleSets.scope, scope), eq(sensorRuleSets.target, input.target))).orderBy(desc(sensorRuleSets.version)).limit(1);
      const [r] = await tx.insert(sensorRuleSets).values({ scope, target: input.target, version: (last?.v ?? 0) + 1, overrides, note: input.note ?? null, createdBy: actor.id }).returning();
      await writeAudit(tx, { actorId: actor.id, action: 'rules.changed', entity: 'sensor_rule_set', entityId: `${scope}:${input.target}`, regionCode: region, details: { version: r.version, overrides } });
      await emitEvent(tx, RULES_CHANGED, { scope, target: input.target, version: r.version });
      return r;
    });
    await this.load();
    return ruleSetView(row);
  }

  /** Every version of a scope's overrides, newest first. */
  async history(actor: Actor, scope: string, target: string): Promise<RuleSetVersion[]> {
    if (!SCOPES.includes(scope as RuleScope)) throw badRequest('VALIDATION_FAILED', 'scope must be kind, asset or device', { field: 'scope' });
    const region = await this.regionOf(scope as RuleScope, target);
    assertCan(actor, 'sensors.read', region ?? undefined);
    return (await this.p.db.select().from(sensorRuleSets).where(and(eq(sensorRuleSets.scope, scope), eq(sensorRuleSets.target, target))).orderBy(desc(sensorRuleSets.version))).map(ruleSetView);
  }

  /** The built-in rules per kind and the newest override of every scope, for the console. */
  overview(): RulesOverview {
    return {
      builtIn: KIND_RULES as unknown as RulesOverview['builtIn'],
      current: [...this.latest.entries()].map(([k, l]) => {
        const i = k.indexOf(':');
        return { scope: k.slice(0, i), target: k.slice(i + 1), version: l.version, overrides: l.overrides as Rules };
      }),
    };
  }
}
