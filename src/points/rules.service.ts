/**
 * The village's and township's own scoring: earning rules (a new version on every change, so a past
 * award keeps the rule it used), the scoring settings (quorum, 公示 days, ¥ per point) and the scoring
 * group (评分小组). Edited by administrators of the area (points.manage); read by everyone of the place.
 */
import { assertCan, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { AppError, badRequest, conflict, isUniqueViolation, notFound } from '../platform/errors.ts';
import type { UsersService } from '../people/index.ts';
import { rulesInForce, type RuleLedger, type RuleTrigger } from './claims-model.ts';
import { ClaimsRepository, type RuleRow, type Settings } from './claims.repository.ts';
import { uuidv7 } from './uuidv7.ts';

export interface RuleInput {
  regionCode: string;
  key: string;
  nameZh: string;
  nameEn: string;
  ledger: RuleLedger;
  amount: number;
  trigger: RuleTrigger;
  categoryCode?: string | null;
  capDay?: number | null;
  capMonth?: number | null;
  capYear?: number | null;
  needsPhoto?: boolean;
  needsGps?: boolean;
  needsCase?: boolean;
  skipReview?: boolean;
  publicNotice?: boolean;
  active?: boolean;
}

/** Village or township: rules, settings and scoring groups are kept there (a grid is too small, a district sets the defaults). */
const isPlace = (code: string) => /^\d{6}(\d{3}(\d{3})?)?$/.test(code);

export class RulesService {
  constructor(
    private p: Platform,
    private repo: ClaimsRepository,
    private users: UsersService,
  ) {}

  /** The rules in force at a place, with the settings there: the resident's "how to earn points". */
  async inForce(placeCode: string) {
    const rules = rulesInForce(await this.repo.rulesAt(placeCode), placeCode);
    return { rules: rules.map(ruleView), settings: await this.repo.settingsAt(placeCode) };
  }

  /** Every version of the rules written in the caller's area (the console), newest first per key. */
  async list(actor: Actor) {
    const scopes = scopesFor(actor, 'points.manage');
    return (await this.repo.rulesIn(scopes)).map(ruleView);
  }

  /** A new rule, or the next version of one (the old versions stay, for the awards that used them). */
  async save(actor: Actor, input: RuleInput) {
    if (!isPlace(input.regionCode)) throw badRequest('VALIDATION_FAILED', 'regionCode: a district, township or village code', { field: 'regionCode' });
    assertCan(actor, 'points.manage', input.regionCode);
    if (input.amount === 0 || (input.amount < 0 && !input.needsPhoto) || (input.amount < 0 && input.trigger !== 'claim')) {
      throw new AppError('POINTS_RULE_INVALID', 422, 'A deduction is claimed with a photo; the amount cannot be 0', { field: 'amount' });
    }
    try {
      return await this.p.tx(async (tx) => {
        const row = await this.repo.insertRule(tx, {
          id: uuidv7(), regionCode: input.regionCode, key: input.key, nameZh: input.nameZh.trim(), nameEn: input.nameEn.trim(), ledger: input.ledger,
          amount: input.amount, trigger: input.trigger, categoryCode: input.categoryCode ?? null, capDay: input.capDay ?? null, capMonth: input.capMonth ?? null,
          capYear: input.capYear ?? null, needsPhoto: input.needsPhoto ?? false, needsGps: input.needsGps ?? false, needsCase: input.needsCase ?? false, skipReview: input.skipReview ?? input.trigger !== 'claim',
          publicNotice: input.publicNotice ?? true, active: input.active ?? true, createdBy: actor.id,
        });
        await writeAudit(tx, { actorId: actor.id, action: 'points.rule_saved', entity: 'points_rule', entityId: row.id, regionCode: row.regionCode, details: { key: row.key, version: row.version, amount: row.amount } });
        return ruleView(row);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('POINTS_RULE_CONFLICT', 'Someone changed this rule just now');
      throw err;
    }
  }

  async settings(actor: Actor, regionCode: string): Promise<Settings> {
    assertCan(actor, 'points.read', regionCode);
    return this.repo.settingsAt(regionCode);
  }

  async saveSettings(actor: Actor, input: Omit<Settings, 'regionCode'> & { regionCode: string }): Promise<Settings> {
    if (!isPlace(input.regionCode)) throw badRequest('VALIDATION_FAILED', 'regionCode: a district, township or village code', { field: 'regionCode' });
    assertCan(actor, 'points.manage', input.regionCode);
    await this.p.tx(async (tx) => {
      await this.repo.saveSettings(tx, { ...input, updatedBy: actor.id });
      await writeAudit(tx, { actorId: actor.id, action: 'points.settings_saved', entity: 'points_settings', entityId: input.regionCode, regionCode: input.regionCode, details: { ...input } });
    });
    return this.repo.settingsAt(input.regionCode);
  }

  /** The village's scoring group with names (the console; every member is a villager named in full to staff). */
  async scorers(actor: Actor, villageCode: string) {
    assertCan(actor, 'points.read', villageCode);
    const ids = await this.repo.scorers(villageCode);
    const names = await this.users.namesOf(ids);
    return ids.map((id) => ({ userId: id, name: names[id] ?? null }));
  }

  async addScorer(actor: Actor, villageCode: string, userId: string) {
    if (villageCode.length !== 12) throw badRequest('VALIDATION_FAILED', 'A scoring group belongs to a village', { field: 'regionCode' });
    assertCan(actor, 'points.manage', villageCode);
    const user = await this.users.view(userId).catch(() => null);
    if (!user) throw notFound('USER_NOT_FOUND', 'No such person', { field: 'userId' });
    await this.p.tx(async (tx) => {
      if (await this.repo.addScorer(tx, villageCode, userId, actor.id)) {
        await writeAudit(tx, { actorId: actor.id, action: 'points.scorer_added', entity: 'points_scorer', entityId: userId, regionCode: villageCode });
      }
    });
    return this.scorers(actor, villageCode);
  }

  async removeScorer(actor: Actor, villageCode: string, userId: string) {
    assertCan(actor, 'points.manage', villageCode);
    await this.p.tx(async (tx) => {
      if (await this.repo.removeScorer(tx, villageCode, userId)) {
        await writeAudit(tx, { actorId: actor.id, action: 'points.scorer_removed', entity: 'points_scorer', entityId: userId, regionCode: villageCode });
      }
    });
    return this.scorers(actor, villageCode);
  }
}

export function ruleView(r: RuleRow) {
  return {
    id: r.id, regionCode: r.regionCode, key: r.key, version: r.version, nameZh: r.nameZh, nameEn: r.nameEn, ledger: r.ledger as RuleLedger,
    amount: r.amount, trigger: r.trigger as RuleTrigger, categoryCode: r.categoryCode, capDay: r.capDay, capMonth: r.capMonth, capYear: r.capYear,
    needsPhoto: r.needsPhoto, needsGps: r.needsGps, needsCase: r.needsCase, skipReview: r.skipReview, publicNotice: r.publicNotice, active: r.active, createdAt: r.createdAt.toISOString(),
  };
}
