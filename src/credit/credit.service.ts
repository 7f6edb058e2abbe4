/**
 * Credit (信用贷, issue 19 item 2): the quota tiers, the partner banks and the households' consents, and
 * what a resident reads of them (我的贷款额度). The quota reads points EARNED in the last 12 months by the
 * household — never the spendable balance, so buying goods or expiry never lowers it.
 */
import crypto from 'node:crypto';
import { assertCan, coveringRegionCodes, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { iso, isoOrNull } from '../platform/contract.ts';
import { AppError, conflict, isUniqueViolation, notFound } from '../platform/errors.ts';
import * as repo from './credit.repository.ts';
import { fenToYuan } from './money.ts';
import { householdEarnings, type EarningSources } from './earnings.ts';
import { bandFor, DEFAULT_TIERS, normaliseBands, twelveMonthsBefore, type Band } from './tiers.ts';

/** What credit needs of households, people and regions (their services satisfy it). */
export interface CreditDeps extends EarningSources {
  householdOf(userId: string): Promise<{ id: string; regionCode: string; headUserId: string; memberIds: string[] } | null>;
  labelsOf(ids: string[]): Promise<Record<string, string>>;
  namesOf(ids: string[]): Promise<Record<string, string>>;
  regionNames(codes: string[]): Promise<Record<string, string>>;
}

export interface TierTable { regionCode: string; version: number; bands: Band[] }

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const bankMissing = () => notFound('CREDIT_BANK_NOT_FOUND', 'No such partner bank', { field: 'bankCode' });

export class CreditService {
  constructor(
    private p: Platform,
    readonly deps: CreditDeps,
  ) {}

  /** The tier table in force at a place: the nearest covering region's newest version, else the defaults (version 0). */
  async tiersAt(regionCode: string): Promise<TierTable> {
    const row = await repo.tiersCovering(this.p.db, ['', ...coveringRegionCodes(regionCode)]);
    return row ? { regionCode: row.regionCode, version: row.version, bands: row.bands } : { regionCode: '', version: 0, bands: [...DEFAULT_TIERS] };
  }

  /** Any staff reader of credit sees the table of a place in their area. */
  async tiers(actor: Actor, regionCode: string): Promise<TierTable> {
    assertCan(actor, 'credit.read', regionCode);
    return this.tiersAt(regionCode);
  }

  /** Save the next version of a region's table (the administrator there); `expectedVersion` guards a concurrent edit. */
  async saveTiers(actor: Actor, regionCode: string, input: { bands: Band[]; expectedVersion?: number }): Promise<TierTable> {
    assertCan(actor, 'credit.manage', regionCode);
    const bands = normaliseBands(input.bands);
    if (!bands) throw new AppError('CREDIT_TIERS_INVALID', 422, 'The tiers are not valid', { field: 'bands' });
    try {
      return await this.p.tx(async (tx) => {
        const latest = await repo.latestTierVersion(tx, regionCode);
        if (input.expectedVersion !== undefined && input.expectedVersion !== latest) throw conflict('CREDIT_TIERS_CONFLICT', 'The tiers changed meanwhile', { version: latest });
        const row = await repo.insertTiers(tx, { id: crypto.randomUUID(), regionCode, version: latest + 1, bands, createdBy: actor.id });
        await writeAudit(tx, { actorId: actor.id, action: 'credit.tiers_saved', entity: 'credit_tiers', entityId: row.id, regionCode, details: { version: row.version, bands } });
        return { regionCode, version: row.version, bands };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('CREDIT_TIERS_CONFLICT', 'The tiers changed meanwhile');
      throw e;
    }
  }

  /** Register a partner bank for an area; its API token is answered once (only its hash is kept). */
  async addBank(actor: Actor | null, input: { code: string; nameZh: string; nameEn: string; regionCode: string; token?: string }) {
    if (actor) assertCan(actor, 'credit.manage', input.regionCode);
    const token = input.token ?? crypto.randomBytes(24).toString('base64url');
    try {
      const bank = await this.p.tx(async (tx) => {
        const row = await repo.insertBank(tx, { code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, regionCode: input.regionCode, tokenHash: hashToken(token) });
        await writeAudit(tx, { actorId: actor?.id ?? null, action: 'credit.bank_added', entity: 'credit_banks', entityId: row.code, regionCode: row.regionCode, details: { nameZh: row.nameZh } });
        return row;
      });
      return { bank: bankView(bank), token };
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('CREDIT_BANK_EXISTS', 'A bank with this code is registered', { field: 'code' });
      throw e;
    }
  }

  /** The banks a place may consent to: those whose area covers it. */
  async banksFor(regionCode: string) {
    return (await repo.banks(this.p.db)).filter((b) => regionCode.startsWith(scopeOfRegionCode(b.regionCode))).map(bankView);
  }

  /** Staff: the banks serving some of their area. */
  async banks(actor: Actor) {
    const scopes = scopesFor(actor, 'credit.read');
    return { items: (await repo.banks(this.p.db)).filter((b) => scopes.some((s) => s.startsWith(scopeOfRegionCode(b.regionCode)) || scopeOfRegionCode(b.regionCode).startsWith(s))).map(bankView) };
  }

  /** The bank an API token belongs to (the bank's own routes); 401 otherwise. */
  async bankByToken(token: string | undefined) {
    const bank = token ? await repo.bankByTokenHash(this.p.db, hashToken(token)) : undefined;
    if (!bank) throw new AppError('CREDIT_BANK_TOKEN', 401, 'The bank API token is not valid');
    return bank;
  }

  async bank(code: string) {
    const bank = await repo.bank(this.p.db, code);
    if (!bank) throw bankMissing();
    return bank;
  }

  /** 我的贷款额度 and 我的分红: the caller's household's quota, consents and dividend shares. */
  async mine(actor: Actor, now = new Date()) {
    const household = await this.deps.householdOf(actor.id);
    if (!household) return { household: null, quota: null, consents: [], banks: [], dividends: [] };
    const from = twelveMonthsBefore(now);
    const [earnings, tiers, labels, consents, banks, shares] = await Promise.all([
      householdEarnings(this.deps, household.regionCode, from, now),
      this.tiersAt(household.regionCode),
      this.deps.labelsOf([household.id]),
      repo.consentsOfHousehold(this.p.db, household.id),
      this.banksFor(household.regionCode),
      repo.sharesOfHousehold(this.p.db, household.id),
    ]);
    const mine = earnings.find((e) => e.household.id === household.id);
    const earned = mine?.points ?? 0;
    const { band, index, next } = bandFor(tiers.bands, earned);
    const bankNames = new Map(banks.map((b) => [b.code, b]));
    return {
      household: { id: household.id, regionCode: household.regionCode, label: labels[household.id] ?? null },
      quota: {
        from: iso(from), to: iso(now), earned, tier: index + 1, quotaYuan: band?.quotaYuan ?? 0,
        next: next ? { minPoints: next.minPoints, quotaYuan: next.quotaYuan, pointsToGo: next.minPoints - earned } : null,
        tiersVersion: tiers.version, bands: tiers.bands, mix: mine?.mix ?? [],
      },
      consents: consents.map((c) => ({ id: c.id, bankCode: c.bankCode, bankName: bankNames.get(c.bankCode)?.nameZh ?? c.bankCode, grantedAt: iso(c.grantedAt), withdrawnAt: isoOrNull(c.withdrawnAt) })),
      banks,
      dividends: shares.map(({ share, dividend }) => ({
        id: dividend.id, title: dividend.title, periodFrom: dividend.periodFrom, periodTo: dividend.periodTo, status: dividend.status as 'noticed' | 'objected' | 'approved' | 'paid',
        points: share.points, payoutYuan: fenToYuan(share.payoutFen), totalPoints: dividend.totalPoints, poolYuan: fenToYuan(dividend.poolFen),
        noticeUntil: iso(dividend.noticeUntil), paidAt: isoOrNull(dividend.paidAt),
      })),
    };
  }

  /** A member consents, for the household, to be listed for one bank (a bank serving the village). */
  async consent(actor: Actor, bankCode: string, now = new Date()) {
    const household = await this.deps.householdOf(actor.id);
    // a bank that does not serve the caller's village is not there for them, household or not
    const bank = await repo.bank(this.p.db, bankCode);
    if (!bank || !(household?.regionCode ?? actor.homeRegionCode ?? '-').startsWith(scopeOfRegionCode(bank.regionCode))) throw bankMissing();
    if (!household) throw conflict('CREDIT_NO_HOUSEHOLD', 'The caller belongs to no household');
    try {
      await this.p.tx(async (tx) => {
        const row = await repo.insertConsent(tx, { id: crypto.randomUUID(), householdId: household.id, regionCode: household.regionCode, bankCode, grantedBy: actor.id, grantedAt: now });
        await writeAudit(tx, { actorId: actor.id, action: 'credit.consent_given', entity: 'credit_consents', entityId: row.id, regionCode: household.regionCode, details: { bankCode, householdId: household.id } });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('CREDIT_CONSENT_EXISTS', 'The household has consented for this bank already');
      throw e;
    }
    return this.mine(actor);
  }

  /** A member withdraws the household's consent: the next extract leaves it out (the row is kept). */
  async withdraw(actor: Actor, bankCode: string, now = new Date()) {
    const household = await this.deps.householdOf(actor.id);
    const live = household ? await repo.liveConsent(this.p.db, household.id, bankCode) : undefined;
    if (!household || !live) throw notFound('CREDIT_CONSENT_NOT_FOUND', 'No live consent for this bank');
    await this.p.tx(async (tx) => {
      const row = await repo.withdrawConsent(tx, live.id, actor.id, now);
      if (!row) throw notFound('CREDIT_CONSENT_NOT_FOUND', 'No live consent for this bank');
      await writeAudit(tx, { actorId: actor.id, action: 'credit.consent_withdrawn', entity: 'credit_consents', entityId: row.id, regionCode: household.regionCode, details: { bankCode } });
    });
    return this.mine(actor);
  }

  /** Staff: the area's consents, household names masked. */
  async consents(actor: Actor, q: { region?: string; limit?: number; offset?: number }) {
    if (q.region) assertCan(actor, 'credit.read', q.region);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const offset = Math.max(q.offset ?? 0, 0);
    const { rows, total } = await repo.consentsIn(this.p.db, scopesFor(actor, 'credit.read'), { region: q.region ? scopeOfRegionCode(q.region) : undefined, limit, offset });
    const [labels, regions, banks] = await Promise.all([this.deps.labelsOf(rows.map((r) => r.householdId)), this.deps.regionNames([...new Set(rows.map((r) => r.regionCode))]), repo.banks(this.p.db)]);
    const bankName = new Map(banks.map((b) => [b.code, b.nameZh]));
    return {
      total, limit, offset,
      items: rows.map((r) => ({
        id: r.id, householdId: r.householdId, household: familyName(labels[r.householdId]), regionCode: r.regionCode, regionName: regions[r.regionCode] ?? r.regionCode,
        bankCode: r.bankCode, bankName: bankName.get(r.bankCode) ?? r.bankCode, grantedAt: iso(r.grantedAt), withdrawnAt: isoOrNull(r.withdrawnAt),
      })),
    };
  }
}

export const bankView = (b: repo.BankRow) => ({ code: b.code, nameZh: b.nameZh, nameEn: b.nameEn, regionCode: b.regionCode });

/** "郭家 · 余东村 上余 12号" → "郭家": lists show what the village calls a household, not its door. */
export const familyName = (label: string | undefined) => (label ?? '').split(' · ')[0];
