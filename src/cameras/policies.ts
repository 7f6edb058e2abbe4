/**
 * The camera policies in force: built-in per category (policy.ts) with administrators' overrides from
 * `camera_policies`, held in memory and reloaded in every process on `cameras.policy_changed`.
 */
import { sql } from 'drizzle-orm';
import { assertCan, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { badRequest } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import { BUILT_IN, checkPolicy, policyFor, type CategoryPolicy } from './policy.ts';
import type { PolicyRow } from './cameras.contract.ts';

export const POLICY_CHANGED = 'cameras.policy_changed';

export class CameraPolicies {
  private overrides = new Map<string, Partial<CategoryPolicy>>();
  private cache = new Map<string, CategoryPolicy>();

  constructor(private p: Platform) {
    p.events.subscribeEverywhere(POLICY_CHANGED, () => this.load());
  }

  async load(): Promise<void> {
    const rows = await this.p.database.raw<{ category_code: string; overrides: Partial<CategoryPolicy> }>('SELECT category_code, overrides FROM camera_policies', []);
    this.overrides = new Map(rows.map((r) => [r.category_code, r.overrides]));
    this.cache.clear();
  }

  /** The policy of a category now (hot path: cached). */
  readonly of = (category: string): CategoryPolicy => {
    let p = this.cache.get(category);
    if (!p) this.cache.set(category, (p = policyFor(category, this.overrides.get(category))));
    return p;
  };

  list(): PolicyRow[] {
    const codes = [...new Set([...Object.keys(BUILT_IN), ...this.overrides.keys()])].sort();
    return codes.map((code) => ({ categoryCode: code, policy: this.of(code), overrides: this.overrides.get(code) ?? {} }));
  }

  /** Replace a category's overrides (administrators); `{}` returns it to the built-in policy. */
  async set(actor: Actor, category: string, input: Record<string, unknown>): Promise<PolicyRow> {
    assertCan(actor, 'cameras.configure');
    if (!/^\d{4}$/.test(category)) throw badRequest('VALIDATION_FAILED', 'category: a 4-digit code', { field: 'category' });
    const overrides = checkPolicy(input);
    await this.p.tx(async (tx) => {
      await tx.execute(sql`INSERT INTO camera_policies (category_code, overrides, updated_by) VALUES (${category}, ${JSON.stringify(overrides)}::jsonb, ${actor.id})
          ON CONFLICT (category_code) DO UPDATE SET overrides = excluded.overrides, updated_by = excluded.updated_by, updated_at = now()`);
      await writeAudit(tx, { actorId: actor.id, action: 'camera_policy.changed', entity: 'camera_policy', entityId: category, details: overrides });
      await emitEvent(tx, POLICY_CHANGED, { category });
    });
    await this.load();
    return { categoryCode: category, policy: this.of(category), overrides };
  }
}
